/*
 * Unit tests of reports/: the three PDF documents as a reader sees them.
 *
 * The documents are rendered from the fixture of report_fixture.h into a
 * temporary folder and read back with pdftotext -layout and pdfinfo
 * (poppler-utils): the headline figures appear exactly as rounded for
 * display, every demographic group shows its figures and a withheld group
 * shows none, every page has its footer, a rerun gives the same bytes, and
 * an unwritable folder gives a clear error status. The workbook has its own
 * tests in test_reports_workbook.c.
 *
 * FLIPSIDE_REPORT_SAMPLES=DIR also writes the documents to DIR, for looking
 * at (pdftoppm -png -r 60 DIR/impact.pdf page).
 */
#include "tests/check.h"
#include "tests/unit/report_fixture.h"

#include "charts/chart.h"
#include "common/buf.h"
#include "common/status.h"
#include "common/str.h"
#include "reports/format.h"
#include "reports/report.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* fontconfig leaks a few blocks in any pango program (see test_charts.c). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

static struct fixture fx;
static int fx_ok;
static char tmp[256];
static char out_dir[300];     /* the documents of the fixture, rendered once */
/* -layout text (lines as on the page) and -raw text with runs of white space
 * made one space (a cell's or a paragraph's words in a row, for phrases) */
static char impact_text[1 << 20], retention_text[1 << 20], cohorts_text[1 << 20];
static char impact_flat[1 << 20], retention_flat[1 << 20], cohorts_flat[1 << 20];

/* ---- helpers ---------------------------------------------------------------- */

