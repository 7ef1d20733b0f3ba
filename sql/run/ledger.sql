-- The run ledger (SPEC section 6): every run, good, failed or refused.
-- Written outside the run's read-only snapshot, each statement on its own.

-- @start
INSERT INTO flipside.runs (programme, period, org, report, as_of, status, version)
VALUES ($1, $2, nullif($3, ''), $4, $5::date, 'running', $6)
RETURNING id;

-- @stage
-- One stage done: its name, seconds and what it counted.
UPDATE flipside.runs
SET stages = stages || jsonb_build_array(jsonb_build_object('stage', $2::text, 'seconds', $3::numeric,
                                                            'detail', $4::text))
WHERE id = $1::bigint;

-- @finish
UPDATE flipside.runs
SET status = $2, finished_at = clock_timestamp(), out_dir = nullif($3, ''),
    row_counts = nullif($4, '')::jsonb, error = nullif($5, '')
WHERE id = $1::bigint;

-- @settle
-- Runs of the same programme, period and org still marked running while this
-- run holds their lock were killed (SIGKILL, power loss): mark them failed.
UPDATE flipside.runs
SET status = 'failed', finished_at = coalesce(finished_at, clock_timestamp()),
    error = 'interrupted: found still running by run ' || $1
WHERE status = 'running' AND id <> $1::bigint
  AND programme = $2 AND period = $3 AND coalesce(org, '') = $4;

-- @list
SELECT id, coalesce(programme, ''), coalesce(period, ''), coalesce(org, ''), coalesce(report, ''),
       status, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
       coalesce(to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), ''),
       coalesce(round(extract(epoch FROM finished_at - started_at)::numeric, 1)::text, ''),
       coalesce(out_dir, ''), coalesce(error, '')
FROM flipside.runs
WHERE ($1::text IS NULL OR programme = $1)
ORDER BY id DESC
LIMIT $2::int;
