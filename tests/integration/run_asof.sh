# flipside run --as-of (SPEC section 1, rules 1-3, 8 and 10): nothing dated after the as-of
# date counts. The demo data runs to 2026-09-30; a run of 2026-Q3 as of 2026-08-15 must see the
# people who left after it as still employed, no session or answer after it, and an engagement
# window that ends with it, while the monthly series still ends with 2026-09.
# Expected counts come from SQL over the stored rows, following the rules cited.
. "$FLIPSIDE_TOP/tests/integration/lib.sh"

fs_seed_demo it_run_asof
full=$PWD/full/RM/2026-Q3
past=$PWD/past/RM/2026-Q3

fs_run --period 2026-Q3 --out "$PWD/full"
expect_run_ok "run 2026-Q3 exits 0"
fs_run --period 2026-Q3 --as-of 2026-08-15 --out "$PWD/past"
expect_run_ok "run 2026-Q3 --as-of 2026-08-15 exits 0"
expect "--as-of writes the period's folder" "$(cat run.out)" "$past"
expect "the manifest says as-of 2026-08-15" "$(grep -c '"as_of": "2026-08-15"' "$past/manifest.json")" "1"
expect "the ledger says as-of 2026-08-15" "$(fs_ledger "$(fs_last_run)" as_of)" "2026-08-15"
if r=$(fs_check_figures "$past"); then ok "as-of: figures.csv and figures.json agree ($r)"; else
    fail "as-of: figures.csv and figures.json agree" "$r"; fi

# participants AS: "role|people|leavers" of programme RM as of AS, each person once through the
# earliest participation in a cohort started by AS (rules 1-3), without those who left before
# enrolling (rule 8); role all first.
participants() {
    sql "WITH p AS (
             SELECT DISTINCT ON (pa.person_ref) pa.person_ref, pa.enrolled_on, pa.role
             FROM participants pa JOIN cohorts c USING (programme, cohort)
             WHERE pa.programme = 'RM' AND pa.enrolled_on <= DATE '$1' AND c.starts_on <= DATE '$1'
             ORDER BY pa.person_ref, pa.enrolled_on, c.starts_on, c.cohort)
         SELECT coalesce(role, 'all') || '|' || count(*) || '|' || count(*) FILTER (WHERE pe.left_on <= DATE '$1')
         FROM p JOIN people pe USING (person_ref)
         WHERE pe.left_on IS NULL OR pe.left_on >= p.enrolled_on
         GROUP BY ROLLUP (role) ORDER BY role NULLS FIRST"
}

# comparison AS: "people|leavers" of the comparison group of cohort all as of AS: nobody with a
# participation enrolled by AS, employed on the first cohort's start, in an org of the
# participants (SPEC 3.1, rules 2 and 4).
comparison() {
    sql "WITH part AS (SELECT person_ref FROM participants WHERE programme = 'RM' AND enrolled_on <= DATE '$1'),
              started AS (SELECT * FROM cohorts WHERE programme = 'RM' AND starts_on <= DATE '$1'),
              orgs AS (SELECT DISTINCT pe.org FROM participants pa JOIN started c USING (programme, cohort)
                       JOIN people pe USING (person_ref)
                       WHERE pa.enrolled_on <= DATE '$1' AND pe.org IS NOT NULL),
              origin AS (SELECT min(starts_on) AS d FROM started)
         SELECT count(*) || '|' || count(*) FILTER (WHERE pe.left_on <= DATE '$1')
         FROM people pe, origin
         WHERE pe.person_ref NOT IN (SELECT person_ref FROM part)
           AND pe.hired_on <= origin.d AND (pe.left_on IS NULL OR pe.left_on > origin.d)
           AND pe.org IN (SELECT org FROM orgs)"
}

# figure_ne DIR ROLE: "n|events" of retention.s12, cohort all, dimension none, in DIR.
figure_ne() {
    fs_figure "$1/figures.csv" retention.s12 all "$2" none all | cut -d, -f1,2 | tr , '|'
}

# ---- retention: a leaver after the as-of date is still employed then ---------------------------

leaver=$(sql "SELECT pe.person_ref FROM people pe JOIN participants pa USING (person_ref)
              WHERE pa.programme = 'RM' AND pa.enrolled_on <= DATE '2026-08-15'
                AND pe.left_on > DATE '2026-08-15' AND pe.left_on <= DATE '2026-09-30'
              ORDER BY pe.left_on, pe.person_ref LIMIT 1")
expect_match "the data has a participant who left between 2026-08-16 and 2026-09-30" "$leaver" '.'
late=$(sql "SELECT count(DISTINCT pe.person_ref) FROM people pe JOIN participants pa USING (person_ref)
            JOIN cohorts c USING (programme, cohort)
            WHERE pa.programme = 'RM' AND pa.enrolled_on <= DATE '2026-08-15' AND c.starts_on <= DATE '2026-08-15'
              AND pe.left_on > DATE '2026-08-15' AND pe.left_on <= DATE '2026-09-30'")
full_events=$(fs_figure "$full/figures.csv" retention.s12 all all none all | cut -d, -f2)
past_events=$(fs_figure "$past/figures.csv" retention.s12 all all none all | cut -d, -f2)
expect "as-of: the $late participants who left after 2026-08-15 (e.g. $leaver) are not leavers" \
    "$((full_events - past_events))" "$late"

for asof in 2026-09-30 2026-08-15; do
    [ "$asof" = 2026-09-30 ] && d=$full || d=$past
    for line in $(participants "$asof"); do
        role=${line%%|*}
        expect "as of $asof: retention.s12 $role: people and leavers" "$(figure_ne "$d" "$role")" "${line#*|}"
    done
    expect "as of $asof: retention.s12 non-participant: people and leavers" \
        "$(figure_ne "$d" non-participant)" "$(comparison "$asof")"
done

# ---- engagement: the window ends with the as-of date (rule 10) ---------------------------------

# pairs AS: "live|active" pairs of cohort all in 2026-Q3 as of AS: matched by AS in a cohort
# started by AS, not ended before the period (an end after AS is not known yet), active when
# a session was held from 2026-07-01 to AS.
pairs() {
    sql "WITH live AS (
             SELECT pr.* FROM pairs pr JOIN cohorts c USING (programme, cohort)
             WHERE pr.programme = 'RM' AND c.starts_on <= DATE '$1' AND pr.matched_on <= DATE '$1'
               AND (pr.ended_on IS NULL OR pr.ended_on > DATE '$1' OR pr.ended_on >= DATE '2026-07-01'))
         SELECT count(*) || '|' || count(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM sessions s
             WHERE (s.programme, s.cohort, s.mentor_ref, s.mentee_ref) = (live.programme, live.cohort, live.mentor_ref, live.mentee_ref)
               AND s.status = 'held' AND s.held_on::date BETWEEN DATE '2026-07-01' AND DATE '$1'))
         FROM live"
}

