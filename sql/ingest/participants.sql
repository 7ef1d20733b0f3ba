-- participants. Sections: @stage, @copy, @merge (see pipeline/ingest.c).
-- @stage
CREATE TEMP TABLE stage_participants (line bigint NOT NULL, LIKE flipside.participants) ON COMMIT DROP;
-- @copy
COPY stage_participants (line, programme, cohort, person_ref, role, enrolled_on, withdrew_on) FROM STDIN;
-- @merge
INSERT INTO flipside.participants AS t (programme, cohort, person_ref, role, enrolled_on, withdrew_on)
SELECT DISTINCT ON (programme, cohort, person_ref) programme, cohort, person_ref, role,
       enrolled_on, withdrew_on
FROM stage_participants
ORDER BY programme, cohort, person_ref, line DESC
ON CONFLICT (programme, cohort, person_ref) DO UPDATE SET
    role = EXCLUDED.role, enrolled_on = EXCLUDED.enrolled_on, withdrew_on = EXCLUDED.withdrew_on;
