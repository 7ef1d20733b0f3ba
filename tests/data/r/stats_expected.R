# tests/data/r/stats_expected.R: the expected values of the small cases in
# tests/unit/test_stats_*.c, from R 4.2 (survival 3.5 for the survival
# ones). Each line prints the R call and its value with %.17g; the tests
# carry the same call beside the value.
#
#   Rscript tests/data/r/stats_expected.R
suppressMessages(library(survival))
v <- function(call) {
    x <- eval(parse(text = call), envir = globalenv())
    x <- unname(unlist(x))
    s <- ifelse(is.na(x), "NAN", ifelse(is.infinite(x), ifelse(x > 0, "Inf", "-Inf"), sprintf("%.17g", x)))
    cat(call, "=", paste(s, collapse = ", "), "\n")
}
quiet <- function(expr) suppressWarnings(expr)
section <- function(name) cat("\n## ", name, "\n", sep = "")

section("desc")
d1 <- c(4.2, 5.1, 3.9, 6.0, 5.5, 4.8, 5.0)
d2 <- c(10, 2, 2, 3, 4, 1)
d5 <- c(1e9 + 0.1, 1e9 + 0.2, 1e9 + 0.3, 1e9 + 0.4)
for (x in c("d1", "d2", "d5")) {
    v(sprintf("mean(%s)", x)); v(sprintf("var(%s)", x)); v(sprintf("sd(%s)", x)); v(sprintf("median(%s)", x))
    v(sprintf("t.test(%s)$conf.int", x))
}
v("median(7)")
v("median(c(1, 2))")
for (xn in list(c(7, 20), c(0, 15), c(15, 15), c(1, 1), c(123, 4567), c(0, 1)))
    v(sprintf("prop.test(%d, %d, correct = FALSE)$conf.int", xn[1], xn[2]))

section("ttest")
ex <- c(3.5, 4.0, 2.75, 4.25, 3.0, 3.5, 4.5, 3.25, 2.5, 4.0)
ba <- c(3.0, 3.5, 3.0, 3.75, 3.0, 2.5, 4.0, 3.5, 2.25, 3.0)
ta <- d1
tb <- c(3.1, 4.4, 2.9, 3.8, 4.0, 3.3, 5.2, 4.1, 3.6)
for (call in c("t.test(d1)", "t.test(d5)", "t.test(ex, ba, paired = TRUE)", "t.test(ta, tb)",
               "t.test(c(2, 2, 2), c(1, 2, 3))", "t.test(c(1.5, 2.5), c(10, 20, 30, 41))")) {
    v(paste0(call, "$estimate")); v(paste0(call, "$conf.int")); v(paste0(call, "$statistic"))
    v(paste0(call, "$parameter")); v(paste0(call, "$p.value"))
}

section("rank")
s2 <- c(1.5, -0.3, 2.2, 0.8, -1.1, 3.0, 0.45, 1.75, -0.6, 2.6)
set.seed(11); s3 <- round(rnorm(60, 0.3, 1), 3)
s4 <- (1:49) * 0.5 + 0.01
s5 <- c(-3.2, (1:49) * 0.25)
cat("s3 <-", paste(sprintf("%.17g", s3), collapse = ", "), "\n")
for (call in c("wilcox.test(ex, ba, paired = TRUE)", "wilcox.test(s2)", "wilcox.test(s3)",
               "wilcox.test(s4)", "wilcox.test(s5)", "wilcox.test(c(0, 0, 0))", "wilcox.test(-2.5)",
               "wilcox.test(c(-1, 1, 2, 2, 3))")) {
    v(paste0("quiet(", call, ")$statistic")); v(paste0("quiet(", call, ")$p.value"))
}
ra <- d1; rb <- tb
r3a <- (1:49) * 1.01; r3b <- (1:49) * 0.99 + 0.1234
r3c <- (1:49) + 100
r4a <- (1:50) / 7; r4b <- c(0.55, 1.3, 2.2, 3.05, 4.4, 5.5, 6.1, 6.6, 6.95, 7.2)
for (call in c("wilcox.test(ra, rb)", "wilcox.test(c(1, 2, 2, 3, 5), c(2, 3, 4, 4, 6, 7))",
               "wilcox.test(r3a, r3b)", "wilcox.test(r3a, r3c)", "wilcox.test(r4a, r4b)",
               "wilcox.test(c(1, 1), c(1, 1, 1))", "wilcox.test(2, 1)", "wilcox.test(c(5.5, 9, 1.25), r3b)")) {
    v(paste0("quiet(", call, ")$statistic")); v(paste0("quiet(", call, ")$p.value"))
}

