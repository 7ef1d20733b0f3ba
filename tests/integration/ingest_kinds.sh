# flipside ingest, good input (SPEC section 2): every kind loads with its values as written,
# columns in any order, extra columns warned about and ignored, BOM, CRLF and CR line ends,
# RFC 4180 quoting, UTF-8 text, SQL-looking text stored as data, the summary line.
. "$FLIPSIDE_TOP/tests/integration/lib.sh"

fs_newdb it_ingest_kinds

# ---- Every kind of the base data set, in load order ----------------------------------------

for kind in people cohorts items participants pairs sessions responses; do
    cp "$INGEST_DATA/$kind.csv" "$kind.csv"
done
cp "$INGEST_DATA/responses_wide.csv" responses_wide.csv
set -- people 8 cohorts 2 items 4 participants 6 pairs 3 sessions 5 responses 8
while [ $# -gt 0 ]; do
    fs_ingest "$1" "$1.csv"
    expect_rc "$1: a good file exits 0" 0
    expect_summary "$1: summary line" "$1.csv" "$2" "$2" 0
    expect "$1: nothing on stderr" "$(cat ingest.err)" ""
    expect_count "$1: every row stored" "SELECT count(*) FROM $1" "$2"
    shift 2
done
fs_ingest responses --wide responses_wide.csv
expect_rc "responses --wide: a good file exits 0" 0
expect_summary "responses --wide: summary counts lines, not answers" responses_wide.csv 2 2 0
expect_count "responses --wide: one row per answer, blank cells none" \
    "SELECT count(*) FROM responses WHERE cohort = 'F1'" 6

# ---- The values as written -----------------------------------------------------------------

expect "people: every column stored" \
    "$(sql "SELECT concat_ws('|', person_ref, org, department, grade, gender, ethnicity, age_band, network,
            hired_on, left_on, leave_reason) FROM people WHERE person_ref = 'M3'")" \
    "M3|Beta|IT|G3|non-binary|black|25-34|lgbt|2020-06-15|2026-02-28|voluntary"
expect "people: blank optional cells are NULL" \
    "$(sql "SELECT count(*) FROM people WHERE person_ref = 'N2' AND gender IS NULL AND ethnicity IS NULL
            AND age_band IS NULL AND network IS NULL AND left_on = '2024-06-30'")" "1"
expect "cohorts: values and a NULL ends_on" \
    "$(sql "SELECT string_agg(concat_ws('|', cohort, kind, starts_on, coalesce(ends_on::text, 'NULL'), name), ';'
            ORDER BY cohort) FROM cohorts")" \
    "F1|full|2026-01-01|NULL|First full cohort;P1|pilot|2025-01-01|2025-12-31|Pilot cohort"
expect "items: scales and reverse" \
    "$(sql "SELECT string_agg(concat_ws('|', item, construct, scale_min, scale_max, reverse), ';' ORDER BY item)
            FROM items")" \
    "conf1|confidence|1|5|f;conf2|confidence|1|5|t;nps1|nps|0|10|f;sat1|satisfaction|1|5|f"
expect "participants: withdrew_on stored, else NULL" \
    "$(sql "SELECT string_agg(person_ref || '=' || coalesce(withdrew_on::text, 'NULL'), ',' ORDER BY person_ref)
            FROM participants WHERE cohort = 'P1'")" \
    "E1=NULL,E3=2025-06-30,M1=NULL,M3=NULL"
expect "pairs: matched_on and ended_on" \
    "$(sql "SELECT string_agg(concat_ws('|', mentor_ref, mentee_ref, matched_on, coalesce(ended_on::text, 'NULL')),
            ';' ORDER BY mentor_ref) FROM pairs")" \
    "M1|E1|2025-02-01|2025-12-31;M2|E2|2026-02-01|NULL;M3|E3|2025-02-03|2025-06-30"
expect "sessions: a time is kept in held_at, its date in held_on" \
    "$(sql "SELECT held_at || '|' || held_on FROM sessions WHERE channel = 'in_person'")" \
    "2025-03-10 09:30:00+00|2025-03-10"
expect "sessions: a date alone is midnight UTC" \
    "$(sql "SELECT held_at || '|' || held_on FROM sessions WHERE channel = 'video'")" \
    "2025-02-10 00:00:00+00|2025-02-10"
expect "sessions: blank duration, channel and topics are NULL" \
    "$(sql "SELECT count(*) FROM sessions WHERE status = 'cancelled' AND duration_min IS NULL
            AND channel IS NULL AND topics IS NULL")" "1"
expect "sessions: topics kept as written" \
    "$(sql "SELECT topics FROM sessions WHERE channel = 'chat'")" "ai; inclusion"
expect "responses: value and submitted time" \
    "$(sql "SELECT value || '|' || submitted_at || '|' || submitted_on FROM responses
            WHERE wave = 'exit' AND person_ref = 'E1' AND item = 'conf1'")" \
    "4|2025-12-20 10:00:00+00|2025-12-20"
expect "responses --wide: every answer of a line, with the line's submitted_on" \
    "$(sql "SELECT string_agg(item || '=' || value, ',' ORDER BY item) || '|' || min(submitted_at)
            FROM responses WHERE person_ref = 'M2'")" \
    "conf1=3,conf2=3,nps1=10,sat1=4|2026-01-21 08:00:00+00"
expect "responses --wide: blank cells are no answer" \
    "$(sql "SELECT string_agg(item || '=' || value, ',' ORDER BY item) FROM responses WHERE person_ref = 'E2'")" \
    "conf1=2,conf2=5"
expect "ingests: each file recorded with its counts" \
    "$(sql "SELECT kind || '|' || file || '|' || rows || '|' || loaded || '|' || quarantined FROM ingests
            WHERE kind = 'sessions'")" "sessions|sessions.csv|5|5|0"

# ---- Columns in any order, extra columns, only the required columns -------------------------

fs_newdb it_ingest_kinds_order
cat > shuffled.csv <<'EOF'
leave_reason,hired_on,network,colour,person_ref,org,left_on,Shoe Size
voluntary,2020-01-01,tech,red,S1,Acme,2024-05-31,42
,2021-02-03,,blue,S2,,,
EOF
fs_ingest people shuffled.csv
expect_rc "columns in any order: exit 0" 0
expect_summary "columns in any order: summary" shuffled.csv 2 2 0
expect "columns in any order: each value in its column" \
    "$(sql "SELECT concat_ws('|', person_ref, org, network, hired_on, left_on, leave_reason) FROM people
            WHERE person_ref = 'S1'")" "S1|Acme|tech|2020-01-01|2024-05-31|voluntary"
expect_match "an extra column is warned about by name" "$(cat ingest.err)" 'shuffled\.csv: warning: column "colour"'
expect_match "a second extra column is warned about too" "$(cat ingest.err)" '"Shoe Size"'
expect "extra columns: one warning each, nothing else on stderr" "$(wc -l < ingest.err | tr -d ' ')" "2"

cat > items_min.csv <<'EOF'
scale_max,item,scale_min,construct
7,x1,1,other
EOF
fs_ingest items items_min.csv
expect_rc "items without the optional reverse and text columns: exit 0" 0
expect_summary "items without the optional columns: summary" items_min.csv 1 1 0
expect "items without a reverse column: reverse is false" "$(sql "SELECT reverse FROM items WHERE item = 'x1'")" "f"

cat > items_blank.csv <<'EOF'
item,construct,scale_min,scale_max,reverse,text
x2,other,1,7,,
EOF
fs_ingest items items_blank.csv
expect_rc "items with a blank reverse cell: exit 0" 0
expect_summary "items with a blank reverse cell: summary" items_blank.csv 1 1 0
expect "items with a blank reverse cell: reverse is false" "$(sql "SELECT reverse FROM items WHERE item = 'x2'")" "f"

# ---- Line ends, byte-order mark, quoting ---------------------------------------------------

fs_newdb it_ingest_kinds_text
printf '\357\273\277person_ref,org,hired_on\r\nB1,Acme,2020-01-01\r\nB2,Beta,2020-01-02\r\n' > bom_crlf.csv
fs_ingest people bom_crlf.csv
expect_rc "BOM and CRLF: exit 0" 0
expect_summary "BOM and CRLF: summary" bom_crlf.csv 2 2 0
expect "BOM and CRLF: the BOM is not part of the first column" \
    "$(sql "SELECT string_agg(person_ref, ',' ORDER BY person_ref) FROM people")" "B1,B2"
expect "BOM and CRLF: no carriage return kept at line ends" \
    "$(sql "SELECT count(*) FROM people WHERE org LIKE E'%\\r' OR person_ref LIKE E'%\\r'")" "0"

printf 'person_ref,hired_on,org\rC1,2020-01-01,Old Mac\rC2,2020-01-02,Mac\r' > cr.csv
fs_ingest people cr.csv
expect_rc "CR line ends: exit 0" 0
expect_summary "CR line ends: summary" cr.csv 2 2 0

cat > quoted.csv <<'EOF'
person_ref,org,department,grade,hired_on
Q1,"Smith, Jones & Co","the ""best"" team",G1,2020-01-01
Q2,"two
lines",,"",2020-01-01

Q3,plain,"a,b,""c""",G3,"2020-01-03"
EOF
fs_ingest people quoted.csv
expect_rc "quoted fields: exit 0" 0
expect_summary "quoted fields: a field over two lines is one row, a blank line none" quoted.csv 3 3 0
expect "quoted fields: a comma inside quotes" "$(sql "SELECT org FROM people WHERE person_ref = 'Q1'")" \
    "Smith, Jones & Co"
expect "quoted fields: doubled quotes" "$(sql "SELECT department FROM people WHERE person_ref = 'Q1'")" \
    'the "best" team'
expect "quoted fields: a newline inside quotes" \
    "$(sql "SELECT org = E'two\\nlines' FROM people WHERE person_ref = 'Q2'")" "t"
expect "quoted fields: an empty quoted optional cell is NULL" \
    "$(sql "SELECT grade IS NULL AND department IS NULL FROM people WHERE person_ref = 'Q2'")" "t"
expect "quoted fields: commas and quotes together" "$(sql "SELECT department FROM people WHERE person_ref = 'Q3'")" \
    'a,b,"c"'
expect "quoted fields: a quoted date" "$(sql "SELECT hired_on FROM people WHERE person_ref = 'Q3'")" "2020-01-03"

# ---- UTF-8 text and text that looks like SQL -----------------------------------------------

cat > names.csv <<'EOF'
person_ref,org,department,hired_on
Müllerschön,Zürich AG,Ærø,2020-01-01
D'Souza,O'Brien & Søn,"Ünïcødé ""✓""",2020-01-01
"'); DROP TABLE people; --","'); DROP TABLE people; --",x\N\t,2020-01-01
Robert'); DELETE FROM people WHERE ('1'='1,";SELECT pg_sleep(10);--",\,2020-01-01
EOF
fs_ingest people names.csv
expect_rc "UTF-8 and SQL-looking text: exit 0" 0
expect_summary "UTF-8 and SQL-looking text: summary" names.csv 4 4 0
expect "UTF-8: Müllerschön stored as written" \
    "$(sql "SELECT org || '|' || department FROM people WHERE person_ref = 'Müllerschön'")" "Zürich AG|Ærø"
expect "UTF-8: D'Souza stored as written" \
    "$(sql "SELECT org || '|' || department FROM people WHERE person_ref = 'D''Souza'")" \
    'O'"'"'Brien & Søn|Ünïcødé "✓"'
expect "SQL-looking text is stored as data" \
    "$(sql "SELECT org FROM people WHERE person_ref = '''); DROP TABLE people; --'")" "'); DROP TABLE people; --"
expect "backslashes are data, not COPY escapes" \
    "$(sql "SELECT department FROM people WHERE person_ref = '''); DROP TABLE people; --'")" 'x\N\t'
expect "a lone backslash is data" \
    "$(sql "SELECT department FROM people WHERE person_ref LIKE 'Robert%'")" '\'
expect "the people table is still there with every row" \
    "$(sql "SELECT count(*) FROM people")" "11"

# ---- FILE in the summary line is the name as given ------------------------------------------

mkdir -p sub
printf 'person_ref,hired_on\nF1,2020-01-01\n' > sub/given.csv
fs_ingest people ./sub/../sub/given.csv
expect_summary "summary: FILE exactly as given (relative)" "./sub/../sub/given.csv" 1 1 0
fs_ingest people "$PWD/sub/given.csv"
expect_summary "summary: FILE exactly as given (absolute)" "$PWD/sub/given.csv" 1 1 0
printf 'person_ref,hired_on\n' > header_only.csv
fs_ingest people header_only.csv
expect_rc "a header and no rows: exit 0" 0
expect_summary "a header and no rows: 0 rows" header_only.csv 0 0 0
