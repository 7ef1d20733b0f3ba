# The private cluster and the schema: db init is idempotent and refuses a newer schema.
. "$FLIPSIDE_TOP/tests/integration/lib.sh"

fs_newdb it_cluster
expect "db init creates the schema" "$(sql "SELECT max(version) FROM schema_version")" "1"
run_fs out err db init
expect "db init again exits 0" "$rc" "0"
expect_match "db init again says up to date" "$(cat out)" "up to date"
expect "db init again adds no version" "$(sql "SELECT count(*) FROM schema_version")" "1"
sql "INSERT INTO schema_version (version, name) VALUES (999, 'future')" >/dev/null
run_fs out err db init
expect "db init refuses a newer schema" "$rc" "1"
expect_match "the refusal names both versions" "$(cat err)" "version 999, newer than this flipside knows \\(1\\)"
run_fs out err ingest people /dev/null
expect "ingest refuses a newer schema" "$rc" "2"
