/*
 * Building ops: the width-generic layer behind the tcg_gen_* API.
 *
 * Every gen_* function here takes the value type and TCGTemps; the typed
 * front doors (tcg_gen_add_i32...) in tcg-op-typed.c convert handles and
 * call them.  When the backend lacks an optional op (tcg_op_supported),
 * the gen_* function expands it: into other ops where that is short, else
 * into a call of tcg_helper_alu, which evaluates any pure op with the
 * shared semantics of tcg-alu.c.  Expansions use EBB temps and never
 * labels, so they do not split basic blocks.
 */
#include "tcg-op-internal.h"
#include "tcg/tcg-alu.h"
#include "tcg-internal.h"
#include "util/error.h"

/* -- Raw emission ---------------------------------------------------------- */

TCGOp *tcg_gen_op1(TCGOpcode opc, TCGArg a1)
{
    TCGOp *op = tcg_emit_op(opc);

    op->args[0] = a1;
    return op;
}

TCGOp *tcg_gen_op2(TCGOpcode opc, TCGArg a1, TCGArg a2)
{
    TCGOp *op = tcg_gen_op1(opc, a1);

    op->args[1] = a2;
    return op;
}

TCGOp *tcg_gen_op3(TCGOpcode opc, TCGArg a1, TCGArg a2, TCGArg a3)
{
    TCGOp *op = tcg_gen_op2(opc, a1, a2);

    op->args[2] = a3;
    return op;
}

TCGOp *tcg_gen_op4(TCGOpcode opc, TCGArg a1, TCGArg a2, TCGArg a3, TCGArg a4)
{
    TCGOp *op = tcg_gen_op3(opc, a1, a2, a3);

    op->args[3] = a4;
    return op;
}

TCGOp *tcg_gen_op5(TCGOpcode opc, TCGArg a1, TCGArg a2, TCGArg a3, TCGArg a4,
                   TCGArg a5)
{
    TCGOp *op = tcg_gen_op4(opc, a1, a2, a3, a4);

    op->args[4] = a5;
    return op;
}

TCGOp *tcg_gen_op6(TCGOpcode opc, TCGArg a1, TCGArg a2, TCGArg a3, TCGArg a4,
                   TCGArg a5, TCGArg a6)
{
    TCGOp *op = tcg_gen_op5(opc, a1, a2, a3, a4, a5);

    op->args[5] = a6;
    return op;
}

bool tcg_op_supported(TCGOpcode opc)
{
    return tcg_ctx->backend->lower[opc].emit != NULL;
}

/* The I32 or I64 variant of an op. */
static TCGOpcode pick(TCGType t, TCGOpcode op32, TCGOpcode op64)
{
    return t == TCG_TYPE_I32 ? op32 : op64;
}

#define A(ts) temp_arg(ts)

static TCGTemp *new_tmp(TCGType t)
{
    return tcg_temp_new_internal(t, TEMP_EBB);
}

static TCGTemp *cst(TCGType t, int64_t v)
{
    return tcg_constant_internal(t, v);
}

static unsigned width(TCGType t)
{
    return t == TCG_TYPE_I32 ? 32 : 64;
}

/* -- The generic helper ---------------------------------------------------- */

/*
 * Evaluate one pure op for a backend that lacks it.  PACKED holds the
 * opcode (bits 0-7), the output wanted (bit 8), cargs[0] (bits 16-31) and
 * cargs[1] (bits 32-47).  Undefined inputs give 0.
 */
static uint64_t tcg_helper_alu(uint64_t packed, uint64_t a, uint64_t b,
                               uint64_t c, uint64_t d)
{
    TCGArg cargs[2] = {(packed >> 16) & 0xffff, (packed >> 32) & 0xffff};
    uint64_t in[4] = {a, b, c, d}, out[2] = {0, 0};

    tcg_alu_eval((TCGOpcode)(packed & 0xff), out, in, cargs);
    return out[(packed >> 8) & 1];
}

static const TCGHelperInfo info_alu_i32 =
    TCG_HELPER_INFO(tcg_helper_alu, TCG_CALL_NO_SIDE_EFFECTS, TCG_HT_I64,
                    TCG_HT_I64, TCG_HT_I32, TCG_HT_I32, TCG_HT_I32, TCG_HT_I32);
static const TCGHelperInfo info_alu_i64 =
    TCG_HELPER_INFO(tcg_helper_alu, TCG_CALL_NO_SIDE_EFFECTS, TCG_HT_I64,
                    TCG_HT_I64, TCG_HT_I64, TCG_HT_I64, TCG_HT_I64, TCG_HT_I64);

/* R = output OUT_IDX of OPC(IN...) with CARGS, through tcg_helper_alu. */
static void gen_alu_call(TCGType t, TCGOpcode opc, int out_idx, TCGTemp *r,
                         int nb_in, TCGTemp *const *in, TCGArg c0, TCGArg c1)
{
    TCGTemp *args[5];
    uint64_t packed =
        opc | (uint64_t)out_idx << 8 | (uint64_t)c0 << 16 | (uint64_t)c1 << 32;

    args[0] = cst(TCG_TYPE_I64, (int64_t)packed);
    for (int i = 0; i < 4; i++) {
        args[i + 1] = i < nb_in ? in[i] : cst(t, 0);
    }
    tcg_gen_callN(t == TCG_TYPE_I32 ? &info_alu_i32 : &info_alu_i64, r, 5,
                  args);
}

