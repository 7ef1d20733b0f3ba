#!/usr/bin/env Rscript
# tests/oracle/compare.R: compares a figures.csv with the oracle's, record by record,
# joined on the text fields, with SPEC 3's tolerances:
#   relative 1e-6 (absolute 1e-9 for p-values below 1e-6; exact for n, events and
#   suppressed), and relative 1e-3 for the odds ratio and interval of
#   compare.active_rate_fisher (rule 37). An empty field must be empty on both sides.
#
#   Rscript tests/oracle/compare.R EXPECTED.csv ACTUAL.csv [--allow-extra KEY,KEY...]
#
# Prints one line per difference (at most 50, then a count per key and field) and
# exits 0 when the files agree, 1 when they do not, 2 on a usage error.

a <- commandArgs(trailingOnly = TRUE)
allow <- character(0)
i <- which(a == "--allow-extra")
if (length(i)) {
    if (i == length(a)) { cat("compare.R: --allow-extra needs a value\n", file = stderr()); quit(status = 2) }
    allow <- strsplit(a[i + 1], ",", fixed = TRUE)[[1]]
    a <- a[-c(i, i + 1)]
}
if (length(a) != 2) {
    cat("usage: Rscript tests/oracle/compare.R EXPECTED.csv ACTUAL.csv [--allow-extra KEY,...]\n", file = stderr())
    quit(status = 2)
}
TEXT <- c("key", "programme", "cohort", "versus", "role", "dimension", "group", "item", "month")
NUM <- c("n", "events", "estimate", "lower", "upper", "statistic", "df", "p", "p_adj", "suppressed")
rd <- function(f) {
    d <- read.csv(f, colClasses = "character", na.strings = character(0), encoding = "UTF-8", check.names = FALSE)
    miss <- setdiff(c(TEXT, NUM), names(d))
    if (length(miss)) { cat("compare.R: ", f, ": no column ", miss[1], "\n", sep = "", file = stderr()); quit(status = 2) }
    d$.id <- do.call(paste, c(d[TEXT], sep = "\r"))
    if (anyDuplicated(d$.id)) {
        cat("compare.R: ", f, ": a record twice: ", gsub("\r", ",", d$.id[anyDuplicated(d$.id)]), "\n", sep = "",
            file = stderr())
        quit(status = 1)
    }
    d
}
E <- rd(a[1]); A <- rd(a[2])
bad <- character(0)
note <- function(kind, id, field = "", e = "", g = "") {
    bad <<- c(bad, sprintf("%s\t%s\t%s\texpected [%s]\tgot [%s]", kind, gsub("\r", ",", id), field, e, g))
}
for (id in setdiff(E$.id, A$.id)) note("missing", id)
extra <- setdiff(A$.id, E$.id)
extra <- extra[!(sub("\r.*$", "", extra) %in% allow)]
for (id in extra) note("extra", id)
m <- match(E$.id, A$.id)
both <- which(!is.na(m))
for (f in NUM) {
    e <- E[[f]][both]; g <- A[[f]][m[both]]
    key <- E$key[both]
    ev <- suppressWarnings(as.numeric(e)); gv <- suppressWarnings(as.numeric(g))
    ok <- e == g
    num <- !ok & e != "" & g != "" & !is.na(ev) & !is.na(gv)
    if (f %in% c("n", "events", "suppressed")) {
        num[] <- FALSE
    }
    rel <- ifelse(key == "compare.active_rate_fisher" & f %in% c("estimate", "lower", "upper"), 1e-3, 1e-6)
    scale <- pmax(abs(ev), abs(gv))
    close <- abs(ev - gv) <= rel * scale | abs(ev - gv) <= 1e-300
    if (f %in% c("p", "p_adj")) close <- close | (scale < 1e-6 & abs(ev - gv) <= 1e-9)
    ok[num] <- close[num]
    for (j in which(!ok)) note("differs", E$.id[both][j], f, e[j], g[j])
}
if (length(bad) == 0) {
    cat(sprintf("compare.R: %d records agree\n", nrow(E)))
    quit(status = 0)
}
cat(head(bad, 50), sep = "\n")
parts <- strsplit(bad, "\t", fixed = TRUE)
tab <- table(vapply(parts, function(p) paste(p[1], sub(",.*$", "", p[2]), p[3]), ""))
cat(sprintf("compare.R: %d differences\n", length(bad)))
print(tab)
quit(status = 1)
