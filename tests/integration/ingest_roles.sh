# flipside ingest under least privilege (SPEC section 8): db init creates flipside_read and
# flipside_load; ingest works for a login that only has flipside_load, both into empty
# tables and through the merge, with quarantined rows; a login without it cannot load.
. "$FLIPSIDE_TOP/tests/integration/lib.sh"

fs_newdb it_ingest_roles
admin_db=$FLIPSIDE_DB

expect "db init creates flipside_read and flipside_load, not as logins" \
    "$(sql "SELECT string_agg(rolname || ':' || rolcanlogin, ',' ORDER BY rolname) FROM pg_roles
            WHERE rolname IN ('flipside_read', 'flipside_load')")" "flipside_load:false,flipside_read:false"
expect "flipside_load may insert, delete and read people" \
    "$(sql "SELECT has_table_privilege('flipside_load', 'flipside.people', 'INSERT')
            AND has_table_privilege('flipside_load', 'flipside.people', 'DELETE')
            AND has_table_privilege('flipside_load', 'flipside.people', 'SELECT')")" "t"
expect "flipside_load may write the quarantine and the ingest log" \
    "$(sql "SELECT has_table_privilege('flipside_load', 'flipside.quarantine', 'INSERT')
            AND has_table_privilege('flipside_load', 'flipside.ingests', 'INSERT')
            AND has_table_privilege('flipside_load', 'flipside.ingests', 'UPDATE')")" "t"
expect "flipside_load may not write the run ledger" \
    "$(sql "SELECT has_table_privilege('flipside_load', 'flipside.runs', 'INSERT')")" "f"
expect "flipside_load may not create tables in the schema" \
    "$(sql "SELECT has_schema_privilege('flipside_load', 'flipside', 'CREATE')")" "f"
expect "flipside_read may not write people" \
    "$(sql "SELECT has_table_privilege('flipside_read', 'flipside.people', 'INSERT')
            OR has_table_privilege('flipside_read', 'flipside.people', 'DELETE')")" "f"

# ---- A login with flipside_load only ----------------------------------------------------------

fs_login_role it_ingest_loader flipside_load
FLIPSIDE_DB="$admin_db user=it_ingest_loader"
export FLIPSIDE_DB
expect "the loader login is not the admin" "$(psql "$FLIPSIDE_DB" -qXAt -c "SELECT current_user" 2>&1)" "it_ingest_loader"
for kind in people cohorts items participants pairs sessions responses; do
    fs_ingest "$kind" "$INGEST_DATA/$kind.csv"
    expect_rc "loader: $kind into an empty table exits 0" 0
done
fs_ingest responses --wide "$INGEST_DATA/responses_wide.csv"
expect_rc "loader: responses --wide exits 0" 0
expect_summary "loader: responses --wide summary" "$INGEST_DATA/responses_wide.csv" 2 2 0
for kind in people sessions responses; do
    fs_ingest "$kind" "$INGEST_DATA/$kind.csv"
    expect_rc "loader: $kind again, through the merge, exits 0" 0
done
printf 'person_ref,hired_on\nR1,2020-01-01\nR2,not-a-date\n' > roles_bad.csv
fs_ingest people roles_bad.csv
expect_rc "loader: a file with a bad row exits 3" 3
expect_summary "loader: a file with a bad row: summary" roles_bad.csv 2 1 1
run_fs q.out q.err quarantine --file roles_bad.csv
expect_rc "loader: flipside quarantine works" 0
expect_match "loader: flipside quarantine lists the row" "$(cat q.out)" '^roles_bad\.csv:3: '
FLIPSIDE_DB=$admin_db
expect_count "loader: every kind stored" \
    "SELECT (SELECT count(*) FROM people) + (SELECT count(*) FROM cohorts) + (SELECT count(*) FROM items)
          + (SELECT count(*) FROM participants) + (SELECT count(*) FROM pairs) + (SELECT count(*) FROM sessions)
          + (SELECT count(*) FROM responses)" "$((9 + 2 + 4 + 6 + 3 + 5 + 14))"
expect_count "loader: the quarantined row is stored" "SELECT count(*) FROM quarantine WHERE file = 'roles_bad.csv'" 1

# ---- A login without flipside_load cannot load: exit 1, nothing stored --------------------------

fs_login_role it_ingest_nobody
FLIPSIDE_DB="$admin_db user=it_ingest_nobody"
printf 'person_ref,hired_on\nR3,2020-01-01\n' > roles_nobody.csv
fs_ingest people roles_nobody.csv
expect_rc "no role: ingest exits 1" 1
expect_match "no role: the error says what failed" "$(cat ingest.err)" 'permission denied|privilege'
expect "no role: no summary line" "$(cat ingest.out)" ""
FLIPSIDE_DB=$admin_db
expect_count "no role: nothing stored" "SELECT count(*) FROM people WHERE person_ref = 'R3'" 0

# A login with flipside_read only cannot load either.
fs_login_role it_ingest_reader flipside_read
FLIPSIDE_DB="$admin_db user=it_ingest_reader"
fs_ingest people roles_nobody.csv
expect_rc "read role: ingest exits 1" 1
FLIPSIDE_DB=$admin_db
expect_count "read role: nothing stored" "SELECT count(*) FROM people WHERE person_ref = 'R3'" 0
