/*
 * The guest's time-stamp counter and its rate.
 *
 * The guest TSC is the host TSC plus env->tsc_offset (RDTSC, RDTSCP and
 * IA32_TSC read it here; a write to IA32_TSC moves the offset).  The host
 * TSC is assumed invariant (constant rate, running in every C-state), as
 * on every x86-64 host of the last decade: its rate is then the guest's.
 *
 * The rate is what the local APIC needs to turn a TSC-deadline into a
 * CLOCK_VIRTUAL expiry.  It is found once, on first use:
 *   - from the host's CPUID leaf 0x15 when that reports the crystal clock
 *     (TSC Hz = ECX * EBX / EAX, exact by definition, SDM vol. 3, 18.7.3);
 *   - else by measurement: the TSC against CLOCK_MONOTONIC from the
 *     program's start (a constructor takes the first sample) to the first
 *     use, at least 10 ms (the first use sleeps for what is missing);
 *     each end is the tightest of a few rdtsc/clock_gettime/rdtsc
 *     brackets.
 * Leaf 0x16 is not used: it gives the base frequency rounded to MHz, which
 * may differ from the TSC's rate.  The measured rate is good to well
 * under 0.1%; the APIC re-checks the TSC when its timer fires and re-arms
 * for what is left, so an error makes a deadline late, never early.
 * Deviation: the guest TSC keeps counting while the virtual clock is
 * stopped (it is not derived from CLOCK_VIRTUAL or -icount).
 */
#include <glib.h>
#include <time.h>
#include <x86intrin.h>

#include "target/i386/cpu.h"
#include "util/host-cpuid.h"

#define TSC_MEASURE_NS 10000000 /* 10 ms */
#define TSC_BRACKETS   5

uint64_t cpu_x86_get_tsc(const CPUX86State *env)
{
    return __rdtsc() + env->tsc_offset;
}

static int64_t monotonic_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The host TSC Hz from CPUID leaf 0x15, or 0 when it does not say. */
static uint64_t tsc_hz_from_cpuid(void)
{
    uint32_t r[4];

    if (!host_cpuid(0x15, 0, r) || !r[0] || !r[1] || !r[2]) {
        return 0;
    }
    return (uint64_t)r[2] * r[1] / r[0];
}

/*
 * A (TSC, monotonic ns) pair read as close together as this host allows:
 * of a few brackets, the one with the fewest TSC ticks around the clock
 * read, its TSC taken at the bracket's middle.
 */
static void tsc_sample(uint64_t *tsc, int64_t *ns)
{
    uint64_t best = UINT64_MAX;

    for (int i = 0; i < TSC_BRACKETS; i++) {
        uint64_t t0 = __rdtsc();
        int64_t n = monotonic_ns();
        uint64_t t1 = __rdtsc();

        if (t1 - t0 < best) {
            best = t1 - t0;
            *tsc = t0 + (t1 - t0) / 2;
            *ns = n;
        }
    }
}

/* The first sample, taken when the program starts. */
static uint64_t start_tsc;
static int64_t start_ns;

static void __attribute__((constructor)) tsc_sample_at_start(void)
{
    tsc_sample(&start_tsc, &start_ns);
}

/* The rate from the start sample to now, 10 ms after it at the least. */
static uint64_t tsc_hz_measure(void)
{
    uint64_t tsc;
    int64_t ns;

    tsc_sample(&tsc, &ns);
    if (ns - start_ns < TSC_MEASURE_NS) {
        int64_t left = TSC_MEASURE_NS - (ns - start_ns);
        struct timespec pause = {0, left};

        nanosleep(&pause, NULL);
        tsc_sample(&tsc, &ns);
    }
    return (unsigned __int128)(tsc - start_tsc) * 1000000000u / (ns - start_ns);
}

uint64_t x86_tsc_hz(void)
{
    static gsize hz;

    if (g_once_init_enter(&hz)) {
        uint64_t found = tsc_hz_from_cpuid();

        g_once_init_leave(&hz, found ? found : tsc_hz_measure());
    }
    return hz;
}
