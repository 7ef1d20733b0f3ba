-- participants: who takes part, in which cohort and role.
-- Sections, run by pipeline/ingest.c: lock, empty, then either copy_direct
-- (an empty table takes the rows straight away) or stage, copy_stage and
-- merge. The rows come one per key: ingest settles keys repeated within the
-- file before it sends them.
-- @lock
LOCK TABLE flipside.participants IN SHARE ROW EXCLUSIVE MODE;
-- @empty
SELECT NOT EXISTS (SELECT 1 FROM flipside.participants);
-- @copy_direct
COPY flipside.participants (programme, cohort, person_ref, role, enrolled_on, withdrew_on) FROM STDIN;
-- @stage
CREATE TEMP TABLE stage_participants (LIKE flipside.participants) ON COMMIT DROP;
-- @copy_stage
COPY stage_participants (programme, cohort, person_ref, role, enrolled_on, withdrew_on) FROM STDIN;
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
