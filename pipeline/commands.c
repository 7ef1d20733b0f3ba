#include "pipeline/commands.h"
#include "pipeline/cli.h"
#include "pipeline/cluster.h"
#include "pipeline/db.h"
#include "pipeline/ingest.h"
#include "pipeline/schema.h"
#include "pipeline/sqlfiles.h"
#include "common/buf.h"
#include "common/status.h"
#include "common/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int command_fail(int status)
{
    fprintf(stderr, "flipside: %s\n", err_msg());
    switch (status) {
    case STATUS_OK: return EXIT_OK;
    case STATUS_USAGE: return EXIT_USAGE;
    case STATUS_LOCKED: return EXIT_LOCKED;
    default: return EXIT_FAILED;
    }
}

int command_begin(const char *name, int argc, char **argv, const struct cli_option *options,
                  struct cli_args *args, const char *help, int max_args)
{
    int st = cli_parse(name, argc, argv, options, args);

    if (st != STATUS_OK)
        return command_fail(st);
    if (args->help) {
        fputs(help, stdout);
        return EXIT_OK;
    }
    if (max_args >= 0 && args->argc > max_args)
        return command_fail(err_set(STATUS_USAGE, "flipside %s takes %s (see flipside %s --help)", name,
                                    max_args == 0 ? "no arguments" : "fewer arguments", name));
    return -1;
}

int command_settings(const struct globals *g, const char *db, const char *config, struct config *cfg)
{
    const char *env = getenv("FLIPSIDE_DB");
    const char *chosen = NULL;
    int st;

    config_defaults(cfg);
    st = config_load(config ? config : g->config, cfg);
    if (st != STATUS_OK)
        return st;
    if (db != NULL)
        chosen = db;
    else if (g->db != NULL)
        chosen = g->db;
    else if (env != NULL && env[0] != '\0')
        chosen = env;
    if (chosen != NULL && str_copy(cfg->conninfo, sizeof cfg->conninfo, chosen) != STATUS_OK)
        return err_set(STATUS_USAGE, "the conninfo is longer than %d bytes", CONFIG_TEXT_MAX - 1);
    return STATUS_OK;
}

/* Settings, connection and schema check shared by the database commands. */
static int command_connect(const struct globals *g, const char *dbopt, const char *config,
                           int check, const char *role, struct config *cfg, struct db **db)
{
    int st = command_settings(g, dbopt, config, cfg);

    if (st == STATUS_OK)
        st = db_open(cfg->conninfo, db);
    if (st == STATUS_OK && check)
        st = schema_check(*db);
    if (st == STATUS_OK && role != NULL)
        st = db_use_role(*db, role, NULL);
    return st;
}

/* ---- db init ------------------------------------------------------------------------------ */

static const char DB_HELP[] =
    "usage: flipside db init [--db CONNINFO] [--config FILE]\n"
    "\n"
    "Create the flipside schema, or migrate it to this version, in one transaction.\n"
    "Running it again changes nothing. It refuses a database whose schema is newer\n"
    "than this flipside. When the user may create roles it also sets up the roles\n"
    "flipside_read (used by run) and flipside_load (used by ingest).\n";

int command_db(const struct globals *g, int argc, char **argv)
{
    const char *dbopt = NULL, *config = NULL;
    const struct cli_option options[] = { { "db", &dbopt, NULL }, { "config", &config, NULL }, { NULL, NULL, NULL } };
    char *pos[argc + 1];
    struct cli_args args = { pos, 0, 0 };
    struct config cfg;
    struct db *db = NULL;
    int from, to, roles;
    int st;

    st = command_begin("db", argc, argv, options, &args, DB_HELP, -1);
    if (st >= 0)
        return st;
    if (args.argc != 1 || strcmp(args.argv[0], "init") != 0) {
        fputs(DB_HELP, stderr);
        return EXIT_USAGE;
    }
    st = command_connect(g, dbopt, config, 0, NULL, &cfg, &db);
    if (st == STATUS_OK)
        st = schema_init(db, &from, &to, &roles);
    db_close(db);
    if (st != STATUS_OK)
        return command_fail(st);
    if (from == to)
        printf("schema is up to date (version %d)\n", to);
    else if (from == 0)
        printf("schema created (version %d)\n", to);
    else
        printf("schema migrated from version %d to %d\n", from, to);
    if (!roles)
        fprintf(stderr, "flipside: notice: this user may not create roles, so flipside_read and flipside_load "
                "were not set up; run and ingest will use this user's own privileges\n");
    return EXIT_OK;
}

/* ---- ingest ------------------------------------------------------------------------------- */

