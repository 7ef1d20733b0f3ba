# flipside ingest, whole files (SPEC sections 1 and 2): a file that is not CSV of its kind
# loads nothing and exits 2 with one line naming the file; several files in one command,
# the worst exit wins; --strict; usage errors; a database that fails exits 1.
. "$FLIPSIDE_TOP/tests/integration/lib.sh"

fs_newdb it_ingest_files
fs_load_base cohorts

# expect_refused NAME FILE PATTERN [KIND]: ingest KIND (default people) FILE exits 2, prints no
# summary line, loads nothing, records no ingest, and says so in one line on stderr that
# names the file and matches PATTERN.
expect_refused() {
    _before=$(input_dump)
    _ingests=$(sql "SELECT count(*) FROM ingests")
    fs_ingest "${4:-people}" "$2"
    expect_rc "$1: exit 2" 2
    expect "$1: no summary line" "$(cat ingest.out)" ""
    expect "$1: one line on stderr" "$(wc -l < ingest.err | tr -d ' ')" "1"
    expect_match "$1: the line names the file" "$(cat ingest.err)" "$(printf '%s' "$2" | sed 's/[.[\*^$]/\\&/g')"
    expect_match "$1: the line says what is wrong" "$(cat ingest.err)" "$3"
    expect "$1: nothing loaded" "$(input_dump)" "$_before"
    expect "$1: no ingest recorded" "$(sql "SELECT count(*) FROM ingests")" "$_ingests"
}

# ---- Files that are not CSV of that kind -----------------------------------------------------

: > empty.csv
expect_refused "an empty file" empty.csv 'empty.*header'
printf '\n  \n\r\n' > blank.csv
expect_refused "a file of blank lines" blank.csv 'empty.*header'
printf 'P1,2020-01-01\nP2,2020-01-02\n' > noheader.csv
expect_refused "a file without a header row" noheader.csv 'required column person_ref is missing'
printf 'person_ref,org\nP1,Acme\n' > nohired.csv
expect_refused "a required column missing" nohired.csv 'required column hired_on is missing.*people'
cp "$INGEST_DATA/people.csv" people_as_cohorts.csv
expect_refused "a file of another kind" people_as_cohorts.csv 'required column programme is missing.*cohorts' cohorts
printf 'person_ref,hired_on,Person_Ref\nP1,2020-01-01,P1\n' > twice.csv
expect_refused "a column named twice" twice.csv 'person_ref appears twice'
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\001' > image.csv
expect_refused "a binary file" image.csv 'not a text file'
printf '\377\376p\000e\000r\000s\000o\000n\000_\000r\000e\000f\000\n\000' > utf16.csv
expect_refused "a UTF-16 file" utf16.csv 'text file|UTF-8'
printf 'person_ref,hired_\377on\nP1,2020-01-01\n' > latin1.csv
expect_refused "a header that is not UTF-8" latin1.csv 'UTF-8'
printf '"person_ref,hired_on\nP1,2020-01-01\n' > unclosed.csv
expect_refused "a header with an unclosed quote" unclosed.csv 'quote'
mkdir -p folder.csv
expect_refused "a directory" folder.csv 'directory'
expect_refused "a missing file" missing.csv 'No such file|not found|does not exist|cannot open'
cp "$INGEST_DATA/people.csv" locked.csv
chmod 000 locked.csv
if [ "$(id -u)" -ne 0 ]; then
    expect_refused "an unreadable file" locked.csv 'denied|cannot'
fi
chmod 644 locked.csv

# ---- Several files in one command: each its summary, the worst exit wins ----------------------

printf 'person_ref,hired_on\nW1,2020-01-01\n' > good1.csv
printf 'person_ref,hired_on\nW2,2020-01-01\n' > good2.csv
printf 'person_ref,hired_on\nW3,2020-01-01\nW4,someday\n' > some_bad.csv
printf 'person_ref,hired_on\nW5,2020-01-01\n' > good3.csv
fs_ingest people good1.csv good2.csv
expect_rc "two good files: exit 0" 0
expect_summary "two good files: the first's summary" good1.csv 1 1 0
expect_summary "two good files: the second's summary" good2.csv 1 1 0
fs_ingest people good1.csv some_bad.csv good3.csv
expect_rc "good, bad rows, good: exit 3" 3
expect_summary "good, bad rows, good: first summary" good1.csv 1 1 0
expect_summary "good, bad rows, good: second summary" some_bad.csv 2 1 1
expect_summary "good, bad rows, good: third summary" good3.csv 1 1 0
expect "good, bad rows, good: summaries in the order given" "$(cut -d: -f1 ingest.out | tr '\n' ' ')" \
    "good1.csv some_bad.csv good3.csv "