/* -- Moves and simple arithmetic ------------------------------------------- */

void gen_mov(TCGType t, TCGTemp *r, TCGTemp *a)
{
    if (r != a) {
        tcg_gen_op2(pick(t, INDEX_op_mov_i32, INDEX_op_mov_i64), A(r), A(a));
    }
}

void gen_movi(TCGType t, TCGTemp *r, int64_t v)
{
    gen_mov(t, r, cst(t, v));
}

/* Emit a supported binary op. */
static void op3(TCGOpcode opc, TCGTemp *r, TCGTemp *a, TCGTemp *b)
{
    tcg_gen_op3(opc, A(r), A(a), A(b));
}

void gen_add(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b)
{
    op3(pick(t, INDEX_op_add_i32, INDEX_op_add_i64), r, a, b);
}

void gen_sub(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b)
{
    op3(pick(t, INDEX_op_sub_i32, INDEX_op_sub_i64), r, a, b);
}

void gen_and(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b)
{
    op3(pick(t, INDEX_op_and_i32, INDEX_op_and_i64), r, a, b);
}

void gen_or(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b)
{
    op3(pick(t, INDEX_op_or_i32, INDEX_op_or_i64), r, a, b);
}

void gen_xor(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b)
{
    op3(pick(t, INDEX_op_xor_i32, INDEX_op_xor_i64), r, a, b);
}

void gen_shl(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b)
{
    op3(pick(t, INDEX_op_shl_i32, INDEX_op_shl_i64), r, a, b);
}

void gen_shr(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b)
{
    op3(pick(t, INDEX_op_shr_i32, INDEX_op_shr_i64), r, a, b);
}

void gen_sar(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b)
{
    op3(pick(t, INDEX_op_sar_i32, INDEX_op_sar_i64), r, a, b);
}

void gen_mul(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b)
{
    op3(pick(t, INDEX_op_mul_i32, INDEX_op_mul_i64), r, a, b);
}

void gen_neg(TCGType t, TCGTemp *r, TCGTemp *a)
{
    TCGOpcode opc = pick(t, INDEX_op_neg_i32, INDEX_op_neg_i64);

    if (tcg_op_supported(opc)) {
        tcg_gen_op2(opc, A(r), A(a));
    } else {
        gen_sub(t, r, cst(t, 0), a);
    }
}

void gen_not(TCGType t, TCGTemp *r, TCGTemp *a)
{
    TCGOpcode opc = pick(t, INDEX_op_not_i32, INDEX_op_not_i64);

    if (tcg_op_supported(opc)) {
        tcg_gen_op2(opc, A(r), A(a));
    } else {
        gen_xor(t, r, a, cst(t, -1));
    }
}

void gen_andc(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b)
{
    TCGOpcode opc = pick(t, INDEX_op_andc_i32, INDEX_op_andc_i64);
    TCGTemp *nb;

    if (tcg_op_supported(opc)) {
        op3(opc, r, a, b);
        return;
    }
    nb = new_tmp(t);
    gen_not(t, nb, b);
    gen_and(t, r, a, nb);
    tcg_temp_free_internal(nb);
}

void gen_orc(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b)
{
    TCGOpcode opc = pick(t, INDEX_op_orc_i32, INDEX_op_orc_i64);
    TCGTemp *nb;

    if (tcg_op_supported(opc)) {
        op3(opc, r, a, b);
        return;
    }
    nb = new_tmp(t);
    gen_not(t, nb, b);
    gen_or(t, r, a, nb);
    tcg_temp_free_internal(nb);
}

/* -- Rotates --------------------------------------------------------------- */

/* r = (a << n) | (a >> (-n & (w - 1))), correct for n == 0 too. */
static void expand_rotl(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *n)
{
    TCGTemp *hi = new_tmp(t), *lo = new_tmp(t), *m = new_tmp(t);

    gen_shl(t, hi, a, n);
    gen_neg(t, m, n);
    gen_and(t, m, m, cst(t, width(t) - 1));
    gen_shr(t, lo, a, m);
    gen_or(t, r, hi, lo);
    tcg_temp_free_internal(hi);
    tcg_temp_free_internal(lo);
    tcg_temp_free_internal(m);
}

void gen_rotl(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *n)
{
    TCGOpcode opc = pick(t, INDEX_op_rotl_i32, INDEX_op_rotl_i64);

    if (tcg_op_supported(opc)) {
        op3(opc, r, a, n);
    } else {
        expand_rotl(t, r, a, n);
    }
}