# held FROM TO AS: sessions held from FROM to TO by the pairs of cohorts started by AS.
held() {
    sql "SELECT count(*) FROM sessions s JOIN pairs pr USING (programme, cohort, mentor_ref, mentee_ref)
         JOIN cohorts c USING (programme, cohort)
         WHERE s.programme = 'RM' AND c.starts_on <= DATE '$3' AND pr.matched_on <= DATE '$3'
           AND s.status = 'held' AND s.held_on::date BETWEEN DATE '$1' AND DATE '$2'"
}

engagement() {
    fs_figure "$1/figures.csv" "$2" all all none all "${3:-}" | cut -d, -f1,2 | tr , '|'
}
expect "as of 2026-09-30: engagement.active_rate live and active pairs" \
    "$(engagement "$full" engagement.active_rate)" "$(pairs 2026-09-30)"
expect "as of 2026-08-15: engagement.active_rate live and active pairs" \
    "$(engagement "$past" engagement.active_rate)" "$(pairs 2026-08-15)"
n=$(held 2026-07-01 2026-09-30 2026-09-30)
expect "as of 2026-09-30: engagement.contact_hours counts the quarter's held sessions" \
    "$(engagement "$full" engagement.contact_hours)" "$n|$n"
n=$(held 2026-07-01 2026-08-15 2026-08-15)
expect "as of 2026-08-15: engagement.contact_hours counts held sessions up to 2026-08-15 only" \
    "$(engagement "$past" engagement.contact_hours)" "$n|$n"
expect_match "as of 2026-08-15: fewer held sessions than the whole quarter" \
    "$(engagement "$past" engagement.contact_hours | cut -d'|' -f1) < $(engagement "$full" engagement.contact_hours | cut -d'|' -f1)" \
    '^[0-9]+ < [0-9]+$'

months() {
    grep '^engagement\.monthly,RM,all,,all,none,all,,' "$1/figures.csv" | cut -d, -f9 | tr '\n' ' '
}
all_months="2025-10 2025-11 2025-12 2026-01 2026-02 2026-03 2026-04 2026-05 2026-06 2026-07 2026-08 2026-09 "
expect "as of 2026-09-30: engagement.monthly lists the 12 months up to 2026-09" "$(months "$full")" "$all_months"
expect "as of 2026-08-15: engagement.monthly still lists the 12 months up to 2026-09 (rule 10)" \
    "$(months "$past")" "$all_months"
expect "as of 2026-08-15: no session counts in 2026-09" "$(engagement "$past" engagement.monthly 2026-09)" "0|0"
expect "as of 2026-08-15: 2026-08 counts the sessions up to the 15th" \
    "$(engagement "$past" engagement.monthly 2026-08 | cut -d'|' -f1)" "$(held 2026-08-01 2026-08-15 2026-08-15)"
expect "as of 2026-08-15: 2026-07 is the same as in the full run" \
    "$(engagement "$past" engagement.monthly 2026-07)" "$(engagement "$full" engagement.monthly 2026-07)"

# ---- surveys: no answer submitted after the as-of date --------------------------------------------

late_answers=$(sql "SELECT count(*) FROM responses WHERE programme = 'RM' AND submitted_on::date > DATE '2026-08-15'")
respondents() {
    sql "SELECT count(DISTINCT person_ref) FROM responses
         WHERE programme = 'RM' AND wave = '$2' AND submitted_on::date <= DATE '$1'
           AND person_ref IN (SELECT person_ref FROM participants
                              WHERE programme = 'RM' AND enrolled_on <= DATE '$1')"
}
if [ "$late_answers" -gt 0 ]; then
    for wave in baseline midpoint exit followup; do
        for asof in 2026-09-30 2026-08-15; do
            [ "$asof" = 2026-09-30 ] && d=$full || d=$past
            got=$(grep "^quality\.response_rate,RM,all,,all,wave,$wave," "$d/figures.csv" | cut -d, -f11)
            expect "as of $asof: quality.response_rate $wave counts the people who answered by then" \
                "$got" "$(respondents "$asof" "$wave")"
        done
    done
else
    echo "# no answer after 2026-08-15 in the demo data: response counts not compared"
fi

