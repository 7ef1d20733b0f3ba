#!/usr/bin/env Rscript
# tests/oracle/figures.R: an independent reference implementation, in R, of
# the figures table of SPEC section 3 (with the disclosure control of
# section 4 and the rules of section 9), computed straight from the seven
# input CSV files. It is the test oracle for flipside's C implementation.
#
#   Rscript tests/oracle/figures.R --data DIR --programme CODE \
#       --period-start YYYY-MM-DD --period-end YYYY-MM-DD --as-of YYYY-MM-DD \
#       [--min-cell 5] [--retention-events all|voluntary] [--org ORG] \
#       [--quarantined people=N,cohorts=N,...] --out FILE.csv
#
# Base R and the survival package only. Every statistic is the R call the
# spec names; the hand formulas are the spec's. Where the spec is silent the
# decision is marked "# CHOICE:" and listed in tests/oracle/README.md.
# Rule numbers ("rule 20") are those of SPEC section 9.

suppressPackageStartupMessages(library(survival))

Z <- qnorm(0.975)                                     # rule 17
KINDS <- c("people", "cohorts", "items", "participants", "pairs", "sessions", "responses")
DIMS <- c("gender", "ethnicity", "age_band", "grade", "network", "department", "org")
WAVES <- c("baseline", "midpoint", "exit", "followup")
COLS <- c("key", "programme", "cohort", "versus", "role", "dimension", "group", "item", "month",
          "n", "events", "estimate", "lower", "upper", "statistic", "df", "p", "p_adj", "suppressed")
TEXT_COLS <- COLS[1:9]
NUM_COLS <- COLS[10:18]

die <- function(...) {
    cat("figures.R: ", ..., "\n", sep = "", file = stderr())
    quit(save = "no", status = 2)
}

# ---- command line -------------------------------------------------------------------------

parse_args <- function(a) {
    o <- list(data = NULL, programme = NULL, period_start = NULL, period_end = NULL, as_of = NULL,
              min_cell = 5, retention_events = "all", org = NULL, quarantined = NULL, out = NULL)
    names_ok <- c("--data", "--programme", "--period-start", "--period-end", "--as-of", "--min-cell",
                  "--retention-events", "--org", "--quarantined", "--out")
    i <- 1
    while (i <= length(a)) {
        f <- a[i]
        v <- NULL
        if (grepl("=", f) && startsWith(f, "--")) {
            v <- sub("^[^=]*=", "", f)
            f <- sub("=.*$", "", f)
        }
        if (f %in% c("-h", "--help")) {
            cat("usage: Rscript tests/oracle/figures.R --data DIR --programme CODE --period-start DATE",
                "--period-end DATE --as-of DATE [--min-cell N] [--retention-events all|voluntary]",
                "[--org ORG] [--quarantined people=N,...] --out FILE.csv\n")
            quit(save = "no", status = 0)
        }
        if (!(f %in% names_ok)) die("unknown option ", f)
        if (is.null(v)) {
            if (i == length(a)) die(f, " needs a value")
            v <- a[i + 1]
            i <- i + 1
        }
        o[[gsub("-", "_", sub("^--", "", f))]] <- v
        i <- i + 1
    }
    if (is.null(o$data)) die("--data DIR is required")
    if (is.null(o$out)) die("--out FILE is required")
    if (is.null(o$period_start) || is.null(o$period_end)) die("--period-start and --period-end are required")
    o$min_cell <- suppressWarnings(as.integer(o$min_cell))
    # CHOICE: SPEC 4 says min_cell is "never below 3": a smaller value is a usage error here.
    if (is.na(o$min_cell) || o$min_cell < 3) die("--min-cell must be an integer >= 3")
    if (!(o$retention_events %in% c("all", "voluntary"))) die("--retention-events must be all or voluntary")
    o
}

opt <- parse_args(commandArgs(trailingOnly = TRUE))
t_start <- proc.time()[["elapsed"]]

# ---- dates and timestamps -----------------------------------------------------------------

DATE_RE <- "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
TS_RE <- "^([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2}(?:\\.[0-9]+)?))?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$"

# Days since 1970-01-01 (integer), NA when not a real calendar date.
parse_date <- function(x) {
    ok <- !is.na(x) & grepl(DATE_RE, x)
    d <- rep(NA_integer_, length(x))
    if (any(ok)) {
        dd <- as.Date(x[ok], format = "%Y-%m-%d", optional = TRUE)
        good <- !is.na(dd) & format(dd, "%Y-%m-%d") == x[ok]
        d[ok][good] <- as.integer(dd[good])
    }
    d
}

# A date with an optional time: list(date = days of the written date part, sec = full
# timestamp in seconds (a date alone is midnight), ok).
# CHOICE: a UTC offset or Z, when present, is applied to the timestamp used for
# "latest submitted_on wins", while the date part used against periods and the
# as-of date is the date as written (rule 7 says "by their date part").
parse_ts <- function(x) {
    n <- length(x)
    ok <- !is.na(x) & grepl(TS_RE, x, perl = TRUE)
    date <- rep(NA_integer_, n)
    sec <- rep(NA_real_, n)
    if (any(ok)) {
        m <- regmatches(x[ok], regexec(TS_RE, x[ok], perl = TRUE))
        parts <- do.call(rbind, lapply(m, function(v) { length(v) <- 6; v }))
        d <- parse_date(parts[, 2])
        hh <- suppressWarnings(as.numeric(ifelse(parts[, 3] == "" | is.na(parts[, 3]), "0", parts[, 3])))
        mi <- suppressWarnings(as.numeric(ifelse(parts[, 4] == "" | is.na(parts[, 4]), "0", parts[, 4])))
        ss <- suppressWarnings(as.numeric(ifelse(parts[, 5] == "" | is.na(parts[, 5]), "0", parts[, 5])))
        tz <- parts[, 6]
        tz[is.na(tz)] <- ""
        off <- rep(0, length(tz))
        has <- tz != "" & tz != "Z"
        if (any(has)) {
            s <- ifelse(substr(tz[has], 1, 1) == "-", -1, 1)
            digits <- gsub("[^0-9]", "", tz[has])
            off[has] <- s * (as.numeric(substr(digits, 1, 2)) * 3600 + as.numeric(substr(digits, 3, 4)) * 60)
        }
        good <- !is.na(d) & hh < 24 & mi < 60 & ss < 61
        idx <- which(ok)
        date[idx[good]] <- d[good]
        sec[idx[good]] <- d[good] * 86400 + hh[good] * 3600 + mi[good] * 60 + ss[good] - off[good]
        ok[idx[!good]] <- FALSE
    }
    list(date = date, sec = sec, ok = ok)
}

arg_date <- function(x, what) {
    d <- parse_date(x)
    if (is.na(d)) die(what, " \"", x, "\" is not a date (use YYYY-MM-DD)")
    d
}
PS <- arg_date(opt$period_start, "--period-start")
PE <- arg_date(opt$period_end, "--period-end")
ASOF <- if (is.null(opt$as_of)) PE else arg_date(opt$as_of, "--as-of")
if (PS > PE) die("--period-start is after --period-end")
WE <- min(PE, ASOF)                                    # rule 10: the engagement window ends here
VOLUNTARY <- opt$retention_events == "voluntary"
MIN_CELL <- opt$min_cell
ORG <- opt$org

# ---- reading and loading ------------------------------------------------------------------

read_kind <- function(kind) {
    f <- file.path(opt$data, paste0(kind, ".csv"))
    if (!file.exists(f)) die(f, ": no such file")
    d <- read.csv(f, colClasses = "character", na.strings = "", encoding = "UTF-8",
                  fileEncoding = "UTF-8-BOM", check.names = FALSE, stringsAsFactors = FALSE,
                  comment.char = "", quote = "\"", strip.white = FALSE, blank.lines.skip = TRUE)
    d$.line <- seq_len(nrow(d))
    d
}

REQ <- list(
    people = c("person_ref", "hired_on"),
    cohorts = c("programme", "cohort", "kind", "starts_on"),
    items = c("item", "construct", "scale_min", "scale_max"),
    participants = c("programme", "cohort", "person_ref", "role", "enrolled_on"),
    pairs = c("programme", "cohort", "mentor_ref", "mentee_ref", "matched_on"),
    sessions = c("programme", "cohort", "mentor_ref", "mentee_ref", "held_on", "status"),
    responses = c("programme", "cohort", "wave", "person_ref", "submitted_on", "item", "value"))
