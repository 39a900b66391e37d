/*
 * x86-64 host feature detection: CPUID once, then any restriction from
 * PEREGRINE_X86_HOST or x86_host_restrict().  See include/tcg/x86_64-host.h.
 */
#include <glib.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "tcg/x86_64-host.h"
#include "util/host-cpuid.h"

X86HostFeatures x86_host;

static X86HostFeatures cpu_features;
static bool detected;

static const struct {
    const char *name;
    size_t offset; /* of the bool in X86HostFeatures */
    unsigned leaf, sub, reg, bit;
} feature_rows[] = {
#define X86_HOST_FEATURE(nm, lf, sb, rg, bt)                                   \
    {#nm, offsetof(X86HostFeatures, nm), lf, sb, rg, bt},
#include "tcg/x86_64-host-features.def"
#undef X86_HOST_FEATURE
};

#define N_FEATURES (sizeof(feature_rows) / sizeof(feature_rows[0]))

static bool *feature_field(X86HostFeatures *f, size_t i)
{
    return (bool *)((char *)f + feature_rows[i].offset);
}

static void read_cpuid(void)
{
    for (size_t i = 0; i < N_FEATURES; i++) {
        *feature_field(&cpu_features, i) =
            host_cpuid_bit(feature_rows[i].leaf, feature_rows[i].sub,
                           feature_rows[i].reg, feature_rows[i].bit);
    }
    detected = true;
}

X86HostFeatures x86_host_cpu(void)
{
    if (!detected) {
        read_cpuid();
    }
    return cpu_features;
}

void x86_host_restrict(const X86HostFeatures *allowed)
{
    X86HostFeatures cpu = x86_host_cpu();

    for (size_t i = 0; i < N_FEATURES; i++) {
        *feature_field(&x86_host, i) =
            *feature_field(&cpu, i)
            && *feature_field((X86HostFeatures *)allowed, i);
    }
}

bool x86_host_parse(const char *spec)
{
    X86HostFeatures want = x86_host_cpu();
    char **items = g_strsplit(spec, ",", -1);
    bool ok = true;

    for (char **it = items; *it; it++) {
        const char *name = *it;
        bool on = true;
        size_t i;

        if (!*name) {
            continue;
        }
        if (!strcmp(name, "all") || !strcmp(name, "none")) {
            on = !strcmp(name, "all");
            for (i = 0; i < N_FEATURES; i++) {
                *feature_field(&want, i) = on;
            }
            continue;
        }
        if (*name == '-' || *name == '+') {
            on = *name == '+';
            name++;
        }
        for (i = 0; i < N_FEATURES; i++) {
            if (!strcmp(name, feature_rows[i].name)) {
                *feature_field(&want, i) = on;
                break;
            }
        }
        ok &= i < N_FEATURES;
    }
    g_strfreev(items);
    x86_host_restrict(&want);
    return ok;
}

bool x86_host_detect(void)
{
    const char *spec = getenv("PEREGRINE_X86_HOST");
    X86HostFeatures cpu = x86_host_cpu();

    x86_host_restrict(&cpu);
    return spec ? x86_host_parse(spec) : true;
}

void x86_host_print(FILE *out)
{
    for (size_t i = 0; i < N_FEATURES; i++) {
        fprintf(out, "%s%s%s", i ? " " : "",
                *feature_field(&x86_host, i) ? "" : "-", feature_rows[i].name);
    }
    fputc('\n', out);
}
