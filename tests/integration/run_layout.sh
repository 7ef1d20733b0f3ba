# flipside run on the demo data (SPEC sections 3 and 5, rules 42 and 8): the folder's layout,
# modes, manifest, figures.csv against figures.json, number format, where OUT comes from,
# and the same bytes from a second run on the same data.
. "$FLIPSIDE_TOP/tests/integration/lib.sh"

fs_seed_demo it_run_layout
out=$PWD/reports
dir=$out/RM/2026-Q3

fs_run --period 2026-Q3 --out "$out"
expect_run_ok "run 2026-Q3 exits 0"
expect "stdout is the published folder, absolute" "$(cat run.out)" "$dir"
expect "stderr has one line per stage" "$(sed -n 's/^flipside: run [0-9]*: \([a-z]*\): .*/\1/p' run.err | tr '\n' ' ')" \
    "extract compute render publish "
expect "stderr has nothing but the stage lines" "$(grep -v '^flipside: run [0-9]*: ' run.err)" ""
run_id=$(fs_last_run)
expect "the ledger says ok with the folder" "$(fs_ledger "$run_id" "status || ' ' || out_dir")" "ok $dir"

# ---- layout ------------------------------------------------------------------------------------

for f in figures.csv figures.json manifest.json; do
    if [ -f "$dir/$f" ] && [ -s "$dir/$f" ]; then ok "$f is written"; else fail "$f is written" "no $dir/$f"; fi
done
if [ -d "$dir/charts" ]; then ok "charts/ is a folder"; else fail "charts/ is a folder" "no $dir/charts"; fi
expect "nothing is written in OUT but RM/2026-Q3" \
    "$(cd "$out" && find . -mindepth 1 -maxdepth 2 | sort | tr '\n' ' ')" "./RM ./RM/2026-Q3 "
expect "the folder holds only the files of SPEC 5" \
    "$(cd "$dir" && ls -A | grep -Ev '^(impact\.pdf|retention\.pdf|cohorts\.pdf|RM-2026-Q3\.xlsx|figures\.csv|figures\.json|charts|manifest\.json)$')" ""
expect "charts/ holds only PNG and SVG files" "$(cd "$dir/charts" && ls -A | grep -Ev '\.(png|svg)$')" ""
# The documents and the workbook are checked when this build writes them.
for f in impact.pdf retention.pdf cohorts.pdf; do
    [ -f "$dir/$f" ] || { echo "# $f not written by this build: not checked"; continue; }
    expect "$f is a PDF" "$(head -c 5 "$dir/$f")" "%PDF-"
    if command -v pdftotext > /dev/null; then
        pdftotext "$dir/$f" "$f.txt" 2> /dev/null
        expect_match "$f: its text names the period" "$(cat "$f.txt")" '2026-Q3|Q3 2026'
        expect "$f: its text holds no person_ref (SPEC 4)" "$(grep -cE 'E[0-9]{6}' "$f.txt")" "0"
    fi
done
if [ -f "$dir/RM-2026-Q3.xlsx" ]; then
    expect "RM-2026-Q3.xlsx is a zip (an xlsx)" "$(head -c 2 "$dir/RM-2026-Q3.xlsx")" "PK"
    expect "RM-2026-Q3.xlsx holds no person_ref (SPEC 4)" "$(python3 -c 'import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(sum(len(re.findall(rb"E[0-9]{6}", z.read(n))) for n in z.namelist()))' "$dir/RM-2026-Q3.xlsx" 2>&1)" "0"
else
    echo "# RM-2026-Q3.xlsx not written by this build: not checked"
fi

# ---- modes (SPEC 8): files 0640, folders 0750, whatever the umask ------------------------------

expect "every file under OUT is 0640" "$(find "$out" -type f -exec stat -c %a {} + | sort -u)" "640"
expect "every folder under OUT is 0750, OUT included" "$(find "$out" -type d -exec stat -c %a {} + | sort -u)" "750"
for mask in 000 077; do
    (umask $mask && "$FLIPSIDE" run --period 2026-Q3 --out "$PWD/umask$mask" > /dev/null 2> umask.err)
    rc=$?
    expect "umask $mask: run exits 0" "$rc" "0"
    expect "umask $mask: files 0640" "$(find "umask$mask" -type f -exec stat -c %a {} + | sort -u)" "640"
    expect "umask $mask: folders 0750" "$(find "umask$mask" -type d -exec stat -c %a {} + | sort -u)" "750"
done

# ---- manifest.json -----------------------------------------------------------------------------

if r=$(fs_check_manifest "$dir"); then ok "manifest.json lists every file with its size and SHA-256 ($r)"; else
    fail "manifest.json lists every file with its size and SHA-256" "$r"; fi
python3 -c 'import json, sys
for f in json.load(open(sys.argv[1]))["files"]:
    print("%s  %s" % (f["sha256"], f["path"]))' "$dir/manifest.json" > manifest.sums
sums=$PWD/manifest.sums
if (cd "$dir" && sha256sum --quiet -c "$sums") > sums.out 2>&1; then
    ok "sha256sum agrees with every manifest entry ($(wc -l < manifest.sums) files)"
else
    fail "sha256sum agrees with every manifest entry" "$(head -3 sums.out | tr '\n' ' ')"
fi
expect "manifest lists figures.csv and figures.json" \
    "$(grep -cE '  (figures\.csv|figures\.json)$' manifest.sums)" "2"
