-- cohorts. Sections: @stage, @copy, @merge (see pipeline/ingest.c).
-- @stage
CREATE TEMP TABLE stage_cohorts (line bigint NOT NULL, LIKE flipside.cohorts) ON COMMIT DROP;
-- @copy
COPY stage_cohorts (line, programme, cohort, kind, starts_on, ends_on, name) FROM STDIN;
-- @merge
INSERT INTO flipside.cohorts AS t (programme, cohort, kind, starts_on, ends_on, name)
SELECT DISTINCT ON (programme, cohort) programme, cohort, kind, starts_on, ends_on, name
FROM stage_cohorts
ORDER BY programme, cohort, line DESC
ON CONFLICT (programme, cohort) DO UPDATE SET
    kind = EXCLUDED.kind, starts_on = EXCLUDED.starts_on, ends_on = EXCLUDED.ends_on,
    name = EXCLUDED.name;