void gen_rotr(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *n)
{
    TCGOpcode opc = pick(t, INDEX_op_rotr_i32, INDEX_op_rotr_i64);
    TCGTemp *m;

    if (tcg_op_supported(opc)) {
        op3(opc, r, a, n);
        return;
    }
    /* rotr a, n == rotl a, -n & (w - 1) */
    m = new_tmp(t);
    gen_neg(t, m, n);
    gen_and(t, m, m, cst(t, width(t) - 1));
    gen_rotl(t, r, a, m);
    tcg_temp_free_internal(m);
}

/* -- Multiplication and division ------------------------------------------- */

/* An op computed by the backend if it can, else by tcg_helper_alu. */
static void op_or_helper(TCGType t, TCGOpcode opc, TCGTemp *r, TCGTemp *a,
                         TCGTemp *b)
{
    if (tcg_op_supported(opc)) {
        op3(opc, r, a, b);
    } else {
        gen_alu_call(t, opc, 0, r, 2, (TCGTemp *[]){a, b}, 0, 0);
    }
}

/* High half of a product: mulu2/muls2 if present, else the helper. */
static void gen_mulh(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b, bool sign)
{
    TCGOpcode h = sign ? pick(t, INDEX_op_mulsh_i32, INDEX_op_mulsh_i64)
                       : pick(t, INDEX_op_muluh_i32, INDEX_op_muluh_i64);
    TCGOpcode m2 = sign ? pick(t, INDEX_op_muls2_i32, INDEX_op_muls2_i64)
                        : pick(t, INDEX_op_mulu2_i32, INDEX_op_mulu2_i64);
    TCGTemp *lo;

    if (tcg_op_supported(h)) {
        op3(h, r, a, b);
    } else if (tcg_op_supported(m2)) {
        lo = new_tmp(t);
        tcg_gen_op4(m2, A(lo), A(r), A(a), A(b));
        tcg_temp_free_internal(lo);
    } else {
        gen_alu_call(t, h, 0, r, 2, (TCGTemp *[]){a, b}, 0, 0);
    }
}

void gen_muluh(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b)
{
    gen_mulh(t, r, a, b, false);
}

void gen_mulsh(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b)
{
    gen_mulh(t, r, a, b, true);
}

/* rl:rh = a * b: mulu2/muls2 if present, else mul + high half. */
void gen_mul2(TCGType t, TCGTemp *rl, TCGTemp *rh, TCGTemp *a, TCGTemp *b,
              bool sign)
{
    TCGOpcode m2 = sign ? pick(t, INDEX_op_muls2_i32, INDEX_op_muls2_i64)
                        : pick(t, INDEX_op_mulu2_i32, INDEX_op_mulu2_i64);
    TCGTemp *lo;

    if (tcg_op_supported(m2)) {
        tcg_gen_op4(m2, A(rl), A(rh), A(a), A(b));
        return;
    }
    lo = new_tmp(t);
    gen_mul(t, lo, a, b);
    gen_mulh(t, rh, a, b, sign);
    gen_mov(t, rl, lo);
    tcg_temp_free_internal(lo);
}

/* rem = a - (a / b) * b when only the division exists. */
static void expand_rem(TCGType t, TCGOpcode div, TCGTemp *r, TCGTemp *a,
                       TCGTemp *b)
{
    TCGTemp *q = new_tmp(t);

    op3(div, q, a, b);
    gen_mul(t, q, q, b);
    gen_sub(t, r, a, q);
    tcg_temp_free_internal(q);
}

/* Division family; OPC is the wanted op, DIV the matching division. */
void gen_divrem(TCGType t, TCGOpcode opc, TCGOpcode div, TCGTemp *r, TCGTemp *a,
                TCGTemp *b)
{
    if (!tcg_op_supported(opc) && opc != div && tcg_op_supported(div)) {
        expand_rem(t, div, r, a, b);
    } else {
        op_or_helper(t, opc, r, a, b);
    }
}

/* rl:rh = al:ah +/- bl:bh with the carry computed by setcond. */
static void expand_addsub2(TCGType t, TCGTemp *rl, TCGTemp *rh, TCGTemp *al,
                           TCGTemp *ah, TCGTemp *bl, TCGTemp *bh, bool sub)
{
    TCGTemp *lo = new_tmp(t), *c = new_tmp(t), *hi = new_tmp(t);

    if (sub) {
        gen_sub(t, lo, al, bl);
        gen_setcond(t, TCG_COND_LTU, c, al, bl);
        gen_sub(t, hi, ah, bh);
        gen_sub(t, hi, hi, c);
    } else {
        gen_add(t, lo, al, bl);
        gen_setcond(t, TCG_COND_LTU, c, lo, al);
        gen_add(t, hi, ah, bh);
        gen_add(t, hi, hi, c);
    }
    gen_mov(t, rl, lo);
    gen_mov(t, rh, hi);
    tcg_temp_free_internal(lo);
    tcg_temp_free_internal(c);
    tcg_temp_free_internal(hi);
}

