-- The run's parameters, set once per transaction; the other run queries read
-- them with current_setting(), so that no value is ever pasted into SQL text
-- (COPY ... TO STDOUT takes no parameters of its own).
--   $1 programme  $2 as-of date  $3 org ('' for every org)
-- @set
SELECT pg_catalog.set_config('flipside.programme', $1, true),
       pg_catalog.set_config('flipside.as_of', $2, true),
       pg_catalog.set_config('flipside.org', $3, true);
