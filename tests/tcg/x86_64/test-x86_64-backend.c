/*
 * End-to-end tests of the x86-64 backend through the IR core: IR built
 * with tcg-op.h, optimized, register-allocated by tcg.c, emitted into the
 * code buffer (split W^X) and run with tcg_exec_tb.  Covers what the
 * lowering harness cannot: the prologue/epilogue, TB exits and chaining
 * (goto_tb patching, goto_ptr), branches to labels in both directions,
 * helper calls (SysV arguments, 16-byte stack alignment), globals synced
 * to env, spills to the frame, and -d out_asm.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <stddef.h>
#include <string.h>

#include "tcg/tcg-alu.h"
#include "tcg/tcg-op.h"
#include "tcg/tcg-region.h"
#include "tcg/x86_64-backend.h"
#include "util/log.h"

/* The CPU state the TBs see (env). */
typedef struct TestEnv {
    uint64_t r[8]; /* globals r0..r7 */
    uint64_t scratch;
} TestEnv;

static TestEnv env;
static TCGContext ctx;
static TCGv_i64 g[8];

static void setup(void)
{
    static const char *const names[8] = {
        "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7",
    };

    g_assert_cmpint(tcg_region_init(32 * TCG_REGION_MIB, true), ==, 0);
    tcg_context_init(&ctx, &tcg_backend_x86_64);
    tcg_region_commit(tcg_prologue_init(&ctx, tcg_region_ptr()));
    tcg_region_set_floor();
    for (int i = 0; i < 8; i++) {
        g[i] = tcg_global_mem_new_i64(tcg_env(), offsetof(TestEnv, r[i]),
                                      names[i]);
    }
}

/* Generate the current op list; return the TB's RX address. */
static const void *gen(void)
{
    void *code = tcg_region_ptr();
    int size = tcg_gen_code(&ctx, code, tcg_region_high_water());

    g_assert_cmpint(size, >, 0);
    tcg_region_commit((uint8_t *)code + size);
    return tcg_splitwx_to_rx(code);
}

static uintptr_t run(const void *tb)
{
    return tcg_exec_tb(&ctx, &env, tb);
}

/* A TB address-like exit value (low bits are the exit index). */
static const void *fake_tb(int n)
{
    return (const void *)(uintptr_t)(0x10000 * (n + 1));
}

/* -- TB exits and chaining ------------------------------------------------- */

static void test_exit_tb_returns_its_value(void)
{
    tcg_func_start(&ctx);
    tcg_gen_exit_tb(fake_tb(0), 2);
    g_assert_cmphex(run(gen()), ==, (uintptr_t)fake_tb(0) + 2);

    tcg_func_start(&ctx);
    tcg_gen_exit_tb(NULL, 0);
    g_assert_cmphex(run(gen()), ==, 0);
}

static void test_goto_tb_chains_and_resets(void)
{
    const void *tb1, *tb2;
    uint16_t insn_off, reset_off;

    tcg_func_start(&ctx);
    tcg_gen_addi_i64(g[0], g[0], 1);
    tcg_gen_goto_tb(0);
    tcg_gen_exit_tb(fake_tb(1), 0);
    tb1 = gen();
    insn_off = ctx.tb_jmp_insn_offset[0];
    reset_off = ctx.tb_jmp_reset_offset[0];
    g_assert_cmpuint(insn_off, <, reset_off);
    /* The jump's rel32 is 4-byte aligned for atomic patching. */
    g_assert_cmpuint(((uintptr_t)tb1 + insn_off + 1) % 4, ==, 0);

    tcg_func_start(&ctx);
    tcg_gen_addi_i64(g[0], g[0], 100);
    tcg_gen_exit_tb(fake_tb(2), 1);
    tb2 = gen();

    env.r[0] = 0;
    g_assert_cmphex(run(tb1), ==, (uintptr_t)fake_tb(1));
    g_assert_cmpuint(env.r[0], ==, 1);

    tcg_patch_goto_tb(&ctx, tb1, insn_off, tb2);
    g_assert_cmphex(run(tb1), ==, (uintptr_t)fake_tb(2) + 1);
    g_assert_cmpuint(env.r[0], ==, 102);

    tcg_patch_goto_tb(&ctx, tb1, insn_off, (const uint8_t *)tb1 + reset_off);
    g_assert_cmphex(run(tb1), ==, (uintptr_t)fake_tb(1));
    g_assert_cmpuint(env.r[0], ==, 103);
}

static void test_goto_ptr_to_epilogue_returns_zero(void)
{
    TCGv_ptr p;

    tcg_func_start(&ctx);
    p = tcg_temp_new_ptr();
    tcg_gen_ld_i64((TCGv_i64)p, tcg_env(), offsetof(TestEnv, scratch));
    tcg_gen_movi_i64(g[1], 77);
    tcg_gen_goto_ptr(p);
    env.scratch = (uintptr_t)ctx.code_gen_epilogue;
    env.r[1] = 0;
    g_assert_cmphex(run(gen()), ==, 0);
    g_assert_cmpuint(env.r[1], ==, 77);
}