void gen_addsub2(TCGType t, TCGTemp *rl, TCGTemp *rh, TCGTemp *al, TCGTemp *ah,
                 TCGTemp *bl, TCGTemp *bh, bool sub)
{
    TCGOpcode opc = sub ? pick(t, INDEX_op_sub2_i32, INDEX_op_sub2_i64)
                        : pick(t, INDEX_op_add2_i32, INDEX_op_add2_i64);

    if (tcg_op_supported(opc)) {
        tcg_gen_op6(opc, A(rl), A(rh), A(al), A(ah), A(bl), A(bh));
    } else {
        expand_addsub2(t, rl, rh, al, ah, bl, bh, sub);
    }
}

/* -- Bit fields and extensions --------------------------------------------- */

/* r = bits [pos, pos + len) of a, zero-extended. */
void gen_extract(TCGType t, TCGTemp *r, TCGTemp *a, unsigned pos, unsigned len)
{
    TCGOpcode opc = pick(t, INDEX_op_extract_i32, INDEX_op_extract_i64);
    unsigned w = width(t);

    if (pos == 0 && len == w) {
        gen_mov(t, r, a);
    } else if (tcg_op_supported(opc)) {
        tcg_gen_op4(opc, A(r), A(a), pos, len);
    } else if (pos + len == w) {
        gen_shr(t, r, a, cst(t, pos));
    } else {
        /* extract r, a, pos, len -> shl by w - pos - len, shr by w - len */
        gen_shl(t, r, a, cst(t, w - pos - len));
        gen_shr(t, r, r, cst(t, w - len));
    }
}

/* r = bits [pos, pos + len) of a, sign-extended. */
void gen_sextract(TCGType t, TCGTemp *r, TCGTemp *a, unsigned pos, unsigned len)
{
    TCGOpcode opc = pick(t, INDEX_op_sextract_i32, INDEX_op_sextract_i64);
    unsigned w = width(t);

    if (pos == 0 && len == w) {
        gen_mov(t, r, a);
    } else if (tcg_op_supported(opc)) {
        tcg_gen_op4(opc, A(r), A(a), pos, len);
    } else {
        gen_shl(t, r, a, cst(t, w - pos - len));
        gen_sar(t, r, r, cst(t, w - len));
    }
}

/* Zero/sign extension from BITS: its op, else extract/sextract. */
void gen_ext(TCGType t, TCGTemp *r, TCGTemp *a, unsigned bits, bool sign)
{
    static const TCGOpcode ops[2][3][2] = {
        {{INDEX_op_ext8u_i32, INDEX_op_ext8u_i64},
         {INDEX_op_ext16u_i32, INDEX_op_ext16u_i64},
         {INDEX_op_mov_i32, INDEX_op_ext32u_i64}},
        {{INDEX_op_ext8s_i32, INDEX_op_ext8s_i64},
         {INDEX_op_ext16s_i32, INDEX_op_ext16s_i64},
         {INDEX_op_mov_i32, INDEX_op_ext32s_i64}},
    };
    int size = bits == 8 ? 0 : bits == 16 ? 1 : 2;
    TCGOpcode opc = ops[sign][size][t == TCG_TYPE_I64];

    if (bits >= width(t)) {
        gen_mov(t, r, a);
    } else if (tcg_op_supported(opc)) {
        tcg_gen_op2(opc, A(r), A(a));
    } else if (!sign) {
        gen_and(t, r, a, cst(t, (int64_t)((1ull << bits) - 1)));
    } else {
        gen_sextract(t, r, a, 0, bits);
    }
}

/* r = a with bits [pos, pos + len) from the low bits of b. */
void gen_deposit(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b, unsigned pos,
                 unsigned len)
{
    TCGOpcode opc = pick(t, INDEX_op_deposit_i32, INDEX_op_deposit_i64);
    unsigned w = width(t);
    uint64_t mask = len >= 64 ? ~0ull : (1ull << len) - 1;
    TCGTemp *f, *k;

    if (pos == 0 && len == w) {
        gen_mov(t, r, b);
        return;
    }
    if (tcg_op_supported(opc)) {
        tcg_gen_op5(opc, A(r), A(a), A(b), pos, len);
        return;
    }
    /* r = (a & ~(mask << pos)) | ((b & mask) << pos) */
    f = new_tmp(t);
    k = new_tmp(t);
    gen_and(t, f, b, cst(t, (int64_t)mask));
    gen_shl(t, f, f, cst(t, pos));
    gen_and(t, k, a, cst(t, (int64_t) ~(mask << pos)));
    gen_or(t, r, k, f);
    tcg_temp_free_internal(f);
    tcg_temp_free_internal(k);
}

/* r = (ah:al) >> pos, truncated. */
void gen_extract2(TCGType t, TCGTemp *r, TCGTemp *al, TCGTemp *ah, unsigned pos)
{
    TCGOpcode opc = pick(t, INDEX_op_extract2_i32, INDEX_op_extract2_i64);
    TCGTemp *lo, *hi;

    if (pos == 0) {
        gen_mov(t, r, al);
        return;
    }
    if (tcg_op_supported(opc)) {
        tcg_gen_op4(opc, A(r), A(al), A(ah), pos);
        return;
    }
    lo = new_tmp(t);
    hi = new_tmp(t);
    gen_shr(t, lo, al, cst(t, pos));
    gen_shl(t, hi, ah, cst(t, width(t) - pos));
    gen_or(t, r, lo, hi);
    tcg_temp_free_internal(lo);
    tcg_temp_free_internal(hi);
}

