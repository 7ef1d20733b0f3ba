/*
 * cli.h: command-line options of the flipside commands.
 *
 * Each command lists its options in a table; cli_parse() fills them in and
 * collects the positional arguments. Options are "--name value",
 * "--name=value" or flags ("--strict"); "--" ends the options.
 */
#ifndef FLIPSIDE_PIPELINE_CLI_H
#define FLIPSIDE_PIPELINE_CLI_H

struct cli_option {
    const char *name;    /* without the dashes: "period" */
    const char **value;  /* receives the value, for options that take one */
    int *flag;           /* set to 1, for flags */
};

struct cli_args {
    char **argv;  /* the positional arguments, in order (pointers into argv) */
    int argc;
    int help;     /* 1 when --help or -h was given */
};

/*
 * Parse argv[0..argc) of `command` ("ingest") against `options` (ended by a
 * { NULL } entry). STATUS_USAGE with a message naming the option and
 * "see flipside COMMAND --help" when an option is unknown or lacks its
 * value. `args->argv` must have room for argc pointers.
 */
int cli_parse(const char *command, int argc, char **argv,
              const struct cli_option *options, struct cli_args *args);

#endif
