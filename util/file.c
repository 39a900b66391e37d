/*
 * Reading user-named files (include/util/file.h).
 */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include <glib.h>

#include "util/file.h"

bool file_read_all(const char *path, char **data, size_t *len, char **err)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    char *buf;
    size_t n;

    if (!f) {
        *err = g_strdup_printf("%s: %s", path, g_strerror(errno));
        return false;
    }
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        *err = g_strdup_printf("%s: not a regular file", path);
        fclose(f);
        return false;
    }
    buf = g_malloc(st.st_size + 1);
    n = fread(buf, 1, st.st_size, f);
    if (n != (size_t)st.st_size) {
        *err = g_strdup_printf("%s: %s", path,
                               ferror(f) ? g_strerror(errno)
                                         : "file changed while reading");
        fclose(f);
        g_free(buf);
        return false;
    }
    fclose(f);
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return true;
}
