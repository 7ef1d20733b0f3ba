/*
 * fuzz_csv.c: libFuzzer harness for the CSV reader (pipeline/csv.c).
 *
 * Each input is read to the end with csv_next(), twice (csv_rewind() in
 * between, as ingest does for its two passes), and every record must hold:
 *
 *   - its raw bytes lie inside the input, after the previous record's, and
 *     end at a line end or at the end of the input;
 *   - its line is 1 + the line ends (LF, CRLF, lone CR) before it, so that a
 *     quarantined row names the right line;
 *   - an error record has no fields; any other has at least one field, no
 *     more than CSV_FIELDS_MAX, none over CSV_FIELD_MAX bytes, and its raw
 *     bytes are valid UTF-8 without NUL;
 *   - its fields are what a plain RFC 4180 reading of its raw bytes gives
 *     (a second, simple parser below), and when that reading fails the
 *     record is an error record;
 *   - its fields, written back as quoted CSV, read back the same;
 *   - the second pass gives the same records as the first.
 *
 * A broken invariant calls abort() with a line on stderr, which libFuzzer
 * reports as a crash; ASan and UBSan catch memory errors and leaks.
 *
 * Build: see tests/fuzz/run.
 */
#include "pipeline/csv.h"
#include "common/buf.h"
#include "common/status.h"
#include "common/str.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The most records one input may give: every record consumes at least one byte. */
#define RECORDS_MAX(len) ((len) + 2)

struct seen {
    long line;
    size_t raw_off;
    size_t raw_len;
    size_t nfields;
    int error;
};

static void fuzz_fail(const char *what, size_t record)
{
    fprintf(stderr, "fuzz_csv: invariant broken at record %zu: %s\n", record, what);
    abort();
}

/* Line ends in data[from..to): LF, CRLF (once) and a lone CR. */
static long count_line_ends(const char *data, size_t len, size_t from, size_t to)
{
    long n = 0;

    for (size_t i = from; i < to; i++) {
        if (data[i] == '\n')
            n++;
        else if (data[i] == '\r' && !(i + 1 < len && data[i + 1] == '\n'))
            n++;
    }
    return n;
}

/*
 * The reference: split `raw` (one record, no line end) into fields by RFC 4180
 * alone, unescaped into `out` with field ends in `ends`. Returns the number of
 * fields, or -1 when the bytes are not one well-formed record (a quote inside
 * an unquoted field, text after a closing quote, a quote never closed, a line
 * end outside quotes) or there are more than `max` fields.
 */
