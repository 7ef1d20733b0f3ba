-- What the run reads into memory: the programme's cohorts and the items
-- (small), the roster and the participations (one row a person), and the
-- survey answers (streamed; held per person and wave in compact arrays).
-- Dates travel as day numbers since 1970-01-01.

-- @programmes
SELECT DISTINCT programme FROM flipside.cohorts ORDER BY 1;

-- @org_known
-- Whether anybody in the roster belongs to the org a run is asked for.
SELECT EXISTS (SELECT 1 FROM flipside.people WHERE org = $1);

-- @cohorts
-- The cohorts that started by the as-of date (SPEC rule 1), in start order.
SELECT cohort, kind, coalesce(name, ''), starts_on - DATE '1970-01-01',
       coalesce((ends_on - DATE '1970-01-01')::text, '')
FROM flipside.cohorts
WHERE programme = (SELECT current_setting('flipside.programme'))
  AND starts_on <= (SELECT current_setting('flipside.as_of')::date)
ORDER BY starts_on, cohort;

-- @items
SELECT item, construct, scale_min, scale_max, reverse, coalesce(text, '')
FROM flipside.items
ORDER BY item;

-- @people
COPY (SELECT person_ref, coalesce(org, ''), coalesce(department, ''), coalesce(grade, ''),
             coalesce(gender, ''), coalesce(ethnicity, ''), coalesce(age_band, ''),
             coalesce(network, ''), hired_on - DATE '1970-01-01',
             coalesce((left_on - DATE '1970-01-01')::text, ''), coalesce(leave_reason, '')
      FROM flipside.people) TO STDOUT;

-- @participants
-- Every participation in the programme enrolled by the as-of date (SPEC rule 2).
COPY (SELECT cohort, person_ref, role, enrolled_on - DATE '1970-01-01'
      FROM flipside.participants
      WHERE programme = (SELECT current_setting('flipside.programme'))
        AND enrolled_on <= (SELECT current_setting('flipside.as_of')::date)) TO STDOUT;

-- @responses
-- Every answer submitted by the as-of date (its date part, SPEC rule 7).
COPY (SELECT cohort, person_ref, wave, item, value, submitted_on - DATE '1970-01-01'
      FROM flipside.responses
      WHERE programme = (SELECT current_setting('flipside.programme'))
        AND submitted_on <= (SELECT current_setting('flipside.as_of')::date)) TO STDOUT;

-- @quarantined
-- Rows quarantined so far, by kind (SPEC rule 33).
SELECT kind, count(*) FROM flipside.quarantine GROUP BY kind;
