#include "pipeline/csv.h"
#include "common/buf.h"
#include "common/status.h"
#include "common/str.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where a field's bytes are: in the input, or unescaped into the scratch buffer. */
struct csv_span {
    size_t off;
    size_t len;
    int in_scratch;
};

struct csv_reader {
    const char *data;
    size_t len;
    size_t pos;
    long line;
    void *map;              /* the mapping, when the file was mapped */
    size_t map_len;
    char *owned;            /* the file's bytes, when read instead */
    struct buf scratch;     /* unescaped quoted fields of the current record */
    struct csv_span *spans;
    struct csv_field *fields;
    size_t cap;             /* room in spans and fields */
    char why[160];          /* the current record's error, when it needs numbers */
};

static int csv_reader_new(struct csv_reader **out)
{
    *out = calloc(1, sizeof **out);
    if (*out == NULL)
        return err_set(STATUS_NOMEM, "out of memory opening a CSV file");
    (*out)->line = 1;
    return STATUS_OK;
}

/* Skip a UTF-8 byte-order mark. */
static void csv_skip_bom(struct csv_reader *r)
{
    if (r->len >= 3 && memcmp(r->data, "\xEF\xBB\xBF", 3) == 0)
        r->pos = 3;
}

int csv_open_mem(const char *data, size_t len, struct csv_reader **out)
{
    int st = csv_reader_new(out);

    if (st != STATUS_OK)
        return st;
    (*out)->data = data;
    (*out)->len = len;
    csv_skip_bom(*out);
    return STATUS_OK;
}

/* Read a file that cannot be mapped (a pipe, say) into memory. */
static int csv_read_all(int fd, const char *path, struct csv_reader *r)
{
    struct buf b = { 0 };
    char chunk[65536];
    ssize_t n;

    while ((n = read(fd, chunk, sizeof chunk)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            buf_free(&b);
            return err_set(STATUS_USAGE, "%s: cannot read: %s", path, strerror(errno));
        }
        if (buf_append(&b, chunk, (size_t)n) != STATUS_OK) {
            buf_free(&b);
            return err_set(STATUS_USAGE, "%s: too large to read into memory", path);
        }
    }
    r->len = b.len;
    r->owned = buf_take(&b);
    r->data = r->owned;
    return r->owned ? STATUS_OK : err_set(STATUS_NOMEM, "%s: out of memory", path);
}

int csv_open(const char *path, struct csv_reader **out)
{
    struct csv_reader *r = NULL;
    struct stat sb;
    int fd = -1;
    int st;

    *out = NULL;
    st = csv_reader_new(&r);
    if (st != STATUS_OK)
        return st;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        st = err_set(STATUS_USAGE, "%s: cannot open: %s (check the file's name and path)", path, strerror(errno));
        goto out;
    }
    if (fstat(fd, &sb) != 0) {
        st = err_set(STATUS_USAGE, "%s: cannot read: %s", path, strerror(errno));
        goto out;
    }
    if (S_ISDIR(sb.st_mode)) {
        st = err_set(STATUS_USAGE, "%s: is a directory, not a CSV file", path);
        goto out;
    }
    if (S_ISREG(sb.st_mode) && sb.st_size > 0) {
        r->map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (r->map == MAP_FAILED) {
            r->map = NULL;
            st = csv_read_all(fd, path, r);
        } else {
            r->map_len = (size_t)sb.st_size;
            r->data = r->map;
            r->len = r->map_len;
            madvise(r->map, r->map_len, MADV_SEQUENTIAL);
        }
    } else if (S_ISREG(sb.st_mode)) {
        r->data = "";
        r->len = 0;
    } else {
        st = csv_read_all(fd, path, r);
    }
    if (st != STATUS_OK)
        goto out;
    csv_skip_bom(r);
    *out = r;
    r = NULL;
out:
    if (fd >= 0)
        close(fd);
    csv_close(r);
    return st;
}

void csv_close(struct csv_reader *r)
{
    if (r == NULL)
        return;
    if (r->map)
        munmap(r->map, r->map_len);
    free(r->owned);
    buf_free(&r->scratch);
    free(r->spans);
    free(r->fields);
    free(r);
}

void csv_extent(const struct csv_reader *r, size_t *done, size_t *size)
{
    *done = r->pos;
    *size = r->len;
}

void csv_rewind(struct csv_reader *r)
{
    r->pos = 0;
    r->line = 1;
    csv_skip_bom(r);
}

int csv_looks_binary(const struct csv_reader *r)
{
    size_t n = r->len < 65536 ? r->len : 65536;

    return memchr(r->data, '\0', n) != NULL;
}

static int csv_add_span(struct csv_reader *r, size_t *nspans, struct csv_span s)
{
    if (*nspans == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 32;
        struct csv_span *spans = realloc(r->spans, cap * sizeof *spans);
        struct csv_field *fields;

        if (spans == NULL)
            return err_set(STATUS_NOMEM, "out of memory reading a CSV record");
        r->spans = spans;
        fields = realloc(r->fields, cap * sizeof *fields);
        if (fields == NULL)
            return err_set(STATUS_NOMEM, "out of memory reading a CSV record");
        r->fields = fields;
        r->cap = cap;
    }
    r->spans[(*nspans)++] = s;
    return STATUS_OK;
}