static long ref_split(const char *raw, size_t len, struct buf *out, size_t *ends, size_t max)
{
    size_t i = 0;
    size_t n = 0;

    buf_reset(out);
    for (;;) {
        if (i < len && raw[i] == '"') {
            i++;
            for (;;) {
                if (i >= len)
                    return -1;
                if (raw[i] == '"') {
                    if (i + 1 < len && raw[i + 1] == '"') {
                        buf_putc(out, '"');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                buf_putc(out, raw[i]);
                i++;
            }
            if (i < len && raw[i] != ',')
                return -1;
        } else {
            while (i < len && raw[i] != ',') {
                if (raw[i] == '"' || raw[i] == '\n' || raw[i] == '\r')
                    return -1;
                buf_putc(out, raw[i]);
                i++;
            }
        }
        if (n == max)
            return -1;
        ends[n++] = out->len;
        if (i >= len)
            return (long)n;
        i++;  /* the comma */
    }
}

/* The record's fields against the reference reading of its raw bytes. */
static void check_reference(const struct csv_record *rec, size_t record)
{
    static size_t ends[CSV_FIELDS_MAX + 1];
    struct buf out = { 0 };
    long n;

    n = ref_split(rec->raw, rec->raw_len, &out, ends, CSV_FIELDS_MAX);
    if (rec->error == NULL) {
        if (n < 0)
            fuzz_fail("a record the reference cannot read has no error", record);
        if ((size_t)n != rec->nfields)
            fuzz_fail("the reference reads another number of fields", record);
        for (size_t f = 0; f < rec->nfields; f++) {
            size_t start = f ? ends[f - 1] : 0;

            if (ends[f] - start != rec->fields[f].len ||
                (rec->fields[f].len > 0 && memcmp(out.data + start, rec->fields[f].p, rec->fields[f].len) != 0))
                fuzz_fail("a field differs from the reference reading", record);
        }
    }
    buf_free(&out);
}

/* Write the record's fields as one quoted CSV line and read it back: same fields. */
static void check_round_trip(const struct csv_record *rec, size_t record)
{
    struct buf line = { 0 };
    struct csv_reader *r = NULL;
    struct csv_record back;

    for (size_t f = 0; f < rec->nfields; f++) {
        if (f > 0 && buf_putc(&line, ',') != STATUS_OK)
            fuzz_fail("out of memory", record);
        buf_putc(&line, '"');
        for (size_t i = 0; i < rec->fields[f].len; i++) {
            char c = rec->fields[f].p[i];

            if (c == '"')
                buf_putc(&line, '"');
            buf_putc(&line, c);
        }
        buf_putc(&line, '"');
    }
    if (line.len == 0) {
        buf_free(&line);
        return;
    }
    if (csv_open_mem(line.data, line.len, &r) != STATUS_OK)
        fuzz_fail("csv_open_mem failed on the round trip", record);
    if (csv_next(r, &back) != STATUS_OK)
        fuzz_fail("the round trip gave no record", record);
    if (back.error != NULL)
        fuzz_fail("the round trip gave an error record", record);
    if (back.nfields != rec->nfields)
        fuzz_fail("the round trip gave another number of fields", record);
    for (size_t f = 0; f < rec->nfields; f++) {
        if (back.fields[f].len != rec->fields[f].len ||
            memcmp(back.fields[f].p, rec->fields[f].p, rec->fields[f].len) != 0)
            fuzz_fail("the round trip changed a field", record);
    }
    if (csv_next(r, &back) != STATUS_EMPTY)
        fuzz_fail("the round trip gave a second record", record);
    csv_close(r);
    buf_free(&line);
}

/* Where a pass has got to: the end of the last record, and the line ends counted so far. */
struct pass {
    size_t prev_end;
    size_t counted_to;
    long line_ends;
};

/* Check one record against the input and the pass so far. */
static void check_record(const char *data, size_t len, const struct csv_record *rec,
                         struct pass *p, size_t record)
{
    size_t off;

    if (rec->raw == NULL || rec->raw < data || rec->raw > data + len)
        fuzz_fail("raw lies outside the input", record);
    off = (size_t)(rec->raw - data);
    if (rec->raw_len > len - off)
        fuzz_fail("raw runs past the end of the input", record);
    if (record > 0 && off <= p->prev_end)
        fuzz_fail("the record does not move forward", record);
    if (off + rec->raw_len < len && data[off + rec->raw_len] != '\n' && data[off + rec->raw_len] != '\r')
        fuzz_fail("raw does not end at a line end", record);
    p->line_ends += count_line_ends(data, len, p->counted_to, off);
    p->counted_to = off;
    if (rec->line != 1 + p->line_ends)
        fuzz_fail("the line number is not 1 + the line ends before the record", record);
    p->prev_end = off + rec->raw_len;
    if (rec->error != NULL) {
        if (rec->error[0] == '\0')
            fuzz_fail("an empty error text", record);
        if (rec->nfields != 0 || rec->fields != NULL)
            fuzz_fail("an error record has fields", record);
        return;
    }
    if (rec->nfields == 0 || rec->fields == NULL)
        fuzz_fail("a record without fields and without an error", record);
    if (rec->nfields > CSV_FIELDS_MAX)
        fuzz_fail("more than CSV_FIELDS_MAX fields without an error", record);
    if (!str_utf8_valid(rec->raw, rec->raw_len) || memchr(rec->raw, '\0', rec->raw_len) != NULL)
        fuzz_fail("raw is not UTF-8 without NUL, yet no error", record);
    for (size_t f = 0; f < rec->nfields; f++) {
        if (rec->fields[f].p == NULL)
            fuzz_fail("a field without bytes", record);
        if (rec->fields[f].len > CSV_FIELD_MAX)
            fuzz_fail("a field over CSV_FIELD_MAX without an error", record);
        if (rec->fields[f].len > rec->raw_len)
            fuzz_fail("a field longer than its record", record);
    }
    check_reference(rec, record);
    check_round_trip(rec, record);
}

/* One pass over the input; fills `seen` (up to `cap`) and returns the number of records. */
static size_t read_pass(struct csv_reader *r, const char *data, size_t len, struct seen *seen, size_t cap)
{
    struct csv_record rec;
    struct pass p = { 0, 0, 0 };
    size_t n = 0;
    int st;

    while ((st = csv_next(r, &rec)) == STATUS_OK) {
        if (n >= RECORDS_MAX(len))
            fuzz_fail("more records than bytes: the reader does not move on", n);
        check_record(data, len, &rec, &p, n);
        if (n < cap) {
            seen[n].line = rec.line;
            seen[n].raw_off = (size_t)(rec.raw - data);
            seen[n].raw_len = rec.raw_len;
            seen[n].nfields = rec.nfields;
            seen[n].error = rec.error != NULL;
        }
        n++;
    }
    if (st != STATUS_EMPTY)
        fuzz_fail("csv_next ended with neither STATUS_OK nor STATUS_EMPTY", n);
    if (csv_next(r, &rec) != STATUS_EMPTY)
        fuzz_fail("csv_next after the end is not STATUS_EMPTY", n);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t len)
{
    /* A copy of exactly `len` bytes, so that ASan sees any read past the end. */
    char *data = malloc(len ? len : 1);
    struct csv_reader *r = NULL;
    struct seen *first = NULL;
    size_t cap = RECORDS_MAX(len);
    size_t n1, n2;

    if (data == NULL)
        return 0;
    if (len)
        memcpy(data, bytes, len);
    first = calloc(cap, sizeof *first);
    if (first == NULL) {
        free(data);
        return 0;
    }
    if (csv_open_mem(data, len, &r) != STATUS_OK)
        fuzz_fail("csv_open_mem failed", 0);
    (void)csv_looks_binary(r);
    n1 = read_pass(r, data, len, first, cap);

    /* Pass 2, as ingest does: the same records again. */
    csv_rewind(r);
    {
        struct seen *second = calloc(cap, sizeof *second);

        if (second == NULL)
            fuzz_fail("out of memory", 0);
        n2 = read_pass(r, data, len, second, cap);
        if (n1 != n2)
            fuzz_fail("the second pass gives another number of records", n2);
        for (size_t i = 0; i < n1 && i < cap; i++) {
            const struct seen *a = &first[i], *b = &second[i];

            if (a->line != b->line || a->raw_off != b->raw_off || a->raw_len != b->raw_len ||
                a->nfields != b->nfields || a->error != b->error)
                fuzz_fail("the second pass gives another record", i);
        }
        free(second);
    }
    csv_close(r);
    free(first);
    free(data);
    return 0;
}
