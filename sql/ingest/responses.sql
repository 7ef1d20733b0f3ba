-- responses: survey answers, long layout (the wide layout is turned into
-- this one while reading). Sections: @stage, @copy, @merge (see pipeline/ingest.c).
-- @stage
CREATE TEMP TABLE stage_responses (line bigint NOT NULL, LIKE flipside.responses) ON COMMIT DROP;
-- @copy
COPY stage_responses (line, programme, cohort, wave, person_ref, submitted_at, submitted_on,
                      item, value) FROM STDIN;
-- @merge
-- The latest submitted_on wins (full timestamp, then the later line; SPEC
-- rule 7); an answer already stored is replaced only by one as late or later.
INSERT INTO flipside.responses AS t (programme, cohort, wave, person_ref, item, submitted_at,
                                     submitted_on, value)
SELECT DISTINCT ON (programme, cohort, wave, person_ref, item) programme, cohort, wave,
       person_ref, item, submitted_at, submitted_on, value
FROM stage_responses
ORDER BY programme, cohort, wave, person_ref, item, submitted_at DESC, line DESC
ON CONFLICT (programme, cohort, wave, person_ref, item) DO UPDATE SET
    submitted_at = EXCLUDED.submitted_at, submitted_on = EXCLUDED.submitted_on,
    value = EXCLUDED.value
WHERE EXCLUDED.submitted_at >= t.submitted_at;
