-- people: the HR roster.
-- Sections, run by pipeline/ingest.c: lock, empty, then either copy_direct
-- (an empty table takes the rows straight away) or stage, copy_stage and
-- merge. The rows come one per key: ingest settles keys repeated within the
-- file before it sends them.
-- @lock
LOCK TABLE flipside.people IN SHARE ROW EXCLUSIVE MODE;
-- @empty
SELECT NOT EXISTS (SELECT 1 FROM flipside.people);
-- @copy_direct
COPY flipside.people (person_ref, org, department, grade, gender, ethnicity, age_band, network, hired_on, left_on, leave_reason) FROM STDIN;
-- @stage
CREATE TEMP TABLE stage_people (LIKE flipside.people) ON COMMIT DROP;
-- @copy_stage
COPY stage_people (person_ref, org, department, grade, gender, ethnicity, age_band, network, hired_on, left_on, leave_reason) FROM STDIN;
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
