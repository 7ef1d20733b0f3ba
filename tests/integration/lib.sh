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
