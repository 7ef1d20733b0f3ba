-- Engagement in one window (SPEC 3.4 and rules 10, 14, 29-31). Every query
-- below is run after the section "scope", which names the pairs in scope
-- (p) and their sessions in the window (s):
--   pairs of the programme's cohorts that started by the as-of date, matched
--   by it, whose mentee is in the org when the run is for one (rule 43); an
--   end date after the as-of date is not known yet, so the pair is open.
-- The window is win_start..win_end (win_end is the period end, or the as-of
-- date when that comes first, rule 10). Sessions count by the date part of
-- held_on (rule 7), whether or not the pair had ended (rule 14).
-- Results come per cohort and, with cohort NULL, for every cohort pooled.

-- @scope
WITH prm AS (
    SELECT current_setting('flipside.programme') AS programme,
           current_setting('flipside.as_of')::date AS as_of,
           current_setting('flipside.org') AS org,
           current_setting('flipside.win_start')::date AS ws,
           current_setting('flipside.win_end')::date AS we,
           current_setting('flipside.period_end')::date AS period_end
),
p AS (
    SELECT pr.cohort, pr.mentor_ref, pr.mentee_ref, pr.matched_on,
           CASE WHEN pr.ended_on <= prm.as_of THEN pr.ended_on END AS ended_on
    FROM flipside.pairs pr
    CROSS JOIN prm
    JOIN flipside.cohorts c ON c.programme = pr.programme AND c.cohort = pr.cohort
    WHERE pr.programme = prm.programme
      AND c.starts_on <= prm.as_of
      AND pr.matched_on <= prm.as_of
      AND (prm.org = '' OR EXISTS (SELECT 1 FROM flipside.people m
                                   WHERE m.person_ref = pr.mentee_ref AND m.org = prm.org))
),
s AS (
    SELECT x.ctid AS sid, p.cohort, p.mentor_ref, p.mentee_ref, x.held_on, x.status,
           x.duration_min, coalesce(x.channel, 'unknown') AS channel, x.topics
    FROM flipside.sessions x
    CROSS JOIN prm
    JOIN p ON p.cohort = x.cohort AND p.mentor_ref = x.mentor_ref AND p.mentee_ref = x.mentee_ref
    WHERE x.programme = prm.programme
      AND x.held_on BETWEEN prm.ws AND prm.we
)

-- @pairs
-- One row a pair: live in the window, held sessions in it, stalled: the
-- last held session on or before the window's end, at any time, or else
-- matched_on, more than 60 days before that end (rule 30).
, last AS (
    SELECT x.cohort, x.mentor_ref, x.mentee_ref, max(x.held_on) AS last_held
    FROM flipside.sessions x CROSS JOIN prm
    WHERE x.programme = prm.programme AND x.status = 'held' AND x.held_on <= prm.we
    GROUP BY 1, 2, 3
),
held AS (
    SELECT cohort, mentor_ref, mentee_ref, count(*) AS held
    FROM s WHERE status = 'held'
    GROUP BY 1, 2, 3
)
SELECT p.cohort,
       (p.matched_on <= prm.we AND (p.ended_on IS NULL OR p.ended_on >= prm.ws))::int,
       coalesce(held.held, 0),
       (prm.we - coalesce(last.last_held, p.matched_on) > 60)::int
FROM p CROSS JOIN prm
LEFT JOIN held USING (cohort, mentor_ref, mentee_ref)
LEFT JOIN last USING (cohort, mentor_ref, mentee_ref);

-- @sessions
-- Sessions of every status (rule 30), cancelled or no-show, held, and the
-- minutes of the held ones (a held session without a duration counts 0).
SELECT cohort, count(*), count(*) FILTER (WHERE status <> 'held'),
       count(*) FILTER (WHERE status = 'held'),
       coalesce(sum(duration_min) FILTER (WHERE status = 'held'), 0)
FROM s
GROUP BY GROUPING SETS ((cohort), ());

-- @channels
SELECT cohort, channel, count(*)
FROM s WHERE status = 'held'
GROUP BY GROUPING SETS ((cohort, channel), (channel));

-- @topics
-- Tags split on ';', trimmed, empty ones dropped, once per session (rule 29).
, tags AS (
    SELECT DISTINCT s.sid, s.cohort, btrim(t, E' \t\r\n') AS tag
    FROM s CROSS JOIN LATERAL unnest(string_to_array(s.topics, ';')) AS t
    WHERE s.status = 'held' AND btrim(t, E' \t\r\n') <> ''
)
SELECT cohort, tag, count(*)
FROM tags
GROUP BY GROUPING SETS ((cohort, tag), (tag));

-- @gaps
-- Days between consecutive held sessions of a pair, both in the window;
-- the median as R's median (rule 30).
, gaps AS (
    SELECT cohort,
           held_on - lag(held_on) OVER (PARTITION BY cohort, mentor_ref, mentee_ref ORDER BY held_on) AS gap
    FROM s WHERE status = 'held'
)
SELECT cohort, count(gap), percentile_cont(0.5) WITHIN GROUP (ORDER BY gap)
FROM gaps WHERE gap IS NOT NULL
GROUP BY GROUPING SETS ((cohort), ());

-- @monthly
-- The 12 months up to the period end's month (rule 10): held sessions and
-- pairs with a held session, by month; months without any are filled in by
-- the caller (rule 31).
, m AS (
    SELECT p.cohort, p.mentor_ref, p.mentee_ref, to_char(x.held_on, 'YYYY-MM') AS month
    FROM flipside.sessions x
    CROSS JOIN prm
    JOIN p ON p.cohort = x.cohort AND p.mentor_ref = x.mentor_ref AND p.mentee_ref = x.mentee_ref
    WHERE x.programme = prm.programme AND x.status = 'held'
      AND x.held_on <= prm.as_of
      AND x.held_on >= (date_trunc('month', prm.period_end) - interval '11 months')::date
      AND x.held_on <= prm.period_end
)
SELECT cohort, month, count(*), count(DISTINCT (cohort, mentor_ref, mentee_ref))
FROM m
GROUP BY GROUPING SETS ((cohort, month), (month));
