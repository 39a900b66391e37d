/*
 * Unit tests of the execution engine (accel/tcg) on the toy guest ISA
 * (tests/unit/toy-cpu.h), so the engine is tested apart from the x86
 * frontend: TB lookup and reuse, chaining and unchaining on invalidation,
 * self-modifying code, DMA into code, code-buffer flushes, the TLB (fill,
 * flush, MMIO, page-crossing accesses) and precise fault restoration.
 *
 * Usage: test-exec --tap BACKEND   (x86_64 or tci; one backend per process
 * because the code buffer is set up once).
 */
#include <glib.h>
#include <string.h>

#include "toy-cpu.h"

/* -- Tests ---------------------------------------------------------------- */

/* A counted loop: r0 = 100, r1 += 3 each round. */
static void put_loop(hwaddr at)
{
    PUT(at, 0x01, 0, I32(100), /* r0 = 100 */
        0x01, 1, I32(0),       /* r1 = 0   */
        0x01, 2, I32(-1),      /* r2 = -1  */
        /* loop: at + 18 */
        0x09, 1, 3,           /* r1 += 3  */
        0x02, 0, 2,           /* r0 += r2 */
        0x07, 0, (uint8_t)-9, /* if r0 jmp loop */
        0x08);                /* halt */
}

static void test_loop_reuses_and_chains_tbs(void)
{
    toy_reset();
    put_loop(0x1000);
    run_from(0x1000);
    g_assert_cmpuint(toy.env.r[1], ==, 300);
    g_assert_cmpuint(toy.env.r[0], ==, 0);
    g_assert_cmpuint(toy.env.pc, ==, 0x1000 + 28);
    /* Entry block, loop body, exit: three TBs for 100 iterations. */
    g_assert_cmpuint(tb_stats.translated, <=, 4);
    g_assert_cmpuint(tb_stats.chained, >=, 1);
    /* Chained: the loop stays in generated code, not in the C loop. */
    g_assert_cmpuint(tb_stats.exits_to_loop, <, 10);

    /* The same again is found in the caches, nothing is translated. */
    uint64_t translated = tb_stats.translated;
    toy.env.r[1] = 0;
    run_from(0x1000);
    g_assert_cmpuint(toy.env.r[1], ==, 300);
    g_assert_cmpuint(tb_stats.translated, ==, translated);
}

static void test_dma_into_code_unchains_and_retranslates(void)
{
    toy_reset();
    put_loop(0x1000);
    run_from(0x1000);
    g_assert_cmpuint(toy.env.r[1], ==, 300);
    uint64_t unchained = tb_stats.unchained;

    /* A device writes the loop body: now r1 += 5 per round. */
    PUT(0x1000 + 18, 0x09, 1, 5);
    g_assert_cmpuint(tb_stats.invalidated, >=, 1);
    g_assert_cmpuint(tb_stats.unchained, >, unchained);
    toy.env.r[1] = 0;
    run_from(0x1000);
    g_assert_cmpuint(toy.env.r[1], ==, 500);
}

static void test_store_patches_next_insn_in_same_tb(void)
{
    toy_reset();
    /* r3 = address of the "r1 += 1" below; store byte 7 over its imm8,
     * making it "r1 += 7" before it runs, in the same TB. */
    PUT(0x2000, 0x01, 3, I32(0x2000 + 6 + 6 + 6 + 3 + 2), /* r3 = &imm8 below */
        0x01, 4, I32(7),                                  /* r4 = 7 */
        0x01, 1, I32(0),                                  /* r1 = 0 */
        0x0a, 3, 4,                                       /* mem8[r3] = r4 */
        0x09, 1, 1, /* r1 += 1 (patched to 7) */
        0x08);
    run_from(0x2000);
    g_assert_cmpuint(toy.env.r[1], ==, 7);
    g_assert_cmpuint(tb_stats.notdirty_writes, >=, 1);
}

