-- participants: who takes part, in which cohort and role.
-- Sections, run by pipeline/ingest.c: lock, empty, then either copy_direct
-- (an empty table takes the rows straight away) or stage and copy_stage; the
-- rows that a later line of the file replaced are withdrawn by their line
-- (drop_direct or drop_stage), and a staged file is merged (merge).
-- @lock
LOCK TABLE flipside.participants IN SHARE ROW EXCLUSIVE MODE;
-- @empty
SELECT NOT EXISTS (SELECT 1 FROM flipside.participants);
-- @copy_direct
COPY flipside.participants (programme, cohort, person_ref, role, enrolled_on, withdrew_on, line) FROM STDIN;
-- @stage
CREATE TEMP TABLE stage_participants (LIKE flipside.participants) ON COMMIT DROP;
-- @copy_stage
COPY stage_participants (programme, cohort, person_ref, role, enrolled_on, withdrew_on, line) FROM STDIN;
-- @drop_direct
-- The table was empty and is locked: every row in it is this file's.
DELETE FROM flipside.participants WHERE line = ANY ($1::bigint[]);
-- @drop_stage
DELETE FROM stage_participants WHERE line = ANY ($1::bigint[]);
-- @merge
-- Join on the keys by hashing: the planner, misled by the correlated key
-- columns, would sort both tables for a merge join, five times slower.
SET LOCAL work_mem = '256MB';
SET LOCAL enable_mergejoin = off;
ANALYZE stage_participants;
-- A stored row with a key of the file is replaced.
DELETE FROM flipside.participants t USING stage_participants s
WHERE t.programme = s.programme
  AND t.cohort = s.cohort
  AND t.person_ref = s.person_ref;
INSERT INTO flipside.participants SELECT * FROM stage_participants;
