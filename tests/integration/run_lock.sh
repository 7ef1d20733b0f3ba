# Two runs of one programme and period never overlap (SPEC sections 1, 6 and 8): flipside run
# takes a PostgreSQL advisory lock (pipeline/run.c, key "flipside run PROGRAMME ORG PERIOD")
# and, when another session holds it, exits 4 with a clear message, records the run as
# refused and leaves the output as it was.
. "$FLIPSIDE_TOP/tests/integration/lib.sh"

fs_seed_demo it_run_lock
out=$PWD/reports
dir=$out/RM/2026-Q3

fs_run --period 2026-Q3 --out "$out"
expect_run_ok "a first run exits 0"
before=$(fs_sums "$dir")

# ---- the lock held by another session ------------------------------------------------------------

fs_lock_hold "flipside run RM  2026-Q3"
fs_run --period 2026-Q3 --out "$out"
expect_rc "lock held: run exits 4" 4
expect "lock held: one line on stderr" "$(wc -l < run.err | tr -d ' ')" "1"
expect_match "lock held: the line says another run holds the lock of RM 2026-Q3" "$(cat run.err)" \
    '^flipside: another run of RM for 2026-Q3 holds the lock'
expect "lock held: nothing on stdout" "$(cat run.out)" ""
id=$(fs_last_run)
expect "lock held: the ledger says refused" "$(fs_ledger "$id" status)" "refused"
expect_match "lock held: the ledger keeps the reason" "$(fs_ledger "$id" error)" 'holds the lock'
expect "lock held: no output folder in the ledger" "$(fs_ledger "$id" "coalesce(out_dir, '-')")" "-"
run_fs runs.out runs.err runs --limit 5
expect_match "lock held: flipside runs lists it as refused, with the reason" \
    "$(grep -E "^$id " runs.out)" "^$id +RM +2026-Q3 +all +refused .*holds the lock"
expect "lock held: the output is untouched" "$(fs_sums "$dir")" "$before"
expect "lock held: no hidden folder beside it" "$(fs_hidden "$out/RM")" ""

# Other periods and the org packs have locks of their own.
fs_run --period 2026-Q2 --out "$out"
expect_run_ok "lock of 2026-Q3 held: a run of 2026-Q2 exits 0"
fs_run --period 2026-Q3 --org northwind --out "$out"
expect_run_ok "lock of 2026-Q3 held: the northwind pack of 2026-Q3 exits 0"
fs_release

fs_run --period 2026-Q3 --out "$out"
expect_run_ok "lock released: the run exits 0"
expect "lock released: the ledger says ok" "$(fs_ledger "$(fs_last_run)" status)" "ok"
expect "lock released: the lock is free again afterwards" \
    "$(sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")" "0"

fs_lock_hold "flipside run RM northwind 2026-Q3"
fs_run --period 2026-Q3 --org northwind --out "$out"
expect_rc "org lock held: the northwind run exits 4" 4
expect_match "org lock held: the message names the programme, org and period" "$(cat run.err)" \
    'RM for org northwind for 2026-Q3'
fs_run --period 2026-Q3 --out "$out"
expect_run_ok "org lock held: the run of every org exits 0"
fs_release

# ---- two runs at once ---------------------------------------------------------------------------
# The first run holds the lock while it waits for a table another session has locked; a second
# run of the same period meanwhile is refused; the first one then finishes.

before=$(fs_sums "$dir")
fs_hold "BEGIN; LOCK TABLE flipside.sessions IN ACCESS EXCLUSIVE MODE"
"$FLIPSIDE" run --period 2026-Q3 --out "$out" > first.out 2> first.err 7>&- &
first=$!
blocked=$(fs_wait_blocked)
expect "two at once: the first run is waiting inside its snapshot" "$([ -n "$blocked" ] && echo waiting)" "waiting"
first_id=$(fs_last_run)
expect "two at once: the first run is in the ledger as running" "$(fs_ledger "$first_id" status)" "running"
fs_run --period 2026-Q3 --out "$out"
expect_rc "two at once: the second run exits 4" 4
expect "two at once: the second run is refused in the ledger" "$(fs_ledger "$(fs_last_run)" status)" "refused"
expect "two at once: the output is untouched meanwhile" "$(fs_sums "$dir")" "$before"
fs_release
wait "$first"
rc=$?
expect "two at once: the first run then exits 0" "$rc" "0"
expect "two at once: the first run is ok in the ledger" "$(fs_ledger "$first_id" status)" "ok"
expect "two at once: the first run published the folder" "$(cat first.out)" "$dir"
expect "two at once: no hidden folder is left" "$(fs_hidden "$out/RM")" ""
