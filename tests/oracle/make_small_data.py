#!/usr/bin/env python3
"""Writes the oracle's small hand-made data set, tests/data/oracle/*.csv.

    python3 tests/oracle/make_small_data.py tests/data/oracle

Deterministic (a fixed seed for the filler values); every edge case the
oracle is meant to pin down is placed by hand and named in a comment here
and in tests/oracle/README.md. Period 2026-07-01..2026-09-30, as-of
2026-09-30. Regenerating rewrites the seven CSV files only.
"""
import csv
import datetime as dt
import os
import random
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "tests/data/oracle"
rng = random.Random(20260930)
D = dt.date.fromisoformat


def iso(d):
    return d.isoformat() if d else ""


def add(d, days):
    return d + dt.timedelta(days=days)


# ---- cohorts -------------------------------------------------------------------------------
# P1 (pilot): every pair ended before the period: a cohort with no live pair (rule 31).
# F1, F2: full-scale. F3 starts after the as-of date: no records (rule 1).
cohorts = [
    ("RM", "P1", "pilot", "2025-01-15", "2025-12-31", "Pilot, digital & culture"),
    ("RM", "F1", "full", "2025-09-01", "2026-08-31", "Cohort 1"),
    ("RM", "F2", "full", "2026-03-01", "2027-02-28", "Cohort 2"),
    ("RM", "F3", "full", "2026-11-01", "", "Cohort 3 (not started)"),
]
START = {c[1]: D(c[3]) for c in cohorts}

# ---- people --------------------------------------------------------------------------------
NETWORK_COMMA = "Disability, Carers & Wellbeing Network"   # a group text that needs CSV quoting
people = {}


def person(ref, org, dept, grade, gender, eth, age, net, hired, left=None, reason=None):
    people[ref] = dict(person_ref=ref, org=org, department=dept, grade=grade, gender=gender, ethnicity=eth,
                       age_band=age, network=net, hired_on=hired, left_on=left or "", leave_reason=reason or "")


DEPTS = ["Technology", "People & Culture"]
ETHS = ["White", "White", "Asian", ""]
NETS = ["", "", NETWORK_COMMA]


def filler(ref, org, junior, hired, gender=None, left=None, reason=None):
    g = gender if gender is not None else rng.choice(["Woman", "Man", "Woman", "Man"])
    person(ref, org, rng.choice(DEPTS), rng.choice(["G1", "G2"] if junior else ["G4", "G5"]), g, rng.choice(ETHS),
           "25-34" if junior else rng.choice(["45-54", "55-64"]), rng.choice(NETS), hired, left, reason)


# Participants S001-S041 (mentors junior, mentees senior).
ORG_OF = {}
for i in range(1, 42):
    ref = "S%03d" % i
    ORG_OF[ref] = "contoso" if i % 4 == 0 else "northwind"
mentor_refs = {"P1": ["S001", "S002", "S003", "S004", "S005", "S006"],
               "F1": ["S013", "S014", "S015", "S016", "S017", "S018", "S019", "S020"],
               "F2": ["S029", "S030", "S031", "S032", "S033", "S001"]}       # S001: in P1 and F2
mentee_refs = {"P1": ["S007", "S008", "S009", "S010", "S011", "S012"],
               "F1": ["S021", "S022", "S023", "S024", "S025", "S026", "S027", "S028"],
               "F2": ["S034", "S035", "S036", "S037", "S038", "S039"]}
junior = set(sum(mentor_refs.values(), [])) | {"S040"}
for i in range(1, 42):
    ref = "S%03d" % i
    hired = iso(add(D("2018-01-01"), rng.randrange(0, 2200)))
    filler(ref, ORG_OF[ref], ref in junior, hired)
# hand-placed retention edge cases
people["S003"].update(left_on="2026-11-30", leave_reason="voluntary")     # leaves after the as-of date
people["S005"].update(left_on="2025-06-30", leave_reason="voluntary")
people["S008"].update(left_on="2025-01-14", leave_reason="involuntary")   # left_on == enrolled_on: event at 0
people["S010"].update(left_on="2025-01-05", leave_reason="other")         # left before enrolling: out
people["S011"].update(left_on="2025-11-15", leave_reason="retirement")
people["S012"].update(left_on="2026-02-01", leave_reason="voluntary")
people["S016"].update(left_on="2026-01-31", leave_reason="voluntary")
people["S024"].update(left_on="2026-05-10", leave_reason="involuntary")
people["S027"].update(left_on="2025-10-01", leave_reason="voluntary")
people["S036"].update(left_on="2026-06-30", leave_reason="voluntary")
people["S038"].update(left_on="2026-09-30", leave_reason="other")          # leaves on the as-of date: event
for ref in ("S002", "S009", "S021"):                                       # a rare group: suppressed
    people[ref]["gender"] = "Non-binary"
