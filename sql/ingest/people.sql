-- people: the HR roster. Sections: @stage, @copy, @merge (see pipeline/ingest.c).
-- @stage
CREATE TEMP TABLE stage_people (line bigint NOT NULL, LIKE flipside.people) ON COMMIT DROP;
-- @copy
COPY stage_people (line, person_ref, org, department, grade, gender, ethnicity, age_band,
                   network, hired_on, left_on, leave_reason) FROM STDIN;
-- @merge
-- A later line with the same person_ref replaces an earlier one.
INSERT INTO flipside.people AS t (person_ref, org, department, grade, gender, ethnicity,
                                  age_band, network, hired_on, left_on, leave_reason)
SELECT DISTINCT ON (person_ref) person_ref, org, department, grade, gender, ethnicity,
       age_band, network, hired_on, left_on, leave_reason
FROM stage_people
ORDER BY person_ref, line DESC
ON CONFLICT (person_ref) DO UPDATE SET
    org = EXCLUDED.org, department = EXCLUDED.department, grade = EXCLUDED.grade,
    gender = EXCLUDED.gender, ethnicity = EXCLUDED.ethnicity, age_band = EXCLUDED.age_band,
    network = EXCLUDED.network, hired_on = EXCLUDED.hired_on, left_on = EXCLUDED.left_on,
    leave_reason = EXCLUDED.leave_reason;