static void test_mb_is_mfence_only_for_store_load(void)
{
    const uint8_t *tb;
    static const uint8_t mfence[] = {0x0f, 0xae, 0xf0};
    size_t size;

    tcg_func_start(&ctx);
    tcg_gen_mb(TCG_MO_LD_LD | TCG_MO_ST_ST | TCG_MO_LD_ST);
    tcg_gen_exit_tb(NULL, 0);
    tb = gen();
    size = (uint8_t *)tcg_region_ptr() - (uint8_t *)tcg_splitwx_to_rw(tb);
    g_assert_null(memmem(tb, size, mfence, 3));

    tcg_func_start(&ctx);
    tcg_gen_mb(TCG_MO_ALL | TCG_BAR_SC);
    tcg_gen_exit_tb(NULL, 0);
    tb = gen();
    size = (uint8_t *)tcg_region_ptr() - (uint8_t *)tcg_splitwx_to_rw(tb);
    g_assert_nonnull(memmem(tb, size, mfence, 3));
    g_assert_cmphex(run(tb), ==, 0);
}

/* -- Branches -------------------------------------------------------------- */

/* r2 = cond(r0, r1 or IMM) via brcond; both types, every condition. */
static void test_brcond_every_condition(void)
{
    static const uint64_t vals[] = {
        0,
        1,
        5,
        0x7fffffff,
        0x80000000,
        0xffffffff,
        0x100000000ull,
        0x8000000000000000ull,
        ~0ull,
    };

    for (TCGCond c = TCG_COND_EQ; c < TCG_COND_COUNT; c++) {
        for (int is64 = 0; is64 < 2; is64++) {
            for (int imm = 0; imm < 2; imm++) {
                for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
                    uint64_t b = vals[(i * 7 + 3) % G_N_ELEMENTS(vals)];
                    TCGLabel *taken;
                    const void *tb;
                    bool want;

                    tcg_func_start(&ctx);
                    taken = gen_new_label();
                    tcg_gen_movi_i64(g[2], 1);
                    if (is64) {
                        if (imm) {
                            tcg_gen_brcondi_i64(c, g[0], b, taken);
                        } else {
                            tcg_gen_brcond_i64(c, g[0], g[1], taken);
                        }
                    } else {
                        TCGv_i32 a32 = tcg_temp_new_i32();
                        TCGv_i32 b32 = tcg_temp_new_i32();
                        tcg_gen_extrl_i64_i32(a32, g[0]);
                        tcg_gen_extrl_i64_i32(b32, g[1]);
                        if (imm) {
                            tcg_gen_brcondi_i32(c, a32, (int32_t)b, taken);
                        } else {
                            tcg_gen_brcond_i32(c, a32, b32, taken);
                        }
                    }
                    tcg_gen_movi_i64(g[2], 0);
                    tcg_gen_set_label(taken);
                    tcg_gen_exit_tb(NULL, 0);
                    tb = gen();

                    env.r[0] = vals[i];
                    env.r[1] = b;
                    run(tb);
                    want = tcg_alu_cond(c, is64 ? TCG_TYPE_I64 : TCG_TYPE_I32,
                                        vals[i], b);
                    if (env.r[2] != want) {
                        g_test_message(
                            "brcond %s is64=%d imm=%d %#" G_GINT64_MODIFIER
                            "x %#" G_GINT64_MODIFIER "x",
                            tcg_cond_name(c), is64, imm, vals[i], b);
                        g_test_fail();
                        return;
                    }
                }
            }
        }
    }
}

/* A backward branch: r0 = sum of 1..r1. */
static void test_backward_branch_loop(void)
{
    TCGLabel *top, *done;
    TCGv_i64 i, sum;

    tcg_func_start(&ctx);
    top = gen_new_label();
    done = gen_new_label();
    i = tcg_temp_tb_new_i64();
    sum = tcg_temp_tb_new_i64();
    tcg_gen_mov_i64(i, g[1]);
    tcg_gen_movi_i64(sum, 0);
    tcg_gen_set_label(top);
    tcg_gen_brcondi_i64(TCG_COND_EQ, i, 0, done);
    tcg_gen_add_i64(sum, sum, i);
    tcg_gen_subi_i64(i, i, 1);
    tcg_gen_br(top);
    tcg_gen_set_label(done);
    tcg_gen_mov_i64(g[0], sum);
    tcg_gen_exit_tb(NULL, 0);
    env.r[1] = 1000;
    run(gen());
    g_assert_cmpuint(env.r[0], ==, 500500);
}

/* -- Calls, globals, spills ------------------------------------------------ */

