/*
 * Every IR op on every backend against expected values.
 *
 * The pure ops come from op-cases.inc (generated at build time by
 * gen-op-cases.py from an independent Python reading of the semantics),
 * one row per op and type, each run four ways: inputs in registers, the
 * first in a register and the rest constants, all constants with the
 * optimizer off (immediate operands), and constants with the optimizer on
 * (constant folding).
 * Memory, calls, branches and TB exits have their own tests below.
 */
#include <stddef.h>
#include <string.h>

#include "tcg-test.h"
#include "tcg/tcg-alu.h"

typedef struct OpCase {
    TCGOpcode opc;
    TCGType type; /* the op's type */
    uint64_t in[4];
    TCGArg c[2];
    uint64_t out[2];
} OpCase;

static const OpCase op_cases[] = {
#include "op-cases.inc"
};

/* -- Pure ops -------------------------------------------------------------- */

/* The type of a case's inputs: the op's, except for the width changes. */
static TCGType in_type(const OpCase *c)
{
    if (c->opc == INDEX_op_extu_i32_i64 || c->opc == INDEX_op_ext_i32_i64) {
        return TCG_TYPE_I32;
    }
    if (c->opc == INDEX_op_extrl_i64_i32 || c->opc == INDEX_op_extrh_i64_i32) {
        return TCG_TYPE_I64;
    }
    return c->type;
}

/* Where the inputs come from: all registers, the first in a register and
   the rest immediates, all immediates, all constants folded away. */
enum { IN_REGS, IN_REG_THEN_CONSTS, IN_CONSTS, IN_CONSTS_FOLDED, NB_MODES };

/* Build and run one case; returns the outputs. */
static void run_case(TestTCG *tt, const OpCase *c, int mode, uint64_t *out)
{
    const TCGOpDef *def = &tcg_op_defs[c->opc];
    TCGType it = in_type(c), ot = c->type;
    TCGTemp *args[6];
    TestCPU cpu;

    test_cpu_init(&cpu);
    test_tcg_start(tt);
    tt->s->optimize = mode == IN_CONSTS_FOLDED;
    for (int i = 0; i < def->nb_oargs; i++) {
        args[i] = tcg_temp_new_internal(ot, TEMP_EBB);
    }
    for (int i = 0; i < def->nb_iargs; i++) {
        TCGTemp **a = &args[def->nb_oargs + i];

        if (mode != IN_REGS && (mode != IN_REG_THEN_CONSTS || i > 0)) {
            *a = tcg_constant_internal(it, (int64_t)c->in[i]);
        } else if (it == TCG_TYPE_I32) {
            cpu.regs32[i] = (uint32_t)c->in[i];
            *a = tcgv_i32_temp(tt->e[i]);
        } else {
            cpu.regs[i] = c->in[i];
            *a = tcgv_i64_temp(tt->r[i]);
        }
    }
    tcg_gen_op_by_opc(c->opc, c->type, args, c->c);
    for (int k = 0; k < def->nb_oargs; k++) {
        if (ot == TCG_TYPE_I32) {
            tcg_gen_mov_i32(tt->e[4 + k], temp_tcgv_i32(args[k]));
        } else {
            tcg_gen_mov_i64(tt->r[8 + k], temp_tcgv_i64(args[k]));
        }
    }
    tcg_gen_exit_tb(NULL, 0);
    test_tcg_run(tt, &cpu);
    tt->s->optimize = true;
    for (int k = 0; k < def->nb_oargs; k++) {
        out[k] = ot == TCG_TYPE_I32 ? cpu.regs32[4 + k] : cpu.regs[8 + k];
    }
}

