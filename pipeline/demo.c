/*
 * demo.c: `flipside seed` and `flipside demo`.
 */
#include "pipeline/cli.h"
#include "pipeline/cluster.h"
#include "pipeline/commands.h"
#include "pipeline/db.h"
#include "pipeline/ingest.h"
#include "pipeline/run.h"
#include "pipeline/schema.h"
#include "pipeline/seed.h"
#include "common/date.h"
#include "common/status.h"
#include "common/str.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The last day of the last complete quarter before `today`. */
static int32_t last_quarter_end(int32_t today)
{
    int y, m, d;

    date_to_ymd(today, &y, &m, &d);
    return date_from_ymd(y, (m - 1) / 3 * 3 + 1, 1) - 1;
}

/* Parse the options seed and demo share. */
static int seed_options_parse(const char *scale, const char *seed, const char *anchor, struct seed_options *opt)
{
    int64_t n;

    memset(opt, 0, sizeof *opt);
    if (scale == NULL || strcmp(scale, "demo") == 0)
        opt->scale = SEED_DEMO;
    else if (strcmp(scale, "large") == 0)
        opt->scale = SEED_LARGE;
    else
        return err_set(STATUS_USAGE, "--scale \"%s\": use demo or large", scale);
    opt->seed = 20240601;
    if (seed != NULL) {
        if (str_to_int64(seed, strlen(seed), &n) != STATUS_OK || n < 0)
            return err_set(STATUS_USAGE, "--seed \"%s\": give a whole number of at least 0", seed);
        opt->seed = (uint64_t)n;
    }
    opt->anchor = last_quarter_end(date_today());
    if (anchor != NULL && date_parse(anchor, strlen(anchor), &opt->anchor) != STATUS_OK)
        return err_set(STATUS_USAGE, "--anchor \"%s\" is not a date (use YYYY-MM-DD)", anchor);
    opt->bad_rows = opt->scale == SEED_DEMO;
    return STATUS_OK;
}

static void remove_seed_files(const char *dir)
{
    char path[4096];

    for (int f = 0; SEED_FILES[f]; f++) {
        if (str_fmt(path, sizeof path, "%s/%s", dir, SEED_FILES[f]) == STATUS_OK)
            unlink(path);
    }
    rmdir(dir);
}

/*
 * Seed the database: write the files into a private temporary folder and
 * load them through ingest, so the seeded rows pass every check a real file
 * does. Prints one summary line a file; *quarantined counts rows not loaded.
 */
static int seed_database(struct db *db, const struct seed_options *opt, long *quarantined)
{
    const char *tmp = getenv("TMPDIR");
    struct ingest_options io = { 0 };
    char dir[4096];
    char path[4096];
    int st;

    *quarantined = 0;
    if (str_fmt(dir, sizeof dir, "%s/flipside-seed.XXXXXX", tmp && *tmp ? tmp : "/tmp") != STATUS_OK)
        return err_set(STATUS_USAGE, "TMPDIR is too long");
    if (mkdtemp(dir) == NULL)
        return err_set(STATUS_IO, "create a temporary folder in %s: %s", tmp && *tmp ? tmp : "/tmp", strerror(errno));
    st = seed_write_csv(opt, dir, NULL);
    io.progress = 1;
    io.list_max = 0;
    for (int f = 0; st == STATUS_OK && SEED_FILES[f]; f++) {
        struct ingest_result res;

        str_fmt(path, sizeof path, "%s/%s", dir, SEED_FILES[f]);
        st = ingest_file(db, (enum ingest_kind)f, path, &io, NULL, &res);
        if (st == STATUS_OK) {
            printf("%s: %ld rows, %ld loaded, %ld quarantined\n", SEED_FILES[f], res.rows, res.loaded,
                   res.quarantined);
            *quarantined += res.quarantined;
        }
    }
    fflush(stdout);
    remove_seed_files(dir);
    return st;
}

static const char SEED_HELP[] =
    "usage: flipside seed [--scale demo|large] [--seed N] [--anchor DATE] [--csv DIR]\n"
    "                     [--db CONNINFO] [--config FILE]\n"
    "\n"
    "Make synthetic, realistic programme data, the same for the same seed and\n"
    "anchor: a roster, a pilot and four full-scale cohorts, pairs, sessions and\n"
    "survey answers.\n"
    "  --scale demo    4,000 people, 244 pairs (default)\n"
    "  --scale large   200,000 people, 20,000 pairs, ~600,000 sessions, ~1.2M answers\n"
    "  --seed N        the random seed (default 20240601)\n"
    "  --anchor DATE   the data's last day (default: the end of the last complete quarter)\n"
    "  --csv DIR       write the seven CSV files into DIR instead of loading them\n"
    "Without --csv the data is loaded into the database through ingest (run\n"
    "flipside db init first). The demo scale holds a few deliberately bad rows,\n"
    "which land in the quarantine.\n";

