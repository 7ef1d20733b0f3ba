/*
 * compute_engagement.c: SPEC 3.4, engagement in the period, from the
 * aggregates of sql/run/engagement.sql, and rules 29-31. These figures
 * describe pairs and sessions, not people: never suppressed.
 */
#include "pipeline/compute.h"
#include "stats/desc.h"
#include "stats/prop.h"
#include "common/status.h"

#include <math.h>

static int add(struct compute *cx, struct figure *f)
{
    return compute_add(cx, f, NAN);
}

static void share(struct figure *f, long events, long n)
{
    struct stats_interval iv;

    f->n = (double)n;
    f->events = (double)events;
    if (stats_prop_wilson(events, n, &iv) == STATUS_OK) {
        f->estimate = iv.estimate;
        f->lower = iv.lower;
        f->upper = iv.upper;
    }
}

static int engagement_scope(struct compute *cx, size_t c, const struct engagement_scope *e)
{
    struct figure f;
    struct stats_interval iv;
    int st;

    f = compute_figure(cx, "engagement.active_rate", c, NULL, "all", "none", "all");
    share(&f, e->active, e->live);
    st = add(cx, &f);
    /* Mean held sessions per active pair, t.test(x)$conf.int. */
    f = compute_figure(cx, "engagement.sessions_per_pair", c, NULL, "all", "none", "all");
    f.n = (double)e->active;
    if (stats_desc_t_interval(e->held_per_active, (size_t)e->active, &iv) != STATUS_DOMAIN) {
        f.estimate = iv.estimate;
        f.lower = iv.lower;
        f.upper = iv.upper;
    }
    if (st == STATUS_OK)
        st = add(cx, &f);
    f = compute_figure(cx, "engagement.cancel_rate", c, NULL, "all", "none", "all");
    share(&f, e->cancelled, e->sessions);
    if (st == STATUS_OK)
        st = add(cx, &f);
    /* Held sessions without a duration count 0 hours and count among the sessions. */
    f = compute_figure(cx, "engagement.contact_hours", c, NULL, "all", "none", "all");
    f.n = (double)e->held;
    f.events = (double)e->held;
    f.estimate = e->minutes / 60.0;
    if (st == STATUS_OK)
        st = add(cx, &f);
    f = compute_figure(cx, "engagement.stalled_rate", c, NULL, "all", "none", "all");
    share(&f, e->stalled, e->live);
    if (st == STATUS_OK)
        st = add(cx, &f);
    /* The median gap, as R's median(). */
    f = compute_figure(cx, "engagement.gap_days", c, NULL, "all", "none", "all");
    f.n = (double)e->ngaps;
    if (e->ngaps > 0)
        stats_desc_median(e->gaps, e->ngaps, &f.estimate);
    if (st == STATUS_OK)
        st = add(cx, &f);
    for (int i = 0; i < 12 && st == STATUS_OK; i++) {
        f = compute_figure(cx, "engagement.monthly", c, NULL, "all", "none", "all");
        f.month = cx->eng->months[i];
        f.n = (double)e->month_held[i];
        f.events = (double)e->month_active[i];
        st = add(cx, &f);
    }
    /* Shares of the held sessions: a session may carry several topics (rule 29). */
    for (size_t k = 0; k < e->nchannels && st == STATUS_OK; k++) {
        f = compute_figure(cx, "engagement.channel", c, NULL, "all", "channel", e->channels[k]);
        f.n = (double)e->channel_held[k];
        f.estimate = e->held > 0 ? (double)e->channel_held[k] / (double)e->held : NAN;
        st = add(cx, &f);
    }
    for (size_t k = 0; k < e->ntopics && st == STATUS_OK; k++) {
        f = compute_figure(cx, "engagement.topic", c, NULL, "all", "topic", e->topics[k]);
        f.n = (double)e->topic_held[k];
        f.estimate = e->held > 0 ? (double)e->topic_held[k] / (double)e->held : NAN;
        st = add(cx, &f);
    }
    return st;
}

int compute_engagement(struct compute *cx)
{
    int st = STATUS_OK;

    for (size_t c = 0; c <= cx->ncohorts && st == STATUS_OK; c++) {
        /* The engagement aggregates are indexed by the model's cohorts, "all" last. */
        size_t e = c == cx->ncohorts ? cx->eng->nscopes - 1 : c;

        st = engagement_scope(cx, c, &cx->eng->scopes[e]);
    }
    return st;
}
