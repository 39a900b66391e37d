/*
 * PEREGRINE_TEST_PERTURB (perturb.h): random flips of the bits a tester
 * calls undefined.  The generator is xorshift64* seeded from the clock:
 * every run flips a different pattern, and the count is what the TAP
 * output reports.
 */
#include <glib.h>
#include <stdio.h>

#include "perturb.h"

static int enabled = -1; /* -1: not read yet */
static uint64_t state;   /* xorshift64* state, never 0 */
static uint64_t flipped;

bool perturb_enabled(void)
{
    if (enabled < 0) {
        const char *v = g_getenv("PEREGRINE_TEST_PERTURB");

        enabled = v && v[0] && g_strcmp0(v, "0") != 0;
        state = (uint64_t)g_get_real_time() | 1;
    }
    return enabled;
}

static uint64_t next_random(void)
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545f4914f6cdd1dull;
}

uint64_t perturb_undefined(uint64_t value, uint64_t undefined)
{
    uint64_t flip;

    if (!undefined || !perturb_enabled()) {
        return value;
    }
    flip = next_random() & undefined;
    flipped += (uint64_t)__builtin_popcountll(flip);
    return value ^ flip;
}

void perturb_undefined_bytes(void *p, const void *undefined, unsigned len)
{
    uint8_t *b = p;
    const uint8_t *u = undefined;

    for (unsigned i = 0; i < len; i++) {
        b[i] = (uint8_t)perturb_undefined(b[i], u[i]);
    }
}

uint64_t perturb_flipped(void)
{
    return flipped;
}

void perturb_report(const char *what)
{
    if (perturb_enabled()) {
        printf("# PEREGRINE_TEST_PERTURB: %llu undefined bits flipped in "
               "host results (%s)\n",
               (unsigned long long)flipped, what);
        fflush(stdout);
    }
}
