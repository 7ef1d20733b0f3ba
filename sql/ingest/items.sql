-- items: the survey items. Sections: @stage, @copy, @merge (see pipeline/ingest.c).
-- @stage
CREATE TEMP TABLE stage_items (line bigint NOT NULL, LIKE flipside.items) ON COMMIT DROP;
-- @copy
COPY stage_items (line, item, construct, scale_min, scale_max, reverse, text) FROM STDIN;
-- @merge
INSERT INTO flipside.items AS t (item, construct, scale_min, scale_max, reverse, text)
SELECT DISTINCT ON (item) item, construct, scale_min, scale_max, reverse, text
FROM stage_items
ORDER BY item, line DESC
ON CONFLICT (item) DO UPDATE SET
    construct = EXCLUDED.construct, scale_min = EXCLUDED.scale_min,
    scale_max = EXCLUDED.scale_max, reverse = EXCLUDED.reverse, text = EXCLUDED.text;