OPT_COLS <- list(
    people = c("org", "department", "grade", "gender", "ethnicity", "age_band", "network", "left_on", "leave_reason"),
    cohorts = c("ends_on", "name"), items = c("reverse", "text"), participants = c("withdrew_on"),
    pairs = c("ended_on"), sessions = c("duration_min", "channel", "topics"), responses = character(0))

raw <- list()
for (k in KINDS) {
    d <- read_kind(k)
    miss <- setdiff(REQ[[k]], names(d))
    if (length(miss)) die(k, ".csv: required column ", miss[1], " is missing")
    for (c in OPT_COLS[[k]]) if (!(c %in% names(d))) d[[c]] <- rep(NA_character_, nrow(d))
    raw[[k]] <- d
}

# The brief lets the oracle assume clean files. The demo data of `flipside seed --scale
# demo` carries a few deliberately bad rows, so the oracle drops what section 2 says the
# ingest quarantines, in load order, so that a bad person also drops the rows naming it
# (rule 12).
# CHOICE: the checks are those section 2 lists (required value, date, code, scale,
# left_on before hired_on, session before the pair was matched, negative duration
# (rule 11), unknown person / cohort / pair / item); quality.quarantined takes these
# counts unless --quarantined gives them.
qcount <- setNames(rep(0L, length(KINDS)), KINDS)
keep_rows <- function(kind, d, ok) {
    ok[is.na(ok)] <- FALSE
    qcount[[kind]] <<- qcount[[kind]] + sum(!ok)
    d[ok, , drop = FALSE]
}
has <- function(d, cols) Reduce(`&`, lapply(cols, function(c) !is.na(d[[c]])), rep(TRUE, nrow(d)))
opt_date_ok <- function(x) is.na(x) | !is.na(parse_date(x))
is_num <- function(x) !is.na(suppressWarnings(as.numeric(x))) & grepl("^[ ]*[-+]?[0-9]", x)

# people
d <- raw$people
ok <- has(d, REQ$people) & !is.na(parse_date(d$hired_on)) & opt_date_ok(d$left_on) &
    (is.na(d$leave_reason) | d$leave_reason %in% c("voluntary", "involuntary", "retirement", "other"))
ok <- ok & (is.na(d$left_on) | is.na(parse_date(d$left_on)) | parse_date(d$left_on) >= parse_date(d$hired_on))
d <- keep_rows("people", d, ok)
# CHOICE: within one file a later line with the same key replaces the earlier one (as a
# re-ingest does), for every kind but responses (rule 7).
d <- d[!duplicated(d$person_ref, fromLast = TRUE), , drop = FALSE]
people <- data.frame(ref = d$person_ref, hired = parse_date(d$hired_on), left = parse_date(d$left_on),
                     reason = d$leave_reason, stringsAsFactors = FALSE)
for (c in DIMS) {
    v <- d[[c]]
    v[is.na(v) | v == ""] <- "unknown"                  # rule 6
    people[[c]] <- v
}
people$org_raw <- d$org                                 # rule 4 uses non-empty orgs only

# cohorts
d <- raw$cohorts
ok <- has(d, REQ$cohorts) & d$kind %in% c("pilot", "full") & !is.na(parse_date(d$starts_on)) & opt_date_ok(d$ends_on)
d <- keep_rows("cohorts", d, ok)
d <- d[!duplicated(paste(d$programme, d$cohort, sep = "\r"), fromLast = TRUE), , drop = FALSE]
cohorts_all <- data.frame(programme = d$programme, code = d$cohort, kind = d$kind,
                          start = parse_date(d$starts_on), stringsAsFactors = FALSE)

# items
d <- raw$items
smin <- suppressWarnings(as.numeric(d$scale_min))
smax <- suppressWarnings(as.numeric(d$scale_max))
ok <- has(d, REQ$items) & d$construct %in% c("confidence", "satisfaction", "nps", "other") &
    is_num(d$scale_min) & is_num(d$scale_max) & smin < smax & (is.na(d$reverse) | d$reverse %in% c("true", "false"))
d <- keep_rows("items", d, ok)
d <- d[!duplicated(d$item, fromLast = TRUE), , drop = FALSE]
items <- data.frame(item = d$item, construct = d$construct, smin = as.numeric(d$scale_min),
                    smax = as.numeric(d$scale_max), reverse = !is.na(d$reverse) & d$reverse == "true",
                    stringsAsFactors = FALSE)

# programme
progs <- unique(cohorts_all$programme)
if (is.null(opt$programme)) {
    if (length(progs) != 1) die("--programme is required when the data hold ", length(progs), " programmes")
    PROG <- progs
} else {
    PROG <- opt$programme
}
cohort_key <- function(p, c) paste(p, c, sep = "\r")
known_cohorts <- cohort_key(cohorts_all$programme, cohorts_all$code)

# participants
d <- raw$participants
ok <- has(d, REQ$participants) & d$role %in% c("mentor", "mentee") & !is.na(parse_date(d$enrolled_on)) &
    opt_date_ok(d$withdrew_on) & cohort_key(d$programme, d$cohort) %in% known_cohorts & d$person_ref %in% people$ref
d <- keep_rows("participants", d, ok)
d <- d[!duplicated(paste(d$programme, d$cohort, d$person_ref, sep = "\r"), fromLast = TRUE), , drop = FALSE]
d <- d[d$programme == PROG, , drop = FALSE]
parts_all <- data.frame(cohort = d$cohort, ref = d$person_ref, role = d$role,
                        enrolled = parse_date(d$enrolled_on), stringsAsFactors = FALSE)

# pairs
d <- raw$pairs
ok <- has(d, REQ$pairs) & !is.na(parse_date(d$matched_on)) & opt_date_ok(d$ended_on) &
    cohort_key(d$programme, d$cohort) %in% known_cohorts & d$mentor_ref %in% people$ref & d$mentee_ref %in% people$ref
d <- keep_rows("pairs", d, ok)
pair_key <- function(p, c, a, b) paste(p, c, a, b, sep = "\r")
d$pk <- pair_key(d$programme, d$cohort, d$mentor_ref, d$mentee_ref)
d <- d[!duplicated(d$pk, fromLast = TRUE), , drop = FALSE]
pairs_loaded <- d
d <- d[d$programme == PROG, , drop = FALSE]
pairs <- data.frame(pk = d$pk, cohort = d$cohort, mentor = d$mentor_ref, mentee = d$mentee_ref,
                    matched = parse_date(d$matched_on), ended = parse_date(d$ended_on), stringsAsFactors = FALSE)

# sessions
d <- raw$sessions
ts <- parse_ts(d$held_on)
d$pk <- pair_key(d$programme, d$cohort, d$mentor_ref, d$mentee_ref)
matched_of <- parse_date(pairs_loaded$matched_on)[match(d$pk, pairs_loaded$pk)]
dur_ok <- is.na(d$duration_min) | grepl("^[0-9]+$", d$duration_min)     # rule 11: negative quarantined, 0 loads
ok <- has(d, REQ$sessions) & ts$ok & d$status %in% c("held", "cancelled", "no_show") &
    (is.na(d$channel) | d$channel %in% c("in_person", "video", "phone", "chat", "other")) & dur_ok &
    !is.na(matched_of) & ts$date >= matched_of
d <- keep_rows("sessions", d, ok)
ts <- parse_ts(d$held_on)
# Key: all columns but topics and duration; the timestamp compares as a timestamp
# (a date alone is midnight). CHOICE: a later line with the same key replaces the
# earlier one's topics and duration; a blank channel equals a blank channel.
skey <- paste(d$pk, sprintf("%.6f", ts$sec), d$status, ifelse(is.na(d$channel), "\001", d$channel), sep = "\r")
keep <- !duplicated(skey, fromLast = TRUE)
d <- d[keep, , drop = FALSE]
ts <- list(date = ts$date[keep])
sel <- d$programme == PROG
sessions <- data.frame(pk = d$pk[sel], date = ts$date[sel], status = d$status[sel],
                       channel = ifelse(is.na(d$channel[sel]), "unknown", d$channel[sel]),   # rule 29
                       duration = as.numeric(d$duration_min[sel]), topics = d$topics[sel],
                       stringsAsFactors = FALSE)

