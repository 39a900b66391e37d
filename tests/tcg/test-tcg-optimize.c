/*
 * Optimizer rules, one test each: IR in, the printed IR out.
 *
 * Each test builds a few ops with raw operands (so tcg-op.c's own
 * shortcuts do not pre-empt the rule), runs tcg_optimize and compares the
 * printed op list.  Globals r0..r15 (i64) and e0..e7 (i32) come from the
 * shared harness; TB temps print as loc<N>.
 */
#include <stdio.h>
#include <string.h>

#include "tcg-test.h"

static TestTCG *tt;

#define R(n) tt->r[n]
#define E(n) tt->e[n]

static TCGv_i64 C64(int64_t v)
{
    return tcg_constant_i64(v);
}

static TCGv_i32 C32(int32_t v)
{
    return tcg_constant_i32(v);
}

/* Optimize the current ops and compare their printout with WANT. */
static void check_optimized(const char *want)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    tcg_optimize(tt->s);
    tcg_dump_ops(tt->s, f, false);
    fclose(f);
    g_assert_cmpstr(buf, ==, want);
    free(buf);
}

static void start(void)
{
    test_tcg_start(tt);
}

/* -- Constants and algebra ------------------------------------------------- */

static void test_add_zero_is_mov(void)
{
    start();
    /* add d, x, $0 -> mov d, x */
    tcg_gen_add_i64(R(0), R(1), C64(0));
    check_optimized("mov_i64 r0,r1\n");
}

static void test_add_constants_fold(void)
{
    start();
    tcg_gen_add_i64(R(0), C64(2), C64(3));
    check_optimized("mov_i64 r0,$0x5\n");
}

static void test_add_constant_goes_second(void)
{
    start();
    tcg_gen_add_i64(R(0), C64(5), R(1));
    check_optimized("add_i64 r0,r1,$0x5\n");
}

static void test_add_i32_wraps_and_keeps_type(void)
{
    start();
    tcg_gen_add_i32(E(0), C32(-1), C32(1));
    check_optimized("mov_i32 e0,$0x0\n");
}

static void test_sub_self_is_zero(void)
{
    start();
    /* sub d, x, x -> mov d, $0 */
    tcg_gen_sub_i64(R(0), R(1), R(1));
    check_optimized("mov_i64 r0,$0x0\n");
}

static void test_sub_constant_becomes_add(void)
{
    start();
    /* sub d, x, $c -> add d, x, $-c */
    tcg_gen_sub_i64(R(0), R(1), C64(3));
    check_optimized("add_i64 r0,r1,$0xfffffffffffffffd\n");
}

static void test_mul_by_one_and_zero(void)
{
    start();
    /* mul d, x, $1 -> mov d, x;  mul d, x, $0 -> mov d, $0 */
    tcg_gen_mul_i64(R(0), R(1), C64(1));
    tcg_gen_mul_i64(R(2), C64(0), R(3));
    check_optimized("mov_i64 r0,r1\nmov_i64 r2,$0x0\n");
}

static void test_div_by_one_and_rem_by_one(void)
{
    start();
    /* div d, x, $1 -> mov d, x;  rem d, x, $1 -> mov d, $0 */
    tcg_gen_op3(INDEX_op_div, TCG_TYPE_I64, temp_arg(tcgv_i64_temp(R(0))),
                temp_arg(tcgv_i64_temp(R(1))), temp_arg(tcgv_i64_temp(C64(1))));
    tcg_gen_op3(INDEX_op_remu, TCG_TYPE_I64, temp_arg(tcgv_i64_temp(R(2))),
                temp_arg(tcgv_i64_temp(R(1))), temp_arg(tcgv_i64_temp(C64(1))));
    check_optimized("mov_i64 r0,r1\nmov_i64 r2,$0x0\n");
}

static void test_div_by_zero_is_not_folded(void)
{
    start();
    tcg_gen_op3(INDEX_op_divu, TCG_TYPE_I64, temp_arg(tcgv_i64_temp(R(0))),
                temp_arg(tcgv_i64_temp(C64(7))),
                temp_arg(tcgv_i64_temp(C64(0))));
    check_optimized("divu_i64 r0,$0x7,$0x0\n");
}

/* -- Logic ----------------------------------------------------------------- */

