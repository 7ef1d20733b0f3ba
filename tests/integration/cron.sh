# cron/flipside-cron and cron/flipside.crontab (SPEC section 6): a good run logs a line per
# stage and publishes; the lock file keeps two runs of a period apart; a database that is down
# is retried with back-off, then reported; logs rotate by size; no password reaches the log or
# the mail; the default periods and the schedule (first working day, once a quarter or month).
. "$FLIPSIDE_TOP/tests/integration/lib.sh"

cron="$FLIPSIDE_TOP/cron/flipside-cron"
crontab="$FLIPSIDE_TOP/cron/flipside.crontab"

# ---- the files ------------------------------------------------------------------------------------

expect "flipside-cron is executable" "$([ -x "$cron" ] && echo yes)" "yes"
expect "flipside-cron is POSIX sh that dash parses" "$(dash -n "$cron" 2>&1 && echo parsed)" "parsed"
expect "flipside-cron --help exits 0 and shows the usage" \
    "$(sh "$cron" --help 2>&1 | grep -c 'flipside-cron \[--working-day\] \[--once\] REPORT \[PERIOD\]')" "1"
jobs=$(grep -Ev '^[[:space:]]*(#|$|[A-Z_]+=)' "$crontab")
expect "the crontab has two jobs" "$(printf '%s\n' "$jobs" | wc -l | tr -d ' ')" "2"
expect "every job line has five time fields, a user and the wrapper" \
    "$(printf '%s\n' "$jobs" | awk '$6 == "flipside" && $7 == "/usr/local/bin/flipside-cron" { n++ } END { print n + 0 }')" "2"
expect "impact: days 1-7 of January, April, July and October, on working days, once" \
    "$(printf '%s\n' "$jobs" | awk '$NF == "impact" { print $3, $4, $5, $8, $9 }')" "1-7 1,4,7,10 * --working-day --once"
expect "retention: days 1-7 of every month, on working days, once" \
    "$(printf '%s\n' "$jobs" | awk '$NF == "retention" { print $3, $4, $5, $8, $9 }')" "1-7 * * --working-day --once"
expect "the crontab sets MAILTO and FLIPSIDE_CONFIG and no password" \
    "$(grep -cE '^(MAILTO|FLIPSIDE_CONFIG)=' "$crontab") $(grep -ciE '^[^#]*password' "$crontab")" "2 0"
expect "the crontab ends with a newline (cron ignores an unterminated last line)" "$(tail -c 1 "$crontab" | od -An -c | tr -d ' ')" '\n'
expect "make install installs both files" \
    "$(grep -cE 'install .*cron/flipside-cron .*/bin/flipside-cron|cron/flipside\.crontab > ' "$FLIPSIDE_TOP/Makefile")" "2"

# ---- a good run -----------------------------------------------------------------------------------

fs_seed_demo it_cron
admin_db=$FLIPSIDE_DB
FLIPSIDE_DB="$admin_db password=secret123"
FLIPSIDE_BIN=$FLIPSIDE
FLIPSIDE_STATE=$PWD/state
FLIPSIDE_LOG_DIR=$PWD/logs
FLIPSIDE_OUT=$PWD/reports
FLIPSIDE_TODAY=2026-10-01
export FLIPSIDE_DB FLIPSIDE_BIN FLIPSIDE_STATE FLIPSIDE_LOG_DIR FLIPSIDE_OUT FLIPSIDE_TODAY
log=$PWD/logs/flipside-cron.log
stamp='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z flipside-cron\[[0-9]+\] '

# cron_run [VAR=VALUE...] ARGS...: the wrapper with ARGS, in the environment plus the VARs;
# stdout in cron.out, stderr in cron.err, status in $rc.
cron_run() {
    _n=$#
    _cmd=0
    for _a in "$@"; do
        case $_cmd$_a in
        0[A-Z]*=*) ;;
        0*) set -- "$@" sh "$cron"; _cmd=1 ;;
        esac
        set -- "$@" "$_a"
    done
    shift "$_n"
    [ "$_cmd" = 1 ] || set -- "$@" sh "$cron"
    env "$@" > cron.out 2> cron.err
    rc=$?
    _err=cron.err
}

