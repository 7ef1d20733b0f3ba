# flipside ingest, bad rows (SPEC section 2 "Bad input"): every kind of broken row is
# quarantined with file, line, raw text and a reason that names the problem; the good rows
# load; exit 3; loaded + quarantined = rows; `flipside quarantine` lists them.
. "$FLIPSIDE_TOP/tests/integration/lib.sh"

fs_newdb it_ingest_bad
fs_load_base

# expect_reasons KIND FILE LINE:PATTERN...: each LINE of FILE is quarantined with a reason
# matching PATTERN (grep -E).
expect_reasons() {
    _kind=$1 _file=$2
    shift 2
    for _lp in "$@"; do
        expect_quarantined "$_kind: line ${_lp%%:*} quarantined: /${_lp#*:}/" "$_file" "${_lp%%:*}" "${_lp#*:}"
    done
}

# ---- people: every way a value or a line can be broken -------------------------------------

big=$(printf '%10001s' '' | tr ' ' x)
{
    echo 'person_ref,org,hired_on,left_on,leave_reason'
    echo 'G1,Acme,2020-01-01,,'
    echo ',Acme,2020-01-01,,'
    echo 'B2,Acme,,,'
    echo 'B3,Acme,2020-02-30,,'
    echo 'B4,Acme,01/02/2020,,'
    echo 'B5,Acme,2020-01-01,2019-12-31,voluntary'
    echo 'B6,Acme,2020-01-01,2021-01-01,Voluntary'
    echo 'B7,Acme,2020-01-01,2021-01-01,fired'
    echo 'B8,Acme,2020-01-01'
    echo 'B9,Acme,2020-01-01,,,extra'
    printf 'B10,Ac\377\376me,2020-01-01,,\n'
    echo "B11,$big,2020-01-01,,"
    echo 'B13,Ac"me,2020-01-01,,'
    echo 'B14,"Acme"x,2020-01-01,,'
    echo 'G2,Acme,2020-01-02,,'
    echo 'G3,Acme,2020-01-01,2020-01-01,other'
    echo ',Acme,someday,,nope'
    echo '   ,Acme,2020-01-01,,'
    echo 'B12,"unclosed,2020-01-01,,'
    echo 'G4,Acme,2020-01-05,,'
} > people_bad.csv
fs_ingest people people_bad.csv
expect_rc "people: bad rows exit 3" 3
expect_summary "people: summary line" people_bad.csv 20 4 16
expect_count "people: the good rows load, also the one after an unclosed quote" \
    "SELECT count(*) FROM people WHERE person_ref IN ('G1', 'G2', 'G3', 'G4')" 4
expect_count "people: no bad row loads" "SELECT count(*) FROM people WHERE person_ref LIKE 'B%' OR person_ref = ''" 0
expect_reasons people people_bad.csv \
    '3:person_ref is missing' \
    '4:hired_on is missing' \
    '5:hired_on "2020-02-30" is not a date \(use YYYY-MM-DD\)' \
    '6:hired_on "01/02/2020" is not a date' \
    '7:left_on 2019-12-31 is before hired_on 2020-01-01' \
    '8:leave_reason "Voluntary" is not one of voluntary, involuntary, retirement or other' \
    '9:leave_reason "fired" is not one of' \
    '10:has 3 fields, the header has 5' \
    '11:has 6 fields, the header has 5' \
    '12:UTF-8' \
    '13:field 2 is over 10000 bytes' \
    '14:quote' \
    '15:quote' \
    '18:person_ref is missing.*hired_on "someday" is not a date.*leave_reason "nope"' \
    '19:person_ref is missing' \
    '20:never closed'
expect "people: every bad row stored once" \
    "$(sql "SELECT count(*) || '/' || count(DISTINCT line) FROM quarantine WHERE file = 'people_bad.csv'")" "16/16"
expect "people: quarantine rows carry the kind" \
    "$(sql "SELECT DISTINCT kind FROM quarantine WHERE file = 'people_bad.csv'")" "people"
