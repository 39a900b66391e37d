/*
 * Errors meant for the user: one line "peregrine: <what>: <why>".
 *
 * fatal() is for start-up code only (option parsing, loading files the user
 * named): it prints the line and exits with status 1.  Library code returns
 * an error to its caller instead; a guest's mistakes never reach here (they
 * get the architectural answer, see ../shared/STYLE.md rule 12).
 */
#ifndef UTIL_ERROR_H
#define UTIL_ERROR_H

/* Print "peregrine: <message>" and a newline to stderr. */
void error_report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* error_report() then exit(1). */
_Noreturn void fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/*
 * An emulator bug: print "peregrine: internal error: <message>" and abort(),
 * so a core dump or gdb catches the state.  The message names the state.
 */
_Noreturn void internal_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#endif /* UTIL_ERROR_H */