static void check_cases(const TCGBackend *b)
{
    TestTCG *tt = test_tcg_new(b);
    static const char *const mode_names[NB_MODES] = {"regs", "reg+consts",
                                                     "consts", "folded"};
    int failures = 0;

    for (size_t n = 0; n < G_N_ELEMENTS(op_cases); n++) {
        const OpCase *c = &op_cases[n];

        for (int mode = 0; mode < NB_MODES; mode++) {
            uint64_t out[2] = {0, 0};

            run_case(tt, c, mode, out);
            for (int k = 0; k < tcg_op_defs[c->opc].nb_oargs; k++) {
                if (out[k] != c->out[k] && failures++ < 20) {
                    g_test_message("%s %s/%s in 0x%" G_GINT64_MODIFIER
                                   "x,0x%" G_GINT64_MODIFIER
                                   "x c %lu,%lu: out%d 0x%" G_GINT64_MODIFIER
                                   "x want 0x%" G_GINT64_MODIFIER "x",
                                   b->name, tcg_op_name(c->opc, c->type),
                                   mode_names[mode], (guint64)c->in[0],
                                   (guint64)c->in[1], (unsigned long)c->c[0],
                                   (unsigned long)c->c[1], k, (guint64)out[k],
                                   (guint64)c->out[k]);
                }
            }
        }
    }
    test_tcg_free(tt);
    g_assert_cmpint(failures, ==, 0);
}

/* The shared semantics agree with the generated table too. */
static void test_alu_eval_matches_table(void)
{
    for (size_t n = 0; n < G_N_ELEMENTS(op_cases); n++) {
        const OpCase *c = &op_cases[n];
        uint64_t out[2];

        g_assert_true(tcg_alu_eval(c->opc, c->type, out, c->in, c->c));
        for (int k = 0; k < tcg_op_defs[c->opc].nb_oargs; k++) {
            if (out[k] != c->out[k]) {
                g_test_message("%s case %zu out%d",
                               tcg_op_name(c->opc, c->type), n, k);
            }
            g_assert_cmphex(out[k], ==, c->out[k]);
        }
    }
}

static void test_pure_ops(gconstpointer data)
{
    check_cases(data);
}

/* -- Host memory ----------------------------------------------------------- */

static void test_host_loads_and_stores(gconstpointer data)
{
    TestTCG *tt = test_tcg_new(data);
    TCGv_ptr env = tcg_env();
    intptr_t sc = offsetof(TestCPU, scratch);
    TestCPU cpu;

    test_cpu_init(&cpu);
    cpu.scratch[0] = 0x8182838485868788ull;
    test_tcg_start(tt);
    tcg_gen_ld8u_i64(tt->r[0], env, sc);
    tcg_gen_ld8s_i64(tt->r[1], env, sc);
    tcg_gen_ld16u_i64(tt->r[2], env, sc + 2);
    tcg_gen_ld16s_i64(tt->r[3], env, sc + 2);
    tcg_gen_ld32u_i64(tt->r[4], env, sc + 4);
    tcg_gen_ld32s_i64(tt->r[5], env, sc + 4);
    tcg_gen_ld_i64(tt->r[6], env, sc);
    tcg_gen_ld8s_i32(tt->e[0], env, sc + 7);
    tcg_gen_ld16s_i32(tt->e[1], env, sc);
    tcg_gen_ld_i32(tt->e[2], env, sc);
    tcg_gen_st8_i64(tt->r[6], env, sc + 8);
    tcg_gen_st16_i64(tt->r[6], env, sc + 18);
    tcg_gen_st32_i64(tt->r[6], env, sc + 28);
    tcg_gen_st_i64(tt->r[6], env, sc + 32);
    tcg_gen_st16_i32(tt->e[2], env, sc + 40);
    tcg_gen_exit_tb(NULL, 0);
    test_tcg_run(tt, &cpu);
    g_assert_cmphex(cpu.regs[0], ==, 0x88);
    g_assert_cmphex(cpu.regs[1], ==, 0xffffffffffffff88ull);
    g_assert_cmphex(cpu.regs[2], ==, 0x8586);
    g_assert_cmphex(cpu.regs[3], ==, 0xffffffffffff8586ull);
    g_assert_cmphex(cpu.regs[4], ==, 0x81828384);
    g_assert_cmphex(cpu.regs[5], ==, 0xffffffff81828384ull);
    g_assert_cmphex(cpu.regs[6], ==, 0x8182838485868788ull);
    g_assert_cmphex(cpu.regs32[0], ==, 0xffffff81);
    g_assert_cmphex(cpu.regs32[1], ==, 0xffff8788);
    g_assert_cmphex(cpu.regs32[2], ==, 0x85868788);
    g_assert_cmphex(cpu.scratch[1], ==, 0x88);
    g_assert_cmphex(cpu.scratch[2], ==, 0x8788ull << 16);
    g_assert_cmphex(cpu.scratch[3], ==, 0x85868788ull << 32);
    g_assert_cmphex(cpu.scratch[4], ==, 0x8182838485868788ull);
    g_assert_cmphex(cpu.scratch[5], ==, 0x8788);
    test_tcg_free(tt);
}

