#include "pipeline/sqlfiles.h"

#include "common/buf.h"
#include "common/status.h"

#include <string.h>

const char *sql_text(const char *name)
{
    for (const struct sql_file *f = sql_files; f->name != NULL; f++) {
        if (strcmp(f->name, name) == 0)
            return f->text;
    }
    return NULL;
}

int sql_section(const char *name, const char *section, struct buf *out)
{
    const char *text = sql_text(name);
    const char *p;
    const char *end;
    size_t slen = strlen(section);

    buf_reset(out);
    if (text == NULL)
        return err_set(STATUS_INTERNAL, "no SQL file %s in this build", name);
    for (p = text; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p)) {
        if (strncmp(p, "-- @", 4) == 0 && strncmp(p + 4, section, slen) == 0 &&
            (p[4 + slen] == '\n' || p[4 + slen] == '\0'))
            break;
    }
    if (*p == '\0')
        return err_set(STATUS_INTERNAL, "no section @%s in SQL file %s", section, name);
    p = strchr(p, '\n');
    p = p ? p + 1 : text + strlen(text);
    end = strstr(p, "\n-- @");
    end = end ? end + 1 : p + strlen(p);
    buf_append(out, "", 0);
    return buf_append(out, p, (size_t)(end - p));
}
