/*
 * progress.h: progress of a long stage on stderr, only when it is a terminal.
 *
 * A line "LABEL: 1,234,567 UNIT" rewritten in place at most a few times a
 * second, cleared at the end. When stderr is not a terminal nothing is shown.
 */
#ifndef FLIPSIDE_PIPELINE_PROGRESS_H
#define FLIPSIDE_PIPELINE_PROGRESS_H

struct progress {
    int on;
    const char *label;
    const char *unit;
    double last;  /* when the line was last drawn, in seconds */
    int drawn;
};

/* Start; `wanted` 0 turns it off, otherwise it is on when stderr is a terminal. */
void progress_begin(struct progress *p, int wanted, const char *label, const char *unit);

/* Show `count` if enough time has passed since the last time. */
void progress_update(struct progress *p, long count);

/* Clear the line. */
void progress_end(struct progress *p);

#endif
