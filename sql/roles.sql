-- roles.sql: least privilege (SPEC section 8). Applied by `flipside db init`
-- when the connecting user may create roles; skipped with a notice otherwise.
--
--   flipside_read  reads every table; writes nothing but the run ledger.
--                  `flipside run` and `flipside runs` work under it.
--   flipside_load  reads and loads (replacing rows) the input tables, the
--                  ingest log and the quarantine. `flipside ingest` works under it.
--
-- Both are NOLOGIN group roles granted to the user who ran db init; the
-- program switches to them with SET ROLE after connecting.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'flipside_read') THEN
        CREATE ROLE flipside_read NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'flipside_load') THEN
        CREATE ROLE flipside_load NOLOGIN;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA flipside TO flipside_read, flipside_load;

GRANT SELECT ON ALL TABLES IN SCHEMA flipside TO flipside_read;
GRANT INSERT, UPDATE ON flipside.runs TO flipside_read;
GRANT USAGE ON SEQUENCE flipside.runs_id_seq TO flipside_read;

GRANT SELECT ON ALL TABLES IN SCHEMA flipside TO flipside_load;
GRANT INSERT, UPDATE, DELETE ON flipside.people, flipside.cohorts, flipside.items,
    flipside.participants, flipside.pairs, flipside.sessions, flipside.responses,
    flipside.ingests, flipside.quarantine TO flipside_load;
GRANT USAGE ON SEQUENCE flipside.ingests_id_seq, flipside.quarantine_id_seq TO flipside_load;

GRANT flipside_read, flipside_load TO CURRENT_USER;