# responses
d <- raw$responses
ts <- parse_ts(d$submitted_on)
ii <- match(d$item, items$item)
val <- suppressWarnings(as.numeric(d$value))
ok <- has(d, REQ$responses) & d$wave %in% WAVES & ts$ok & cohort_key(d$programme, d$cohort) %in% known_cohorts &
    d$person_ref %in% people$ref & !is.na(ii) & is_num(d$value) & val >= items$smin[ii] & val <= items$smax[ii]
d <- keep_rows("responses", d, ok)
ts <- parse_ts(d$submitted_on)
# The latest submitted_on wins (full timestamp), then the later line (rule 7). The key is
# settled over every loaded line first and the as-of date applied afterwards.
# CHOICE: a resubmission dated after the as-of date hides the earlier answer (the database
# keeps one row per key, and nothing dated after the as-of date counts), so that person
# has no answer to that item in that wave for this as-of date.
rk <- paste(d$programme, d$cohort, d$wave, d$person_ref, d$item, sep = "\r")
o <- order(rk, ts$sec, d$.line, method = "radix")
last <- !duplicated(rk[o], fromLast = TRUE)
keep_idx <- o[last]
d <- d[keep_idx, , drop = FALSE]
rdate <- ts$date[keep_idx]
sel <- d$programme == PROG & rdate <= ASOF
d <- d[sel, , drop = FALSE]
ii <- match(d$item, items$item)
resp <- data.frame(cohort = d$cohort, wave = d$wave, ref = d$person_ref, item = d$item,
                   value = as.numeric(d$value), construct = items$construct[ii],
                   smax = items$smax[ii], stringsAsFactors = FALSE)
resp$adj <- ifelse(items$reverse[ii], items$smin[ii] + items$smax[ii] - resp$value, resp$value)

# quarantine counts for quality.quarantined
if (!is.null(opt$quarantined)) {
    qcount[] <- 0L
    for (kv in strsplit(opt$quarantined, ",", fixed = TRUE)[[1]]) {
        kv <- trimws(kv)
        if (kv == "") next
        k <- sub("=.*$", "", kv)
        v <- suppressWarnings(as.integer(sub("^[^=]*=", "", kv)))
        if (!(k %in% KINDS) || is.na(v) || !grepl("=", kv)) die("--quarantined: bad entry \"", kv, "\"")
        qcount[[k]] <- v
    }
}

# ---- scope: cohorts, participants ---------------------------------------------------------

cohorts <- cohorts_all[cohorts_all$programme == PROG, , drop = FALSE]
if (nrow(cohorts) == 0) die("programme ", PROG, " has no cohorts")
cohorts <- cohorts[order(cohorts$start, cohorts$code, method = "radix"), , drop = FALSE]
started <- cohorts[cohorts$start <= ASOF, , drop = FALSE]          # rule 1
START <- setNames(cohorts$start, cohorts$code)

pidx <- function(ref) match(ref, people$ref)
person_org <- function(ref) people$org_raw[pidx(ref)]
in_org <- function(ref) if (is.null(ORG)) rep(TRUE, length(ref)) else (!is.na(person_org(ref)) & person_org(ref) == ORG)

# rule 2: a participant of the programme has a participation enrolled on or before the
# as-of date, in any cohort of the programme (started or not), withdrawn or not.
participant_refs <- unique(parts_all$ref[parts_all$enrolled <= ASOF])

# participations that figures use: started cohorts, enrolled by the as-of date, and
# (rule 43) the person in ORG when --org is given.
parts <- parts_all[parts_all$enrolled <= ASOF & parts_all$cohort %in% started$code & in_org(parts_all$ref), , drop = FALSE]
parts$start <- START[parts$cohort]
# rule 3: earliest participation (enrolled_on, then cohort start, then cohort code)
o <- order(parts$enrolled, parts$start, parts$cohort, method = "radix")
earliest <- parts[o, , drop = FALSE]
earliest <- earliest[!duplicated(earliest$ref), , drop = FALSE]

SCOPES <- c(started$code, "all")

scope_parts <- function(sc) if (sc == "all") earliest else parts[parts$cohort == sc, , drop = FALSE]

# ---- record collection --------------------------------------------------------------------

REC <- new.env()
REC$list <- vector("list", 4096)
REC$n <- 0L
# count: the people count that disclosure control uses (NA: not a figure about people).
add <- function(key, cohort, role = "all", dimension = "none", group = "all", versus = NA, item = NA, month = NA,
                n = NA, events = NA, estimate = NA, lower = NA, upper = NA, statistic = NA, df = NA, p = NA,
                count = NA, people = TRUE) {
    REC$n <- REC$n + 1L
    if (REC$n > length(REC$list)) length(REC$list) <- 2L * length(REC$list)
    REC$list[[REC$n]] <- list(key = key, cohort = cohort, versus = versus, role = role, dimension = dimension,
                              group = group, item = item, month = month, n = as.numeric(n),
                              events = as.numeric(events), estimate = as.numeric(estimate),
                              lower = as.numeric(lower), upper = as.numeric(upper),
                              statistic = as.numeric(statistic), df = as.numeric(df), p = as.numeric(p),
                              count = as.numeric(count), people = people)
    invisible(NULL)
}

# ---- statistics helpers -------------------------------------------------------------------

num1 <- function(x) if (length(x) == 0 || is.null(x)) NA_real_ else as.numeric(x[[1]])

# One-sample t figure: mean, t interval, t, df, p (rule 26 when R cannot compute it).
# CHOICE: "R cannot compute" = fewer than 2 values, a variance of exactly 0 (where R
# returns NaN instead of stopping), or t.test stopping ("data are essentially constant").
t_one <- function(x) {
    r <- list(est = if (length(x)) mean(x) else NA_real_, lo = NA, up = NA, stat = NA, df = NA, p = NA)
    if (length(x) >= 2 && var(x) > 0) {
        t <- tryCatch(t.test(x), error = function(e) NULL)
        if (!is.null(t)) {
            r$lo <- t$conf.int[1]; r$up <- t$conf.int[2]
            r$stat <- num1(t$statistic); r$df <- num1(t$parameter); r$p <- t$p.value
        }
    }
    r
}

# Paired t: t.test(exit, baseline, paired = TRUE).
t_paired <- function(x, y) {
    d <- x - y
    r <- list(est = if (length(d)) mean(d) else NA_real_, lo = NA, up = NA, stat = NA, df = NA, p = NA)
    if (length(d) >= 2 && var(d) > 0) {
        t <- tryCatch(t.test(x, y, paired = TRUE), error = function(e) NULL)
        if (!is.null(t)) {
            r$est <- num1(t$estimate)
            r$lo <- t$conf.int[1]; r$up <- t$conf.int[2]
            r$stat <- num1(t$statistic); r$df <- num1(t$parameter); r$p <- t$p.value
        }
    }
    r
}

# Welch t: t.test(a, b); the difference in means stays when R cannot compute it (rule 26).
t_welch <- function(a, b) {
    est <- if (length(a) && length(b)) mean(a) - mean(b) else NA_real_
    r <- list(est = est, lo = NA, up = NA, stat = NA, df = NA, p = NA)
    if (length(a) >= 2 && length(b) >= 2 && (var(a) / length(a) + var(b) / length(b)) > 0) {
        t <- tryCatch(t.test(a, b), error = function(e) NULL)
        if (!is.null(t)) {
            r$est <- t$estimate[[1]] - t$estimate[[2]]
            r$lo <- t$conf.int[1]; r$up <- t$conf.int[2]
            r$stat <- num1(t$statistic); r$df <- num1(t$parameter); r$p <- t$p.value
        }
    }
    r
}

# Wilson interval: prop.test(events, n, correct = FALSE)$conf.int; share = events / n.
# CHOICE: with n = 0 the share and interval are empty (n and events stay 0).
wilson <- function(x, n) {
    if (n == 0) return(list(est = NA, lo = NA, up = NA))
    t <- suppressWarnings(prop.test(x, n, correct = FALSE))
    list(est = x / n, lo = t$conf.int[1], up = t$conf.int[2])
}

wilcox_paired <- function(x, y) {
    if (length(x) == 0) return(list(stat = NA, p = NA))
    w <- tryCatch(suppressWarnings(wilcox.test(x, y, paired = TRUE)), error = function(e) NULL)
    if (is.null(w)) return(list(stat = NA, p = NA))
    list(stat = num1(w$statistic), p = w$p.value)
}

