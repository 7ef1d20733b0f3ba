# flipside run under least privilege (SPEC section 8): a login that is only a member of
# flipside_read runs every report, with the same figures as the owner of the schema, and
# records the run in the ledger; the same login cannot load anything. A login without the
# role cannot run.
. "$FLIPSIDE_TOP/tests/integration/lib.sh"

fs_seed_demo it_run_roles
admin_db=$FLIPSIDE_DB

expect "flipside_read writes nothing but the run ledger" \
    "$(sql "SELECT string_agg(DISTINCT table_name, ',') FROM information_schema.role_table_grants
            WHERE grantee = 'flipside_read' AND privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')")" "runs"
expect "flipside_read may read every input table" \
    "$(sql "SELECT bool_and(has_table_privilege('flipside_read', 'flipside.' || t, 'SELECT'))
            FROM unnest(ARRAY['people', 'cohorts', 'items', 'participants', 'pairs', 'sessions', 'responses',
                              'quarantine', 'runs']) AS t")" "t"

fs_run --period 2026-Q3 --out "$PWD/as-owner"
expect_run_ok "the schema's owner: run exits 0"

# ---- a login with flipside_read only ------------------------------------------------------------

fs_login_role it_run_reader flipside_read
FLIPSIDE_DB="$admin_db user=it_run_reader"
export FLIPSIDE_DB
expect "the reader login is not the owner" "$(psql "$FLIPSIDE_DB" -qXAt -c "SELECT current_user" 2>&1)" "it_run_reader"
expect "the reader login is not a member of flipside_load" \
    "$(psql "$FLIPSIDE_DB" -qXAt -c "SELECT pg_has_role('flipside_load', 'MEMBER')" 2>&1)" "f"

fs_run --period 2026-Q3 --out "$PWD/as-reader"
expect_run_ok "reader: run exits 0"
expect "reader: the folder is published" "$(cat run.out)" "$PWD/as-reader/RM/2026-Q3"
expect "reader: the same figures.csv as the owner's, byte for byte" \
    "$(cmp -s as-owner/RM/2026-Q3/figures.csv as-reader/RM/2026-Q3/figures.csv && echo same)" "same"
expect "reader: the same figures.json as the owner's, byte for byte" \
    "$(cmp -s as-owner/RM/2026-Q3/figures.json as-reader/RM/2026-Q3/figures.json && echo same)" "same"
FLIPSIDE_DB=$admin_db
expect "reader: the run is in the ledger as ok" "$(fs_ledger "$(fs_last_run)" "status || ' ' || out_dir")" \
    "ok $PWD/as-reader/RM/2026-Q3"
expect "reader: the ledger has its four stages" \
    "$(fs_ledger "$(fs_last_run)" "(SELECT string_agg(s->>'stage', ' ') FROM jsonb_array_elements(stages) s)")" \
    "extract compute render publish"
FLIPSIDE_DB="$admin_db user=it_run_reader"
fs_run --period 2026-Q3 --org northwind --as-of 2026-08-15 --report impact --out "$PWD/as-reader"
expect_run_ok "reader: run --org --as-of --report exits 0"
run_fs runs.out runs.err runs --limit 3
expect_rc "reader: flipside runs exits 0" 0
expect "reader: flipside runs lists the runs" "$(grep -c ' ok ' runs.out)" "3"
run_fs q.out q.err quarantine --limit 5
expect_rc "reader: flipside quarantine exits 0" 0

# The lock works the same under the role.
fs_lock_hold "flipside run RM  2026-Q3"
fs_run --period 2026-Q3 --out "$PWD/as-reader"
expect_rc "reader: lock held: exits 4" 4
fs_release
FLIPSIDE_DB=$admin_db
expect "reader: the refusal is in the ledger" "$(fs_ledger "$(fs_last_run)" status)" "refused"
FLIPSIDE_DB="$admin_db user=it_run_reader"

# ---- the reader cannot load ---------------------------------------------------------------------

printf 'person_ref,hired_on\nRDR1,2020-01-01\n' > reader-people.csv
run_fs ingest.out ingest.err ingest people reader-people.csv
expect_rc "reader: ingest exits 1" 1
expect_match "reader: ingest says permission denied" "$(cat ingest.err)" 'permission denied'
expect "reader: ingest prints no summary line" "$(cat ingest.out)" ""
run_fs seed.out seed.err seed --scale demo --anchor 2026-09-30
expect_rc "reader: seed exits 1" 1
expect_match "reader: seed says permission denied" "$(cat seed.err)" 'permission denied'
expect_match "reader: writing a table directly is denied" \
    "$(psql "$FLIPSIDE_DB" -qXAt -c "SET ROLE flipside_read" -c "DELETE FROM flipside.people" 2>&1)" 'permission denied'
FLIPSIDE_DB=$admin_db
expect_count "reader: nothing was loaded" "SELECT count(*) FROM people WHERE person_ref = 'RDR1'" 0
expect_count "reader: the roster is whole" "SELECT count(*) FROM people" "$(python3 -c 'import json, sys
print(json.load(open(sys.argv[1]))["input_rows"]["people"])' as-owner/RM/2026-Q3/manifest.json)"

# ---- a login with no flipside role cannot run -----------------------------------------------------

fs_login_role it_run_nobody
FLIPSIDE_DB="$admin_db user=it_run_nobody"
runs_before=$(FLIPSIDE_DB=$admin_db fs_last_run)
fs_run --period 2026-Q3 --out "$PWD/as-nobody"
expect_rc "no role: run exits 1" 1
expect_match "no role: the error says permission denied" "$(tail -1 run.err)" 'permission denied'
expect "no role: nothing is written" "$(ls -A as-nobody 2>/dev/null)" ""
FLIPSIDE_DB=$admin_db
expect "no role: no run is recorded" "$(fs_last_run)" "$runs_before"