/* -- Guest memory ---------------------------------------------------------- */

typedef struct GuestCase {
    uint64_t addr;
    MemOp mop;
    uint64_t want; /* loaded value (i64) */
    bool slow;     /* must take the slow path */
} GuestCase;

static void fill_guest_pattern(void)
{
    for (size_t i = 0; i < sizeof(test_guest_mem); i++) {
        test_guest_mem[i] = (uint8_t)(i * 7 + 1);
    }
}

/* Little-endian value of SIZE pattern bytes at guest ADDR. */
static uint64_t pattern_at(uint64_t addr, unsigned size)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)(uint8_t)((addr - TEST_GUEST_BASE + i) * 7 + 1)
             << (8 * i);
    }
    return v;
}

static void test_guest_loads(gconstpointer data)
{
    TestTCG *tt = test_tcg_new(data);
    uint64_t page[TEST_PAGES];
    static const MemOp mops[] = {MO_UB,   MO_SB,   MO_LEUW,         MO_SW,
                                 MO_LEUL, MO_SL,   MO_LEUQ,         MO_BEUW,
                                 MO_BEUL, MO_BEUQ, MO_SW | MO_BSWAP};

    for (int p = 0; p < TEST_PAGES; p++) {
        page[p] = TEST_GUEST_BASE + p * TARGET_PAGE_SIZE;
    }
    for (size_t m = 0; m < G_N_ELEMENTS(mops); m++) {
        for (int p = 0; p < TEST_PAGES; p++) {
            for (int misalign = 0; misalign < 2; misalign++) {
                MemOp mop = mops[m];
                unsigned size = memop_size(mop);
                uint64_t addr = page[p] + 64 + misalign;
                uint64_t raw = pattern_at(addr, size), want = raw;
                bool slow = p == TEST_PAGE_MISS || p == TEST_PAGE_MMIO
                            || (misalign && size > 1);
                TestCPU cpu;

                if (mop & MO_BSWAP) {
                    want = size == 2   ? __builtin_bswap16((uint16_t)raw)
                           : size == 4 ? __builtin_bswap32((uint32_t)raw)
                                       : __builtin_bswap64(raw);
                }
                if ((mop & MO_SIGN) && size < 8) {
                    want = (uint64_t)((int64_t)(want << (64 - 8 * size))
                                      >> (64 - 8 * size));
                }
                fill_guest_pattern();
                test_cpu_init(&cpu);
                cpu.regs[0] = addr;
                test_tcg_start(tt);
                tcg_gen_qemu_ld_i64(tt->r[1], tt->r[0], 1, mop);
                if (size < 8) {
                    tcg_gen_qemu_ld_i32(tt->e[1], tt->r[0], 0, mop);
                }
                tcg_gen_exit_tb(NULL, 0);
                test_tcg_run(tt, &cpu);
                g_assert_cmphex(cpu.regs[1], ==, want);
                if (size < 8) {
                    g_assert_cmphex(cpu.regs32[1], ==, (uint32_t)want);
                }
                g_assert_cmpuint(cpu.slow_loads, ==,
                                 slow ? (size < 8 ? 2 : 1) : 0);
            }
        }
    }
    test_tcg_free(tt);
}

