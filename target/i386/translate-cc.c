/*
 * Lazy condition codes in generated code: recording cc_op, and reading a
 * flag or an x86 condition.
 *
 * Reads use a direct TCG sequence when the translation-time cc_op allows
 * one (so `cmp; jcc` becomes one compare-and-branch on the cc operands),
 * else a call of the pure helper cc_compute_all (the optimizer drops it
 * when the result is unused).  The table below says, per CCFamily, which
 * direct forms exist.
 */
#include "target/i386/helper.h"
#include "target/i386/translate.h"

void set_cc_op(DisasContext *s, CCOp op)
{
    if (s->cc_op != op) {
        s->cc_op = op;
        s->cc_op_dirty = true;
    }
}

void gen_update_cc_op(DisasContext *s)
{
    if (s->cc_op_dirty && s->cc_op != CC_OP_DYNAMIC) {
        tcg_gen_movi_i32(cpu_cc_op, s->cc_op);
    }
    s->cc_op_dirty = false;
}

/* The cc_op as a helper argument: a constant when known. */
static TCGv_i32 cc_op_arg(DisasContext *s)
{
    return s->cc_op == CC_OP_DYNAMIC ? cpu_cc_op : tcg_constant_i32(s->cc_op);
}

void gen_compute_eflags(DisasContext *s, TCGv_i64 dst)
{
    if (s->cc_op == CC_OP_EFLAGS) {
        tcg_gen_andi_i64(dst, cpu_cc_src, CC_ARITH_MASK);
        return;
    }
    tcg_gen_call4(&helper_info_cc_compute_all, dst, cpu_cc_dst, cpu_cc_src,
                  cpu_cc_src2, cc_op_arg(s));
}

void gen_flags_to_eflags(DisasContext *s)
{
    if (s->cc_op == CC_OP_EFLAGS) {
        return;
    }
    gen_compute_eflags(s, cpu_cc_src);
    set_cc_op(s, CC_OP_EFLAGS);
}

/* -- Direct forms per family ----------------------------------------------- */

/* Which direct sequences a family's operands allow. */
typedef struct CCDirect {
    bool zs;    /* Z and S from cc_dst (the result) */
    bool sub;   /* C, BE, L, LE from src1 = dst + src vs src (SUB/CMP) */
    bool add_c; /* C = dst < src (ADD) */
    bool c_zero_o_zero; /* C = O = 0 (LOGIC): L = S, BE = Z */
} CCDirect;

static const CCDirect cc_direct[CC_FAMILY_COUNT] = {
    [CC_FAMILY_ADD] = {.zs = true, .add_c = true},
    [CC_FAMILY_ADC] = {.zs = true},
    [CC_FAMILY_SUB] = {.zs = true, .sub = true},
    [CC_FAMILY_SBB] = {.zs = true},
    [CC_FAMILY_LOGIC] = {.zs = true, .c_zero_o_zero = true},
    [CC_FAMILY_INC] = {.zs = true},
    [CC_FAMILY_DEC] = {.zs = true},
    [CC_FAMILY_SHL] = {.zs = true},
    [CC_FAMILY_SHR] = {.zs = true},
    [CC_FAMILY_SAR] = {.zs = true},
    [CC_FAMILY_MUL] = {.zs = true},
    [CC_FAMILY_BMILG] = {.zs = true},
};

/* x86 condition numbers (SDM vol. 2D, B.1.4.7): the even "true" forms. */
enum {
    JCC_O = 0,
    JCC_B = 2,
    JCC_Z = 4,
    JCC_BE = 6,
    JCC_S = 8,
    JCC_P = 10,
    JCC_L = 12,
    JCC_LE = 14
};

void gen_compute_c(DisasContext *s, TCGv_i64 dst)
{
    X86Cond c = gen_cond(s, JCC_B);

    tcg_gen_setcond_i64(c.cond, dst, c.a, c.b);
}

