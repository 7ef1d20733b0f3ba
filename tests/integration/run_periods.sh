# flipside run's options (SPEC section 1, rule 10, section 8 on paths): every --period form and
# its folder, bad --period, --as-of, --report, --programme and --org values (exit 2, one line
# naming the option, nothing run or written), and codes that could step outside OUT.
. "$FLIPSIDE_TOP/tests/integration/lib.sh"

fs_seed_demo it_run_periods
out=$PWD/reports

# ---- every form of --period ---------------------------------------------------------------------

# period_ok PERIOD FOLDER START END LAST-MONTH
period_ok() {
    fs_run --period "$1" --out "$out"
    expect_run_ok "--period $1 exits 0"
    [ "$rc" = 0 ] || return
    expect "--period $1 writes the folder $2" "$(cat run.out)" "$out/RM/$2"
    expect "--period $1: the manifest's period and days" \
        "$(python3 -c 'import json, sys
m = json.load(open(sys.argv[1]))
print(m["period"], m["period_start"], m["period_end"], m["as_of"])' "$out/RM/$2/manifest.json" 2>&1)" "$1 $3 $4 $4"
    expect "--period $1: the ledger's period" "$(fs_ledger "$(fs_last_run)" "period || ' ' || as_of")" "$1 $4"
    expect "--period $1: engagement.monthly ends with $5" \
        "$(grep '^engagement\.monthly,RM,all,,all,none,all,,' "$out/RM/$2/figures.csv" | cut -d, -f9 | tail -1)" "$5"
    expect "--period $1: engagement.monthly has 12 months" \
        "$(grep -c '^engagement\.monthly,RM,all,,all,none,all,,' "$out/RM/$2/figures.csv")" "12"
    if ls "$out/RM/$2" | grep -q '\.xlsx$'; then
        expect "--period $1: the workbook is named after the folder" "$(cd "$out/RM/$2" && ls -- *.xlsx)" "RM-$2.xlsx"
    fi
    if r=$(fs_check_manifest "$out/RM/$2"); then ok "--period $1: the manifest matches ($r)"; else
        fail "--period $1: the manifest matches" "$r"; fi
}
period_ok 2026-Q3 2026-Q3 2026-07-01 2026-09-30 2026-09
period_ok 2026-09 2026-09 2026-09-01 2026-09-30 2026-09
period_ok 2026-H2 2026-H2 2026-07-01 2026-12-31 2026-12
period_ok 2026-H1 2026-H1 2026-01-01 2026-06-30 2026-06
period_ok 2026 2026 2026-01-01 2026-12-31 2026-12
period_ok 2026-07-01..2026-09-30 2026-07-01_2026-09-30 2026-07-01 2026-09-30 2026-09
period_ok 2026-08-10..2026-08-20 2026-08-10_2026-08-20 2026-08-10 2026-08-20 2026-08
expect "a range that is the quarter has the quarter's figures, byte for byte" \
    "$(cmp -s "$out/RM/2026-Q3/figures.csv" "$out/RM/2026-07-01_2026-09-30/figures.csv" && echo same)" "same"
expect "no folder name holds .." "$(ls -A "$out/RM" | grep -c '\.\.')" "0"
expect "no hidden folder is left" "$(fs_hidden "$out/RM")" ""

# ---- bad values: exit 2, one line that names the option, nothing run or written ------------------