static int make_dir(const char *path)
{
    char charts[512];

    snprintf(charts, sizeof charts, "%s/charts", path);
    if (mkdir(path, 0750) != 0 && errno != EEXIST)
        return -1;
    if (mkdir(charts, 0750) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

/* Run a command and keep its standard output (at most size - 1 bytes). */
static int run_capture(const char *cmd, char *out, size_t size)
{
    FILE *p = popen(cmd, "r");
    size_t n = 0, got;

    out[0] = '\0';
    if (p == NULL)
        return -1;
    while (n + 1 < size && (got = fread(out + n, 1, size - 1 - n, p)) > 0)
        n += got;
    out[n] = '\0';
    return pclose(p);
}

static int pdf_text(const char *pdf, char *out, size_t size)
{
    char cmd[600];

    snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' - 2>/dev/null", pdf);
    return run_capture(cmd, out, size);
}

/* pdftotext -raw, white space runs made one space. */
static int pdf_flat(const char *pdf, char *out, size_t size)
{
    char cmd[600];
    int st;
    size_t j = 0;

    snprintf(cmd, sizeof cmd, "pdftotext -raw '%s' - 2>/dev/null", pdf);
    st = run_capture(cmd, out, size);
    for (size_t i = 0; out[i] != '\0'; i++) {
        int space = out[i] == ' ' || out[i] == '\n' || out[i] == '\t' || out[i] == '\f';

        if (space && (j == 0 || out[j - 1] == ' '))
            continue;
        out[j++] = space ? ' ' : out[i];
    }
    out[j] = '\0';
    return st;
}

static int file_same(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    int same = fa != NULL && fb != NULL;

    while (same) {
        int ca = fgetc(fa), cb = fgetc(fb);

        if (ca != cb)
            same = 0;
        if (ca == EOF || cb == EOF)
            break;
    }
    if (fa != NULL)
        fclose(fa);
    if (fb != NULL)
        fclose(fb);
    return same;
}

/* Does `text` hold `needle`? Says which when it does not. */
#define CHECK_HAS(text, needle) do { \
        if (strstr((text), (needle)) == NULL) \
            check_fail(__FILE__, __LINE__, "text lacks \"%s\"", (needle)); \
    } while (0)

/* "84.1%": a share as the reports round it, written here independently. */
static void share_text(double v, char *out, size_t size)
{
    snprintf(out, size, "%.1f%%", 100 * v);
}

/*
 * The lines of `text` that contain `name`: none may carry a digit other
 * than the N of "fewer than N" (a withheld group never shows a number).
 * Returns how many lines named it.
 */
static int lines_without_numbers(const char *text, const char *name, const char *where)
{
    const char *p = text;
    int found = 0;

    while ((p = strstr(p, name)) != NULL) {
        const char *a = p, *b = p;
        char line[1024];
        size_t n;
        char *fewer;

        while (a > text && a[-1] != '\n')
            a--;
        while (*b != '\0' && *b != '\n')
            b++;
        n = (size_t)(b - a) < sizeof line - 1 ? (size_t)(b - a) : sizeof line - 1;
        memcpy(line, a, n);
        line[n] = '\0';
        while ((fewer = strstr(line, "fewer than 5")) != NULL)
            memset(fewer, ' ', strlen("fewer than 5"));
        for (char *q = line; *q; q++)
            if (isdigit((unsigned char)*q)) {
                check_fail(__FILE__, __LINE__, "%s: withheld group \"%s\" beside a number: %s",
                           where, name, line);
                break;
            }
        found++;
        p = b;
    }
    return found;
}

/* The line after the first line that is exactly `heading` (spaces trimmed). */
static int line_after(const char *text, const char *heading, char *out, size_t size)
{
    const char *p = text;

    while (*p != '\0') {
        const char *e = strchr(p, '\n'), *a = p, *b;

        if (e == NULL)
            e = p + strlen(p);
        while (a < e && *a == ' ')
            a++;
        b = e;
        while (b > a && (b[-1] == ' ' || b[-1] == '\r'))
            b--;
        if ((size_t)(b - a) == strlen(heading) && memcmp(a, heading, strlen(heading)) == 0 &&
            *e == '\n') {
            const char *n = e + 1, *ne = strchr(n, '\n');
            size_t len;

            if (ne == NULL)
                ne = n + strlen(n);
            len = (size_t)(ne - n) < size - 1 ? (size_t)(ne - n) : size - 1;
            memcpy(out, n, len);
            out[len] = '\0';
            return 1;
        }
        p = *e == '\n' ? e + 1 : e;
    }
    return 0;
}

/* ---- the fixture, rendered once ------------------------------------------------ */

static void setup(void)
{
    char path[400];
    const char *samples = getenv("FLIPSIDE_REPORT_SAMPLES");

    snprintf(tmp, sizeof tmp, "%s/flipside-reports.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (mkdtemp(tmp) == NULL) {
        perror("mkdtemp");
        exit(1);
    }
    fx_ok = fixture_open(&fx) == STATUS_OK;
    snprintf(out_dir, sizeof out_dir, "%s/out", tmp);
    if (!fx_ok || make_dir(out_dir) != 0 || report_all_write(&fx.in, out_dir) != STATUS_OK) {
        fprintf(stderr, "setup: %s\n", err_msg());
        fx_ok = 0;
        return;
    }
    snprintf(path, sizeof path, "%s/impact.pdf", out_dir);
    pdf_text(path, impact_text, sizeof impact_text);
    pdf_flat(path, impact_flat, sizeof impact_flat);
    snprintf(path, sizeof path, "%s/retention.pdf", out_dir);
    pdf_text(path, retention_text, sizeof retention_text);
    pdf_flat(path, retention_flat, sizeof retention_flat);
    snprintf(path, sizeof path, "%s/cohorts.pdf", out_dir);
    pdf_text(path, cohorts_text, sizeof cohorts_text);
    pdf_flat(path, cohorts_flat, sizeof cohorts_flat);
    if (samples != NULL && samples[0] != '\0' && make_dir(samples) == 0)
        report_all_write(&fx.in, samples);
}

static void teardown(void)
{
    char cmd[400];

    fixture_close(&fx);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmp);
}

/* ---- number formats ---------------------------------------------------------------- */

static void formats_round_for_display(void)
{
    char s[REPORT_TEXT];

    report_fmt(s, sizeof s, 0.91592920353982, REPORT_SHARE);
    CHECK_STR(s, "91.6%");
    report_fmt(s, sizeof s, 4.2137, REPORT_MEAN);
    CHECK_STR(s, "4.21");
    report_fmt(s, sizeof s, 0.4231, REPORT_CHANGE);
    CHECK_STR(s, "+0.42");
    report_fmt(s, sizeof s, -0.104, REPORT_CHANGE);
    CHECK_STR(s, "\xe2\x88\x92" "0.10");
    report_fmt(s, sizeof s, 0.021, REPORT_POINTS);
    CHECK_STR(s, "+2.1 pts");
    report_fmt(s, sizeof s, 1187.4166666666667, REPORT_HOURS);
    CHECK_STR(s, "1,187.4");
    report_fmt(s, sizeof s, 12480, REPORT_COUNT);
    CHECK_STR(s, "12,480");
    report_fmt(s, sizeof s, 38.202247191011, REPORT_NPS);
    CHECK_STR(s, "+38.2");
    report_fmt(s, sizeof s, NAN, REPORT_SHARE);
    CHECK_STR(s, "");
    report_fmt_ci(s, sizeof s, -0.01, 0.056, REPORT_POINTS);
    CHECK_STR(s, "\xe2\x88\x92" "1.0 to 5.6 pts");
    report_fmt_est_ci(s, sizeof s, 0.72, 0.61, 0.85, REPORT_RATIO);
    CHECK_STR(s, "0.72 (0.61 to 0.85)");
    report_fmt_est_ci(s, sizeof s, 0.72, NAN, 0.85, REPORT_RATIO);
    CHECK_STR(s, "0.72");
}