wilcox_two <- function(a, b) {
    if (length(a) == 0 || length(b) == 0) return(list(stat = NA, p = NA))
    w <- tryCatch(suppressWarnings(wilcox.test(a, b)), error = function(e) NULL)
    if (is.null(w)) return(list(stat = NA, p = NA))
    list(stat = num1(w$statistic), p = w$p.value)
}

# Hedges' g (rule 35) with the spec's interval.
hedges <- function(a, b) {
    na <- length(a); nb <- length(b)
    r <- list(est = NA, lo = NA, up = NA)
    if (na < 2 || nb < 2) return(r)
    sp <- sqrt(((na - 1) * var(a) + (nb - 1) * var(b)) / (na + nb - 2))
    if (!(sp > 0)) return(r)
    J <- 1 - 3 / (4 * (na + nb) - 9)
    g <- J * (mean(a) - mean(b)) / sp
    h <- Z * sqrt((na + nb) / (na * nb) + g^2 / (2 * (na + nb)))
    list(est = g, lo = g - h, up = g + h)
}

# Cronbach's alpha, raw, covariance form; empty for fewer than 2 complete cases, fewer
# than 2 items, or a non-finite value (var(rowSums) = 0).
cronbach <- function(X) {
    k <- ncol(X)
    if (nrow(X) < 2 || k < 2) return(NA_real_)
    a <- k / (k - 1) * (1 - sum(apply(X, 2, var)) / var(rowSums(X)))
    if (is.finite(a)) a else NA_real_
}

# NPS from 0-10 answers: estimate, its variance (in NPS points squared), counts.
nps_of <- function(v) {
    n <- length(v)
    if (n == 0) return(list(n = 0, pro = 0, det = 0, est = NA, var = NA))
    pro <- sum(v >= 9); det <- sum(v <= 6)
    pP <- pro / n; pD <- det / n
    list(n = n, pro = pro, det = det, est = 100 * (pP - pD),
         var = 100^2 * (pP + pD - (pP - pD)^2) / n)
}

# Kaplan-Meier at 182, 365, 730 days:
# summary(survfit(Surv(time, event) ~ 1, conf.type = "log-log"), times = t).
TIMES <- c(182, 365, 730)
km <- function(time, event) {
    r <- list(n = length(time), events = sum(event), S = rep(NA_real_, 3), lo = rep(NA_real_, 3),
              up = rep(NA_real_, 3), gw12 = NA_real_)
    if (r$n == 0) return(r)
    fit <- survfit(Surv(time, event) ~ 1, conf.type = "log-log")
    tt <- TIMES[TIMES <= max(time)]                     # nobody's follow-up reaches the others
    s <- if (length(tt)) summary(fit, times = tt) else list(time = numeric(0))
    for (j in seq_along(s$time)) {
        w <- match(s$time[j], TIMES)
        r$S[w] <- s$surv[j]
        if (s$surv[j] < 1 && s$surv[j] > 0) {          # rule 16
            r$lo[w] <- s$lower[j]
            r$up[w] <- s$upper[j]
        }
    }
    if (!is.na(r$S[2])) {
        # Greenwood variance of S(365): S^2 * sum d / (n (n - d)) over event times <= 365.
        # CHOICE: when S(365) = 0 the term d/(n(n-d)) is infinite and S^2 * Inf is NaN:
        # the interval of a difference that uses it is empty.
        sel <- fit$time <= 365 & fit$n.event > 0
        d <- fit$n.event[sel]; nr <- fit$n.risk[sel]
        r$gw12 <- r$S[2]^2 * sum(d / (nr * (nr - d)))
    }
    r
}

# Log-rank over groups: survdiff(Surv(time, event) ~ group); df = groups with expected > 0,
# minus 1; NULL when fewer than two groups have expected > 0 (rules 18, 19).
logrank <- function(time, event, group) {
    if (length(unique(group)) < 2) return(NULL)
    g <- factor(group, levels = sort(unique(group), method = "radix"))
    sd <- tryCatch(suppressWarnings(survdiff(Surv(time, event) ~ g)), error = function(e) NULL)
    if (is.null(sd)) return(NULL)   # CHOICE: a singular variance (R stops) gives an empty test
    k <- sum(sd$exp > 0)
    if (k < 2) return(NULL)
    list(chisq = sd$chisq, df = k - 1, p = pchisq(sd$chisq, k - 1, lower.tail = FALSE))
}

# Difference of two S(365) with the Greenwood interval, and the log-rank test of the two
# groups (retention.vs_comparison, compare.retention).
km_difference <- function(ta, ea, tb, eb) {
    A <- km(ta, ea); B <- km(tb, eb)
    r <- list(A = A, B = B, est = NA, lo = NA, up = NA, stat = NA, df = NA, p = NA)
    if (!is.na(A$S[2]) && !is.na(B$S[2])) {
        r$est <- A$S[2] - B$S[2]
        se <- sqrt(A$gw12 + B$gw12)
        if (is.finite(se)) { r$lo <- r$est - Z * se; r$up <- r$est + Z * se }
    }
    if (length(ta) > 0 && length(tb) > 0) {
        lr <- logrank(c(ta, tb), c(ea, eb), c(rep("a", length(ta)), rep("b", length(tb))))
        if (!is.null(lr)) { r$stat <- lr$chisq; r$df <- 1; r$p <- lr$p }
    }
    r
}

# Conditional MLE odds ratio and its interval as fisher.test defines them, solved to the
# exact roots (rule 37): R's own uniroot stops early. The equations are those of R 4.2's
# fisher.test for a 2 x 2 table, solved on the log scale with uniroot(tol = 1e-13).
fisher_exact_roots <- function(tab, conf.level = 0.95) {
    m <- sum(tab[, 1]); n <- sum(tab[, 2]); k <- sum(tab[1, ]); x <- tab[1, 1]
    lo <- max(0, k - n); hi <- min(k, m)
    support <- lo:hi
    logdc <- dhyper(support, m, n, k, log = TRUE)
    dnhyper <- function(lncp) {
        d <- logdc + lncp * support
        d <- exp(d - max(d))
        d / sum(d)
    }
    mnhyper <- function(lncp) sum(support * dnhyper(lncp))
    pnhyper <- function(q, lncp, upper.tail = FALSE) {
        d <- dnhyper(lncp)
        sum(d[if (upper.tail) support >= q else support <= q])
    }
    solve <- function(f) {
        u <- uniroot(f, c(-1, 1), extendInt = "yes", tol = 1e-13, maxiter = 10000)$root
        exp(u)
    }
    alpha <- (1 - conf.level) / 2
    est <- if (x == lo) 0 else if (x == hi) Inf else solve(function(u) mnhyper(u) - x)
    upper <- if (x == hi) Inf else solve(function(u) pnhyper(x, u) - alpha)
    lower <- if (x == lo) 0 else solve(function(u) pnhyper(x, u, upper.tail = TRUE) - alpha)
    c(est = est, lower = lower, upper = upper)
}

