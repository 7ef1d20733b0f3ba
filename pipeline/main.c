/*
 * main.c: the flipside command: parse the command line, dispatch, and turn
 * statuses into messages and exit codes. The only place that calls exit().
 *
 * Exit codes (SPEC section 1): 0 success; 1 a run failed (database,
 * rendering, disk); 2 usage error; 3 ingest finished but quarantined some
 * rows; 4 another run of the same programme and period holds the lock.
 */
#include "pipeline/commands.h"
#include "common/status.h"

#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static const char USAGE[] =
    "usage: flipside [--db CONNINFO] [--config FILE] COMMAND [OPTIONS]\n"
    "\n"
    "Reverse-mentoring programme analytics: retention, confidence, satisfaction\n"
    "and engagement statistics, rendered as PDF and XLSX programme reports.\n"
    "\n"
    "commands:\n"
    "  db init                 create or migrate the database schema\n"
    "  ingest KIND FILE...     load CSV files of one kind (people, cohorts, items,\n"
    "                          participants, pairs, sessions, responses)\n"
    "  quarantine              list rows that ingest did not load, and why\n"
    "  run                     compute every figure and render the reports of a period\n"
    "  runs                    list past runs from the run ledger\n"
    "  seed                    make synthetic programme data (database or CSV files)\n"
    "  demo                    private cluster, demo data, every report\n"
    "  cluster start|stop|conninfo\n"
    "                          the private PostgreSQL cluster of the demo and tests\n"
    "\n"
    "options for every command:\n"
    "  --db CONNINFO           libpq conninfo or URI (else FLIPSIDE_DB, else the\n"
    "                          [database] conninfo setting, else libpq's defaults:\n"
    "                          PGHOST, PGDATABASE, service files, .pgpass)\n"
    "  --config FILE           settings file (else FLIPSIDE_CONFIG, ./flipside.conf,\n"
    "                          /etc/flipside/flipside.conf)\n"
    "  --help                  help for flipside or for one command\n"
    "  --version               the version\n"
    "\n"
    "exit codes: 0 success, 1 failure, 2 usage error, 3 rows quarantined,\n"
    "4 another run holds the lock. `flipside COMMAND --help` for more.\n";

static const struct command COMMANDS[] = {
    { "db", command_db },
    { "ingest", command_ingest },
    { "quarantine", command_quarantine },
    { "run", command_run },
    { "runs", command_runs },
    { "seed", command_seed },
    { "demo", command_demo },
    { "cluster", command_cluster },
};

int main(int argc, char **argv)
{
    struct globals g = { 0 };
    int i = 1;

#ifdef __GLIBC__
    /*
     * A run holds large arrays for a while and frees them (a design per Cox
     * fit, the survey slots): keep glibc from raising its mmap threshold and
     * from keeping an arena per thread, so that what is freed goes back to
     * the system and the peak is what is in use (SPEC section 7: memory).
     */
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    mallopt(M_ARENA_MAX, 2);
#endif

    /* Options before the command: --db, --config, --help, --version. */
    while (i < argc && argv[i][0] == '-') {
        const char *a = argv[i];

        if (strcmp(a, "--version") == 0) {
            printf("flipside %s\n", FLIPSIDE_VERSION);
            return 0;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(USAGE, stdout);
            return 0;
        }
        if ((strcmp(a, "--db") == 0 || strcmp(a, "--config") == 0) && i + 1 < argc) {
            if (strcmp(a, "--db") == 0)
                g.db = argv[i + 1];
            else
                g.config = argv[i + 1];
            i += 2;
            continue;
        }
        if (strncmp(a, "--db=", 5) == 0) {
            g.db = a + 5;
            i++;
            continue;
        }
        if (strncmp(a, "--config=", 9) == 0) {
            g.config = a + 9;
            i++;
            continue;
        }
        fprintf(stderr, "flipside: unknown option %s (see flipside --help)\n", a);
        return EXIT_USAGE;
    }
    if (i >= argc) {
        fputs(USAGE, stderr);
        return EXIT_USAGE;
    }
    for (size_t c = 0; c < sizeof COMMANDS / sizeof *COMMANDS; c++) {
        if (strcmp(argv[i], COMMANDS[c].name) == 0)
            return COMMANDS[c].fn(&g, argc - i - 1, argv + i + 1);
    }
    if (strcmp(argv[i], "help") == 0) {
        fputs(USAGE, stdout);
        return 0;
    }
    fprintf(stderr, "flipside: unknown command \"%s\" (see flipside --help)\n", argv[i]);
    return EXIT_USAGE;
}
