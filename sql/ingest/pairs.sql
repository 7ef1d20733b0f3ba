-- pairs: who mentors whom.
-- Sections, run by pipeline/ingest.c: lock, empty, then either copy_direct
-- (an empty table takes the rows straight away) or stage and copy_stage; the
-- rows that a later line of the file replaced are withdrawn by their line
-- (drop_direct or drop_stage), and a staged file is merged (merge).
-- @lock
LOCK TABLE flipside.pairs IN SHARE ROW EXCLUSIVE MODE;
-- @empty
SELECT NOT EXISTS (SELECT 1 FROM flipside.pairs);
-- @copy_direct
COPY flipside.pairs (programme, cohort, mentor_ref, mentee_ref, matched_on, ended_on, line) FROM STDIN;
-- @stage
CREATE TEMP TABLE stage_pairs (LIKE flipside.pairs) ON COMMIT DROP;
-- @copy_stage
COPY stage_pairs (programme, cohort, mentor_ref, mentee_ref, matched_on, ended_on, line) FROM STDIN;
-- @drop_direct
-- The table was empty and is locked: every row in it is this file's.
DELETE FROM flipside.pairs WHERE line = ANY ($1::bigint[]);
-- @drop_stage
DELETE FROM stage_pairs WHERE line = ANY ($1::bigint[]);
-- @merge
-- Join on the keys by hashing: the planner, misled by the correlated key
-- columns, would sort both tables for a merge join, five times slower.
SET LOCAL work_mem = '256MB';
SET LOCAL enable_mergejoin = off;
ANALYZE stage_pairs;
-- A stored row with a key of the file is replaced.
DELETE FROM flipside.pairs t USING stage_pairs s
WHERE t.programme = s.programme
  AND t.cohort = s.cohort
  AND t.mentor_ref = s.mentor_ref
  AND t.mentee_ref = s.mentee_ref;
INSERT INTO flipside.pairs SELECT * FROM stage_pairs;
