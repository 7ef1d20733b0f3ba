#include "common/status.h"

#include <stdio.h>
#include <string.h>

static _Thread_local char err_text[ERR_MSG_MAX];
static _Thread_local int err_last = STATUS_OK;

const char *status_str(int status)
{
    switch (status) {
    case STATUS_OK:       return "success";
    case STATUS_USAGE:    return "usage error";
    case STATUS_IO:       return "input/output error";
    case STATUS_NOMEM:    return "out of memory";
    case STATUS_DB:       return "database error";
    case STATUS_DATA:     return "bad data";
    case STATUS_RENDER:   return "rendering error";
    case STATUS_LOCKED:   return "locked by another run";
    case STATUS_EMPTY:    return "too little data";
    case STATUS_DOMAIN:   return "argument out of domain";
    case STATUS_NOCONV:   return "did not converge";
    case STATUS_LIMIT:    return "size limit reached";
    case STATUS_INTERNAL: return "internal error";
    default:              return "unknown error";
    }
}

int err_vset(int status, const char *fmt, va_list ap)
{
    vsnprintf(err_text, sizeof err_text, fmt, ap);
    err_last = status;
    return status;
}

int err_set(int status, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    err_vset(status, fmt, ap);
    va_end(ap);
    return status;
}

int err_prefix(int status, const char *fmt, ...)
{
    char old[ERR_MSG_MAX];
    size_t n;
    va_list ap;

    memcpy(old, err_text, sizeof old);
    if (old[0] == '\0')
        snprintf(old, sizeof old, "%s", status_str(status));
    va_start(ap, fmt);
    vsnprintf(err_text, sizeof err_text, fmt, ap);
    va_end(ap);
    /* what + ": " + old, cut at the buffer's end */
    n = strlen(err_text);
    if (n + 2 < sizeof err_text) {
        memcpy(err_text + n, ": ", 3);
        n += 2;
        size_t k = strlen(old);

        if (k > sizeof err_text - n - 1)
            k = sizeof err_text - n - 1;
        memcpy(err_text + n, old, k);
        err_text[n + k] = '\0';
    }
    err_last = status;
    return status;
}

const char *err_msg(void)
{
    if (err_text[0] == '\0')
        return status_str(err_last);
    return err_text;
}

void err_clear(void)
{
    err_text[0] = '\0';
    err_last = STATUS_OK;
}
