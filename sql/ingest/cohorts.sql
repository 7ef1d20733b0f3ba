-- cohorts: cohorts.
-- Sections, run by pipeline/ingest.c: lock, empty, then either copy_direct
-- (an empty table takes the rows straight away) or stage, copy_stage and
-- merge. The rows come one per key: ingest settles keys repeated within the
-- file before it sends them.
-- @lock
LOCK TABLE flipside.cohorts IN SHARE ROW EXCLUSIVE MODE;
-- @empty
SELECT NOT EXISTS (SELECT 1 FROM flipside.cohorts);
-- @copy_direct
COPY flipside.cohorts (programme, cohort, kind, starts_on, ends_on, name) FROM STDIN;
-- @stage
CREATE TEMP TABLE stage_cohorts (LIKE flipside.cohorts) ON COMMIT DROP;
-- @copy_stage
COPY stage_cohorts (programme, cohort, kind, starts_on, ends_on, name) FROM STDIN;
-- @merge
-- Join on the keys by hashing: the planner, misled by the correlated key
-- columns, would sort both tables for a merge join, five times slower.
SET LOCAL work_mem = '256MB';
SET LOCAL enable_mergejoin = off;
ANALYZE stage_cohorts;
-- A stored row with a key of the file is replaced.
DELETE FROM flipside.cohorts t USING stage_cohorts s
WHERE t.programme = s.programme
  AND t.cohort = s.cohort;
INSERT INTO flipside.cohorts SELECT * FROM stage_cohorts;
