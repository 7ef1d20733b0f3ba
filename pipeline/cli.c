#include "pipeline/cli.h"
#include "common/status.h"

#include <string.h>

static const struct cli_option *cli_find(const struct cli_option *options, const char *name, size_t len)
{
    for (const struct cli_option *o = options; o->name; o++) {
        if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
            return o;
    }
    return NULL;
}

int cli_parse(const char *command, int argc, char **argv,
              const struct cli_option *options, struct cli_args *args)
{
    int only_positional = 0;

    args->argc = 0;
    args->help = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const struct cli_option *o;
        const char *eq;
        size_t len;

        if (only_positional || a[0] != '-' || strcmp(a, "-") == 0) {
            args->argv[args->argc++] = argv[i];
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_positional = 1;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            args->help = 1;
            continue;
        }
        if (a[1] != '-')
            return err_set(STATUS_USAGE, "flipside %s: unknown option %s (see flipside %s --help)", command, a, command);
        eq = strchr(a + 2, '=');
        len = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
        o = cli_find(options, a + 2, len);
        if (o == NULL)
            return err_set(STATUS_USAGE, "flipside %s: unknown option --%.*s (see flipside %s --help)",
                           command, (int)len, a + 2, command);
        if (o->flag) {
            if (eq)
                return err_set(STATUS_USAGE, "flipside %s: --%s takes no value", command, o->name);
            *o->flag = 1;
            continue;
        }
        if (eq) {
            *o->value = eq + 1;
        } else if (i + 1 < argc) {
            *o->value = argv[++i];
        } else {
            return err_set(STATUS_USAGE, "flipside %s: --%s needs a value (see flipside %s --help)",
                           command, o->name, command);
        }
    }
    return STATUS_OK;
}