static void test_guest_stores(gconstpointer data)
{
    TestTCG *tt = test_tcg_new(data);
    static const MemOp mops[] = {MO_UB, MO_LEUW, MO_LEUL, MO_LEUQ, MO_BEUL};

    for (size_t m = 0; m < G_N_ELEMENTS(mops); m++) {
        for (int p = 0; p < TEST_PAGES; p++) {
            unsigned size = memop_size(mops[m]);
            uint64_t addr = TEST_GUEST_BASE + p * TARGET_PAGE_SIZE + 128;
            uint64_t val = 0x1122334455667788ull, got = 0, want = val;
            bool slow = p == TEST_PAGE_MISS || p == TEST_PAGE_MMIO;
            TestCPU cpu;

            memset(test_guest_mem, 0, sizeof(test_guest_mem));
            test_cpu_init(&cpu);
            cpu.regs[0] = addr;
            cpu.regs[1] = val;
            test_tcg_start(tt);
            tcg_gen_qemu_st_i64(tt->r[1], tt->r[0], 0, mops[m]);
            tcg_gen_exit_tb(NULL, 0);
            test_tcg_run(tt, &cpu);
            memcpy(&got, test_guest_mem + (addr - TEST_GUEST_BASE), 8);
            if (mops[m] & MO_BSWAP) {
                want = __builtin_bswap32((uint32_t)val);
            }
            want &= size == 8 ? ~0ull : (1ull << (8 * size)) - 1;
            g_assert_cmphex(got, ==, want);
            g_assert_cmpuint(cpu.slow_stores, ==, slow ? 1 : 0);
        }
    }
    test_tcg_free(tt);
}

static void test_guest_pair(gconstpointer data)
{
    TestTCG *tt = test_tcg_new(data);
    uint64_t addr = TEST_GUEST_BASE + 256;
    TestCPU cpu;

    fill_guest_pattern();
    test_cpu_init(&cpu);
    cpu.regs[0] = addr;
    test_tcg_start(tt);
    tcg_gen_qemu_ld2_i64(tt->r[1], tt->r[2], tt->r[0], 0, MO_128 | MO_ALIGN);
    tcg_gen_addi_i64(tt->r[3], tt->r[0], 32);
    tcg_gen_qemu_st2_i64(tt->r[2], tt->r[1], tt->r[3], 0, MO_128);
    tcg_gen_exit_tb(NULL, 0);
    test_tcg_run(tt, &cpu);
    g_assert_cmphex(cpu.regs[1], ==, pattern_at(addr, 8));
    g_assert_cmphex(cpu.regs[2], ==, pattern_at(addr + 8, 8));
    g_assert_cmpint(memcmp(test_guest_mem + 256 + 32, &cpu.regs[2], 8), ==, 0);
    g_assert_cmpint(memcmp(test_guest_mem + 256 + 40, &cpu.regs[1], 8), ==, 0);
    test_tcg_free(tt);
}

/* -- Calls ----------------------------------------------------------------- */

/* Globals are in memory before a reading helper and reloaded after a
   writing one. */
static void test_call_global_classes(gconstpointer data)
{
    TestTCG *tt = test_tcg_new(data);
    TestCPU cpu;

    test_cpu_init(&cpu);
    cpu.regs[0] = 10;
    cpu.regs[5] = 100;
    test_tcg_start(tt);
    tcg_gen_addi_i64(tt->r[3], tt->r[0], 5);                /* r3 = 15 */
    tcg_gen_call1(&test_info_read_r3, tt->r[4], tcg_env()); /* 46 */
    tcg_gen_addi_i64(tt->r[5], tt->r[5], 1);                /* r5 = 101 */
    tcg_gen_movi_i64(tt->r[2], 7);
    tcg_gen_call2(&test_info_bump_r5, tt->r[6], tcg_env(), tt->r[4]);
    tcg_gen_addi_i64(tt->r[7], tt->r[5], 1); /* 101+46+1 */
    tcg_gen_call2(&test_info_mix, tt->r[8], tt->r[7], tt->r[6]);
    tcg_gen_call2(&test_info_mix32, tt->e[0], tt->e[1], tt->e[2]);
    tcg_gen_exit_tb(NULL, 0);
    test_tcg_run(tt, &cpu);
    g_assert_cmpuint(cpu.regs[3], ==, 15);
    g_assert_cmpuint(cpu.regs[4], ==, 46);
    g_assert_cmpuint(cpu.regs[5], ==, 147);
    g_assert_cmpuint(cpu.regs[6], ==, 7 ^ 46);
    g_assert_cmpuint(cpu.regs[7], ==, 148);
    g_assert_cmphex(cpu.regs[8], ==, test_helper_mix(148, 7 ^ 46));
    g_assert_cmphex(cpu.regs32[0], ==, test_helper_mix32(0, 0));
    g_assert_cmpuint(cpu.helper_calls, ==, 2);
    test_tcg_free(tt);
}

