#!/usr/bin/python3
"""The benchmark's comparison baseline (SPEC section 7).

The figures, charts, documents and workbook of one `flipside run --report all`,
written the way an analyst would write them with pandas, scipy, statsmodels,
matplotlib and XlsxWriter, straight from the seven CSV files of SPEC section 2:

    python3 tests/bench/reference.py --data DIR --programme RM \
        --period-start 2026-07-01 --period-end 2026-09-30 --as-of 2026-09-30 \
        --out OUTDIR [--min-cell 5] [--retention-events all|voluntary]

It is a yardstick for speed and memory, not for exactness: flipside is held to
R elsewhere (tests/oracle). On stderr it prints two lines,

    read SECONDS    reading the CSV files into typed data frames
    work SECONDS    everything after: checks, figures, charts, PDFs, workbook

so that the benchmark can quote "the script's work after reading the files".
See tests/bench/README.md.
"""

import argparse
import hashlib
import json
import math
import os
import sys
import textwrap
import time
import warnings

try:
    import numpy as np
    import pandas as pd
except ImportError:
    # `python3` may be another interpreter than Debian's (pyenv, a venv): the Debian packages
    # python3-pandas etc. live with /usr/bin/python3.
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise
from scipy import stats
from scipy.stats.contingency import odds_ratio
from statsmodels.duration.hazard_regression import PHReg
from statsmodels.duration.survfunc import SurvfuncRight, survdiff
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402
import xlsxwriter  # noqa: E402

warnings.filterwarnings("ignore")
pd.options.mode.chained_assignment = None

Z = stats.norm.ppf(0.975)
KINDS = ["people", "cohorts", "items", "participants", "pairs", "sessions", "responses"]
DIMS = ["gender", "ethnicity", "age_band", "grade", "network", "department", "org"]
WAVES = ["baseline", "midpoint", "exit", "followup"]
ROLES = ["all", "mentor", "mentee"]
TIMES = [182, 365, 730]
TEXT_COLS = ["key", "programme", "cohort", "versus", "role", "dimension", "group", "item", "month"]
NUM_COLS = ["n", "events", "estimate", "lower", "upper", "statistic", "df", "p", "p_adj"]
COLS = TEXT_COLS + NUM_COLS + ["suppressed"]
NAN = float("nan")

# Okabe-Ito: colour-blind safe, distinct in greyscale by lightness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
A4 = (8.27, 11.69)


# ---- command line ------------------------------------------------------------------------------

def parse_args():
    ap = argparse.ArgumentParser(description="pandas baseline of flipside run --report all")
    ap.add_argument("--data", required=True)
    ap.add_argument("--programme", required=True)
    ap.add_argument("--period-start", required=True)
    ap.add_argument("--period-end", required=True)
    ap.add_argument("--as-of")
    ap.add_argument("--out", required=True)
    ap.add_argument("--min-cell", type=int, default=5)
    ap.add_argument("--retention-events", choices=["all", "voluntary"], default="all")
    a = ap.parse_args()
    if a.min_cell < 3:
        ap.error("--min-cell must be at least 3")
    return a


# ---- reading -----------------------------------------------------------------------------------

DATE_COLS = {"people": ["hired_on", "left_on"], "cohorts": ["starts_on", "ends_on"],
             "participants": ["enrolled_on", "withdrew_on"], "pairs": ["matched_on", "ended_on"]}
TS_COLS = {"sessions": ["held_on"], "responses": ["submitted_on"]}
NUMBER_COLS = {"items": ["scale_min", "scale_max"], "sessions": ["duration_min"], "responses": ["value"]}
REQUIRED = {
    "people": ["person_ref", "hired_on"],
    "cohorts": ["programme", "cohort", "kind", "starts_on"],
    "items": ["item", "construct", "scale_min", "scale_max"],
    "participants": ["programme", "cohort", "person_ref", "role", "enrolled_on"],
    "pairs": ["programme", "cohort", "mentor_ref", "mentee_ref", "matched_on"],
    "sessions": ["programme", "cohort", "mentor_ref", "mentee_ref", "held_on", "status"],
    "responses": ["programme", "cohort", "wave", "person_ref", "submitted_on", "item", "value"],
}
OPTIONAL = {
    "people": ["org", "department", "grade", "gender", "ethnicity", "age_band", "network", "left_on",
               "leave_reason"],
    "cohorts": ["ends_on", "name"], "items": ["reverse", "text"], "participants": ["withdrew_on"],
    "pairs": ["ended_on"], "sessions": ["duration_min", "channel", "topics"], "responses": [],
}


def read_tables(data_dir):
    """The seven CSV files as data frames with dates and numbers typed. A cell that does not
    parse becomes NaT / NaN and is flagged in a `_bad` column for the checks that follow."""
    tables = {}
    for kind in KINDS:
        df = pd.read_csv(os.path.join(data_dir, kind + ".csv"), dtype=str, keep_default_na=False,
                         na_values=[""], encoding="utf-8-sig")
        for c in REQUIRED[kind]:
            if c not in df.columns:
                sys.exit(f"reference.py: {kind}.csv: required column {c} is missing")
        for c in OPTIONAL[kind]:
            if c not in df.columns:
                df[c] = np.nan
        bad = pd.Series(False, index=df.index)
        for c in DATE_COLS.get(kind, []):
            parsed = pd.to_datetime(df[c], format="%Y-%m-%d", errors="coerce")
            bad |= df[c].notna() & parsed.isna()
            df[c] = parsed
        for c in TS_COLS.get(kind, []):
            parsed = pd.to_datetime(df[c], errors="coerce")
            bad |= df[c].notna() & parsed.isna()
            df[c] = parsed
        for c in NUMBER_COLS.get(kind, []):
            parsed = pd.to_numeric(df[c], errors="coerce")
            bad |= df[c].notna() & parsed.isna()
            df[c] = parsed
        df["_bad"] = bad
        tables[kind] = df
    return tables


# ---- checks: drop what ingest would quarantine -------------------------------------------------

def clean(raw):
    """Drop the rows ingest would quarantine (counting them), and keep one row per key."""
    q = {}

    def keep(kind, df, ok):
        ok = ok & ~df["_bad"]
        for c in REQUIRED[kind]:
            ok &= df[c].notna()
        q[kind] = int((~ok).sum())
        return df[ok].drop(columns="_bad")

    d = raw["people"]
    ok = d.leave_reason.isna() | d.leave_reason.isin(["voluntary", "involuntary", "retirement", "other"])
    ok &= d.left_on.isna() | (d.left_on >= d.hired_on)
    people = keep("people", d, ok).drop_duplicates("person_ref", keep="last")
    for c in DIMS:
        people[c] = people[c].fillna("unknown")
    people["org_raw"] = raw["people"].loc[people.index, "org"]

    d = raw["cohorts"]
    cohorts = keep("cohorts", d, d.kind.isin(["pilot", "full"])).drop_duplicates(["programme", "cohort"],
                                                                                keep="last")
    d = raw["items"]
    ok = d.construct.isin(["confidence", "satisfaction", "nps", "other"]) & (d.scale_min < d.scale_max)
    ok &= d.reverse.isna() | d.reverse.isin(["true", "false"])
    items = keep("items", d, ok).drop_duplicates("item", keep="last")
    items["reverse"] = items.reverse.eq("true")

    known_cohort = pd.MultiIndex.from_frame(cohorts[["programme", "cohort"]])
    known_people = set(people.person_ref)

    d = raw["participants"]
    ok = d.role.isin(["mentor", "mentee"]) & d.person_ref.isin(known_people)
    ok &= pd.MultiIndex.from_frame(d[["programme", "cohort"]].fillna("")).isin(known_cohort)
    parts = keep("participants", d, ok).drop_duplicates(["programme", "cohort", "person_ref"], keep="last")

    d = raw["pairs"]
    ok = d.mentor_ref.isin(known_people) & d.mentee_ref.isin(known_people)
    ok &= pd.MultiIndex.from_frame(d[["programme", "cohort"]].fillna("")).isin(known_cohort)
    pk = ["programme", "cohort", "mentor_ref", "mentee_ref"]
    pairs = keep("pairs", d, ok).drop_duplicates(pk, keep="last").reset_index(drop=True)
    pairs["pair_id"] = np.arange(len(pairs))

    d = raw["sessions"]
    d = d.merge(pairs[pk + ["pair_id", "matched_on"]], on=pk, how="left")
    ok = d.status.isin(["held", "cancelled", "no_show"]) & d.pair_id.notna()
    ok &= d.channel.isna() | d.channel.isin(["in_person", "video", "phone", "chat", "other"])
    ok &= d.duration_min.isna() | ((d.duration_min >= 0) & (d.duration_min == d.duration_min.round()))
    ok &= d.held_on.dt.normalize() >= d.matched_on
    sessions = keep("sessions", d, ok).drop(columns="matched_on")
    sessions = sessions.drop_duplicates(pk + ["held_on", "status", "channel"], keep="last")
    sessions["date"] = sessions.held_on.dt.normalize()
    sessions["channel"] = sessions.channel.fillna("unknown")

    d = raw["responses"]
    d = d.merge(items[["item", "construct", "scale_min", "scale_max", "reverse"]], on="item", how="left")
    ok = d.wave.isin(WAVES) & d.person_ref.isin(known_people) & d.construct.notna()
    ok &= pd.MultiIndex.from_frame(d[["programme", "cohort"]].fillna("")).isin(known_cohort)
    ok &= (d.value >= d.scale_min) & (d.value <= d.scale_max)
    resp = keep("responses", d, ok)
    # the latest submitted_on wins, then the later line (a stable sort keeps the line order)
    resp = resp.sort_values("submitted_on", kind="mergesort")
    resp = resp.drop_duplicates(["programme", "cohort", "wave", "person_ref", "item"], keep="last")
    resp["date"] = resp.submitted_on.dt.normalize()
    resp["adj"] = np.where(resp.reverse.astype(bool), resp.scale_min + resp.scale_max - resp.value, resp.value)

    rows = {k: len(v) for k, v in [("people", people), ("cohorts", cohorts), ("items", items),
                                   ("participants", parts), ("pairs", pairs), ("sessions", sessions),
                                   ("responses", resp)]}
    return dict(people=people, cohorts=cohorts, items=items, parts=parts, pairs=pairs, sessions=sessions,
                resp=resp, quarantined=q, rows=rows)


# ---- statistics helpers ------------------------------------------------------------------------

def blank(**kw):
    r = dict(estimate=NAN, lower=NAN, upper=NAN, statistic=NAN, df=NAN, p=NAN)
    r.update(kw)
    return r


def t_one(x):
    """A mean with its t interval (the figure carries no test)."""
    x = np.asarray(x, dtype=float)
    r = blank(estimate=x.mean() if len(x) else NAN)
    if len(x) >= 2 and x.var(ddof=1) > 0:
        ci = stats.ttest_1samp(x, 0.0).confidence_interval(0.95)
        r.update(lower=ci.low, upper=ci.high)
    return r


def t_paired(after, before):
    after = np.asarray(after, dtype=float)
    before = np.asarray(before, dtype=float)
    d = after - before
    r = blank(estimate=d.mean() if len(d) else NAN)
    if len(d) >= 2 and d.var(ddof=1) > 0:
        t = stats.ttest_rel(after, before)
        ci = t.confidence_interval(0.95)
        r.update(lower=ci.low, upper=ci.high, statistic=t.statistic, df=len(d) - 1, p=t.pvalue)
    return r


