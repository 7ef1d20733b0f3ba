#include "pipeline/run.h"
#include "pipeline/compute.h"
#include "pipeline/db.h"
#include "pipeline/figures.h"
#include "pipeline/ledger.h"
#include "pipeline/model.h"
#include "pipeline/pool.h"
#include "pipeline/publish.h"
#include "pipeline/render.h"
#include "pipeline/schema.h"
#include "pipeline/sqlfiles.h"
#include "common/buf.h"
#include "common/date.h"
#include "common/status.h"
#include "common/str.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static const char *const REPORT_NAMES[] = { "all", "impact", "retention", "cohorts" };

const char *run_report_name(enum run_report r)
{
    return REPORT_NAMES[r];
}

/* Everything one run holds. */
struct run {
    const struct run_request *req;
    struct run_result *res;
    struct db *db;
    char programme[128];
    struct period previous;
    int32_t previous_as_of;
    struct model model;
    struct engagement eng[2];  /* the period, the previous period */
    struct figtable figures, figures_previous;
    struct publish pub;
    int published;
    double clock;          /* when the current stage began */
};

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Close a stage: a log line, and a ledger entry. */
static int stage_done(struct run *r, const char *stage, const char *detail)
{
    double seconds = now() - r->clock;
    struct rusage ru;
    char line[512];

    r->clock = now();
    getrusage(RUSAGE_SELF, &ru);
    str_fmt(line, sizeof line, "%s (%.2f s, peak %ld MiB)", detail, seconds, ru.ru_maxrss / 1024);
    if (r->req->verbose)
        fprintf(stderr, "flipside: run %s: %s: %s\n", r->res->id, stage, line);
    return ledger_stage(r->db, r->res->id, stage, seconds, line);
}

/* The programme: as asked (it must be in the database), else the only one there. */
static int resolve_programme(struct run *r)
{
    char **codes = NULL;
    size_t n = 0;
    struct buf list = { 0 };
    int st;

    st = model_programmes(r->db, &codes, &n);
    for (size_t i = 0; i < n; i++)
        buf_printf(&list, "%s%s", i ? ", " : "", codes[i]);
    if (st == STATUS_OK && r->req->programme != NULL) {
        int known = 0;

        for (size_t i = 0; i < n; i++)
            known |= strcmp(codes[i], r->req->programme) == 0;
        if (!known)
            st = err_set(STATUS_USAGE, "--programme \"%s\" is not in the database (it holds %s)", r->req->programme,
                         n ? buf_str(&list) : "no programme yet");
        else
            str_copy(r->programme, sizeof r->programme, r->req->programme);
    } else if (st == STATUS_OK && n == 1)
        str_copy(r->programme, sizeof r->programme, codes[0]);
    else if (st == STATUS_OK && n == 0)
        st = err_set(STATUS_USAGE, "the database holds no programme yet (ingest the cohorts first)");
    else if (st == STATUS_OK) {
        st = err_set(STATUS_USAGE, "the database holds the programmes %s: give --programme (or [report] "
                     "programme)", buf_str(&list));
    }
    for (size_t i = 0; i < n; i++)
        free(codes[i]);
    free(codes);
    buf_free(&list);
    return st;
}

/* Set the run's parameters on a connection (sql/run/params.sql). */
static int set_params(struct run *r, struct db *db)
{
    char a[DATE_TEXT_SIZE];
    const char *params[3] = { r->programme, a, r->req->org ? r->req->org : "" };
    struct buf sql = { 0 };
    int st;

    date_format(r->req->as_of, a);
    st = sql_section("run/params.sql", "set", &sql);
    if (st == STATUS_OK)
        st = db_query(db, "set the run's parameters", buf_str(&sql), 3, params, NULL);
    buf_free(&sql);
    return st;
}

/* An org that nobody in the roster belongs to is a mistake, not an empty report. */
static int check_org(struct run *r)
{
    struct buf sql = { 0 };
    struct db_result *res = NULL;
    const char *params[1] = { r->req->org };
    int st = sql_section("run/model.sql", "org_known", &sql);

    if (st == STATUS_OK)
        st = db_query(r->db, "look for the org", buf_str(&sql), 1, params, &res);
    if (st == STATUS_OK && strcmp(db_result_get(res, 0, 0), "t") != 0)
        st = err_set(STATUS_USAGE, "--org \"%s\": nobody in the roster belongs to it (org codes are case-sensitive)",
                     r->req->org);
    db_result_free(res);
    buf_free(&sql);
    return st;
}

static int32_t earlier(int32_t a, int32_t b)
{
    return a < b ? a : b;
}

/*
 * The second reader: the answers and the sessions, on a connection of its
 * own that shares the first one's snapshot, in a thread, while the first
 * goes on with the retention figures, which need the roster only.
 */