static uint64_t helper_six(uint64_t a, uint32_t b, uint64_t c, int32_t d,
                           uint64_t e, uint64_t f)
{
    return a * 1 + b * 10ull + c * 100 + (uint64_t)(int64_t)d * 1000 + e * 10000
           + f * 100000;
}

static int helper_void_calls;

static void helper_void(void)
{
    helper_void_calls++;
}

static const TCGHelperInfo info_six = TCG_HELPER_INFO(
    helper_six, TCG_CALL_NO_SIDE_EFFECTS, TCG_HT_I64, TCG_HT_I64, TCG_HT_I32,
    TCG_HT_I64, TCG_HT_S32, TCG_HT_I64, TCG_HT_I64);
static const TCGHelperInfo info_void =
    TCG_HELPER_INFO(helper_void, TCG_CALL_WRITES_GLOBALS, TCG_HT_VOID);

/* Six arguments of mixed kinds (registers and constants), and none. */
static void test_call_six_arguments_and_none(gconstpointer data)
{
    TestTCG *tt = test_tcg_new(data);
    TestCPU cpu;

    test_cpu_init(&cpu);
    cpu.regs[0] = 1;
    cpu.regs32[1] = 2;
    cpu.regs[4] = 5;
    helper_void_calls = 0;
    test_tcg_start(tt);
    tcg_gen_call0(&info_void, NULL);
    tcg_gen_call6(&info_six, tt->r[8], tt->r[0], tt->e[1], tcg_constant_i64(3),
                  tcg_constant_i32(-4), tt->r[4], tcg_constant_i64(6));
    tcg_gen_exit_tb(NULL, 0);
    test_tcg_run(tt, &cpu);
    g_assert_cmpint(helper_void_calls, ==, 1);
    g_assert_cmphex(cpu.regs[8], ==, helper_six(1, 2, 3, -4, 5, 6));
    test_tcg_free(tt);
}

/* An unused pure helper call is removed. */
static void test_call_pure_unused_is_removed(gconstpointer data)
{
    TestTCG *tt = test_tcg_new(data);
    TCGv_i64 t;
    TCGOp *op;
    int calls = 0;

    test_tcg_start(tt);
    t = tcg_temp_new_i64();
    tcg_gen_call2(&test_info_mix, t, tt->r[0], tt->r[1]);
    tcg_gen_exit_tb(NULL, 0);
    test_tcg_gen(tt);
    tcg_for_each_op(tt->s, op)
    {
        calls += op->opc == INDEX_op_call;
    }
    g_assert_cmpint(calls, ==, 0);
    test_tcg_free(tt);
}

/* -- Control flow ---------------------------------------------------------- */

/* A backward branch: r1 = sum of 1..r0, counting in a TB temp. */
static void test_branch_loop(gconstpointer data)
{
    TestTCG *tt = test_tcg_new(data);
    TCGLabel *top, *done;
    TCGv_i64 i;
    TestCPU cpu;

    test_cpu_init(&cpu);
    cpu.regs[0] = 10;
    test_tcg_start(tt);
    i = tcg_temp_new_i64();
    top = gen_new_label();
    done = gen_new_label();
    tcg_gen_movi_i64(tt->r[1], 0);
    tcg_gen_mov_i64(i, tt->r[0]);
    tcg_gen_set_label(top);
    tcg_gen_brcondi_i64(TCG_COND_EQ, i, 0, done);
    tcg_gen_add_i64(tt->r[1], tt->r[1], i);
    tcg_gen_subi_i64(i, i, 1);
    tcg_gen_br(top);
    tcg_gen_set_label(done);
    tcg_gen_exit_tb(NULL, 0);
    test_tcg_run(tt, &cpu);
    g_assert_cmpuint(cpu.regs[1], ==, 55);
    test_tcg_free(tt);
}