expect "people: the raw line is stored as written" \
    "$(sql "SELECT raw FROM quarantine WHERE file = 'people_bad.csv' AND line = 7")" \
    "B5,Acme,2020-01-01,2019-12-31,voluntary"
expect "people: the raw line of invalid UTF-8 shows the bad bytes" \
    "$(sql "SELECT raw FROM quarantine WHERE file = 'people_bad.csv' AND line = 12")" \
    'B10,Ac\xFF\xFEme,2020-01-01,,'
expect "people: the raw line of a long field is kept whole" \
    "$(sql "SELECT length(raw) FROM quarantine WHERE file = 'people_bad.csv' AND line = 13")" "$((4 + 10001 + 13))"
expect "people: the ingest is recorded with its counts" \
    "$(sql "SELECT rows || '/' || loaded || '/' || quarantined FROM ingests WHERE file = 'people_bad.csv'")" "20/4/16"
expect_match "people: each quarantined row is listed on stderr as FILE:LINE: reason" \
    "$(cat ingest.err)" '^people_bad\.csv:7: left_on 2019-12-31 is before hired_on 2020-01-01$'
expect "people: stderr lists every quarantined row" "$(grep -c '^people_bad\.csv:[0-9]*: ' ingest.err)" "16"
expect "people: a field of exactly 10,000 bytes loads" \
    "$(printf 'person_ref,org,hired_on\nL1,%s,2020-01-01\n' "$(printf '%10000s' '' | tr ' ' y)" > exact.csv
       "$FLIPSIDE" ingest people exact.csv >/dev/null 2>&1; echo "$?:$(sql "SELECT length(org) FROM people
       WHERE person_ref = 'L1'")")" "0:10000"

# The quarantine command lists what ingest stored.
run_fs q.out q.err quarantine --file people_bad.csv
expect_rc "quarantine --file: exit 0" 0
expect "quarantine --file: one line per row" "$(wc -l < q.out | tr -d ' ')" "16"
expect_match "quarantine: FILE:LINE: reason" "$(cat q.out)" \
    '^people_bad\.csv:5: hired_on "2020-02-30" is not a date \(use YYYY-MM-DD\)$'
run_fs q.out q.err quarantine --file people_bad.csv --raw --limit 100
expect_match "quarantine --raw: the raw line under its row" "$(cat q.out)" '^    B5,Acme,2020-01-01,2019-12-31,voluntary$'
run_fs q.out q.err quarantine --limit 2
expect "quarantine --limit 2: two rows" "$(wc -l < q.out | tr -d ' ')" "2"
run_fs q.out q.err quarantine --kind sessions
expect "quarantine --kind: only that kind" "$(cat q.out)" ""

# ---- cohorts ----------------------------------------------------------------------------------

cat > cohorts_bad.csv <<'EOF'
programme,cohort,kind,starts_on,ends_on,name
RM,G1,full,2027-01-01,,good
,B1,full,2027-01-01,,
RM,,full,2027-01-01,,
RM,B3,Full,2027-01-01,,
RM,B4,full,2027-13-01,,
RM,B5,full,,,
RM,B6,full,2027-06-01,2027-05-31,
EOF
fs_ingest cohorts cohorts_bad.csv
expect_rc "cohorts: bad rows exit 3" 3
expect_summary "cohorts: summary line" cohorts_bad.csv 7 1 6
expect_reasons cohorts cohorts_bad.csv \
    '3:programme is missing' \
    '4:cohort is missing' \
    '5:kind "Full" is not one of pilot or full' \
    '6:starts_on "2027-13-01" is not a date' \
    '7:starts_on is missing' \
    '8:ends_on 2027-05-31 is before starts_on 2027-06-01'
expect_count "cohorts: the good row loads" "SELECT count(*) FROM cohorts WHERE cohort = 'G1'" 1

# ---- items -----------------------------------------------------------------------------------