static const char INGEST_HELP[] =
    "usage: flipside ingest KIND FILE... [--strict] [--wide] [--db CONNINFO] [--config FILE]\n"
    "\n"
    "Load UTF-8 CSV files (RFC 4180, a header row whose names match in any case,\n"
    "columns in any order, extra columns ignored with a warning) of one kind:\n"
    "  people        person_ref, hired_on; org, department, grade, gender, ethnicity,\n"
    "                age_band, network, left_on, leave_reason\n"
    "  cohorts       programme, cohort, kind (pilot/full), starts_on; ends_on, name\n"
    "  items         item, construct (confidence/satisfaction/nps/other), scale_min,\n"
    "                scale_max; reverse (true/false), text\n"
    "  participants  programme, cohort, person_ref, role (mentor/mentee), enrolled_on;\n"
    "                withdrew_on\n"
    "  pairs         programme, cohort, mentor_ref, mentee_ref, matched_on; ended_on\n"
    "  sessions      programme, cohort, mentor_ref, mentee_ref, held_on, status\n"
    "                (held/cancelled/no_show); duration_min, channel, topics\n"
    "  responses     programme, cohort, wave (baseline/midpoint/exit/followup),\n"
    "                person_ref, submitted_on, item, value\n"
    "Files refer to each other: load them in that order. Loading a file again\n"
    "changes nothing; a row with the key of a stored row replaces it.\n"
    "\n"
    "A row that breaks a rule is quarantined (stored with file, line, raw text and\n"
    "the reason, and listed on stderr); the good rows load. Each file ends with one\n"
    "line on stdout: \"FILE: N rows, L loaded, Q quarantined\".\n"
    "\n"
    "  --strict   one bad row loads nothing from its file (all its rows are quarantined)\n"
    "  --wide     responses in the survey-tool layout: programme, cohort, wave,\n"
    "             person_ref, submitted_on, then one column per item code\n"
    "\n"
    "exit: 0 all loaded, 3 some rows quarantined, 2 a file is not CSV of that kind\n"
    "(nothing loaded from it), 1 the database failed.\n";

int command_ingest(const struct globals *g, const int argc, char **argv)
{
    const char *dbopt = NULL, *config = NULL;
    int strict = 0, wide = 0;
    const struct cli_option options[] = {
        { "db", &dbopt, NULL }, { "config", &config, NULL },
        { "strict", NULL, &strict }, { "wide", NULL, &wide }, { NULL, NULL, NULL }
    };
    char *pos[argc + 1];
    struct cli_args args = { pos, 0, 0 };
    struct ingest_options opt = { 0 };
    enum ingest_kind kind;
    struct config cfg;
    struct db *db = NULL;
    int worst = EXIT_OK;
    int st;

    st = command_begin("ingest", argc, argv, options, &args, INGEST_HELP, -1);
    if (st >= 0)
        return st;
    if (args.argc < 2) {
        fprintf(stderr, "flipside ingest: give a KIND and at least one FILE (see flipside ingest --help)\n");
        return EXIT_USAGE;
    }
    st = ingest_kind_parse(args.argv[0], &kind);
    if (st == STATUS_OK && wide && kind != KIND_RESPONSES)
        st = err_set(STATUS_USAGE, "--wide is for responses only");
    if (st != STATUS_OK)
        return command_fail(st);
    st = command_connect(g, dbopt, config, 1, "flipside_load", &cfg, &db);
    if (st != STATUS_OK) {
        db_close(db);
        return command_fail(st);
    }
    opt.strict = strict;
    opt.wide = wide;
    opt.progress = 1;
    opt.list_max = 50;
    for (int i = 1; i < args.argc; i++) {
        struct ingest_result res;
        int code = EXIT_OK;

        st = ingest_file(db, kind, args.argv[i], &opt, stderr, &res);
        if (st == STATUS_OK) {
            printf("%s: %ld rows, %ld loaded, %ld quarantined\n", args.argv[i], res.rows, res.loaded,
                   res.quarantined);
            fflush(stdout);
            code = res.quarantined > 0 ? EXIT_QUARANTINED : EXIT_OK;
        } else {
            code = command_fail(st);
            if (!db_ok(db))
                worst = EXIT_FAILED;
        }
        /* The most serious outcome decides: failed, then usage, then quarantined. */
        if (code == EXIT_FAILED || worst == EXIT_FAILED)
            worst = EXIT_FAILED;
        else if (code == EXIT_USAGE || worst == EXIT_USAGE)
            worst = EXIT_USAGE;
        else if (code == EXIT_QUARANTINED)
            worst = EXIT_QUARANTINED;
        if (worst == EXIT_FAILED && !db_ok(db))
            break;
    }
    db_close(db);
    return worst;
}

