/*
 * ledger.h: the run ledger (table flipside.runs): every run, good, failed or
 * refused, with its stages and timings, row counts, output folder and error.
 * Each call is its own statement outside any transaction, so the ledger
 * keeps what happened even when the run then fails.
 */
#ifndef FLIPSIDE_PIPELINE_LEDGER_H
#define FLIPSIDE_PIPELINE_LEDGER_H

struct db;

/* Record a new run as "running"; `id` receives its number as text. */
int ledger_start(struct db *db, const char *programme, const char *period, const char *org,
                 const char *report, const char *as_of, char *id, unsigned size);

/* Append a stage: its name, seconds taken and a detail ("200000 people"). */
int ledger_stage(struct db *db, const char *id, const char *stage, double seconds, const char *detail);

/* Close the run: status "ok", "failed" or "refused", with the folder, the row counts (JSON) and the error. */
int ledger_finish(struct db *db, const char *id, const char *status, const char *out_dir,
                  const char *row_counts, const char *error);

/*
 * Mark as failed the runs of the same programme, period and org that are
 * still "running": called by run `id` while it holds their lock, so they were
 * killed before they could say how they ended.
 */
int ledger_settle(struct db *db, const char *id, const char *programme, const char *period, const char *org);

/* Print the latest `limit` runs (of `programme` when not NULL) as a table on stdout. */
int ledger_list(struct db *db, const char *programme, int limit);

#endif