cron_run impact
expect_rc "good run: exits 0" 0
expect "good run: prints nothing (no mail when all is well)" "$(cat cron.out cron.err)" ""
expect "good run: the report of the last complete quarter is published" \
    "$([ -f reports/RM/2026-Q3/figures.csv ] && [ -f reports/RM/2026-Q3/manifest.json ] && echo yes)" "yes"
expect "good run: the ledger has it, report impact" "$(FLIPSIDE_DB=$admin_db fs_ledger "$(FLIPSIDE_DB=$admin_db fs_last_run)" "report || ' ' || period || ' ' || status")" \
    "impact 2026-Q3 ok"
expect "good run: every log line is timestamped and names the report and period" \
    "$(grep -Evc "${stamp}impact 2026-Q3: " "$log")" "0"
expect "good run: a log line per stage" \
    "$(sed -E "s/${stamp}impact 2026-Q3: //" "$log" | sed -E 's/^(flipside: run [0-9]+: [a-z]+|[a-z]+: [a-z]+).*/\1/' | sed -E 's/run [0-9]+/run N/' | tr '\n' '|')" \
    "start: flipside|database: reachable|flipside: run N: extract|flipside: run N: compute|flipside: run N: render|flipside: run N: publish|done: published|"
expect_match "good run: the last line names the folder" "$(tail -1 "$log")" "done: published $PWD/reports/RM/2026-Q3\$"
expect "good run: log and state files are not world-readable" \
    "$(find logs state -type f -perm /o=rwx | wc -l | tr -d ' ')" "0"

cron_run --once impact
expect_rc "--once after a good run: exits 0" 0
expect_match "--once after a good run: skipped, and says why" "$(tail -1 "$log")" 'skipped: already published'
cron_run impact 2026-Q2
expect_rc "an explicit period: exits 0" 0
expect_match "an explicit period: published" "$(tail -1 "$log")" "impact 2026-Q2: done: published $PWD/reports/RM/2026-Q2\$"

# ---- the lock -------------------------------------------------------------------------------------

# The wrapper's lock file held by another process.
# (The sleep is the lock holder: flock runs it with the lock's descriptor.)
rm -f holder.pid
flock "$PWD/state/locks/default_2026-Q3.lock" sh -c 'echo $$ > holder.pid; exec sleep 30' &
_i=0
while [ "$_i" -lt 50 ] && [ ! -s holder.pid ]; do sleep 0.1; _i=$((_i + 1)); done
cron_run impact
expect_rc "lock file held: exits 4" 4
expect_match "lock file held: one clear line on stderr" "$(cat cron.err)" \
    '^flipside-cron: impact 2026-Q3: refused: another flipside-cron run of the programme for 2026-Q3 holds the lock .*default_2026-Q3\.lock'
expect_match "lock file held: logged" "$(tail -1 "$log")" 'refused: another flipside-cron run'
cron_run retention 2026-Q3
expect_rc "lock file held: another report of the same period waits its turn too (exit 4)" 4
cron_run impact 2026-Q2
expect_rc "lock file held: another period runs (exit 0)" 0
kill "$(cat holder.pid)"
wait

# A first wrapper still running (a slow flipside) while a second one starts.
cat > slow-flipside <<EOF
#!/bin/sh
[ "\$1" = run ] && sleep 3
exec "$FLIPSIDE" "\$@"
EOF
chmod +x slow-flipside
runs_before=$(FLIPSIDE_DB=$admin_db fs_last_run)
env FLIPSIDE_BIN="$PWD/slow-flipside" sh "$cron" impact > first.out 2> first.err &
first=$!
_i=0
while [ "$_i" -lt 50 ] && ! tail -1 "$log" | grep -q 'database: reachable'; do sleep 0.1; _i=$((_i + 1)); done
cron_run impact
expect_rc "two wrappers at once: the second exits 4" 4
expect_match "two wrappers at once: the second says the lock is held" "$(cat cron.err)" 'holds the lock'
wait "$first"
expect "two wrappers at once: the first then exits 0" "$?" "0"
expect "two wrappers at once: one flipside run, ok" \
    "$(FLIPSIDE_DB=$admin_db sql "SELECT string_agg(status, ' ') FROM runs WHERE id > $runs_before")" "ok"

