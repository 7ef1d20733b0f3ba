-- responses: survey answers (the wide layout is turned into this one while reading).
-- Sections, run by pipeline/ingest.c: lock, empty, then either copy_direct
-- (an empty table takes the rows straight away) or stage and copy_stage; the
-- rows that a later line of the file replaced are withdrawn by their line
-- (drop_direct or drop_stage), and a staged file is merged (merge).
-- @lock
LOCK TABLE flipside.responses IN SHARE ROW EXCLUSIVE MODE;
-- @empty
SELECT NOT EXISTS (SELECT 1 FROM flipside.responses);
-- @copy_direct
COPY flipside.responses (programme, cohort, wave, person_ref, submitted_at, submitted_on, item, value, line) FROM STDIN;
-- @stage
CREATE TEMP TABLE stage_responses (LIKE flipside.responses) ON COMMIT DROP;
-- @copy_stage
COPY stage_responses (programme, cohort, wave, person_ref, submitted_at, submitted_on, item, value, line) FROM STDIN;
-- @drop_direct
-- The table was empty and is locked: every row in it is this file's.
DELETE FROM flipside.responses WHERE line = ANY ($1::bigint[]);
-- @drop_stage
DELETE FROM stage_responses WHERE line = ANY ($1::bigint[]);
-- @drop_direct_wide
-- The wide layout: a line holds several answers, withdrawn by line and item.
DELETE FROM flipside.responses
WHERE (line, item) IN (SELECT * FROM unnest($1::bigint[], $2::text[]));
-- @drop_stage_wide
DELETE FROM stage_responses
WHERE (line, item) IN (SELECT * FROM unnest($1::bigint[], $2::text[]));
-- @merge
-- Join on the keys by hashing: the planner, misled by the correlated key
-- columns, would sort both tables for a merge join, five times slower.
SET LOCAL work_mem = '256MB';
SET LOCAL enable_mergejoin = off;
ANALYZE stage_responses;
-- A stored answer submitted later than the file's stays (SPEC rule 7);
-- every other stored row with a key of the file is replaced.
DELETE FROM stage_responses s USING flipside.responses t
WHERE t.programme = s.programme
  AND t.cohort = s.cohort
  AND t.wave = s.wave
  AND t.person_ref = s.person_ref
  AND t.item = s.item
  AND t.submitted_at > s.submitted_at;
DELETE FROM flipside.responses t USING stage_responses s
WHERE t.programme = s.programme
  AND t.cohort = s.cohort
  AND t.wave = s.wave
  AND t.person_ref = s.person_ref
  AND t.item = s.item;
INSERT INTO flipside.responses SELECT * FROM stage_responses;
