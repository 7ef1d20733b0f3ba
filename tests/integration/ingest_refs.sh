# flipside ingest, references between files (SPEC section 2 and rules 11-14): unknown
# people, cohorts, pairs and items are quarantined with a reason naming them and load once
# the missing row exists and the file is ingested again; a quarantined person is unknown;
# negative durations, duplicate sessions, the wide layout, odd rows that resolve.
. "$FLIPSIDE_TOP/tests/integration/lib.sh"

fs_newdb it_ingest_refs
fs_load_base pairs

# ---- Rule 12: a quarantined people row makes its person unknown -----------------------------

cat > people_p9.csv <<'EOF'
person_ref,hired_on
P8,2021-01-01
P9,2021-02-30
EOF
fs_ingest people people_p9.csv
expect_summary "rule 12: P9's people row is quarantined" people_p9.csv 2 1 1
cat > part_p9.csv <<'EOF'
programme,cohort,person_ref,role,enrolled_on
RM,F1,P8,mentor,2026-01-05
RM,F1,P9,mentee,2026-01-05
EOF
fs_ingest participants part_p9.csv
expect_rc "rule 12: participants naming P9 exit 3" 3
expect_summary "rule 12: participants: P8 loads, P9 does not" part_p9.csv 2 1 1
expect_quarantined "rule 12: the participant row names P9 as unknown" part_p9.csv 3 'person_ref "P9" is not in the people table'
cat > pairs_p9.csv <<'EOF'
programme,cohort,mentor_ref,mentee_ref,matched_on
RM,F1,P8,P9,2026-02-01
RM,F1,P8,E2,2026-02-01
EOF
fs_ingest pairs pairs_p9.csv
expect_summary "rule 12: pairs: the pair with P9 does not load" pairs_p9.csv 2 1 1
expect_quarantined "rule 12: the pair row names P9 as unknown" pairs_p9.csv 2 'mentee_ref "P9" is not in the people table'
cat > sessions_p9.csv <<'EOF'
programme,cohort,mentor_ref,mentee_ref,held_on,status
RM,F1,P8,P9,2026-02-10,held
RM,F1,P8,E2,2026-02-10,held
EOF
fs_ingest sessions sessions_p9.csv
expect_summary "rule 12: sessions: the session of P8 and P9 does not load" sessions_p9.csv 2 1 1
expect_quarantined "rule 12: the session row names the missing pair" sessions_p9.csv 2 \
    'no pair of mentor "P8" and mentee "P9" in cohort "F1" of programme "RM"'
cat > responses_p9.csv <<'EOF'
programme,cohort,wave,person_ref,submitted_on,item,value
RM,F1,baseline,P9,2026-01-20,conf1,3
RM,F1,baseline,P8,2026-01-20,conf1,3
EOF
fs_ingest responses responses_p9.csv
expect_summary "rule 12: responses: P9's answer does not load" responses_p9.csv 2 1 1
expect_quarantined "rule 12: the response row names P9 as unknown" responses_p9.csv 2 'person_ref "P9" is not in the people table'

# ---- A row loads once its missing reference exists and its file is ingested again -----------

cat > part_late.csv <<'EOF'
programme,cohort,person_ref,role,enrolled_on
RM,F2,E2,mentee,2026-07-01
RM,F1,P7,mentor,2026-01-05
EOF
fs_ingest participants part_late.csv
expect_summary "later: unknown cohort F2 and person P7 are quarantined" part_late.csv 2 0 2
expect_quarantined "later: the reason names cohort F2" part_late.csv 2 'cohort "F2" of programme "RM" is not in the cohorts table'
expect_quarantined "later: the reason names person P7" part_late.csv 3 'person_ref "P7" is not in the people table'
printf 'programme,cohort,kind,starts_on\nRM,F2,full,2026-07-01\n' > cohort_f2.csv
printf 'person_ref,hired_on\nP7,2015-01-01\n' > people_p7.csv
fs_ingest cohorts cohort_f2.csv
fs_ingest people people_p7.csv
fs_ingest participants part_late.csv
expect_rc "later: the file ingested again exits 0" 0
expect_summary "later: both rows load the second time" part_late.csv 2 2 0
expect_count "later: both participants stored" \
    "SELECT count(*) FROM participants WHERE (cohort = 'F2' AND person_ref = 'E2') OR person_ref = 'P7'" 2

