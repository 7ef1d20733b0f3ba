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

# ---- run helpers (tests/integration/run_*.sh, cron.sh) ----------------------------------------

# fs_seed_demo NAME: a fresh database NAME (fs_newdb) with the demo data seeded through
# ingest, anchored on 2026-09-30 so that 2026-Q3 is the last complete quarter of the data.
fs_seed_demo() {
    fs_newdb "$1"
    "$FLIPSIDE" seed --scale demo --anchor 2026-09-30 > seed.out 2> seed.err ||
        { echo "FAIL setup: flipside seed into $1: $(head -1 seed.err)"; exit 1; }
}

# fs_run ARGS...: flipside run ARGS; stdout in run.out, stderr in run.err, status in $rc.
fs_run() {
    run_fs run.out run.err run "$@"
}

# expect_run_ok NAME: the last fs_run exited 0 (else shows its last stderr line).
expect_run_ok() {
    if [ "$rc" = 0 ]; then ok "$1"; else fail "$1" "exit status $rc: $(tail -1 run.err)"; fi
}

# fs_sums DIR: "SHA-256  PATH" of every file under DIR (hidden ones included), sorted, with
# each folder's and file's mode: a before/after fingerprint of a whole tree.
fs_sums() {
    (cd "$1" 2>/dev/null && find . -type f -exec sha256sum {} + | sort -k 2 &&
        find . -exec stat -c '%a %n' {} + | sort -k 2) 2>&1
}

# fs_hidden DIR: the names of hidden entries (a run's .PERIOD.tmp-PID) in DIR, one a line.
fs_hidden() {
    (cd "$1" 2>/dev/null && ls -A | grep '^\.' ) || true
}

# fs_ledger ID COLUMNS: COLUMNS (SQL, '|'-separated) of run ID in the ledger.
fs_ledger() {
    sql "SELECT $2 FROM runs WHERE id = $1"
}

# fs_last_run: the id of the newest run in the ledger.
fs_last_run() {
    sql "SELECT coalesce(max(id), 0) FROM runs"
}

# fs_hold SQL: run SQL (one or more statements) in a session of a background psql that stays
# open until fs_release, and return once SQL has run: a lock it takes stays held. Sets
# $hold_pid and $hold_backend (the session's backend pid).
fs_hold() {
    rm -f hold.fifo hold.out
    mkfifo hold.fifo
    # psql reads its commands from the fifo: the session lasts until the fifo is closed.
    psql "$FLIPSIDE_DB" -qXAt -v ON_ERROR_STOP=1 -f hold.fifo > hold.out 2>&1 &
    hold_pid=$!
    exec 7> hold.fifo
    printf "%s;\nSELECT 'held ' || pg_backend_pid();\n" "$1" >&7
    _i=0
    while [ "$_i" -lt 100 ] && ! grep -q '^held ' hold.out; do
        sleep 0.1
        _i=$((_i + 1))
    done
    grep -q '^held ' hold.out || { echo "FAIL setup: cannot hold [$1]: $(cat hold.out)"; exit 1; }
    hold_backend=$(sed -n 's/^held //p' hold.out)
}

# fs_release: end the session of fs_hold (its locks go with it) and its psql.
fs_release() {
    exec 7>&-
    wait "$hold_pid" 2>/dev/null
    rm -f hold.fifo
}

# fs_lock_hold KEY: hold the advisory lock of `flipside run` for KEY (pipeline/run.c: "flipside
# run PROGRAMME ORG PERIOD", ORG empty for none) until fs_release.
fs_lock_hold() {
    fs_hold "SELECT pg_advisory_lock(hashtextextended('$1', 0))"
}

