/*
 * Logging: the one API behind -d ITEM,ITEM and -D FILE.
 *
 * Every part of the emulator logs through qlog()/qlog_mask(); the item names
 * come from include/util/log-items.def, so -d help, the parser and the enum
 * never drift.  Output goes to stderr unless -D names a file.  The log is
 * shared by all threads: a multi-line block is written between log_lock()
 * and log_unlock() so it stays in one piece.
 */
#ifndef UTIL_LOG_H
#define UTIL_LOG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef enum LogItem {
#define LOG_ITEM(id, name, help) LOG_##id,
#include "util/log-items.def"
#undef LOG_ITEM
    LOG_ITEM__COUNT
} LogItem;

_Static_assert(LOG_ITEM__COUNT <= 64, "log_mask holds at most 64 items");

/* Bit (1 << item) is set for each item enabled with -d. */
extern uint64_t log_mask;

/* True when ITEM was enabled with -d.  Cheap enough for hot paths. */
static inline bool log_enabled(LogItem item)
{
    return (log_mask >> item) & 1;
}

/* Print to the log unconditionally (a no-op costs nothing if unused). */
void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print to the log when ITEM is enabled. */
#define qlog_mask(item, ...)                                                   \
    do {                                                                       \
        if (log_enabled(item)) {                                               \
            log_printf(__VA_ARGS__);                                           \
        }                                                                      \
    } while (0)

/*
 * Take the log for a multi-line block; returns the stream to write to.
 * Must be paired with log_unlock().  Never returns NULL.
 */
FILE *log_lock(void);
void log_unlock(FILE *f);

/*
 * Parse a -d argument ("item,item", "help" is handled by the caller) and
 * enable those items.  Returns false and sets *bad to the first unknown
 * item (owned by the caller, g_free it) on error; log_mask is unchanged.
 */
bool log_set_items(const char *list, char **bad);

/*
 * Parse a -d list into a mask without enabling anything.  Returns false and
 * sets *bad (g_free it) to the first unknown item.
 */
bool log_parse_items(const char *list, uint64_t *mask, char **bad);

/* Name of ITEM as typed after -d. */
const char *log_item_name(LogItem item);

/*
 * Send the log to PATH instead of stderr ("%d" in PATH becomes the pid, as
 * in QEMU).  Returns false with errno set if the file cannot be opened.
 */
bool log_set_file(const char *path);

/* Print the table of items for -d help. */
void log_print_help(FILE *out);

/* Flush and close the log file, if any.  Safe to call more than once. */
void log_close(void);

#endif /* UTIL_LOG_H */
