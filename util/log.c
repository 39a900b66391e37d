/*
 * The logging API of include/util/log.h: -d items and the -D file.
 *
 * One mutex serialises writers so that lines from the vCPU and main-loop
 * threads never interleave.  The stream is stderr until log_set_file().
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "util/log.h"

uint64_t log_mask;

static const struct {
    const char *name;
    const char *help;
} log_items[LOG_ITEM__COUNT] = {
#define LOG_ITEM(id, name, help) [LOG_##id] = {name, help},
#include "util/log-items.def"
#undef LOG_ITEM
};

static GMutex log_mutex;
static FILE *log_file; /* NULL means stderr */

static FILE *log_stream(void)
{
    return log_file ? log_file : stderr;
}

FILE *log_lock(void)
{
    g_mutex_lock(&log_mutex);
    return log_stream();
}

void log_unlock(FILE *f)
{
    fflush(f);
    g_mutex_unlock(&log_mutex);
}

void log_printf(const char *fmt, ...)
{
    va_list ap;
    FILE *f = log_lock();

    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    log_unlock(f);
}

const char *log_item_name(LogItem item)
{
    return item < LOG_ITEM__COUNT ? log_items[item].name : "?";
}

static int log_find_item(const char *name)
{
    for (int i = 0; i < LOG_ITEM__COUNT; i++) {
        if (strcmp(log_items[i].name, name) == 0) {
            return i;
        }
    }
    return -1;
}

bool log_parse_items(const char *list, uint64_t *out, char **bad)
{
    g_auto(GStrv) names = g_strsplit(list, ",", -1);
    uint64_t mask = 0;

    for (char **n = names; *n; n++) {
        int item;

        if (**n == '\0') {
            continue;
        }
        item = log_find_item(*n);
        if (item < 0) {
            *bad = g_strdup(*n);
            return false;
        }
        mask |= UINT64_C(1) << item;
    }
    *out = mask;
    return true;
}

bool log_set_items(const char *list, char **bad)
{
    uint64_t mask;

    if (!log_parse_items(list, &mask, bad)) {
        return false;
    }
    log_mask |= mask;
    return true;
}

bool log_set_file(const char *path)
{
    g_autofree char *name = NULL;
    const char *pid = strstr(path, "%d");
    FILE *f;

    if (pid) {
        name = g_strdup_printf("%.*s%d%s", (int)(pid - path), path,
                               (int)getpid(), pid + 2);
    } else {
        name = g_strdup(path);
    }
    f = fopen(name, "w");
    if (!f) {
        return false;
    }
    /* Line-buffered so a crash or a kill loses at most a partial line. */
    setvbuf(f, NULL, _IOLBF, 0);
    g_mutex_lock(&log_mutex);
    if (log_file) {
        fclose(log_file);
    }
    log_file = f;
    g_mutex_unlock(&log_mutex);
    return true;
}

void log_print_help(FILE *out)
{
    fprintf(out, "Log items (comma separated):\n");
    for (int i = 0; i < LOG_ITEM__COUNT; i++) {
        fprintf(out, "%-13s %s\n", log_items[i].name, log_items[i].help);
    }
}

void log_close(void)
{
    g_mutex_lock(&log_mutex);
    if (log_file) {
        fclose(log_file);
        log_file = NULL;
    }
    g_mutex_unlock(&log_mutex);
}
