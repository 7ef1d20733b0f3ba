/*
 * ingest.h: load CSV files of one kind into the database (SPEC section 2).
 *
 * Each file is read once, streaming: every record is checked in C (CSV
 * syntax, UTF-8, field size, required values, dates, numbers, codes, scales,
 * and references to rows already in the database: people, cohorts, items,
 * pairs). Good rows go through COPY into a staging table and are merged into
 * their table in one statement (a later row with the same key replaces an
 * earlier one; for responses the latest submitted_on wins). Bad rows are
 * stored in the quarantine with file, line, raw text and reason. A file's
 * rows and quarantine land in one transaction: all or nothing.
 */
#ifndef FLIPSIDE_PIPELINE_INGEST_H
#define FLIPSIDE_PIPELINE_INGEST_H

#include <stdio.h>

struct db;

enum ingest_kind {
    KIND_PEOPLE,
    KIND_COHORTS,
    KIND_ITEMS,
    KIND_PARTICIPANTS,
    KIND_PAIRS,
    KIND_SESSIONS,
    KIND_RESPONSES,
    KIND_COUNT
};

struct ingest_options {
    int strict;     /* one bad row loads nothing from the file */
    int wide;       /* responses in the wide layout, one column per item */
    int progress;   /* show progress on stderr (a terminal) */
    int list_max;   /* quarantined rows to list on stderr per file */
};

struct ingest_result {
    long rows;         /* data rows in the file */
    long loaded;
    long quarantined;  /* loaded + quarantined == rows */
};

/* The kind named `name` ("people"); STATUS_USAGE listing the kinds when unknown. */
int ingest_kind_parse(const char *name, enum ingest_kind *kind);

/*
 * Load one file. STATUS_OK when the file was read (some rows may be
 * quarantined: see `res`); STATUS_USAGE when it cannot be read as CSV of this
 * kind at all (nothing loaded, one-line reason); STATUS_DB and others when
 * the database or the disk failed (nothing loaded). Quarantined rows are
 * listed on `log` as "FILE:LINE: reason".
 */
int ingest_file(struct db *db, enum ingest_kind kind, const char *path,
                const struct ingest_options *opt, FILE *log, struct ingest_result *res);

#endif
