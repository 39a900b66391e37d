/*
 * User-facing error lines and internal-error aborts (include/util/error.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/error.h"
#include "util/log.h"

static void vreport(const char *prefix, const char *fmt, va_list ap)
{
    fflush(stdout);
    fprintf(stderr, "peregrine: %s", prefix);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void error_report(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport("", fmt, ap);
    va_end(ap);
}

void fatal(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport("", fmt, ap);
    va_end(ap);
    log_close();
    exit(1);
}

void internal_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport("internal error: ", fmt, ap);
    va_end(ap);
    log_close();
    abort();
}
