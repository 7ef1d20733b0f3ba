#include "pipeline/config.h"
#include "common/buf.h"
#include "common/status.h"
#include "common/str.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { CONFIG_FILE_MAX = 1 << 20 };

void config_defaults(struct config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->min_cell = 5;
}

static void trim(const char **s, size_t *len)
{
    while (*len > 0 && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' || (*s)[*len - 1] == '\r'))
        (*len)--;
}

/* Store one key's value; STATUS_USAGE with the reason when it is bad. */
static int config_set(struct config *cfg, const char *where, const char *section,
                      const char *key, const char *value)
{
    char *dst = NULL;

    if (strcmp(section, "database") == 0) {
        if (strcmp(key, "conninfo") == 0)
            dst = cfg->conninfo;
        else
            return err_set(STATUS_USAGE, "%s: unknown key \"%s\" in [database] (known: conninfo)", where, key);
    } else if (strcmp(section, "report") == 0) {
        if (strcmp(key, "out") == 0) {
            dst = cfg->out;
        } else if (strcmp(key, "programme") == 0) {
            if (!str_is_safe_code(value))
                return err_set(STATUS_USAGE, "%s: programme = \"%s\": a code of letters, digits, _ . and -",
                               where, value);
            dst = cfg->programme;
        } else if (strcmp(key, "min_cell") == 0) {
            int64_t v;

            if (str_to_int64(value, strlen(value), &v) != STATUS_OK || v < 3 || v > 1000000)
                return err_set(STATUS_USAGE, "%s: min_cell = \"%s\": use a whole number of at least 3",
                               where, value);
            cfg->min_cell = (int)v;
            return STATUS_OK;
        } else if (strcmp(key, "retention_events") == 0) {
            if (strcmp(value, "all") == 0)
                cfg->voluntary_only = 0;
            else if (strcmp(value, "voluntary") == 0)
                cfg->voluntary_only = 1;
            else
                return err_set(STATUS_USAGE, "%s: retention_events = \"%s\": use all or voluntary", where, value);
            return STATUS_OK;
        } else {
            return err_set(STATUS_USAGE, "%s: unknown key \"%s\" in [report] "
                           "(known: out, min_cell, retention_events, programme)", where, key);
        }
    } else {
        return err_set(STATUS_USAGE, "%s: key \"%s\" is outside a known section", where, key);
    }
    if (value[0] == '\0')
        return err_set(STATUS_USAGE, "%s: %s is empty (give a value or delete the line)", where, key);
    if (str_copy(dst, CONFIG_TEXT_MAX, value) != STATUS_OK)
        return err_set(STATUS_USAGE, "%s: %s is longer than %d bytes", where, key, CONFIG_TEXT_MAX - 1);
    return STATUS_OK;
}

int config_parse(const char *name, const char *text, size_t len, struct config *cfg)
{
    char section[64] = "";
    char where[CONFIG_TEXT_MAX + 32];
    size_t pos = 0;
    long line = 0;

    if (!str_utf8_valid(text, len) || memchr(text, '\0', len) != NULL)
        return err_set(STATUS_USAGE, "%s: not a UTF-8 text file", name);
    while (pos < len) {
        const char *s = text + pos;
        size_t n = 0;

        while (pos + n < len && s[n] != '\n')
            n++;
        pos += n + 1;
        line++;
        snprintf(where, sizeof where, "%s:%ld", name, line);
        trim(&s, &n);
        if (n == 0 || s[0] == '#' || s[0] == ';')
            continue;
        if (s[0] == '[') {
            const char *known[] = { "database", "report" };
            int found = 0;

            if (s[n - 1] != ']' || n - 2 >= sizeof section)
                return err_set(STATUS_USAGE, "%s: a section header is [name]", where);
            memcpy(section, s + 1, n - 2);
            section[n - 2] = '\0';
            for (size_t i = 0; i < sizeof known / sizeof *known; i++)
                found |= strcmp(section, known[i]) == 0;
            if (!found)
                return err_set(STATUS_USAGE, "%s: unknown section [%s] (known: [database], [report])", where, section);
            continue;
        }
        const char *eq = memchr(s, '=', n);
        if (eq == NULL)
            return err_set(STATUS_USAGE, "%s: expected key = value", where);
        const char *k = s, *v = eq + 1;
        size_t kn = (size_t)(eq - s), vn = n - kn - 1;
        char key[64], value[CONFIG_TEXT_MAX];

        trim(&k, &kn);
        trim(&v, &vn);
        if (vn >= 2 && v[0] == '"' && v[vn - 1] == '"') {
            v++;
            vn -= 2;
        }
        if (kn == 0 || kn >= sizeof key)
            return err_set(STATUS_USAGE, "%s: expected key = value", where);
        if (vn >= sizeof value)
            return err_set(STATUS_USAGE, "%s: the value of %.*s is longer than %zu bytes", where,
                           (int)kn, k, sizeof value - 1);
        memcpy(key, k, kn);
        key[kn] = '\0';
        memcpy(value, v, vn);
        value[vn] = '\0';
        if (section[0] == '\0')
            return err_set(STATUS_USAGE, "%s: key \"%s\" comes before any [section]", where, key);
        int st = config_set(cfg, where, section, key, value);
        if (st != STATUS_OK)
            return st;
    }
    return STATUS_OK;
}

int config_load(const char *path, struct config *cfg)
{
    const char *candidates[3];
    const char *chosen = NULL;
    struct buf text = { 0 };
    char chunk[8192];
    FILE *f = NULL;
    size_t n;
    int st = STATUS_OK;

    if (path != NULL) {
        chosen = path;
    } else {
        const char *env = getenv("FLIPSIDE_CONFIG");

        candidates[0] = env && *env ? env : NULL;
        candidates[1] = "flipside.conf";
        candidates[2] = "/etc/flipside/flipside.conf";
        if (candidates[0] != NULL)
            chosen = candidates[0];
        for (int i = 1; i < 3 && chosen == NULL; i++) {
            if (access(candidates[i], F_OK) == 0)
                chosen = candidates[i];
        }
    }
    if (chosen == NULL)
        return STATUS_OK;
    f = fopen(chosen, "rb");
    if (f == NULL)
        return err_set(STATUS_USAGE, "settings file %s: %s", chosen, strerror(errno));
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (text.len + n > CONFIG_FILE_MAX) {
            st = err_set(STATUS_USAGE, "settings file %s is over %d bytes", chosen, CONFIG_FILE_MAX);
            goto out;
        }
        st = buf_append(&text, chunk, n);
        if (st != STATUS_OK)
            goto out;
    }
    if (ferror(f)) {
        st = err_set(STATUS_USAGE, "read %s: %s", chosen, strerror(errno));
        goto out;
    }
    str_copy(cfg->path, sizeof cfg->path, chosen);
    st = config_parse(chosen, buf_str(&text), text.len, cfg);
out:
    if (f)
        fclose(f);
    buf_free(&text);
    return st;
}
