# The run ledger and `flipside runs` (SPEC sections 1 and 6): every run, good, failed or
# refused, is listed newest first with its programme, period, report, status, org, start time,
# seconds and output folder or error; the ledger keeps the stages and row counts, and never a
# password.
. "$FLIPSIDE_TOP/tests/integration/lib.sh"

fs_seed_demo it_run_ledger
admin_db=$FLIPSIDE_DB
out=$PWD/reports

run_fs runs.out runs.err runs
expect_rc "an empty ledger: flipside runs exits 0" 0
expect "an empty ledger: the header only" "$(wc -l < runs.out | tr -d ' ')" "1"
expect_match "the header names the columns" "$(head -1 runs.out)" \
    '^id +programme +period +report +status +org +started \(UTC\) +seconds +output or error$'

# One run of each outcome, with a password in the conninfo (trust authentication ignores it).
FLIPSIDE_DB="$admin_db password=secret123"
fs_run --period 2026-Q3 --out "$out"
expect_run_ok "ok run exits 0"
ok_id=$(fs_last_run)
fs_run --period 2026-Q3 --org northwind --report retention --out "$out"
expect_run_ok "ok org run exits 0"
org_id=$(fs_last_run)
fs_lock_hold "flipside run RM  2026-Q3"
fs_run --period 2026-Q3 --out "$out"
expect_rc "refused run exits 4" 4
refused_id=$(fs_last_run)
fs_release
fs_hold "BEGIN; LOCK TABLE flipside.pairs IN ACCESS EXCLUSIVE MODE"
PGOPTIONS='-c lock_timeout=100' "$FLIPSIDE" run --period 2026-Q2 --out "$out" > run.out 2> run.err 7>&-
rc=$?
fs_release
expect_rc "failed run exits 1" 1
failed_id=$(fs_last_run)
fs_run --period 2026-Q7 --out "$out"
expect_rc "usage error exits 2" 2
FLIPSIDE_DB=$admin_db
expect "a usage error is not a run: the ledger has four runs" "$(sql "SELECT count(*) FROM runs")" "4"

run_fs runs.out runs.err runs
expect_rc "flipside runs exits 0" 0
expect "flipside runs lists the four runs, newest first" \
    "$(tail -n +2 runs.out | awk '{ print $1 }' | tr '\n' ' ')" "$failed_id $refused_id $org_id $ok_id "
line() { grep -E "^$1 " runs.out; }
expect_match "ok run: programme, period, report, status, org, start, seconds, folder" "$(line "$ok_id")" \
    "^$ok_id +RM +2026-Q3 +all +ok +- +[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} +[0-9]+\.[0-9] +$out/RM/2026-Q3\$"
expect_match "org run: its report, org and folder" "$(line "$org_id")" \
    "^$org_id +RM +2026-Q3 +retention +ok +northwind .* $out/RM/org-northwind/2026-Q3\$"
expect_match "refused run: status and reason" "$(line "$refused_id")" \
    "^$refused_id +RM +2026-Q3 +all +refused .* another run of RM for 2026-Q3 holds the lock"
expect_match "failed run: status and error" "$(line "$failed_id")" \
    "^$failed_id +RM +2026-Q2 +all +failed .* lock timeout"

run_fs runs.out runs.err runs --limit 2
expect "--limit 2: two runs" "$(tail -n +2 runs.out | awk '{ print $1 }' | tr '\n' ' ')" "$failed_id $refused_id "
run_fs runs.out runs.err runs --programme RM --limit 100
expect "--programme RM: every run" "$(tail -n +2 runs.out | wc -l | tr -d ' ')" "4"
run_fs runs.out runs.err runs --programme XX
expect "--programme XX: none" "$(tail -n +2 runs.out | wc -l | tr -d ' ')" "0"
for bad in 0 -1 abc 1x; do
    run_fs runs.out runs.err runs --limit "$bad"
    expect_rc "--limit $bad: exits 2" 2
    expect_match "--limit $bad: the message names --limit" "$(cat runs.err)" '^flipside: --limit '
done

# ---- what the ledger keeps ----------------------------------------------------------------------

expect "ok run: its stages" \
    "$(fs_ledger "$ok_id" "(SELECT string_agg(s->>'stage', ' ') FROM jsonb_array_elements(stages) s)")" \
    "extract compute render publish"
expect "ok run: the stages have seconds" \
    "$(fs_ledger "$ok_id" "(SELECT bool_and((s->>'seconds')::numeric >= 0) FROM jsonb_array_elements(stages) s)")" "t"
expect "ok run: row counts of the seven inputs" \
    "$(fs_ledger "$ok_id" "(row_counts->>'people') || ' ' || (row_counts->>'sessions') || ' ' || (SELECT count(*) FROM jsonb_object_keys(row_counts))")" \
    "$(sql "SELECT count(*) FROM people") $(sql "SELECT count(*) FROM sessions") 7"
expect "ok run: version, as-of and an end time" \
    "$(fs_ledger "$ok_id" "version || ' ' || as_of || ' ' || (finished_at >= started_at)")" "$("$FLIPSIDE" --version | grep -Eo '[0-9]+\.[0-9]+\.[0-9]+' | head -1) 2026-09-30 true"
expect "ok run: no error" "$(fs_ledger "$ok_id" "coalesce(error, '-')")" "-"
expect "failed run: an end time and no folder" \
    "$(fs_ledger "$failed_id" "(finished_at IS NOT NULL) || ' ' || coalesce(out_dir, '-')")" "true -"
expect "no run is left running" "$(sql "SELECT count(*) FROM runs WHERE status = 'running'")" "0"
expect "the ledger holds no password" "$(sql "SELECT count(*) FROM runs WHERE runs::text LIKE '%secret123%'")" "0"
expect "the outputs hold no password" "$(grep -rl secret123 "$out" | wc -l | tr -d ' ')" "0"