people["S030"]["gender"] = ""                                              # blank: group unknown
people["S025"]["org"] = ""                                                 # blank org: not an org of F1
people["S010"]["hired_on"] = "2019-03-01"

# Non-participants N001-N036: the comparison groups.
for i in range(1, 37):
    ref = "N%03d" % i
    org = "northwind" if i <= 20 else "contoso"
    hired = iso(add(D("2016-01-01"), rng.randrange(0, 2800)))
    left = reason = None
    if i % 3 == 0:
        left = iso(add(D("2025-02-01"), rng.randrange(0, 640)))
        reason = rng.choice(["voluntary", "voluntary", "involuntary", "retirement", "other"])
    filler(ref, org, i % 2 == 0, hired, left=left, reason=reason)
people["N010"]["gender"] = "Non-binary"
people["N020"]["gender"] = ""
people["N033"]["org"] = "fabrikam"          # an org no participant comes from: in no comparison group
people["N034"]["org"] = "fabrikam"
people["N035"]["org"] = ""                  # blank org: in no comparison group
people["N036"].update(hired_on="2015-05-01", left_on="2024-12-01", leave_reason="voluntary")  # gone before P1
people["N030"].update(hired_on="2025-06-01", left_on="", leave_reason="")  # hired after P1 started
people["N031"].update(hired_on="2017-03-01", left_on="2025-10-15", leave_reason="voluntary")  # P1, F1; not F2
people["N032"].update(left_on="2026-12-01", leave_reason="voluntary")       # leaves after the as-of date
# a row that a later line replaces (key replacement: the later line wins)
replaced_line = dict(people["N001"], department="Old department", gender="Man")

# ---- participants --------------------------------------------------------------------------
participants = []
ENROL = {}
for c, base in (("P1", "2025-01-10"), ("F1", "2025-08-25"), ("F2", "2026-02-20")):
    for role, refs in (("mentor", mentor_refs[c]), ("mentee", mentee_refs[c])):
        for ref in refs:
            e = add(D(base), rng.randrange(0, 11))
            ENROL[(c, ref)] = e
            participants.append(["RM", c, ref, role, iso(e), ""])
for row in participants:
    if row[1] == "P1" and row[2] == "S008":
        row[4] = "2025-01-14"
    if row[1] == "P1" and row[2] == "S010":
        row[4] = "2025-01-16"
    if row[1] == "F2" and row[2] == "S001":
        row[4] = "2026-02-25"
    if row[1] == "F1" and row[2] == "S018":
        row[5] = "2026-02-01"                                     # withdrawn: changes no figure (rule 9)
participants.append(["RM", "F3", "S040", "mentor", "2026-09-20", ""])   # enrolled by the as-of: not comparison
participants.append(["RM", "F3", "S041", "mentee", "2026-10-10", ""])   # enrolled after the as-of: may be
for row in participants:
    ENROL[(row[1], row[2])] = D(row[4])

# ---- pairs and sessions --------------------------------------------------------------------
pairs = []
sessions = []
CHANNELS = ["in_person", "video", "video", "phone", "chat", ""]
TOPICS = ["AI tools; social media", " Gen Z culture ;AI tools;AI tools", "", "hybrid work;;  inclusion",
          "ai tools", "inclusion", "data literacy; AI tools", "LinkedIn"]


def session(c, a, b, when, status="held", dur="45", channel=None, topics=None):
    ch = rng.choice(CHANNELS) if channel is None else channel
    tp = rng.choice(TOPICS) if topics is None else topics
    sessions.append(["RM", c, a, b, when, dur, status, ch, tp])


def stamp(d):
    k = rng.randrange(0, 3)
    if k == 0:
        return iso(d)
    if k == 1:
        return "%sT%02d:%02d:00" % (iso(d), rng.randrange(8, 18), rng.choice([0, 30]))
    return "%s %02d:%02d" % (iso(d), rng.randrange(8, 18), rng.choice([0, 15, 30, 45]))


def series(c, a, b, first, last, every, cancel=0.15):
    d = first
    while d <= last:
        st = "held" if rng.random() > cancel else rng.choice(["cancelled", "no_show"])
        dur = rng.choice(["30", "45", "60", "90"]) if st == "held" else ""
        session(c, a, b, stamp(d), st, dur)
        d = add(d, every + rng.randrange(-3, 4))