static void formats_p_values(void)
{
    char s[REPORT_TEXT];

    report_fmt_p(s, sizeof s, 0.5);
    CHECK_STR(s, "0.500");
    report_fmt_p(s, sizeof s, 0.045678);
    CHECK_STR(s, "0.0457");
    report_fmt_p(s, sizeof s, 0.0012);
    CHECK_STR(s, "0.00120");
    report_fmt_p(s, sizeof s, 0.000133);
    CHECK_STR(s, "< 0.001");
    report_fmt_p(s, sizeof s, 0.99996);
    CHECK_STR(s, "1.00");
    report_fmt_p(s, sizeof s, NAN);
    CHECK_STR(s, "");
    report_fmt_df(s, sizeof s, 2);
    CHECK_STR(s, "2");
    report_fmt_df(s, sizeof s, 41.27);
    CHECK_STR(s, "41.3");
    report_fmt_date(s, sizeof s, date_from_ymd(2026, 9, 30));
    CHECK_STR(s, "30 September 2026");
    report_fmt_month(s, sizeof s, "2026-07");
    CHECK_STR(s, "Jul 2026");
}

/* ---- impact.pdf ------------------------------------------------------------------------ */

static void impact_headline_tiles(void)
{
    CHECK(fx_ok);
    /* values, their context and their change, as rounded for display */
    CHECK_HAS(impact_text, "of 452 matched pairs (91.6%)");
    CHECK_HAS(impact_text, "up 16 from 398 in 2026-Q2");
    CHECK_HAS(impact_text, "2.41 per active pair");
    CHECK_HAS(impact_text, "up 48 from 951 in 2026-Q2");
    CHECK_HAS(impact_text, "1,187.4");
    CHECK_HAS(impact_text, "hours in 999 sessions");
    CHECK_HAS(impact_text, "up 66.8 from 1,120.6 in 2026-Q2");
    CHECK_HAS(impact_text, "+0.42");
    CHECK_HAS(impact_text, "n = 318");
    CHECK_HAS(impact_text, "up 0.02 from +0.40 in 2026-Q2");
    CHECK_HAS(impact_text, "4.21");
    CHECK_HAS(impact_text, "n = 356");
    CHECK_HAS(impact_text, "up 0.03 from 4.18 in 2026-Q2");
    CHECK_HAS(impact_text, "+38.2");
    CHECK_HAS(impact_text, "up 3.1 from +35.1 in 2026-Q2");
    CHECK_HAS(impact_text, "0.72");
    CHECK_HAS(impact_text, "adjusted hazard ratio, 95% CI 0.61 to 0.85");
    CHECK_HAS(impact_text, "was 0.75 in 2026-Q2");
    /* promoters 168/356, detractors 32/356 */
    CHECK_HAS(impact_text, "47.2% would recommend");
    CHECK_HAS(impact_text, "9.0%");
    CHECK_HAS(impact_text, "28% lower rate");
}