cat > items_bad.csv <<'EOF'
item,construct,scale_min,scale_max,reverse,text
g1,other,1,7,false,good
b1,attitude,1,5,false,
b2,other,one,5,false,
b3,other,5,5,false,
b4,other,1,5,yes,
,other,1,5,false,
b6,other,1,,false,
b7,other,1,1e999,false,
EOF
fs_ingest items items_bad.csv
expect_rc "items: bad rows exit 3" 3
expect_summary "items: summary line" items_bad.csv 8 1 7
expect_reasons items items_bad.csv \
    '3:construct "attitude" is not one of confidence, satisfaction, nps or other' \
    '4:scale_min "one" is not a number' \
    '5:scale_min 5 is not below scale_max 5' \
    '6:reverse "yes" is not true or false' \
    '7:item is missing' \
    '8:scale_max is missing' \
    '9:scale_max "1e999" is not a number'

# ---- participants ------------------------------------------------------------------------------

cat > participants_bad.csv <<'EOF'
programme,cohort,person_ref,role,enrolled_on,withdrew_on
RM,F1,N1,mentor,2026-01-05,
RM,F1,N2,boss,2026-01-05,
RM,F1,N2,mentee,,
RM,F1,X1,mentee,2026-01-05,
RM,F9,N2,mentee,2026-01-05,
XX,F1,N2,mentee,2026-01-05,
RM,F1,n2,mentee,2026-01-05,
RM,F1,N2,mentee,2026-01-05,2026-02-30
EOF
fs_ingest participants participants_bad.csv
expect_rc "participants: bad rows exit 3" 3
expect_summary "participants: summary line" participants_bad.csv 8 1 7
expect_reasons participants participants_bad.csv \
    '3:role "boss" is not one of mentor or mentee' \
    '4:enrolled_on is missing' \
    '5:person_ref "X1" is not in the people table' \
    '6:cohort "F9" of programme "RM" is not in the cohorts table' \
    '7:cohort "F1" of programme "XX" is not in the cohorts table' \
    '8:person_ref "n2" is not in the people table' \
    '9:withdrew_on "2026-02-30" is not a date'

# ---- pairs -------------------------------------------------------------------------------------

cat > pairs_bad.csv <<'EOF'
programme,cohort,mentor_ref,mentee_ref,matched_on,ended_on
RM,F1,N1,E2,2026-02-01,
RM,F1,X1,E2,2026-02-01,
RM,F1,M2,X2,2026-02-01,
RM,F1,M2,M2,2026-02-01,
RM,F1,M2,E1,2026-02-01,2026-01-31
RM,F7,M2,E1,2026-02-01,
RM,F1,M2,E1,,
EOF
fs_ingest pairs pairs_bad.csv
expect_rc "pairs: bad rows exit 3" 3
expect_summary "pairs: summary line" pairs_bad.csv 7 1 6
expect_reasons pairs pairs_bad.csv \
    '3:mentor_ref "X1" is not in the people table' \
    '4:mentee_ref "X2" is not in the people table' \
    '5:mentor_ref and mentee_ref are the same person' \
    '6:ended_on 2026-01-31 is before matched_on 2026-02-01' \
    '7:cohort "F7" of programme "RM" is not in the cohorts table' \
    '8:matched_on is missing'

# ---- sessions ----------------------------------------------------------------------------------

cat > sessions_bad.csv <<'EOF'
programme,cohort,mentor_ref,mentee_ref,held_on,duration_min,status,channel,topics
RM,F1,M2,E2,2026-03-01,60,held,video,good
RM,F1,M2,E2,2026-03-02,60,done,video,
RM,F1,M2,E2,2026-03-03,60,held,zoom,
RM,F1,M2,E2,2026-03-32,60,held,video,
RM,F1,M2,E2,2026-03-05T25:00:00,60,held,video,
RM,F1,M2,E2,2026-03-06,an hour,held,video,
RM,F1,M2,E2,2026-01-31,60,held,video,
RM,F1,M2,E1,2026-03-07,60,held,video,
RM,F1,E2,M2,2026-03-07,60,held,video,
RM,F1,M2,E2,,60,held,video,
RM,F1,M2,E2,2026-03-08,60,,video,
EOF
fs_ingest sessions sessions_bad.csv
expect_rc "sessions: bad rows exit 3" 3
expect_summary "sessions: summary line" sessions_bad.csv 11 1 10
expect_reasons sessions sessions_bad.csv \
    '3:status "done" is not one of held, cancelled or no_show' \
    '4:channel "zoom" is not one of in_person, video, phone, chat or other' \
    '5:held_on "2026-03-32" is not a date' \
    '6:held_on "2026-03-05T25:00:00" is not a date' \
    '7:duration_min "an hour" is not a number' \
    '8:held_on 2026-01-31 is before the pair was matched on 2026-02-01' \
    '9:no pair of mentor "M2" and mentee "E1" in cohort "F1" of programme "RM"' \
    '10:no pair of mentor "E2" and mentee "M2"' \
    '11:held_on is missing' \
    '12:status is missing'