/* Every condition of brcond, both ways, i32 and i64. */
static void test_brcond_all_conditions(gconstpointer data)
{
    TestTCG *tt = test_tcg_new(data);
    static const int64_t vals[] = {-2, 0, 3};

    for (TCGCond c = TCG_COND_EQ; c < TCG_COND_COUNT; c++) {
        for (size_t a = 0; a < G_N_ELEMENTS(vals); a++) {
            for (size_t b = 0; b < G_N_ELEMENTS(vals); b++) {
                TCGLabel *l;
                TestCPU cpu;
                bool want = tcg_alu_cond(c, TCG_TYPE_I64, vals[a], vals[b]);

                test_cpu_init(&cpu);
                cpu.regs[0] = vals[a];
                cpu.regs[1] = vals[b];
                cpu.regs32[0] = (uint32_t)vals[a];
                cpu.regs32[1] = (uint32_t)vals[b];
                test_tcg_start(tt);
                l = gen_new_label();
                tcg_gen_movi_i64(tt->r[2], 1);
                tcg_gen_movi_i64(tt->r[3], 1);
                tcg_gen_brcond_i64(c, tt->r[0], tt->r[1], l);
                tcg_gen_movi_i64(tt->r[2], 0);
                tcg_gen_set_label(l);
                l = gen_new_label();
                tcg_gen_brcond_i32(c, tt->e[0], tt->e[1], l);
                tcg_gen_movi_i64(tt->r[3], 0);
                tcg_gen_set_label(l);
                tcg_gen_exit_tb(NULL, 0);
                test_tcg_run(tt, &cpu);
                g_assert_cmpuint(cpu.regs[2], ==, want);
                g_assert_cmpuint(cpu.regs[3], ==, want);
            }
        }
    }
    test_tcg_free(tt);
}

/* exit_tb returns its value; goto_tb falls through until patched. */
static void test_goto_tb_chaining(gconstpointer data)
{
    TestTCG *tt = test_tcg_new(data);
    static uint64_t fake_tb[2] __attribute__((aligned(8)));
    uint8_t *tb1, *tb2;
    uint16_t site;
    TestCPU cpu;

    test_tcg_start(tt);
    tcg_gen_addi_i64(tt->r[0], tt->r[0], 1);
    tcg_gen_goto_tb(0);
    tcg_gen_exit_tb(&fake_tb[0], 0);
    tb1 = test_tcg_gen(tt);
    site = tt->s->tb_jmp_insn_offset[0];
    g_assert_cmpuint(site, !=, UINT16_MAX);
    g_assert_cmpuint(tt->s->tb_jmp_reset_offset[0], >, site);
    tt->tb += 4096;

    test_tcg_start(tt);
    tcg_gen_addi_i64(tt->r[0], tt->r[0], 100);
    tcg_gen_exit_tb(&fake_tb[1], TB_EXIT_REQUESTED);
    tb2 = test_tcg_gen(tt);
    tt->tb -= 4096;

    test_cpu_init(&cpu);
    g_assert_cmphex(tcg_exec_tb(tt->s, &cpu, tb1), ==, (uintptr_t)&fake_tb[0]);
    g_assert_cmpuint(cpu.regs[0], ==, 1);
    tcg_patch_goto_tb(tt->s, tb1, site, tb2);
    g_assert_cmphex(tcg_exec_tb(tt->s, &cpu, tb1), ==,
                    (uintptr_t)&fake_tb[1] + TB_EXIT_REQUESTED);
    g_assert_cmpuint(cpu.regs[0], ==, 102);
    test_tcg_free(tt);
}

static const void *lookup_target;

static const void *test_lookup(void *env)
{
    return lookup_target ? lookup_target : tcg_ctx->code_gen_epilogue;
}

/* goto_ptr through the lookup hook: to a TB, or to the epilogue (0). */
static void test_lookup_and_goto_ptr(gconstpointer data)
{
    TestTCG *tt = test_tcg_new(data);
    uint8_t *tb1, *tb2;
    TestCPU cpu;

    tcg_set_lookup_tb_ptr(test_lookup);
    test_tcg_start(tt);
    tcg_gen_movi_i64(tt->r[1], 5);
    tcg_gen_lookup_and_goto_ptr();
    tb1 = test_tcg_gen(tt);
    tt->tb += 4096;
    test_tcg_start(tt);
    tcg_gen_addi_i64(tt->r[1], tt->r[1], 1);
    tcg_gen_exit_tb(NULL, 2);
    tb2 = test_tcg_gen(tt);
    tt->tb -= 4096;

    test_cpu_init(&cpu);
    lookup_target = NULL;
    g_assert_cmphex(tcg_exec_tb(tt->s, &cpu, tb1), ==, 0);
    g_assert_cmpuint(cpu.regs[1], ==, 5);
    lookup_target = tb2;
    g_assert_cmphex(tcg_exec_tb(tt->s, &cpu, tb1), ==, 2);
    g_assert_cmpuint(cpu.regs[1], ==, 6);
    lookup_target = NULL;
    test_tcg_free(tt);
}