# flipside's own advisory lock held (another flipside run outside the wrapper).
FLIPSIDE_DB=$admin_db
fs_lock_hold "flipside run RM  2026-Q3"
FLIPSIDE_DB="$admin_db password=secret123"
cron_run impact
expect_rc "advisory lock held: exits 4" 4
expect_match "advisory lock held: stderr says another run holds the lock" "$(cat cron.err)" \
    'refused: flipside: another run of RM for 2026-Q3 holds the lock'
fs_release

# ---- the database down: retries with back-off, then exit 1 ----------------------------------------

mkdir -p nosocket
cron_run "FLIPSIDE_DB=host=$PWD/nosocket dbname=flipside user=flipside password=secret123" \
    FLIPSIDE_DB_ATTEMPTS=4 FLIPSIDE_DB_RETRY_DELAY=0.1 retention
expect_rc "database down: exits 1" 1
expect "database down: three retries, the wait doubling" \
    "$(grep -Eo 'attempt [0-9] of 4 failed: .*; retry in [0-9.]+ s$' "$log" | sed -E 's/^attempt ([0-9]) of 4.*retry in ([0-9.]+) s$/\1:\2/' | tr '\n' ' ')" \
    "1:0.1 2:0.2 3:0.4 "
expect_match "database down: each retry says why" "$(grep 'attempt 1 of 4' "$log")" 'connect to the database'
expect_match "database down: the last log line gives up" "$(tail -1 "$log")" \
    'retention 2026-09: failed: the database could not be reached after 4 attempts'
expect "database down: one line on stderr for cron's mail" "$(wc -l < cron.err | tr -d ' ')" "1"
expect_match "database down: the line says what failed and where the log is" "$(cat cron.err)" \
    "^flipside-cron: retention 2026-09: failed: the database could not be reached after 4 attempts: .*\\(log: $log\\)\$"
expect "database down: no retention stamp" "$(ls state/done | grep -c retention)" "0"

# The database comes back while the wrapper waits.
cat > flaky-flipside <<EOF
#!/bin/sh
n=\$(cat "$PWD/flaky.count" 2>/dev/null || echo 0)
echo \$((n + 1)) > "$PWD/flaky.count"
if [ "\$n" -lt 2 ]; then
    echo "flipside: connect to the database: connection to server failed: No such file or directory" >&2
    exit 1
fi
exec "$FLIPSIDE" "\$@"
EOF
chmod +x flaky-flipside
cron_run FLIPSIDE_BIN="$PWD/flaky-flipside" FLIPSIDE_DB_ATTEMPTS=5 FLIPSIDE_DB_RETRY_DELAY=0.1 retention
expect_rc "database back at the third attempt: exits 0" 0
expect "database back at the third attempt: two retries logged" "$(grep -c 'retention 2026-09: database: attempt [12] of 5 failed' "$log")" "2"
expect_match "database back at the third attempt: published" "$(tail -1 "$log")" "done: published $PWD/reports/RM/2026-09\$"

# ---- a run that fails for another reason: no retry, exit 1, the error for the mail --------------------

echo "a file" > not-a-folder
cron_run FLIPSIDE_OUT="$PWD/not-a-folder" cohorts 2026-Q1
expect_rc "run fails: exits 1" 1
expect "run fails: no retry" "$(grep -c 'cohorts 2026-Q1: database: attempt' "$log")" "0"
expect_match "run fails: stderr has flipside's error" "$(cat cron.err)" \
    '^flipside-cron: cohorts 2026-Q1: failed \(flipside exit 1\): flipside: .*not-a-folder'
expect_match "run fails: logged" "$(tail -1 "$log")" 'cohorts 2026-Q1: failed \(flipside exit 1\)'
cron_run impact "../x"
expect_rc "a bad period: exits 2" 2
cron_run everything
expect_rc "a bad report: exits 2" 2
cron_run
expect_rc "no report: exits 2" 2
cron_run FLIPSIDE_DB_ATTEMPTS=many impact
expect_rc "a bad FLIPSIDE_DB_ATTEMPTS: exits 2" 2
cron_run FLIPSIDE_LOG_DIR=/dev/null/logs impact
expect_rc "a log folder that cannot be made: exits 1" 1
expect_match "a log folder that cannot be made: the message names it" "$(cat cron.err)" '/dev/null/logs'

