#include "pipeline/sqlfiles.h"

#include <string.h>

const char *sql_text(const char *name)
{
    for (const struct sql_file *f = sql_files; f->name != NULL; f++) {
        if (strcmp(f->name, name) == 0)
            return f->text;
    }
    return NULL;
}
