/*
 * The host's CPUID (include/util/host-cpuid.h), through the compiler's
 * <cpuid.h>, which checks the leaf against the maximum of its range.
 */
#include <cpuid.h>
#include <string.h>

#include "util/host-cpuid.h"

bool host_cpuid(uint32_t leaf, uint32_t sub, uint32_t out[4])
{
    unsigned r[4];

    if (!__get_cpuid_count(leaf, sub, &r[0], &r[1], &r[2], &r[3])) {
        memset(out, 0, 4 * sizeof(out[0]));
        return false;
    }
    for (int i = 0; i < 4; i++) {
        out[i] = r[i];
    }
    return true;
}

bool host_cpuid_bit(uint32_t leaf, uint32_t sub, unsigned reg, unsigned bit)
{
    uint32_t r[4];

    return host_cpuid(leaf, sub, r) && ((r[reg & 3] >> bit) & 1);
}
