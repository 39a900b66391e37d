/*
 * QEMU-style option values "key=val,key=val" (include/util/keyval.h).
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/keyval.h"

/* Copy one element of STR up to an unescaped comma; ",," is a comma. */
static const char *next_element(const char *p, GString *out)
{
    g_string_truncate(out, 0);
    while (*p) {
        if (*p == ',') {
            if (p[1] != ',') {
                return p + 1;
            }
            p++;
        }
        g_string_append_c(out, *p++);
    }
    return NULL;
}

static bool has_key(GArray *kv, const char *key)
{
    for (unsigned i = 0; i < kv->len; i++) {
        if (strcmp(g_array_index(kv, KeyVal, i).key, key) == 0) {
            return true;
        }
    }
    return false;
}

void keyval_free(GArray *kv)
{
    if (!kv) {
        return;
    }
    for (unsigned i = 0; i < kv->len; i++) {
        g_free(g_array_index(kv, KeyVal, i).key);
        g_free(g_array_index(kv, KeyVal, i).val);
    }
    g_array_free(kv, true);
}

GArray *keyval_parse(const char *str, const char *implied, char **err)
{
    GArray *kv = g_array_new(false, false, sizeof(KeyVal));
    g_autoptr(GString) elem = g_string_new(NULL);
    const char *p = str;
    bool first = true;

    while (p) {
        KeyVal pair;
        char *eq;

        p = next_element(p, elem);
        eq = strchr(elem->str, '=');
        if (elem->len == 0 && !p && !first) {
            break; /* trailing comma */
        }
        if (!eq && first && implied) {
            pair.key = g_strdup(implied);
            pair.val = g_strdup(elem->str);
        } else if (!eq) {
            pair.key = g_strdup(elem->str);
            pair.val = g_strdup("on");
        } else {
            pair.key = g_strndup(elem->str, eq - elem->str);
            pair.val = g_strdup(eq + 1);
        }
        first = false;
        if (pair.key[0] == '\0') {
            *err = g_strdup_printf("'%s': empty parameter name", str);
        } else if (has_key(kv, pair.key)) {
            *err = g_strdup_printf("'%s': parameter '%s' given twice", str,
                                   pair.key);
        } else {
            g_array_append_val(kv, pair);
            continue;
        }
        g_free(pair.key);
        g_free(pair.val);
        keyval_free(kv);
        return NULL;
    }
    return kv;
}

/* "KEY: <message>", or just the message when KEY is NULL. */
static char *G_GNUC_PRINTF(2, 3)
    keyval_error(const char *key, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    return key ? g_strdup_printf("%s: %s", key, msg) : g_steal_pointer(&msg);
}

bool keyval_parse_bool(const char *key, const char *val, bool *out, char **err)
{
    if (!strcmp(val, "on") || !strcmp(val, "yes") || !strcmp(val, "true")) {
        *out = true;
    } else if (!strcmp(val, "off") || !strcmp(val, "no")
               || !strcmp(val, "false")) {
        *out = false;
    } else {
        *err = keyval_error(key, "'%s' is not on or off", val);
        return false;
    }
    return true;
}

bool keyval_parse_uint(const char *key, const char *val, uint64_t max,
                       uint64_t *out, char **err)
{
    char *end;
    uint64_t v;

    errno = 0;
    v = g_ascii_strtoull(val, &end, 0);
    if (*val == '\0' || *val == '-' || *end != '\0' || errno == ERANGE) {
        *err = keyval_error(key, "'%s' is not a number", val);
        return false;
    }
    if (v > max) {
        *err = keyval_error(key, "%s is out of range (at most %llu)", val,
                            (unsigned long long)max);
        return false;
    }
    *out = v;
    return true;
}

bool keyval_parse_size(const char *key, const char *val, uint64_t default_unit,
                       uint64_t *out, char **err)
{
    char *end;
    double num;
    uint64_t unit;

    errno = 0;
    num = g_ascii_strtod(val, &end);
    if (end == val || *val == '-' || *val == '+' || errno == ERANGE
        || !isfinite(num)) {
        goto bad;
    }
    switch (g_ascii_toupper(*end)) {
    case '\0':
        unit = default_unit;
        break;
    case 'B':
        unit = 1;
        break;
    case 'K':
        unit = UINT64_C(1) << 10;
        break;
    case 'M':
        unit = UINT64_C(1) << 20;
        break;
    case 'G':
        unit = UINT64_C(1) << 30;
        break;
    case 'T':
        unit = UINT64_C(1) << 40;
        break;
    default:
        goto bad;
    }
    if (*end && end[1] != '\0') {
        goto bad;
    }
    /* Without a suffix only whole numbers, as QEMU requires. */
    if (*end == '\0' && num != floor(num)) {
        goto bad;
    }
    if (num * (double)unit >= 18446744073709551616.0) {
        *err = keyval_error(key, "'%s' is too large", val);
        return false;
    }
    *out = (uint64_t)(num * (double)unit);
    return true;

bad:
    *err = keyval_error(key,
                        "'%s' is not a size (a number with an optional "
                        "K, M, G or T suffix)",
                        val);
    return false;
}
