#!/usr/bin/env python3
"""Compare a figures.csv with the oracle's expected figures (tests/oracle).

Usage: compare_figures.py EXPECTED.csv ACTUAL.csv [--allow-extra KEY,...]

Records are joined on their text fields. Numbers are held to the tolerances
of SPEC section 3: relative 1e-6 (absolute 1e-9 for p-values below 1e-6); n,
events and suppressed exactly; relative 1e-3 for the odds ratio and interval
of compare.active_rate_fisher (rule 37). An empty field must be empty on both
sides. Prints one line per difference (at most 20) and exits 1 when any.
"""
import csv
import sys

TEXT = ["key", "programme", "cohort", "versus", "role", "dimension", "group", "item", "month"]
EXACT = ["n", "events", "suppressed"]
NUMBERS = ["estimate", "lower", "upper", "statistic", "df", "p", "p_adj"]


def load(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return {tuple(r[k] for k in TEXT): r for r in csv.DictReader(f)}


def close(field, key, want, got):
    if want == "" or got == "":
        return want == got
    w, g = float(want), float(got)
    if key == "compare.active_rate_fisher" and field in ("estimate", "lower", "upper"):
        return abs(g - w) <= 1e-3 * abs(w) or abs(g - w) <= 1e-12
    if field in ("p", "p_adj") and abs(w) < 1e-6:
        return abs(g - w) <= 1e-9
    return abs(g - w) <= 1e-6 * abs(w) or abs(g - w) <= 1e-12


def main():
    args = sys.argv[1:]
    extra = set()
    if "--allow-extra" in args:
        i = args.index("--allow-extra")
        extra = set(args[i + 1].split(","))
        del args[i:i + 2]
    want, got = load(args[0]), load(args[1])
    problems = []
    for k, w in sorted(want.items()):
        g = got.get(k)
        if g is None:
            problems.append("missing: %s" % ",".join(k))
            continue
        for f in EXACT:
            if w[f] != g[f] and not (w[f] and g[f] and float(w[f]) == float(g[f])):
                problems.append("%s: %s = %s, want %s" % (",".join(k), f, g[f], w[f]))
        for f in NUMBERS:
            if not close(f, k[0], w[f], g[f]):
                problems.append("%s: %s = %s, want %s" % (",".join(k), f, g[f], w[f]))
    for k in sorted(got):
        if k not in want and k[0] not in extra:
            problems.append("unexpected: %s" % ",".join(k))
    for p in problems[:20]:
        print(p)
    if len(problems) > 20:
        print("... and %d more differences" % (len(problems) - 20))
    print("%d records compared, %d differences" % (len(want), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