for c in ("P1", "F1", "F2"):
    for k, (a, b) in enumerate(zip(mentor_refs[c], mentee_refs[c])):
        matched = add(START[c], 3 + k)
        ended = ""
        if c == "P1":
            ended = "2025-08-15" if k == 0 else "2025-12-31"          # P1: no live pair in the period
        if c == "F1" and k in (0, 1, 2):
            ended = "2026-08-31"
        if c == "F1" and k == 6:
            ended = "2026-06-15"                                       # ended before the period
        pairs.append(["RM", c, a, b, iso(matched), ended])
        if c == "F1" and k == 7:
            # never held a session: stalled through matched_on, live but not active
            session(c, a, b, iso(add(matched, 10)), "cancelled", "")
            session(c, a, b, iso(D("2026-07-21")), "no_show", "", "video", "")
            continue
        end = D(ended) if ended else D("2026-09-30")
        if c == "F1" and k == 4:
            end = D("2026-07-20")                                      # last held 72 days before: stalled, active
        series(c, a, b, add(matched, 5), end, 16 if c != "P1" else 21)
        if c == "F1" and k == 4:
            session(c, a, b, "2026-07-20T10:00:00", "held", "60", "video", "AI tools")
pairs.append(["RM", "F3", "S040", "S041", "2026-10-15", ""])

# hand-placed session edge cases
f1 = dict(zip(mentor_refs["F1"], mentee_refs["F1"]))
f2 = dict(zip(mentor_refs["F2"], mentee_refs["F2"]))
session("F1", "S019", f1["S019"], "2026-07-10", "held", "60", "phone", "LinkedIn")   # after the pair ended (rule 14)
session("F2", "S029", f2["S029"], "2026-08-12T09:00:00", "held", "", "", "AI tools;AI tools; ai tools ")  # no duration, no channel
session("F2", "S029", f2["S029"], "2026-08-12T16:00:00", "held", "30", "chat", "")   # same day: gap 0
session("F2", "S031", f2["S031"], "2026-09-30 17:30", "held", "45", "other", "inclusion;")  # on the as-of date
session("F2", "S031", f2["S031"], "2026-10-05", "held", "45", "video", "inclusion")  # after the as-of: never counts
session("F2", "S032", f2["S032"], "2026-07-01", "held", "0", "in_person", "hybrid work")  # duration 0
dup = ["RM", "F2", "S033", f2["S033"], "2026-09-02T11:00:00", "45", "held", "video", "social media"]
sessions.append(dup)
sessions.append(list(dup))                                                  # an exact duplicate line: once

# ---- items and responses -------------------------------------------------------------------
items = [
    ["conf_ai", "confidence", "1", "5", "false", "I feel confident using AI tools"],
    ["conf_social", "confidence", "1", "5", "false", "I can use social media to engage colleagues"],
    ["conf_data", "confidence", "1", "5", "", "I can read the data my teams use"],
    ["conf_outoftouch", "confidence", "1", "5", "true", "I worry about looking out of touch"],  # reverse item
    ["sat_overall", "satisfaction", "1", "5", "false", "Overall, I am satisfied with the programme"],
    ["sat_match", "satisfaction", "1", "5", "false", "My partner was a good match"],
    ["sat_time", "satisfaction", "1", "5", "false", "The time was worth it"],
    ["nps", "nps", "0", "10", "false", "How likely are you to recommend the programme?"],
    ["hours_week", "other", "0", "40", "false", "Hours a week you give to the programme"],
]
CONF = ["conf_ai", "conf_social", "conf_data", "conf_outoftouch"]
SAT = ["sat_overall", "sat_match", "sat_time"]
WAVE_DAY = {"baseline": 5, "midpoint": 100, "exit": 200, "followup": 400}
responses = []


def answer(c, wave, ref, when, item, value):
    responses.append(["RM", c, wave, ref, when, item, str(value)])


def clamp(v, lo=1, hi=5):
    return max(lo, min(hi, v))


for row in participants:
    c, ref = row[1], row[2]
    if c == "F3":
        continue
    level = rng.randrange(1, 5)                                        # items agree with each other
    base = [clamp(level + rng.choice([-1, 0, 0, 0, 1])) for _ in CONF]
    gain = rng.choice([0, 0, 1, 1, 1, 2])
    for wave in ("baseline", "midpoint", "exit", "followup"):
        if wave == "followup" and c != "P1":
            continue
        if wave == "exit" and rng.random() < 0.1:
            continue                                                    # some never answer at exit
        when = add(START[c], WAVE_DAY[wave] + rng.randrange(0, 5))
        ts = "%s %02d:%02d:%02d" % (iso(when), rng.randrange(7, 22), rng.randrange(60), rng.randrange(60))
        step = {"baseline": 0, "midpoint": 0, "exit": 1, "followup": 1}[wave]
        for j, it in enumerate(CONF):
            v = clamp(base[j] + step * gain)
            if it == "conf_outoftouch":
                v = 6 - v                                              # reverse item: low means confident
            if wave in ("baseline", "exit", "followup"):
                answer(c, wave, ref, ts, it, v)
        if wave in ("midpoint", "exit"):
            s = rng.choice([2, 3, 4, 4, 5])
            for it in SAT:
                answer(c, wave, ref, ts, it, clamp(s + rng.choice([-1, 0, 0, 1])))
            if c == "F1":
                nps = rng.choice([0, 3, 6, 7, 8, 9, 10, 10])          # NPS extremes
            else:
                nps = rng.choice([9, 10])                             # P1 and F2: promoters only
            answer(c, wave, ref, ts, "nps", nps)
        answer(c, wave, ref, ts, "hours_week", rng.randrange(0, 6))


