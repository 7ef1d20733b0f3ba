-- The run's parameters, set once per transaction; the other run queries read
-- them with current_setting(), so that no value is ever pasted into SQL text
-- (COPY ... TO STDOUT takes no parameters of its own). They read it as a
-- scalar subquery, (SELECT current_setting(...)): an init plan, evaluated once
-- per query, where a bare call is evaluated again for every row (a third of a
-- second over a million answers).
--   $1 programme  $2 as-of date  $3 org ('' for every org)
-- @set
SELECT pg_catalog.set_config('flipside.programme', $1, true),
       pg_catalog.set_config('flipside.as_of', $2, true),
       pg_catalog.set_config('flipside.org', $3, true);
