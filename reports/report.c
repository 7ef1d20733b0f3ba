/*
 * report.c: the entry points of report.h. Each opens the shared context
 * (an index over the figures), names the file and hands over to its
 * document's builder.
 */
#include "reports/report.h"

#include "common/status.h"
#include "reports/context.h"
#include "reports/documents.h"
#include "reports/parts.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

/* The folder must be there: a missing one is the caller's mistake, said plainly. */
static int check_dir(const struct report_input *in, const char *dir)
{
    struct stat sb;

    if (in == NULL || in->figures == NULL || in->programme == NULL || in->period == NULL)
        return err_set(STATUS_USAGE, "reports: no figures to report on");
    if (dir == NULL || dir[0] == '\0')
        return err_set(STATUS_USAGE, "reports: no output folder given");
    if (stat(dir, &sb) != 0)
        return err_set(STATUS_IO, "write reports into %s: %s", dir, strerror(errno));
    if (!S_ISDIR(sb.st_mode))
        return err_set(STATUS_IO, "write reports into %s: not a folder", dir);
    return STATUS_OK;
}

static int write_pdf(const struct report_input *in, const char *dir, const char *file,
                     const char *title, const char *subject, doc_build_fn *build)
{
    struct report_ctx c;
    struct report_doc doc;
    int st;

    st = check_dir(in, dir);
    if (st != STATUS_OK)
        return st;
    st = report_ctx_open(&c, in, dir);
    if (st == STATUS_OK)
        st = report_doc_init(&doc, &c, file, title, subject);
    if (st == STATUS_OK)
        st = doc_render(&doc.meta, build, &c);
    report_ctx_close(&c);
    return st;
}

int report_impact_write(const struct report_input *in, const char *dir)
{
    return write_pdf(in, dir, "impact.pdf", "Quarterly impact report",
                     "Is the reverse mentoring programme working?", report_impact_build);
}

int report_retention_write(const struct report_input *in, const char *dir)
{
    return write_pdf(in, dir, "retention.pdf", "Retention report",
                     "Do participants, and each group among them, stay longer?",
                     report_retention_build);
}

int report_cohorts_write(const struct report_input *in, const char *dir)
{
    return write_pdf(in, dir, "cohorts.pdf", "Cohort comparison",
                     "Did the full-scale cohorts keep the results of the pilot?",
                     report_cohorts_build);
}

int report_workbook_write(const struct report_input *in, const char *dir)
{
    struct report_ctx c;
    int st;

    st = check_dir(in, dir);
    if (st != STATUS_OK)
        return st;
    st = report_ctx_open(&c, in, dir);
    if (st == STATUS_OK)
        st = report_workbook_make(&c);
    report_ctx_close(&c);
    return st;
}

int report_all_write(const struct report_input *in, const char *dir)
{
    int st = report_impact_write(in, dir);

    if (st == STATUS_OK)
        st = report_retention_write(in, dir);
    if (st == STATUS_OK)
        st = report_cohorts_write(in, dir);
    if (st == STATUS_OK)
        st = report_workbook_write(in, dir);
    return st;
}
