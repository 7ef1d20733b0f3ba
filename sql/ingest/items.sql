-- items: survey items.
-- Sections, run by pipeline/ingest.c: lock, empty, then either copy_direct
-- (an empty table takes the rows straight away) or stage and copy_stage; the
-- rows that a later line of the file replaced are withdrawn by their line
-- (drop_direct or drop_stage), and a staged file is merged (merge).
-- @lock
LOCK TABLE flipside.items IN SHARE ROW EXCLUSIVE MODE;
-- @empty
SELECT NOT EXISTS (SELECT 1 FROM flipside.items);
-- @copy_direct
COPY flipside.items (item, construct, scale_min, scale_max, reverse, text, line) FROM STDIN;
-- @stage
CREATE TEMP TABLE stage_items (LIKE flipside.items) ON COMMIT DROP;
-- @copy_stage
COPY stage_items (item, construct, scale_min, scale_max, reverse, text, line) FROM STDIN;
-- @drop_direct
-- The table was empty and is locked: every row in it is this file's.
DELETE FROM flipside.items WHERE line = ANY ($1::bigint[]);
-- @drop_stage
DELETE FROM stage_items WHERE line = ANY ($1::bigint[]);
-- @merge
-- Join on the keys by hashing: the planner, misled by the correlated key
-- columns, would sort both tables for a merge join, five times slower.
SET LOCAL work_mem = '256MB';
SET LOCAL enable_mergejoin = off;
ANALYZE stage_items;
-- A stored row with a key of the file is replaced.
DELETE FROM flipside.items t USING stage_items s
WHERE t.item = s.item;
INSERT INTO flipside.items SELECT * FROM stage_items;
