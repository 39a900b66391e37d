/*
 * RDRAND and RDSEED (SDM vol. 2B): random numbers for the guest.
 *
 * The host's own RDRAND/RDSEED supply them when the host CPU has the
 * instruction; otherwise the kernel's random pool (getrandom, never
 * blocking) does.  Either source may be momentarily empty: then the guest
 * sees what the hardware reports in that case, CF = 0 and a zeroed
 * destination, and is expected to retry (SDM vol. 1, 7.3.17).
 */
#include <stdbool.h>
#include <sys/random.h>

#if defined(__x86_64__)
#endif

#include "target/i386/helper.h"
#include "util/host-cpuid.h"

#if defined(__x86_64__)
/* Does the host have RDRAND (CPUID 1:ECX.30) / RDSEED (7:EBX.18)? */
static bool host_has(bool seed)
{
    /* Host facts, read once: CPUID traps under a hypervisor. */
    static int known[2] = {-1, -1};

    if (known[seed] < 0) {
        known[seed] =
            seed ? host_cpuid_bit(7, 0, 1, 18) : host_cpuid_bit(1, 0, 2, 30);
    }
    return known[seed];
}

/* One host RDRAND/RDSEED into *VAL; its CF. */
static bool host_random(bool seed, uint64_t *val)
{
    uint8_t ok;

    if (seed) {
        __asm__ volatile("rdseed %0; setc %1" : "=r"(*val), "=qm"(ok) : : "cc");
    } else {
        __asm__ volatile("rdrand %0; setc %1" : "=r"(*val), "=qm"(ok) : : "cc");
    }
    return ok;
}
#endif

/* 64 random bits into *VAL; false when none are available right now. */
static bool get_random(bool seed, uint64_t *val)
{
#if defined(__x86_64__)
    if (host_has(seed)) {
        return host_random(seed, val);
    }
#endif
    return getrandom(val, sizeof(*val), GRND_NONBLOCK) == sizeof(*val);
}

static uint64_t rdrand_common(CPUX86State *env, bool seed, uint32_t ot)
{
    uint64_t val = 0;
    bool ok = get_random(seed, &val);

    /* SDM RDRAND/RDSEED: CF = valid; OF SF ZF AF PF cleared. */
    env->cc_src = ok ? CC_C : 0;
    if (!ok) {
        return 0;
    }
    return ot == MO_64 ? val : val & ((1ull << (8u << ot)) - 1);
}

uint64_t helper_rdrand(CPUX86State *env, uint32_t ot)
{
    return rdrand_common(env, false, ot);
}

uint64_t helper_rdseed(CPUX86State *env, uint32_t ot)
{
    return rdrand_common(env, true, ot);
}