cat > sessions_late.csv <<'EOF'
programme,cohort,mentor_ref,mentee_ref,held_on,status
RM,F1,P7,E2,2026-03-01,held
EOF
fs_ingest sessions sessions_late.csv
expect_summary "later: a session of an unknown pair is quarantined" sessions_late.csv 1 0 1
printf 'programme,cohort,mentor_ref,mentee_ref,matched_on\nRM,F1,P7,E2,2026-02-20\n' > pair_p7.csv
fs_ingest pairs pair_p7.csv
fs_ingest sessions sessions_late.csv
expect_summary "later: the session loads once the pair exists" sessions_late.csv 1 1 0
expect_count "later: the session is stored" "SELECT count(*) FROM sessions WHERE mentor_ref = 'P7'" 1

cat > responses_late.csv <<'EOF'
programme,cohort,wave,person_ref,submitted_on,item,value
RM,F1,baseline,E2,2026-01-20,new1,6
EOF
fs_ingest responses responses_late.csv
expect_summary "later: an answer to an unknown item is quarantined" responses_late.csv 1 0 1
expect_quarantined "later: the reason names the item" responses_late.csv 2 'item "new1" is not in the items table'
printf 'item,construct,scale_min,scale_max,reverse\nnew1,other,1,7,false\n' > item_new1.csv
fs_ingest items item_new1.csv
fs_ingest responses responses_late.csv
expect_summary "later: the answer loads once the item exists" responses_late.csv 1 1 0
expect "later: the answer is stored" "$(sql "SELECT value FROM responses WHERE item = 'new1'")" "6"

# ---- Rule 11: durations and duplicate sessions ------------------------------------------------

fs_newdb it_ingest_refs_sessions
fs_load_base pairs
cat > durations.csv <<'EOF'
programme,cohort,mentor_ref,mentee_ref,held_on,duration_min,status,channel
RM,F1,M2,E2,2026-03-01,-1,held,video
RM,F1,M2,E2,2026-03-02,0,held,video
RM,F1,M2,E2,2026-03-03,-0.5,cancelled,
RM,F1,M2,E2,2026-03-04,0.5,held,video
EOF
fs_ingest sessions durations.csv
expect_rc "rule 11: a negative duration exits 3" 3
expect_summary "rule 11: negative durations quarantined, 0 loads" durations.csv 4 2 2
expect_quarantined "rule 11: the reason says the duration is negative" durations.csv 2 'duration_min -1 is negative'
expect_quarantined "rule 11: a negative fraction is negative too" durations.csv 4 'duration_min -0.5 is negative'
expect "rule 11: duration 0 is stored as 0" "$(sql "SELECT duration_min FROM sessions WHERE held_on = '2026-03-02'")" "0"

cat > dupes.csv <<'EOF'
programme,cohort,mentor_ref,mentee_ref,held_on,duration_min,status,channel,topics
RM,F1,M2,E2,2026-04-01,60,held,video,ai
RM,F1,M2,E2,2026-04-01,60,held,video,ai
RM,F1,M2,E2,2026-04-01,60,held,video,ai
RM,F1,M2,E2,2026-04-02T10:00:00,60,held,video,ai
RM,F1,M2,E2,2026-04-02T10:00:00Z,60,held,video,ai
RM,F1,M2,E2,2026-04-03,60,held,video,
RM,F1,M2,E2,2026-04-03,60,held,phone,
RM,F1,M2,E2,2026-04-03,60,cancelled,video,
RM,F1,M2,E2,2026-04-03T15:00,60,held,video,
RM,F1,M2,E2,2026-04-04,30,held,chat,first
RM,F1,M2,E2,2026-04-04,45,held,chat,second
EOF
fs_ingest sessions dupes.csv
expect_rc "rule 11: duplicate lines exit 0" 0
expect_summary "rule 11: a duplicate line counts as loaded" dupes.csv 11 11 0
expect_count "rule 11: an exact duplicate line is stored once" \
    "SELECT count(*) FROM sessions WHERE held_on = '2026-04-01'" 1
expect_count "rule 11: the same instant written two ways is one session" \
    "SELECT count(*) FROM sessions WHERE held_on = '2026-04-02'" 1
