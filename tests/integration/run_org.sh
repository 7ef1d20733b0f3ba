# flipside run --org (SPEC section 1 and rule 43): one organisation's pack from the same data,
# in OUT/PROGRAMME/org-ORG/PERIOD/: its participants, the comparison group of that org and the
# pairs whose mentee is in it. Expected counts come from SQL over the stored rows.
. "$FLIPSIDE_TOP/tests/integration/lib.sh"

fs_seed_demo it_run_org
out=$PWD/reports
full=$out/RM/2026-Q3
north=$out/RM/org-northwind/2026-Q3

fs_run --period 2026-Q3 --out "$out"
expect_run_ok "run of every org exits 0"
before=$(fs_sums "$full")
fs_run --period 2026-Q3 --org northwind --out "$out"
expect_run_ok "--org northwind exits 0"
expect "--org northwind writes OUT/RM/org-northwind/2026-Q3" "$(cat run.out)" "$north"
expect "the ledger keeps the org" "$(fs_ledger "$(fs_last_run)" "org || ' ' || status")" "northwind ok"
expect "the manifest names the org" "$(grep -c '"org": "northwind"' "$north/manifest.json")" "1"
expect "the pack of every org is untouched" "$(fs_sums "$full")" "$before"
expect "modes: files 0640, folders 0750, org- folder included" \
    "$(find "$out/RM/org-northwind" -type f -exec stat -c %a {} + | sort -u) $(find "$out/RM/org-northwind" -type d -exec stat -c %a {} + | sort -u)" \
    "640 750"
if r=$(fs_check_manifest "$north"); then ok "--org: the manifest matches the files ($r)"; else
    fail "--org: the manifest matches the files" "$r"; fi
if r=$(fs_check_figures "$north"); then ok "--org: figures.csv and figures.json agree ($r)"; else
    fail "--org: figures.csv and figures.json agree" "$r"; fi

# people ORG: "people|leavers" of the participants of RM (each once, earliest participation,
# rules 2, 3 and 8) whose org is ORG ('' for no org, '*' for any).
people() {
    sql "WITH p AS (
             SELECT DISTINCT ON (pa.person_ref) pa.person_ref, pa.enrolled_on
             FROM participants pa JOIN cohorts c USING (programme, cohort)
             WHERE pa.programme = 'RM' AND pa.enrolled_on <= DATE '2026-09-30' AND c.starts_on <= DATE '2026-09-30'
             ORDER BY pa.person_ref, pa.enrolled_on, c.starts_on, c.cohort)
         SELECT count(*) || '|' || count(*) FILTER (WHERE pe.left_on <= DATE '2026-09-30')
         FROM p JOIN people pe USING (person_ref)
         WHERE (pe.left_on IS NULL OR pe.left_on >= p.enrolled_on)
           AND ('$1' = '*' OR coalesce(pe.org, '') = '$1')"
}
s12() {
    fs_figure "$1/figures.csv" retention.s12 all "$2" none all | cut -d, -f1,2 | tr , '|'
}
expect "--org northwind: retention.s12 counts northwind's participants only" "$(s12 "$north" all)" "$(people northwind)"
expect "every org: retention.s12 counts every participant" "$(s12 "$full" all)" "$(people '*')"
n_full=$(s12 "$full" all | cut -d'|' -f1)
n_north=$(s12 "$north" all | cut -d'|' -f1)
expect_match "--org northwind has fewer participants than the whole programme" "$n_north < $n_full" '^[1-9][0-9]* < [0-9]+$'
fs_run --period 2026-Q3 --org muellerschoen --out "$out"
expect_run_ok "--org muellerschoen exits 0"
n_mueller=$(s12 "$out/RM/org-muellerschoen/2026-Q3" all | cut -d'|' -f1)
n_none=$(people '' | cut -d'|' -f1)
expect "the two orgs' participants (and those with no org) add up to the whole" \
    "$((n_north + n_mueller + n_none))" "$n_full"

# The comparison group of the org: non-participants of northwind employed on the first start.
comparison=$(sql "WITH part AS (SELECT person_ref FROM participants WHERE programme = 'RM' AND enrolled_on <= DATE '2026-09-30')
    SELECT count(*) || '|' || count(*) FILTER (WHERE left_on <= DATE '2026-09-30') FROM people
    WHERE org = 'northwind' AND person_ref NOT IN (SELECT person_ref FROM part)
      AND hired_on <= (SELECT min(starts_on) FROM cohorts WHERE programme = 'RM')
      AND (left_on IS NULL OR left_on > (SELECT min(starts_on) FROM cohorts WHERE programme = 'RM'))")
expect "--org northwind: the comparison group is northwind's" "$(s12 "$north" non-participant)" "$comparison"
expect "--org northwind: the org breakdown shows northwind only" \
    "$(grep '^retention\.s12,RM,all,,all,org,' "$north/figures.csv" | cut -d, -f7 | sort -u)" "northwind"

# The pairs whose mentee is in the org (rule 43), whatever the mentor's org.
pairs=$(sql "SELECT count(*) || '|' || count(*) FILTER (WHERE EXISTS (
                 SELECT 1 FROM sessions s
                 WHERE (s.programme, s.cohort, s.mentor_ref, s.mentee_ref) = (pr.programme, pr.cohort, pr.mentor_ref, pr.mentee_ref)
                   AND s.status = 'held' AND s.held_on::date BETWEEN DATE '2026-07-01' AND DATE '2026-09-30'))
             FROM pairs pr JOIN cohorts c USING (programme, cohort) JOIN people m ON m.person_ref = pr.mentee_ref
             WHERE pr.programme = 'RM' AND c.starts_on <= DATE '2026-09-30' AND pr.matched_on <= DATE '2026-09-30'
               AND (pr.ended_on IS NULL OR pr.ended_on >= DATE '2026-07-01') AND m.org = 'northwind'")
expect "--org northwind: engagement counts the pairs whose mentee is in northwind" \
    "$(fs_figure "$north/figures.csv" engagement.active_rate all all none all | cut -d, -f1,2 | tr , '|')" "$pairs"

cp "$north/figures.csv" north.csv
fs_run --period 2026-Q3 --org northwind --out "$out"
expect_run_ok "--org northwind again exits 0"
expect "--org northwind again: the same figures.csv, byte for byte" "$(cmp -s north.csv "$north/figures.csv" && echo same)" "same"
expect "--org: no hidden folder left in org-northwind" "$(fs_hidden "$out/RM/org-northwind")" ""
expect "--org: OUT/RM holds the period and the two org folders only" \
    "$(ls -A "$out/RM" | tr '\n' ' ')" "2026-Q3 org-muellerschoen org-northwind "
