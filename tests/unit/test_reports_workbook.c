/*
 * Unit tests of reports/workbook.c: PROGRAMME-PERIOD.xlsx as a spreadsheet
 * reads it.
 *
 * The workbook of the fixture (report_fixture.h) is written into a
 * temporary folder and read back by tests/data/reports/xlsx_cells.py (the
 * .xlsx is a zip of XML; python3 reads it with zipfile and xml.etree): the
 * sheets, their frozen header rows, filters and native charts; every record
 * of the Figures sheet equal to the table of figures; number formats; the
 * Kaplan-Meier step tables; no NaN or infinity in any cell; no number beside
 * a withheld group; the same bytes on a rerun; a clear error for an
 * unwritable folder.
 */
#include "tests/check.h"
#include "tests/unit/report_fixture.h"

#include "charts/chart.h"
#include "common/map.h"
#include "common/status.h"
#include "common/str.h"
#include "reports/report.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

#define DUMPER "tests/data/reports/xlsx_cells.py"
#define BOOK "revmentor-2026-Q3.xlsx"

struct cell {
    char *sheet, *ref, *type, *value, *format;
};

struct sheetinfo {
    char name[64], frozen[16], filter[32];
    int charts;
};

static struct fixture fx;
static int fx_ok;
static char tmp[256], out_dir[300], book[400];
static struct cell *cells;
static size_t ncells;
static struct sheetinfo sheets[16];
static size_t nsheets;
static struct map where;    /* "Sheet!A1" -> index into cells */

/* ---- reading the workbook ------------------------------------------------------ */

