# lib.sh: helpers for the integration tests, sourced by each tests/integration/*.sh.
#
# tests/run starts a private cluster and exports FLIPSIDE (the binary),
# FLIPSIDE_TOP (the checkout) and FLIPSIDE_TEST_ADMIN_DB (a conninfo). Each
# script runs in its own empty working folder and prints "ok NAME" or
# "FAIL NAME: why" for every check.

set -u
DATA="$FLIPSIDE_TOP/tests/data"

# fs_newdb NAME: a fresh database with the flipside schema; sets FLIPSIDE_DB.
fs_newdb() {
    psql "$FLIPSIDE_TEST_ADMIN_DB" -qX -v ON_ERROR_STOP=1 \
        -c "DROP DATABASE IF EXISTS \"$1\"" -c "CREATE DATABASE \"$1\"" >/dev/null 2>&1 ||
        { echo "FAIL setup: cannot create database $1"; exit 1; }
    FLIPSIDE_DB="$FLIPSIDE_TEST_ADMIN_DB dbname=$1"
    export FLIPSIDE_DB
    "$FLIPSIDE" db init >/dev/null || { echo "FAIL setup: db init of $1"; exit 1; }
}

# sql QUERY: the unaligned, tuples-only result of QUERY in the test database.
sql() {
    psql "$FLIPSIDE_DB" -qXAt -v ON_ERROR_STOP=1 -c "SET search_path = flipside, pg_catalog" -c "$1"
}

ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; }

# expect NAME GOT WANT
expect() {
    if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got [$2], want [$3]"; fi
}

# expect_match NAME TEXT PATTERN (a grep -E pattern)
expect_match() {
    if printf '%s\n' "$2" | grep -Eq -- "$3"; then ok "$1"; else fail "$1" "[$2] does not match /$3/"; fi
}

# run_fs OUT ERR CMD...: run flipside with args; sets $rc, stdout in OUT, stderr in ERR.
run_fs() {
    _out=$1 _err=$2
    shift 2
    "$FLIPSIDE" "$@" >"$_out" 2>"$_err"
    rc=$?
}

# ---- ingest helpers (tests/integration/ingest_*.sh) ------------------------------------------

INGEST_DATA="$DATA/ingest"

# fs_ingest ARGS...: flipside ingest ARGS; stdout in ingest.out, stderr in ingest.err, status in $rc.
fs_ingest() {
    run_fs ingest.out ingest.err ingest "$@"
}

# sql_quote TEXT: TEXT as an SQL string literal ('it''s').
sql_quote() {
    printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"
}

# expect_rc NAME WANT: $rc of the last run_fs/fs_ingest; on failure shows the first stderr line.
expect_rc() {
    if [ "$rc" = "$2" ]; then
        ok "$1"
    else
        fail "$1" "exit status $rc, want $2 (stderr: $(head -1 "${_err:-/dev/null}" 2>/dev/null))"
    fi
}

# expect_summary NAME FILE ROWS LOADED QUARANTINED: ingest.out has exactly the line
# "FILE: ROWS rows, LOADED loaded, QUARANTINED quarantined", and LOADED + QUARANTINED = ROWS.
expect_summary() {
    _want="$2: $3 rows, $4 loaded, $5 quarantined"
    if [ $(($4 + $5)) -ne "$3" ]; then
        fail "$1" "the test is wrong: $4 + $5 is not $3"
    elif grep -Fxq -- "$_want" ingest.out; then
        ok "$1"
    else
        fail "$1" "no line [$_want] on stdout; got [$(tr '\n' '|' < ingest.out)] (stderr: $(head -1 ingest.err))"
    fi
}

# expect_count NAME QUERY WANT: QUERY (SELECT count(*) ...) gives WANT.
expect_count() {
    expect "$1" "$(sql "$2" 2>&1)" "$3"
}

# quarantine_reason FILE LINE: the reason(s) stored for FILE:LINE, newest first, one a line.
quarantine_reason() {
    sql "SELECT reason FROM quarantine WHERE file = $(sql_quote "$1") AND line = $2 ORDER BY id DESC" 2>&1
}

# expect_quarantined NAME FILE LINE PATTERN: the newest quarantine row of FILE:LINE has a
# reason that matches PATTERN (grep -E).
expect_quarantined() {
    _r=$(quarantine_reason "$2" "$3" | head -1)
    if [ -z "$_r" ]; then
        fail "$1" "no quarantine row for $2:$3"
    else
        expect_match "$1" "$_r" "$4"
    fi
}

# input_dump: every row of the seven input tables, sorted, one a line (for before/after checks).
input_dump() {
    sql "SELECT 'people', t::text FROM people t UNION ALL
         SELECT 'cohorts', t::text FROM cohorts t UNION ALL
         SELECT 'items', t::text FROM items t UNION ALL
         SELECT 'participants', t::text FROM participants t UNION ALL
         SELECT 'pairs', t::text FROM pairs t UNION ALL
         SELECT 'sessions', t::text FROM sessions t UNION ALL
         SELECT 'responses', t::text FROM responses t
         ORDER BY 1, 2" 2>&1
}

# fs_load_base [LAST]: ingest tests/data/ingest/KIND.csv for every kind in load order, up to
# and including LAST (default responses, then responses_wide.csv with --wide too).
# Every file there is good: anything but exit 0 stops the script.
fs_load_base() {
    for _k in people cohorts items participants pairs sessions responses; do
        run_fs base.out base.err ingest "$_k" "$INGEST_DATA/$_k.csv"
        [ "$rc" -eq 0 ] || { echo "FAIL setup: ingest of base $_k exits $rc: $(head -1 base.err)"; exit 1; }
        [ "$_k" = "${1:-responses}" ] && break
    done
    if [ "${1:-responses}" = responses ]; then
        run_fs base.out base.err ingest responses --wide "$INGEST_DATA/responses_wide.csv"
        [ "$rc" -eq 0 ] || { echo "FAIL setup: ingest of base responses_wide exits $rc: $(head -1 base.err)"; exit 1; }
    fi
    rc=0
}

# fs_login_role NAME [GROUP...]: a LOGIN role NAME (created if missing, cluster-wide) that is a
# member of exactly the GROUPs given among flipside_read and flipside_load.
fs_login_role() {
    _name=$1
    shift
    psql "$FLIPSIDE_TEST_ADMIN_DB" -qX -v ON_ERROR_STOP=1 \
        -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$_name')
            THEN CREATE ROLE \"$_name\" LOGIN; END IF; END \$\$" \
        -c "REVOKE flipside_read, flipside_load FROM \"$_name\"" >/dev/null 2>&1 ||
        { echo "FAIL setup: cannot create role $_name"; exit 1; }
    for _g in "$@"; do
        psql "$FLIPSIDE_TEST_ADMIN_DB" -qX -v ON_ERROR_STOP=1 -c "GRANT \"$_g\" TO \"$_name\"" >/dev/null 2>&1 ||
            { echo "FAIL setup: cannot grant $_g to $_name"; exit 1; }
    done
}