mkdir box
runs_before=$(fs_last_run)
# bad NAME PATTERN ARGS...: flipside run ARGS (from the folder box/, --out box/out) is refused.
bad() {
    _name=$1 _pattern=$2
    shift 2
    (cd box && "$FLIPSIDE" run --out "$PWD/out" "$@" > ../run.out 2> ../run.err)
    rc=$?
    _err=run.err
    expect_rc "$_name: exits 2" 2
    expect "$_name: one line on stderr" "$(wc -l < run.err | tr -d ' ')" "1"
    expect_match "$_name: the line names the option" "$(cat run.err)" "$_pattern"
}
bad "--period 2026-Q5" '^flipside: --period "2026-Q5"' --period 2026-Q5
bad "--period 2026-13" '^flipside: --period "2026-13"' --period 2026-13
bad "--period 2026-H3" '^flipside: --period "2026-H3"' --period 2026-H3
bad "--period 26-Q3" '^flipside: --period "26-Q3"' --period 26-Q3
bad "--period 2026-q3" '^flipside: --period "2026-q3"' --period 2026-q3
bad "--period with a reversed range" '^flipside: --period "2026-09-30\.\.2026-07-01"' --period 2026-09-30..2026-07-01
bad "--period with a bad day in a range" '^flipside: --period "2026-07-01\.\.2026-09-31"' --period 2026-07-01..2026-09-31
bad "--period ../2026-Q3" '^flipside: --period "\.\./2026-Q3"' --period ../2026-Q3
bad "--period empty" '^flipside: --period ""' --period ""
bad "--as-of 2026-02-30" '^flipside: --as-of "2026-02-30"' --period 2026-Q3 --as-of 2026-02-30
bad "--as-of 15/08/2026" '^flipside: --as-of "15/08/2026"' --period 2026-Q3 --as-of 15/08/2026
bad "--as-of 2026-8-15" '^flipside: --as-of "2026-8-15"' --period 2026-Q3 --as-of 2026-8-15
bad "--report everything" '^flipside: --report "everything"' --period 2026-Q3 --report everything
bad "--programme a/b" '^flipside: --programme "a/b"' --period 2026-Q3 --programme a/b
bad "--programme .." '^flipside: --programme "\.\."' --period 2026-Q3 --programme ..
bad "--programme ../../escape" '^flipside: --programme "\.\./\.\./escape"' --period 2026-Q3 --programme ../../escape
bad "--programme RM/../x" '^flipside: --programme "RM/\.\./x"' --period 2026-Q3 --programme RM/../x
bad "--programme /tmp" '^flipside: --programme "/tmp"' --period 2026-Q3 --programme /tmp
bad "--programme empty" '^flipside: --programme ""' --period 2026-Q3 --programme ""
bad "--org ../x" '^flipside: --org "\.\./x"' --period 2026-Q3 --org ../x
bad "--org a/b" '^flipside: --org "a/b"' --period 2026-Q3 --org a/b
bad "--org .." '^flipside: --org "\.\."' --period 2026-Q3 --org ..
bad "--org x..y" '^flipside: --org "x\.\.y"' --period 2026-Q3 --org x..y
bad "--org empty" '^flipside: --org ""' --period 2026-Q3 --org ""
bad "an unknown option" '^flipside: flipside run: unknown option --perid' --perid 2026-Q3
bad "--period without a value" '^flipside: flipside run: --period needs a value' --period
expect "bad values: nothing is written, not even OUT" "$(cd box && find . -mindepth 1)" ""
expect "bad values: nothing is written beside OUT's folder" "$(ls -A . | grep -c escape)" "0"
expect "bad values: no run is recorded" "$(fs_last_run)" "$runs_before"

# [report] programme is checked like --programme, and the message names the file and key.
printf '[report]\nprogramme = ../x\n' > bad-programme.conf
bad "[report] programme = ../x" 'programme' --config "$PWD/bad-programme.conf" --period 2026-Q3
expect_match "[report] programme = ../x: the message names the file and the key, not --programme" \
    "$(cat run.err)" 'bad-programme\.conf:2: .*programme'
expect "[report] programme = ../x: nothing is written" "$(cd box && find . -mindepth 1)" ""

# A programme that is not in the database is an error that says which there are, not an
# empty report published as ok.
fs_run --period 2026-Q3 --programme NOPE --out "$PWD/box/out"
expect "--programme NOPE (not in the database): exits 2 naming it and the programmes there are" \
    "$rc $(tail -1 run.err | grep -c 'NOPE.*RM')" "2 1"
expect "--programme NOPE: no folder is published" "$(ls -A box/out 2>/dev/null | tr '\n' ' ')" ""
# Likewise an org that nobody in the roster belongs to.
fs_run --period 2026-Q3 --org nosuch --out "$PWD/box/out2"
expect "--org nosuch (nobody's org): exits 2 naming it" "$rc $(tail -1 run.err | grep -c -- '--org.*nosuch')" "2 1"
expect "--org nosuch: no folder is published" "$(ls -A box/out2 2>/dev/null | tr '\n' ' ')" ""

# ---- a programme code in the database that cannot name a folder ------------------------------------

fs_newdb it_run_periods_evil
printf 'programme,cohort,kind,starts_on\n../../evil,C1,pilot,2026-01-01\n' > evil-cohorts.csv
"$FLIPSIDE" ingest cohorts evil-cohorts.csv > /dev/null 2>&1
if [ "$(sql "SELECT count(*) FROM cohorts WHERE programme = '../../evil'")" = 1 ]; then
    mkdir -p evil/out
    (cd evil && "$FLIPSIDE" run --period 2026-Q3 --out "$PWD/out" > ../run.out 2> ../run.err)
    rc=$?
    _err=run.err
    expect_rc "programme ../../evil from the database: exits 2" 2
    expect_match "programme ../../evil: the message says it cannot name a folder" "$(cat run.err)" \
        'programme "\.\./\.\./evil" cannot name a folder'
    expect "programme ../../evil: nothing is written" "$(cd evil && find . -mindepth 1 | tr '\n' ' ')" "./out "
else
    ok "ingest refuses the programme code ../../evil"
fi
