# Faults during flipside run (SPEC sections 5 and 8): a write that fails, the database going
# away mid-run, a statement cancelled, a run killed half-way, a database that is down. Each
# ends in exit 1 with a one-line error, the previous output untouched, no hidden folder left
# behind, the ledger saying failed with the error; and the next run succeeds with the same
# figures. A killed run's leftovers are cleared by the next run.
. "$FLIPSIDE_TOP/tests/integration/lib.sh"

fs_seed_demo it_run_faults
out=$PWD/reports
dir=$out/RM/2026-Q3

fs_run --period 2026-Q3 --out "$out"
expect_run_ok "a first good run exits 0"
cp "$dir/figures.csv" good.csv
cp "$dir/figures.json" good.json
before=$(fs_sums "$dir")
csv_size=$(wc -c < "$dir/figures.csv")

# expect_failed NAME PATTERN: the last fs_run failed as a fault should: exit 1, one line on
# stderr after the stage lines matching PATTERN, the output untouched, nothing hidden left,
# the ledger saying failed with the same error.
expect_failed() {
    expect_rc "$1: exits 1" 1
    _e=$(grep -v '^flipside: run [0-9]*: ' run.err)
    expect "$1: one error line on stderr" "$(printf '%s\n' "$_e" | grep -c .)" "1"
    expect_match "$1: the error says what failed" "$_e" "$2"
    expect "$1: nothing on stdout" "$(cat run.out)" ""
    expect "$1: the previous output is untouched" "$(fs_sums "$dir")" "$before"
    expect "$1: no hidden folder is left beside it" "$(fs_hidden "$out/RM")" ""
    _id=$(fs_last_run)
    expect "$1: the ledger says failed" "$(fs_ledger "$_id" status)" "failed"
    expect "$1: the ledger keeps the error" "flipside: $(fs_ledger "$_id" error)" "$_e"
    expect "$1: the ledger has no output folder" "$(fs_ledger "$_id" "coalesce(out_dir, '-')")" "-"
}

# ---- a write that fails after the hidden folder exists (file size limit: EFBIG) ------------------
# ulimit -f counts blocks of 512 or 1024 bytes depending on the shell: either way the limit is
# below the size of figures.csv, the first file the run writes.
blocks=$((csv_size / 2048))
(trap '' XFSZ && ulimit -f "$blocks" && exec "$FLIPSIDE" run --period 2026-Q3 --out "$out") > run.out 2> run.err
rc=$?
expect_failed "a write fails" 'figures\.csv: File too large'

# ---- the database goes away mid-run -------------------------------------------------------------
# The run waits for a table another session has locked (inside its snapshot, holding the run
# lock); its backend is then terminated.

fs_hold "BEGIN; LOCK TABLE flipside.sessions IN ACCESS EXCLUSIVE MODE"
"$FLIPSIDE" run --period 2026-Q3 --out "$out" > run.out 2> run.err 7>&- &
pid=$!
backend=$(fs_wait_blocked)
if [ -n "$backend" ]; then
    sql "SELECT pg_terminate_backend($backend)" > /dev/null
    wait "$pid"
    rc=$?
    fs_release
    expect_failed "backend terminated" 'terminating connection'
else
    fs_release
    wait "$pid"
    fail "backend terminated" "the run never waited for the locked table"
fi

# ---- a statement cancelled (PGOPTIONS lock_timeout while a table is locked) ------------------------

fs_hold "BEGIN; LOCK TABLE flipside.people IN ACCESS EXCLUSIVE MODE"
PGOPTIONS='-c lock_timeout=200' "$FLIPSIDE" run --period 2026-Q3 --out "$out" > run.out 2> run.err 7>&-
rc=$?
fs_release
expect_failed "lock timeout" 'lock timeout'

# ---- a run killed half-way, and leftovers of killed runs -------------------------------------------
# Without the trap, SIGXFSZ kills the run in the middle of writing figures.csv.

# (The inner shell, whose stderr is dropped, is the one that says "File size limit exceeded".)
sh -c '(ulimit -f "$1" && exec "$2" run --period 2026-Q3 --out "$3" > run.out 2> run.err)' \
    sh "$blocks" "$FLIPSIDE" "$out" 2> /dev/null
