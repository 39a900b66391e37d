/*
 * Parsing of QEMU-style option values: "key=val,key=val".
 *
 * A comma inside a value is written twice (",,").  The first element may
 * omit "key=" when the option names an implied key ("-m 512" is
 * "size=512", "-accel tcg" is "accel=tcg").  Later elements without '=' are
 * flags: "name" means name=on and "noname" is not special (QEMU's legacy
 * "no" prefix is not supported).
 */
#ifndef UTIL_KEYVAL_H
#define UTIL_KEYVAL_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

/* One key=value pair, in the order given. */
typedef struct KeyVal {
    char *key;
    char *val;
} KeyVal;

/*
 * Split STR into pairs.  IMPLIED is the key of a first element without '='
 * (NULL: such an element is a flag, key=element, val="on").  Returns a
 * GArray of KeyVal the caller frees with keyval_free(), or NULL with *ERR
 * set (g_free it) on an empty key or a repeated key.
 */
GArray *keyval_parse(const char *str, const char *implied, char **err);

void keyval_free(GArray *kv);

/*
 * Typed readers.  Each returns false with *ERR set to "<key>: <why>" on a
 * malformed value ("<why>" alone when KEY is NULL, for implied keys).
 */
bool keyval_parse_bool(const char *key, const char *val, bool *out, char **err);
bool keyval_parse_uint(const char *key, const char *val, uint64_t max,
                       uint64_t *out, char **err);

/*
 * A size with an optional K, M, G, T (binary) suffix, or B for bytes;
 * without a suffix the number is in units of DEFAULT_UNIT (1 for bytes,
 * 1 MiB for -m).  Fractions are allowed with a suffix ("1.5G").
 */
bool keyval_parse_size(const char *key, const char *val, uint64_t default_unit,
                       uint64_t *out, char **err);

#endif /* UTIL_KEYVAL_H */
