/*
 * schema.h: the database schema's migrations (sql/migrations/NNN_*.sql).
 */
#ifndef FLIPSIDE_PIPELINE_SCHEMA_H
#define FLIPSIDE_PIPELINE_SCHEMA_H

struct db;

/* The newest schema version this binary knows. */
int schema_latest(void);

/*
 * Create or migrate the schema inside one transaction: apply each migration
 * newer than the database's version in order, record it, and (re)apply
 * sql/roles.sql when the user may create roles. Idempotent. Refuses, with
 * STATUS_DB and a message, a database whose schema is newer than this binary.
 * *from and *to receive the versions before and after; *roles is 1 when the
 * roles were set up and 0 when this user may not create roles.
 */
int schema_init(struct db *db, int *from, int *to, int *roles);

/*
 * Check that the schema exists and is the version this binary knows; a
 * message that says what to do otherwise ("run flipside db init").
 */
int schema_check(struct db *db);

#endif