/* ---- quarantine --------------------------------------------------------------------------- */

static const char QUARANTINE_HELP[] =
    "usage: flipside quarantine [--kind KIND] [--file FILE] [--limit N] [--raw]\n"
    "                           [--db CONNINFO] [--config FILE]\n"
    "\n"
    "List the rows that ingest quarantined, oldest ingest first and each file in\n"
    "line order: \"FILE:LINE: reason\",\n"
    "with the raw line under each when --raw is given. At most N rows (default 100).\n";

int command_quarantine(const struct globals *g, int argc, char **argv)
{
    const char *dbopt = NULL, *config = NULL, *kind = NULL, *file = NULL, *limit = "100";
    int raw = 0;
    const struct cli_option options[] = {
        { "db", &dbopt, NULL }, { "config", &config, NULL }, { "kind", &kind, NULL },
        { "file", &file, NULL }, { "limit", &limit, NULL }, { "raw", NULL, &raw }, { NULL, NULL, NULL }
    };
    char *pos[argc + 1];
    struct cli_args args = { pos, 0, 0 };
    struct buf sql = { 0 };
    struct db_result *r = NULL;
    struct config cfg;
    struct db *db = NULL;
    enum ingest_kind k;
    int64_t n;
    int st;

    st = command_begin("quarantine", argc, argv, options, &args, QUARANTINE_HELP, 0);
    if (st >= 0)
        return st;
    if (kind && ingest_kind_parse(kind, &k) != STATUS_OK)
        return command_fail(STATUS_USAGE);
    if (str_to_int64(limit, strlen(limit), &n) != STATUS_OK || n < 1)
        return command_fail(err_set(STATUS_USAGE, "--limit \"%s\": give a whole number of at least 1", limit));
    st = command_connect(g, dbopt, config, 1, "flipside_read", &cfg, &db);
    if (st == STATUS_OK)
        st = sql_section("ingest/quarantine.sql", "list", &sql);
    if (st == STATUS_OK) {
        const char *params[3] = { kind, file, limit };

        st = db_query(db, "list the quarantine", buf_str(&sql), 3, params, &r);
    }
    for (int i = 0; st == STATUS_OK && i < db_result_rows(r); i++) {
        printf("%s:%s: %s\n", db_result_get(r, i, 0), db_result_get(r, i, 1), db_result_get(r, i, 2));
        if (raw)
            printf("    %s\n", db_result_get(r, i, 3));
    }
    buf_free(&sql);
    db_result_free(r);
    db_close(db);
    return st == STATUS_OK ? EXIT_OK : command_fail(st);
}

/* ---- cluster ------------------------------------------------------------------------------ */

static const char CLUSTER_HELP[] =
    "usage: flipside cluster start|stop|conninfo [--dir DIR]\n"
    "\n"
    "The private PostgreSQL cluster that the demo and the tests use: a folder\n"
    "(default var/cluster) with its data, log and Unix socket, no TCP.\n"
    "  start      create it if needed, start it, print its conninfo\n"
    "  stop       stop it\n"
    "  conninfo   print its conninfo (use it as --db or FLIPSIDE_DB)\n"
    "As root, the cluster runs as the postgres user (initdb refuses root).\n";

int command_cluster(const struct globals *g, int argc, char **argv)
{
    const char *dir = CLUSTER_DEFAULT_DIR;
    const struct cli_option options[] = { { "dir", &dir, NULL }, { NULL, NULL, NULL } };
    char *pos[argc + 1];
    struct cli_args args = { pos, 0, 0 };
    char conninfo[4096];
    int st;

    (void)g;
    st = command_begin("cluster", argc, argv, options, &args, CLUSTER_HELP, -1);
    if (st >= 0)
        return st;
    if (args.argc != 1) {
        fputs(CLUSTER_HELP, stderr);
        return EXIT_USAGE;
    }
    if (strcmp(args.argv[0], "start") == 0)
        st = cluster_start(dir, 1, conninfo, sizeof conninfo);
    else if (strcmp(args.argv[0], "stop") == 0)
        st = cluster_stop(dir);
    else if (strcmp(args.argv[0], "conninfo") == 0)
        st = cluster_conninfo(dir, conninfo, sizeof conninfo);
    else
        st = err_set(STATUS_USAGE, "flipside cluster: unknown action \"%s\" (use start, stop or conninfo)",
                     args.argv[0]);
    if (st != STATUS_OK)
        return command_fail(st);
    if (strcmp(args.argv[0], "stop") != 0)
        printf("%s\n", conninfo);
    return EXIT_OK;
}
