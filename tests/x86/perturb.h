/*
 * The self-check of the host-differential testers' masks.
 *
 * With PEREGRINE_TEST_PERTURB=1 in the environment, a tester passes each
 * host result through perturb_undefined() with the mask of the bits the
 * architecture leaves undefined there, before comparing it with
 * Peregrine's.  Each of those bits is flipped at random (probability
 * 1/2), so a comparison that depends on an undefined bit fails sooner or
 * later, whatever the host's vendor.  Without the variable the functions
 * change nothing.  The tester reports the count with perturb_report().
 *
 * Not thread-safe: testers compare on one thread.
 */
#ifndef TESTS_X86_PERTURB_H
#define TESTS_X86_PERTURB_H

#include <stdbool.h>
#include <stdint.h>

/* Whether PEREGRINE_TEST_PERTURB=1 is set (read once). */
bool perturb_enabled(void);

/*
 * VALUE with each bit of UNDEFINED flipped at random when perturbing;
 * VALUE unchanged otherwise.  Counts the bits flipped.
 */
uint64_t perturb_undefined(uint64_t value, uint64_t undefined);

/* The same over LEN bytes at P, UNDEFINED a byte mask of the same length. */
void perturb_undefined_bytes(void *p, const void *undefined, unsigned len);

/* Bits flipped so far. */
uint64_t perturb_flipped(void);

/*
 * A TAP comment line naming WHAT and the bits flipped so far, e.g.
 * "# PEREGRINE_TEST_PERTURB: 1234 undefined bits flipped in host results
 * (isa-host)"; prints nothing when not perturbing.
 */
void perturb_report(const char *what);

#endif /* TESTS_X86_PERTURB_H */
