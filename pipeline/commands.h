/*
 * commands.h: the commands of the flipside program and what they share.
 *
 * Each command_* parses its own options, does its work and returns the exit
 * code for main(): EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_QUARANTINED or
 * EXIT_LOCKED (SPEC section 1). Errors are printed as one line on stderr,
 * "flipside: " and the message.
 */
#ifndef FLIPSIDE_PIPELINE_COMMANDS_H
#define FLIPSIDE_PIPELINE_COMMANDS_H

#include "pipeline/config.h"

enum {
    EXIT_OK = 0,
    EXIT_FAILED = 1,
    EXIT_USAGE = 2,
    EXIT_QUARANTINED = 3,
    EXIT_LOCKED = 4
};

/* Options given before the command. */
struct globals {
    const char *db;      /* --db, or NULL */
    const char *config;  /* --config, or NULL */
};

struct command {
    const char *name;
    int (*fn)(const struct globals *g, int argc, char **argv);
};

int command_db(const struct globals *g, int argc, char **argv);
int command_ingest(const struct globals *g, int argc, char **argv);
int command_quarantine(const struct globals *g, int argc, char **argv);
int command_run(const struct globals *g, int argc, char **argv);
int command_runs(const struct globals *g, int argc, char **argv);
int command_seed(const struct globals *g, int argc, char **argv);
int command_demo(const struct globals *g, int argc, char **argv);
int command_cluster(const struct globals *g, int argc, char **argv);

/*
 * Load the settings (--config given before or after the command beats
 * FLIPSIDE_CONFIG and the default places) and settle the conninfo: --db,
 * else FLIPSIDE_DB, else [database] conninfo, else "" (libpq's defaults).
 */
int command_settings(const struct globals *g, const char *db, const char *config, struct config *cfg);

/*
 * The start every command shares: parse `argv` against `options`, print
 * `help` for --help, and refuse more than `max_args` arguments (-1: any).
 * Returns -1 to go on, or the exit code to return at once.
 */
struct cli_option;
struct cli_args;
int command_begin(const char *name, int argc, char **argv, const struct cli_option *options,
                  struct cli_args *args, const char *help, int max_args);

/* Print the current error message and return the exit code for `status`. */
int command_fail(int status);

#endif