# Cox model for retention.hr_adjusted with the factor rules of rule 20.
# d: data.frame(time, event, participant (0/1), grade, gender, age_band, tenure_years).
cox_hr <- function(d) {
    r <- list(est = NA, lo = NA, up = NA, stat = NA, p = NA)
    # participant is numeric 0/1; the figure is exp(coef(participant)).
    if (sum(d$event[d$participant == 1]) == 0 || sum(d$event[d$participant == 0]) == 0) return(r)
    terms <- c("participant")
    for (f in c("grade", "gender", "age_band")) {
        v <- d[[f]]                                          # already "unknown" for blanks
        cnt <- table(v)
        ev <- tapply(d$event, v, sum)
        with_ev <- names(ev)[ev > 0]
        cand <- with_ev[cnt[with_ev] == max(cnt[with_ev])]
        ref <- sort(cand, method = "radix")[1]              # ties: byte order
        v[!(v %in% with_ev)] <- ref                          # levels without an event join the reference
        lev <- c(ref, sort(setdiff(unique(v), ref), method = "radix"))
        if (length(lev) < 2) next                            # a one-level factor is left out
        d[[f]] <- factor(v, levels = lev)
        terms <- c(terms, f)
    }
    terms <- c(terms, "tenure_years")
    fml <- as.formula(paste("Surv(time, event) ~", paste(terms, collapse = " + ")))
    infinite <- FALSE
    fit <- withCallingHandlers(
        tryCatch(coxph(fml, data = d, ties = "efron"), error = function(e) NULL),
        warning = function(w) {
            if (grepl("may be infinite|did not converge", conditionMessage(w))) infinite <<- TRUE
            invokeRestart("muffleWarning")
        })
    # CHOICE: "a coefficient is infinite" means any coefficient of the model (R's warning
    # "Loglik converged before variable ...; coefficient may be infinite", or "one or more
    # coefficients may be infinite"), not only the participant's; and "Ran out of
    # iterations and did not converge" counts too (R runs its infinite-coefficient check
    # only on a converged fit, and a fit that runs out of its 20 iterations is, in these
    # models, one whose coefficients run off to infinity). A participant
    # coefficient that R leaves NA (singular X) also gives an empty figure. The p-value is
    # summary.coxph's, pchisq(z^2, 1, lower.tail = FALSE).
    if (is.null(fit) || infinite) return(r)
    cf <- summary(fit)$coefficients
    b <- cf["participant", "coef"]; se <- cf["participant", "se(coef)"]
    if (!is.finite(b) || !is.finite(se)) return(r)
    list(est = exp(b), lo = exp(b - Z * se), up = exp(b + Z * se), stat = b / se,
         p = cf["participant", "Pr(>|z|)"])
}

# ---- 3.1 retention ------------------------------------------------------------------------

# time and event from an origin (rules 8, 21).
follow_up <- function(origin, left, reason) {
    gone <- !is.na(left) & left <= ASOF
    event <- if (VOLUNTARY) gone & !is.na(reason) & reason == "voluntary" else gone
    time <- ifelse(gone, left - origin, ASOF - origin)
    list(time = as.numeric(time), event = as.integer(event))
}

retention_data <- function(sc) {
    sp <- scope_parts(sc)
    pi <- pidx(sp$ref)
    P <- data.frame(ref = sp$ref, role = sp$role, origin = sp$enrolled, stringsAsFactors = FALSE)
    for (c in DIMS) P[[c]] <- people[[c]][pi]
    P$hired <- people$hired[pi]; P$left <- people$left[pi]; P$reason <- people$reason[pi]
    P <- P[is.na(P$left) | P$left >= P$origin, , drop = FALSE]        # rule 8
    fu <- follow_up(P$origin, P$left, P$reason)
    P$time <- fu$time; P$event <- fu$event
    # comparison group: no participation (rule 2), employed on the origin (rule 4), in an
    # org the scope's participants come from.
    # CHOICE: the orgs of cohort C are those of its participants enrolled by the as-of date,
    # rule-8 exclusions and withdrawn participants included (they are participants).
    # CHOICE: for `all` the orgs are those of every participant of the started cohorts
    # (the participants `all` pools), and the origin is the earliest cohort's start.
    origin <- if (sc == "all") min(started$start) else START[[sc]]
    orgs <- unique(person_org(sp$ref))
    orgs <- orgs[!is.na(orgs) & orgs != ""]
    cm <- !(people$ref %in% participant_refs) & people$hired <= origin & (is.na(people$left) | people$left > origin) &
        !is.na(people$org_raw) & people$org_raw %in% orgs
    if (!is.null(ORG)) cm <- cm & people$org_raw == ORG
    C <- people[cm, , drop = FALSE]
    C$role <- rep("non-participant", nrow(C))
    C$origin <- rep(origin, nrow(C))
    fu <- follow_up(C$origin, C$left, C$reason)
    C$time <- fu$time; C$event <- fu$event
    cols <- c("ref", "role", "origin", "hired", "time", "event", DIMS)
    list(P = P[, cols, drop = FALSE], C = C[, cols, drop = FALSE])
}

# CHOICE: the role `non-participant` (the comparison group) gets s6/s12/s24 and
# retention.logrank records like the other roles; vs_comparison and hr_adjusted are for
# the roles all, mentor and mentee. A figure that cannot be computed keeps n and events
# (and the people count for disclosure control) with empty value fields.
RET <- list()          # per scope, for the log-rank step after disclosure control
for (sc in SCOPES) {
    R <- retention_data(sc)
    RET[[sc]] <- R
    for (role in c("all", "mentor", "mentee", "non-participant")) {
        X <- if (role == "non-participant") R$C else if (role == "all") R$P else R$P[R$P$role == role, , drop = FALSE]
        for (dim in c("none", DIMS)) {
            groups <- if (dim == "none") "all" else sort(unique(X[[dim]]), method = "radix")
            for (g in groups) {
                sel <- if (dim == "none") rep(TRUE, nrow(X)) else X[[dim]] == g
                k <- km(X$time[sel], X$event[sel])
                for (j in 1:3) {
                    add(c("retention.s6", "retention.s12", "retention.s24")[j], sc, role, dim, g,
                        n = k$n, events = k$events, estimate = k$S[j], lower = k$lo[j], upper = k$up[j],
                        count = k$n)
                }
            }
        }
    }
    # participants against the comparison group
    for (role in c("all", "mentor", "mentee")) {
        X <- if (role == "all") R$P else R$P[R$P$role == role, , drop = FALSE]
        C <- R$C
        for (dim in c("none", DIMS)) {
            # CHOICE: a group has a vs_comparison record when it has participants (rule 27's
            # n is the participants); comparison people of groups without participants
            # appear in no vs_comparison record.
            groups <- if (dim == "none") "all" else sort(unique(X[[dim]]), method = "radix")
            for (g in groups) {
                sx <- if (dim == "none") rep(TRUE, nrow(X)) else X[[dim]] == g
                sc2 <- if (dim == "none") rep(TRUE, nrow(C)) else C[[dim]] == g
                kd <- km_difference(X$time[sx], X$event[sx], C$time[sc2], C$event[sc2])
                add("retention.vs_comparison", sc, role, dim, g, versus = "non-participants",
                    n = sum(sx), events = sum(X$event[sx]), estimate = kd$est, lower = kd$lo, upper = kd$up,
                    statistic = kd$stat, df = kd$df, p = kd$p, count = min(sum(sx), sum(sc2)))
            }
        }
        # adjusted hazard ratio
        M <- rbind(data.frame(time = X$time, event = X$event, participant = rep(1, nrow(X)), grade = X$grade,
                              gender = X$gender, age_band = X$age_band,
                              tenure_years = (X$origin - X$hired) / 365.25, stringsAsFactors = FALSE),
                   data.frame(time = C$time, event = C$event, participant = rep(0, nrow(C)), grade = C$grade,
                              gender = C$gender, age_band = C$age_band,
                              tenure_years = (C$origin - C$hired) / 365.25, stringsAsFactors = FALSE))
        h <- cox_hr(M)
        add("retention.hr_adjusted", sc, role, "none", "all", versus = "non-participants",
            n = nrow(M), events = sum(M$event), estimate = h$est, lower = h$lo, upper = h$up,
            statistic = h$stat, p = h$p, count = min(nrow(X), nrow(C)))
    }
}

# ---- 3.2 / 3.3 surveys --------------------------------------------------------------------

CONF <- items$item[items$construct == "confidence"]
SAT <- items$item[items$construct == "satisfaction"]
# CHOICE: with more than one `nps` item in the items table, the one first in byte order
# is the NPS question (the spec speaks of one).
NPSI <- sort(items$item[items$construct == "nps"], method = "radix")[1]
kc <- length(CONF); ks <- length(SAT)
need_c <- ceiling(kc / 2); need_s <- ceiling(ks / 2)          # rule 22

resp <- resp[resp$cohort %in% started$code, , drop = FALSE]
resp$ck <- paste(resp$cohort, resp$ref, sep = "\r")
UK <- unique(resp$ck)
SV <- data.frame(ck = UK, cohort = sub("\r.*$", "", UK), ref = sub("^[^\r]*\r", "", UK), stringsAsFactors = FALSE)
row_of <- match(resp$ck, UK)