static void test_and_zero_minus_one_self(void)
{
    start();
    /* and d, x, $0 -> mov d, $0 (known bits); and d, x, $-1 / x, x -> mov */
    tcg_gen_and_i64(R(0), R(1), C64(0));
    tcg_gen_and_i64(R(2), R(1), C64(-1));
    tcg_gen_and_i64(R(3), R(4), R(4));
    check_optimized("mov_i64 r0,$0x0\nmov_i64 r2,r1\nmov_i64 r3,r4\n");
}

static void test_and_with_mask_of_known_bits_is_mov(void)
{
    start();
    /* and d, x, $m -> mov d, x when m keeps every bit x may have */
    tcg_gen_ext8u_i64(R(0), R(1));
    tcg_gen_and_i64(R(2), R(0), C64(0x1ff));
    check_optimized("ext8u_i64 r0,r1\nmov_i64 r2,r0\n");
}

static void test_or_zero_and_self(void)
{
    start();
    /* or d, x, $0 -> mov d, x;  or d, x, x -> mov d, x */
    tcg_gen_or_i64(R(0), R(1), C64(0));
    tcg_gen_or_i64(R(2), R(3), R(3));
    check_optimized("mov_i64 r0,r1\nmov_i64 r2,r3\n");
}

static void test_or_known_ones_make_constant(void)
{
    start();
    /* or of a byte with 0xff...: every bit known -> constant */
    tcg_gen_ext8u_i64(R(0), R(1));
    tcg_gen_or_i64(R(2), R(0), C64(-1));
    check_optimized("ext8u_i64 r0,r1\nmov_i64 r2,$0xffffffffffffffff\n");
}

static void test_xor_rules(void)
{
    start();
    /* xor d, x, x -> $0;  xor d, x, $0 -> mov;  xor d, x, $-1 -> not */
    tcg_gen_xor_i64(R(0), R(1), R(1));
    tcg_gen_xor_i64(R(2), R(1), C64(0));
    tcg_gen_xor_i64(R(3), R(1), C64(-1));
    check_optimized("mov_i64 r0,$0x0\nmov_i64 r2,r1\nnot_i64 r3,r1\n");
}

static void test_andc_orc_self(void)
{
    start();
    /* andc d, x, x -> $0;  orc d, x, x -> $-1 */
    tcg_gen_andc_i32(E(0), E(1), E(1));
    tcg_gen_orc_i32(E(2), E(1), E(1));
    check_optimized("mov_i32 e0,$0x0\nmov_i32 e2,$0xffffffff\n");
}

/* -- Shifts and fields ----------------------------------------------------- */

static void test_shift_by_zero_and_of_zero(void)
{
    start();
    /* shl d, x, $0 -> mov d, x;  sar d, $0, n -> mov d, $0 */
    tcg_gen_shl_i64(R(0), R(1), C64(0));
    tcg_gen_sar_i64(R(2), C64(0), R(3));
    check_optimized("mov_i64 r0,r1\nmov_i64 r2,$0x0\n");
}

static void test_shift_constants_fold(void)
{
    start();
    tcg_gen_shl_i64(R(0), C64(1), C64(4));
    tcg_gen_sar_i32(E(0), C32(INT32_MIN), C32(31));
    check_optimized("mov_i64 r0,$0x10\nmov_i32 e0,$0xffffffff\n");
}

static void test_shift_out_of_range_is_not_folded(void)
{
    start();
    tcg_gen_shl_i32(E(0), C32(1), C32(40));
    check_optimized("shl_i32 e0,$0x1,$0x28\n");
}

static void test_zero_extend_of_narrow_value_is_mov(void)
{
    start();
    /* ext16u d, x -> mov d, x when x has no bit above 16 */
    tcg_gen_ld8u_i64(R(0), tcg_env(), 0);
    tcg_gen_ext16u_i64(R(1), R(0));
    check_optimized("ld8u_i64 r0,env,$0x0\nmov_i64 r1,r0\n");
}

static void test_sign_extend_of_sign_extended_is_mov(void)
{
    start();
    /* ext16s d, x -> mov d, x when x is sign-extended from 8 bits */
    tcg_gen_ext8s_i64(R(0), R(1));
    tcg_gen_ext16s_i64(R(2), R(0));
    check_optimized("ext8s_i64 r0,r1\nmov_i64 r2,r0\n");
}

static void test_extract_constant_folds(void)
{
    start();
    tcg_gen_op4(INDEX_op_extract, TCG_TYPE_I64, temp_arg(tcgv_i64_temp(R(0))),
                temp_arg(tcgv_i64_temp(C64(0x1234))), 4, 8);
    check_optimized("mov_i64 r0,$0x23\n");
}

