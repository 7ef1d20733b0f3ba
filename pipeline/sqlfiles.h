/*
 * sqlfiles.h: the .sql files of sql/, built into the binary by sql/embed.awk.
 */
#ifndef FLIPSIDE_PIPELINE_SQLFILES_H
#define FLIPSIDE_PIPELINE_SQLFILES_H

struct sql_file {
    const char *name;  /* path under sql/, e.g. "migrations/001_schema.sql" */
    const char *text;
};

/* Every file, in path order, ended by { NULL, NULL }. */
extern const struct sql_file sql_files[];

/* The text of sql/`name`, or NULL when there is no such file. */
const char *sql_text(const char *name);

/*
 * Copy the section `section` of sql/`name` into `out` (emptied first): the
 * lines after a line that is exactly "-- @section" up to the next line that
 * starts with "-- @", or the end.
 * STATUS_INTERNAL when the file or the section does not exist.
 */
struct buf;
int sql_section(const char *name, const char *section, struct buf *out);

#endif
