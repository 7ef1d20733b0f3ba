/* Unit tests of the CSV reader (pipeline/csv.c): RFC 4180 and every way a record can be broken. */
#include "tests/check.h"

#include "pipeline/csv.h"
#include "common/status.h"

#include <stdlib.h>

/* Read all records of `text`; each record's fields joined by '|', errors as "!error". */
static void read_all(const char *text, size_t len, char *out, size_t size, long *lines, int max)
{
    struct csv_reader *r = NULL;
    struct csv_record rec;
    size_t used = 0;
    int i = 0;

    out[0] = '\0';
    CHECK_INT(csv_open_mem(text, len, &r), STATUS_OK);
    while (csv_next(r, &rec) == STATUS_OK && i < max) {
        if (lines)
            lines[i] = rec.line;
        i++;
        if (rec.error) {
            used += (size_t)snprintf(out + used, size - used, "[!%.24s]", rec.error);
            continue;
        }
        used += (size_t)snprintf(out + used, size - used, "[");
        for (size_t f = 0; f < rec.nfields; f++)
            used += (size_t)snprintf(out + used, size - used, "%s%.*s", f ? "|" : "",
                                     (int)rec.fields[f].len, rec.fields[f].p);
        used += (size_t)snprintf(out + used, size - used, "]");
    }
    csv_close(r);
}

#define READ(text, want) do { \
        char got_[1024]; \
        read_all(text, sizeof(text) - 1, got_, sizeof got_, NULL, 100); \
        CHECK_STR(got_, want); \
    } while (0)

static void plain_and_quoted(void)
{
    READ("a,b,c\n1,2,3\n", "[a|b|c][1|2|3]");
    READ("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n", "[a|b][x,y|say \"hi\"]");
    READ("a,b\n,\n", "[a|b][|]");
    READ("a\n\"\"\n", "[a][]");
    READ("a,b\n1,2", "[a|b][1|2]");
}

static void line_ends_and_bom(void)
{
    READ("\xEF\xBB\xBF" "a,b\r\n1,2\r\n", "[a|b][1|2]");
    READ("a,b\r1,2\r", "[a|b][1|2]");
    READ("a\n\n  \n\t\nb\n", "[a][b]");
}

static void multiline_fields_keep_line_numbers(void)
{
    const char text[] = "h1,h2\n\"two\nlines\",x\r\nnext,y\n";
    char out[256];
    long lines[4] = { 0 };

    read_all(text, sizeof text - 1, out, sizeof out, lines, 4);
    CHECK_STR(out, "[h1|h2][two\nlines|x][next|y]");
    CHECK_INT(lines[0], 1);
    CHECK_INT(lines[1], 2);
    CHECK_INT(lines[2], 4);
}

static void broken_records_cost_one_record(void)
{
    char out[512];
    long lines[8] = { 0 };
    const char unclosed[] = "a,b\n1,\"oops\n2,3\n4,5\n";

    READ("a,b\n1,x\"y\n2,3\n", "[a|b][!a quote inside an unquot][2|3]");
    READ("a,b\n\"1\"x,2\n3,4\n", "[a|b][!text follows a closing q][3|4]");
    read_all(unclosed, sizeof unclosed - 1, out, sizeof out, lines, 8);
    CHECK_STR(out, "[a|b][!a quoted field is never ][2|3][4|5]");
    CHECK_INT(lines[1], 2);
    CHECK_INT(lines[2], 3);
    CHECK_INT(lines[3], 4);
    READ("a\n\xff\xfe\n\xc3\xa9\n", "[a][!the row is not valid UTF][\xc3\xa9]");
}

static void field_and_record_caps(void)
{
    size_t big = CSV_FIELD_MAX + 1;
    char *text = malloc(big + 16);
    char out[256];

    memcpy(text, "a\n", 2);
    memset(text + 2, 'x', big);
    memcpy(text + 2 + big, "\nok\n", 4);
    read_all(text, big + 6, out, sizeof out, NULL, 10);
    CHECK_STR(out, "[a][!field 1 is over 10000 by][ok]");
    free(text);
}

static void nul_and_binary(void)
{
    const char text[] = "a\nx\0y\nz\n";
    struct csv_reader *r = NULL;
    char out[256];

    read_all(text, sizeof text - 1, out, sizeof out, NULL, 10);
    CHECK_STR(out, "[a][!the row holds a NUL byte][z]");
    CHECK_INT(csv_open_mem(text, sizeof text - 1, &r), STATUS_OK);
    CHECK(csv_looks_binary(r));
    csv_close(r);
}

/*
 * Random bytes from a small alphabet: the reader must never crash, and the
 * raw slices of the records must lie inside the input, in order.
 */
static void random_inputs_hold_invariants(void)
{
    const char alphabet[] = "ab,\"\n\r \xc3\xa9\xff";
    unsigned seed = 12345;
    char text[300];

    for (int round = 0; round < 20000; round++) {
        size_t len = (size_t)(seed % sizeof text);
        struct csv_reader *r = NULL;
        struct csv_record rec;
        const char *last = text;

        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            text[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        seed = seed * 1103515245u + 12345u;
        if (csv_open_mem(text, len, &r) != STATUS_OK) {
            CHECK(!"open failed");
            return;
        }
        while (csv_next(r, &rec) == STATUS_OK) {
            if (rec.raw < last || rec.raw + rec.raw_len > text + len) {
                CHECK(!"a record's raw text lies outside the input or goes backwards");
                break;
            }
            if (rec.error == NULL && rec.nfields == 0) {
                CHECK(!"a record without fields and without an error");
                break;
            }
            last = rec.raw + rec.raw_len;
        }
        csv_close(r);
    }
}

int main(void)
{
    RUN(plain_and_quoted);
    RUN(line_ends_and_bom);
    RUN(multiline_fields_keep_line_numbers);
    RUN(broken_records_cost_one_record);
    RUN(field_and_record_caps);
    RUN(nul_and_binary);
    RUN(random_inputs_hold_invariants);
    return check_done();
}