section("prop")
for (call in c("prop.test(c(15, 8), c(40, 45), correct = FALSE)",
               "prop.test(c(0, 0), c(10, 12), correct = FALSE)",
               "prop.test(c(10, 12), c(10, 12), correct = FALSE)",
               "prop.test(c(0, 5), c(10, 10), correct = FALSE)",
               "prop.test(c(200, 150), c(1000, 900), correct = FALSE)")) {
    v(paste0("quiet(", call, ")$estimate")); v(paste0("quiet(", call, ")$conf.int"))
    v(paste0("quiet(", call, ")$statistic")); v(paste0("quiet(", call, ")$p.value"))
}
# fisher.test's equations solved exactly, on the log odds ratio (SPEC rule 37)
exact <- function(tab) {
    m <- sum(tab[, 1]); n <- sum(tab[, 2]); k <- sum(tab[1, ]); x <- tab[1, 1]
    lo <- max(0, k - n); hi <- min(k, m); s <- lo:hi
    logdc <- dhyper(s, m, n, k, log = TRUE)
    d <- function(th) { w <- logdc + th * s; w <- exp(w - max(w)); w / sum(w) }
    root <- function(f) uniroot(f, c(-60, 60), tol = 1e-15, maxiter = 10000)$root
    est <- if (x == lo) 0 else if (x == hi) Inf else exp(root(function(th) sum(s * d(th)) - x))
    low <- if (x == lo) 0 else exp(root(function(th) sum(d(th)[s >= x]) - 0.025))
    up <- if (x == hi) Inf else exp(root(function(th) 0.025 - sum(d(th)[s <= x])))
    c(est, low, up)
}
for (tab in c("matrix(c(3, 1, 1, 3), 2)", "matrix(c(0, 4, 5, 2), 2)", "matrix(c(5, 2, 0, 4), 2)",
              "matrix(c(180, 150, 20, 50), 2)", "matrix(c(0, 3, 0, 4), 2)", "matrix(c(3, 3, 3, 3), 2)",
              "matrix(c(1800, 1500, 200, 500), 2)", "matrix(c(2, 7, 9, 1), 2)")) {
    v(sprintf("fisher.test(%s)$p.value", tab)); v(sprintf("fisher.test(%s)$estimate", tab))
    v(sprintf("fisher.test(%s)$conf.int", tab)); v(sprintf("exact(%s)", tab))
}

section("effect")
ch <- ex - ba
v("mean(ex - ba) / sd(ex - ba)")
v("mean(s2) / sd(s2)")
hedges <- function(a, b) {
    na <- length(a); nb <- length(b)
    sp <- sqrt(((na - 1) * var(a) + (nb - 1) * var(b)) / (na + nb - 2))
    g <- (1 - 3 / (4 * (na + nb) - 9)) * (mean(a) - mean(b)) / sp
    g + c(0, -1, 1) * qnorm(0.975) * sqrt((na + nb) / (na * nb) + g^2 / (2 * (na + nb)))
}
v("hedges(ta, tb)")
v("hedges(c(1, 2), c(2, 4, 9))")
alpha <- function(X) { k <- ncol(X); k / (k - 1) * (1 - sum(apply(X, 2, var)) / var(rowSums(X))) }
A <- matrix(c(4, 5, 3, 4, 2, 3, 3, 2, 5, 5, 4, 4, 4, 4, 3, 5, 1, 2, 2, 1, 3, 4, 2, 3), ncol = 4, byrow = TRUE)
B <- matrix(c(1, 5, 2, 4, 3, 3, 4, 2, 5, 1), ncol = 2, byrow = TRUE)
v("alpha(A)")
v("alpha(B)")
nps <- function(p, d, n) { pp <- p / n; pd <- d / n; e <- 100 * (pp - pd)
    h <- qnorm(0.975) * 100 * sqrt((pp + pd - (pp - pd)^2) / n)
    c(e, max(e - h, -100), min(e + h, 100), 100^2 * (pp + pd - (pp - pd)^2) / n) }
v("nps(40, 25, 100)")
v("nps(10, 0, 10)")
v("nps(0, 0, 5)")
v("nps(3, 1, 4)")
npsdiff <- function(a, b) { d <- a[1] - b[1]; se <- sqrt(a[4] + b[4]); z <- d / se
    c(d, d - qnorm(0.975) * se, d + qnorm(0.975) * se, z, 2 * pnorm(-abs(z))) }
v("npsdiff(nps(40, 25, 100), nps(30, 30, 80))")
v("npsdiff(nps(3, 1, 4), nps(10, 0, 10))")

section("padjust")
pv <- c(0.01, 0.04, 0.03, NA, 0.2, 0.04, 0.5, 0.001)
v("p.adjust(pv, 'holm')")
v("p.adjust(pv, 'BH')")
pw <- c(0.9, 0.95, 0.5, 0.99)
v("p.adjust(pw, 'holm')")
v("p.adjust(pw, 'BH')")
v("p.adjust(c(0.03, NA), 'holm')")

section("km")
km_show <- function(fit) { v("fit$n.risk"); v("fit$n.event"); v("fit$n.censor"); v("fit$surv"); v("fit$std.err"); v("fit$lower"); v("fit$upper") }
km_at <- function(t) { s <- summary(fit, times = t); cat("summary(fit, times =", t, "): ")
    cat(sprintf("surv %.17g lower %.17g upper %.17g std.err^2 %.17g n.risk %d\n", s$surv, s$lower, s$upper, s$std.err^2, as.integer(s$n.risk))) }