def t_welch(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    r = blank(estimate=a.mean() - b.mean() if len(a) and len(b) else NAN)
    if len(a) >= 2 and len(b) >= 2 and a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b) > 0:
        cm = CompareMeans(DescrStatsW(a), DescrStatsW(b))
        stat, p, df = cm.ttest_ind(usevar="unequal")
        lo, hi = cm.tconfint_diff(alpha=0.05, usevar="unequal")
        r.update(lower=lo, upper=hi, statistic=stat, df=df, p=p)
    return r


def wilson(x, n):
    if n == 0:
        return blank()
    lo, hi = proportion_confint(x, n, alpha=0.05, method="wilson")
    return blank(estimate=x / n, lower=lo, upper=hi)


def wilcoxon_paired(after, before):
    d = np.asarray(after, dtype=float) - np.asarray(before, dtype=float)
    if len(d) == 0:
        return blank()
    if np.all(d == 0):
        return blank(statistic=0.0)
    try:
        w = stats.wilcoxon(d, correction=True)
    except ValueError:
        return blank()
    nz = d[d != 0]
    v = stats.rankdata(np.abs(nz))[nz > 0].sum()      # R's V: the rank sum of the positive differences
    return blank(statistic=v, p=w.pvalue)


def mann_whitney(a, b):
    if len(a) == 0 or len(b) == 0:
        return blank()
    try:
        w = stats.mannwhitneyu(a, b, alternative="two-sided", use_continuity=True)
    except ValueError:
        return blank()
    return blank(statistic=w.statistic, p=w.pvalue)


def hedges(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    na, nb = len(a), len(b)
    if na < 2 or nb < 2:
        return blank()
    sp = math.sqrt(((na - 1) * a.var(ddof=1) + (nb - 1) * b.var(ddof=1)) / (na + nb - 2))
    if not sp > 0:
        return blank()
    g = (1 - 3 / (4 * (na + nb) - 9)) * (a.mean() - b.mean()) / sp
    h = Z * math.sqrt((na + nb) / (na * nb) + g * g / (2 * (na + nb)))
    return blank(estimate=g, lower=g - h, upper=g + h)


def cronbach(X):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] < 2 or X.shape[1] < 2:
        return NAN
    k = X.shape[1]
    total = X.sum(axis=1).var(ddof=1)
    if total == 0:
        return NAN
    return k / (k - 1) * (1 - X.var(axis=0, ddof=1).sum() / total)


def nps_of(v):
    v = np.asarray(v, dtype=float)
    n = len(v)
    if n == 0:
        return dict(n=0, pro=0, det=0, est=NAN, var=NAN)
    pro, det = int((v >= 9).sum()), int((v <= 6).sum())
    pp, pd_ = pro / n, det / n
    return dict(n=n, pro=pro, det=det, est=100 * (pp - pd_), var=100 ** 2 * (pp + pd_ - (pp - pd_) ** 2) / n)


def km(time_, event):
    """Kaplan-Meier (statsmodels) at 6, 12 and 24 months with log-log intervals, the Greenwood
    variance of S(365), and the step table for the curves and the workbook."""
    time_ = np.asarray(time_, dtype=float)
    event = np.asarray(event, dtype=int)
    r = dict(n=len(time_), events=int(event.sum()), S=[NAN] * 3, lo=[NAN] * 3, up=[NAN] * 3, gw12=NAN,
             sf=None)
    if len(time_) == 0:
        return r
    sf = SurvfuncRight(time_, event)
    r["sf"] = sf
    tmax = time_.max()
    for j, t in enumerate(TIMES):
        if t > tmax:
            continue
        i = np.searchsorted(sf.surv_times, t, side="right") - 1
        s, se = (1.0, 0.0) if i < 0 else (sf.surv_prob[i], sf.surv_prob_se[i])
        r["S"][j] = s
        if 0 < s < 1:
            lo, up = loglog_ci(s, se)
            r["lo"][j], r["up"][j] = lo, up
        if t == 365:
            r["gw12"] = se * se if s > 0 else NAN
    return r


def loglog_ci(s, se):
    """The log-log interval of S from the Greenwood standard error of S (arrays or scalars)."""
    with np.errstate(all="ignore"):
        ls = np.log(s)
        a = np.log(-ls)
        w = Z * (se / s) / np.abs(ls)
        return np.exp(-np.exp(a + w)), np.exp(-np.exp(a - w))


def step_table(sf):
    """The Kaplan-Meier step table of one curve: time, at risk, events, censored, S, interval."""
    t = sf.summary().reset_index()
    t.columns = ["time", "surv", "se", "n_risk", "n_event"]
    nxt = t.n_risk.shift(-1, fill_value=0)
    t["n_censor"] = t.n_risk - t.n_event - nxt
    lo, up = loglog_ci(t.surv.to_numpy(), t.se.to_numpy())
    inside = (t.surv > 0) & (t.surv < 1)
    t["lower"] = np.where(inside, lo, np.nan)
    t["upper"] = np.where(inside, up, np.nan)
    return t[["time", "n_risk", "n_event", "n_censor", "surv", "lower", "upper"]]


def logrank(time_, event, group):
    group = np.asarray(group)
    if len(np.unique(group)) < 2:
        return None
    try:
        chisq, p = survdiff(np.asarray(time_, dtype=float), np.asarray(event, dtype=float), group)
    except (np.linalg.LinAlgError, ValueError, ZeroDivisionError):
        return None
    if not np.isfinite(chisq):
        return None
    return dict(chisq=chisq, df=len(np.unique(group)) - 1, p=p)


def km_difference(ta, ea, tb, eb):
    A, B = km(ta, ea), km(tb, eb)
    r = blank(A=A, B=B)
    if not math.isnan(A["S"][1]) and not math.isnan(B["S"][1]):
        r["estimate"] = A["S"][1] - B["S"][1]
        se = math.sqrt(A["gw12"] + B["gw12"])
        if math.isfinite(se):
            r["lower"], r["upper"] = r["estimate"] - Z * se, r["estimate"] + Z * se
    if len(ta) and len(tb):
        lr = logrank(np.concatenate([ta, tb]), np.concatenate([ea, eb]),
                     np.repeat(["a", "b"], [len(ta), len(tb)]))
        if lr is not None:
            r.update(statistic=lr["chisq"], df=1, p=lr["p"])
    return r