struct reader {
    struct run *r;
    char snapshot[64];
    struct latch answers;   /* opened once the answers are read (or the reading failed) */
    int answers_st;
    int st;
    char message[ERR_MSG_MAX];
    double seconds, answers_seconds;
};

/* A snapshot name as pg_export_snapshot() makes them: hex digits and dashes, nothing else. */
static int snapshot_name_ok(const char *s)
{
    if (*s == '\0')
        return 0;
    for (; *s; s++) {
        if (!((*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'F') || *s == '-'))
            return 0;
    }
    return 1;
}

static void reader_main(void *arg)
{
    struct reader *rd = arg;
    struct run *r = rd->r;
    const struct run_request *q = r->req;
    struct engagement_window w[2] = {
        { q->period.start, earlier(q->period.end, q->as_of), q->period.end, q->as_of },
        { r->previous.start, earlier(r->previous.end, r->previous_as_of), r->previous.end, r->previous_as_of },
    };
    struct db *db = NULL;
    char sql[128];
    double start = now();
    int st;

    st = db_open(q->conninfo, &db);
    if (st == STATUS_OK)
        st = db_use_role(db, "flipside_read", NULL);
    if (st == STATUS_OK)
        st = db_exec(db, "start the second reader", "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    /* SET TRANSACTION SNAPSHOT takes no parameter; the name is the server's own, checked above. */
    if (st == STATUS_OK && str_fmt(sql, sizeof sql, "SET TRANSACTION SNAPSHOT '%s'", rd->snapshot) == STATUS_OK)
        st = db_exec(db, "share the snapshot", sql);
    if (st == STATUS_OK)
        st = set_params(r, db);
    if (st == STATUS_OK)
        st = model_read_answers(db, &r->model);
    /* The survey figures can start now, on the first thread, while the sessions are read here. */
    rd->answers_st = st;
    rd->answers_seconds = now() - start;
    latch_open(&rd->answers);
    if (st == STATUS_OK)
        st = model_engagement_read(db, &r->model, w, 2, r->eng);
    if (st == STATUS_OK)
        st = db_commit(db);
    db_close(db);
    rd->st = st;
    if (st != STATUS_OK)
        str_copy(rd->message, sizeof rd->message, err_msg());
    rd->seconds = now() - start;
}

/*
 * Read the data in one consistent snapshot, read-only, in two parts at once:
 * this connection reads the roster and computes the retention figures while
 * a second one reads the answers and then the sessions; the survey figures
 * as soon as the answers are in, while the sessions are still being read;
 * then the rest of the figures, and the previous period's headline figures.
 */
static int run_extract_and_compute(struct run *r)
{
    const struct run_request *q = r->req;
    struct compute_options opt = { q->as_of, q->voluntary_only, q->min_cell, 0 };
    struct reader rd;
    struct pool *pool = NULL;
    struct compute cx;
    struct db_result *res = NULL;
    double roster_seconds, retention_seconds, surveys_seconds = 0;
    char detail[256];
    int st, started = 0;

    memset(&rd, 0, sizeof rd);
    rd.r = r;
    latch_init(&rd.answers);
    str_copy(r->model.programme, sizeof r->model.programme, r->programme);
    r->model.as_of = q->as_of;
    r->model.org = q->org;
    st = db_exec(r->db, "start the snapshot", "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    if (st != STATUS_OK)
        return st;
    st = set_params(r, r->db);
    if (st == STATUS_OK)
        st = model_read_roster(r->db, &r->model);
    if (st == STATUS_OK)
        st = db_query(r->db, "export the snapshot", "SELECT pg_catalog.pg_export_snapshot()", 0, NULL, &res);
    if (st == STATUS_OK && (str_copy(rd.snapshot, sizeof rd.snapshot, db_result_get(res, 0, 0)) != STATUS_OK ||
                            !snapshot_name_ok(rd.snapshot)))
        st = err_set(STATUS_DB, "export the snapshot: an unexpected name");
    db_result_free(res);
    roster_seconds = now() - r->clock;
    if (st == STATUS_OK) {
        /* Without a thread the reader runs here, first: slower, but the same. */
        pool = pool_new(1, 1);
        pool_submit(pool, reader_main, &rd);
        started = 1;
        st = compute_begin(&cx, &r->model, &opt, &r->figures);
    }
    retention_seconds = now() - r->clock - roster_seconds;
    if (started) {
        latch_wait(&rd.answers);
        if (st == STATUS_OK && rd.answers_st == STATUS_OK) {
            double t = now();

            st = compute_surveys(&cx);
            surveys_seconds = now() - t;
        }
        pool_wait(pool);
    }
    latch_destroy(&rd.answers);
    pool_free(pool);
    if (st == STATUS_OK && rd.st != STATUS_OK)
        st = err_set(rd.st, "%s", rd.message);
    /* Everything is read: the index from person_ref to person has done its work. */
    map_free(&r->model.person_index);
    /* The snapshot's owner commits last: the second reader had to be able to import it. */
    if (st == STATUS_OK)
        st = db_commit(r->db);
    else
        db_rollback(r->db);
    if (st != STATUS_OK)
        return started ? err_prefix(st, "compute the figures") : st;
    str_fmt(detail, sizeof detail, "%zu people, %zu participations, %zu cohorts (%.2f s); on a second "
            "connection %zu survey slots (%.2f s) and the sessions (%.2f s)", r->model.npeople, r->model.nparts,
            r->model.ncohorts, roster_seconds, r->model.nslots, rd.answers_seconds,
            rd.seconds - rd.answers_seconds);
    st = stage_done(r, "extract", detail);
    if (st != STATUS_OK)
        return st;
    st = compute_finish(&cx, &r->eng[0]);
    if (st != STATUS_OK)
        return err_prefix(st, "compute the figures");
    /* The previous period, for the change the impact summary shows: its headline figures only. */
    opt.as_of = r->previous_as_of;
    opt.headline = 1;
    st = compute_figures(&r->model, &r->eng[1], &opt, &r->figures_previous);
    if (st != STATUS_OK)
        return err_prefix(st, "compute the previous period's figures");
    /* The documents need the figures, the cohorts and the items: let the rest go before drawing. */
    model_release_data(&r->model);
    str_fmt(detail, sizeof detail, "%zu figures (alongside the reading: retention %.2f s, surveys %.2f s), %zu "
            "for %s", r->figures.len, retention_seconds, surveys_seconds, r->figures_previous.len,
            r->previous.label);
    return stage_done(r, "compute", detail);
}

/* manifest.json's header: what the run was, from which data. */
static void manifest_header(const struct run *r, struct buf *b)
{
    static const char *const kinds[7] = { "people", "cohorts", "items", "participants", "pairs", "sessions",
                                          "responses" };
    char start[DATE_TEXT_SIZE], end[DATE_TEXT_SIZE], as_of[DATE_TEXT_SIZE];

    date_format(r->req->period.start, start);
    date_format(r->req->period.end, end);
    date_format(r->req->as_of, as_of);
    buf_printf(b, "  \"run_id\": %s,\n  \"programme\": \"%s\",\n", r->res->id, r->programme);
    if (r->req->org)
        buf_printf(b, "  \"org\": \"%s\",\n", r->req->org);
    buf_printf(b, "  \"period\": \"%s\",\n  \"period_start\": \"%s\",\n  \"period_end\": \"%s\",\n"
               "  \"as_of\": \"%s\",\n  \"report\": \"%s\",\n  \"version\": \"%s\",\n  \"min_cell\": %d,\n"
               "  \"retention_events\": \"%s\",\n  \"input_rows\": {",
               r->req->period.label, start, end, as_of, run_report_name(r->req->report), FLIPSIDE_VERSION,
               r->req->min_cell, r->req->voluntary_only ? "voluntary" : "all");
    for (int k = 0; k < 7; k++)
        buf_printf(b, "%s\"%s\": %ld", k ? ", " : "", kinds[k], r->model.input_rows[k]);
    buf_puts(b, "}");
}

static int write_figures(void *arg)
{
    struct run *r = arg;
    FILE *f = NULL;
    int st = publish_open(&r->pub, "figures.csv", &f);

    if (st == STATUS_OK)
        st = figtable_write_csv(&r->figures, f);
    if (f != NULL) {
        int close = publish_close(&r->pub, "figures.csv", f);

        st = st == STATUS_OK ? close : st;
    }
    f = NULL;
    if (st == STATUS_OK)
        st = publish_open(&r->pub, "figures.json", &f);
    if (st == STATUS_OK)
        st = figtable_write_json(&r->figures, f);
    if (f != NULL) {
        int close = publish_close(&r->pub, "figures.json", f);

        st = st == STATUS_OK ? close : st;
    }
    return st;
}

/* Write everything into the hidden folder and swap it into place. */
static int run_publish(struct run *r)
{
    const struct run_request *q = r->req;
    struct render_input in;
    struct buf header = { 0 };
    int st;

    st = publish_begin(&r->pub, q->out, r->programme, q->org, q->period.dir);
    if (st != STATUS_OK)
        return st;
    r->published = 1;
    memset(&in, 0, sizeof in);
    in.model = &r->model;
    in.figures = &r->figures;
    in.previous = &r->figures_previous;
    in.period = &q->period;
    in.previous_period = &r->previous;
    in.as_of = q->as_of;
    in.org = q->org;
    in.min_cell = q->min_cell;
    in.voluntary_only = q->voluntary_only;
    in.run_id = r->res->id;
    in.report = q->report;
    /* figures.csv and figures.json are written on the documents' threads, beside them */
    in.also = write_figures;
    in.also_arg = r;
    st = render_reports(&in, r->pub.tmp);
    if (st == STATUS_OK)
        st = stage_done(r, "render", "reports, workbook and charts written");
    if (st == STATUS_OK) {
        manifest_header(r, &header);
        st = publish_manifest(&r->pub, buf_str(&header));
    }
    if (st == STATUS_OK)
        st = publish_commit(&r->pub);
    buf_free(&header);
    if (st == STATUS_OK) {
        r->published = 0;
        str_copy(r->res->folder, sizeof r->res->folder, r->pub.final);
        st = stage_done(r, "publish", r->pub.final);
    }
    return st;
}

/* The ledger's row counts. */
static void row_counts(const struct run *r, struct buf *b)
{
    static const char *const kinds[7] = { "people", "cohorts", "items", "participants", "pairs", "sessions",
                                          "responses" };

    buf_putc(b, '{');
    for (int k = 0; k < 7; k++)
        buf_printf(b, "%s\"%s\": %ld", k ? ", " : "", kinds[k], r->model.input_rows[k]);
    buf_puts(b, "}");
}

/*
 * Record how the run ended. When the connection is gone (the database went
 * away mid-run), connect again once to say so.
 */
static void run_record(struct run *r, const char *status, const char *error)
{
    struct buf counts = { 0 };
    struct db *again = NULL;
    char message[ERR_MSG_MAX];

    if (r->res->id[0] == '\0')
        return;
    str_copy(message, sizeof message, error ? error : "");
    row_counts(r, &counts);
    if (!db_ok(r->db) && db_open(r->req->conninfo, &again) == STATUS_OK) {
        db_use_role(again, "flipside_read", NULL);
        ledger_finish(again, r->res->id, status, r->res->folder, buf_str(&counts), message);
    } else if (db_ok(r->db)) {
        db_rollback(r->db);
        ledger_finish(r->db, r->res->id, status, r->res->folder, buf_str(&counts), message);
    }
    db_close(again);
    buf_free(&counts);
    if (error != NULL)
        err_set(STATUS_OK, "%s", message);
}

int run_execute(const struct run_request *req, struct run_result *res)
{
    struct run r;
    char as_of[DATE_TEXT_SIZE], lock[256];
    int locked = 0;
    int st;

    memset(&r, 0, sizeof r);
    memset(res, 0, sizeof *res);
    r.req = req;
    r.res = res;
    r.clock = now();
    period_previous(&req->period, &r.previous);
    r.previous_as_of = earlier(r.previous.end, req->as_of);
    date_format(req->as_of, as_of);
    st = db_open(req->conninfo, &r.db);
    if (st == STATUS_OK)
        st = schema_check(r.db);
    /* The run reads under the read-only role when it exists (SPEC section 8). */
    if (st == STATUS_OK)
        st = db_use_role(r.db, "flipside_read", NULL);
    if (st == STATUS_OK)
        st = resolve_programme(&r);
    if (st == STATUS_OK && req->org != NULL)
        st = check_org(&r);
    if (st == STATUS_OK && !str_is_safe_code(r.programme))
        st = err_set(STATUS_USAGE, "programme \"%s\" cannot name a folder (use letters, digits, _ . -)", r.programme);
    if (st == STATUS_OK)
        st = ledger_start(r.db, r.programme, req->period.label, req->org, run_report_name(req->report), as_of,
                          res->id, sizeof res->id);
    if (st != STATUS_OK)
        goto out;
    str_fmt(lock, sizeof lock, "flipside run %s %s %s", r.programme, req->org ? req->org : "", req->period.label);
    st = db_try_lock(r.db, lock, &locked);
    if (st == STATUS_OK && !locked) {
        st = err_set(STATUS_LOCKED, "another run of %s%s%s for %s holds the lock: try again when it has finished",
                     r.programme, req->org ? " for org " : "", req->org ? req->org : "", req->period.label);
        run_record(&r, "refused", err_msg());
        goto out;
    }
    /* Holding the lock, any run of the same scope still marked running was killed: say so. */
    if (st == STATUS_OK)
        st = ledger_settle(r.db, res->id, r.programme, req->period.label, req->org);
    if (st == STATUS_OK)
        st = run_extract_and_compute(&r);
    if (st == STATUS_OK)
        st = run_publish(&r);
    if (st == STATUS_OK)
        run_record(&r, "ok", NULL);
    else
        run_record(&r, "failed", err_msg());
out:
    if (r.published)
        publish_abort(&r.pub);
    if (locked && db_ok(r.db))
        db_unlock(r.db, lock);
    db_close(r.db);
    model_free(&r.model);
    model_engagement_free(&r.eng[0]);
    model_engagement_free(&r.eng[1]);
    figtable_free(&r.figures);
    figtable_free(&r.figures_previous);
    return st;
}
