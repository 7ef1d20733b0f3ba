/*
 * status.h: the one status type of flipside, and the message that goes with it.
 *
 * Every function that can fail returns an `int` status: STATUS_OK (0) on
 * success, one of the codes below otherwise. The place that calls a library
 * (libpq, GSL, cairo, pango, libxlsxwriter, the C library) turns the
 * library's error into one of these codes and records a one-line message
 * with err_set(); callers further up may prefix what they were doing with
 * err_prefix(). Only the command layer prints the message and exits.
 *
 * The message buffer is per thread: a worker thread (pipeline/pool.h) keeps
 * its own message, which the caller reads from the job it handed out.
 */
#ifndef FLIPSIDE_COMMON_STATUS_H
#define FLIPSIDE_COMMON_STATUS_H

#include <stdarg.h>

enum status {
    STATUS_OK = 0,
    STATUS_USAGE,    /* bad command line, setting or unreadable input file */
    STATUS_IO,       /* a file or directory could not be read or written */
    STATUS_NOMEM,    /* an allocation failed */
    STATUS_DB,       /* the database refused, failed or went away */
    STATUS_DATA,     /* input data breaks a rule (a quarantinable row) */
    STATUS_RENDER,   /* cairo, pango or libxlsxwriter failed */
    STATUS_LOCKED,   /* another run holds the lock */
    STATUS_EMPTY,    /* too little data to compute: the result is empty */
    STATUS_DOMAIN,   /* an argument outside the method's domain */
    STATUS_NOCONV,   /* an iterative method did not converge */
    STATUS_LIMIT,    /* a size cap was reached */
    STATUS_INTERNAL  /* a bug: an invariant did not hold */
};

/* The name of a status in words ("database error"); never NULL. */
const char *status_str(int status);

/*
 * Record `fmt` as the current message and return `status`, so that a failure
 * reads `return err_set(STATUS_IO, "open %s: %s", path, strerror(errno));`.
 * The message is truncated at ERR_MSG_MAX bytes.
 */
int err_set(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* As err_set, with a va_list. */
int err_vset(int status, const char *fmt, va_list ap);

/*
 * Put "what: " in front of the current message and return `status`,
 * for adding context on the way up: `return err_prefix(st, "extract %s", q);`.
 */
int err_prefix(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The current message, or status_str() of the last code when none was set. */
const char *err_msg(void);

/* Forget the current message. */
void err_clear(void);

#define ERR_MSG_MAX 1024

#endif