# ---- no password in the log or the mail ---------------------------------------------------------------

expect "no password in any log or state file" "$(grep -rl secret123 logs state | wc -l | tr -d ' ')" "0"
cat > leaky-flipside <<'EOF'
#!/bin/sh
echo "flipside: cannot use $FLIPSIDE_DB" >&2
exit 1
EOF
chmod +x leaky-flipside
cron_run FLIPSIDE_BIN="$PWD/leaky-flipside" impact
expect_match "a flipside that echoes the conninfo: the password is masked on stderr" "$(cat cron.err)" 'password=\*\*\*'
expect "a flipside that echoes the conninfo: no password in the log" "$(grep -c secret123 "$log")" "0"
# A conninfo that libpq cannot read is a setting to fix: exit 2 at once, no retry.
for uri in "postgresql://flipside:50%off@localhost/flipside" "postgresql://flipside:secret123@[::1/flipside"; do
    lines=$(wc -l < "$log")
    cron_run FLIPSIDE_DB="$uri" FLIPSIDE_DB_ATTEMPTS=3 FLIPSIDE_DB_RETRY_DELAY=0.1 impact
    expect_rc "a malformed URI conninfo: exits 2 (a setting to fix)" 2
    expect_match "a malformed URI conninfo: stderr says the conninfo is not valid" "$(cat cron.err)" "cannot use its settings: .*conninfo is not valid"
    expect "a malformed URI conninfo: no password on stderr or in the log" \
        "$(cat cron.err "$log" | grep -cE 'secret123|50%off')" "0"
    expect "a malformed URI conninfo: no retry" "$(tail -n +"$((lines + 1))" "$log" | grep -c 'database: attempt')" "0"
done

# ---- log rotation -------------------------------------------------------------------------------------

FLIPSIDE_LOG_MAX_BYTES=400 FLIPSIDE_LOG_KEEP=2
export FLIPSIDE_LOG_MAX_BYTES FLIPSIDE_LOG_KEEP
for i in 1 2 3 4; do
    cron_run impact 2026-Q2
done
expect_rc "rotation: the runs exit 0" 0
expect "rotation: the log and two old logs, no more" "$(cd logs && ls flipside-cron.log* | tr '\n' ' ')" \
    "flipside-cron.log flipside-cron.log.1 flipside-cron.log.2 "
expect "rotation: the log is at most the limit and one line" \
    "$([ "$(wc -c < "$log")" -le 400 ] || [ "$(head -n -1 "$log" | wc -c)" -le 400 ] && echo yes)" "yes"
expect_match "rotation: the newest line is in the log" "$(tail -1 "$log")" 'impact 2026-Q2: done: published'
expect "rotation: the old logs are whole lines" "$(cat logs/flipside-cron.log.1 logs/flipside-cron.log.2 | grep -Evc "$stamp")" "0"
expect "rotation: no password in the old logs" "$(grep -c secret123 logs/flipside-cron.log.1 logs/flipside-cron.log.2 | grep -vc ':0$')" "0"
unset FLIPSIDE_LOG_MAX_BYTES FLIPSIDE_LOG_KEEP

# ---- the default periods, and the schedule ------------------------------------------------------------
# A stand-in flipside records each run (today's date and its arguments) and always succeeds.

cat > fake-flipside <<EOF
#!/bin/sh
[ "\$1" = run ] || exit 0
echo "\$FLIPSIDE_TODAY \$*" >> "$PWD/fake.calls"
if [ -f "$PWD/fake.fail" ]; then
    rm -f "$PWD/fake.fail"
    echo "flipside: render the reports: something broke" >&2
    exit 1