static char *unescape(char *s)
{
    char *r = s, *w = s;

    while (*r) {
        if (r[0] == '\\' && r[1] != '\0') {
            *w++ = r[1] == 't' ? '\t' : (r[1] == 'n' ? '\n' : r[1]);
            r += 2;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
    return s;
}

static int load_cells(const char *path)
{
    char cmd[600], *line = NULL;
    size_t cap = 0, cellcap = 0;
    FILE *p;
    int st;

    snprintf(cmd, sizeof cmd, "python3 " DUMPER " '%s'", path);
    p = popen(cmd, "r");
    if (p == NULL)
        return -1;
    while (getline(&line, &cap, p) > 0) {
        char *f[6] = { 0 }, *save = line;
        int nf = 0;

        line[strcspn(line, "\n")] = '\0';
        while (nf < 6 && save != NULL) {
            f[nf++] = save;
            save = strchr(save, '\t');
            if (save != NULL)
                *save++ = '\0';
        }
        if (strcmp(f[0], "sheet") == 0 && nf >= 5 && nsheets < 16) {
            struct sheetinfo *s = &sheets[nsheets++];

            str_copy(s->name, sizeof s->name, f[1]);
            str_copy(s->frozen, sizeof s->frozen, f[2] + strlen("frozen="));
            str_copy(s->filter, sizeof s->filter, f[3] + strlen("autofilter="));
            s->charts = atoi(f[4] + strlen("charts="));
        } else if (strcmp(f[0], "cell") == 0 && nf == 6) {
            char key[128];

            if (ncells == cellcap) {
                cellcap = cellcap ? cellcap * 2 : 4096;
                cells = realloc(cells, cellcap * sizeof *cells);
                if (cells == NULL)
                    return -1;
            }
            cells[ncells].sheet = str_dup(f[1]);
            cells[ncells].ref = str_dup(f[2]);
            cells[ncells].type = str_dup(f[3]);
            cells[ncells].value = unescape(str_dup(f[4]));
            cells[ncells].format = str_dup(f[5]);
            snprintf(key, sizeof key, "%s!%s", f[1], f[2]);
            map_put(&where, key, strlen(key), (int64_t)ncells);
            ncells++;
        }
    }
    free(line);
    st = pclose(p);
    return st == 0 ? 0 : -1;
}

static const struct cell *cell_at(const char *sheet, const char *col, long row)
{
    char key[128];
    int64_t i;

    snprintf(key, sizeof key, "%s!%s%ld", sheet, col, row);
    return map_get(&where, key, strlen(key), &i) ? &cells[i] : NULL;
}

static const char *COLS[] = { "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M",
                              "N", "O", "P", "Q", "R", "S", "T", "U" };

/* A number cell equal to v (libxlsxwriter keeps 16 significant digits), or
 * no cell at all for NAN. */
static int number_is(const struct cell *c, double v)
{
    double got;

    if (!isfinite(v))
        return c == NULL;
    if (c == NULL || strcmp(c->type, "n") != 0)
        return 0;
    got = strtod(c->value, NULL);
    return fabs(got - v) <= 1e-14 * fabs(v) || fabs(got - v) < 1e-300;
}

static int text_is(const struct cell *c, const char *s)
{
    if (s == NULL || s[0] == '\0')
        return c == NULL;
    return c != NULL && strcmp(c->type, "s") == 0 && strcmp(c->value, s) == 0;
}

static void setup(void)
{
    snprintf(tmp, sizeof tmp, "%s/flipside-workbook.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (mkdtemp(tmp) == NULL) {
        perror("mkdtemp");
        exit(1);
    }
    snprintf(out_dir, sizeof out_dir, "%s/out", tmp);
    snprintf(book, sizeof book, "%s/%s", out_dir, BOOK);
    fx_ok = fixture_open(&fx) == STATUS_OK && mkdir(out_dir, 0750) == 0 &&
            report_workbook_write(&fx.in, out_dir) == STATUS_OK && load_cells(book) == 0;
    if (!fx_ok)
        fprintf(stderr, "setup: %s\n", err_msg());
}

static void teardown(void)
{
    char cmd[400];

    for (size_t i = 0; i < ncells; i++) {
        free(cells[i].sheet);
        free(cells[i].ref);
        free(cells[i].type);
        free(cells[i].value);
        free(cells[i].format);
    }
    free(cells);
    map_free(&where);
    fixture_close(&fx);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmp);
}

/* ---- tests ----------------------------------------------------------------------- */

static void sheets_panes_filters_and_charts(void)
{
    static const char *const names[9] = { "Summary", "Figures", "Retention", "Confidence",
                                          "Satisfaction", "Engagement", "Cohorts",
                                          "Data quality", "Methods" };
    char filter[32];

    CHECK(fx_ok);
    CHECK_INT(nsheets, 9);
    for (size_t i = 0; i < 9 && i < nsheets; i++) {
        CHECK_STR(sheets[i].name, names[i]);
        CHECK_STR(sheets[i].frozen, "A2");
    }
    snprintf(filter, sizeof filter, "A1:S%zu", fx.now.len + 1);
    CHECK_STR(sheets[1].filter, filter);
    CHECK_INT(sheets[2].charts, 1);   /* survival curves */
    CHECK_INT(sheets[5].charts, 1);   /* the monthly series */
    CHECK(text_is(cell_at("Figures", "A", 1), "key"));
    CHECK(text_is(cell_at("Figures", "S", 1), "suppressed"));
}

/* Every record of the table is a row of the Figures sheet, field by field. */
static void figures_sheet_equals_the_table(void)
{
    int bad = 0;

    CHECK(fx_ok);
    for (size_t i = 0; i < fx.now.len && bad < 5; i++) {
        const struct figure *f = &fx.now.rows[i];
        const char *texts[9] = { f->key, f->programme, f->cohort, f->versus, f->role,
                                 f->dimension, f->group, f->item, f->month };
        const double nums[9] = { f->n, f->events, f->estimate, f->lower, f->upper,
                                 f->statistic, f->df, f->p, f->p_adj };
        long row = (long)i + 2;

        for (int k = 0; k < 9; k++)
            if (!text_is(cell_at("Figures", COLS[k], row), texts[k])) {
                check_fail(__FILE__, __LINE__, "Figures!%s%ld is not \"%s\"", COLS[k], row,
                           texts[k]);
                bad++;
            }
        for (int k = 0; k < 9; k++) {
            const struct cell *c = cell_at("Figures", COLS[9 + k], row);

            if (f->suppressed && k == 2) {
                if (!text_is(c, "fewer than 5")) {
                    check_fail(__FILE__, __LINE__, "Figures!L%ld: withheld, not \"fewer than 5\"",
                               row);
                    bad++;
                }
            } else if (!number_is(c, nums[k])) {
                check_fail(__FILE__, __LINE__, "Figures!%s%ld = %s, want %.17g", COLS[9 + k], row,
                           c != NULL ? c->value : "(empty)", nums[k]);
                bad++;
            }
        }
        if (!number_is(cell_at("Figures", "S", row), f->suppressed ? 1 : 0)) {
            check_fail(__FILE__, __LINE__, "Figures!S%ld", row);
            bad++;
        }
    }
    CHECK(cell_at("Figures", "A", (long)fx.now.len + 2) == NULL);
}

static const struct cell *find_row_of(const char *sheet, const char *col_a_text, long *row)
{
    for (size_t i = 0; i < ncells; i++)
        if (strcmp(cells[i].sheet, sheet) == 0 && cells[i].ref[0] == 'A' &&
            isdigit((unsigned char)cells[i].ref[1]) && strcmp(cells[i].value, col_a_text) == 0) {
            *row = atol(cells[i].ref + 1);
            return &cells[i];
        }
    return NULL;
}

static void summary_headlines_and_formats(void)
{
    long row;
    const struct cell *c;

    CHECK(fx_ok);
    CHECK(find_row_of("Summary", "Active pairs", &row) != NULL);
    CHECK(number_is(cell_at("Summary", "B", row), FX_ACTIVE_PAIRS));
    CHECK(number_is(cell_at("Summary", "E", row), FX_LIVE_PAIRS));
    CHECK(number_is(cell_at("Summary", "F", row), FX_PREV_ACTIVE_PAIRS));
    CHECK(number_is(cell_at("Summary", "G", row), FX_ACTIVE_PAIRS - FX_PREV_ACTIVE_PAIRS));
    CHECK(find_row_of("Summary", "Share of matched pairs active", &row) != NULL);
    c = cell_at("Summary", "B", row);
    CHECK(number_is(c, (double)FX_ACTIVE_PAIRS / FX_LIVE_PAIRS));
    CHECK(c != NULL && strcmp(c->format, "0.0%") == 0);
    CHECK(find_row_of("Summary", "Contact hours", &row) != NULL);
    CHECK(number_is(cell_at("Summary", "B", row), FX_HOURS));
    CHECK(find_row_of("Summary", "Confidence change", &row) != NULL);
    CHECK(number_is(cell_at("Summary", "B", row), FX_CONF_CHANGE));
    CHECK(number_is(cell_at("Summary", "F", row), FX_PREV_CONF_CHANGE));
    CHECK(find_row_of("Summary", "Satisfaction", &row) != NULL);
    c = cell_at("Summary", "B", row);
    CHECK(number_is(c, FX_SAT_MEAN));
    CHECK(c != NULL && strcmp(c->format, "0.00") == 0);
    CHECK(find_row_of("Summary", "Adjusted hazard ratio of leaving", &row) != NULL);
    CHECK(number_is(cell_at("Summary", "B", row), FX_HR));
    CHECK(number_is(cell_at("Summary", "C", row), FX_HR_LOWER));
    CHECK(number_is(cell_at("Summary", "D", row), FX_HR_UPPER));
    CHECK(number_is(cell_at("Summary", "F", row), FX_PREV_HR));
    /* dates are dates: day numbers with a date format */
    CHECK(find_row_of("Summary", "Figures as of", &row) != NULL);
    c = cell_at("Summary", "B", row);
    CHECK(number_is(c, 46295));   /* 30 September 2026 in Excel's day count */
    CHECK(c != NULL && strcmp(c->format, "d mmm yyyy") == 0);
}

static void number_formats_by_kind(void)
{
    int shares = 0, pvals = 0;

    CHECK(fx_ok);
    for (size_t i = 0; i < fx.now.len; i++) {
        const struct figure *f = &fx.now.rows[i];
        const struct cell *e = cell_at("Figures", "L", (long)i + 2);
        const struct cell *p = cell_at("Figures", "Q", (long)i + 2);

        if (strcmp(f->key, "retention.s12") == 0 && e != NULL && strcmp(e->type, "n") == 0) {
            shares++;
            if (strcmp(e->format, "0.0%") != 0)
                check_fail(__FILE__, __LINE__, "share in %s has format %s", e->ref, e->format);
        }
        if (p != NULL && isfinite(f->p)) {
            const char *want = f->p >= 0.1 ? "0.000"
                                           : (f->p >= 0.01 ? "0.0000"
                                                           : (f->p >= 0.001 ? "0.00000"
                                                                            : "0.00E+00"));

            pvals++;
            if (strcmp(p->format, want) != 0)
                check_fail(__FILE__, __LINE__, "p %.6g in %s has format %s, want %s", f->p,
                           p->ref, p->format, want);
        }
    }
    CHECK(shares > 100);
    CHECK(pvals > 100);
}

static void retention_sheet_holds_the_step_tables(void)
{
    long row = 2;
    int bad = 0;

    CHECK(fx_ok);
    for (size_t k = 0; k < fx.now.ncurves && bad < 5; k++) {
        const struct figcurve *cv = &fx.now.curves[k];

        for (size_t s = 0; s < cv->steps && bad < 5; s++, row++) {
            if (!number_is(cell_at("Retention", "C", row), cv->time[s]) ||
                !number_is(cell_at("Retention", "D", row), cv->n_risk[s]) ||
                !number_is(cell_at("Retention", "E", row), cv->n_event[s]) ||
                !number_is(cell_at("Retention", "F", row), cv->n_censor[s]) ||
                !number_is(cell_at("Retention", "G", row), cv->surv[s]) ||
                !number_is(cell_at("Retention", "H", row), cv->lower[s]) ||
                !number_is(cell_at("Retention", "I", row), cv->upper[s])) {
                check_fail(__FILE__, __LINE__, "Retention row %ld: curve %s/%s step %zu", row,
                           cv->cohort, cv->role, s);
                bad++;
            }
        }
    }
    CHECK(cell_at("Retention", "C", row) == NULL);
}

static void no_nan_or_infinity_anywhere(void)
{
    char cmd[600], out[64];
    FILE *p;

    CHECK(fx_ok);
    for (size_t i = 0; i < ncells; i++) {
        double v;
        char *end;

        if (strcmp(cells[i].type, "n") != 0)
            continue;
        v = strtod(cells[i].value, &end);
        if (*end != '\0' || !isfinite(v))
            check_fail(__FILE__, __LINE__, "%s!%s holds %s", cells[i].sheet, cells[i].ref,
                       cells[i].value);
    }
    /* and nowhere in the XML either */
    snprintf(cmd, sizeof cmd,
             "python3 -c 'import re, sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); "
             "print(sum(len(re.findall(rb\"<v>-?(?i:nan|inf)\", z.read(n))) "
             "for n in z.namelist() if n.startswith(\"xl/worksheets/\")))' '%s'",
             book);
    p = popen(cmd, "r");
    CHECK(p != NULL);
    if (p != NULL) {
        if (fgets(out, sizeof out, p) == NULL)
            out[0] = '\0';
        pclose(p);
        CHECK(strcmp(out, "0\n") == 0);
    }
}

/* A row that says "fewer than 5" has no number in it (the Figures sheet's
 * suppressed flag apart). */
static void withheld_rows_hold_no_numbers(void)
{
    int rows = 0;

    CHECK(fx_ok);
    for (size_t i = 0; i < ncells; i++) {
        const struct cell *c = &cells[i];
        long row;

        if (strcmp(c->value, "fewer than 5") != 0 || strcmp(c->sheet, "Summary") == 0)
            continue;
        row = atol(c->ref + strspn(c->ref, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
        rows++;
        for (size_t k = 0; k < sizeof COLS / sizeof *COLS; k++) {
            const struct cell *o = cell_at(c->sheet, COLS[k], row);

            if (strcmp(c->sheet, "Figures") == 0 && k == 18)
                continue;
            /* Retention sheet: the chart's step points share the rows */
            if (strcmp(c->sheet, "Retention") == 0 && k >= 9)
                continue;
            if (o != NULL && strcmp(o->type, "n") == 0)
                check_fail(__FILE__, __LINE__, "%s row %ld is withheld but %s%ld = %s", c->sheet,
                           row, COLS[k], row, o->value);
        }
    }
    CHECK(rows > 1000);
}

static void rerun_gives_the_same_bytes(void)
{
    char again[400], other[500];
    FILE *a, *b;
    int same = 1;

    CHECK(fx_ok);
    snprintf(again, sizeof again, "%s/again", tmp);
    CHECK(mkdir(again, 0750) == 0);
    sleep(1);
    CHECK_INT(report_workbook_write(&fx.in, again), STATUS_OK);
    snprintf(other, sizeof other, "%s/%s", again, BOOK);
    a = fopen(book, "rb");
    b = fopen(other, "rb");
    CHECK(a != NULL && b != NULL);
    while (a != NULL && b != NULL) {
        int ca = fgetc(a), cb = fgetc(b);

        if (ca != cb) {
            same = 0;
            break;
        }
        if (ca == EOF)
            break;
    }
    if (a != NULL)
        fclose(a);
    if (b != NULL)
        fclose(b);
    CHECK(same);
}

static void unwritable_folder_is_a_clear_error(void)
{
    char path[400];
    struct stat sb;

    CHECK(fx_ok);
    snprintf(path, sizeof path, "%s/not-there", tmp);
    CHECK_INT(report_workbook_write(&fx.in, path), STATUS_IO);
    CHECK(strstr(err_msg(), "not-there") != NULL);
    CHECK(stat(book, &sb) == 0 && (sb.st_mode & 0777) == 0640);
}

static void range_period_names_the_file_as_its_folder(void)
{
    struct report_input in = fx.in;
    char name[160], path[500];

    CHECK(fx_ok);
    in.period = "2026-07-01..2026-09-30";
    CHECK_INT(report_workbook_name(&in, name, sizeof name), STATUS_OK);
    CHECK_STR(name, "revmentor-2026-07-01_2026-09-30.xlsx");
    CHECK_INT(report_workbook_write(&in, out_dir), STATUS_OK);
    snprintf(path, sizeof path, "%s/%s", out_dir, name);
    CHECK(access(path, R_OK) == 0);
    in.period = "../../etc";
    CHECK_INT(report_workbook_name(&in, name, sizeof name), STATUS_USAGE);
    CHECK_INT(report_workbook_write(&in, out_dir), STATUS_USAGE);
    in.period = "2026-Q3";
    in.programme = "a/b";
    CHECK_INT(report_workbook_write(&in, out_dir), STATUS_USAGE);
}

int main(void)
{
    setup();
    RUN(sheets_panes_filters_and_charts);
    RUN(figures_sheet_equals_the_table);
    RUN(summary_headlines_and_formats);
    RUN(number_formats_by_kind);
    RUN(retention_sheet_holds_the_step_tables);
    RUN(no_nan_or_infinity_anywhere);
    RUN(withheld_rows_hold_no_numbers);
    RUN(rerun_gives_the_same_bytes);
    RUN(unwritable_folder_is_a_clear_error);
    RUN(range_period_names_the_file_as_its_folder);
    teardown();
    chart_cleanup();
    return check_done();
}
