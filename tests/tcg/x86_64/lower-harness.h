/*
 * A thin harness for testing the x86-64 lowering without the register
 * allocator (shared by test-x86_64-lower-*.c).
 *
 * An Instance is one op with registers and immediates chosen at random
 * among those its constraint strings allow, as tcg.c would choose them
 * (aliases, '&', constants where const_match agrees, outputs reusing the
 * registers of inputs that die).  harness_run() emits: save callee-saved
 * registers, rbp = &harness_env, load all registers from
 * harness_env.regs_in, the op, store all registers to
 * harness_env.regs_out, return; then the backend's out-of-line code; and
 * runs it.  rbp is the backend's env register, so guest loads and stores
 * find the fake TLB in harness_env.
 */
#ifndef TESTS_TCG_X86_64_LOWER_HARNESS_H
#define TESTS_TCG_X86_64_LOWER_HARNESS_H

#include <glib.h>
#include <stdint.h>

#include "tcg/tcg-backend.h"

#define HARNESS_TLB_ENTRIES 64

typedef struct HarnessEnv {
    uint64_t regs_in[16];  /* loaded into every register before the op */
    uint64_t regs_out[16]; /* every register after the op */
    CPUTLBDescFast tlb[NB_MMU_MODES];
    CPUTLBEntry table[HARNESS_TLB_ENTRIES];
} HarnessEnv;

extern HarnessEnv harness_env;
extern TCGContext harness_ctx;

/* Map the code buffer (split W^X) and set up the context.  Once. */
void harness_init(void);

typedef struct Instance {
    TCGOpcode opc;
    TCGType type;                 /* the op's type */
    TCGArg args[TCG_MAX_OP_ARGS]; /* what the emitter receives */
    int const_args[TCG_MAX_OP_ARGS];
    int in_reg[TCG_MAX_OP_ARGS]; /* input i's register, -1: constant */
    uint64_t used_out;           /* output registers */
    uint64_t canary[16];         /* register values before the op */
    uintptr_t op_start, op_end;  /* RX bounds of the op's own code */
} Instance;

/*
 * Choose operands of OPC at TYPE for input values IN (cargs already in
 * inst->args).  Constants are offered only when ALLOW_CONST.  Returns false
 * when this random choice cannot be completed (a fixed register is taken):
 * choose again.
 */
bool harness_choose(GRand *rng, Instance *inst, TCGOpcode opc, TCGType type,
                    const uint64_t *in, bool allow_const);

/* Fill registers (canaries, then inputs), emit and run the op. */
void harness_run(GRand *rng, Instance *inst, const uint64_t *in);

/* The value register REG held after the op. */
uint64_t harness_reg_out(int reg);

/* True when every register the op may not touch kept its value (says
 * which one did not otherwise). */
bool harness_check_preserved(const Instance *inst);

/* A random 64-bit value, biased to edge cases. */
uint64_t harness_rand_value(GRand *rng);

static inline uint64_t sx(uint64_t v, int bits)
{
    return bits >= 64 ? v
                      : (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
}

static inline uint64_t zx(uint64_t v, int bits)
{
    return bits >= 64 ? v : v & ((1ull << bits) - 1);
}

#endif /* TESTS_TCG_X86_64_LOWER_HARNESS_H */