fi
echo "$PWD/fake-out"
EOF
chmod +x fake-flipside
FLIPSIDE_BIN=$PWD/fake-flipside
FLIPSIDE_STATE=$PWD/fake-state
export FLIPSIDE_BIN FLIPSIDE_STATE
# period_of TODAY REPORT: the --period the wrapper gives flipside.
period_of() {
    : > fake.calls
    env FLIPSIDE_TODAY="$1" sh "$cron" "$2" > /dev/null 2>&1
    sed -n 's/.* --period \([^ ]*\).*/\1/p' fake.calls
}
expect "on 2026-10-01 impact is for 2026-Q3" "$(period_of 2026-10-01 impact)" "2026-Q3"
expect "on 2026-10-01 cohorts and all are for 2026-Q3" "$(period_of 2026-10-01 cohorts) $(period_of 2026-10-01 all)" "2026-Q3 2026-Q3"
expect "on 2026-10-01 retention is for 2026-09" "$(period_of 2026-10-01 retention)" "2026-09"
expect "on 2027-01-04 impact is for 2026-Q4" "$(period_of 2027-01-04 impact)" "2026-Q4"
expect "on 2027-01-04 retention is for 2026-12" "$(period_of 2027-01-04 retention)" "2026-12"
expect "on 2026-03-31 impact is for 2025-Q4" "$(period_of 2026-03-31 impact)" "2025-Q4"
expect "on 2026-12-31 retention is for 2026-11" "$(period_of 2026-12-31 retention)" "2026-11"
expect "on 2026-08-09 impact is for 2026-Q2" "$(period_of 2026-08-09 impact)" "2026-Q2"
: > fake.calls
env FLIPSIDE_TODAY=2026-10-01 sh "$cron" impact > /dev/null 2>&1
expect "the run's arguments" "$(cut -d' ' -f2- fake.calls)" "run --report impact --period 2026-Q3 --out $PWD/reports"

# first_working_days YEAR MONTHS HOLIDAYS: the first working day of each month, by Python's calendar.
first_working_days() {
    python3 - "$@" <<'PY'
import datetime, sys
year, months, holidays = int(sys.argv[1]), sys.argv[2].split(","), sys.argv[3].split(",")
out = []
for m in months:
    d = datetime.date(year, int(m), 1)
    while d.weekday() >= 5 or d.isoformat() in holidays:
        d += datetime.timedelta(days=1)
    out.append(d.isoformat())
print(" ".join(out))
PY
}
# simulate YEAR MONTHS REPORT: cron's job line on days 1-7 of MONTHS of YEAR; the days it ran.
simulate() {
    : > fake.calls
    for m in $(echo "$2" | tr , ' '); do
        for d in 1 2 3 4 5 6 7; do
            env FLIPSIDE_TODAY="$(printf '%04d-%02d-%02d' "$1" "$m" "$d")" sh "$cron" --working-day --once "$3" \
                > /dev/null 2>> sim.err
        done
    done
    cut -d' ' -f1 fake.calls | tr '\n' ' ' | sed 's/ $//'
}
rm -rf fake-state
expect "2028 (quarters starting on weekends): impact runs once a quarter, on its first working day" \
    "$(simulate 2028 1,4,7,10 impact)" "$(first_working_days 2028 1,4,7,10 '')"
expect "2028: one impact report for each quarter" "$(sed 's/.* --period \([^ ]*\).*/\1/' fake.calls | tr '\n' ' ')" \
    "2027-Q4 2028-Q1 2028-Q2 2028-Q3 "
printf '# public holidays\n2027-01-01 New Year\n2027-04-01\n' > holidays
FLIPSIDE_HOLIDAYS=$PWD/holidays
export FLIPSIDE_HOLIDAYS
expect "2027 with holidays: impact runs on the first working day after them" \
    "$(simulate 2027 1,4,7,10 impact)" "$(first_working_days 2027 1,4,7,10 2027-01-01,2027-04-01)"
unset FLIPSIDE_HOLIDAYS
rm -rf fake-state
expect "2026: retention runs once a month, on its first working day" \
    "$(simulate 2026 1,2,3,4,5,6,7,8,9,10,11,12 retention)" \
    "$(first_working_days 2026 1,2,3,4,5,6,7,8,9,10,11,12 '')"
expect "2026: one retention report for each month" "$(sed 's/.* --period \([^ ]*\).*/\1/' fake.calls | sort -u | wc -l | tr -d ' ')" "12"
# The first working day's run fails: the mail goes out, and the next working day tries again.
rm -rf fake-state
touch fake.fail
expect "a failed first run is tried again the next working day, then no more" \
    "$(simulate 2026 10 impact)" "2026-10-01 2026-10-02"
expect "the failed run mailed its error" "$(grep -c 'impact 2026-Q3: failed (flipside exit 1): flipside: render the reports: something broke' sim.err)" "1"
