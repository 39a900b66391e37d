/*
 * What the x87 and FPU-state helpers share (fpu_helper.c, xsave_helper.c):
 * the status-word and tag-word views of CPUX86State's x87 fields, and
 * guest memory access for multi-byte images.
 *
 * Invariants kept by every function that changes the x87 state:
 *   - env->fpus never holds TOP (it lives in env->fpstt);
 *   - FPUS_ES and FPUS_B are set exactly when an exception flag is set
 *     whose mask bit in env->fpuc is clear (x87_update_es).
 */
#ifndef TARGET_I386_FPU_HELPER_H
#define TARGET_I386_FPU_HELPER_H

#include <stdint.h>

#include "target/i386/cpu.h"

/* Recompute ES and B from the exception flags and masks. */
void x87_update_es(CPUX86State *env);

/* The architectural status word (TOP merged in). */
uint16_t x87_get_fsw(const CPUX86State *env);
/* Load the status word FSW (TOP goes to fpstt); ES/B recomputed. */
void x87_set_fsw(CPUX86State *env, uint16_t fsw);

/* The control word as FLDCW stores it (reserved bits: SDM vol. 1, 8.1.5;
 * bit 6 reads as 1, bits 13-15 as 0, as the hardware does). */
uint16_t x87_canonical_fcw(uint16_t fcw);

/* The full tag word, two bits per physical register (SDM vol. 1, 8.1.7). */
uint16_t x87_get_ftw(const CPUX86State *env);
/* Load tags from a full tag word: only "empty" (11b) is kept. */
void x87_set_ftw(CPUX86State *env, uint16_t ftw);

/* FNINIT: the initial x87 state (SDM vol. 1, table 8-... FINIT). */
void x87_reset(CPUX86State *env);

/*
 * FERR#: the x87 reports an unmasked exception on its pin because CR0.NE
 * is clear.  The pc board routes FERR# to IRQ13; that wiring does not
 * exist yet, so this logs under -d unimp and the waiting instruction
 * proceeds as if IGNNE# were asserted.  The board work replaces the body.
 */
void x86_fpu_ferr(CPUX86State *env);

/*
 * Guest memory at linear ADDR, N bytes, from a helper whose GETPC() is RA.
 * x87_write_bytes checks the first and the last byte are writable before
 * writing any (N <= 4096: at most two pages), so a fault leaves guest
 * memory unchanged.
 */
void x87_read_bytes(CPUX86State *env, uint64_t addr, void *buf, unsigned n,
                    uintptr_t ra);
void x87_write_bytes(CPUX86State *env, uint64_t addr, const void *buf,
                     unsigned n, uintptr_t ra);

#endif /* TARGET_I386_FPU_HELPER_H */
