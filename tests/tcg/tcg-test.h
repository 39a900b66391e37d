/*
 * Shared harness of the TCG tests: a small CPU state with globals, a test
 * softmmu TLB over a few pages of guest memory, helpers of each side-effect
 * class, and one context per backend with executable code memory.
 *
 * Backends under test: tci, tci-min (TCI without the optional ops, so every
 * tcg-op.c expansion runs) and x86_64.
 */
#ifndef TESTS_TCG_TCG_TEST_H
#define TESTS_TCG_TCG_TEST_H

#include <glib.h>
#include <setjmp.h>

#include "exec/tlb-common.h"
#include "tcg/tcg-backend.h"
#include "tcg/tcg-op.h"

/* Guest memory: TEST_PAGES pages at TEST_GUEST_BASE. */
#define TEST_GUEST_BASE 0x10000ull
#define TEST_PAGES      4
#define TEST_TLB_SIZE   16 /* entries per MMU index */
#define TEST_MMU_MODES  2
/* Page 2 is never in the TLB (misses), page 3 is MMIO (slow path). */
#define TEST_PAGE_MISS 2
#define TEST_PAGE_MMIO 3
/*
 * The page after them faults: the slow path siglongjmps to
 * *test_fault_jmp, like a helper raising a guest exception.
 */
#define TEST_FAULT_PAGE (TEST_GUEST_BASE + TEST_PAGES * 4096ull)

#define TEST_NB_REGS   16
#define TEST_NB_REGS32 8

/* The CPU state generated code runs on (env). */
typedef struct TestCPU {
    uint64_t regs[TEST_NB_REGS];     /* globals r0..r15 */
    uint32_t regs32[TEST_NB_REGS32]; /* globals e0..e7 */
    uint64_t scratch[8];             /* host ld/st target */
    CPUTLBDescFast tlb[TEST_MMU_MODES];
    uint64_t slow_loads, slow_stores; /* slow-path calls */
    uint64_t helper_calls;
} TestCPU;

/* One backend's context, code memory and globals. */
typedef struct TestTCG {
    const TCGBackend *backend;
    TCGContext *s;
    uint8_t *code; /* RWX buffer */
    size_t code_size;
    uint8_t *tb; /* where TBs are generated */
    TCGv_i64 r[TEST_NB_REGS];
    TCGv_i32 e[TEST_NB_REGS32];
} TestTCG;

/* Backends to run: NULL-terminated. */
extern const TCGBackend *const *test_backends;

/* Make a context for BACKEND (also tcg_ctx); free with test_tcg_free. */
TestTCG *test_tcg_new(const TCGBackend *backend);
void test_tcg_free(TestTCG *tt);

/* Start a new TB on TT (makes its context current). */
void test_tcg_start(TestTCG *tt);

/* Generate the current ops (g_assert on failure); returns the code. */
void *test_tcg_gen(TestTCG *tt);

/* Generate and run the current ops on CPU; returns the exit value. */
uintptr_t test_tcg_run(TestTCG *tt, TestCPU *cpu);

/* A CPU with zeroed registers and the test TLB filled. */
void test_cpu_init(TestCPU *cpu);

/* Where a guest access to TEST_FAULT_PAGE jumps (NULL: a test bug). */
extern sigjmp_buf *test_fault_jmp;

/* Guest memory (little-endian bytes), shared by all CPUs. */
extern uint8_t test_guest_mem[TEST_PAGES * 4096];

/* Helpers, one per side-effect class (the random programs use them). */
extern const TCGHelperInfo test_info_mix;      /* pure: (a, b) -> mix */
extern const TCGHelperInfo test_info_mix32;    /* pure: i32 (a, b) */
extern const TCGHelperInfo test_info_read_r3;  /* reads globals: (env) */
extern const TCGHelperInfo test_info_bump_r5;  /* writes globals: (env, a) */
extern const TCGHelperInfo test_info_raise_if; /* reads globals, may fault */

uint64_t test_helper_mix(uint64_t a, uint64_t b);
uint32_t test_helper_mix32(uint32_t a, uint32_t b);
uint64_t test_helper_read_r3(void *env);
uint64_t test_helper_bump_r5(void *env, uint64_t a);
uint64_t test_helper_raise_if(void *env, uint64_t a);

/* Seed from PEREGRINE_TEST_SEED, else DEFAULT. */
guint64 test_seed(guint64 default_seed);

#endif /* TESTS_TCG_TCG_TEST_H */
