# flipside run against the R oracle (tests/oracle/figures.R) on the small
# hand-made data set: every figure of SPEC 3.1-3.6, record for record.
# The expected file was computed by:
#   Rscript tests/oracle/figures.R --data tests/data/oracle --programme RM \
#     --period-start 2026-07-01 --period-end 2026-09-30 --as-of 2026-09-30 \
#     --out tests/data/oracle/expected-2026-Q3.csv
. "$FLIPSIDE_TOP/tests/integration/lib.sh"

fs_newdb it_oracle
for kind in people cohorts items participants pairs sessions responses; do
    "$FLIPSIDE" ingest $kind "$DATA/oracle/$kind.csv" >/dev/null 2>ingest.err ||
        fail "ingest $kind of the oracle data" "$(cat ingest.err)"
done
run_fs run.out run.err run --programme RM --period 2026-Q3 --out "$PWD/reports"
expect "run on the oracle data exits 0" "$rc" "0"
if python3 "$FLIPSIDE_TOP/tests/integration/compare_figures.py" "$DATA/oracle/expected-2026-Q3.csv" \
    reports/RM/2026-Q3/figures.csv --allow-extra confidence.item_baseline,confidence.item_exit > compare.out; then
    ok "every figure agrees with the R oracle ($(tail -1 compare.out))"
else
    fail "every figure agrees with the R oracle" "$(head -5 compare.out | tr '\n' ';') $(tail -1 compare.out)"
fi
