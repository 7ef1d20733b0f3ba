#include "pipeline/schema.h"
#include "pipeline/db.h"
#include "pipeline/sqlfiles.h"
#include "common/status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char MIGRATIONS[] = "migrations/";

/* The version of a migration file "migrations/NNN_name.sql", or 0. */
static int migration_version(const char *name)
{
    size_t prefix = strlen(MIGRATIONS);
    int v = 0;

    if (strncmp(name, MIGRATIONS, prefix) != 0)
        return 0;
    for (const char *p = name + prefix; *p >= '0' && *p <= '9' && v < 100000; p++)
        v = v * 10 + (*p - '0');
    return v;
}

int schema_latest(void)
{
    int latest = 0;

    for (const struct sql_file *f = sql_files; f->name; f++) {
        int v = migration_version(f->name);

        if (v > latest)
            latest = v;
    }
    return latest;
}

/* The version recorded in the database; 0 when there is no schema yet. */
static int schema_current(struct db *db, int *version)
{
    struct db_result *r = NULL;
    const char *cell;
    int st;

    *version = 0;
    st = db_query(db, "read the schema version",
                  "SELECT pg_catalog.to_regclass('flipside.schema_version') IS NOT NULL", 0, NULL, &r);
    if (st != STATUS_OK)
        goto out;
    cell = db_result_get(r, 0, 0);
    if (cell == NULL || strcmp(cell, "t") != 0)
        goto out;
    db_result_free(r);
    r = NULL;
    st = db_query(db, "read the schema version",
                  "SELECT coalesce(max(version), 0) FROM flipside.schema_version", 0, NULL, &r);
    if (st == STATUS_OK)
        *version = (int)strtol(db_result_get(r, 0, 0), NULL, 10);
out:
    db_result_free(r);
    return st;
}

/* 1 when the connected user may create roles. */
static int schema_may_create_roles(struct db *db, int *may)
{
    static const char *sql =
        "SELECT rolsuper OR rolcreaterole FROM pg_catalog.pg_roles WHERE rolname = current_user";
    struct db_result *r = NULL;
    int st = db_query(db, "check the user's privileges", sql, 0, NULL, &r);

    *may = 0;
    if (st == STATUS_OK && db_result_rows(r) == 1)
        *may = strcmp(db_result_get(r, 0, 0), "t") == 0;
    db_result_free(r);
    return st;
}

static int schema_apply(struct db *db, int from, int *to)
{
    char version[16];
    int st = STATUS_OK;

    *to = from;
    for (const struct sql_file *f = sql_files; f->name; f++) {
        int v = migration_version(f->name);
        const char *params[2] = { version, f->name };

        if (v <= from)
            continue;
        st = db_exec(db, f->name, f->text);
        if (st != STATUS_OK)
            return st;
        snprintf(version, sizeof version, "%d", v);
        st = db_query(db, "record the schema version",
                      "INSERT INTO flipside.schema_version (version, name) VALUES ($1, $2)",
                      2, params, NULL);
        if (st != STATUS_OK)
            return st;
        *to = v;
    }
    return st;
}

int schema_init(struct db *db, int *from, int *to, int *roles)
{
    int latest = schema_latest();
    int may = 0;
    int st;

    *from = *to = 0;
    *roles = 0;
    st = db_begin(db);
    if (st != STATUS_OK)
        return st;
    /* Two db inits at once: the second waits for the first, then finds nothing to do. */
    st = db_exec(db, "lock the schema",
                 "SELECT pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('flipside db init', 0));"
                 "CREATE SCHEMA IF NOT EXISTS flipside;"
                 "CREATE TABLE IF NOT EXISTS flipside.schema_version ("
                 " version int PRIMARY KEY, name text NOT NULL,"
                 " applied_at timestamptz NOT NULL DEFAULT now());"
                 "SET LOCAL search_path = flipside, pg_catalog, pg_temp");
    if (st != STATUS_OK)
        goto fail;
    st = schema_current(db, from);
    if (st != STATUS_OK)
        goto fail;
    if (*from > latest) {
        st = err_set(STATUS_DB, "the database schema is version %d, newer than this flipside knows (%d): "
                     "use a newer flipside", *from, latest);
        goto fail;
    }
    st = schema_apply(db, *from, to);
    if (st != STATUS_OK)
        goto fail;
    st = schema_may_create_roles(db, &may);
    if (st != STATUS_OK)
        goto fail;
    if (may) {
        st = db_exec(db, "roles.sql", sql_text("roles.sql"));
        if (st != STATUS_OK)
            goto fail;
        *roles = 1;
    }
    return db_commit(db);
fail:
    db_rollback(db);
    return st;
}

int schema_check(struct db *db)
{
    int latest = schema_latest();
    int current = 0;
    int st = schema_current(db, &current);

    if (st != STATUS_OK)
        return st;
    if (current == 0)
        return err_set(STATUS_USAGE, "the database has no flipside schema: run flipside db init");
    if (current < latest)
        return err_set(STATUS_USAGE, "the database schema is version %d, this flipside needs %d: "
                       "run flipside db init", current, latest);
    if (current > latest)
        return err_set(STATUS_USAGE, "the database schema is version %d, newer than this flipside knows (%d): "
                       "use a newer flipside", current, latest);
    return STATUS_OK;
}