/* insn_start records one entry per guest instruction, offsets rising. */
static void test_insn_start_records(gconstpointer data)
{
    TestTCG *tt = test_tcg_new(data);

    test_tcg_start(tt);
    for (int i = 0; i < 3; i++) {
        tcg_gen_insn_start(0x1000 + i * 4, i);
        tcg_gen_addi_i64(tt->r[i], tt->r[i], i + 1);
        tcg_gen_mb(TCG_MO_ALL | TCG_BAR_SC);
    }
    tcg_gen_exit_tb(NULL, 0);
    test_tcg_gen(tt);
    g_assert_cmpint(tt->s->nb_insns, ==, 3);
    for (int i = 0; i < 3; i++) {
        g_assert_cmphex(tt->s->gen_insn_data[i][0], ==, 0x1000 + i * 4);
        g_assert_cmpuint(tt->s->gen_insn_data[i][1], ==, i);
        if (i > 0) {
            g_assert_cmpuint(tt->s->gen_insn_end_off[i], >,
                             tt->s->gen_insn_end_off[i - 1]);
        }
    }
    test_tcg_free(tt);
}

/* More live values than registers: the allocator spills and reloads. */
static void test_register_pressure_spills(gconstpointer data)
{
    TestTCG *tt = test_tcg_new(data);
    TCGv_i64 t[40];
    TestCPU cpu;
    uint64_t want = 0;

    test_cpu_init(&cpu);
    cpu.regs[0] = 3;
    test_tcg_start(tt);
    for (int i = 0; i < 40; i++) {
        t[i] = tcg_temp_new_i64();
        tcg_gen_muli_i64(t[i], tt->r[0], i + 1);
        want += 3 * (uint64_t)(i + 1) * (uint64_t)(i + 1);
    }
    tcg_gen_movi_i64(tt->r[1], 0);
    for (int i = 0; i < 40; i++) {
        tcg_gen_muli_i64(t[i], t[i], i + 1);
        tcg_gen_add_i64(tt->r[1], tt->r[1], t[i]);
    }
    tcg_gen_exit_tb(NULL, 0);
    test_tcg_run(tt, &cpu);
    g_assert_cmpuint(cpu.regs[1], ==, want);
    test_tcg_free(tt);
}

/* Too many temps: tcg_gen_code asks for a smaller TB, the next TB works. */
static void test_temp_overflow_asks_for_smaller_tb(gconstpointer data)
{
    TestTCG *tt = test_tcg_new(data);
    TestCPU cpu;

    test_tcg_start(tt);
    for (int i = 0; i < TCG_MAX_TEMPS + 10; i++) {
        TCGv_i64 t = tcg_temp_new_i64();

        tcg_gen_addi_i64(t, tt->r[0], i);
        tcg_gen_add_i64(tt->r[1], tt->r[1], t);
    }
    tcg_gen_exit_tb(NULL, 0);
    g_assert_cmpint(tcg_gen_code(tt->s, tt->tb, tt->code + tt->code_size / 2),
                    ==, -2);

    test_cpu_init(&cpu);
    test_tcg_start(tt);
    tcg_gen_addi_i64(tt->r[1], tt->r[0], 7);
    tcg_gen_exit_tb(NULL, 0);
    test_tcg_run(tt, &cpu);
    g_assert_cmpuint(cpu.regs[1], ==, 7);
    test_tcg_free(tt);
}