static void impact_retention_and_quality(void)
{
    const struct figure *sp = figtable_find(&fx.now, "retention.s12", "all", NULL, "all", "none",
                                            "all", NULL, NULL);
    const struct figure *sn = figtable_find(&fx.now, "retention.s12", "all", NULL,
                                            "non-participant", "none", "all", NULL, NULL);
    char a[32], b[64];

    CHECK(fx_ok);
    CHECK(sp != NULL && sn != NULL);
    if (sp == NULL || sn == NULL)
        return;
    share_text(sp->estimate, a, sizeof a);
    share_text(sn->estimate, b, sizeof b);
    CHECK_HAS(impact_text, a);
    CHECK_HAS(impact_text, b);
    /* the comparison is explained in words */
    CHECK_HAS(impact_flat, "A straight comparison of participants with everyone else "
                           "therefore overstates what the programme did");
    CHECK_HAS(impact_flat, "the adjusted hazard ratio");
    CHECK_HAS(impact_text, "Methods: what each figure is");
    /* data quality: quarantined rows of the fixture add up to 47 */
    CHECK_HAS(impact_flat, "47 rows were set aside");
    CHECK_HAS(impact_text, "12,480");
    CHECK_HAS(impact_text, "924 of 1,030");
    CHECK_HAS(impact_text, "Response rate");
}

static void impact_engagement_and_surveys(void)
{
    CHECK(fx_ok);
    CHECK_HAS(impact_text, "Sessions held and active pairs, month by month");
    CHECK_HAS(impact_text, "357");            /* September's sessions */
    CHECK_HAS(impact_text, "Video call");
    CHECK_HAS(impact_text, "AI tools");
    CHECK_HAS(impact_text, "Confidence before and after");
    CHECK_HAS(impact_text, "3.12 on joining");
    CHECK_HAS(impact_text, "3.54 on leaving");
    CHECK_HAS(impact_text, "Using AI tools in my work");
    CHECK_HAS(impact_text, "Satisfaction and recommendation");
}

/* Every page has "Page N of M" and the disclosure line, N from 1 to M. */
static void check_footers(const char *text, const char *what)
{
    const char *p = strstr(text, "Page 1 of ");
    int pages = p != NULL ? atoi(p + strlen("Page 1 of ")) : 0;
    int disclosure = 0;

    if (pages < 3) {
        check_fail(__FILE__, __LINE__, "%s: %d pages", what, pages);
        return;
    }
    for (int i = 1; i <= pages; i++) {
        char footer[40];

        snprintf(footer, sizeof footer, "Page %d of %d", i, pages);
        if (strstr(text, footer) == NULL)
            check_fail(__FILE__, __LINE__, "%s: no \"%s\"", what, footer);
    }
    for (p = text; (p = strstr(p, "Contains no individual data")) != NULL; p++)
        disclosure++;
    if (disclosure != pages)
        check_fail(__FILE__, __LINE__, "%s: %d pages, %d disclosure lines", what, pages,
                   disclosure);
}

static void every_page_has_its_footer(void)
{
    CHECK(fx_ok);
    check_footers(impact_text, "impact.pdf");
    check_footers(retention_text, "retention.pdf");
    check_footers(cohorts_text, "cohorts.pdf");
    CHECK_HAS(impact_text, "revmentor \xc2\xb7 Quarterly impact report");
    CHECK_HAS(impact_text, "2026-Q3 \xc2\xb7 as of 30 September 2026");
}

/* ---- retention.pdf ----------------------------------------------------------------------- */

static void retention_every_group_shown(void)
{
    static const char *const dims[] = { "gender", "ethnicity", "age_band", "grade", "network",
                                        "department", "org" };
    int shown = 0, hidden = 0;

    CHECK(fx_ok);
    for (size_t r = 0; r < fx.now.len; r++) {
        const struct figure *f = &fx.now.rows[r];
        char s[32];
        int dim = 0;

        for (size_t d = 0; d < sizeof dims / sizeof *dims; d++)
            dim |= strcmp(f->dimension, dims[d]) == 0;
        if (!dim || strcmp(f->key, "retention.s12") != 0 || strcmp(f->cohort, "all") != 0 ||
            (strcmp(f->role, "all") != 0 && strcmp(f->role, "non-participant") != 0))
            continue;
        if (f->suppressed) {
            hidden++;
            continue;
        }
        share_text(f->estimate, s, sizeof s);
        if (strstr(retention_text, s) == NULL)
            check_fail(__FILE__, __LINE__, "retention.pdf lacks %s (%s %s %s)", s, f->role,
                       f->dimension, f->group);
        shown++;
    }
    CHECK(shown > 50);
    CHECK(hidden >= 6);
    /* UTF-8 group names come out whole */
    CHECK_HAS(retention_text, "M\xc3\xbcllersch\xc3\xb6n AG");
    CHECK_HAS(retention_text, "D'Souza & Partners");
    CHECK_HAS(retention_text, "Women's Network");
    CHECK_HAS(retention_text, "Holm-adjusted");
}

