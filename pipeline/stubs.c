#include "pipeline/commands.h"

#include <stdio.h>

int command_run(const struct globals *g, int argc, char **argv)
{
    (void)g; (void)argc; (void)argv;
    fprintf(stderr, "flipside: run is not built yet\n");
    return EXIT_FAILED;
}

int command_runs(const struct globals *g, int argc, char **argv)
{
    (void)g; (void)argc; (void)argv;
    fprintf(stderr, "flipside: runs is not built yet\n");
    return EXIT_FAILED;
}

