/*
 * Reading the files a user names on the command line.
 */
#ifndef UTIL_FILE_H
#define UTIL_FILE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Read all of PATH into *DATA (g_free it) and *LEN.  Returns false with
 * *ERR set to "<path>: <strerror>" (g_free it).
 */
bool file_read_all(const char *path, char **data, size_t *len, char **err)
    __attribute__((warn_unused_result));

#endif /* UTIL_FILE_H */
