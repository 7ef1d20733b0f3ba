/*
 * config.h: settings from the INI file (SPEC section 1).
 *
 * The file is found through --config, else FLIPSIDE_CONFIG, else
 * ./flipside.conf, else /etc/flipside/flipside.conf; none is fine. Sections
 * and keys:
 *
 *   [database]  conninfo
 *   [report]    out, min_cell (default 5, at least 3),
 *               retention_events (all | voluntary, default all), programme
 *
 * An unknown section or key, or a bad value, is an error naming the file,
 * the line and the key. A flag on the command line beats the file.
 */
#ifndef FLIPSIDE_PIPELINE_CONFIG_H
#define FLIPSIDE_PIPELINE_CONFIG_H

#include <stddef.h>

#define CONFIG_TEXT_MAX 1024

struct config {
    char path[CONFIG_TEXT_MAX];      /* the file read, or "" when none */
    char conninfo[CONFIG_TEXT_MAX];  /* "" when unset */
    char out[CONFIG_TEXT_MAX];       /* "" when unset */
    char programme[CONFIG_TEXT_MAX]; /* "" when unset */
    int min_cell;                    /* 5 unless set */
    int voluntary_only;              /* 1 when retention_events = voluntary */
};

/* Fill `cfg` with the defaults. */
void config_defaults(struct config *cfg);

/*
 * Read the settings file: `path` when not NULL (it must exist), else the
 * first of FLIPSIDE_CONFIG, ./flipside.conf, /etc/flipside/flipside.conf that
 * exists. STATUS_USAGE with "FILE:LINE: ..." on any bad line.
 */
int config_load(const char *path, struct config *cfg);

/* Parse settings from text already in memory; `name` is used in messages. */
int config_parse(const char *name, const char *text, size_t len, struct config *cfg);

#endif