/* Direct form of even condition CC for a known cc_op, if there is one. */
static bool gen_cond_direct(DisasContext *s, int cc, X86Cond *r)
{
    const CCOpInfo *info;
    const CCDirect *dir;
    MemOp ot;

    if (s->cc_op <= CC_OP_DYNAMIC || s->cc_op >= CC_OP_NB) {
        return false;
    }
    info = &cc_op_info[s->cc_op];
    dir = &cc_direct[info->family];
    ot = info->size;
    r->a = tcg_temp_new_i64();
    r->b = tcg_temp_new_i64();
    if (dir->sub
        && (cc == JCC_B || cc == JCC_BE || cc == JCC_L || cc == JCC_LE)) {
        bool sign = cc == JCC_L || cc == JCC_LE;

        /* CMP a, b left dst = a - b, src = b: compare a with b directly. */
        tcg_gen_add_i64(r->a, cpu_cc_dst, cpu_cc_src);
        gen_extend(ot, sign, r->a, r->a);
        gen_extend(ot, sign, r->b, cpu_cc_src);
        r->cond = cc == JCC_B    ? TCG_COND_LTU
                  : cc == JCC_BE ? TCG_COND_LEU
                  : cc == JCC_L  ? TCG_COND_LT
                                 : TCG_COND_LE;
        return true;
    }
    if (dir->add_c && cc == JCC_B) {
        gen_extend(ot, false, r->a, cpu_cc_dst);
        gen_extend(ot, false, r->b, cpu_cc_src);
        r->cond = TCG_COND_LTU;
        return true;
    }
    if (dir->c_zero_o_zero && (cc == JCC_B || cc == JCC_O)) {
        tcg_gen_movi_i64(r->a, 0);
        tcg_gen_movi_i64(r->b, 1);
        r->cond = TCG_COND_EQ; /* never */
        return true;
    }
    if (dir->zs && (cc == JCC_Z || (dir->c_zero_o_zero && cc == JCC_BE))) {
        gen_extend(ot, false, r->a, cpu_cc_dst);
        tcg_gen_movi_i64(r->b, 0);
        r->cond = TCG_COND_EQ;
        return true;
    }
    if (dir->zs && (cc == JCC_S || (dir->c_zero_o_zero && cc == JCC_L))) {
        gen_extend(ot, true, r->a, cpu_cc_dst);
        tcg_gen_movi_i64(r->b, 0);
        r->cond = TCG_COND_LT;
        return true;
    }
    if (dir->c_zero_o_zero && cc == JCC_LE) {
        gen_extend(ot, true, r->a, cpu_cc_dst);
        tcg_gen_movi_i64(r->b, 0);
        r->cond = TCG_COND_LE;
        return true;
    }
    tcg_temp_free_i64(r->a);
    tcg_temp_free_i64(r->b);
    return false;
}

X86Cond gen_cond(DisasContext *s, int cc)
{
    X86Cond r;
    bool invert = cc & 1;
    TCGv_i64 f;

    cc &= ~1;
    if (!gen_cond_direct(s, cc, &r)) {
        f = tcg_temp_new_i64();
        r.a = tcg_temp_new_i64();
        r.b = tcg_constant_i64(0);
        r.cond = TCG_COND_NE;
        gen_compute_eflags(s, f);
        switch (cc) {
        case JCC_O:
            tcg_gen_andi_i64(r.a, f, CC_O);
            break;
        case JCC_B:
            tcg_gen_andi_i64(r.a, f, CC_C);
            break;
        case JCC_Z:
            tcg_gen_andi_i64(r.a, f, CC_Z);
            break;
        case JCC_BE:
            tcg_gen_andi_i64(r.a, f, CC_C | CC_Z);
            break;
        case JCC_S:
            tcg_gen_andi_i64(r.a, f, CC_S);
            break;
        case JCC_P:
            tcg_gen_andi_i64(r.a, f, CC_P);
            break;
        case JCC_L:
        case JCC_LE:
            /* L: SF != OF; LE: L or ZF. */
            tcg_gen_shri_i64(r.a, f, 4); /* O (bit 11) onto S (bit 7) */
            tcg_gen_xor_i64(r.a, r.a, f);
            tcg_gen_andi_i64(r.a, r.a, CC_S);
            if (cc == JCC_LE) {
                TCGv_i64 z = tcg_temp_new_i64();

                tcg_gen_andi_i64(z, f, CC_Z);
                tcg_gen_or_i64(r.a, r.a, z);
            }
            break;
        }
    }
    if (invert) {
        r.cond = tcg_invert_cond(r.cond);
    }
    return r;
}