static void withheld_groups_show_no_numbers(void)
{
    /* withheld among the participants of cohort "all": primary and secondary */
    static const char *const names[] = { "Non-binary", "Disability & Neurodiversity Network",
                                         "Legal", "Pride Network", "People & Culture" };
    static const char *const docs[3] = { "impact.pdf", "retention.pdf", "cohorts.pdf" };
    const char *texts[3] = { impact_text, retention_text, cohorts_text };

    CHECK(fx_ok);
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char next[1024];
        int seen = 0;

        for (int d = 0; d < 3; d++)
            seen += lines_without_numbers(texts[d], names[i], docs[d]);
        CHECK(seen >= 2);   /* the chart's row and the table's heading */
        /* the table: the group's heading, then its participants' line */
        if (!line_after(retention_text, names[i], next, sizeof next)) {
            check_fail(__FILE__, __LINE__, "no table heading \"%s\"", names[i]);
            continue;
        }
        if (strstr(next, "Participants") == NULL || strstr(next, "fewer than 5") == NULL)
            check_fail(__FILE__, __LINE__, "after \"%s\": %s", names[i], next);
        else
            lines_without_numbers(next, "Participants", "retention.pdf");
    }
    CHECK_HAS(retention_text, "fewer than 5");
    CHECK_HAS(retention_text, "marks a group of fewer than 5 people");
}

/* ---- cohorts.pdf --------------------------------------------------------------------------- */

static void cohorts_pairs_and_results(void)
{
    CHECK(fx_ok);
    CHECK_HAS(cohorts_flat, "Cohort comparison");
    CHECK_HAS(cohorts_flat, "P1 (Pilot \xe2\x80\x93 spring 2024)");
    CHECK_HAS(cohorts_text, "F1 (Wave 1 \xe2\x80\x93 autumn 2024) against P1 (Pilot \xe2\x80\x93 "
                            "spring 2024)");
    CHECK_HAS(cohorts_text, "F4 (Wave 4 \xe2\x80\x93 spring 2026) against F3 (Wave 3 "
                            "\xe2\x80\x93 autumn 2025)");
    /* the planted results: F3's satisfaction below P1's, F2's above, F1's activity above */
    CHECK_HAS(cohorts_flat, "Not held: F3's satisfaction is lower than P1's");
    CHECK_HAS(cohorts_flat, "Held and improved: F2's satisfaction is higher");
    CHECK_HAS(cohorts_flat, "Held and improved: F1's share of pairs");
    CHECK_HAS(cohorts_flat, "Not compared: fewer than 5 people on one side.");
    CHECK_HAS(cohorts_flat, "F3 kept P1's results on 4 of the 5 measures");
    CHECK_HAS(cohorts_flat, "Survival by cohort");
    CHECK_HAS(cohorts_flat, "Hedges' g");
}

/* Every number in the cohort tables comes from the figures: spot-check the differences. */
static void cohorts_differences_from_figures(void)
{
    int checked = 0;

    CHECK(fx_ok);
    for (size_t r = 0; r < fx.now.len; r++) {
        const struct figure *f = &fx.now.rows[r];
        char s[64];

        if (strcmp(f->key, "compare.satisfaction") != 0 || f->suppressed || !isfinite(f->estimate))
            continue;
        snprintf(s, sizeof s, "%s%.2f", f->estimate < 0 ? "\xe2\x88\x92" : "+", fabs(f->estimate));
        if (strcmp(s, "+0.00") == 0 || strcmp(s, "\xe2\x88\x92" "0.00") == 0)
            snprintf(s, sizeof s, "0.00");
        if (strstr(cohorts_text, s) == NULL)
            check_fail(__FILE__, __LINE__, "cohorts.pdf lacks %s (%s vs %s)", s, f->cohort,
                       f->versus);
        checked++;
    }
    CHECK_INT(checked, 10);
}

/* ---- files ----------------------------------------------------------------------------------- */