def cox_hr(M):
    """Hazard ratio of leaving for participants (PHReg, Efron ties), adjusted for grade, gender,
    age band (levels without an event join the most common level with one) and tenure."""
    r = blank()
    if M.event[M.participant == 1].sum() == 0 or M.event[M.participant == 0].sum() == 0:
        return r
    X = [M[["participant"]].astype(float)]
    for f in ["grade", "gender", "age_band"]:
        cnt = M[f].value_counts()
        ev = M.groupby(f)["event"].sum()
        with_ev = ev.index[ev > 0]
        c = cnt[with_ev]
        ref = sorted(c.index[c == c.max()])[0]
        v = M[f].where(M[f].isin(with_ev), ref)
        levels = sorted(set(v.unique()) - {ref})
        if not levels:
            continue
        X.append(pd.get_dummies(v, prefix=f)[[f + "_" + lv for lv in levels]].astype(float))
    X.append(M[["tenure_years"]])
    X = pd.concat(X, axis=1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            res = PHReg(M.time.to_numpy(float), X.to_numpy(), status=M.event.to_numpy(float),
                        ties="efron").fit()
        except (np.linalg.LinAlgError, ValueError):
            return r
    if any("converge" in str(w.message).lower() for w in caught):
        return r
    b, se = res.params[0], res.bse[0]
    if not (np.isfinite(b) and np.isfinite(se)) or np.abs(res.params).max() > 20:
        return r
    return blank(estimate=math.exp(b), lower=math.exp(b - Z * se), upper=math.exp(b + Z * se),
                 statistic=b / se, p=2 * stats.norm.sf(abs(b / se)))


# ---- periods -----------------------------------------------------------------------------------

def period_label(ps, pe):
    if ps.day == 1 and pe.is_month_end and (ps.year, ps.month) == (pe.year, pe.month):
        return f"{ps.year}-{ps.month:02d}"
    if ps.day == 1 and pe.is_month_end and ps.year == pe.year:
        months = pe.month - ps.month + 1
        if months == 3 and ps.month % 3 == 1:
            return f"{ps.year}-Q{(ps.month - 1) // 3 + 1}"
        if months == 6 and ps.month in (1, 7):
            return f"{ps.year}-H{1 if ps.month == 1 else 2}"
        if months == 12:
            return f"{ps.year}"
    return f"{ps.date()}..{pe.date()}"


def previous_period(ps, pe):
    if ps.day == 1 and pe.is_month_end:
        months = (pe.year - ps.year) * 12 + pe.month - ps.month + 1
        return ps - pd.DateOffset(months=months), ps - pd.Timedelta(days=1)
    length = pe - ps + pd.Timedelta(days=1)
    return ps - length, ps - pd.Timedelta(days=1)


# ---- figures -----------------------------------------------------------------------------------

class Figures:
    """The records of one run, with the people count disclosure control judges."""

    def __init__(self, programme):
        self.programme = programme
        self.rows = []

    def add(self, key, cohort, role="all", dimension="none", group="all", versus="", item="", month="",
            n=NAN, events=NAN, count=NAN, people=True, **v):
        self.rows.append(dict(key=key, programme=self.programme, cohort=cohort, versus=versus, role=role,
                              dimension=dimension, group=group, item=item, month=month, n=n, events=events,
                              estimate=v.get("estimate", NAN), lower=v.get("lower", NAN),
                              upper=v.get("upper", NAN), statistic=v.get("statistic", NAN),
                              df=v.get("df", NAN), p=v.get("p", NAN), p_adj=NAN, count=count, people=people))

    def frame(self):
        F = pd.DataFrame(self.rows)
        for c in NUM_COLS + ["count"]:
            F[c] = pd.to_numeric(F[c], errors="coerce").astype(float)
        return F


def compute(data, prog, ps, pe, asof, min_cell, voluntary, headline=False):
    """Every figure of SPEC 3.1-3.6 for one period (headline: cohort all, role all, dimension
    none only, as the impact summary's previous period needs)."""
    people, items = data["people"], data["items"]
    cohorts = data["cohorts"][data["cohorts"].programme == prog].sort_values(["starts_on", "cohort"])
    started = cohorts[cohorts.starts_on <= asof]
    start_of = dict(zip(cohorts.cohort, cohorts.starts_on))
    we = min(pe, asof)
    figs = Figures(prog)
    add = figs.add

    parts_all = data["parts"][data["parts"].programme == prog]
    participant_refs = set(parts_all.person_ref[parts_all.enrolled_on <= asof])
    parts = parts_all[(parts_all.enrolled_on <= asof) & parts_all.cohort.isin(started.cohort)].copy()
    parts["start"] = parts.cohort.map(start_of)
    earliest = parts.sort_values(["enrolled_on", "start", "cohort"]).drop_duplicates("person_ref")
    scopes = ["all"] if headline else list(started.cohort) + ["all"]

    def scope_parts(sc):
        return earliest if sc == "all" else parts[parts.cohort == sc]

    pcols = ["person_ref", "hired_on", "left_on", "leave_reason", "org_raw"] + DIMS

    # ---- 3.1 retention ----
    def follow_up(df, origin):
        gone = df.left_on.notna() & (df.left_on <= asof)
        event = gone & df.leave_reason.eq("voluntary") if voluntary else gone
        end = df.left_on.where(gone, asof)
        return (end - origin).dt.days.astype(float), event.astype(int)

    def retention_data(sc):
        sp = scope_parts(sc)[["person_ref", "role", "enrolled_on"]]
        P = sp.merge(people[pcols], on="person_ref")
        P = P[P.left_on.isna() | (P.left_on >= P.enrolled_on)]
        P["origin"] = P.enrolled_on
        P["time"], P["event"] = follow_up(P, P.origin)
        origin = started.starts_on.min() if sc == "all" else start_of[sc]
        orgs = set(people.org_raw[people.person_ref.isin(sp.person_ref)].dropna()) - {""}
        C = people[~people.person_ref.isin(participant_refs) & (people.hired_on <= origin)
                   & (people.left_on.isna() | (people.left_on > origin)) & people.org_raw.isin(orgs)][pcols]
        C["role"] = "non-participant"
        C["origin"] = origin
        C["time"], C["event"] = follow_up(C, pd.Series(origin, index=C.index))
        return P, C

    RET, curves = {}, {}
    hr_jobs = []
    for sc in scopes:
        P, C = retention_data(sc)
        RET[sc] = (P, C)
        for role in ROLES + ["non-participant"]:
            if headline and role != "all":
                continue
            X = C if role == "non-participant" else P if role == "all" else P[P.role == role]
            for dim in ["none"] + ([] if headline else DIMS):
                groups = [("all", X)] if dim == "none" else X.groupby(dim, sort=True)
                for g, Y in groups:
                    k = km(Y.time.to_numpy(), Y.event.to_numpy())
                    for j, key in enumerate(["retention.s6", "retention.s12", "retention.s24"]):
                        add(key, sc, role, dim, g, n=k["n"], events=k["events"], estimate=k["S"][j],
                            lower=k["lo"][j], upper=k["up"][j], count=k["n"])
                    if dim == "none":
                        curves[(sc, role)] = dict(n=k["n"], events=k["events"],
                                                  steps=step_table(k["sf"]) if k["sf"] is not None
                                                  and k["n"] >= min_cell else None)
        for role in ROLES:
            if headline and role != "all":
                continue
            X = P if role == "all" else P[P.role == role]
            if not headline:
                for dim in ["none"] + DIMS:
                    groups = [("all", X)] if dim == "none" else X.groupby(dim, sort=True)
                    for g, Y in groups:
                        Cg = C if dim == "none" else C[C[dim] == g]
                        kd = km_difference(Y.time.to_numpy(), Y.event.to_numpy(), Cg.time.to_numpy(),
                                           Cg.event.to_numpy())
                        add("retention.vs_comparison", sc, role, dim, g, versus="non-participants",
                            n=len(Y), events=int(Y.event.sum()), count=min(len(Y), len(Cg)),
                            **{k: kd[k] for k in ("estimate", "lower", "upper", "statistic", "df", "p")})
            M = pd.concat([X.assign(participant=1), C.assign(participant=0)], ignore_index=True)
            M["tenure_years"] = (M.origin - M.hired_on).dt.days / 365.25
            h = cox_hr(M[["time", "event", "participant", "grade", "gender", "age_band", "tenure_years"]])
            add("retention.hr_adjusted", sc, role, versus="non-participants", n=len(M),
                events=int(M.event.sum()), count=min(len(X), len(C)), **h)

    # ---- 3.2 / 3.3 surveys ----
    CONF = sorted(items.item[items.construct == "confidence"])
    SAT = sorted(items.item[items.construct == "satisfaction"])
    NPSI = sorted(items.item[items.construct == "nps"])[:1]
    need_c, need_s = math.ceil(len(CONF) / 2), math.ceil(len(SAT) / 2)
    sat_max = items.set_index("item").scale_max

    resp = data["resp"]
    resp = resp[(resp.programme == prog) & (resp.date <= asof) & resp.cohort.isin(started.cohort)]
    adj = resp.set_index(["cohort", "person_ref", "wave", "item"])["adj"].unstack(["wave", "item"])
    raw = resp.set_index(["cohort", "person_ref", "wave", "item"])["value"].unstack(["wave", "item"])

    def block(W, wave, its):
        if wave in W.columns.get_level_values(0):
            return W[wave].reindex(columns=its)
        return pd.DataFrame(np.nan, index=W.index, columns=its)

    def score(M, need):
        cnt = M.notna().sum(axis=1)
        s = M.sum(axis=1) / cnt
        return s.where((cnt >= need) & (cnt > 0))

    CB, CE = block(adj, "baseline", CONF), block(adj, "exit", CONF)
    SV = pd.DataFrame(index=adj.index)
    SV["base"], SV["exit"] = score(CB, need_c), score(CE, need_c)
    SXa, SMa = block(adj, "exit", SAT), block(adj, "midpoint", SAT)
    SXr, SMr = block(raw, "exit", SAT), block(raw, "midpoint", SAT)
    use_exit = SXa.notna().any(axis=1)
    SA, SR = SMa.copy(), SMr.copy()
    SA.loc[use_exit] = SXa.loc[use_exit]
    SR.loc[use_exit] = SXr.loc[use_exit]
    SV["sat"] = score(SA, need_s)
    SV["sat_n"] = SR.notna().sum(axis=1)
    SV["sat_top"] = (SR >= (sat_max.reindex(SAT) - 1)).sum(axis=1)
    if NPSI:
        nx, nm = block(raw, "exit", NPSI).iloc[:, 0], block(raw, "midpoint", NPSI).iloc[:, 0]
        SV["nps"] = nx.fillna(nm)
    else:
        SV["nps"] = np.nan
    for it in CONF:
        SV["b:" + it], SV["e:" + it] = CB[it], CE[it]
    answered = resp.groupby(["cohort", "person_ref", "wave"]).size().unstack("wave")
    for w in WAVES:
        SV["w_" + w] = answered[w].reindex(SV.index).notna() if w in answered.columns else False
    SV = SV.reset_index()
    dims_of = people.set_index("person_ref")[DIMS]

    def survey_people(sc):
        if sc != "all":
            X = SV[SV.cohort == sc]
            roles = parts[parts.cohort == sc].set_index("person_ref").role
            X = X.assign(role=X.person_ref.map(roles))
        else:
            e = earliest[["cohort", "person_ref", "role"]]
            first = SV.merge(e, on=["cohort", "person_ref"])
            others = SV[~SV.person_ref.isin(earliest.person_ref)].copy()
            others["start"] = others.cohort.map(start_of)
            others = others.sort_values(["person_ref", "start", "cohort"]).drop_duplicates("person_ref")
            X = pd.concat([first, others.drop(columns="start").assign(role=np.nan)], ignore_index=True)
        return X.join(dims_of, on="person_ref")

    def survey_figures(Y, sc, role, dim, g):
        none = dim == "none"

        def put(key, n, **kw):
            if none or n >= 1:
                add(key, sc, role, dim, g, n=n, count=kw.pop("count", n), **kw)

        b, e = Y["base"].to_numpy(), Y["exit"].to_numpy()
        hb, he = ~np.isnan(b), ~np.isnan(e)
        both = hb & he
        put("confidence.baseline", int(hb.sum()), **t_one(b[hb]))
        put("confidence.exit", int(he.sum()), **t_one(e[he]))
        xe, xb = e[both], b[both]
        nb = int(both.sum())
        put("confidence.change", nb, **t_paired(xe, xb))
        put("confidence.wilcoxon", nb, **{k: v for k, v in wilcoxon_paired(xe, xb).items()
                                          if k in ("statistic", "p")})
        ch = xe - xb
        dz = ch.mean() / ch.std(ddof=1) if nb >= 2 and ch.std(ddof=1) > 0 else NAN
        put("confidence.dz", nb, estimate=dz)
        up = int((ch > 0).sum())
        put("confidence.improved", nb, events=up, **wilson(up, nb))
        for w, pre in (("baseline", "b:"), ("exit", "e:")):
            M = Y[[pre + it for it in CONF]].to_numpy()
            cc = ~np.isnan(M).any(axis=1)
            put("confidence.alpha_" + w, int(cc.sum()), estimate=cronbach(M[cc]) if CONF else NAN)
        for it in CONF:
            vb, ve = Y["b:" + it].to_numpy(), Y["e:" + it].to_numpy()
            s = ~np.isnan(vb) & ~np.isnan(ve)
            if none or s.sum() >= 1:
                add("confidence.item_change", sc, role, dim, g, item=it, n=int(s.sum()), count=int(s.sum()),
                    **t_paired(ve[s], vb[s]))
            if none:
                for key, v in (("confidence.item_baseline", vb), ("confidence.item_exit", ve)):
                    v = v[~np.isnan(v)]
                    add(key, sc, role, dim, g, item=it, n=len(v), count=len(v), **t_one(v))
        sat = Y["sat"].dropna().to_numpy()
        put("satisfaction.mean", len(sat), **t_one(sat))
        na, nt = int(Y.sat_n.sum()), int(Y.sat_top.sum())
        put("satisfaction.top2", na, events=nt, count=int((Y.sat_n > 0).sum()), **wilson(nt, na))
        npv = nps_of(Y["nps"].dropna().to_numpy())
        lo = up_ = NAN
        if npv["n"] > 0:
            h = Z * math.sqrt(npv["var"])
            lo, up_ = max(-100.0, npv["est"] - h), min(100.0, npv["est"] + h)
        put("nps", npv["n"], estimate=npv["est"], lower=lo, upper=up_)
        put("nps.promoters", npv["n"], events=npv["pro"], **wilson(npv["pro"], npv["n"]))
        put("nps.detractors", npv["n"], events=npv["det"], **wilson(npv["det"], npv["n"]))

    SURV = {}
    for sc in scopes:
        X = survey_people(sc)
        SURV[sc] = X
        for role in ROLES:
            if headline and role != "all":
                continue
            Y = X if role == "all" else X[X.role == role]
            for dim in ["none"] + ([] if headline else DIMS):
                groups = [("all", Y)] if dim == "none" else Y.groupby(dim, sort=True)
                for g, Yg in groups:
                    survey_figures(Yg, sc, role, dim, g)

    # ---- 3.6 data quality ----
    if not headline:
        for sc in scopes:
            sp = scope_parts(sc)[["cohort", "person_ref"]]
            m = sp.merge(SV[["cohort", "person_ref"] + ["w_" + w for w in WAVES]], how="left",
                         on=["cohort", "person_ref"])
            for w in WAVES:
                ev = int(m["w_" + w].fillna(False).astype(bool).sum())
                if ev:
                    add("quality.response_rate", sc, "all", "wave", w, n=len(sp), events=ev, count=len(sp),
                        **wilson(ev, len(sp)))
        for k in KINDS:
            add("quality.quarantined", "all", "all", "kind", k, n=data["quarantined"][k], people=False)

    # ---- 3.4 engagement ----
    pairs = data["pairs"]
    pairs = pairs[(pairs.programme == prog) & pairs.cohort.isin(started.cohort)]
    sessions = data["sessions"]
    sessions = sessions[sessions.pair_id.isin(pairs.pair_id)]
    month_end = pe.to_period("M")
    months = [str(month_end - i) for i in range(11, -1, -1)]

    def engagement(sc):
        P = pairs if sc == "all" else pairs[pairs.cohort == sc]
        S = sessions if sc == "all" else sessions[sessions.cohort == sc]

        def eng(key, **kw):
            add(key, sc, "all", people=False, **kw)

        live = (P.matched_on <= we) & (P.ended_on.isna() | (P.ended_on >= ps))
        L = P[live]
        W = S[(S.date >= ps) & (S.date <= we)]
        H = W[W.status == "held"]
        held = H.groupby("pair_id").size().reindex(L.pair_id, fill_value=0)
        active = held[held > 0]
        eng("engagement.active_rate", n=len(L), events=len(active), **wilson(len(active), len(L)))
        eng("engagement.sessions_per_pair", n=len(active), **t_one(active.to_numpy()))
        canc = int(W.status.isin(["cancelled", "no_show"]).sum())
        eng("engagement.cancel_rate", n=len(W), events=canc, **wilson(canc, len(W)))
        eng("engagement.contact_hours", n=len(H), events=len(H), estimate=H.duration_min.fillna(0).sum() / 60)
        last = S[(S.status == "held") & (S.date <= we)].groupby("pair_id").date.max()
        lastd = L.pair_id.map(last).fillna(L.matched_on)
        stalled = int(((we - lastd).dt.days > 60).sum())
        eng("engagement.stalled_rate", n=len(L), events=stalled, **wilson(stalled, len(L)))
        Hs = H.sort_values(["pair_id", "date"])
        gaps = Hs.groupby("pair_id").date.diff().dt.days.dropna()
        eng("engagement.gap_days", n=len(gaps), estimate=gaps.median() if len(gaps) else NAN)
        HM = S[(S.status == "held") & (S.date <= asof)]
        if not headline:
            per = HM.groupby(HM.date.dt.to_period("M")).agg(n=("pair_id", "size"), events=("pair_id", "nunique"))
            per.index = per.index.astype(str)
            per = per.reindex(months, fill_value=0)
            for m, row in per.iterrows():
                add("engagement.monthly", sc, "all", month=m, n=int(row.n), events=int(row.events),
                    people=False)
            nh = len(H)
            if nh:
                for ch, k in H.channel.value_counts().sort_index().items():
                    add("engagement.channel", sc, "all", "channel", ch, n=int(k), estimate=k / nh, people=False)
                tags = H.topics.dropna().str.split(";").explode().str.strip()
                tags = tags[tags != ""].rename("tag").reset_index().drop_duplicates()
                for tg, k in tags.tag.value_counts().sort_index().items():
                    add("engagement.topic", sc, "all", "topic", tg, n=int(k), estimate=k / nh, people=False)
        return dict(live=len(L), active=len(active))

    ENG = {sc: engagement(sc) for sc in scopes}

    # ---- 3.5 cohort comparisons ----
    if not headline:
        rows = list(started.itertuples())
        for a in rows:
            for b in rows:
                if not a.starts_on > b.starts_on:
                    continue
                A, B = a.cohort, b.cohort

                def cmp(key, **kw):
                    add(key, A, "all", versus=B, **kw)

                PA, PB = RET[A][0], RET[B][0]
                kd = km_difference(PA.time.to_numpy(), PA.event.to_numpy(), PB.time.to_numpy(),
                                   PB.event.to_numpy())
                cmp("compare.retention", n=len(PA), events=int(PA.event.sum()), count=min(len(PA), len(PB)),
                    **{k: kd[k] for k in ("estimate", "lower", "upper", "statistic", "df", "p")})
                XA, XB = SURV[A], SURV[B]
                ca, cb = (XA.exit - XA.base).dropna().to_numpy(), (XB.exit - XB.base).dropna().to_numpy()
                cnt = min(len(ca), len(cb))
                cmp("compare.confidence_change", n=len(ca), count=cnt, **t_welch(ca, cb))
                cmp("compare.confidence_change_g", n=len(ca), count=cnt, **hedges(ca, cb))
                sa, sb = XA.sat.dropna().to_numpy(), XB.sat.dropna().to_numpy()
                cnt = min(len(sa), len(sb))
                cmp("compare.satisfaction", n=len(sa), count=cnt, **t_welch(sa, sb))
                w = mann_whitney(sa, sb)
                cmp("compare.satisfaction_mwu", n=len(sa), count=cnt, statistic=w["statistic"], p=w["p"])
                cmp("compare.satisfaction_g", n=len(sa), count=cnt, **hedges(sa, sb))
                na_, nb_ = nps_of(XA.nps.dropna()), nps_of(XB.nps.dropna())
                r = blank()
                if na_["n"] and nb_["n"]:
                    est = na_["est"] - nb_["est"]
                    se = math.sqrt(na_["var"] + nb_["var"])
                    r.update(estimate=est, lower=est - Z * se, upper=est + Z * se)
                    if se > 0:
                        r.update(statistic=est / se, p=2 * stats.norm.sf(abs(est / se)))
                cmp("compare.nps", n=na_["n"], count=min(na_["n"], nb_["n"]), **r)
                ea, eb = ENG[A], ENG[B]
                if ea["live"] and eb["live"]:
                    xa, xb, la, lb = ea["active"], eb["active"], ea["live"], eb["live"]
                    tab = np.array([[xa, la - xa], [xb, lb - xb]])
                    if (tab.sum(axis=0) > 0).all():
                        chi2, p, dof, _ = stats.chi2_contingency(tab, correction=False)
                    else:
                        chi2 = p = dof = NAN
                    lo, hi = confint_proportions_2indep(xa, la, xb, lb, method="wald", compare="diff")
                    cmp("compare.active_rate", n=la, events=xa, people=False, estimate=xa / la - xb / lb,
                        lower=lo, upper=hi, statistic=chi2, df=dof, p=p)
                    o = odds_ratio(tab, kind="conditional")
                    ci = o.confidence_interval(0.95)
                    cmp("compare.active_rate_fisher", n=la, events=xa, people=False, estimate=o.statistic,
                        lower=ci.low, upper=ci.high, p=stats.fisher_exact(tab)[1])
                else:
                    cmp("compare.active_rate", n=ea["live"], events=ea["active"], people=False)
                    cmp("compare.active_rate_fisher", n=ea["live"], events=ea["active"], people=False)

    # ---- disclosure control (section 4) ----
    F = figs.frame()
    F["suppressed"] = (F.people & (F["count"] < min_cell)).astype(int)
    bk = ["key", "cohort", "role", "dimension", "versus", "item", "month"]
    pp = F[F.people]
    for _, grp in pp.groupby(bk, sort=False):
        if len(grp) < 2 or grp.suppressed.sum() != 1:
            continue
        shown = grp[grp.suppressed == 0].sort_values(["count", "group"])
        F.loc[shown.index[0], "suppressed"] = 1

    # ---- retention.logrank over the groups shown (rule 19), Holm per cohort and role ----
    if not headline:
        s12 = F[(F.key == "retention.s12") & (F.suppressed == 0)]
        shown_of = s12.groupby(["cohort", "role", "dimension"]).group.apply(set).to_dict()
        lr_rows = []
        for sc in scopes:
            P, C = RET[sc]
            for role in ROLES + ["non-participant"]:
                X = C if role == "non-participant" else P if role == "all" else P[P.role == role]
                if len(X) == 0:
                    continue
                block_rows = []
                for dim in DIMS:
                    shown = shown_of.get((sc, role, dim), set())
                    r = dict(key="retention.logrank", programme=prog, cohort=sc, versus="", role=role,
                             dimension=dim, group="all", item="", month="", n=NAN, events=NAN,
                             estimate=NAN, lower=NAN, upper=NAN, statistic=NAN, df=NAN, p=NAN, p_adj=NAN,
                             count=NAN, people=False, suppressed=0)
                    if not shown:
                        r["suppressed"] = 1
                    else:
                        Y = X[X[dim].isin(shown)]
                        r["n"], r["events"] = len(Y), int(Y.event.sum())
                        lr = logrank(Y.time.to_numpy(), Y.event.to_numpy(), Y[dim].to_numpy())
                        if lr is not None:
                            r.update(statistic=lr["chisq"], df=lr["df"], p=lr["p"])
                    block_rows.append(r)
                ps_ = [r["p"] for r in block_rows if not math.isnan(r["p"])]
                if ps_:
                    adj_ = iter(multipletests(ps_, method="holm")[1])
                    for r in block_rows:
                        if not math.isnan(r["p"]):
                            r["p_adj"] = next(adj_)
                lr_rows += block_rows
        F = pd.concat([F, pd.DataFrame(lr_rows)], ignore_index=True)

        # Benjamini-Hochberg over the items shown (rule 28)
        ic = F[(F.key == "confidence.item_change") & (F.suppressed == 0) & F.p.notna()]
        for _, grp in ic.groupby(["cohort", "role", "dimension", "group"]):
            F.loc[grp.index, "p_adj"] = multipletests(grp.p.to_numpy(), method="fdr_bh")[1]

    F.loc[F.suppressed == 1, NUM_COLS] = np.nan
    order = {k: i for i, k in enumerate(KEY_ORDER)}
    cohort_order = {c: i for i, c in enumerate(list(started.cohort) + ["all"])}
    F["_k"] = F.key.map(order).fillna(len(order))
    F["_c"] = F.cohort.map(cohort_order)
    F["_r"] = F.role.map({r: i for i, r in enumerate(ROLES + ["non-participant"])})
    F["_d"] = F.dimension.map({d: i for i, d in enumerate(["none"] + DIMS)}).fillna(len(DIMS) + 1)
    F = F.sort_values(["_k", "_c", "versus", "_r", "_d", "dimension", "group", "item", "month"], kind="mergesort")
    F = F.drop(columns=["_k", "_c", "_r", "_d"]).reset_index(drop=True)
    return dict(F=F, curves=curves, started=started, CONF=CONF, SAT=SAT, months=months)


KEY_ORDER = [
    "retention.s6", "retention.s12", "retention.s24", "retention.logrank", "retention.vs_comparison",
    "retention.hr_adjusted", "confidence.baseline", "confidence.exit", "confidence.change",
    "confidence.wilcoxon", "confidence.dz", "confidence.improved", "confidence.alpha_baseline",
    "confidence.alpha_exit", "confidence.item_baseline", "confidence.item_exit", "confidence.item_change",
    "satisfaction.mean", "satisfaction.top2", "nps", "nps.promoters", "nps.detractors",
    "engagement.active_rate", "engagement.sessions_per_pair", "engagement.cancel_rate",
    "engagement.contact_hours", "engagement.stalled_rate", "engagement.gap_days", "engagement.monthly",
    "engagement.channel", "engagement.topic", "compare.retention", "compare.confidence_change",
    "compare.confidence_change_g", "compare.satisfaction", "compare.satisfaction_mwu",
    "compare.satisfaction_g", "compare.nps", "compare.active_rate", "compare.active_rate_fisher",
    "quality.response_rate", "quality.quarantined",
]


# ---- figures.csv, figures.json -----------------------------------------------------------------

def write_figures(F, out):
    T = F[COLS].copy()
    T[NUM_COLS] = T[NUM_COLS] + 0.0          # -0 as 0
    T.to_csv(os.path.join(out, "figures.csv"), index=False, float_format="%.17g", lineterminator="\n")
    recs = []
    for r in T.itertuples(index=False):
        d = {}
        for c, v in zip(COLS, r):
            if c in TEXT_COLS:
                d[c] = v if isinstance(v, str) and v != "" else None
            elif c == "suppressed":
                d[c] = int(v)
            else:
                d[c] = None if not math.isfinite(v) else (int(v) if c in ("n", "events") else float(v))
        recs.append(d)
    with open(os.path.join(out, "figures.json"), "w", encoding="utf-8") as f:
        json.dump(recs, f, ensure_ascii=False, indent=1)


# ---- looking figures up ------------------------------------------------------------------------

class Lookup:
    def __init__(self, F):
        self.index = {}
        for r in F.itertuples(index=False):
            self.index[(r.key, r.cohort, r.versus, r.role, r.dimension, r.group, r.item, r.month)] = r

    def get(self, key, cohort="all", role="all", dimension="none", group="all", versus="", item="", month=""):
        return self.index.get((key, cohort, versus, role, dimension, group, item, month))


def has(r):
    return r is not None and not r.suppressed and isinstance(r.estimate, float) and math.isfinite(r.estimate)


def hidden(r):
    return r is not None and r.suppressed == 1


def fmt(v, kind):
    if v is None or not isinstance(v, (int, float)) or not math.isfinite(v):
        return "–"
    if kind == "share":
        return f"{100 * v:.1f}%"
    if kind == "diff":
        return f"{100 * v:+.1f} pts"
    if kind == "mean":
        return f"{v:.2f}"
    if kind == "change":
        return f"{v:+.2f}"
    if kind == "ratio":
        return f"{v:.2f}"
    if kind == "nps":
        return f"{v:+.0f}"
    if kind == "count":
        return f"{v:,.0f}"
    if kind == "p":
        return "p < 0.001" if v < 0.001 else f"p = {v:.3f}"
    return f"{v:.3g}"


def fmt_est(r, kind, fewer):
    if r is None:
        return "–"
    if r.suppressed:
        return fewer
    s = fmt(r.estimate, kind)
    if math.isfinite(r.lower) and math.isfinite(r.upper):
        s += f" ({fmt(r.lower, kind)} to {fmt(r.upper, kind)})"
    return s


ROLE_LABEL = {"all": "Participants", "mentor": "Mentors (junior)", "mentee": "Mentees (senior)",
              "non-participant": "Non-participants"}
DIM_LABEL = {"gender": "Gender", "ethnicity": "Ethnicity", "age_band": "Age band", "grade": "Grade",
             "network": "Employee network", "department": "Department", "org": "Organisation"}


# ---- charts ------------------------------------------------------------------------------------

def style(ax, title=None, subtitle=None):
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.grid(True, axis="x", color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)
    if title:
        ax.set_title(title + ("\n" + subtitle if subtitle else ""), loc="left", fontsize=9)


def draw_tiles(ax, tiles):
    ax.axis("off")
    ax.set_xlim(0, 2)
    ax.set_ylim(0, (len(tiles) + 1) // 2)
    for i, (label, value, note) in enumerate(tiles):
        x, y = i % 2, (len(tiles) + 1) // 2 - 1 - i // 2
        ax.add_patch(plt.Rectangle((x + 0.03, y + 0.05), 0.94, 0.9, facecolor="#f2f6fa", edgecolor=PALETTE[0]))
        ax.text(x + 0.08, y + 0.78, label, fontsize=9, color="#333333", va="top")
        ax.text(x + 0.08, y + 0.48, value, fontsize=17, weight="bold", color=PALETTE[0], va="center")
        ax.text(x + 0.08, y + 0.18, textwrap.fill(note, 52), fontsize=7, color="#555555", va="center")


def draw_monthly(ax, months, held, active):
    x = np.arange(len(months))
    ax.bar(x, held, color=PALETTE[0], label="Held sessions")
    ax.set_xticks(x, months, rotation=45, ha="right", fontsize=7)
    ax.set_ylabel("Held sessions")
    ax2 = ax.twinx()
    ax2.plot(x, active, color=PALETTE[1], marker="o", label="Pairs with a session")
    ax2.set_ylabel("Pairs with a session")
    style(ax, "Sessions held each month, all cohorts", "bars: held sessions; line: pairs that met")
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, fontsize=7, loc="upper left")


def draw_dots(ax, labels, series, xlabel, title, subtitle=None, fewer="fewer than 5", percent=False,
              ref=None):
    """Dots with 95% intervals; series = [(name, est, lo, up, suppressed)] with arrays per label."""
    y = np.arange(len(labels))[::-1]
    off = np.linspace(-0.18, 0.18, len(series)) if len(series) > 1 else [0.0]
    for k, (name, est, lo, up, sup) in enumerate(series):
        est, lo, up = (np.asarray(a, dtype=float) for a in (est, lo, up))
        yy = y + off[k]
        err = np.vstack([np.where(np.isfinite(lo), est - lo, 0), np.where(np.isfinite(up), up - est, 0)])
        ax.errorbar(est, yy, xerr=err, fmt="o", color=PALETTE[k], ms=4, capsize=2, label=name,
                    marker="os^D"[k % 4])
        for j, s in enumerate(sup):
            if s:
                ax.text(0.01, yy[j], fewer, transform=ax.get_yaxis_transform(), fontsize=6, va="center",
                        color="#777777", style="italic")
    if ref is not None:
        ax.axvline(ref, color="#888888", linewidth=0.8, linestyle="--")
    ax.set_yticks(y, labels, fontsize=7)
    ax.set_xlabel(xlabel)
    if percent:
        ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    style(ax, title, subtitle)
    if len(series) > 1:
        ax.legend(fontsize=7, loc="lower right")


def draw_dumbbell(ax, labels, before, after, change, lo, up, sup, fewer):
    y = np.arange(len(labels))[::-1]
    for j in range(len(labels)):
        if sup[j]:
            ax.text(0.01, y[j], fewer, transform=ax.get_yaxis_transform(), fontsize=6, va="center")
            continue
        ax.plot([before[j], after[j]], [y[j], y[j]], color="#999999", linewidth=1.5)
        txt = f"{change[j]:+.2f}" if math.isfinite(change[j]) else ""
        if math.isfinite(lo[j]):
            txt += f" ({lo[j]:+.2f} to {up[j]:+.2f})"
        ax.text(1.02, y[j], txt, transform=ax.get_yaxis_transform(), fontsize=6, va="center")
    ax.scatter(before, y, color=PALETTE[0], label="On joining", zorder=3, marker="o")
    ax.scatter(after, y, color=PALETTE[1], label="On leaving", zorder=3, marker="s")
    ax.set_yticks(y, labels, fontsize=7)
    ax.set_xlabel("Average score")
    style(ax, "Confidence on each topic, on joining and on leaving", "all cohorts; right: change (95% CI)")
    ax.legend(fontsize=7, loc="lower left")


def draw_km(ax, series, title, fewer):
    """series = [(label, step table or None)]: survival steps with the log-log band."""
    drawn = 0
    for k, (label, t) in enumerate(series):
        if t is None or len(t) == 0:
            continue
        m = np.concatenate([[0.0], t.time.to_numpy() / 30.4375])
        s = np.concatenate([[1.0], t.surv.to_numpy()])
        lo = np.concatenate([[1.0], t.lower.fillna(t.surv).to_numpy()])
        up = np.concatenate([[1.0], t.upper.fillna(t.surv).to_numpy()])
        ax.step(m, 100 * s, where="post", color=PALETTE[k % len(PALETTE)], label=label,
                linestyle=["-", "--", "-.", ":"][k % 4])
        ax.fill_between(m, 100 * lo, 100 * up, step="post", color=PALETTE[k % len(PALETTE)], alpha=0.15)
        drawn += 1
    if not drawn:
        ax.text(0.5, 0.5, f"No curve to draw: {fewer} people, or no follow-up yet", ha="center",
                transform=ax.transAxes)
    ax.set_xlabel("Months since start")
    ax.set_ylabel("Still employed (%)")
    style(ax, title, "share still employed with 95% intervals (log-log)")
    if drawn:
        ax.legend(fontsize=7, loc="lower left")


def draw_forest(ax, labels, est, lo, up, sup, xlabel, title, ref=0.0, log=False, fewer="fewer than 5"):
    y = np.arange(len(labels))[::-1]
    est, lo, up = (np.asarray(a, dtype=float) for a in (est, lo, up))
    ok = np.isfinite(lo) & np.isfinite(up)
    ax.hlines(y[ok], lo[ok], up[ok], color=PALETTE[0])
    ax.plot(est, y, "D", color=PALETTE[0], ms=5)
    for j, s in enumerate(sup):
        if s:
            ax.text(0.01, y[j], fewer, transform=ax.get_yaxis_transform(), fontsize=6, va="center")
    ax.axvline(ref, color="#888888", linestyle="--", linewidth=0.8)
    if log:
        ax.set_xscale("log")
    ax.set_yticks(y, labels, fontsize=7)
    ax.set_xlabel(xlabel)
    style(ax, title)


class Charts:
    """Each chart as PNG and SVG in charts/, and the same drawing on the PDF pages."""

    def __init__(self, out):
        self.dir = os.path.join(out, "charts")
        os.makedirs(self.dir, exist_ok=True)

    def save(self, name, size, draw, *args, **kw):
        fig = plt.figure(figsize=size)
        ax = fig.add_axes([0.3, 0.14, 0.6, 0.74])
        draw(ax, *args, **kw)
        fig.savefig(os.path.join(self.dir, name + ".png"), dpi=150)
        fig.savefig(os.path.join(self.dir, name + ".svg"))
        plt.close(fig)

    def place(self, name, page, rect, size, draw, *args, **kw):
        self.save(name, size, draw, *args, **kw)
        ax = page.fig.add_axes(rect)
        draw(ax, *args, **kw)


# ---- PDF pages ---------------------------------------------------------------------------------

class Page:
    def __init__(self, pdf, title, header):
        self.pdf = pdf
        self.fig = plt.figure(figsize=A4)
        self.y = 0.95
        self.fig.text(0.07, 0.975, header, fontsize=7, color="#777777")
        if title:
            self.heading(title, 15)

    def heading(self, text, size=11):
        self.fig.text(0.07, self.y, text, fontsize=size, weight="bold", va="top")
        self.y -= 0.012 + size / 700

    def para(self, text, width=100):
        lines = textwrap.wrap(text, width)
        self.fig.text(0.07, self.y, "\n".join(lines), fontsize=8.5, va="top", linespacing=1.4)
        self.y -= 0.0165 * len(lines) + 0.012

    def space(self, h):
        self.y -= h

    def rect(self, h, left=0.25, right=0.9):
        h = max(min(h, self.y - 0.04), 0.14)
        r = [left, self.y - h + 0.05, right - left, h - 0.09]     # room for the title and axis labels
        self.y -= h + 0.01
        return r

    def table(self, header, rows, h=None):
        if not rows:
            return
        h = max(min(h or 0.022 * (len(rows) + 1), self.y - 0.04), 0.05)
        ax = self.fig.add_axes([0.07, self.y - h, 0.86, h])
        ax.axis("off")
        tb = ax.table(cellText=rows, colLabels=header, loc="upper center", cellLoc="right", colLoc="center")
        tb.auto_set_font_size(False)
        tb.set_fontsize(6.5)
        for (r, c), cell in tb.get_celld().items():
            cell.set_linewidth(0.3)
            if r == 0:
                cell.set_text_props(weight="bold")
                cell.set_facecolor("#e8eef5")
            if c == 0:
                cell.set_text_props(ha="left")
        self.y -= h + 0.02

    def done(self):
        self.pdf.savefig(self.fig)
        plt.close(self.fig)


def long_table(pdf, header_text, title, header, rows, per_page=38):
    for i in range(0, max(len(rows), 1), per_page):
        pg = Page(pdf, title if i == 0 else title + " (continued)", header_text)
        pg.table(header, rows[i:i + per_page])
        pg.done()


def cover(pdf, title, subtitle, ctx):
    fig = plt.figure(figsize=A4)
    fig.patch.set_facecolor("white")
    fig.add_artist(plt.Rectangle((0, 0.62), 1, 0.38, color=PALETTE[0], transform=fig.transFigure))
    fig.text(0.08, 0.85, title, fontsize=26, color="white", weight="bold")
    fig.text(0.08, 0.80, subtitle, fontsize=13, color="white")
    fig.text(0.08, 0.55, f"Programme {ctx['prog']}, {ctx['label']} ({ctx['ps'].date()} to {ctx['pe'].date()})",
             fontsize=12)
    fig.text(0.08, 0.52, f"Data as of {ctx['asof'].date()}; groups smaller than {ctx['min_cell']} are not shown",
             fontsize=10, color="#555555")
    pdf.savefig(fig)
    plt.close(fig)


METHODS = [
    ("Retention", "Kaplan-Meier estimates of the share still employed 6, 12 and 24 months after enrolling "
                  "(non-participants: after the cohort's start), with 95% log-log intervals; log-rank tests "
                  "across groups, Holm-adjusted over the dimensions of a cohort and role."),
    ("Adjusted comparison", "Cox proportional hazards model (Efron ties) of leaving, participants against "
                            "colleagues employed at the cohort's start in the same organisations, adjusted "
                            "for grade, gender, age band and length of service."),
    ("Confidence", "Mean of the confidence items of a wave (reverse items reversed) for people who answered "
                   "at least half of them; paired t-test and Wilcoxon signed-rank test of exit against "
                   "baseline; Cohen's dz; Cronbach's alpha; per-item changes Benjamini-Hochberg adjusted."),
    ("Satisfaction and NPS", "Mean satisfaction score from the latest wave (exit, else midpoint) with a t "
                             "interval; share in the top two points with a Wilson interval; net promoter "
                             "score with a normal interval."),
    ("Engagement", "Live pairs (matched by the period end, not ended before its start), active pairs (a "
                   "held session in the period), sessions per active pair, cancellations, contact hours, "
                   "stalled pairs (no held session for 60 days), gaps between sessions."),
    ("Cohorts", "Each later cohort against each earlier one: differences with Welch intervals, Hedges' g, "
                "Mann-Whitney, NPS difference, two-sample proportion test and Fisher's exact test."),
    ("What the comparison can and cannot show", "People choose to take part, so a raw comparison with "
     "everyone else overstates what the programme did; the adjusted hazard ratio allows for grade, gender, "
     "age and tenure, but not for motivation or anything else that was not measured."),
    ("Small groups", "A figure about fewer people than the minimum cell size is withheld, and where a "
                     "breakdown has exactly one withheld group, the next smallest is withheld too."),
]


def methods_pages(pdf, header):
    pg = Page(pdf, "Methods: what each figure is", header)
    for h, text in METHODS:
        pg.heading(h, 10)
        pg.para(text)
    pg.done()


# ---- the three documents -----------------------------------------------------------------------

def render(res, prev, ctx, out):
    F, curves, L = res["F"], res["curves"], Lookup(res["F"])
    LP = Lookup(prev["F"])
    fewer = f"fewer than {ctx['min_cell']}"
    cohorts = list(res["started"].cohort)
    charts = Charts(out)
    header = f"{ctx['prog']} · {ctx['label']} · as of {ctx['asof'].date()}"

    def curve(sc, role):
        c = curves.get((sc, role))
        return None if c is None else c["steps"]

    # ---------------- impact.pdf ----------------
    with PdfPages(os.path.join(out, "impact.pdf")) as pdf:
        cover(pdf, "Programme impact", "Reverse mentoring: is it working?", ctx)

        def change_note(key, kind, **kw):
            now, before = L.get(key, **kw), LP.get(key, **kw)
            if has(now) and has(before):
                return f"{fmt(now.estimate - before.estimate, 'change' if kind != 'share' else 'diff')} " \
                       f"against {ctx['prev_label']} ({fmt(before.estimate, kind)})"
            return f"no figure for {ctx['prev_label']}"

        tiles = []
        for key, label, kind in [("engagement.active_rate", "Pairs that met this period", "share"),
                                 ("engagement.sessions_per_pair", "Sessions per active pair", "mean"),
                                 ("engagement.contact_hours", "Contact hours", "count"),
                                 ("confidence.change", "Change in confidence", "change"),
                                 ("satisfaction.mean", "Satisfaction", "mean"),
                                 ("nps", "Net promoter score", "nps"),
                                 ("retention.hr_adjusted", "Adjusted hazard ratio of leaving", "ratio"),
                                 ("retention.s12", "Still employed after 12 months", "share")]:
            kw = dict(versus="non-participants") if key == "retention.hr_adjusted" else {}
            r = L.get(key, **kw)
            tiles.append((label, fewer if hidden(r) else fmt(r.estimate if r is not None else None, kind),
                          change_note(key, kind, **kw)))
        pg = Page(pdf, f"Summary of {ctx['label']}", header)
        pg.para("Headline figures for all cohorts together, each with its change against the previous period.")
        charts.place("impact-summary", pg, pg.rect(0.78, 0.07, 0.93), (8, 9), draw_tiles, tiles)
        pg.done()

        # engagement
        monthly = F[(F.key == "engagement.monthly") & (F.cohort == "all")].sort_values("month")
        pg = Page(pdf, "Engagement", header)
        a = L.get("engagement.active_rate")
        if has(a):
            pg.para(f"{fmt(a.events, 'count')} of {fmt(a.n, 'count')} live pairs met at least once this period "
                    f"({fmt_est(a, 'share', fewer)}).")
        charts.place("impact-monthly", pg, pg.rect(0.3, 0.12, 0.88), (8, 3.6), draw_monthly,
                     list(monthly.month), monthly.n.to_numpy(), monthly.events.to_numpy())
        pg.heading("Engagement by cohort", 10)
        rows = []
        for sc in cohorts + ["all"]:
            g = {k: L.get("engagement." + k, cohort=sc) for k in
                 ("active_rate", "sessions_per_pair", "cancel_rate", "contact_hours", "stalled_rate", "gap_days")}
            rows.append([sc, fmt(g["active_rate"].n, "count"), fmt_est(g["active_rate"], "share", fewer),
                         fmt(g["sessions_per_pair"].estimate, "mean"), fmt(g["cancel_rate"].estimate, "share"),
                         fmt(g["contact_hours"].estimate, "count"), fmt(g["stalled_rate"].estimate, "share"),
                         fmt(g["gap_days"].estimate, "count")])
        pg.table(["Cohort", "Live pairs", "Active (95% CI)", "Sessions/pair", "Cancelled", "Hours",
                  "Stalled", "Median gap (days)"], rows)
        for key, name, title in (("engagement.channel", "impact-channels", "How pairs met"),
                                 ("engagement.topic", "impact-topics", "What pairs talked about")):
            s = F[(F.key == key) & (F.cohort == "all")].sort_values("estimate")
            if len(s):
                h = min(0.035 + 0.018 * len(s), pg.y - 0.05)
                charts.place(name, pg, pg.rect(h), (8, 1 + 0.3 * len(s)), draw_dots, list(s.group),
                             [("share", s.estimate, s.estimate, s.estimate, [False] * len(s))],
                             "Share of held sessions", title, percent=True)
        pg.done()

        # confidence
        pg = Page(pdf, "Confidence before and after", header)
        ch, b, e = L.get("confidence.change"), L.get("confidence.baseline"), L.get("confidence.exit")
        if has(ch) and has(b) and has(e):
            pg.para(f"The average score was {fmt(b.estimate, 'mean')} on joining ({fmt(b.n, 'count')} people) "
                    f"and {fmt(e.estimate, 'mean')} on leaving ({fmt(e.n, 'count')} people). Among the "
                    f"{fmt(ch.n, 'count')} people who answered both times it changed by "
                    f"{fmt_est(ch, 'change', fewer)}, paired t-test {fmt(ch.p, 'p')}.")
        its = res["CONF"]
        ib = [L.get("confidence.item_baseline", item=i) for i in its]
        ie = [L.get("confidence.item_exit", item=i) for i in its]
        ic = [L.get("confidence.item_change", item=i) for i in its]
        val = lambda r, f: getattr(r, f) if r is not None and not r.suppressed else NAN  # noqa: E731
        charts.place("impact-confidence-items", pg, pg.rect(0.32, 0.3, 0.78), (8, 1.5 + 0.35 * len(its)),
                     draw_dumbbell, its, [val(r, "estimate") for r in ib], [val(r, "estimate") for r in ie],
                     [val(r, "estimate") for r in ic], [val(r, "lower") for r in ic],
                     [val(r, "upper") for r in ic], [hidden(x) or hidden(y) for x, y in zip(ib, ie)], fewer)
        pg.heading("By role and by cohort", 10)
        rows = []
        for sc in ["all"] + cohorts:
            for role in (ROLES if sc == "all" else ["all"]):
                r = [L.get(k, cohort=sc, role=role) for k in ("confidence.baseline", "confidence.exit",
                                                             "confidence.change", "confidence.improved",
                                                             "confidence.dz")]
                rows.append([f"{sc} · {ROLE_LABEL[role]}", fmt_est(r[0], "mean", fewer),
                             fmt_est(r[1], "mean", fewer), fmt_est(r[2], "change", fewer),
                             fmt_est(r[3], "share", fewer), fmt(r[4].estimate if has(r[4]) else None, "mean")])
        pg.table(["Who", "On joining", "On leaving", "Change", "Improved", "dz"], rows)
        pg.done()

        # satisfaction and NPS
        pg = Page(pdf, "Satisfaction and recommendation", header)
        scopes = [("all", r) for r in ROLES] + [(c, "all") for c in cohorts]
        labels = [f"{ROLE_LABEL[r]}, all cohorts" if c == "all" else f"Cohort {c}" for c, r in scopes]
        for key, name, title, kind in (("satisfaction.mean", "impact-satisfaction", "Satisfaction", "mean"),
                                       ("nps", "impact-nps", "Net promoter score by role and cohort", "nps")):
            rs = [L.get(key, cohort=c, role=r) for c, r in scopes]
            charts.place(name, pg, pg.rect(0.25, 0.3, 0.9), (8, 1.4 + 0.3 * len(rs)), draw_dots, labels,
                         [("", [val(r, "estimate") for r in rs], [val(r, "lower") for r in rs],
                           [val(r, "upper") for r in rs], [hidden(r) for r in rs])],
                         "Mean score" if kind == "mean" else "NPS", title, fewer=fewer)
        rows = []
        for (c, r), lab in zip(scopes, labels):
            rows.append([lab] + [fmt_est(L.get(k, cohort=c, role=r), kd, fewer) for k, kd in
                                 (("satisfaction.mean", "mean"), ("satisfaction.top2", "share"), ("nps", "nps"),
                                  ("nps.promoters", "share"), ("nps.detractors", "share"))])
        pg.heading("The figures behind the charts", 10)
        pg.table(["Who", "Satisfaction", "Top two", "NPS", "Promoters", "Detractors"], rows)
        pg.done()

        # retention
        pg = Page(pdf, "Retention against non-participants", header)
        hr = L.get("retention.hr_adjusted", versus="non-participants")
        if has(hr):
            pg.para(f"After allowing for grade, gender, age band and length of service, the hazard ratio of "
                    f"leaving for participants is {fmt_est(hr, 'ratio', fewer)}, {fmt(hr.p, 'p')}.")
        charts.place("impact-retention-curves", pg, pg.rect(0.33, 0.12, 0.9), (8, 4.2), draw_km,
                     [("Participants", curve("all", "all")), ("Non-participants", curve("all", "non-participant"))],
                     "Still employed, all cohorts", fewer)
        hrs = [L.get("retention.hr_adjusted", role=r, versus="non-participants") for r in ROLES]
        charts.place("impact-retention-hr", pg, pg.rect(0.17), (8, 2.2), draw_forest,
                     [ROLE_LABEL[r] for r in ROLES], [val(r, "estimate") for r in hrs],
                     [val(r, "lower") for r in hrs], [val(r, "upper") for r in hrs], [hidden(r) for r in hrs],
                     "Hazard ratio (log scale)", "Adjusted hazard ratio of leaving", ref=1.0, log=True,
                     fewer=fewer)
        pg.heading("Still employed after 6, 12 and 24 months, all cohorts", 10)
        pg.table(*retention_table(L, "all", fewer))
        pg.done()

        methods_pages(pdf, header)
        pg = Page(pdf, "Data quality", header)
        pg.heading("Survey response rates", 10)
        rr = F[F.key == "quality.response_rate"]
        pg.table(["Cohort", "Wave", "Participants", "Answered", "Rate (95% CI)"],
                 [[r.cohort, r.group, fmt(r.n, "count"), fmt(r.events, "count"), fmt_est(r, "share", fewer)]
                  for r in rr.itertuples()])
        pg.heading("Rows set aside on loading", 10)
        qq = F[F.key == "quality.quarantined"]
        pg.table(["Input", "Rows set aside"], [[r.group, fmt(r.n, "count")] for r in qq.itertuples()])
        pg.heading("Figures withheld", 10)
        pg.para(f"{int(F.suppressed.sum())} of {len(F)} figures are withheld because they describe {fewer} "
                f"people.")
        pg.done()

    # ---------------- retention.pdf ----------------
    with PdfPages(os.path.join(out, "retention.pdf")) as pdf:
        cover(pdf, "Retention", "Do participants stay longer than comparable colleagues?", ctx)
        pg = Page(pdf, "Overview", header)
        charts.place("retention-hr", pg, pg.rect(0.2), (8, 2.2), draw_forest,
                     [ROLE_LABEL[r] for r in ROLES], [val(r, "estimate") for r in hrs],
                     [val(r, "lower") for r in hrs], [val(r, "upper") for r in hrs], [hidden(r) for r in hrs],
                     "Hazard ratio (log scale)", "Adjusted hazard ratio of leaving", ref=1.0, log=True,
                     fewer=fewer)
        pg.heading("Still employed after 6, 12 and 24 months, all cohorts", 10)
        pg.table(*retention_table(L, "all", fewer))
        for sc in cohorts:
            pg.heading(f"Cohort {sc}", 9)
            pg.table(*retention_table(L, sc, fewer))
        pg.done()
        pg = Page(pdf, "Survival curves", header)
        for role in ROLES:
            charts.place(f"retention-curves-{role}", pg, pg.rect(0.29, 0.12, 0.9), (8, 4), draw_km,
                         [(ROLE_LABEL[role], curve("all", role)),
                          ("Non-participants", curve("all", "non-participant"))],
                         f"{ROLE_LABEL[role]} against non-participants", fewer)
        pg.done()
        for dim in DIMS:
            sub = F[(F.key == "retention.s12") & (F.cohort == "all") & (F.dimension == dim)]
            groups = sorted(set(sub.group))
            part = [L.get("retention.s12", role="all", dimension=dim, group=g) for g in groups]
            comp = [L.get("retention.s12", role="non-participant", dimension=dim, group=g) for g in groups]
            pg = Page(pdf, DIM_LABEL[dim], header)
            lr = L.get("retention.logrank", role="all", dimension=dim)
            if lr is not None and not lr.suppressed and math.isfinite(lr.p):
                pg.para(f"Log-rank test across the groups shown: chi-square {lr.statistic:.2f} on {lr.df:.0f} df, "
                        f"{fmt(lr.p, 'p')} (Holm-adjusted {fmt(lr.p_adj, 'p')}).")
            h = min(0.1 + 0.022 * len(groups), 0.45)
            charts.place(f"retention-{dim}", pg, pg.rect(h), (8, 1.5 + 0.3 * len(groups)), draw_dots, groups,
                         [("Participants", [val(r, "estimate") for r in part], [val(r, "lower") for r in part],
                           [val(r, "upper") for r in part], [hidden(r) for r in part]),
                          ("Non-participants", [val(r, "estimate") for r in comp],
                           [val(r, "lower") for r in comp], [val(r, "upper") for r in comp],
                           [hidden(r) for r in comp])],
                         "Still employed after 12 months", f"12-month retention by {DIM_LABEL[dim].lower()}",
                         fewer=fewer, percent=True)
            pg.heading(f"{DIM_LABEL[dim]}: still employed after 6, 12 and 24 months", 9)
            rows = []
            for g in groups:
                for role in ("all", "non-participant"):
                    s = [L.get(k, role=role, dimension=dim, group=g)
                         for k in ("retention.s6", "retention.s12", "retention.s24")]
                    vs = L.get("retention.vs_comparison", role="all", dimension=dim, group=g,
                               versus="non-participants") if role == "all" else None
                    first = s[0]
                    rows.append([f"{g} · {ROLE_LABEL[role]}",
                                 fewer if hidden(first) else fmt(first.n if first is not None else None, "count")]
                                + [fmt_est(x, "share", fewer) for x in s]
                                + [fmt_est(vs, "diff", fewer) if vs is not None else ""])
            pg.table(["Group", "People", "6 months", "12 months", "24 months", "Difference at 12 months"],
                     rows[:70], h=min(0.022 * (min(len(rows), 70) + 1), pg.y - 0.05))
            pg.done()
        methods_pages(pdf, header)

    # ---------------- cohorts.pdf ----------------
    with PdfPages(os.path.join(out, "cohorts.pdf")) as pdf:
        cover(pdf, "Cohorts", "Did the full-scale cohorts keep the pilot's results?", ctx)
        pg = Page(pdf, "The cohorts side by side", header)
        rows = []
        for sc in cohorts:
            rows.append([sc] + [fmt_est(L.get(k, cohort=sc), kd, fewer) for k, kd in
                                (("retention.s12", "share"), ("confidence.change", "change"),
                                 ("satisfaction.mean", "mean"), ("nps", "nps"),
                                 ("engagement.active_rate", "share"))])
        pg.table(["Cohort", "12-month retention", "Confidence change", "Satisfaction", "NPS", "Active pairs"],
                 rows)
        cmp = F[F.key.str.startswith("compare.")]
        base = cohorts[0] if cohorts else None
        dkeys = [("compare.retention", "Retention at 12 months (A - B)"),
                 ("compare.confidence_change", "Confidence change (A - B)"),
                 ("compare.satisfaction", "Satisfaction (A - B)"),
                 ("compare.active_rate", "Active pairs (A - B)")]
        gkeys = [("compare.confidence_change_g", "Confidence change, Hedges' g"),
                 ("compare.satisfaction_g", "Satisfaction, Hedges' g")]
        if base is not None:
            lab, es, lo, up, sup = [], [], [], [], []
            for k, name in dkeys:
                for sc in cohorts[1:]:
                    r = L.get(k, cohort=sc, versus=base)
                    lab.append(f"{sc}: {name}")
                    es.append(val(r, "estimate"))
                    lo.append(val(r, "lower"))
                    up.append(val(r, "upper"))
                    sup.append(hidden(r))
            charts.place("cohorts-forest-differences", pg, pg.rect(min(0.05 + 0.02 * len(lab), 0.5), 0.4, 0.93),
                         (8, 1.5 + 0.25 * len(lab)), draw_forest, lab, es, lo, up, sup, "Difference",
                         f"Each cohort against {base}: differences with 95% intervals", fewer=fewer)
            lab, es, lo, up, sup = [], [], [], [], []
            for k, name in gkeys:
                for sc in cohorts[1:]:
                    r = L.get(k, cohort=sc, versus=base)
                    lab.append(f"{sc}: {name}")
                    es.append(val(r, "estimate"))
                    lo.append(val(r, "lower"))
                    up.append(val(r, "upper"))
                    sup.append(hidden(r))
            charts.place("cohorts-forest-effects", pg, pg.rect(min(0.05 + 0.02 * len(lab), 0.3), 0.4, 0.93),
                         (8, 1.5 + 0.25 * len(lab)), draw_forest, lab, es, lo, up, sup, "Hedges' g",
                         f"Effect sizes against {base}", fewer=fewer)
        pg.done()
        pg = Page(pdf, "Survival by cohort", header)
        charts.place("cohorts-survival", pg, pg.rect(0.4, 0.12, 0.9), (8, 4.6), draw_km,
                     [(f"Cohort {sc}", curve(sc, "all")) for sc in cohorts], "Still employed, by cohort", fewer)
        pg.heading("Still employed after 6, 12 and 24 months, by cohort", 10)
        pg.table(["Cohort", "People", "Leavers", "6 months", "12 months", "24 months"],
                 [[sc, fmt(getattr(L.get("retention.s6", cohort=sc), "n", None), "count"),
                   fmt(getattr(L.get("retention.s6", cohort=sc), "events", None), "count")]
                  + [fmt_est(L.get(k, cohort=sc), "share", fewer)
                     for k in ("retention.s6", "retention.s12", "retention.s24")] for sc in cohorts])
        pg.done()
        rows = []
        for r in cmp.itertuples():
            rows.append([f"{r.cohort} vs {r.versus}", r.key.replace("compare.", ""),
                         fewer if r.suppressed else fmt(r.n, "count"), fmt(r.estimate, "stat"),
                         f"{fmt(r.lower, 'stat')} to {fmt(r.upper, 'stat')}", fmt(r.statistic, "stat"),
                         fmt(r.p, "p")])
        long_table(pdf, header, "Every pair of cohorts", ["Pair", "Figure", "n", "Estimate", "95% CI",
                                                          "Statistic", "p"], rows)
        methods_pages(pdf, header)


def retention_table(L, sc, fewer):
    rows = []
    for role in ROLES + ["non-participant"]:
        s = [L.get(k, cohort=sc, role=role) for k in ("retention.s6", "retention.s12", "retention.s24")]
        if hidden(s[0]) or s[0] is None:
            rows.append([ROLE_LABEL[role], fewer, "", "", "", ""])
            continue
        rows.append([ROLE_LABEL[role], fmt(s[0].n, "count"), fmt(s[0].events, "count")]
                    + [fmt_est(x, "share", fewer) for x in s])
    return ["Who", "People", "Leavers", "6 months", "12 months", "24 months"], rows


# ---- the workbook ------------------------------------------------------------------------------

def workbook(res, prev, ctx, out):
    F, curves = res["F"], res["curves"]
    L, LP = Lookup(F), Lookup(prev["F"])
    fewer = f"fewer than {ctx['min_cell']}"
    path = os.path.join(out, f"{ctx['prog']}-{ctx['label'].replace('..', '_')}.xlsx")
    wb = xlsxwriter.Workbook(path, {"nan_inf_to_errors": False})
    f_head = wb.add_format({"bold": True, "bg_color": "#E8EEF5", "bottom": 1, "text_wrap": True})
    f_title = wb.add_format({"bold": True, "font_size": 14})
    f_share = wb.add_format({"num_format": "0.0%"})
    f_mean = wb.add_format({"num_format": "0.00"})
    f_count = wb.add_format({"num_format": "#,##0"})
    f_p = wb.add_format({"num_format": "0.0000"})
    f_gen = wb.add_format({"num_format": "General"})
    f_date = wb.add_format({"num_format": "yyyy-mm-dd"})
    f_wrap = wb.add_format({"text_wrap": True, "valign": "top"})

    def num(ws, r, c, v, f):
        if v is not None and isinstance(v, (int, float, np.floating, np.integer)) and math.isfinite(v):
            ws.write_number(r, c, float(v), f)

    def sheet(name, header, widths):
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, header, f_head)
        ws.freeze_panes(1, 0)
        for i, w in enumerate(widths):
            ws.set_column(i, i, w)
        return ws

    # Summary
    ws = wb.add_worksheet("Summary")
    ws.write(0, 0, f"{ctx['prog']}: {ctx['label']}", f_title)
    ws.write(1, 0, "As of")
    ws.write_datetime(1, 1, ctx["asof"].to_pydatetime(), f_date)
    ws.write_row(3, 0, ["Figure", "Now", "Lower", "Upper", ctx["prev_label"], "Change"], f_head)
    ws.freeze_panes(4, 0)
    ws.set_column(0, 0, 40)
    ws.set_column(1, 5, 14)
    r = 4
    for key, label, f in [("engagement.active_rate", "Pairs that met", f_share),
                          ("engagement.sessions_per_pair", "Sessions per active pair", f_mean),
                          ("engagement.contact_hours", "Contact hours", f_count),
                          ("confidence.change", "Change in confidence", f_mean),
                          ("satisfaction.mean", "Satisfaction", f_mean), ("nps", "NPS", f_mean),
                          ("retention.s12", "Still employed after 12 months", f_share),
                          ("retention.hr_adjusted", "Adjusted hazard ratio", f_mean)]:
        kw = dict(versus="non-participants") if key == "retention.hr_adjusted" else {}
        now, before = L.get(key, **kw), LP.get(key, **kw)
        ws.write(r, 0, label)
        if hidden(now):
            ws.write(r, 1, fewer)
        elif now is not None:
            num(ws, r, 1, now.estimate, f)
            num(ws, r, 2, now.lower, f)
            num(ws, r, 3, now.upper, f)
        if has(before):
            num(ws, r, 4, before.estimate, f)
            if has(now):
                num(ws, r, 5, now.estimate - before.estimate, f)
        r += 1

    # Figures
    ws = sheet("Figures", COLS, [26, 8, 8, 16, 15, 12, 24, 16, 9] + [11] * 10)
    fmts = {"n": f_count, "events": f_count, "p": f_p, "p_adj": f_p, "df": f_gen, "suppressed": f_count}
    for i, rec in enumerate(F[COLS].itertuples(index=False), start=1):
        for c, (name, v) in enumerate(zip(COLS, rec)):
            if name in TEXT_COLS:
                if isinstance(v, str) and v:
                    ws.write_string(i, c, v)
            else:
                num(ws, i, c, v, fmts.get(name, f_gen))
    ws.autofilter(0, 0, len(F), len(COLS) - 1)

    # Retention: the Kaplan-Meier step tables, and a chart of the two curves of "all"
    ws = sheet("Retention", ["Cohort", "Who", "Day", "At risk", "Left", "Censored", "Still employed",
                             "Lower", "Upper"], [9, 18, 8, 10, 8, 10, 14, 10, 10])
    r = 1
    spans = {}
    for (sc, role), c in curves.items():
        t = c["steps"]
        if t is None:
            ws.write_row(r, 0, [sc, ROLE_LABEL[role], fewer])
            r += 1
            continue
        first = r
        for row in t.itertuples(index=False):
            ws.write_string(r, 0, sc)
            ws.write_string(r, 1, ROLE_LABEL[role])
            num(ws, r, 2, row.time, f_count)
            num(ws, r, 3, row.n_risk, f_count)
            num(ws, r, 4, row.n_event, f_count)
            num(ws, r, 5, row.n_censor, f_count)
            num(ws, r, 6, row.surv, f_share)
            num(ws, r, 7, row.lower, f_share)
            num(ws, r, 8, row.upper, f_share)
            r += 1
        spans[(sc, role)] = (first, r - 1)
    ch = wb.add_chart({"type": "scatter", "subtype": "straight"})
    for k, role in enumerate(["all", "non-participant"]):
        if ("all", role) in spans:
            a, b = spans[("all", role)]
            ch.add_series({"name": ROLE_LABEL[role], "categories": ["Retention", a, 2, b, 2],
                           "values": ["Retention", a, 6, b, 6], "line": {"color": PALETTE[k]}})
    ch.set_title({"name": "Still employed, all cohorts"})
    ch.set_x_axis({"name": "Days since start"})
    ch.set_y_axis({"name": "Still employed", "num_format": "0%"})
    ws.insert_chart("K2", ch, {"x_scale": 1.6, "y_scale": 1.5})

    def records(name, prefixes, kinds):
        sub = F[F.key.str.startswith(prefixes)]
        ws = sheet(name, ["Figure", "Cohort", "Versus", "Who", "Dimension", "Group", "Item", "n", "Events",
                          "Estimate", "Lower", "Upper", "Statistic", "df", "p", "p adjusted"],
                   [26, 8, 8, 16, 12, 24, 16, 9, 9, 10, 10, 10, 10, 8, 10, 10])
        for i, rec in enumerate(sub.itertuples(index=False), start=1):
            ws.write_row(i, 0, [rec.key, rec.cohort, rec.versus, rec.role, rec.dimension, rec.group, rec.item])
            if rec.suppressed:
                ws.write(i, 7, fewer)
                continue
            ef = kinds(rec.key)
            for c, v, f in ((7, rec.n, f_count), (8, rec.events, f_count), (9, rec.estimate, ef),
                            (10, rec.lower, ef), (11, rec.upper, ef), (12, rec.statistic, f_mean),
                            (13, rec.df, f_gen), (14, rec.p, f_p), (15, rec.p_adj, f_p)):
                num(ws, i, c, v, f)
        return ws

    share_keys = ("improved", "top2", "promoters", "detractors", "rate", "response_rate")
    kind_of = lambda k: f_share if k.endswith(share_keys) else f_mean  # noqa: E731
    records("Confidence", ("confidence.",), kind_of)
    records("Satisfaction", ("satisfaction.", "nps"), kind_of)

    # Engagement: by cohort, the monthly series with a native chart, channels and topics
    ws = sheet("Engagement", ["Cohort", "Live pairs", "Active pairs", "Active rate", "Sessions per pair",
                              "Cancel rate", "Contact hours", "Stalled rate", "Median gap (days)"],
               [10, 11, 12, 11, 16, 11, 13, 12, 16])
    cohorts = list(res["started"].cohort) + ["all"]
    for i, sc in enumerate(cohorts, start=1):
        g = {k: L.get("engagement." + k, cohort=sc) for k in ("active_rate", "sessions_per_pair", "cancel_rate",
                                                             "contact_hours", "stalled_rate", "gap_days")}
        ws.write(i, 0, sc)
        num(ws, i, 1, g["active_rate"].n, f_count)
        num(ws, i, 2, g["active_rate"].events, f_count)
        num(ws, i, 3, g["active_rate"].estimate, f_share)
        num(ws, i, 4, g["sessions_per_pair"].estimate, f_mean)
        num(ws, i, 5, g["cancel_rate"].estimate, f_share)
        num(ws, i, 6, g["contact_hours"].estimate, f_mean)
        num(ws, i, 7, g["stalled_rate"].estimate, f_share)
        num(ws, i, 8, g["gap_days"].estimate, f_mean)
    r0 = len(cohorts) + 3
    ws.write_row(r0, 0, ["Month"] + [f"Held sessions {sc}" for sc in cohorts], f_head)
    monthly = F[F.key == "engagement.monthly"].pivot(index="month", columns="cohort", values="n")
    for i, (m, row) in enumerate(monthly.iterrows(), start=r0 + 1):
        ws.write_string(i, 0, m)
        for j, sc in enumerate(cohorts, start=1):
            num(ws, i, j, row.get(sc, NAN), f_count)
    ch = wb.add_chart({"type": "column"})
    for j, sc in enumerate(cohorts[:-1], start=1):
        ch.add_series({"name": ["Engagement", r0, j], "categories": ["Engagement", r0 + 1, 0, r0 + len(monthly), 0],
                       "values": ["Engagement", r0 + 1, j, r0 + len(monthly), j],
                       "fill": {"color": PALETTE[(j - 1) % len(PALETTE)]}})
    ch.set_title({"name": "Held sessions each month"})
    ch.set_y_axis({"name": "Held sessions"})
    ws.insert_chart(r0, len(cohorts) + 2, ch, {"x_scale": 1.5, "y_scale": 1.3})
    r = r0 + len(monthly) + 3
    for key in ("engagement.channel", "engagement.topic"):
        ws.write_row(r, 0, ["Cohort", key.split(".")[1].title(), "Held sessions", "Share"], f_head)
        r += 1
        for rec in F[F.key == key].itertuples():
            ws.write_row(r, 0, [rec.cohort, rec.group])
            num(ws, r, 2, rec.n, f_count)
            num(ws, r, 3, rec.estimate, f_share)
            r += 1
        r += 2

    records("Cohorts", ("compare.",), lambda k: f_share if k in ("compare.retention", "compare.active_rate")
            else f_mean)
    records("Data quality", ("quality.",), kind_of)
    ws = sheet("Methods", ["Figure", "What it is"], [28, 120])
    for i, (h, text) in enumerate(METHODS, start=1):
        ws.write(i, 0, h)
        ws.write(i, 1, text, f_wrap)
    wb.close()