static void test_clz_of_zero_is_default(void)
{
    start();
    /* clz d, $0, z -> mov d, z */
    tcg_gen_clz_i64(R(0), C64(0), R(1));
    check_optimized("mov_i64 r0,r1\n");
}

static void test_width_change_of_constant_keeps_type(void)
{
    start();
    tcg_gen_extrh_i64_i32(E(0), C64(0x1234567800000000ll));
    tcg_gen_extu_i32_i64(R(0), C32(-1));
    check_optimized("mov_i32 e0,$0x12345678\nmov_i64 r0,$0xffffffff\n");
}

/* -- Conditions and branches ----------------------------------------------- */

static void test_setcond_known_results(void)
{
    start();
    /* setcond eq x, x -> $1;  ltu x, $0 -> $0;  both constant -> value */
    tcg_gen_setcond_i64(TCG_COND_EQ, R(0), R(1), R(1));
    tcg_gen_setcond_i64(TCG_COND_LTU, R(2), R(1), C64(0));
    tcg_gen_setcond_i32(TCG_COND_LT, E(0), C32(-1), C32(0));
    check_optimized("mov_i64 r0,$0x1\nmov_i64 r2,$0x0\nmov_i32 e0,$0x1\n");
}

static void test_setcond_constant_goes_second(void)
{
    start();
    tcg_gen_setcond_i64(TCG_COND_LT, R(0), C64(5), R(1));
    check_optimized("setcond_i64 r0,r1,$0x5,gt\n");
}

static void test_movcond_known_condition_and_same_values(void)
{
    start();
    /* movcond with a known condition -> mov;  movcond d, a, b, v, v -> mov */
    tcg_gen_movcond_i64(TCG_COND_GEU, R(0), R(1), C64(0), R(2), R(3));
    tcg_gen_movcond_i64(TCG_COND_LT, R(4), R(1), R(5), R(6), R(6));
    check_optimized("mov_i64 r0,r2\nmov_i64 r4,r6\n");
}

static void test_brcond_always_becomes_br(void)
{
    TCGLabel *l;

    start();
    l = gen_new_label();
    tcg_gen_brcond_i64(TCG_COND_EQ, R(0), R(0), l);
    tcg_gen_movi_i64(R(1), 1);
    tcg_gen_set_label(l);
    tcg_gen_exit_tb(NULL, 0);
    /* the br then jumps to the next op and goes too, then the label */
    check_optimized("exit_tb $0x0\n");
}

static void test_brcond_never_is_removed(void)
{
    TCGLabel *l;

    start();
    l = gen_new_label();
    tcg_gen_brcond_i64(TCG_COND_LTU, R(0), C64(0), l);
    tcg_gen_movi_i64(R(1), 1);
    tcg_gen_set_label(l);
    tcg_gen_exit_tb(NULL, 0);
    check_optimized("mov_i64 r1,$0x1\nexit_tb $0x0\n");
}

static void test_code_after_exit_is_removed(void)
{
    TCGLabel *l;

    start();
    l = gen_new_label();
    tcg_gen_brcondi_i64(TCG_COND_NE, R(0), 0, l);
    tcg_gen_exit_tb(NULL, 1);
    tcg_gen_movi_i64(R(1), 1);
    tcg_gen_set_label(l);
    tcg_gen_movi_i64(R(2), 2);
    tcg_gen_exit_tb(NULL, 0);
    check_optimized("brcond_i64 r0,$0x0,ne,$L0\nexit_tb $0x1\nset_label $L0\n"
                    "mov_i64 r2,$0x2\nexit_tb $0x0\n");
}

static void test_unreachable_loop_is_removed(void)
{
    TCGLabel *skip, *top;
    TCGv_i64 cnt;

    start();
    skip = gen_new_label();
    top = gen_new_label();
    cnt = tcg_temp_new_i64();
    /* brcond always taken: the loop below is reached by nothing but its
       own back edge */
    tcg_gen_brcond_i64(TCG_COND_EQ, R(0), R(0), skip);
    tcg_gen_insn_start(0x1000, 0);
    tcg_gen_movi_i64(cnt, 3);
    tcg_gen_set_label(top);
    tcg_gen_subi_i64(cnt, cnt, 1);
    tcg_gen_brcondi_i64(TCG_COND_NE, cnt, 0, top);
    tcg_gen_set_label(skip);
    tcg_gen_exit_tb(NULL, 0);
    check_optimized("br $L0\n ---- 0x1000 0x0\nset_label $L0\n"
                    "exit_tb $0x0\n");
}

