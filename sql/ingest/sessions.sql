-- sessions: the session log. Sections: @stage, @copy, @merge (see pipeline/ingest.c).
-- The key is every column but topics and duration; a duplicate line is stored once.
-- @stage
CREATE TEMP TABLE stage_sessions (line bigint NOT NULL, LIKE flipside.sessions) ON COMMIT DROP;
-- @copy
COPY stage_sessions (line, programme, cohort, mentor_ref, mentee_ref, held_at, held_on,
                     duration_min, status, channel, topics) FROM STDIN;
-- @merge
INSERT INTO flipside.sessions AS t (programme, cohort, mentor_ref, mentee_ref, held_at, held_on,
                                    duration_min, status, channel, topics)
SELECT DISTINCT ON (programme, cohort, mentor_ref, mentee_ref, held_at, status, channel)
       programme, cohort, mentor_ref, mentee_ref, held_at, held_on, duration_min, status,
       channel, topics
FROM stage_sessions
ORDER BY programme, cohort, mentor_ref, mentee_ref, held_at, status, channel, line DESC
ON CONFLICT (programme, cohort, mentor_ref, mentee_ref, held_at, status, channel) DO UPDATE SET
    held_on = EXCLUDED.held_on, duration_min = EXCLUDED.duration_min, topics = EXCLUDED.topics;