t1 <- c(1, 2, 2, 3, 4, 4, 5, 6, 8, 8, 9, 12); e1 <- c(1, 1, 0, 1, 0, 1, 1, 0, 1, 1, 0, 0)
fit <- survfit(Surv(t1, e1) ~ 1, conf.type = "log-log"); cat("f1:\n"); km_show(fit)
for (t in c(0, 2, 2.5, 12)) km_at(t)
fit <- survfit(Surv(c(3, 5, 7), c(0, 0, 0)) ~ 1, conf.type = "log-log"); cat("f2:\n"); km_show(fit); km_at(4)
fit <- survfit(Surv(c(2, 4, 4, 6), c(1, 0, 1, 1)) ~ 1, conf.type = "log-log"); cat("f3:\n"); km_show(fit); km_at(5); km_at(6)
fit <- survfit(Surv(5, 1) ~ 1, conf.type = "log-log"); cat("f4:\n"); km_show(fit)
v("0.8 - 0.6 + c(0, -1, 1) * qnorm(0.975) * sqrt(0.0016 + 0.0009)")

section("logrank")
t <- c(1, 2, 2, 3, 4, 5, 5, 6, 7, 8, 9, 10); e <- c(1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0)
gr <- c(0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2)
f <- survdiff(Surv(t, e) ~ gr); v("f$obs"); v("f$exp"); v("t(f$var)"); v("f$chisq"); v("f$pvalue")
t2 <- c(0.5, 0.5, 1, 2, 3, 4, 5, 6); e2 <- c(0, 0, 1, 1, 0, 1, 1, 0); g2 <- c(2, 2, 0, 1, 0, 1, 0, 1)
f <- survdiff(Surv(t2, e2) ~ g2); v("f$obs"); v("f$exp"); v("t(f$var)"); v("f$chisq"); v("f$pvalue")
v("quiet(survdiff(Surv(t, rep(0, 12)) ~ gr))$chisq")
v("survdiff(Surv(time, status) ~ celltype, data = veteran, subset = trt == 1)$chisq")

section("cox")
cox_show <- function() { v("coef(f)"); v("sqrt(diag(f$var))"); v("summary(f)$coefficients[, 5]"); v("t(f$var)")
    v("f$loglik"); v("f$iter"); v("f$means") }
x <- c(1, 0, 1, 0, 1, 1, 0, 0); e2 <- c(1, 0, 1, 0, 1, 1, 0, 0); t2 <- c(5, 8, 3, 9, 12, 4, 7, 10)
f <- withCallingHandlers(coxph(Surv(t2, e2) ~ x), warning = function(w) {
    cat("warning:", conditionMessage(w), "\n"); invokeRestart("muffleWarning") })
cox_show()
z <- 2 * x
f <- coxph(Surv(t2, c(1, 1, 0, 1, 1, 0, 1, 0)) ~ x + z); cox_show()
set.seed(7)
n <- 30; tt <- rep(1:6, 5); ee <- rbinom(n, 1, 0.7); x1 <- round(rnorm(n, 50, 10), 1)
x2 <- rbinom(n, 1, 0.4); x3 <- sample(c(-1, 0, 1), n, TRUE)
v("ee"); v("x1"); v("x2"); v("x3")
f <- coxph(Surv(tt, ee) ~ x1 + x2 + x3, ties = "efron"); cox_show()
f <- coxph(Surv(time, status) ~ trt + karno + diagtime + age + prior + celltype, data = veteran)
v('summary(f)$conf.int["karno", c(1, 3, 4)]')
v("coef(coxph(Surv(time, status) ~ karno + trt, data = veteran))")

section("km at time 0")
fit <- survfit(Surv(c(0, 0, 3, 5, 7, 9), c(1, 0, 1, 0, 1, 0)) ~ 1, conf.type = "log-log")
for (t in c(0, 1, 9)) km_at(t)

section("cox, out of iterations")
f <- suppressWarnings(coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung,
                            control = coxph.control(iter.max = 2, eps = 1e-30)))
v("coef(f)"); v("t(f$var)"); v("f$loglik"); v("f$iter")

section("more data sets")
py <- c(4.0, 5.3, 3.1, 6.2, 5.0, 4.1, 5.5)
v("t.test(d1, py, paired = TRUE)$estimate"); v("t.test(d1, py, paired = TRUE)$conf.int")
v("t.test(d1, py, paired = TRUE)$statistic"); v("t.test(d1, py, paired = TRUE)$p.value")
v("wilcox.test(d1, py, paired = TRUE)$statistic"); v("wilcox.test(d1, py, paired = TRUE)$p.value")
v("mean(d1 - py) / sd(d1 - py)")
v("hedges(ex, ba)")
C <- matrix(c(2, 3, 1, 4, 4, 2, 1, 5, 3, 3, 3, 3, 5, 1, 4, 2, 2, 2, 5, 1), ncol = 4, byrow = TRUE)
v("alpha(C)")