rc=$?
killed_id=$(fs_last_run)
expect "killed: the run died of a signal" "$([ "$rc" -gt 128 ] && echo signal || echo "exit $rc")" "signal"
expect "killed: the previous output is untouched" "$(fs_sums "$dir")" "$before"
expect_match "killed: its half-written folder is hidden" "$(fs_hidden "$out/RM")" '^\.2026-Q3\.tmp-[0-9]+$'
mkdir -p "$out/RM/.2026-Q3.tmp-99999/charts" "$out/RM/.2026-Q3.old-99999"
echo half > "$out/RM/.2026-Q3.tmp-99999/figures.csv"
echo old > "$out/RM/.2026-Q3.old-99999/figures.csv"
# Hidden folders of another period, or that are not a run's, are not this run's to clear.
mkdir -p "$out/RM/.2026-Q2.tmp-99999" "$out/RM/.keep"
fs_run --period 2026-Q3 --out "$out"
expect_run_ok "after a kill: the next run exits 0"
expect "after a kill: the next run clears the leftovers of 2026-Q3 only" \
    "$(fs_hidden "$out/RM" | tr '\n' ' ')" ".2026-Q2.tmp-99999 .keep "
if cmp -s good.csv "$dir/figures.csv" && cmp -s good.json "$dir/figures.json"; then
    ok "after the faults: the figures are those of the first run, byte for byte"
else
    fail "after the faults: the figures are those of the first run, byte for byte" "figures differ"
fi
if r=$(fs_check_manifest "$dir"); then ok "after the faults: the manifest matches the files"; else
    fail "after the faults: the manifest matches the files" "$r"; fi
expect "after the faults: files 0640, folders 0750" \
    "$(find "$dir" -type f -exec stat -c %a {} + | sort -u) $(find "$dir" -type d -exec stat -c %a {} + | sort -u)" \
    "640 750"
# The killed run could not record its end; the next run of the same scope, holding the lock,
# marks it failed.
expect "after the faults: every failed run is in the ledger, the killed one too" \
    "$(sql "SELECT count(*) FROM runs WHERE status = 'failed'")" "4"
expect "after the faults: the killed run is failed, found by the next run" \
    "$(fs_ledger "$killed_id" status)" "failed"

# ---- a database that is down ------------------------------------------------------------------

good_db=$FLIPSIDE_DB
mkdir -p nosocket
FLIPSIDE_DB="host=$PWD/nosocket dbname=flipside user=flipside password=secret123 connect_timeout=2"
export FLIPSIDE_DB
fs_run --period 2026-Q3 --out "$PWD/down"
expect_rc "database down: exits 1" 1
expect "database down: one line on stderr" "$(wc -l < run.err | tr -d ' ')" "1"
expect_match "database down: the line says it could not connect" "$(cat run.err)" \
    '^flipside: connect to the database: .*nosocket'
expect "database down: the password is not printed" "$(grep -c secret123 run.out run.err | grep -vc ':0$')" "0"
expect "database down: nothing is written" "$(ls -A "$PWD/down" 2>/dev/null)" ""

# A password is never printed, even when libpq cannot read the conninfo it is in (SPEC 1). A
# URI whose password holds a "%" that is not percent-encoding is a common slip. A conninfo
# libpq cannot read is a bad setting (exit 2); one it reads but cannot connect with, a
# failure (exit 1).
bad_conninfo() {
    FLIPSIDE_DB=$2
    fs_run --period 2026-Q3 --out "$PWD/down"
    expect_rc "$1: exits $3" "$3"
    if grep -qE 'secret123|50%off' run.err; then
        fail "$1: the password is not printed" "stderr shows it: $(cat run.err)"
    else
        ok "$1: the password is not printed"
    fi
}
bad_conninfo "a URI password with a stray %" "postgresql://flipside:50%off@localhost/flipside" 2
bad_conninfo "a URI with a broken IPv6 host" "postgresql://flipside:secret123@[::1/flipside" 2
bad_conninfo "a conninfo with a bad sslmode" "host=$PWD/nosocket password=secret123 sslmode=bogus" 1
FLIPSIDE_DB=$good_db

# --out that cannot be a folder.
echo "a file" > not-a-folder
fs_run --period 2026-Q3 --out "$PWD/not-a-folder"
expect_rc "--out is a file: exits 1" 1
expect_match "--out is a file: the error names it" "$(cat run.err)" 'not-a-folder'
expect "--out is a file: the ledger says failed" "$(fs_ledger "$(fs_last_run)" status)" "failed"

fs_run --period 2026-Q3 --out "$out"
expect_run_ok "the database back: the run exits 0"