/* bswap of BYTES bytes with TCG_BSWAP_* FLAGS. */
void gen_bswap(TCGType t, TCGTemp *r, TCGTemp *a, unsigned bytes, int flags)
{
    TCGOpcode opc =
        bytes == 2   ? pick(t, INDEX_op_bswap16_i32, INDEX_op_bswap16_i64)
        : bytes == 4 ? pick(t, INDEX_op_bswap32_i32, INDEX_op_bswap32_i64)
                     : INDEX_op_bswap64_i64;

    if (tcg_op_supported(opc)) {
        tcg_gen_op3(opc, A(r), A(a), (TCGArg)flags);
    } else {
        gen_alu_call(t, opc, 0, r, 1, (TCGTemp *[]){a}, (TCGArg)flags, 0);
    }
}

/* clz/ctz/ctpop: the op or the helper. */
void gen_bitcount(TCGType t, TCGOpcode opc, TCGTemp *r, TCGTemp *a, TCGTemp *z)
{
    if (opc == INDEX_op_ctpop_i32 || opc == INDEX_op_ctpop_i64) {
        if (tcg_op_supported(opc)) {
            tcg_gen_op2(opc, A(r), A(a));
        } else {
            gen_alu_call(t, opc, 0, r, 1, (TCGTemp *[]){a}, 0, 0);
        }
        return;
    }
    op_or_helper(t, opc, r, a, z);
}

/* -- Conditions and branches ----------------------------------------------- */

void gen_setcond(TCGType t, TCGCond c, TCGTemp *r, TCGTemp *a, TCGTemp *b)
{
    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER) {
        gen_movi(t, r, c == TCG_COND_ALWAYS);
        return;
    }
    tcg_gen_op4(pick(t, INDEX_op_setcond_i32, INDEX_op_setcond_i64), A(r), A(a),
                A(b), c);
}

void gen_negsetcond(TCGType t, TCGCond c, TCGTemp *r, TCGTemp *a, TCGTemp *b)
{
    TCGOpcode opc = pick(t, INDEX_op_negsetcond_i32, INDEX_op_negsetcond_i64);

    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER) {
        gen_movi(t, r, c == TCG_COND_ALWAYS ? -1 : 0);
    } else if (tcg_op_supported(opc)) {
        tcg_gen_op4(opc, A(r), A(a), A(b), c);
    } else {
        gen_setcond(t, c, r, a, b);
        gen_neg(t, r, r);
    }
}

void gen_movcond(TCGType t, TCGCond c, TCGTemp *r, TCGTemp *c1, TCGTemp *c2,
                 TCGTemp *v1, TCGTemp *v2)
{
    TCGOpcode opc = pick(t, INDEX_op_movcond_i32, INDEX_op_movcond_i64);
    TCGTemp *m, *x, *y;

    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER) {
        gen_mov(t, r, c == TCG_COND_ALWAYS ? v1 : v2);
        return;
    }
    if (tcg_op_supported(opc)) {
        tcg_gen_op6(opc, A(r), A(c1), A(c2), A(v1), A(v2), c);
        return;
    }
    /* r = (v1 & m) | (v2 & ~m) with m = -cond(c1, c2) */
    m = new_tmp(t);
    x = new_tmp(t);
    y = new_tmp(t);
    gen_negsetcond(t, c, m, c1, c2);
    gen_and(t, x, v1, m);
    gen_andc(t, y, v2, m);
    gen_or(t, r, x, y);
    tcg_temp_free_internal(m);
    tcg_temp_free_internal(x);
    tcg_temp_free_internal(y);
}

void gen_brcond(TCGType t, TCGCond c, TCGTemp *a, TCGTemp *b, TCGLabel *l)
{
    if (c == TCG_COND_NEVER) {
        return;
    }
    if (c == TCG_COND_ALWAYS) {
        tcg_gen_br(l);
        return;
    }
    l->refs++;
    tcg_gen_op4(pick(t, INDEX_op_brcond_i32, INDEX_op_brcond_i64), A(a), A(b),
                c, label_arg(l));
}

void tcg_gen_set_label(TCGLabel *l)
{
    if (l->present) {
        internal_error("label $L%u placed twice", l->id);
    }
    l->present = true;
    tcg_gen_op1(INDEX_op_set_label, label_arg(l));
}

void tcg_gen_br(TCGLabel *l)
{
    l->refs++;
    tcg_gen_op1(INDEX_op_br, label_arg(l));
}

/* -- Memory ---------------------------------------------------------------- */

void gen_ldst(TCGOpcode opc, TCGTemp *v, TCGTemp *base, intptr_t offset)
{
    tcg_gen_op3(opc, A(v), A(base), (TCGArg)offset);
}

