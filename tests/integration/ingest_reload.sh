# flipside ingest, loading again (SPEC section 2, rule 7): re-ingesting a file changes
# nothing; a row with the key of a stored row replaces it; for responses the latest
# submitted_on wins (the full timestamp, time zones included, then the later line), within
# a file and across ingests.
. "$FLIPSIDE_TOP/tests/integration/lib.sh"

fs_newdb it_ingest_reload
fs_load_base

# ---- Re-ingesting the same files changes nothing --------------------------------------------

before=$(input_dump)
set -- people 8 cohorts 2 items 4 participants 6 pairs 3 sessions 5 responses 8
while [ $# -gt 0 ]; do
    fs_ingest "$1" "$INGEST_DATA/$1.csv"
    expect_rc "again: $1 exits 0" 0
    expect_summary "again: $1 has the same summary" "$INGEST_DATA/$1.csv" "$2" "$2" 0
    shift 2
done
fs_ingest responses --wide "$INGEST_DATA/responses_wide.csv"
expect_summary "again: responses --wide has the same summary" "$INGEST_DATA/responses_wide.csv" 2 2 0
expect "again: every input table is exactly as before" "$(input_dump)" "$before"
expect_count "again: the quarantine stays empty" "SELECT count(*) FROM quarantine" 0

# A file with bad rows, twice: the tables do not change the second time.
cat > mixed.csv <<'EOF'
person_ref,org,hired_on
Z1,Acme,2020-01-01
Z2,Acme,2020-02-30
Z1,Acme,2020-01-01
EOF
fs_ingest people mixed.csv
expect_summary "again with bad rows: first summary" mixed.csv 3 2 1
before=$(input_dump)
fs_ingest people mixed.csv
expect_rc "again with bad rows: exit 3 again" 3
expect_summary "again with bad rows: same summary" mixed.csv 3 2 1
expect "again with bad rows: the tables do not change" "$(input_dump)" "$before"

# ---- A row with the key of a stored row replaces it ------------------------------------------

cat > people_new.csv <<'EOF'
person_ref,org,department,hired_on,left_on,leave_reason
M1,NewOrg,,2021-03-01,2026-05-31,voluntary
EOF
fs_ingest people people_new.csv
expect_summary "key: people row replaced" people_new.csv 1 1 0
expect "key: people: the new values, blank cells NULL" \
    "$(sql "SELECT concat_ws('|', org, coalesce(department, 'NULL'), left_on, leave_reason) FROM people
            WHERE person_ref = 'M1'")" "NewOrg|NULL|2026-05-31|voluntary"
expect_count "key: people: still one row for M1" "SELECT count(*) FROM people WHERE person_ref = 'M1'" 1
expect_count "key: people: the others are untouched" "SELECT count(*) FROM people" 9

printf 'programme,cohort,kind,starts_on,name\nRM,P1,pilot,2025-01-02,Renamed\n' > cohorts_new.csv
fs_ingest cohorts cohorts_new.csv
expect "key: cohorts: replaced, ends_on now NULL" \
    "$(sql "SELECT count(*) || '|' || min(starts_on) || '|' || min(name) || '|' || count(ends_on) FROM cohorts
            WHERE cohort = 'P1'")" "1|2025-01-02|Renamed|0"

printf 'item,construct,scale_min,scale_max,reverse,text\nconf1,confidence,1,7,false,Reworded\n' > items_new.csv
fs_ingest items items_new.csv
expect "key: items: replaced" \
    "$(sql "SELECT count(*) || '|' || max(scale_max) || '|' || max(text) FROM items WHERE item = 'conf1'")" "1|7|Reworded"

printf 'programme,cohort,person_ref,role,enrolled_on,withdrew_on\nRM,P1,E3,mentee,2025-01-12,\n' > part_new.csv
fs_ingest participants part_new.csv
expect "key: participants: replaced, withdrew_on now NULL" \
    "$(sql "SELECT count(*) || '|' || count(withdrew_on) FROM participants WHERE person_ref = 'E3'")" "1|0"

printf 'programme,cohort,mentor_ref,mentee_ref,matched_on,ended_on\nRM,F1,M2,E2,2026-01-15,2026-12-31\n' > pairs_new.csv
fs_ingest pairs pairs_new.csv
expect "key: pairs: replaced" \
    "$(sql "SELECT count(*) || '|' || min(matched_on) || '|' || min(ended_on) FROM pairs WHERE mentor_ref = 'M2'")" \
    "1|2026-01-15|2026-12-31"

cat > sessions_new.csv <<'EOF'
programme,cohort,mentor_ref,mentee_ref,held_on,duration_min,status,channel,topics
RM,F1,M2,E2,2026-02-15,75,held,chat,rewritten
EOF
fs_ingest sessions sessions_new.csv
expect "key: sessions: same key, new duration and topics replace the row" \
    "$(sql "SELECT count(*) || '|' || min(duration_min) || '|' || min(topics) FROM sessions WHERE mentor_ref = 'M2'")" \
    "1|75|rewritten"

cat > people_twice.csv <<'EOF'
person_ref,org,hired_on
T1,First,2020-01-01
T1,Second,2020-01-01
EOF
fs_ingest people people_twice.csv
expect_summary "key: two lines of one key in a file both count as loaded" people_twice.csv 2 2 0
expect "key: two lines of one key in a file: the later line is stored" \
    "$(sql "SELECT string_agg(org, ',') FROM people WHERE person_ref = 'T1'")" "Second"
fs_newdb it_ingest_reload_empty
fs_ingest people people_twice.csv
expect "key: the same into an empty table: the later line is stored" \
    "$(sql "SELECT string_agg(org, ',') FROM people WHERE person_ref = 'T1'")" "Second"

# ---- Responses: the latest submitted_on wins -------------------------------------------------

# answer WAVE PERSON ITEM: "value|submitted_at|submitted_on" of the stored answer(s).
answer() {
    sql "SELECT string_agg(value || '|' || submitted_at || '|' || submitted_on, ';') FROM responses
         WHERE wave = '$1' AND person_ref = '$2' AND item = '$3'"
}

for mode in empty merge; do
    fs_newdb "it_ingest_reload_$mode"
    fs_load_base participants
    if [ "$mode" = merge ]; then
        printf 'programme,cohort,wave,person_ref,submitted_on,item,value\nRM,P1,baseline,M1,2025-01-01,conf1,1\n' > seed.csv
        fs_ingest responses seed.csv
    fi
    cat > latest.csv <<'EOF'
programme,cohort,wave,person_ref,submitted_on,item,value
RM,F1,exit,E2,2026-06-01T10:00:00,conf1,1
RM,F1,exit,E2,2026-06-01T09:00:00,conf1,2
RM,F1,exit,E2,2026-06-01T09:00:00,conf2,1
RM,F1,exit,E2,2026-06-01T09:00:00,conf2,2
RM,F1,exit,E2,2026-06-01,sat1,1
RM,F1,exit,E2,2026-06-01T00:00:00,sat1,2
RM,F1,exit,E2,2026-06-01T00:00:01,nps1,3
RM,F1,exit,E2,2026-06-01,nps1,4
RM,F1,exit,M2,2026-06-01T12:00:00+05:00,conf1,1
RM,F1,exit,M2,2026-06-01T08:00:00Z,conf1,2
RM,F1,exit,M2,2026-06-01T08:00:00Z,conf2,3
RM,F1,exit,M2,2026-06-01T12:00:00+05:00,conf2,4
RM,F1,exit,M2,2026-06-01,sat1,5
RM,F1,exit,M2,2026-06-01T01:00:00+02:00,sat1,1
RM,F1,exit,M2,2026-06-01T10:00:00.25Z,nps1,6
RM,F1,exit,M2,2026-06-01T10:00:00.5Z,nps1,7
RM,F1,exit,M2,2026-06-01T10:00:00.4Z,nps1,8
EOF
    fs_ingest responses latest.csv
    expect_summary "latest ($mode): every line counts as loaded" latest.csv 17 17 0
    expect "latest ($mode): a later time earlier in the file wins" "$(answer exit E2 conf1)" \
        "1|2026-06-01 10:00:00+00|2026-06-01"
    expect "latest ($mode): the same time: the later line wins" "$(answer exit E2 conf2)" \
        "2|2026-06-01 09:00:00+00|2026-06-01"
    expect "latest ($mode): a date alone is midnight: tie, the later line wins" "$(answer exit E2 sat1)" \
        "2|2026-06-01 00:00:00+00|2026-06-01"
    expect "latest ($mode): one second after midnight beats the date alone" "$(answer exit E2 nps1)" \
        "3|2026-06-01 00:00:01+00|2026-06-01"
    expect "latest ($mode): 08:00Z beats 12:00+05:00 (07:00Z) written earlier" "$(answer exit M2 conf1)" \
        "2|2026-06-01 08:00:00+00|2026-06-01"
    expect "latest ($mode): 08:00Z beats 12:00+05:00 (07:00Z) written later" "$(answer exit M2 conf2)" \
        "3|2026-06-01 08:00:00+00|2026-06-01"
    expect "latest ($mode): the date alone beats 01:00+02:00 (the day before in UTC)" "$(answer exit M2 sat1)" \
        "5|2026-06-01 00:00:00+00|2026-06-01"
    expect "latest ($mode): fractions of a second count" "$(answer exit M2 nps1)" \
        "7|2026-06-01 10:00:00.5+00|2026-06-01"
done

# Across ingests (the table holds the answers of latest.csv).
cat > later.csv <<'EOF'
programme,cohort,wave,person_ref,submitted_on,item,value
RM,F1,exit,E2,2026-06-01T09:59:59,conf1,5
RM,F1,exit,E2,2026-06-01T10:00:01,conf2,5
RM,F1,exit,E2,2026-06-01T00:00:00Z,sat1,5
RM,F1,exit,M2,2026-06-01T11:00:00+02:00,conf1,5
RM,F1,exit,M2,2026-06-01T09:00:00+01:00,conf2,5
EOF
fs_ingest responses later.csv
expect_summary "across ingests: every line counts as loaded" later.csv 5 5 0
expect "across ingests: an earlier answer does not replace a later stored one" "$(answer exit E2 conf1)" \
    "1|2026-06-01 10:00:00+00|2026-06-01"
expect "across ingests: a later answer replaces the stored one" "$(answer exit E2 conf2)" \
    "5|2026-06-01 10:00:01+00|2026-06-01"
expect "across ingests: the same time: the new file (the later line) wins" "$(answer exit E2 sat1)" \
    "5|2026-06-01 00:00:00+00|2026-06-01"
expect "across ingests: 11:00+02:00 (09:00Z) replaces 08:00Z" \
    "$(answer exit M2 conf1)" "5|2026-06-01 09:00:00+00|2026-06-01"
expect "across ingests: 09:00+01:00 (08:00Z) ties 08:00Z: the new file wins" "$(answer exit M2 conf2)" \
    "5|2026-06-01 08:00:00+00|2026-06-01"
cat > earlier.csv <<'EOF'
programme,cohort,wave,person_ref,submitted_on,item,value
RM,F1,exit,M2,2026-06-01T10:30:00+02:00,conf1,1
EOF
fs_ingest responses earlier.csv
expect "across ingests: 10:30+02:00 (08:30Z) does not replace 09:00Z" "$(answer exit M2 conf1)" \
    "5|2026-06-01 09:00:00+00|2026-06-01"

# The client's time zone plays no part: a time without a zone is UTC.
printf 'programme,cohort,wave,person_ref,submitted_on,item,value\nRM,F1,midpoint,E2,2026-03-01T10:00:00,conf1,3\n' > tz.csv
PGTZ=America/New_York TZ=America/New_York "$FLIPSIDE" ingest responses tz.csv >/dev/null 2>&1
expect "a time without a zone is UTC whatever the client's zone" "$(answer midpoint E2 conf1)" \
    "3|2026-03-01 10:00:00+00|2026-03-01"

# The wide layout keeps to the same rule, within the file and across ingests.
cat > wide_latest.csv <<'EOF'
programme,cohort,wave,person_ref,submitted_on,conf1,conf2,sat1
RM,F1,followup,E2,2026-09-02,4,4,
RM,F1,followup,E2,2026-09-01,1,1,1
EOF
fs_ingest responses --wide wide_latest.csv
expect "wide: the later submission wins per item, a blank cell keeps the other's answer" \
    "$(sql "SELECT string_agg(item || '=' || value || '@' || submitted_on, ',' ORDER BY item) FROM responses
            WHERE wave = 'followup'")" "conf1=4@2026-09-02,conf2=4@2026-09-02,sat1=1@2026-09-01"
cat > wide_older.csv <<'EOF'
programme,cohort,wave,person_ref,submitted_on,conf1,conf2,sat1
RM,F1,followup,E2,2026-08-01,2,2,2
EOF
fs_ingest responses --wide wide_older.csv
expect "wide: an older line ingested later replaces nothing" \
    "$(sql "SELECT string_agg(item || '=' || value || '@' || submitted_on, ',' ORDER BY item) FROM responses
            WHERE wave = 'followup'")" "conf1=4@2026-09-02,conf2=4@2026-09-02,sat1=1@2026-09-01"

# ---- Many rows: COPY sent in several pieces, every row stored once --------------------------

fs_newdb it_ingest_reload_many
awk 'BEGIN { print "person_ref,org,department,hired_on";
             for (i = 1; i <= 30000; i++) printf "P%05d,Org %d,Department of things number %d,2020-01-01\n", i, i % 7, i }' \
    > many.csv
fs_ingest people many.csv
expect_summary "many rows: into an empty table" many.csv 30000 30000 0
expect "many rows: every row stored once" "$(sql "SELECT count(*) || '|' || count(DISTINCT person_ref) FROM people")" \
    "30000|30000"
awk 'BEGIN { print "person_ref,org,department,hired_on";
             for (i = 1; i <= 30000; i++) printf "P%05d,Org %d,Dept %d,2020-01-0%d\n", i, i % 7, i, 1 + i % 9 }' \
    > many2.csv
fs_ingest people many2.csv
expect_summary "many rows: through the merge" many2.csv 30000 30000 0
expect "many rows: every row replaced, none doubled" \
    "$(sql "SELECT count(*) || '|' || count(DISTINCT person_ref) || '|' || count(*) FILTER (WHERE department LIKE 'Dept %')
            FROM people")" "30000|30000|30000"
