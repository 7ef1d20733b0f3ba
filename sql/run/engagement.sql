-- Engagement (SPEC 3.4 and rules 10, 14, 29-31): the pairs in scope and
-- their sessions, streamed once and aggregated in C (pipeline/model.c) for
-- the period and the previous one together: a single pass over sessions
-- where one query per figure and period would read the table a dozen times.

-- @pairs
-- The pairs of the programme's cohorts that started by the as-of date and
-- matched by it, with the mentee, whose org decides when the run is for one
-- org (rule 43; settled in C). An end date after the as-of date is not known
-- yet: the pair is open.
COPY (SELECT pr.cohort, pr.mentor_ref, pr.mentee_ref, pr.matched_on - DATE '1970-01-01',
             CASE WHEN pr.ended_on <= (SELECT current_setting('flipside.as_of')::date)
                  THEN (pr.ended_on - DATE '1970-01-01')::text END
      FROM flipside.pairs pr
      JOIN flipside.cohorts c ON c.programme = pr.programme AND c.cohort = pr.cohort
      WHERE pr.programme = (SELECT current_setting('flipside.programme'))
        AND c.starts_on <= (SELECT current_setting('flipside.as_of')::date)
        AND pr.matched_on <= (SELECT current_setting('flipside.as_of')::date))
TO STDOUT;

-- @sessions
-- Every session of the programme by the as-of date, by the date part of
-- held_on (rule 7); whether its pair is in scope is settled in C.
COPY (SELECT cohort, mentor_ref, mentee_ref, held_on - DATE '1970-01-01', status,
             coalesce(duration_min, 0), coalesce(channel, 'unknown'), coalesce(topics, '')
      FROM flipside.sessions
      WHERE programme = (SELECT current_setting('flipside.programme'))
        AND held_on <= (SELECT current_setting('flipside.as_of')::date))
TO STDOUT;