/* Byte-swapping flags that turn a swapped SIZE load into MOP's result. */
static int bswap_load_flags(MemOp mop)
{
    return (mop & MO_SIGN) ? TCG_BSWAP_IZ | TCG_BSWAP_OS
                           : TCG_BSWAP_IZ | TCG_BSWAP_OZ;
}

/* An access wider than its value, or past 8 bytes, is a frontend bug. */
static void check_access_size(TCGType t, MemOp mop)
{
    if ((mop & MO_SIZE) > (t == TCG_TYPE_I32 ? MO_32 : MO_64)) {
        internal_error("qemu_ld/st of %u bytes into an i%u value",
                       memop_size(mop), t == TCG_TYPE_I32 ? 32 : 64);
    }
}

void gen_qemu_ld(TCGType t, TCGTemp *r, TCGTemp *addr, unsigned mmu_idx,
                 MemOp mop)
{
    TCGOpcode opc = pick(t, INDEX_op_qemu_ld_i32, INDEX_op_qemu_ld_i64);
    unsigned bytes = memop_size(mop);

    check_access_size(t, mop);
    if ((mop & MO_SIZE) == MO_32 && t == TCG_TYPE_I32) {
        mop &= ~MO_SIGN;
    }
    if (!(mop & MO_BSWAP) || bytes == 1) {
        tcg_gen_op3(opc, A(r), A(addr),
                    make_memop_idx(mop & ~MO_BSWAP, mmu_idx));
        return;
    }
    /* big-endian: load unsigned, then swap and extend */
    tcg_gen_op3(opc, A(r), A(addr),
                make_memop_idx(mop & ~(MO_BSWAP | MO_SIGN), mmu_idx));
    gen_bswap(t, r, r, bytes, bswap_load_flags(mop));
}

void gen_qemu_st(TCGType t, TCGTemp *v, TCGTemp *addr, unsigned mmu_idx,
                 MemOp mop)
{
    TCGOpcode opc = pick(t, INDEX_op_qemu_st_i32, INDEX_op_qemu_st_i64);
    unsigned bytes = memop_size(mop);
    TCGTemp *sw;

    check_access_size(t, mop);
    mop &= ~MO_SIGN;
    if (!(mop & MO_BSWAP) || bytes == 1) {
        tcg_gen_op3(opc, A(v), A(addr),
                    make_memop_idx(mop & ~MO_BSWAP, mmu_idx));
        return;
    }
    sw = new_tmp(t);
    gen_bswap(t, sw, v, bytes, TCG_BSWAP_OZ);
    tcg_gen_op3(opc, A(sw), A(addr), make_memop_idx(mop & ~MO_BSWAP, mmu_idx));
    tcg_temp_free_internal(sw);
}

/* 128-bit pair: the op if present, else two 64-bit accesses. */
void gen_qemu_ldst2(bool store, TCGTemp *lo, TCGTemp *hi, TCGTemp *addr,
                    unsigned mmu_idx, MemOp mop)
{
    TCGOpcode opc = store ? INDEX_op_qemu_st2_i64 : INDEX_op_qemu_ld2_i64;
    MemOp half = (mop & ~(MO_SIZE | MO_SIGN | MO_BSWAP)) | MO_64;
    TCGTemp *a2, *tlo;

    if (tcg_op_supported(opc) && !(mop & MO_BSWAP)) {
        tcg_gen_op4(opc, A(lo), A(hi), A(addr),
                    make_memop_idx((mop & ~MO_SIZE) | MO_128, mmu_idx));
        return;
    }
    a2 = new_tmp(TCG_TYPE_I64);
    gen_add(TCG_TYPE_I64, a2, addr, cst(TCG_TYPE_I64, 8));
    if (store) {
        gen_qemu_st(TCG_TYPE_I64, lo, addr, mmu_idx, half);
        gen_qemu_st(TCG_TYPE_I64, hi, a2, mmu_idx, half & ~MO_ALIGN);
    } else {
        tlo = new_tmp(TCG_TYPE_I64);
        gen_qemu_ld(TCG_TYPE_I64, tlo, addr, mmu_idx, half);
        gen_qemu_ld(TCG_TYPE_I64, hi, a2, mmu_idx, half & ~MO_ALIGN);
        gen_mov(TCG_TYPE_I64, lo, tlo);
        tcg_temp_free_internal(tlo);
    }
    tcg_temp_free_internal(a2);
}

/* -- Any pure op by opcode ------------------------------------------------- */

/* The division an op's remainder can be computed from. */
static TCGOpcode division_of(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_rem_i32:
        return INDEX_op_div_i32;
    case INDEX_op_remu_i32:
        return INDEX_op_divu_i32;
    case INDEX_op_rem_i64:
        return INDEX_op_div_i64;
    case INDEX_op_remu_i64:
        return INDEX_op_divu_i64;
    default:
        return opc;
    }
}