wave_matrix <- function(wave, its, value = "adj") {
    M <- matrix(NA_real_, length(UK), length(its), dimnames = list(NULL, its))
    s <- resp$wave == wave & resp$item %in% its
    if (any(s)) M[cbind(row_of[s], match(resp$item[s], its))] <- resp[[value]][s]
    M
}
# A score: sum / count in double precision when at least ceil(k/2) items are answered.
score_of <- function(M, need) {
    cnt <- rowSums(!is.na(M))
    s <- rowSums(M, na.rm = TRUE) / cnt
    s[cnt < need | cnt == 0] <- NA
    s
}
CB <- wave_matrix("baseline", CONF)
CE <- wave_matrix("exit", CONF)
SV$base <- score_of(CB, need_c)
SV$exit <- score_of(CE, need_c)
# satisfaction: exit when any satisfaction answer at exit, else midpoint (rule 23)
SXa <- wave_matrix("exit", SAT); SMa <- wave_matrix("midpoint", SAT)
SXr <- wave_matrix("exit", SAT, "value"); SMr <- wave_matrix("midpoint", SAT, "value")
use_exit <- rowSums(!is.na(SXa)) > 0
SA <- SMa; SA[use_exit, ] <- SXa[use_exit, ]
SR <- SMr; SR[use_exit, ] <- SXr[use_exit, ]
# CHOICE: a reverse satisfaction item counts reversed in the score (as in 3.2); top2
# counts the raw value (rule 23).
SV$sat <- score_of(SA, need_s)
sat_max <- items$smax[match(SAT, items$item)]
SV$sat_n <- rowSums(!is.na(SR))
SV$sat_top <- rowSums(!is.na(SR) & SR >= matrix(sat_max - 1, nrow(SR), ncol(SR), byrow = TRUE))
# NPS: exit, else midpoint (rule 24)
if (!is.na(NPSI)) {
    nx <- wave_matrix("exit", NPSI, "value")[, 1]
    nm <- wave_matrix("midpoint", NPSI, "value")[, 1]
    SV$nps <- ifelse(!is.na(nx), nx, nm)
} else {
    SV$nps <- rep(NA_real_, nrow(SV))
}
# waves answered (any item), for quality.response_rate
for (w in WAVES) SV[[paste0("w_", w)]] <- UK %in% resp$ck[resp$wave == w]

# The survey people of a scope: one row per person, with the row of SV whose answers count.
# CHOICE: cohort C's survey figures take everyone with an answer in C dated by the as-of
# date (rule 14: an answer from a non-participant of C counts like any other row); the role
# is that of the person's participation in C enrolled by the as-of date, and a person
# without one has no role and counts in role `all` only.
# `all`: each person once through the earliest participation (rule 3).
# CHOICE: a respondent with no participation in a started cohort counts in `all` through
# the earliest-starting cohort (then cohort code) they answered in, with no role.
survey_people <- function(sc) {
    if (sc != "all") {
        rows <- which(SV$cohort == sc)
        rows <- rows[in_org(SV$ref[rows])]
        pr <- parts[parts$cohort == sc, , drop = FALSE]
        role <- pr$role[match(SV$ref[rows], pr$ref)]
    } else {
        r1 <- match(paste(earliest$cohort, earliest$ref, sep = "\r"), SV$ck)
        role1 <- earliest$role[!is.na(r1)]
        r1 <- r1[!is.na(r1)]
        others <- which(!(SV$ref %in% earliest$ref) & in_org(SV$ref))
        others <- others[order(SV$ref[others], START[SV$cohort[others]], SV$cohort[others], method = "radix")]
        others <- others[!duplicated(SV$ref[others])]
        rows <- c(r1, others)
        role <- c(role1, rep(NA_character_, length(others)))
    }
    X <- SV[rows, , drop = FALSE]
    X$role <- role
    X$row <- rows
    pi <- pidx(X$ref)
    for (c in DIMS) X[[c]] <- people[[c]][pi]
    X
}

# Survey figures of one set of people (rows of a survey_people table).
survey_figures <- function(X, sc, role, dim, g) {
    none <- dim == "none"
    put <- function(key, n, ...) if (none || n >= 1) add(key, sc, role, dim, g, n = n, ...)
    b <- X$base; e <- X$exit
    hb <- !is.na(b); he <- !is.na(e); both <- hb & he
    for (w in c("baseline", "exit")) {
        x <- if (w == "baseline") b[hb] else e[he]
        t <- t_one(x)
        put(paste0("confidence.", w), length(x), estimate = t$est, lower = t$lo, upper = t$up, count = length(x))
    }
    xe <- e[both]; xb <- b[both]; ch <- xe - xb; nb <- sum(both)
    t <- t_paired(xe, xb)
    put("confidence.change", nb, estimate = t$est, lower = t$lo, upper = t$up, statistic = t$stat, df = t$df,
        p = t$p, count = nb)
    w <- wilcox_paired(xe, xb)
    put("confidence.wilcoxon", nb, statistic = w$stat, p = w$p, count = nb)
    dz <- if (nb >= 2 && sd(ch) > 0) mean(ch) / sd(ch) else NA
    put("confidence.dz", nb, estimate = dz, count = nb)
    up <- sum(ch > 0)
    wl <- wilson(up, nb)
    put("confidence.improved", nb, events = up, estimate = wl$est, lower = wl$lo, upper = wl$up, count = nb)
    for (w in c("baseline", "exit")) {
        # CHOICE: alpha uses the reverse-scored values of reverse items (rule 25's per-item
        # scoring), over the people who answered every confidence item of the items table.
        M <- if (w == "baseline") CB[X$row, , drop = FALSE] else CE[X$row, , drop = FALSE]
        cc <- rowSums(is.na(M)) == 0
        a <- if (kc > 0) cronbach(M[cc, , drop = FALSE]) else NA
        put(paste0("confidence.alpha_", w), sum(cc), estimate = a, count = sum(cc))
    }
    # CHOICE: item_change takes everyone with an answer to the item in both waves (the half
    # rule for one item is that answer), whether or not they have a construct score.
    for (it in CONF) {
        vb <- CB[X$row, it]; ve <- CE[X$row, it]
        s <- !is.na(vb) & !is.na(ve)
        t <- t_paired(ve[s], vb[s])
        if (none || sum(s) >= 1)
            add("confidence.item_change", sc, role, dim, g, item = it, n = sum(s), estimate = t$est, lower = t$lo,
                upper = t$up, statistic = t$stat, df = t$df, p = t$p, count = sum(s))
    }
    # satisfaction
    hs <- !is.na(X$sat)
    t <- t_one(X$sat[hs])
    put("satisfaction.mean", sum(hs), estimate = t$est, lower = t$lo, upper = t$up, count = sum(hs))
    na <- sum(X$sat_n); nt <- sum(X$sat_top)
    wl <- wilson(nt, na)
    put("satisfaction.top2", na, events = nt, estimate = wl$est, lower = wl$lo, upper = wl$up,
        count = sum(X$sat_n > 0))
    # NPS
    v <- X$nps[!is.na(X$nps)]
    np <- nps_of(v)
    lo <- up <- NA
    if (np$n > 0) {
        h <- Z * sqrt(np$var)
        lo <- max(-100, np$est - h); up <- min(100, np$est + h)
    }
    put("nps", np$n, estimate = np$est, lower = lo, upper = up, count = np$n)
    wl <- wilson(np$pro, np$n)
    put("nps.promoters", np$n, events = np$pro, estimate = wl$est, lower = wl$lo, upper = wl$up, count = np$n)
    wl <- wilson(np$det, np$n)
    put("nps.detractors", np$n, events = np$det, estimate = wl$est, lower = wl$lo, upper = wl$up, count = np$n)
}

SURV <- list()
for (sc in SCOPES) {
    X <- survey_people(sc)
    SURV[[sc]] <- X
    for (role in c("all", "mentor", "mentee")) {
        Y <- if (role == "all") X else X[!is.na(X$role) & X$role == role, , drop = FALSE]
        for (dim in c("none", DIMS)) {
            groups <- if (dim == "none") "all" else sort(unique(Y[[dim]]), method = "radix")
            for (g in groups) {
                sel <- if (dim == "none") rep(TRUE, nrow(Y)) else Y[[dim]] == g
                survey_figures(Y[sel, , drop = FALSE], sc, role, dim, g)
            }
        }
    }
}

# ---- 3.6 response rate --------------------------------------------------------------------