expect_count "rule 11: sessions differing in channel, status or time are all kept" \
    "SELECT count(*) FROM sessions WHERE held_on = '2026-04-03'" 4
expect "rule 11: lines differing only in duration and topics are one session, the later line's" \
    "$(sql "SELECT count(*) || '|' || min(duration_min) || '|' || min(topics) FROM sessions WHERE held_on = '2026-04-04'")" \
    "1|45|second"
before=$(input_dump)
fs_ingest sessions dupes.csv
expect_summary "rule 11: the duplicates again: same summary" dupes.csv 11 11 0
expect "rule 11: the duplicates again: the tables do not change" "$(input_dump)" "$before"

# ---- Rule 13: the wide layout --------------------------------------------------------------

fs_newdb it_ingest_refs_wide
fs_load_base participants
cat > wide.csv <<'EOF'
Respondent ID,programme,cohort,wave,person_ref,submitted_on,conf1,conf9,conf2,sat1,nps1,Comments
r1,RM,F1,exit,E2,2026-06-01,4,99,,  ,10,"liked it, a lot"
r2,RM,F1,exit,M2,2026-06-02,,,,,,nothing
EOF
fs_ingest responses --wide wide.csv
expect_rc "rule 13: wide file exits 0" 0
expect_summary "rule 13: wide summary" wide.csv 2 2 0
expect "rule 13: a blank cell is no answer, the others are stored" \
    "$(sql "SELECT string_agg(item || '=' || value, ',' ORDER BY item) FROM responses WHERE person_ref = 'E2'")" \
    "conf1=4,nps1=10"
expect_count "rule 13: a line of blank cells stores nothing" "SELECT count(*) FROM responses WHERE person_ref = 'M2'" 0
expect_count "rule 13: a column that is not an item code is not stored" \
    "SELECT count(*) FROM responses WHERE item NOT IN ('conf1', 'conf2', 'sat1', 'nps1')" 0
expect_match "rule 13: a column that is not an item code is warned about" "$(cat ingest.err)" '"conf9"'
expect_match "rule 13: other extra columns are warned about" "$(cat ingest.err)" '"Respondent ID"'
expect_match "rule 13: every extra column is warned about" "$(cat ingest.err)" '"Comments"'
cat > wide_none.csv <<'EOF'
programme,cohort,wave,person_ref,submitted_on,q1,q2
RM,F1,exit,E2,2026-06-01,1,2
EOF
fs_ingest responses --wide wide_none.csv
expect_rc "rule 13: a wide file without any item column exits 2" 2
expect_match "rule 13: ... naming the file" "$(cat ingest.err)" 'wide_none\.csv: .*item'

# ---- Rule 14: rows that resolve but look odd load --------------------------------------------

fs_newdb it_ingest_refs_odd
fs_load_base pairs
cat > odd_part.csv <<'EOF'
programme,cohort,person_ref,role,enrolled_on,withdrew_on
RM,F1,N1,mentee,2026-03-01,2026-02-01
EOF
fs_ingest participants odd_part.csv
expect_rc "rule 14: withdrew_on before enrolled_on exits 0" 0
expect_summary "rule 14: withdrew_on before enrolled_on loads" odd_part.csv 1 1 0
cat > odd_sessions.csv <<'EOF'
programme,cohort,mentor_ref,mentee_ref,held_on,duration_min,status
RM,P1,M3,E3,2025-09-01,60,held
RM,P1,M1,E1,2025-02-01,60,held
EOF
fs_ingest sessions odd_sessions.csv
expect_rc "rule 14: a session after the pair ended exits 0" 0
expect_summary "rule 14: a session after the pair ended loads, one on the day of matching too" odd_sessions.csv 2 2 0
cat > odd_responses.csv <<'EOF'
programme,cohort,wave,person_ref,submitted_on,item,value
RM,P1,exit,N1,2025-12-01,nps1,7
RM,F1,exit,E1,2026-06-01,conf1,5
RM,P1,followup,N2,2027-01-01,conf1,1
EOF
fs_ingest responses odd_responses.csv
expect_rc "rule 14: answers from non-participants of the cohort exit 0" 0
expect_summary "rule 14: answers from non-participants of the cohort load" odd_responses.csv 3 3 0
expect_count "rule 14: the odd answers are stored" "SELECT count(*) FROM responses" 3