# ---- responses -------------------------------------------------------------------------------

cat > responses_bad.csv <<'EOF'
programme,cohort,wave,person_ref,submitted_on,item,value
RM,F1,exit,E2,2026-06-01,conf1,5
RM,F1,exit,E2,2026-06-01,conf2,6
RM,F1,exit,E2,2026-06-01,conf2,0
RM,F1,exit,E2,2026-06-01,nps1,10.5
RM,F1,exit,E2,2026-06-01,sat1,good
RM,F1,exit,E2,2026-06-01,sat9,3
RM,F1,final,E2,2026-06-01,sat1,3
RM,F1,exit,X3,2026-06-01,sat1,3
RM,F8,exit,E2,2026-06-01,sat1,3
RM,F1,exit,E2,2026-06-01T10:00:00+25:00,sat1,3
RM,F1,exit,E2,1 June 2026,sat1,3
RM,F1,exit,E2,2026-06-01,sat1,
EOF
fs_ingest responses responses_bad.csv
expect_rc "responses: bad rows exit 3" 3
expect_summary "responses: summary line" responses_bad.csv 12 1 11
expect_reasons responses responses_bad.csv \
    '3:value 6 is outside the scale of item "conf2" \(1 to 5\)' \
    '4:value 0 is outside the scale of item "conf2" \(1 to 5\)' \
    '5:value 10.5 is outside the scale of item "nps1" \(0 to 10\)' \
    '6:value "good" is not a number' \
    '7:item "sat9" is not in the items table' \
    '8:wave "final" is not one of baseline, midpoint, exit or followup' \
    '9:person_ref "X3" is not in the people table' \
    '10:cohort "F8" of programme "RM" is not in the cohorts table' \
    '11:submitted_on "2026-06-01T10:00:00\+25:00" is not a date' \
    '12:submitted_on "1 June 2026" is not a date' \
    '13:value is missing'
expect_count "responses: only the good row loads" \
    "SELECT count(*) FROM responses WHERE cohort = 'F1' AND wave = 'exit'" 1

# A time zone offset PostgreSQL cannot store (over 15:59) must not sink the whole file.
cat > responses_zone.csv <<'EOF'
programme,cohort,wave,person_ref,submitted_on,item,value
RM,F1,exit,E2,2026-06-02T10:00:00+16:00,sat1,3
RM,F1,exit,M2,2026-06-02,sat1,4
EOF
fs_ingest responses responses_zone.csv
expect_match "responses: an offset of +16:00 is quarantined or stored, not a database failure (exit 0 or 3)" \
    "$rc" '^(0|3)$'
expect_count "responses: the good row next to an offset of +16:00 loads" \
    "SELECT count(*) FROM responses WHERE wave = 'exit' AND person_ref = 'M2' AND item = 'sat1'" 1
cat > sessions_zone.csv <<'EOF'
programme,cohort,mentor_ref,mentee_ref,held_on,duration_min,status,channel,topics
RM,F1,M2,E2,2026-04-01T09:30:00+23:00,60,held,video,
RM,F1,M2,E2,2026-04-02,60,held,video,
EOF
fs_ingest sessions sessions_zone.csv
expect_match "sessions: an offset of +23:00 is quarantined or stored, not a database failure (exit 0 or 3)" \
    "$rc" '^(0|3)$'