/* More values live across a branch than spill slots: -2 as well. */
static void test_spill_overflow_asks_for_smaller_tb(gconstpointer data)
{
    TestTCG *tt = test_tcg_new(data);
    TCGv_i64 t[600];
    TCGLabel *l;

    test_tcg_start(tt);
    l = gen_new_label();
    for (int i = 0; i < 600; i++) {
        t[i] = tcg_temp_new_i64();
        tcg_gen_addi_i64(t[i], tt->r[0], i);
    }
    tcg_gen_brcondi_i64(TCG_COND_EQ, tt->r[1], 0, l);
    tcg_gen_set_label(l);
    for (int i = 0; i < 600; i++) {
        tcg_gen_add_i64(tt->r[2], tt->r[2], t[i]);
    }
    tcg_gen_exit_tb(NULL, 0);
    g_assert_cmpint(tcg_gen_code(tt->s, tt->tb, tt->code + tt->code_size / 2),
                    ==, -2);
    test_tcg_free(tt);
}

/* -- Types no op has yet ------------------------------------------------- */

/* Building an op at a type its row lacks (a vector type) stops, naming it. */
static void test_op_at_vector_type_is_an_error(void)
{
    if (g_test_subprocess()) {
        TestTCG *tt = test_tcg_new(&tcg_backend_tci);

        test_tcg_start(tt);
        tcg_emit_op(INDEX_op_add, TCG_TYPE_V128);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*op add at type v128*");
}

/* A backend handed an op at a type it does not lower stops, naming both. */
static void test_backend_rejects_vector_type(gconstpointer data)
{
    const TCGBackend *b = data;
    char *want;

    if (g_test_subprocess()) {
        TestTCG *tt = test_tcg_new(b);
        TCGOp *op;

        test_tcg_start(tt);
        tt->s->optimize = false;
        tcg_gen_add_i64(tt->r[0], tt->r[1], tt->r[2]);
        op = tt->s->last_op;
        op->type = TCG_TYPE_V128;
        tcg_gen_exit_tb(NULL, 0);
        tcg_gen_code(tt->s, tt->tb, tt->code + tt->code_size / 2);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    want = g_strdup_printf("*backend %s cannot lower add_v128*", b->name);
    g_test_trap_assert_stderr(want);
    g_free(want);
}

/* -- Registration ---------------------------------------------------------- */

static void add_backend_test(const TCGBackend *b, const char *name,
                             GTestDataFunc fn)
{
    char *path = g_strdup_printf("/tcg/ops/%s/%s", b->name, name);

    g_test_add_data_func(path, b, fn);
    g_free(path);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tcg/ops/alu-eval-matches-table",
                    test_alu_eval_matches_table);
    g_test_add_func("/tcg/ops/op-at-vector-type-is-an-error",
                    test_op_at_vector_type_is_an_error);
    for (const TCGBackend *const *b = test_backends; *b; b++) {
        add_backend_test(*b, "pure-ops", test_pure_ops);
        add_backend_test(*b, "host-loads-and-stores",
                         test_host_loads_and_stores);
        add_backend_test(*b, "guest-loads", test_guest_loads);
        add_backend_test(*b, "guest-stores", test_guest_stores);
        add_backend_test(*b, "guest-pair", test_guest_pair);
        add_backend_test(*b, "call-global-classes", test_call_global_classes);
        add_backend_test(*b, "call-six-arguments-and-none",
                         test_call_six_arguments_and_none);
        add_backend_test(*b, "call-pure-unused-is-removed",
                         test_call_pure_unused_is_removed);
        add_backend_test(*b, "branch-loop", test_branch_loop);
        add_backend_test(*b, "brcond-all-conditions",
                         test_brcond_all_conditions);
        add_backend_test(*b, "goto-tb-chaining", test_goto_tb_chaining);
        add_backend_test(*b, "lookup-and-goto-ptr", test_lookup_and_goto_ptr);
        add_backend_test(*b, "insn-start-records", test_insn_start_records);
        add_backend_test(*b, "register-pressure-spills",
                         test_register_pressure_spills);
        add_backend_test(*b, "temp-overflow-asks-for-smaller-tb",
                         test_temp_overflow_asks_for_smaller_tb);
        add_backend_test(*b, "spill-overflow-asks-for-smaller-tb",
                         test_spill_overflow_asks_for_smaller_tb);
        add_backend_test(*b, "rejects-vector-type",
                         test_backend_rejects_vector_type);
    }
    return g_test_run();
}