static void charts_written_as_png_and_svg(void)
{
    char path[400];
    DIR *dir;
    struct dirent *e;
    int png = 0, svg = 0;

    CHECK(fx_ok);
    snprintf(path, sizeof path, "%s/charts", out_dir);
    dir = opendir(path);
    CHECK(dir != NULL);
    if (dir == NULL)
        return;
    while ((e = readdir(dir)) != NULL) {
        size_t n = strlen(e->d_name);
        char other[400];
        struct stat sb;

        if (n > 4 && strcmp(e->d_name + n - 4, ".png") == 0) {
            png++;
            str_fmt(other, sizeof other, "%s/%.*s.svg", path, (int)(n - 4), e->d_name);
            if (stat(other, &sb) != 0)
                check_fail(__FILE__, __LINE__, "%s has no SVG", e->d_name);
            str_fmt(other, sizeof other, "%s/%s", path, e->d_name);
            if (stat(other, &sb) == 0 && (sb.st_mode & 0777) != 0640)
                check_fail(__FILE__, __LINE__, "%s mode %o", e->d_name, sb.st_mode & 0777);
        } else if (n > 4 && strcmp(e->d_name + n - 4, ".svg") == 0) {
            svg++;
        }
    }
    closedir(dir);
    CHECK_INT(png, svg);
    /* impact 9, retention 4 + one per dimension, cohorts 3 */
    CHECK_INT(png, 23);
    snprintf(path, sizeof path, "%s/charts/retention-gender.png", out_dir);
    CHECK(access(path, R_OK) == 0);
    snprintf(path, sizeof path, "%s/charts/cohorts-forest-differences.svg", out_dir);
    CHECK(access(path, R_OK) == 0);
    snprintf(path, sizeof path, "%s/charts/impact-summary.png", out_dir);
    CHECK(access(path, R_OK) == 0);
}

static void pdf_metadata_from_the_as_of_date(void)
{
    char cmd[600], info[4096];
    struct stat sb;

    CHECK(fx_ok);
    snprintf(cmd, sizeof cmd, "pdfinfo '%s/impact.pdf' 2>/dev/null", out_dir);
    CHECK_INT(run_capture(cmd, info, sizeof info), 0);
    CHECK_HAS(info, "Title:           Quarterly impact report");
    CHECK_HAS(info, "Author:          flipside 0.1.0");
    CHECK_HAS(info, "CreationDate:    Wed Sep 30 00:00:00 2026");
    CHECK_HAS(info, "ModDate:         Wed Sep 30 00:00:00 2026");
    CHECK_HAS(info, "Page size:       595.276 x 841.89 pts (A4)");
    snprintf(cmd, sizeof cmd, "%s/impact.pdf", out_dir);
    CHECK(stat(cmd, &sb) == 0 && (sb.st_mode & 0777) == 0640);
}

static void rerun_gives_the_same_bytes(void)
{
    static const char *const files[] = {
        "impact.pdf", "retention.pdf", "cohorts.pdf", "revmentor-2026-Q3.xlsx",
        "charts/impact-summary.png", "charts/impact-summary.svg",
        "charts/retention-curves-all.svg", "charts/cohorts-survival.png",
    };
    char again[400];

    CHECK(fx_ok);
    snprintf(again, sizeof again, "%s/again", tmp);
    CHECK(make_dir(again) == 0);
    /* a second later, so that a clock in the output would show */
    sleep(1);
    CHECK_INT(report_all_write(&fx.in, again), STATUS_OK);
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char a[500], b[500];

        snprintf(a, sizeof a, "%s/%s", out_dir, files[i]);
        snprintf(b, sizeof b, "%s/%s", again, files[i]);
        if (!file_same(a, b))
            check_fail(__FILE__, __LINE__, "%s differs between two runs", files[i]);
    }
}