/* The index just past the physical line that holds `i` (its line end excluded). */
static size_t csv_line_end(const struct csv_reader *r, size_t i)
{
    while (i < r->len && r->data[i] != '\n' && r->data[i] != '\r')
        i++;
    return i;
}

/* Step over one line end at `i` (LF, CRLF or CR), counting the line. */
static size_t csv_skip_line_end(struct csv_reader *r, size_t i)
{
    if (i < r->len && r->data[i] == '\r')
        i++;
    if (i < r->len && r->data[i] == '\n')
        i++;
    r->line++;
    return i;
}

static int csv_blank(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != ' ' && p[i] != '\t')
            return 0;
    }
    return 1;
}

/*
 * Read one quoted field starting at the opening quote r->data[*at]. Returns 1
 * when the field was closed, 0 when the input ended first.
 */
static int csv_quoted(struct csv_reader *r, size_t *at, struct csv_span *s, int *st)
{
    const char *d = r->data;
    size_t i = *at + 1;
    size_t seg = i;

    s->in_scratch = 1;
    s->off = r->scratch.len;
    *st = STATUS_OK;
    while (i < r->len) {
        if (d[i] == '"') {
            if (i + 1 < r->len && d[i + 1] == '"') {
                *st = buf_append(&r->scratch, d + seg, i + 1 - seg);
                i += 2;
                seg = i;
                if (*st != STATUS_OK)
                    return 0;
                continue;
            }
            *st = buf_append(&r->scratch, d + seg, i - seg);
            s->len = r->scratch.len - s->off;
            *at = i + 1;
            return *st == STATUS_OK;
        }
        if (d[i] == '\n' || (d[i] == '\r' && !(i + 1 < r->len && d[i + 1] == '\n')))
            r->line++;
        i++;
    }
    return 0;
}

int csv_next(struct csv_reader *r, struct csv_record *rec)
{
    const char *d = r->data;
    size_t nspans;
    size_t start;
    size_t i;
    int st;

again:
    if (r->pos >= r->len)
        return STATUS_EMPTY;
    start = r->pos;
    i = start;
    nspans = 0;
    buf_reset(&r->scratch);
    memset(rec, 0, sizeof *rec);
    rec->line = r->line;
    for (;;) {
        struct csv_span s = { 0 };

        if (i < r->len && d[i] == '"') {
            if (!csv_quoted(r, &i, &s, &st)) {
                if (st != STATUS_OK)
                    return st;
                /* Never closed: give up on the start line alone and go on after it. */
                r->line = rec->line;
                i = csv_line_end(r, start);
                rec->error = "a quoted field is never closed (a closing quote is missing)";
                break;
            }
            if (i < r->len && d[i] != ',' && d[i] != '\n' && d[i] != '\r') {
                rec->error = "text follows a closing quote (quote the whole field, doubling quotes inside it)";
                i = csv_line_end(r, i);
                break;
            }
        } else {
            s.off = i;
            while (i < r->len && d[i] != ',' && d[i] != '\n' && d[i] != '\r') {
                if (d[i] == '"' && rec->error == NULL)
                    rec->error = "a quote inside an unquoted field (quote the field and double the quote)";
                i++;
            }
            s.len = i - s.off;
        }
        if (s.len > CSV_FIELD_MAX && rec->error == NULL) {
            str_fmt(r->why, sizeof r->why, "field %zu is over %d bytes", nspans + 1, CSV_FIELD_MAX);
            rec->error = r->why;
            rec->error_field = nspans + 1;
        }
        if (nspans == CSV_FIELDS_MAX) {
            if (rec->error == NULL) {
                str_fmt(r->why, sizeof r->why, "more than %d fields", CSV_FIELDS_MAX);
                rec->error = r->why;
            }
        } else {
            st = csv_add_span(r, &nspans, s);
            if (st != STATUS_OK)
                return st;
        }
        if (i < r->len && d[i] == ',') {
            i++;
            continue;
        }
        break;
    }
    rec->raw = d + start;
    rec->raw_len = i - start;
    r->pos = i < r->len ? csv_skip_line_end(r, i) : i;
    if (rec->error == NULL && nspans == 1 && csv_blank(rec->raw, rec->raw_len))
        goto again;
    if (rec->error == NULL && memchr(rec->raw, '\0', rec->raw_len) != NULL)
        rec->error = "the row holds a NUL byte (is this a text file?)";
    if (rec->error == NULL && !str_utf8_valid(rec->raw, rec->raw_len))
        rec->error = "the row is not valid UTF-8 (save the file as UTF-8)";
    if (rec->error != NULL)
        return STATUS_OK;
    for (size_t k = 0; k < nspans; k++) {
        const struct csv_span *s = &r->spans[k];

        r->fields[k].p = (s->in_scratch ? r->scratch.data : d) + s->off;
        if (s->in_scratch && r->scratch.data == NULL)
            r->fields[k].p = "";
        r->fields[k].len = s->len;
    }
    rec->fields = r->fields;
    rec->nfields = nspans;
    return STATUS_OK;
}