# fs_wait_blocked: wait (up to 10 s) until a flipside session waits for a lock; prints its
# backend pid, or nothing when none did.
fs_wait_blocked() {
    _i=0
    while [ "$_i" -lt 100 ]; do
        _p=$(sql "SELECT pid FROM pg_stat_activity WHERE application_name = 'flipside'
                  AND wait_event_type = 'Lock' LIMIT 1")
        [ -n "$_p" ] && { echo "$_p"; return; }
        sleep 0.1
        _i=$((_i + 1))
    done
}

# fs_check_manifest DIR: manifest.json in DIR lists every other file under DIR, each with
# its size and SHA-256, and they match the files. Prints "N files" or what differs.
fs_check_manifest() {
    python3 - "$1" <<'PY'
import hashlib, json, os, sys
d = sys.argv[1]
errors = []
try:
    m = json.load(open(os.path.join(d, "manifest.json"), encoding="utf-8"))
except Exception as e:
    print("manifest.json does not read as JSON: %s" % e)
    sys.exit(1)
listed = {}
for f in m.get("files", []):
    if f["path"] in listed:
        errors.append("%s is listed twice" % f["path"])
    listed[f["path"]] = f
on_disk = []
for root, dirs, files in os.walk(d):
    for name in files:
        rel = os.path.relpath(os.path.join(root, name), d)
        if rel != "manifest.json":
            on_disk.append(rel)
for rel in sorted(on_disk):
    if rel not in listed:
        errors.append("%s is not in the manifest" % rel)
for rel, f in sorted(listed.items()):
    p = os.path.join(d, rel)
    if not os.path.isfile(p):
        errors.append("%s is in the manifest but not on disk" % rel)
        continue
    data = open(p, "rb").read()
    if len(data) != f.get("size"):
        errors.append("%s: %d bytes, the manifest says %s" % (rel, len(data), f.get("size")))
    if hashlib.sha256(data).hexdigest() != f.get("sha256"):
        errors.append("%s: its SHA-256 is not the manifest's" % rel)
if errors:
    print("; ".join(errors[:5]) + " (%d problems)" % len(errors))
    sys.exit(1)
print("%d files" % len(listed))
PY
}

# fs_check_figures DIR: figures.csv and figures.json in DIR hold the same records in the same
# order (an empty CSV field is a JSON null); every number is written as %.17g would write it,
# integers as integers (n, events, suppressed always), no nan or inf, -0 as 0; a suppressed
# record has no values (SPEC 3, rules 41 and 42). Prints "N records" or what is wrong.
fs_check_figures() {
    python3 - "$1" <<'PY'
import csv, json, math, re, sys
d = sys.argv[1]
FIELDS = ["key", "programme", "cohort", "versus", "role", "dimension", "group", "item", "month", "n",
          "events", "estimate", "lower", "upper", "statistic", "df", "p", "p_adj", "suppressed"]
TEXT = FIELDS[:9]
INTS = ["n", "events", "suppressed"]
errors = []

class Num(str):
    """A JSON number kept as the text the file holds."""

def constant(c):
    errors.append("figures.json holds %s" % c)
    return None

rows = list(csv.reader(open(d + "/figures.csv", newline="", encoding="utf-8")))
if not rows or rows[0] != FIELDS:
    errors.append("figures.csv header is %s" % (rows[0] if rows else "missing"))
rows = rows[1:]
recs = json.loads(open(d + "/figures.json", encoding="utf-8").read(), parse_float=Num, parse_int=Num,
                  parse_constant=constant)
if len(recs) != len(rows):
    errors.append("figures.csv has %d records, figures.json %d" % (len(rows), len(recs)))

def g17(text):
    """How rule 42 writes the number `text` holds: %.17g, integers as integers, -0 as 0."""
    v = float(text)
    if v == 0:
        return "0"
    if v == math.floor(v) and abs(v) < 2.0 ** 53:
        return "%d" % int(v)
    return "%.17g" % v

for i, (row, rec) in enumerate(zip(rows, recs)):
    where = "record %d (%s)" % (i + 1, ",".join(row[:9]))
    if len(row) != len(FIELDS):
        errors.append("%s: %d CSV fields" % (where, len(row)))
        continue
    if list(rec.keys()) != FIELDS:
        errors.append("%s: JSON members %s" % (where, list(rec.keys())))
        continue
    for f, c in zip(FIELDS, row):
        j = rec[f]
        if f in TEXT:
            if isinstance(j, Num) or c != ("" if j is None else j):
                errors.append("%s: %s is [%s] in CSV, %r in JSON" % (where, f, c, j))
            continue
        if c == "" and j is None:
            continue
        if c == "" or j is None or not isinstance(j, Num) or c != j:
            errors.append("%s: %s is [%s] in CSV, %r in JSON" % (where, f, c, j))
            continue
        if not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?(e[-+][0-9]+)?", c):
            errors.append("%s: %s [%s] is not a finite number" % (where, f, c))
            continue
        if math.isnan(float(c)) or math.isinf(float(c)):
            errors.append("%s: %s is %s" % (where, f, c))
        elif f in INTS and not re.fullmatch(r"-?[0-9]+", c):
            errors.append("%s: %s [%s] is not an integer" % (where, f, c))
        elif c != g17(c):
            errors.append("%s: %s is [%s], %%.17g writes [%s]" % (where, f, c, g17(c)))
    if row[18] not in ("0", "1"):
        errors.append("%s: suppressed is [%s]" % (where, row[18]))
    elif row[18] == "1" and any(row[9:18]):
        errors.append("%s: suppressed, yet it has values" % where)
if errors:
    print("; ".join(errors[:4]) + " (%d problems)" % len(errors))
    sys.exit(1)
print("%d records" % len(rows))
PY
}

# fs_figure FILE KEY COHORT ROLE DIMENSION GROUP [MONTH]: "n,events,estimate" of one record of
# figures.csv FILE with empty versus and item (the first one, in the file's order).
fs_figure() {
    python3 - "$@" <<'PY'
import csv, sys
f, key, cohort, role, dim, group = sys.argv[1:7]
month = sys.argv[7] if len(sys.argv) > 7 else ""
for r in csv.DictReader(open(f, newline="", encoding="utf-8")):
    if (r["key"], r["cohort"], r["role"], r["dimension"], r["group"], r["versus"], r["item"], r["month"]) == \
            (key, cohort, role, dim, group, "", "", month):
        print("%s,%s,%s" % (r["n"], r["events"], r["estimate"]))
        break
else:
    print("no record")
PY
}
