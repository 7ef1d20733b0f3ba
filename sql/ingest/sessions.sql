-- sessions: the session log.
-- Sections, run by pipeline/ingest.c: lock, empty, then either copy_direct
-- (an empty table takes the rows straight away) or stage and copy_stage; the
-- rows that a later line of the file replaced are withdrawn by their line
-- (drop_direct or drop_stage), and a staged file is merged (merge).
-- @lock
LOCK TABLE flipside.sessions IN SHARE ROW EXCLUSIVE MODE;
-- @empty
SELECT NOT EXISTS (SELECT 1 FROM flipside.sessions);
-- @copy_direct
COPY flipside.sessions (programme, cohort, mentor_ref, mentee_ref, held_at, held_on, duration_min, status, channel, topics, line) FROM STDIN;
-- @stage
CREATE TEMP TABLE stage_sessions (LIKE flipside.sessions) ON COMMIT DROP;
-- @copy_stage
COPY stage_sessions (programme, cohort, mentor_ref, mentee_ref, held_at, held_on, duration_min, status, channel, topics, line) FROM STDIN;
-- @drop_direct
-- The table was empty and is locked: every row in it is this file's.
DELETE FROM flipside.sessions WHERE line = ANY ($1::bigint[]);
-- @drop_stage
DELETE FROM stage_sessions WHERE line = ANY ($1::bigint[]);
-- @merge
-- Join on the keys by hashing: the planner, misled by the correlated key
-- columns, would sort both tables for a merge join, five times slower.
SET LOCAL work_mem = '256MB';
SET LOCAL enable_mergejoin = off;
ANALYZE stage_sessions;
-- A stored row with a key of the file is replaced.
DELETE FROM flipside.sessions t USING stage_sessions s
WHERE t.programme = s.programme
  AND t.cohort = s.cohort
  AND t.mentor_ref = s.mentor_ref
  AND t.mentee_ref = s.mentee_ref
  AND t.held_at = s.held_at
  AND t.status = s.status
  AND coalesce(t.channel, '') = coalesce(s.channel, '');
INSERT INTO flipside.sessions SELECT * FROM stage_sessions;