def drop(pred):
    responses[:] = [r for r in responses if not pred(r)]


# S007: one confidence answer at baseline (fewer than ceil(4/2)): no baseline score
drop(lambda r: r[3] == "S007" and r[2] == "baseline" and r[5] in ("conf_social", "conf_data", "conf_outoftouch"))
# S014: exactly half (2 of 4) at baseline: has a score
drop(lambda r: r[3] == "S014" and r[2] == "baseline" and r[5] in ("conf_data", "conf_outoftouch"))
# S022: one satisfaction answer at exit: no score, no fall-back to midpoint; top2 counts it
drop(lambda r: r[3] == "S022" and r[2] == "exit" and r[5] in ("sat_match", "sat_time"))
# S035: no exit at all, satisfaction from midpoint
drop(lambda r: r[3] == "S035" and r[2] == "exit")


def first_ts(ref, c, wave):
    return next(r[4] for r in responses if r[3] == ref and r[1] == c and r[2] == wave)


# Exit confidence equal to baseline for a few people: zero changes (and ties)
for ref, c in (("S013", "F1"), ("S015", "F1"), ("S031", "F2")):
    base = {r[5]: r[6] for r in responses if r[3] == ref and r[1] == c and r[2] == "baseline" and r[5] in CONF}
    for r in responses:
        if r[3] == ref and r[1] == c and r[2] == "exit" and r[5] in CONF:
            r[6] = base[r[5]]
# Resubmissions (the latest submitted_on wins, then the later line; rule 7)
t = first_ts("S017", "F1", "baseline")
answer("F1", "baseline", "S017", t[:10] + " 06:00:00", "conf_ai", 5)        # later line, earlier time: loses
t = first_ts("S018", "F1", "baseline")
answer("F1", "baseline", "S018", t, "conf_social", 1)                       # same time, later line: wins
t = first_ts("S019", "F1", "exit")
answer("F1", "exit", "S019", t[:10] + "T23:59:59", "sat_overall", 5)        # later time: wins
answer("F2", "exit", "S033", "2026-10-03", "conf_ai", 5)                    # resubmitted after the as-of date
for r in responses:                                                         # S034 answered exit after the as-of
    if r[3] == "S034" and r[1] == "F2" and r[2] == "exit":
        r[4] = "2026-10-02T08:00:00"
# S001 (in P1 and F2) answers in both; `all` uses P1's answers (rule 3). Already generated.
# N005, not a participant, answers F1's baseline survey (rule 14: counts like any other row)
for it, v in zip(CONF, (2, 3, 2, 4)):
    answer("F1", "baseline", "N005", "2025-09-08", it, v)

# ---- write ---------------------------------------------------------------------------------
os.makedirs(OUT, exist_ok=True)


def write(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


PCOLS = ["person_ref", "org", "department", "grade", "gender", "ethnicity", "age_band", "network", "hired_on",
         "left_on", "leave_reason"]
prow = [[people[r][k] for k in PCOLS] for r in sorted(people)]
prow.insert(0, [replaced_line[k] for k in PCOLS])
write("people.csv", PCOLS, prow)
write("cohorts.csv", ["programme", "cohort", "kind", "starts_on", "ends_on", "name"], cohorts)
write("items.csv", ["item", "construct", "scale_min", "scale_max", "reverse", "text"], items)
write("participants.csv", ["programme", "cohort", "person_ref", "role", "enrolled_on", "withdrew_on"], participants)
write("pairs.csv", ["programme", "cohort", "mentor_ref", "mentee_ref", "matched_on", "ended_on"], pairs)
write("sessions.csv", ["programme", "cohort", "mentor_ref", "mentee_ref", "held_on", "duration_min", "status",
                       "channel", "topics"], sessions)
write("responses.csv", ["programme", "cohort", "wave", "person_ref", "submitted_on", "item", "value"], responses)
