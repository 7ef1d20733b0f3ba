-- people: the HR roster.
-- Sections, run by pipeline/ingest.c: lock, empty, then either copy_direct
-- (an empty table takes the rows straight away) or stage and copy_stage; the
-- rows that a later line of the file replaced are withdrawn by their line
-- (drop_direct or drop_stage), and a staged file is merged (merge).
-- @lock
LOCK TABLE flipside.people IN SHARE ROW EXCLUSIVE MODE;
-- @empty
SELECT NOT EXISTS (SELECT 1 FROM flipside.people);
-- @copy_direct
COPY flipside.people (person_ref, org, department, grade, gender, ethnicity, age_band, network, hired_on, left_on, leave_reason, line) FROM STDIN;
-- @stage
CREATE TEMP TABLE stage_people (LIKE flipside.people) ON COMMIT DROP;
-- @copy_stage
COPY stage_people (person_ref, org, department, grade, gender, ethnicity, age_band, network, hired_on, left_on, leave_reason, line) FROM STDIN;
-- @drop_direct
-- The table was empty and is locked: every row in it is this file's.
DELETE FROM flipside.people WHERE line = ANY ($1::bigint[]);
-- @drop_stage
DELETE FROM stage_people WHERE line = ANY ($1::bigint[]);
-- @merge
-- Join on the keys by hashing: the planner, misled by the correlated key
-- columns, would sort both tables for a merge join, five times slower.
SET LOCAL work_mem = '256MB';
SET LOCAL enable_mergejoin = off;
ANALYZE stage_people;
-- A stored row with a key of the file is replaced.
DELETE FROM flipside.people t USING stage_people s
WHERE t.person_ref = s.person_ref;
INSERT INTO flipside.people SELECT * FROM stage_people;