static bool helper_stack_aligned;

static uint64_t helper_mix6(uint64_t a, uint64_t b, uint64_t c, uint64_t d,
                            uint64_t e, uint64_t f)
{
    /* The frame address is rsp after "push rbp": 16-aligned iff rsp was
     * 16-aligned at the call (SysV psABI 3.2.2). */
    helper_stack_aligned = ((uintptr_t)__builtin_frame_address(0) & 15) == 0;
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f;
}

static const TCGHelperInfo info_mix6 = TCG_HELPER_INFO(
    helper_mix6, TCG_CALL_NO_SIDE_EFFECTS, TCG_HT_I64, TCG_HT_I64, TCG_HT_I64,
    TCG_HT_I64, TCG_HT_I64, TCG_HT_I64, TCG_HT_I64);

static void test_helper_call_args_and_alignment(void)
{
    TCGv_i64 ret, live;

    tcg_func_start(&ctx);
    ret = tcg_temp_new_i64();
    live = tcg_temp_new_i64();
    /* A value live across the call must survive it. */
    tcg_gen_addi_i64(live, g[7], 5);
    tcg_gen_call6(&info_mix6, ret, g[0], g[1], g[2], g[3], g[4], g[5]);
    tcg_gen_add_i64(g[6], ret, live);
    tcg_gen_exit_tb(NULL, 0);
    for (int i = 0; i < 8; i++) {
        env.r[i] = i + 1;
    }
    helper_stack_aligned = false;
    run(gen());
    g_assert_cmpuint(env.r[6], ==,
                     1 + 2 * 2 + 3 * 3 + 4 * 4 + 5 * 5 + 6 * 6 + 8 + 5);
    g_assert_true(helper_stack_aligned);
}

/* More live values than registers: the allocator spills to the frame. */
static void test_many_live_values_spill(void)
{
    enum { N = 40 };
    TCGv_i64 t[N];
    uint64_t want = 0;

    tcg_func_start(&ctx);
    for (int i = 0; i < N; i++) {
        t[i] = tcg_temp_new_i64();
        tcg_gen_muli_i64(t[i], g[i % 8], i + 1);
    }
    tcg_gen_movi_i64(g[0], 0);
    for (int i = 0; i < N; i++) {
        tcg_gen_xor_i64(g[0], g[0], t[i]);
        tcg_gen_rotli_i64(g[0], g[0], 3);
    }
    tcg_gen_exit_tb(NULL, 0);
    for (int i = 0; i < 8; i++) {
        env.r[i] = 0x0123456789abcdefull * (i + 3);
    }
    for (int i = 0; i < N; i++) {
        want ^= env.r[i % 8] * (i + 1);
        want = want << 3 | want >> 61;
    }
    run(gen());
    g_assert_cmphex(env.r[0], ==, want);
}

/* -- Logging --------------------------------------------------------------- */

static void test_out_asm_lists_host_code(void)
{
    char *path =
        g_build_filename(g_get_tmp_dir(), "peregrine-out-asm.log", NULL);
    char *text = NULL;
    char *bad = NULL;

    g_assert_true(log_set_file(path));
    g_assert_true(log_set_items("out_asm", &bad));
    tcg_func_start(&ctx);
    tcg_gen_addi_i64(g[0], g[0], 0x1234);
    tcg_gen_exit_tb(NULL, 0);
    run(gen());
    log_close();
    log_mask = 0;
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_assert_nonnull(strstr(text, "OUT:"));
    g_assert_nonnull(strstr(text, "0x1234"));
    g_assert_nonnull(strstr(text, "jmp"));
    g_free(text);
    g_unlink(path);
    g_free(path);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    setup();
    g_test_add_func("/x86_64-backend/exit_tb_returns_its_value",
                    test_exit_tb_returns_its_value);
    g_test_add_func("/x86_64-backend/goto_tb_chains_and_resets",
                    test_goto_tb_chains_and_resets);
    g_test_add_func("/x86_64-backend/goto_ptr_to_epilogue_returns_zero",
                    test_goto_ptr_to_epilogue_returns_zero);
    g_test_add_func("/x86_64-backend/mb_is_mfence_only_for_store_load",
                    test_mb_is_mfence_only_for_store_load);
    g_test_add_func("/x86_64-backend/brcond_every_condition",
                    test_brcond_every_condition);
    g_test_add_func("/x86_64-backend/backward_branch_loop",
                    test_backward_branch_loop);
    g_test_add_func("/x86_64-backend/helper_call_args_and_alignment",
                    test_helper_call_args_and_alignment);
    g_test_add_func("/x86_64-backend/many_live_values_spill",
                    test_many_live_values_spill);
    g_test_add_func("/x86_64-backend/out_asm_lists_host_code",
                    test_out_asm_lists_host_code);
    return g_test_run();
}