static void test_loop_rewrites_its_own_body(void)
{
    toy_reset();
    /* Each round stores r5 (the round number) into the imm8 of "r1 += k",
     * so the loop adds 1 + 2 + ... + 10 = 55. */
    PUT(0x3000, 0x01, 0, I32(10),  /* r0 = 10 rounds */
        0x01, 1, I32(0),           /* r1 = 0 */
        0x01, 2, I32(-1),          /* r2 = -1 */
        0x01, 5, I32(0),           /* r5 = 0 */
        0x01, 3, I32(0x3000 + 38), /* r3 = &imm8 of "r1 += k" */
        /* loop: 0x3000 + 30 */
        0x09, 5, 1,            /* r5 += 1 */
        0x0a, 3, 5,            /* mem8[r3] = r5 */
        0x09, 1, 0,            /* r1 += k (k rewritten) */
        0x02, 0, 2,            /* r0 -= 1 */
        0x07, 0, (uint8_t)-15, /* if r0 jmp loop */
        0x08);
    run_from(0x3000);
    g_assert_cmpuint(toy.env.r[1], ==, 55);
}

static void test_flush_mid_run_rebuilds(void)
{
    toy_reset();
    put_loop(0x1000);
    run_from(0x1000);
    tb_flush(&toy.parent);
    g_assert_cmpuint(tb_stats.flushes, ==, 1);
    toy.env.r[1] = 0;
    run_from(0x1000);
    g_assert_cmpuint(toy.env.r[1], ==, 300);
    g_assert_cmpuint(tb_stats.translated, >=, 4);
}

static void test_indirect_jump_through_jump_cache(void)
{
    toy_reset();
    /* A loop whose back edge is an indirect jump through r6. */
    PUT(0x4000, 0x01, 0, I32(50), 0x01, 1, I32(0), 0x01, 2, I32(-1), 0x01, 6,
        I32(0x4000 + 24), /* r6 = &loop */
        /* loop: +24 */
        0x09, 1, 2, /* r1 += 2 */
        0x02, 0, 2, /* r0 -= 1 */
        0x07, 0, 2, /* if r0 jmp +2 (to "jmp r6") */
        0x08,       /* halt */
        0x00,       /* never reached */
        0x06, 6);   /* jmp r6 */
    run_from(0x4000);
    g_assert_cmpuint(toy.env.r[1], ==, 100);
    g_assert_cmpuint(tb_stats.exits_to_loop, <, 20);
}