expect_count "sessions: the good row next to an offset of +23:00 loads" \
    "SELECT count(*) FROM sessions WHERE held_on = '2026-04-02'" 1

# ---- responses --wide: one bad cell quarantines the whole line (SPEC rule 13) ------------------

cat > wide_bad.csv <<'EOF'
programme,cohort,wave,person_ref,submitted_on,conf1,conf2,sat1,nps1
RM,F1,midpoint,E2,2026-04-01,1,2,3,4
RM,F1,midpoint,M2,2026-04-01,1,9,3,4
RM,F1,midpoint,N1,2026-04-01,1,2,x,4
RM,F1,midpoint,X4,2026-04-01,1,2,3,4
RM,F1,midpoint,N2,2026-04-31,1,2,3,4
RM,F1,midpoint,N2,2026-04-01,1,2,3
EOF
fs_ingest responses --wide wide_bad.csv
expect_rc "wide: bad lines exit 3" 3
expect_summary "wide: summary counts lines" wide_bad.csv 6 1 5
expect_reasons "wide" wide_bad.csv \
    '3:answer 9 is outside the scale of item "conf2" \(1 to 5\)' \
    '4:item "sat1".*"x".*not a number' \
    '5:person_ref "X4" is not in the people table' \
    '6:submitted_on "2026-04-31" is not a date' \
    '7:has 8 fields, the header has 9'
expect "wide: a line with one bad cell loads none of its answers" \
    "$(sql "SELECT count(*) FROM responses WHERE wave = 'midpoint' AND person_ref IN ('M2', 'N1')")" "0"
expect "wide: the good line loads every answer" \
    "$(sql "SELECT count(*) FROM responses WHERE wave = 'midpoint' AND person_ref = 'E2'")" "4"

# ---- Many bad rows: stderr lists 50 and says where the rest are ---------------------------------

{
    echo 'person_ref,hired_on'
    i=1
    while [ $i -le 60 ]; do echo "M$i,not-a-date"; i=$((i + 1)); done
} > many_bad.csv
fs_ingest people many_bad.csv
expect_summary "60 bad rows: summary" many_bad.csv 60 0 60
expect_count "60 bad rows: all stored" "SELECT count(*) FROM quarantine WHERE file = 'many_bad.csv'" 60
expect "60 bad rows: stderr lists 50" "$(grep -c '^many_bad\.csv:[0-9]*: ' ingest.err)" "50"
expect_match "60 bad rows: stderr says the rest are in the quarantine" "$(cat ingest.err)" \
    '10 more quarantined rows not listed.*flipside quarantine --file many_bad\.csv'

# ---- Line numbers are physical lines; the raw line is the record without its line end -------

name="it's a file, with lines.csv"
printf '\357\273\277person_ref,org,hired_on\r\nA1,"multi\r\nline\r\norg",2020-01-01\r\n\r\nA2,x,bad\r\nA3,"q\r\n",2020-13-01\r\nA4,x,2020-01-01\r\n' \
    > "$name"
fs_ingest people "$name"
expect_summary "lines: a file name with a quote, a comma and spaces, as given" "$name" 4 2 2
expect_quarantined "lines: a bad row after a field over three lines and a blank line is line 6" "$name" 6 \
    'hired_on "bad" is not a date'
expect "lines: the raw line has no CR of the line end" \
    "$(sql "SELECT raw FROM quarantine WHERE file = $(sql_quote "$name") AND line = 6")" "A2,x,bad"
expect_quarantined "lines: a record over two lines is quarantined under its first line" "$name" 7 \
    'hired_on "2020-13-01" is not a date'
expect "lines: the raw text of a record over two lines holds both" \
    "$(sql "SELECT raw = E'A3,\"q\\r\\n\",2020-13-01' FROM quarantine WHERE file = $(sql_quote "$name") AND line = 7")" "t"
run_fs q.out q.err quarantine --file "$name"
expect "lines: flipside quarantine --file takes the name as given" "$(cut -d: -f1,2 q.out | tr '\n' '/')" \
    "$name:6/$name:7/"