/* -- Copies and what survives block boundaries ----------------------------- */

static void test_copy_propagation_prefers_globals(void)
{
    TCGv_i64 t;

    start();
    t = tcg_temp_new_i64();
    tcg_gen_mov_i64(t, R(1));
    tcg_gen_add_i64(R(0), t, R(2));
    check_optimized("mov_i64 loc26,r1\nadd_i64 r0,r1,r2\n");
}

static void test_mov_between_copies_is_removed(void)
{
    start();
    tcg_gen_mov_i64(R(0), R(1));
    tcg_gen_mov_i64(R(1), R(0));
    check_optimized("mov_i64 r0,r1\n");
}

static void test_constants_propagate_through_movs(void)
{
    TCGv_i64 t;

    start();
    t = tcg_temp_new_i64();
    tcg_gen_movi_i64(t, 5);
    tcg_gen_add_i64(R(0), t, C64(1));
    check_optimized("mov_i64 loc26,$0x5\nmov_i64 r0,$0x6\n");
}

static void test_writing_helper_forgets_globals(void)
{
    start();
    tcg_gen_movi_i64(R(0), 5);
    tcg_gen_call2(&test_info_bump_r5, R(3), tcg_env(), R(1));
    tcg_gen_addi_i64(R(1), R(0), 1);
    check_optimized("mov_i64 r0,$0x5\ncall test_helper_bump_r5,r3,env,r1\n"
                    "add_i64 r1,r0,$0x1\n");
}

static void test_reading_helper_keeps_globals(void)
{
    start();
    tcg_gen_movi_i64(R(0), 5);
    tcg_gen_call1(&test_info_read_r3, R(3), tcg_env());
    tcg_gen_addi_i64(R(1), R(0), 1);
    check_optimized("mov_i64 r0,$0x5\ncall test_helper_read_r3,r3,env\n"
                    "mov_i64 r1,$0x6\n");
}

static void test_knowledge_survives_fallthrough_not_labels(void)
{
    TCGLabel *l;

    start();
    l = gen_new_label();
    tcg_gen_movi_i64(R(0), 5);
    tcg_gen_brcondi_i64(TCG_COND_EQ, R(2), 0, l);
    tcg_gen_addi_i64(R(1), R(0), 1);
    tcg_gen_set_label(l);
    tcg_gen_addi_i64(R(3), R(0), 1);
    tcg_gen_exit_tb(NULL, 0);
    check_optimized("mov_i64 r0,$0x5\nbrcond_i64 r2,$0x0,eq,$L0\n"
                    "mov_i64 r1,$0x6\nset_label $L0\nadd_i64 r3,r0,$0x1\n"
                    "exit_tb $0x0\n");
}

/* -- Common subexpressions ---------------------------------------------- */

static void test_repeated_op_becomes_mov(void)
{
    start();
    /* op d, x, y after op e, x, y (x, y, e unchanged) -> mov d, e */
    tcg_gen_add_i64(R(0), R(1), R(2));
    tcg_gen_add_i64(R(3), R(1), R(2));
    check_optimized("add_i64 r0,r1,r2\nmov_i64 r3,r0\n");
}

static void test_repeat_after_input_write_is_kept(void)
{
    start();
    tcg_gen_xor_i64(R(0), R(1), R(2));
    tcg_gen_movi_i64(R(2), 7);
    tcg_gen_xor_i64(R(3), R(1), R(2));
    check_optimized("xor_i64 r0,r1,r2\nmov_i64 r2,$0x7\n"
                    "xor_i64 r3,r1,$0x7\n");
}

static void test_repeat_after_result_overwritten_is_kept(void)
{
    start();
    tcg_gen_sub_i64(R(0), R(1), R(2));
    tcg_gen_movi_i64(R(0), 1);
    tcg_gen_sub_i64(R(3), R(1), R(2));
    check_optimized("sub_i64 r0,r1,r2\nmov_i64 r0,$0x1\nsub_i64 r3,r1,r2\n");
}