for (sc in SCOPES) {
    sp <- scope_parts(sc)
    # the cohort whose answers count: the cohort itself, or in `all` the earliest participation's
    ck <- paste(sp$cohort, sp$ref, sep = "\r")
    r <- match(ck, SV$ck)
    for (w in WAVES) {
        ans <- !is.na(r) & SV[[paste0("w_", w)]][ifelse(is.na(r), 1L, r)]
        ev <- sum(ans)
        if (ev == 0) next                                  # rule 32
        wl <- wilson(ev, nrow(sp))
        # CHOICE: section 4 says quality figures "describe pairs and sessions, not people,
        # and are never suppressed", but a response rate counts people, and rule 39 (which
        # settles what sections 2-5 leave open) suppresses "every figure about people": the
        # response rate is suppressed when its n (participants) is below min_cell.
        add("quality.response_rate", sc, "all", "wave", w, n = nrow(sp), events = ev, estimate = wl$est,
            lower = wl$lo, upper = wl$up, count = nrow(sp))
    }
}

for (k in KINDS)
    add("quality.quarantined", "all", "all", "kind", k, n = qcount[[k]], people = FALSE)

# ---- 3.4 engagement -----------------------------------------------------------------------

if (!is.null(ORG)) pairs <- pairs[in_org(pairs$mentee), , drop = FALSE]     # rule 43
pairs <- pairs[pairs$cohort %in% started$code, , drop = FALSE]
sessions <- sessions[sessions$pk %in% pairs$pk, , drop = FALSE]
sessions$cohort <- pairs$cohort[match(sessions$pk, pairs$pk)]

month_of <- function(d) format(as.Date(d, origin = "1970-01-01"), "%Y-%m")
pe_date <- as.Date(PE, origin = "1970-01-01")
MONTHS <- format(seq(as.Date(format(pe_date, "%Y-%m-01")), by = "-1 month", length.out = 12), "%Y-%m")

engagement <- function(sc) {
    P <- if (sc == "all") pairs else pairs[pairs$cohort == sc, , drop = FALSE]
    S <- sessions[sessions$pk %in% P$pk, , drop = FALSE]
    eng <- function(key, ...) add(key, sc, "all", people = FALSE, ...)
    live <- P$matched <= WE & (is.na(P$ended) | P$ended >= PS)
    Lp <- P[live, , drop = FALSE]
    # sessions in the window; rule 14: sessions after the pair ended count.
    W <- S[S$date >= PS & S$date <= WE, , drop = FALSE]
    H <- W[W$status == "held", , drop = FALSE]
    held_by_pair <- table(factor(H$pk, levels = Lp$pk))
    # CHOICE: an active pair is a live pair with a held session in the window, so that
    # events <= n in active_rate; sessions of pairs that are not live still count in the
    # session figures (cancel_rate, contact_hours, gap_days, monthly, channel, topic).
    active <- as.vector(held_by_pair) > 0
    wl <- wilson(sum(active), nrow(Lp))
    eng("engagement.active_rate", n = nrow(Lp), events = sum(active), estimate = wl$est, lower = wl$lo, upper = wl$up)
    spp <- as.numeric(held_by_pair[active])
    t <- t_one(spp)
    eng("engagement.sessions_per_pair", n = length(spp), estimate = t$est, lower = t$lo, upper = t$up)
    canc <- sum(W$status %in% c("cancelled", "no_show"))
    wl <- wilson(canc, nrow(W))
    eng("engagement.cancel_rate", n = nrow(W), events = canc, estimate = wl$est, lower = wl$lo, upper = wl$up)
    # CHOICE: contact_hours n = events = held sessions, with or without a duration (the
    # table's "held sessions" and its "counted in events").
    dur <- H$duration; dur[is.na(dur)] <- 0
    eng("engagement.contact_hours", n = nrow(H), events = nrow(H), estimate = sum(dur) / 60)
    # stalled: last held session on or before the reference date, at any time, else matched_on
    HS <- S[S$status == "held" & S$date <= WE, , drop = FALSE]
    last <- if (nrow(HS)) tapply(HS$date, HS$pk, max) else c(none = NA)
    lastd <- as.numeric(last[Lp$pk])
    lastd[is.na(lastd)] <- Lp$matched[is.na(lastd)]
    stalled <- sum(WE - lastd > 60)
    wl <- wilson(stalled, nrow(Lp))
    eng("engagement.stalled_rate", n = nrow(Lp), events = stalled, estimate = wl$est, lower = wl$lo, upper = wl$up)
    # gaps between consecutive held sessions of a pair, both in the window (dates).
    # CHOICE: n = the number of gaps; two held sessions on one day give a gap of 0.
    gaps <- numeric(0)
    if (nrow(H) > 1) {
        o <- order(H$pk, H$date, method = "radix")
        pk <- H$pk[o]; dt <- H$date[o]
        same <- pk[-1] == pk[-length(pk)]
        gaps <- as.numeric((dt[-1] - dt[-length(dt)])[same])
    }
    eng("engagement.gap_days", n = length(gaps), estimate = if (length(gaps)) median(gaps) else NA)
    # monthly: the 12 months up to the period end; nothing after the as-of date counts.
    # CHOICE: events = distinct pairs of the scope with a held session that month, live or
    # not (liveness belongs to the period); estimate empty.
    HM <- S[S$status == "held" & S$date <= ASOF, , drop = FALSE]
    hm <- month_of(HM$date)
    for (m in MONTHS) {
        s <- hm == m
        add("engagement.monthly", sc, "all", month = m, n = sum(s), events = length(unique(HM$pk[s])), people = FALSE)
    }
    # channels and topics of held sessions in the window.
    # CHOICE: a record for each value that occurs (none with zero sessions); n = held
    # sessions with it, events empty, estimate = n / all held sessions of the scope.
    # Tags are trimmed with trimws (space, tab, CR, LF).
    nh <- nrow(H)
    if (nh > 0) {
        for (ch in sort(unique(H$channel), method = "radix")) {
            k <- sum(H$channel == ch)
            add("engagement.channel", sc, "all", "channel", ch, n = k, estimate = k / nh, people = FALSE)
        }
        tags <- lapply(strsplit(ifelse(is.na(H$topics), "", H$topics), ";", fixed = TRUE), function(v) {
            v <- trimws(v)
            unique(v[v != ""])
        })
        tags <- unlist(tags)
        if (length(tags)) {
            tt <- table(tags)
            for (tg in sort(names(tt), method = "radix"))
                add("engagement.topic", sc, "all", "topic", tg, n = as.numeric(tt[[tg]]), estimate = tt[[tg]] / nh,
                    people = FALSE)
        }
    }
    list(live = nrow(Lp), active = sum(active))
}

ENG <- list()
for (sc in SCOPES) ENG[[sc]] <- engagement(sc)

# ---- 3.5 cohort comparison ----------------------------------------------------------------

