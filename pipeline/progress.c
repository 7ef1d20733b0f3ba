#include "pipeline/progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double progress_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_begin(struct progress *p, int wanted, const char *label, const char *unit)
{
    p->on = wanted && isatty(STDERR_FILENO);
    p->label = label;
    p->unit = unit;
    p->last = p->on ? progress_now() : 0;
    p->drawn = 0;
}

void progress_update(struct progress *p, long count)
{
    double now;

    if (!p->on || (count & 1023) != 0)
        return;
    now = progress_now();
    if (now - p->last < 0.2)
        return;
    p->last = now;
    p->drawn = 1;
    fprintf(stderr, "\r%s: %ld %s", p->label, count, p->unit);
    fflush(stderr);
}

void progress_end(struct progress *p)
{
    if (p->on && p->drawn) {
        fprintf(stderr, "\r\033[K");
        fflush(stderr);
    }
    p->drawn = 0;
}
