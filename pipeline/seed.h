/*
 * seed.h: synthetic but realistic programme data, deterministic for a seed.
 *
 * One programme ("RM") of five cohorts (a pilot, then four full-scale
 * cohorts, six months apart) in a two-organisation roster. Mentors are junior
 * (grades G1-G3), mentees senior (G5-G7). Leaving is driven by grade (juniors
 * leave more) and age (retirement), so a raw participant/non-participant
 * comparison is confounded; participants leave about 25% less after they
 * enrol. Sessions every nine days or so with cancellations, no-shows, channels,
 * topics and durations; some pairs stall. Surveys at baseline, midpoint, exit
 * and follow-up with non-response, skipped items and re-submissions. Rare
 * groups (non-binary, the disability network) make suppression matter.
 *
 *   demo   4,000 people, 244 pairs: seeds in about a second
 *   large  200,000 people, 20,000 pairs, ~600,000 sessions, ~1.2M answers
 *
 * The timeline ends at the anchor date (by default the last day of the last
 * complete quarter), so that the quarter a demo reports on is complete.
 */
#ifndef FLIPSIDE_PIPELINE_SEED_H
#define FLIPSIDE_PIPELINE_SEED_H

#include <stdint.h>

enum seed_scale { SEED_DEMO, SEED_LARGE };

struct seed_options {
    enum seed_scale scale;
    uint64_t seed;
    int32_t anchor;  /* last day of the data, a day number */
    int bad_rows;    /* 1: add a handful of deliberately bad rows (the demo shows the quarantine) */
};

/* The seven file names in load order ("people.csv", ...), NULL-terminated. */
extern const char *const SEED_FILES[];

/*
 * Write the seven CSV files into `dir` (which must exist). Counts of the rows
 * written go to `rows` (7 entries, in SEED_FILES order) when not NULL.
 */
int seed_write_csv(const struct seed_options *opt, const char *dir, long *rows);

#endif