/* Zero/sign extensions by opcode: bits, signedness. */
static bool ext_of(TCGOpcode opc, unsigned *bits, bool *sign)
{
    switch (opc) {
    case INDEX_op_ext8s_i32:
    case INDEX_op_ext8s_i64:
        *bits = 8;
        *sign = true;
        return true;
    case INDEX_op_ext8u_i32:
    case INDEX_op_ext8u_i64:
        *bits = 8;
        *sign = false;
        return true;
    case INDEX_op_ext16s_i32:
    case INDEX_op_ext16s_i64:
        *bits = 16;
        *sign = true;
        return true;
    case INDEX_op_ext16u_i32:
    case INDEX_op_ext16u_i64:
        *bits = 16;
        *sign = false;
        return true;
    case INDEX_op_ext32s_i64:
        *bits = 32;
        *sign = true;
        return true;
    case INDEX_op_ext32u_i64:
        *bits = 32;
        *sign = false;
        return true;
    default:
        return false;
    }
}

/* Two-input ops that map to one builder; false if OPC is not one. */
static bool gen_binary_by_opc(TCGType t, TCGOpcode opc, TCGTemp *const *a)
{
    static void (*const fns[NB_OPS])(TCGType, TCGTemp *, TCGTemp *,
                                     TCGTemp *) = {
#define BOTH(name, fn)                                                         \
    [INDEX_op_##name##_i32] = fn, [INDEX_op_##name##_i64] = fn
        BOTH(add, gen_add), BOTH(sub, gen_sub),     BOTH(and, gen_and),
        BOTH(or, gen_or),   BOTH(xor, gen_xor),     BOTH(andc, gen_andc),
        BOTH(orc, gen_orc), BOTH(shl, gen_shl),     BOTH(shr, gen_shr),
        BOTH(sar, gen_sar), BOTH(rotl, gen_rotl),   BOTH(rotr, gen_rotr),
        BOTH(mul, gen_mul), BOTH(muluh, gen_muluh), BOTH(mulsh, gen_mulsh),
#undef BOTH
    };

    if (!fns[opc]) {
        return false;
    }
    fns[opc](t, a[0], a[1], a[2]);
    return true;
}

void tcg_gen_op_by_opc(TCGOpcode opc, TCGTemp *const *a, const TCGArg *c)
{
    TCGType t = tcg_op_type(opc);
    unsigned bits;
    bool sign;

    if (gen_binary_by_opc(t, opc, a)) {
        return;
    }
    if (ext_of(opc, &bits, &sign)) {
        gen_ext(t, a[0], a[1], bits, sign);
        return;
    }
    switch (opc) {
    case INDEX_op_div_i32:
    case INDEX_op_divu_i32:
    case INDEX_op_rem_i32:
    case INDEX_op_remu_i32:
    case INDEX_op_div_i64:
    case INDEX_op_divu_i64:
    case INDEX_op_rem_i64:
    case INDEX_op_remu_i64:
        gen_divrem(t, opc, division_of(opc), a[0], a[1], a[2]);
        break;
    case INDEX_op_neg_i32:
    case INDEX_op_neg_i64:
        gen_neg(t, a[0], a[1]);
        break;
    case INDEX_op_not_i32:
    case INDEX_op_not_i64:
        gen_not(t, a[0], a[1]);
        break;
    case INDEX_op_mulu2_i32:
    case INDEX_op_mulu2_i64:
        gen_mul2(t, a[0], a[1], a[2], a[3], false);
        break;
    case INDEX_op_muls2_i32:
    case INDEX_op_muls2_i64:
        gen_mul2(t, a[0], a[1], a[2], a[3], true);
        break;
    case INDEX_op_add2_i32:
    case INDEX_op_add2_i64:
        gen_addsub2(t, a[0], a[1], a[2], a[3], a[4], a[5], false);
        break;
    case INDEX_op_sub2_i32:
    case INDEX_op_sub2_i64:
        gen_addsub2(t, a[0], a[1], a[2], a[3], a[4], a[5], true);
        break;
    case INDEX_op_bswap16_i32:
    case INDEX_op_bswap16_i64:
        gen_bswap(t, a[0], a[1], 2, (int)c[0]);
        break;
    case INDEX_op_bswap32_i32:
    case INDEX_op_bswap32_i64:
        gen_bswap(t, a[0], a[1], 4, (int)c[0]);
        break;
    case INDEX_op_bswap64_i64:
        gen_bswap(t, a[0], a[1], 8, (int)c[0]);
        break;
    case INDEX_op_clz_i32:
    case INDEX_op_clz_i64:
    case INDEX_op_ctz_i32:
    case INDEX_op_ctz_i64:
        gen_bitcount(t, opc, a[0], a[1], a[2]);
        break;
    case INDEX_op_ctpop_i32:
    case INDEX_op_ctpop_i64:
        gen_bitcount(t, opc, a[0], a[1], NULL);
        break;
    case INDEX_op_deposit_i32:
    case INDEX_op_deposit_i64:
        gen_deposit(t, a[0], a[1], a[2], c[0], c[1]);
        break;
    case INDEX_op_extract_i32:
    case INDEX_op_extract_i64:
        gen_extract(t, a[0], a[1], c[0], c[1]);
        break;
    case INDEX_op_sextract_i32:
    case INDEX_op_sextract_i64:
        gen_sextract(t, a[0], a[1], c[0], c[1]);
        break;
    case INDEX_op_extract2_i32:
    case INDEX_op_extract2_i64:
        gen_extract2(t, a[0], a[1], a[2], c[0]);
        break;
    case INDEX_op_setcond_i32:
    case INDEX_op_setcond_i64:
        gen_setcond(t, (TCGCond)c[0], a[0], a[1], a[2]);
        break;
    case INDEX_op_negsetcond_i32:
    case INDEX_op_negsetcond_i64:
        gen_negsetcond(t, (TCGCond)c[0], a[0], a[1], a[2]);
        break;
    case INDEX_op_movcond_i32:
    case INDEX_op_movcond_i64:
        gen_movcond(t, (TCGCond)c[0], a[0], a[1], a[2], a[3], a[4]);
        break;
    case INDEX_op_mov_i32:
    case INDEX_op_mov_i64:
        gen_mov(t, a[0], a[1]);
        break;
    case INDEX_op_extu_i32_i64:
        tcg_gen_extu_i32_i64(temp_tcgv_i64(a[0]), temp_tcgv_i32(a[1]));
        break;
    case INDEX_op_ext_i32_i64:
        tcg_gen_ext_i32_i64(temp_tcgv_i64(a[0]), temp_tcgv_i32(a[1]));
        break;
    case INDEX_op_extrl_i64_i32:
        tcg_gen_extrl_i64_i32(temp_tcgv_i32(a[0]), temp_tcgv_i64(a[1]));
        break;
    case INDEX_op_extrh_i64_i32:
        tcg_gen_extrh_i64_i32(temp_tcgv_i32(a[0]), temp_tcgv_i64(a[1]));
        break;
    default:
        internal_error("tcg_gen_op_by_opc: %s is not a pure op",
                       tcg_op_defs[opc].name);
    }
}

/* -- Calls ----------------------------------------------------------------- */

/* The TCGType an argument of helper kind KIND must have. */
static TCGType helper_arg_type(unsigned kind)
{
    return kind == TCG_HT_I32 || kind == TCG_HT_S32 ? TCG_TYPE_I32
                                                    : TCG_TYPE_I64;
}

void tcg_gen_callN(const TCGHelperInfo *info, TCGTemp *ret, int nargs,
                   TCGTemp *const *args)
{
    unsigned ret_kind = TCG_HT_SLOT(info->typemask, 0);
    TCGOp *op;
    int n = 0;

    if (nargs != (int)info->nb_args || nargs > TCG_MAX_HELPER_ARGS ||
        (ret != NULL) != (ret_kind != TCG_HT_VOID)) {
        internal_error("call of %s: wrong arguments", info->name);
    }
    for (int i = 0; i < nargs; i++) {
        unsigned kind = TCG_HT_SLOT(info->typemask, i + 1);

        if (args[i]->type != helper_arg_type(kind)) {
            internal_error("call of %s: argument %d has the wrong type",
                           info->name, i);
        }
    }
    op = tcg_emit_op(INDEX_op_call);
    op->callo = ret != NULL;
    op->calli = nargs;
    if (ret) {
        op->args[n++] = A(ret);
    }
    for (int i = 0; i < nargs; i++) {
        op->args[n++] = A(args[i]);
    }
    op->args[n++] = (TCGArg)info->func;
    op->args[n] = (TCGArg)info;
}

/* -- TB structure ---------------------------------------------------------- */

void tcg_gen_insn_start(uint64_t pc, uint64_t cc_op)
{
    tcg_gen_op2(INDEX_op_insn_start, (TCGArg)pc, (TCGArg)cc_op);
}

void tcg_gen_goto_tb(unsigned idx)
{
    if (idx > 1) {
        internal_error("goto_tb slot %u", idx);
    }
    tcg_gen_op1(INDEX_op_goto_tb, idx);
}

void tcg_gen_exit_tb(const void *tb, unsigned idx)
{
    uintptr_t val = (uintptr_t)tb + idx;

    if (idx > TB_EXIT_MASK || ((uintptr_t)tb & TB_EXIT_MASK)) {
        internal_error("exit_tb %p index %u", tb, idx);
    }
    tcg_gen_op1(INDEX_op_exit_tb, val);
}

void tcg_gen_goto_ptr(TCGv_ptr ptr)
{
    tcg_gen_op1(INDEX_op_goto_ptr, A(tcgv_ptr_temp(ptr)));
}

void tcg_gen_lookup_and_goto_ptr(void)
{
    TCGTemp *ptr = new_tmp(TCG_TYPE_PTR);

    tcg_gen_callN(&tcg_lookup_tb_ptr_info, ptr, 1,
                  (TCGTemp *[]){tcg_ctx->env_temp});
    tcg_gen_op1(INDEX_op_goto_ptr, A(ptr));
    tcg_temp_free_internal(ptr);
}

void tcg_gen_mb(unsigned kind)
{
    tcg_gen_op1(INDEX_op_mb, kind);
}
