/*
 * fuzz_config.c: libFuzzer harness for the settings parser (pipeline/config.c).
 *
 * config_parse() on any bytes must return STATUS_OK or STATUS_USAGE, and:
 *
 *   - min_cell stays at least 3 (the disclosure floor) and voluntary_only
 *     is 0 or 1;
 *   - every text setting is NUL-terminated inside its buffer;
 *   - a usage error has a message that starts with the file name and a
 *     line number ("fuzz.conf:N: ...") or names the file ("fuzz.conf: not a
 *     UTF-8 text file");
 *   - parsing the same text again gives the same status and settings.
 *
 * A broken invariant calls abort() with a line on stderr, which libFuzzer
 * reports as a crash; ASan and UBSan catch memory errors and leaks.
 *
 * Build: see tests/fuzz/run.
 */
#include "pipeline/config.h"
#include "common/status.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char NAME[] = "fuzz.conf";

static void fuzz_fail(const char *what)
{
    fprintf(stderr, "fuzz_config: invariant broken: %s (message: %s)\n", what, err_msg());
    abort();
}

static void check_text(const char *text, size_t size, const char *what)
{
    if (memchr(text, '\0', size) == NULL)
        fuzz_fail(what);
}

static int parse(const char *data, size_t len, struct config *cfg)
{
    config_defaults(cfg);
    err_clear();
    return config_parse(NAME, data, len, cfg);
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t len)
{
    /* A copy of exactly `len` bytes, so that ASan sees any read past the end. */
    char *data = malloc(len ? len : 1);
    struct config cfg, again;
    int st, st2;

    if (data == NULL)
        return 0;
    if (len)
        memcpy(data, bytes, len);
    st = parse(data, len, &cfg);
    if (st != STATUS_OK && st != STATUS_USAGE)
        fuzz_fail("a status other than OK and USAGE");
    if (cfg.min_cell < 3)
        fuzz_fail("min_cell below 3");
    if (cfg.voluntary_only != 0 && cfg.voluntary_only != 1)
        fuzz_fail("voluntary_only is neither 0 nor 1");
    check_text(cfg.conninfo, sizeof cfg.conninfo, "conninfo is not NUL-terminated");
    check_text(cfg.out, sizeof cfg.out, "out is not NUL-terminated");
    check_text(cfg.programme, sizeof cfg.programme, "programme is not NUL-terminated");
    check_text(cfg.path, sizeof cfg.path, "path is not NUL-terminated");
    if (st == STATUS_USAGE) {
        const char *msg = err_msg();
        size_t n = strlen(NAME);

        if (strncmp(msg, NAME, n) != 0 || msg[n] != ':')
            fuzz_fail("a usage error that does not start with the file name");
        if (strchr(msg, '\n') != NULL)
            fuzz_fail("a usage error of more than one line");
    }
    st2 = parse(data, len, &again);
    if (st2 != st || again.min_cell != cfg.min_cell || again.voluntary_only != cfg.voluntary_only ||
        strcmp(again.conninfo, cfg.conninfo) != 0 || strcmp(again.out, cfg.out) != 0 ||
        strcmp(again.programme, cfg.programme) != 0)
        fuzz_fail("a second parse of the same text gives another result");
    free(data);
    return 0;
}