static void test_repeat_across_label_is_kept(void)
{
    TCGLabel *l;

    start();
    l = gen_new_label();
    tcg_gen_brcondi_i64(TCG_COND_EQ, R(5), 0, l);
    tcg_gen_shl_i64(R(0), R(1), R(2));
    tcg_gen_set_label(l);
    tcg_gen_shl_i64(R(3), R(1), R(2));
    tcg_gen_exit_tb(NULL, 0);
    check_optimized("brcond_i64 r5,$0x0,eq,$L0\nshl_i64 r0,r1,r2\n"
                    "set_label $L0\nshl_i64 r3,r1,r2\nexit_tb $0x0\n");
}

static void test_repeated_load_is_kept(void)
{
    start();
    tcg_gen_ld_i64(R(0), tcg_env(), 0x100);
    tcg_gen_ld_i64(R(1), tcg_env(), 0x100);
    check_optimized("ld_i64 r0,env,$0x100\nld_i64 r1,env,$0x100\n");
}

/* -- Printing (-d op / -d op_opt) -------------------------------------- */

static void test_print_names_every_kind_of_argument(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f;
    TCGv_i64 t;

    start();
    t = tcg_temp_ebb_new_i64();
    tcg_gen_insn_start(0x401000, 3);
    tcg_gen_op3(INDEX_op_qemu_ld, TCG_TYPE_I64, temp_arg(tcgv_i64_temp(t)),
                temp_arg(tcgv_i64_temp(R(1))),
                make_memop_idx(MO_SW | MO_ALIGN, 1));
    tcg_gen_op3(INDEX_op_bswap16, TCG_TYPE_I64, temp_arg(tcgv_i64_temp(R(0))),
                temp_arg(tcgv_i64_temp(t)), TCG_BSWAP_IZ | TCG_BSWAP_OS);
    tcg_gen_setcond_i32(TCG_COND_GEU, E(0), E(1), C32(-1));
    tcg_gen_exit_tb(NULL, 0);
    tcg_liveness_analysis(tt->s);
    f = open_memstream(&buf, &len);
    tcg_dump_ops(tt->s, f, true);
    fclose(f);
    g_assert_cmpstr(buf, ==,
                    " ---- 0x401000 0x3\n"
                    "qemu_ld_i64 tmp26,r1,sw+al:1  dead: 1\n"
                    "bswap16_i64 r0,tmp26,$iz|os  sync: 0  dead: 0 1\n"
                    "setcond_i32 e0,e1,$0xffffffff,geu  sync: 0  dead: 0 1\n"
                    "exit_tb $0x0\n");
    free(buf);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    tt = test_tcg_new(&tcg_backend_tci);
#define T(name) g_test_add_func("/tcg/optimize/" #name, test_##name)
    T(add_zero_is_mov);
    T(add_constants_fold);
    T(add_constant_goes_second);
    T(add_i32_wraps_and_keeps_type);
    T(sub_self_is_zero);
    T(sub_constant_becomes_add);
    T(mul_by_one_and_zero);
    T(div_by_one_and_rem_by_one);
    T(div_by_zero_is_not_folded);
    T(and_zero_minus_one_self);
    T(and_with_mask_of_known_bits_is_mov);
    T(or_zero_and_self);
    T(or_known_ones_make_constant);
    T(xor_rules);
    T(andc_orc_self);
    T(shift_by_zero_and_of_zero);
    T(shift_constants_fold);
    T(shift_out_of_range_is_not_folded);
    T(zero_extend_of_narrow_value_is_mov);
    T(sign_extend_of_sign_extended_is_mov);
    T(extract_constant_folds);
    T(clz_of_zero_is_default);
    T(width_change_of_constant_keeps_type);
    T(setcond_known_results);
    T(setcond_constant_goes_second);
    T(movcond_known_condition_and_same_values);
    T(brcond_always_becomes_br);
    T(brcond_never_is_removed);
    T(code_after_exit_is_removed);
    T(unreachable_loop_is_removed);
    T(copy_propagation_prefers_globals);
    T(mov_between_copies_is_removed);
    T(constants_propagate_through_movs);
    T(writing_helper_forgets_globals);
    T(reading_helper_keeps_globals);
    T(knowledge_survives_fallthrough_not_labels);
    T(repeated_op_becomes_mov);
    T(repeat_after_input_write_is_kept);
    T(repeat_after_result_overwritten_is_kept);
    T(repeat_across_label_is_kept);
    T(repeated_load_is_kept);
    T(print_names_every_kind_of_argument);
#undef T
    ret = g_test_run();
    test_tcg_free(tt);
    return ret;
}
