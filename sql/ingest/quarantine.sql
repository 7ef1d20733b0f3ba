-- The ingest log and the quarantine. Sections as in the other files.
-- @start
INSERT INTO flipside.ingests (kind, file, strict) VALUES ($1, $2, $3) RETURNING id;
-- @copy
COPY flipside.quarantine (ingest_id, kind, file, line, raw, reason) FROM STDIN;
-- @finish
UPDATE flipside.ingests SET rows = $2, loaded = $3, quarantined = $4, finished_at = now()
WHERE id = $1;
-- @list
-- Oldest ingest first, each file in line order.
SELECT q.file, q.line, q.reason, q.raw, i.started_at::date
FROM flipside.quarantine q JOIN flipside.ingests i ON i.id = q.ingest_id
WHERE ($1::text IS NULL OR q.kind = $1) AND ($2::text IS NULL OR q.file = $2)
ORDER BY q.ingest_id, q.line, q.id
LIMIT $3;