manifest_field() {
    python3 -c 'import json, sys
m = json.load(open(sys.argv[1]))
v = m
for k in sys.argv[2].split("."):
    v = v.get(k) if isinstance(v, dict) else None
print(v)' "$dir/manifest.json" "$1"
}
expect "manifest: run id is the ledger's" "$(manifest_field run_id)" "$run_id"
expect "manifest: programme" "$(manifest_field programme)" "RM"
expect "manifest: period and its days" \
    "$(manifest_field period) $(manifest_field period_start) $(manifest_field period_end)" "2026-Q3 2026-07-01 2026-09-30"
expect "manifest: as-of defaults to the period's last day" "$(manifest_field as_of)" "2026-09-30"
expect "manifest: tool version" "$(manifest_field version)" "$("$FLIPSIDE" --version | grep -Eo '[0-9]+\.[0-9]+\.[0-9]+' | head -1)"
expect "manifest: input rows of people" "$(manifest_field input_rows.people)" "$(sql "SELECT count(*) FROM people")"
expect "manifest: input rows of sessions" "$(manifest_field input_rows.sessions)" "$(sql "SELECT count(*) FROM sessions")"
expect "manifest: no file is listed under a hidden or absolute path" \
    "$(grep -Ec '  (/|\.)' manifest.sums)" "0"

# ---- figures.csv and figures.json ---------------------------------------------------------------

if r=$(fs_check_figures "$dir"); then ok "figures.csv and figures.json hold the same records, as %.17g ($r)"; else
    fail "figures.csv and figures.json hold the same records, as %.17g" "$r"; fi
expect "no nan or inf in figures.csv" "$(grep -ciE '(^|,)-?(nan|inf|infinity)(,|$)' "$dir/figures.csv")" "0"
expect "no NaN or Infinity in figures.json" "$(grep -ciE ': -?(nan|inf|infinity)[,}]' "$dir/figures.json")" "0"
expect "one record a figure: as many CSV lines as JSON records plus the header" \
    "$(($(wc -l < "$dir/figures.csv") - 1))" "$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$dir/figures.json")"
expect "no person_ref in any text output (SPEC 4)" \
    "$(grep -lE 'E[0-9]{6}' "$dir/figures.csv" "$dir/figures.json" "$dir/manifest.json" 2>&1)" ""
expect "the figures are for programme RM only" "$(tail -n +2 "$dir/figures.csv" | cut -d, -f2 | sort -u)" "RM"

# ---- the same data, the same as-of: the same bytes ----------------------------------------------

cp "$dir/figures.csv" first.csv
cp "$dir/figures.json" first.json
cp "$dir/manifest.json" first-manifest.json
fs_run --period 2026-Q3 --out "$out"
expect_run_ok "the second run exits 0"
if cmp -s first.csv "$dir/figures.csv"; then ok "rerun: figures.csv is byte for byte the same"; else
    fail "rerun: figures.csv is byte for byte the same" "$(cmp first.csv "$dir/figures.csv" 2>&1)"; fi
if cmp -s first.json "$dir/figures.json"; then ok "rerun: figures.json is byte for byte the same"; else
    fail "rerun: figures.json is byte for byte the same" "$(cmp first.json "$dir/figures.json" 2>&1)"; fi
# Every file is the same bytes, the documents, the workbook and the charts too; only the
# manifest's run id differs.
expect "rerun: every file is the same bytes (the manifest differs in the run id only)" \
    "$(diff first-manifest.json "$dir/manifest.json" | grep '^[<>]' | grep -vc '"run_id"')" "0"
expect "rerun: no hidden folder is left beside the output" "$(fs_hidden "$out/RM")" ""
if r=$(fs_check_manifest "$dir"); then ok "rerun: the manifest matches the new files"; else
    fail "rerun: the manifest matches the new files" "$r"; fi

# ---- where OUT comes from: --out, else [report] out, else ./out ----------------------------------

mkdir -p cwd
(cd cwd && "$FLIPSIDE" run --period 2026-Q3 > ../run.out 2> ../run.err)
expect "without --out or a setting the folder is ./out" "$(cat run.out)" "$PWD/cwd/out/RM/2026-Q3"
printf '[report]\nout = %s/from-config\n' "$PWD" > layout.conf
run_fs run.out run.err run --config layout.conf --period 2026-Q3
expect "[report] out names OUT" "$(cat run.out)" "$PWD/from-config/RM/2026-Q3"
run_fs run.out run.err run --config layout.conf --period 2026-Q3 --out "$PWD/from-flag"
expect "--out beats [report] out" "$(cat run.out)" "$PWD/from-flag/RM/2026-Q3"

# ---- --report: the figures and the workbook always, the PDFs asked for ----------------------------

fs_run --period 2026-Q3 --report retention --out "$PWD/only-retention"
expect_run_ok "--report retention exits 0"
rdir=$PWD/only-retention/RM/2026-Q3
expect "--report retention: figures.csv is the same as with all" "$(cmp -s first.csv "$rdir/figures.csv" && echo same)" "same"
expect "--report retention: no impact.pdf or cohorts.pdf" "$(ls "$rdir" | grep -E '^(impact|cohorts)\.pdf$')" ""
if [ -f "$dir/retention.pdf" ]; then
    expect "--report retention: retention.pdf and the workbook" "$(ls "$rdir" | grep -E '\.(pdf|xlsx)$' | tr '\n' ' ')" \
        "RM-2026-Q3.xlsx retention.pdf "
fi
expect "--report retention: the manifest says so" "$(grep -c '"report": "retention"' "$rdir/manifest.json")" "1"
expect "--report retention: the ledger says so" "$(fs_ledger "$(fs_last_run)" "report")" "retention"