if (nrow(started) >= 2) {
    for (ia in seq_len(nrow(started))) for (ib in seq_len(nrow(started))) {
        A <- started$code[ia]; B <- started$code[ib]
        if (!(started$start[ia] > started$start[ib])) next          # rule 34
        cmp <- function(key, ...) add(key, A, "all", versus = B, ...)
        # retention
        PA <- RET[[A]]$P; PB <- RET[[B]]$P
        kd <- km_difference(PA$time, PA$event, PB$time, PB$event)
        cmp("compare.retention", n = nrow(PA), events = sum(PA$event), estimate = kd$est, lower = kd$lo,
            upper = kd$up, statistic = kd$stat, df = kd$df, p = kd$p, count = min(nrow(PA), nrow(PB)))
        XA <- SURV[[A]]; XB <- SURV[[B]]
        # confidence change
        ca <- (XA$exit - XA$base); ca <- ca[!is.na(ca)]
        cb <- (XB$exit - XB$base); cb <- cb[!is.na(cb)]
        t <- t_welch(ca, cb)
        cnt <- min(length(ca), length(cb))
        cmp("compare.confidence_change", n = length(ca), estimate = t$est, lower = t$lo, upper = t$up,
            statistic = t$stat, df = t$df, p = t$p, count = cnt)
        h <- hedges(ca, cb)
        cmp("compare.confidence_change_g", n = length(ca), estimate = h$est, lower = h$lo, upper = h$up, count = cnt)
        # satisfaction
        sa <- XA$sat[!is.na(XA$sat)]; sb <- XB$sat[!is.na(XB$sat)]
        cnt <- min(length(sa), length(sb))
        t <- t_welch(sa, sb)
        cmp("compare.satisfaction", n = length(sa), estimate = t$est, lower = t$lo, upper = t$up,
            statistic = t$stat, df = t$df, p = t$p, count = cnt)
        w <- wilcox_two(sa, sb)
        cmp("compare.satisfaction_mwu", n = length(sa), statistic = w$stat, p = w$p, count = cnt)
        h <- hedges(sa, sb)
        cmp("compare.satisfaction_g", n = length(sa), estimate = h$est, lower = h$lo, upper = h$up, count = cnt)
        # NPS (rule 36). CHOICE: "all empty when a side has nobody" keeps n (A's count).
        na_ <- nps_of(XA$nps[!is.na(XA$nps)]); nb_ <- nps_of(XB$nps[!is.na(XB$nps)])
        est <- lo <- up <- st <- p <- NA
        if (na_$n > 0 && nb_$n > 0) {
            est <- na_$est - nb_$est
            se <- sqrt(na_$var + nb_$var)
            lo <- est - Z * se; up <- est + Z * se
            if (se > 0) { st <- est / se; p <- 2 * pnorm(-abs(st)) }
        }
        cmp("compare.nps", n = na_$n, estimate = est, lower = lo, upper = up, statistic = st, p = p,
            count = min(na_$n, nb_$n))
        # active rate (pairs: never suppressed; rule 37)
        ea <- ENG[[A]]; eb <- ENG[[B]]
        if (ea$live > 0 && eb$live > 0) {
            pt <- suppressWarnings(prop.test(c(ea$active, eb$active), c(ea$live, eb$live), correct = FALSE))
            cmp("compare.active_rate", n = ea$live, events = ea$active,
                estimate = pt$estimate[[1]] - pt$estimate[[2]], lower = pt$conf.int[1], upper = pt$conf.int[2],
                statistic = num1(pt$statistic), df = num1(pt$parameter), p = pt$p.value, people = FALSE)
            # CHOICE: the table has cohorts A, B as rows and active, not active as columns,
            # so the odds ratio is the odds of being active in A over those in B.
            tab <- matrix(c(ea$active, eb$active, ea$live - ea$active, eb$live - eb$active), 2)
            ft <- fisher.test(tab)
            ex <- fisher_exact_roots(tab)
            cmp("compare.active_rate_fisher", n = ea$live, events = ea$active, estimate = ex[["est"]],
                lower = ex[["lower"]], upper = ex[["upper"]], p = ft$p.value, people = FALSE)
        } else {
            cmp("compare.active_rate", n = ea$live, events = ea$active, people = FALSE)
            cmp("compare.active_rate_fisher", n = ea$live, events = ea$active, people = FALSE)
        }
    }
}

# ---- disclosure control (section 4, rules 39-41) ------------------------------------------

recs <- REC$list[seq_len(REC$n)]
col <- function(name) {
    proto <- if (name == "people") NA else if (name %in% TEXT_COLS) NA_character_ else NA_real_
    vapply(recs, function(r) { v <- r[[name]]; if (is.null(v) || length(v) == 0 || is.na(v)) proto else v }, proto,
           USE.NAMES = FALSE)
}
F <- data.frame(key = col("key"), cohort = col("cohort"), versus = col("versus"), role = col("role"),
                dimension = col("dimension"), group = col("group"), item = col("item"), month = col("month"),
                stringsAsFactors = FALSE)
for (c in c("n", "events", "estimate", "lower", "upper", "statistic", "df", "p", "count")) F[[c]] <- col(c)
F$people <- col("people")
F$p_adj <- NA_real_
F$suppressed <- 0L

# primary. CHOICE: secondary suppression runs over the people figures only, and
# retention.logrank (computed afterwards from the groups shown) takes part in neither.
F$suppressed[which(F$people & F$count < MIN_CELL)] <- 1L
# secondary: one pass over the breakdowns as they stand after primary suppression
bk <- paste(F$key, F$cohort, F$role, F$dimension, F$versus, F$item, F$month, sep = "\r")
pp <- which(F$people)
for (grp in split(pp, bk[pp])) {
    if (length(grp) < 2) next
    s <- F$suppressed[grp] == 1L
    if (sum(s) != 1) next
    shown <- grp[!s]
    o <- order(F$count[shown], F$group[shown], method = "radix")
    F$suppressed[shown[o[1]]] <- 1L
}

# ---- retention.logrank over the groups shown in retention.s12 (rule 19) --------------------

lr_rows <- list()
for (sc in SCOPES) {
    R <- RET[[sc]]
    for (role in c("all", "mentor", "mentee", "non-participant")) {
        X <- if (role == "non-participant") R$C else if (role == "all") R$P else R$P[R$P$role == role, , drop = FALSE]
        if (nrow(X) == 0) next
        s12 <- F[F$key == "retention.s12" & F$cohort == sc & F$role == role, , drop = FALSE]
        ps <- rep(NA_real_, length(DIMS))
        rows <- list()
        for (j in seq_along(DIMS)) {
            dim <- DIMS[j]
            shown <- s12$group[s12$dimension == dim & s12$suppressed == 0L]
            sel <- X[[dim]] %in% shown
            r <- data.frame(key = "retention.logrank", cohort = sc, versus = NA, role = role, dimension = dim,
                            group = "all", item = NA, month = NA, n = NA, events = NA, estimate = NA, lower = NA,
                            upper = NA, statistic = NA, df = NA, p = NA, count = NA, people = FALSE, p_adj = NA,
                            suppressed = 0L, stringsAsFactors = FALSE)
            if (length(shown) == 0) {
                r$suppressed <- 1L
            } else {
                r$n <- sum(sel); r$events <- sum(X$event[sel])
                lr <- logrank(X$time[sel], X$event[sel], X[[dim]][sel])
                if (!is.null(lr)) { r$statistic <- lr$chisq; r$df <- lr$df; r$p <- lr$p; ps[j] <- lr$p }
            }
            rows[[j]] <- r
        }
        ok <- !is.na(ps)
        if (any(ok)) {
            adj <- p.adjust(ps[ok], "holm")
            for (j in seq_along(adj)) rows[[which(ok)[j]]]$p_adj <- adj[j]
        }
        lr_rows <- c(lr_rows, rows)
    }
}
F <- rbind(F, do.call(rbind, lr_rows))

# ---- Benjamini-Hochberg for confidence.item_change, after disclosure control (rule 28) ---

ic <- which(F$key == "confidence.item_change" & F$suppressed == 0L & !is.na(F$p))
if (length(ic)) {
    bkey <- paste(F$cohort[ic], F$role[ic], F$dimension[ic], F$group[ic], sep = "\r")
    for (grp in split(ic, bkey)) F$p_adj[grp] <- p.adjust(F$p[grp], "BH")
}

# rule 41: a suppressed record keeps its text fields only
F[F$suppressed == 1L, NUM_COLS] <- NA

# ---- output -------------------------------------------------------------------------------

fmt_num <- function(x) {
    s <- rep("", length(x))
    ok <- is.finite(x)
    s[ok] <- sprintf("%.17g", x[ok])
    s[s == "-0"] <- "0"
    s
}
csv_text <- function(x) {
    x[is.na(x)] <- ""
    q <- grepl("[\",\r\n]", x)
    x[q] <- paste0("\"", gsub("\"", "\"\"", x[q]), "\"")
    x
}
F$programme <- PROG
F <- F[order(F$key, F$cohort, F$versus, F$role, F$dimension, F$group, F$item, F$month, method = "radix",
             na.last = FALSE), , drop = FALSE]
out <- data.frame(lapply(COLS, function(c) {
    if (c %in% TEXT_COLS) csv_text(F[[c]]) else if (c == "suppressed") as.character(F$suppressed) else fmt_num(F[[c]])
}), stringsAsFactors = FALSE)
names(out) <- COLS
con <- file(opt$out, open = "wb")
writeLines(paste(COLS, collapse = ","), con, sep = "\n")
if (nrow(out)) writeLines(do.call(paste, c(out, sep = ",")), con, sep = "\n")
close(con)

cat(sprintf("figures.R: %d records (%d suppressed) for %s, %s..%s, as-of %s, in %.1f s\n", nrow(out),
            sum(F$suppressed), PROG, opt$period_start, opt$period_end, format(as.Date(ASOF, origin = "1970-01-01")),
            proc.time()[["elapsed"]] - t_start), file = stderr())
