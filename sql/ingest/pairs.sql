-- pairs: who mentors whom. Sections: @stage, @copy, @merge (see pipeline/ingest.c).
-- @stage
CREATE TEMP TABLE stage_pairs (line bigint NOT NULL, LIKE flipside.pairs) ON COMMIT DROP;
-- @copy
COPY stage_pairs (line, programme, cohort, mentor_ref, mentee_ref, matched_on, ended_on) FROM STDIN;
-- @merge
INSERT INTO flipside.pairs AS t (programme, cohort, mentor_ref, mentee_ref, matched_on, ended_on)
SELECT DISTINCT ON (programme, cohort, mentor_ref, mentee_ref) programme, cohort, mentor_ref,
       mentee_ref, matched_on, ended_on
FROM stage_pairs
ORDER BY programme, cohort, mentor_ref, mentee_ref, line DESC
ON CONFLICT (programme, cohort, mentor_ref, mentee_ref) DO UPDATE SET
    matched_on = EXCLUDED.matched_on, ended_on = EXCLUDED.ended_on;