def manifest(out, ctx, rows):
    files = []
    for root, _, names in os.walk(out):
        for n in sorted(names):
            p = os.path.join(root, n)
            h = hashlib.sha256()
            with open(p, "rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    h.update(chunk)
            files.append({"path": os.path.relpath(p, out), "size": os.path.getsize(p), "sha256": h.hexdigest()})
    files.sort(key=lambda d: d["path"])
    doc = {"programme": ctx["prog"], "period": ctx["label"], "period_start": str(ctx["ps"].date()),
           "period_end": str(ctx["pe"].date()), "as_of": str(ctx["asof"].date()), "min_cell": ctx["min_cell"],
           "input_rows": rows, "files": files}
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(doc, f, indent=2)


# ---- main --------------------------------------------------------------------------------------

def main():
    a = parse_args()
    ps, pe = pd.Timestamp(a.period_start), pd.Timestamp(a.period_end)
    asof = pd.Timestamp(a.as_of) if a.as_of else pe

    t0 = time.perf_counter()
    raw = read_tables(a.data)
    t_read = time.perf_counter() - t0

    t1 = time.perf_counter()
    data = clean(raw)
    del raw
    voluntary = a.retention_events == "voluntary"
    res = compute(data, a.programme, ps, pe, asof, a.min_cell, voluntary)
    pps, ppe = previous_period(ps, pe)
    prev = compute(data, a.programme, pps, ppe, min(ppe, asof), a.min_cell, voluntary, headline=True)
    os.makedirs(a.out, exist_ok=True)
    ctx = dict(prog=a.programme, ps=ps, pe=pe, asof=asof, min_cell=a.min_cell, label=period_label(ps, pe),
               prev_label=period_label(pps, ppe))
    write_figures(res["F"], a.out)
    render(res, prev, ctx, a.out)
    workbook(res, prev, ctx, a.out)
    manifest(a.out, ctx, data["rows"])
    t_work = time.perf_counter() - t1

    print(f"read {t_read:.3f}", file=sys.stderr)
    print(f"work {t_work:.3f}", file=sys.stderr)


if __name__ == "__main__":
    main()