int command_seed(const struct globals *g, int argc, char **argv)
{
    const char *dbopt = NULL, *config = NULL, *scale = NULL, *seed = NULL, *anchor = NULL, *csv = NULL;
    const struct cli_option options[] = {
        { "db", &dbopt, NULL }, { "config", &config, NULL }, { "scale", &scale, NULL },
        { "seed", &seed, NULL }, { "anchor", &anchor, NULL }, { "csv", &csv, NULL }, { NULL, NULL, NULL }
    };
    char *pos[argc + 1];
    struct cli_args args = { pos, 0, 0 };
    struct seed_options opt;
    struct config cfg;
    struct db *db = NULL;
    long rows[8], quarantined;
    int st;

    st = command_begin("seed", argc, argv, options, &args, SEED_HELP, 0);
    if (st >= 0)
        return st;
    st = seed_options_parse(scale, seed, anchor, &opt);
    if (st != STATUS_OK)
        return command_fail(st);
    if (csv != NULL) {
        if (mkdir(csv, 0750) != 0 && errno != EEXIST)
            return command_fail(err_set(STATUS_IO, "create %s: %s", csv, strerror(errno)));
        st = seed_write_csv(&opt, csv, rows);
        if (st != STATUS_OK)
            return command_fail(st);
        for (int f = 0; SEED_FILES[f]; f++)
            printf("%s/%s: %ld rows\n", csv, SEED_FILES[f], rows[f]);
        return EXIT_OK;
    }
    st = command_settings(g, dbopt, config, &cfg);
    if (st == STATUS_OK)
        st = db_open(cfg.conninfo, &db);
    if (st == STATUS_OK)
        st = schema_check(db);
    if (st == STATUS_OK)
        st = db_use_role(db, "flipside_load", NULL);
    if (st == STATUS_OK)
        st = seed_database(db, &opt, &quarantined);
    db_close(db);
    return st == STATUS_OK ? EXIT_OK : command_fail(st);
}

static const char DEMO_HELP[] =
    "usage: flipside demo [--out DIR] [--keep] [--cluster DIR]\n"
    "\n"
    "Start a private PostgreSQL cluster (default folder var/cluster), load the\n"
    "demo data into a fresh schema, run every report for the last complete\n"
    "quarter, and print where the reports are. The cluster is stopped at the end\n"
    "unless --keep is given (then use `flipside cluster conninfo` as --db).\n"
    "  --out DIR   where the reports go (default ./out)\n";

int command_demo(const struct globals *g, int argc, char **argv)
{
    const char *out = "out", *cluster = CLUSTER_DEFAULT_DIR;
    int keep = 0;
    const struct cli_option options[] = {
        { "out", &out, NULL }, { "keep", NULL, &keep }, { "cluster", &cluster, NULL }, { NULL, NULL, NULL }
    };
    char *pos[argc + 1];
    struct cli_args args = { pos, 0, 0 };
    struct seed_options opt;
    char conninfo[4096];
    struct db *db = NULL;
    long quarantined = 0;
    struct run_result res;
    int from, to, roles;
    int started = 0;
    int st;

    (void)g;
    memset(&res, 0, sizeof res);
    st = command_begin("demo", argc, argv, options, &args, DEMO_HELP, 0);
    if (st >= 0)
        return st;
    st = seed_options_parse("demo", NULL, NULL, &opt);
    if (st == STATUS_OK)
        st = cluster_start(cluster, 1, conninfo, sizeof conninfo);
    started = st == STATUS_OK;
    if (st == STATUS_OK)
        st = db_open(conninfo, &db);
    /* The demo database is the demo's own: start from an empty schema every time. */
    if (st == STATUS_OK)
        st = db_exec(db, "reset the demo schema", "DROP SCHEMA IF EXISTS flipside CASCADE");
    if (st == STATUS_OK)
        st = schema_init(db, &from, &to, &roles);
    if (st == STATUS_OK) {
        fprintf(stderr, "flipside: loading the demo data\n");
        st = seed_database(db, &opt, &quarantined);
    }
    db_close(db);
    if (st == STATUS_OK && quarantined > 0)
        printf("%ld deliberately bad demo rows are in the quarantine (flipside quarantine lists them)\n", quarantined);
    if (st == STATUS_OK) {
        struct run_request req;

        memset(&req, 0, sizeof req);
        req.conninfo = conninfo;
        period_default(date_today(), &req.period);
        req.as_of = req.period.end;
        req.report = REPORT_ALL;
        req.out = out;
        req.min_cell = 5;
        req.verbose = 1;
        fprintf(stderr, "flipside: rendering every report for %s\n", req.period.label);
        st = run_execute(&req, &res);
    }
    if (started && !keep) {
        int stop = cluster_stop(cluster);

        if (st == STATUS_OK)
            st = stop;
    }
    if (st != STATUS_OK)
        return command_fail(st);
    {
        const char *period = strrchr(res.folder, '/') + 1;
        char workbook[128];

        str_fmt(workbook, sizeof workbook, "RM-%s.xlsx", period);
        printf("\nThe reports for %s are in %s:\n", period, res.folder);
        printf("  %-17s for leadership: the quarter's impact\n", "impact.pdf");
        printf("  %-17s for diversity and inclusion leads: retention by group\n", "retention.pdf");
        printf("  %-17s for sponsors: the pilot against the full-scale cohorts\n", "cohorts.pdf");
        printf("  %-17s every figure, the survival tables, the methods\n", workbook);
        printf("  figures.csv, figures.json, charts/ (each chart as PNG and SVG), manifest.json\n");
    }
    if (keep)
        printf("The cluster is still running: --db \"%s\"\n", conninfo);
    return EXIT_OK;
}