static void unwritable_folder_is_a_clear_error(void)
{
    char path[400], blocker[500];
    int st;

    CHECK(fx_ok);
    /* a folder that is not there */
    snprintf(path, sizeof path, "%s/missing/deeper", tmp);
    err_clear();
    CHECK_INT(report_impact_write(&fx.in, path), STATUS_IO);
    CHECK(strstr(err_msg(), path) != NULL);
    CHECK_INT(report_workbook_write(&fx.in, path), STATUS_IO);
    /* a file where the folder should be */
    snprintf(path, sizeof path, "%s/out/impact.pdf", tmp);
    CHECK_INT(report_retention_write(&fx.in, path), STATUS_IO);
    CHECK(strstr(err_msg(), "not a folder") != NULL);
    /* the document's own name taken by a folder */
    snprintf(path, sizeof path, "%s/blocked", tmp);
    CHECK(make_dir(path) == 0);
    snprintf(blocker, sizeof blocker, "%s/cohorts.pdf", path);
    CHECK(mkdir(blocker, 0750) == 0);
    st = report_cohorts_write(&fx.in, path);
    CHECK_INT(st, STATUS_IO);
    CHECK(strstr(err_msg(), "cohorts.pdf") != NULL);
    snprintf(blocker, sizeof blocker, "%s/revmentor-2026-Q3.xlsx", path);
    CHECK(mkdir(blocker, 0750) == 0);
    CHECK_INT(report_workbook_write(&fx.in, path), STATUS_IO);
    CHECK(strstr(err_msg(), "revmentor-2026-Q3.xlsx") != NULL);
    /* no charts/ folder: the first chart file names itself */
    snprintf(path, sizeof path, "%s/nocharts", tmp);
    CHECK(mkdir(path, 0750) == 0);
    CHECK_INT(report_impact_write(&fx.in, path), STATUS_IO);
    CHECK(strstr(err_msg(), "charts/impact-summary.png") != NULL);
    snprintf(blocker, sizeof blocker, "%s/impact.pdf", path);
    CHECK(access(blocker, F_OK) != 0);   /* no half-written document */
}

/* ---- degenerate input --------------------------------------------------------------------------- */

static void no_previous_period(void)
{
    struct report_input in = fx.in;
    char path[400], text[1 << 16];

    CHECK(fx_ok);
    in.previous = NULL;
    snprintf(path, sizeof path, "%s/noprev", tmp);
    CHECK(make_dir(path) == 0);
    CHECK_INT(report_impact_write(&in, path), STATUS_OK);
    snprintf(path, sizeof path, "%s/noprev/impact.pdf", tmp);
    pdf_text(path, text, sizeof text);
    CHECK_HAS(text, "no figure for 2026-Q2");
    CHECK_HAS(text, "of 452 matched pairs (91.6%)");
}

static void empty_table_of_figures(void)
{
    struct figtable empty = { 0 };
    struct report_input in = fx.in;
    char path[400], text[1 << 17];

    CHECK(fx_ok);
    in.figures = &empty;
    in.previous = &empty;
    snprintf(path, sizeof path, "%s/empty", tmp);
    CHECK(make_dir(path) == 0);
    CHECK_INT(report_all_write(&in, path), STATUS_OK);
    snprintf(path, sizeof path, "%s/empty/impact.pdf", tmp);
    pdf_text(path, text, sizeof text);
    CHECK_HAS(text, "There is no figure for this period.");
    CHECK_HAS(text, "Page 1 of ");
    snprintf(path, sizeof path, "%s/empty/retention.pdf", tmp);
    pdf_text(path, text, sizeof text);
    CHECK_HAS(text, "Retention report");
    snprintf(path, sizeof path, "%s/empty/cohorts.pdf", tmp);
    pdf_text(path, text, sizeof text);
    CHECK_HAS(text, "Cohort comparison");
}

static void organisation_pack(void)
{
    struct report_input in = fx.in;
    char path[400], text[1 << 16];

    CHECK(fx_ok);
    in.org = "Northwind";
    snprintf(path, sizeof path, "%s/org", tmp);
    CHECK(make_dir(path) == 0);
    CHECK_INT(report_cohorts_write(&in, path), STATUS_OK);
    snprintf(path, sizeof path, "%s/org/cohorts.pdf", tmp);
    pdf_text(path, text, sizeof text);
    CHECK_HAS(text, "organisation Northwind");
}

int main(void)
{
    setup();
    RUN(formats_round_for_display);
    RUN(formats_p_values);
    RUN(impact_headline_tiles);
    RUN(impact_retention_and_quality);
    RUN(impact_engagement_and_surveys);
    RUN(every_page_has_its_footer);
    RUN(retention_every_group_shown);
    RUN(withheld_groups_show_no_numbers);
    RUN(cohorts_pairs_and_results);
    RUN(cohorts_differences_from_figures);
    RUN(charts_written_as_png_and_svg);
    RUN(pdf_metadata_from_the_as_of_date);
    RUN(rerun_gives_the_same_bytes);
    RUN(unwritable_folder_is_a_clear_error);
    RUN(no_previous_period);
    RUN(empty_table_of_figures);
    RUN(organisation_pack);
    teardown();
    chart_cleanup();
    return check_done();
}