static void test_mmio_and_page_crossing_accesses(void)
{
    toy_reset();
    dev_reads = dev_writes = 0;
    /* A qword at 0x1ffc straddles two RAM pages. */
    memcpy(ram_host() + 0x1ffc, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
    PUT(0x5000, 0x01, 3, I32(0x1ffc), 0x03, 0, 3, /* r0 = mem64[0x1ffc] */
        0x01, 3, I32(DEV_VADDR + 1), 0x03, 1, 3,  /* r1 = device[1] */
        0x01, 4, I32(0x77), 0x04, 3, 4,           /* device[1] = 0x77 */
        0x01, 3, I32(0x2ffd), 0x01, 4, I32(0x0a0b0c), 0x04, 3,
        4, /* mem64[0x2ffd] = 0x0a0b0c */
        0x08);
    run_from(0x5000);
    g_assert_cmphex(toy.env.r[0], ==, 0x0807060504030201ull);
    g_assert_cmphex(toy.env.r[1], ==, 0x0011223344556677ull);
    g_assert_cmpuint(dev_reads, ==, 1);
    g_assert_cmpuint(dev_writes, ==, 1);
    g_assert_cmphex(dev_last_write, ==, 0x77);
    g_assert_cmphex(ram_host()[0x2ffd], ==, 0x0c);
    g_assert_cmphex(ram_host()[0x2fff], ==, 0x0a);
    g_assert_cmphex(ram_host()[0x3000], ==, 0);
    g_assert_cmphex(ram_host()[0x3004], ==, 0);
    g_assert_cmphex(ram_host()[0x3005], ==, 0xff);
}

static void test_tlb_flush_sees_new_mapping(void)
{
    toy_reset();
    memcpy(ram_host() + 0x8000, "AAAAAAAA", 8);
    memcpy(ram_host() + 0x9000, "BBBBBBBB", 8);
    PUT(0x6000, 0x01, 3, I32(REMAP_VADDR), 0x03, 0, 3, /* r0 = mem64[REMAP] */
        0x08);
    run_from(0x6000);
    g_assert_cmphex(toy.env.r[0] & 0xff, ==, 'A');
    /* Without a flush the stale translation stays in the TLB... */
    remap = 0x9000;
    run_from(0x6000);
    g_assert_cmphex(toy.env.r[0] & 0xff, ==, 'A');
    /* ... after it, the new mapping is walked. */
    tlb_flush_page(&toy.parent, REMAP_VADDR);
    run_from(0x6000);
    g_assert_cmphex(toy.env.r[0] & 0xff, ==, 'B');
    g_assert_cmpuint(tb_stats.tlb_page_flushes, ==, 1);
}

static void test_fault_restores_exact_state(void)
{
    toy_reset();
    PUT(0x7000, 0x01, 0, I32(11), /* r0 = 11 */
        0x01, 1, I32(0),          /* r1 = 0 */
        0x09, 0, 1,               /* r0 = 12 (before the fault) */
        0x0b, 1,                  /* trap 5: r1 == 0 */
        0x09, 0, 1,               /* not executed */
        0x08);
    run_from(0x7000);
    g_assert_cmpuint(toy.env.traps, ==, 1);
    g_assert_cmpuint(toy.env.r[7], ==, 5);
    g_assert_cmpuint(toy.env.r[0], ==, 12);
    g_assert_cmphex(toy.env.r[6], ==, 0x700f);

    toy_reset();
    PUT(0x7000, 0x01, 0, I32(1), 0x01, 3, I32(0x123456), /* unmapped */
        0x09, 0, 1,                                      /* r0 = 2 */
        0x03, 1, 3,                                      /* page fault */
        0x09, 0, 1, 0x08);
    run_from(0x7000);
    g_assert_cmpuint(toy.env.r[7], ==, 14);
    g_assert_cmphex(toy.env.fault_addr, ==, 0x123456);
    g_assert_cmphex(toy.env.r[6], ==, 0x700f);
    g_assert_cmpuint(toy.env.r[0], ==, 2);
}

static void test_fetch_fault_on_unmapped_code(void)
{
    toy_reset();
    PUT(0x7c00, 0x05, I32(0x300000 - 0x7c05)); /* jmp 0x300000 */
    run_from(0x7c00);
    g_assert_cmpuint(toy.env.r[7], ==, 14);
    g_assert_cmphex(toy.env.fault_addr, ==, 0x300000);
    g_assert_cmphex(toy.env.r[6], ==, 0x300000);
}

int main(int argc, char **argv)
{
    const char *backend;
    char *err = NULL;

    g_test_init(&argc, &argv, NULL);
    backend = argc > 1 ? argv[1] : "x86_64";

    if (!toy_machine_init(backend, &err)) {
        g_test_message("backend %s: %s", backend, err);
        return 77; /* skipped */
    }
    g_test_add_func("/exec/loop-reuses-and-chains-tbs",
                    test_loop_reuses_and_chains_tbs);
    g_test_add_func("/exec/dma-into-code-unchains-and-retranslates",
                    test_dma_into_code_unchains_and_retranslates);
    g_test_add_func("/exec/smc/store-patches-next-insn-in-same-tb",
                    test_store_patches_next_insn_in_same_tb);
    g_test_add_func("/exec/smc/loop-rewrites-its-own-body",
                    test_loop_rewrites_its_own_body);
    g_test_add_func("/exec/flush-mid-run-rebuilds",
                    test_flush_mid_run_rebuilds);
    g_test_add_func("/exec/indirect-jump-through-jump-cache",
                    test_indirect_jump_through_jump_cache);
    g_test_add_func("/exec/tlb/mmio-and-page-crossing",
                    test_mmio_and_page_crossing_accesses);
    g_test_add_func("/exec/tlb/flush-sees-new-mapping",
                    test_tlb_flush_sees_new_mapping);
    g_test_add_func("/exec/fault/restores-exact-state",
                    test_fault_restores_exact_state);
    g_test_add_func("/exec/fault/fetch-fault-on-unmapped-code",
                    test_fetch_fault_on_unmapped_code);
    return g_test_run();
}