printf 'person_ref,hired_on\nW6,2020-01-01\n' > good4.csv
printf 'person_ref,hired_on\nW7,2020-01-01\n' > good5.csv
fs_ingest people empty.csv some_bad.csv good4.csv
expect_rc "not CSV, bad rows, good: exit 2 (usage beats quarantine)" 2
expect_summary "not CSV, bad rows, good: the later files still load" good4.csv 1 1 0
expect_count "not CSV, bad rows, good: W6 stored" "SELECT count(*) FROM people WHERE person_ref = 'W6'" 1
fs_ingest people good5.csv some_bad.csv missing.csv
expect_rc "good, bad rows, missing: exit 2" 2
expect_summary "good, bad rows, missing: the good file loads" good5.csv 1 1 0
expect_match "good, bad rows, missing: the missing file is named" "$(cat ingest.err)" 'missing\.csv'
fs_ingest people good1.csv good1.csv
expect_rc "the same file twice: exit 0" 0
expect "the same file twice: two summaries" "$(grep -c '^good1\.csv: 1 rows, 1 loaded, 0 quarantined$' ingest.out)" "2"
expect_count "the same file twice: stored once" "SELECT count(*) FROM people WHERE person_ref = 'W1'" 1

# ---- --strict: one bad row loads nothing from that file ----------------------------------------

cat > strict.csv <<'EOF'
person_ref,hired_on
S1,2020-01-01
S2,2020-02-30
S3,2020-01-03
EOF
printf 'person_ref,hired_on\nS4,2020-01-01\n' > strict_good.csv
fs_ingest people --strict strict.csv strict_good.csv
expect_rc "--strict: a bad row exits 3" 3
expect_summary "--strict: every row of the file quarantined" strict.csv 3 0 3
expect_summary "--strict: a good file next to it loads" strict_good.csv 1 1 0
expect_count "--strict: no row of the bad file loads" "SELECT count(*) FROM people WHERE person_ref IN ('S1', 'S2', 'S3')" 0
expect_count "--strict: the good file's row loads" "SELECT count(*) FROM people WHERE person_ref = 'S4'" 1
expect "--strict: every line of the file is in the quarantine" \
    "$(sql "SELECT string_agg(line::text, ',' ORDER BY line) FROM quarantine WHERE file = 'strict.csv'")" "2,3,4"
expect_quarantined "--strict: the bad row keeps its own reason" strict.csv 3 'hired_on "2020-02-30" is not a date'
expect_quarantined "--strict: a good row says it was held back by --strict" strict.csv 2 'strict'
expect "--strict: a good row's raw line is stored" \
    "$(sql "SELECT raw FROM quarantine WHERE file = 'strict.csv' AND line = 4")" "S3,2020-01-03"
expect "--strict: the ingest is recorded as strict" \
    "$(sql "SELECT strict || '|' || rows || '|' || loaded || '|' || quarantined FROM ingests WHERE file = 'strict.csv'")" \
    "true|3|0|3"
fs_ingest people strict.csv --strict
expect_rc "--strict after the file name works too" 3
sed -i 's/2020-02-30/2020-02-28/' strict.csv
fs_ingest people --strict strict.csv
expect_rc "--strict: the file fixed exits 0" 0
expect_summary "--strict: the file fixed loads every row" strict.csv 3 3 0
printf 'programme,cohort,wave,person_ref,submitted_on,conf1\nRM,P1,exit,E9,2025-12-01,3\nRM,P1,exit,N1,2025-12-01,3\n' \
    > strict_wide.csv
fs_ingest items "$INGEST_DATA/items.csv"
fs_ingest responses --strict --wide strict_wide.csv
expect_rc "--strict --wide: exit 3" 3
expect_summary "--strict --wide: every line quarantined" strict_wide.csv 2 0 2

# ---- Usage errors ----------------------------------------------------------------------------

fs_ingest peeple good1.csv
expect_rc "an unknown kind exits 2" 2
expect_match "an unknown kind lists the kinds" "$(cat ingest.err)" 'people, cohorts, items, participants, pairs, sessions or responses'
fs_ingest people
expect_rc "no file exits 2" 2
fs_ingest
expect_rc "no kind and no file exits 2" 2
fs_ingest people --wide good1.csv
expect_rc "--wide for people exits 2" 2
expect_match "--wide for people says it is for responses" "$(cat ingest.err)" 'responses'
fs_ingest people --bogus good1.csv
expect_rc "an unknown option exits 2" 2
run_fs help.out help.err ingest --help
expect_rc "ingest --help exits 0" 0
expect_match "ingest --help is on stdout" "$(cat help.out)" 'usage: flipside ingest'

# ---- The database fails: exit 1 ----------------------------------------------------------------

run_fs ingest.out ingest.err ingest people good1.csv --db "host=$PWD/no-such-socket-dir dbname=x connect_timeout=2"
expect_rc "no database: exit 1" 1
expect "no database: one line on stderr" "$(wc -l < ingest.err | tr -d ' ')" "1"
expect "no database: no summary line" "$(cat ingest.out)" ""
