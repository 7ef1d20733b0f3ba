/*
 * csv.h: a streaming RFC 4180 reader that never gives up on a file.
 *
 * Comma-separated, double-quoted fields with "" for a quote, line ends LF,
 * CRLF or CR, a UTF-8 byte-order mark skipped. Each call returns one record:
 * its fields, the line it starts on, its raw bytes, and, when it cannot be
 * read as CSV, the reason instead of the fields. The reader then goes on
 * with the next line, so a broken record costs that record only.
 *
 * Blank lines (empty or only spaces and tabs) are not records. Fields are
 * returned exactly as written (quotes removed, "" unescaped); the caller
 * trims if it wants to.
 */
#ifndef FLIPSIDE_PIPELINE_CSV_H
#define FLIPSIDE_PIPELINE_CSV_H

#include <stddef.h>

#define CSV_FIELD_MAX 10000   /* bytes in one field (SPEC section 2) */
#define CSV_FIELDS_MAX 4096   /* fields in one record */

struct csv_reader;

struct csv_field {
    const char *p;  /* not NUL-terminated; valid until the next csv_next() */
    size_t len;
};

struct csv_record {
    long line;               /* the physical line the record starts on (1-based) */
    const char *raw;         /* the record's bytes, without its line end */
    size_t raw_len;
    struct csv_field *fields;
    size_t nfields;
    const char *error;       /* NULL, or why the record is unreadable (then nfields is 0) */
    size_t error_field;      /* the field (1-based) the error is about, or 0 */
};

/*
 * Open `path` for reading (mapped into memory when possible). STATUS_USAGE
 * with a message naming the file when it cannot be opened or read.
 * *out is owned by the caller; csv_close() releases it.
 */
int csv_open(const char *path, struct csv_reader **out);

/* Read from `len` bytes at `data`, which must outlive the reader. */
int csv_open_mem(const char *data, size_t len, struct csv_reader **out);

/*
 * The next record into *rec. STATUS_OK with a record (check rec->error),
 * STATUS_EMPTY at the end of the input, STATUS_NOMEM on allocation failure.
 */
int csv_next(struct csv_reader *r, struct csv_record *rec);

/* How far the reader is: *done bytes of the *size of the input. */
void csv_extent(const struct csv_reader *r, size_t *done, size_t *size);

/* Go back to the start of the input (after a byte-order mark), line 1. */
void csv_rewind(struct csv_reader *r);

/* 1 when the input has a NUL byte in its first 64 KiB: not a text file. */
int csv_looks_binary(const struct csv_reader *r);

/* Release the reader; accepts NULL. */
void csv_close(struct csv_reader *r);

#endif
