/*
 * Building ops: the width-generic layer behind the tcg_gen_* API.
 *
 * Every gen_* function here takes the op's type and TCGTemps; the typed
 * front doors (tcg_gen_add_i32...) in tcg-op-typed.c convert handles and
 * call them.  An op is emitted once for its operation (INDEX_op_add) with
 * the type in TCGOp.type.  When the backend lacks an optional op at that
 * type (tcg_op_supported), the gen_* function expands it: into other ops
 * where that is short (the expand_* functions, found by opcode in the
 * expand_unary/expand_binary tables), else into a call of tcg_helper_alu,
 * which evaluates any pure op with the shared semantics of tcg-alu.c.
 * Expansions use EBB temps and never labels, so they do not split basic
 * blocks.
 */
#include "tcg-op-internal.h"
#include "tcg/tcg-alu.h"
#include "tcg-internal.h"
#include "util/error.h"

/* -- Raw emission ---------------------------------------------------------- */

TCGOp *tcg_gen_op1(TCGOpcode opc, TCGType type, TCGArg a1)
{
    TCGOp *op = tcg_emit_op(opc, type);

    op->args[0] = a1;
    return op;
}

TCGOp *tcg_gen_op2(TCGOpcode opc, TCGType type, TCGArg a1, TCGArg a2)
{
    TCGOp *op = tcg_gen_op1(opc, type, a1);

    op->args[1] = a2;
    return op;
}

TCGOp *tcg_gen_op3(TCGOpcode opc, TCGType type, TCGArg a1, TCGArg a2, TCGArg a3)
{
    TCGOp *op = tcg_gen_op2(opc, type, a1, a2);

    op->args[2] = a3;
    return op;
}

TCGOp *tcg_gen_op4(TCGOpcode opc, TCGType type, TCGArg a1, TCGArg a2, TCGArg a3,
                   TCGArg a4)
{
    TCGOp *op = tcg_gen_op3(opc, type, a1, a2, a3);

    op->args[3] = a4;
    return op;
}

TCGOp *tcg_gen_op5(TCGOpcode opc, TCGType type, TCGArg a1, TCGArg a2, TCGArg a3,
                   TCGArg a4, TCGArg a5)
{
    TCGOp *op = tcg_gen_op4(opc, type, a1, a2, a3, a4);

    op->args[4] = a5;
    return op;
}

TCGOp *tcg_gen_op6(TCGOpcode opc, TCGType type, TCGArg a1, TCGArg a2, TCGArg a3,
                   TCGArg a4, TCGArg a5, TCGArg a6)
{
    TCGOp *op = tcg_gen_op5(opc, type, a1, a2, a3, a4, a5);

    op->args[5] = a6;
    return op;
}

bool tcg_op_supported(TCGOpcode opc, TCGType type)
{
    return tcg_ctx->backend->lower[opc][type].emit != NULL;
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

/* Emit a supported one-input / two-input op. */
static void op2(TCGOpcode opc, TCGType t, TCGTemp *r, TCGTemp *a)
{
    tcg_gen_op2(opc, t, A(r), A(a));
}

static void op3(TCGOpcode opc, TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b)
{
    tcg_gen_op3(opc, t, A(r), A(a), A(b));
}

/* -- The generic helper ---------------------------------------------------- */

/*
 * Evaluate one pure op for a backend that lacks it.  PACKED holds the
 * opcode (bits 0-7), the output wanted (bit 8), the op's type (bits 9-11),
 * cargs[0] (bits 16-31) and cargs[1] (bits 32-47).  Undefined inputs
 * give 0.
 */
static uint64_t tcg_helper_alu(uint64_t packed, uint64_t a, uint64_t b,
                               uint64_t c, uint64_t d)
{
    TCGArg cargs[2] = {(packed >> 16) & 0xffff, (packed >> 32) & 0xffff};
    uint64_t in[4] = {a, b, c, d}, out[2] = {0, 0};

    tcg_alu_eval((TCGOpcode)(packed & 0xff), (TCGType)((packed >> 9) & 7), out,
                 in, cargs);
    return out[(packed >> 8) & 1];
}

static const TCGHelperInfo info_alu_i32 =
    TCG_HELPER_INFO(tcg_helper_alu, TCG_CALL_NO_SIDE_EFFECTS, TCG_HT_I64,
                    TCG_HT_I64, TCG_HT_I32, TCG_HT_I32, TCG_HT_I32, TCG_HT_I32);
static const TCGHelperInfo info_alu_i64 =
    TCG_HELPER_INFO(tcg_helper_alu, TCG_CALL_NO_SIDE_EFFECTS, TCG_HT_I64,
                    TCG_HT_I64, TCG_HT_I64, TCG_HT_I64, TCG_HT_I64, TCG_HT_I64);

/* R = output OUT_IDX of OPC(IN...) at T with CARGS, through tcg_helper_alu. */
static void gen_alu_call(TCGType t, TCGOpcode opc, int out_idx, TCGTemp *r,
                         int nb_in, TCGTemp *const *in, TCGArg c0, TCGArg c1)
{
    TCGTemp *args[5];
    uint64_t packed = opc | (uint64_t)out_idx << 8 | (uint64_t)t << 9
                      | (uint64_t)c0 << 16 | (uint64_t)c1 << 32;

    if (t != TCG_TYPE_I32 && t != TCG_TYPE_I64) {
        internal_error("no expansion of %s for a backend that lacks it",
                       tcg_op_name(opc, t));
    }
    args[0] = cst(TCG_TYPE_I64, (int64_t)packed);
    for (int i = 0; i < 4; i++) {
        args[i + 1] = i < nb_in ? in[i] : cst(t, 0);
    }
    tcg_gen_callN(t == TCG_TYPE_I32 ? &info_alu_i32 : &info_alu_i64, r, 5,
                  args);
}

/* -- Moves ----------------------------------------------------------------- */

void gen_mov(TCGType t, TCGTemp *r, TCGTemp *a)
{
    if (r != a) {
        op2(INDEX_op_mov, t, r, a);
    }
}

void gen_movi(TCGType t, TCGTemp *r, int64_t v)
{
    gen_mov(t, r, cst(t, v));
}

/* -- One input, one output ------------------------------------------------- */

/* neg r, a -> sub r, $0, a */
static void expand_neg(TCGType t, TCGOpcode opc, TCGTemp *r, TCGTemp *a)
{
    gen_binary(t, INDEX_op_sub, r, cst(t, 0), a);
}

/* not r, a -> xor r, a, $-1 */
static void expand_not(TCGType t, TCGOpcode opc, TCGTemp *r, TCGTemp *a)
{
    gen_binary(t, INDEX_op_xor, r, a, cst(t, -1));
}

/* Zero/sign extension from 8, 16 or 32 bits: and with a mask, sextract. */
static void expand_ext(TCGType t, TCGOpcode opc, TCGTemp *r, TCGTemp *a)
{
    static const struct {
        uint8_t bits;
        bool sign;
    } ext[NB_OPS] = {
        [INDEX_op_ext8s] = {8, true},       [INDEX_op_ext8u] = {8, false},
        [INDEX_op_ext16s] = {16, true},     [INDEX_op_ext16u] = {16, false},
        [INDEX_op_ext32s_i64] = {32, true}, [INDEX_op_ext32u_i64] = {32, false},
    };
    unsigned bits = ext[opc].bits;

    if (!ext[opc].sign) {
        gen_binary(t, INDEX_op_and, r, a,
                   cst(t, (int64_t)((1ull << bits) - 1)));
    } else {
        gen_sextract(t, r, a, 0, bits);
    }
}

/* extrh r, a -> shr t, a, $32; extrl r, t */
static void expand_extrh(TCGType t, TCGOpcode opc, TCGTemp *r, TCGTemp *a)
{
    TCGTemp *hi = new_tmp(TCG_TYPE_I64);

    gen_binary_imm(TCG_TYPE_I64, INDEX_op_shr, hi, a, 32);
    op2(INDEX_op_extrl_i64_i32, TCG_TYPE_I32, r, hi);
    tcg_temp_free_internal(hi);
}

typedef void (*ExpandUnaryFn)(TCGType t, TCGOpcode opc, TCGTemp *r, TCGTemp *a);

/* Short expansions of optional one-input ops; the others call the helper. */
static const ExpandUnaryFn expand_unary[NB_OPS] = {
    [INDEX_op_neg] = expand_neg,
    [INDEX_op_not] = expand_not,
    [INDEX_op_ext8s] = expand_ext,
    [INDEX_op_ext8u] = expand_ext,
    [INDEX_op_ext16s] = expand_ext,
    [INDEX_op_ext16u] = expand_ext,
    [INDEX_op_ext32s_i64] = expand_ext,
    [INDEX_op_ext32u_i64] = expand_ext,
    [INDEX_op_extrh_i64_i32] = expand_extrh,
};

void gen_unary(TCGType t, TCGOpcode opc, TCGTemp *r, TCGTemp *a)
{
    if (tcg_op_supported(opc, t)) {
        op2(opc, t, r, a);
    } else if (expand_unary[opc]) {
        expand_unary[opc](t, opc, r, a);
    } else {
        gen_alu_call(t, opc, 0, r, 1, (TCGTemp *[]){a}, 0, 0);
    }
}

/* -- Two inputs, one output ------------------------------------------------ */

/* andc r, a, b -> not t, b; and r, a, t (orc: or) */
static void expand_andc_orc(TCGType t, TCGOpcode opc, TCGTemp *r, TCGTemp *a,
                            TCGTemp *b)
{
    TCGTemp *nb = new_tmp(t);

    gen_unary(t, INDEX_op_not, nb, b);
    gen_binary(t, opc == INDEX_op_andc ? INDEX_op_and : INDEX_op_or, r, a, nb);
    tcg_temp_free_internal(nb);
}

/* r = (a << n) | (a >> (-n & (w - 1))), correct for n == 0 too. */
static void expand_rotl(TCGType t, TCGOpcode opc, TCGTemp *r, TCGTemp *a,
                        TCGTemp *n)
{
    TCGTemp *hi = new_tmp(t), *lo = new_tmp(t), *m = new_tmp(t);

    gen_binary(t, INDEX_op_shl, hi, a, n);
    gen_unary(t, INDEX_op_neg, m, n);
    gen_binary(t, INDEX_op_and, m, m, cst(t, width(t) - 1));
    gen_binary(t, INDEX_op_shr, lo, a, m);
    gen_binary(t, INDEX_op_or, r, hi, lo);
    tcg_temp_free_internal(hi);
    tcg_temp_free_internal(lo);
    tcg_temp_free_internal(m);
}

/* rotr a, n == rotl a, -n & (w - 1) */
static void expand_rotr(TCGType t, TCGOpcode opc, TCGTemp *r, TCGTemp *a,
                        TCGTemp *n)
{
    TCGTemp *m = new_tmp(t);

    gen_unary(t, INDEX_op_neg, m, n);
    gen_binary(t, INDEX_op_and, m, m, cst(t, width(t) - 1));
    gen_binary(t, INDEX_op_rotl, r, a, m);
    tcg_temp_free_internal(m);
}

/* High half of a product: mulu2/muls2 if present, else the helper. */
static void expand_mulh(TCGType t, TCGOpcode opc, TCGTemp *r, TCGTemp *a,
                        TCGTemp *b)
{
    TCGOpcode m2 = opc == INDEX_op_mulsh ? INDEX_op_muls2 : INDEX_op_mulu2;
    TCGTemp *lo;

    if (tcg_op_supported(m2, t)) {
        lo = new_tmp(t);
        tcg_gen_op4(m2, t, A(lo), A(r), A(a), A(b));
        tcg_temp_free_internal(lo);
    } else {
        gen_alu_call(t, opc, 0, r, 2, (TCGTemp *[]){a, b}, 0, 0);
    }
}

/* rem = a - (a / b) * b when the division exists, else the helper. */
static void expand_rem(TCGType t, TCGOpcode opc, TCGTemp *r, TCGTemp *a,
                       TCGTemp *b)
{
    TCGOpcode div = opc == INDEX_op_rem ? INDEX_op_div : INDEX_op_divu;
    TCGTemp *q;

    if (!tcg_op_supported(div, t)) {
        gen_alu_call(t, opc, 0, r, 2, (TCGTemp *[]){a, b}, 0, 0);
        return;
    }
    q = new_tmp(t);
    op3(div, t, q, a, b);
    gen_binary(t, INDEX_op_mul, q, q, b);
    gen_binary(t, INDEX_op_sub, r, a, q);
    tcg_temp_free_internal(q);
}

typedef void (*ExpandBinaryFn)(TCGType t, TCGOpcode opc, TCGTemp *r, TCGTemp *a,
                               TCGTemp *b);

/* Short expansions of optional two-input ops; the others call the helper. */
static const ExpandBinaryFn expand_binary[NB_OPS] = {
    [INDEX_op_andc] = expand_andc_orc, [INDEX_op_orc] = expand_andc_orc,
    [INDEX_op_rotl] = expand_rotl,     [INDEX_op_rotr] = expand_rotr,
    [INDEX_op_muluh] = expand_mulh,    [INDEX_op_mulsh] = expand_mulh,
    [INDEX_op_rem] = expand_rem,       [INDEX_op_remu] = expand_rem,
};

void gen_binary(TCGType t, TCGOpcode opc, TCGTemp *r, TCGTemp *a, TCGTemp *b)
{
    if (tcg_op_supported(opc, t)) {
        op3(opc, t, r, a, b);
    } else if (expand_binary[opc]) {
        expand_binary[opc](t, opc, r, a, b);
    } else {
        gen_alu_call(t, opc, 0, r, 2, (TCGTemp *[]){a, b}, 0, 0);
    }
}

void gen_binary_imm(TCGType t, TCGOpcode opc, TCGTemp *r, TCGTemp *a, int64_t v)
{
    /* x + 0, x - 0, x | 0, x ^ 0, x << 0 (every shift, rotate), x & -1 and
       x * 1 are x; x & 0 and x * 0 are 0; x | -1 is -1 */
    int64_t identity = opc == INDEX_op_and ? -1 : opc == INDEX_op_mul ? 1 : 0;

    if (v == identity) {
        gen_mov(t, r, a);
    } else if ((v == 0 && (opc == INDEX_op_and || opc == INDEX_op_mul))
               || (v == -1 && opc == INDEX_op_or)) {
        gen_movi(t, r, v);
    } else {
        gen_binary(t, opc, r, a, cst(t, v));
    }
}

/* -- Double-width results -------------------------------------------------- */

/* rl:rh = a * b: mulu2/muls2 if present, else mul + high half. */
void gen_mul2(TCGType t, TCGOpcode opc, TCGTemp *rl, TCGTemp *rh, TCGTemp *a,
              TCGTemp *b)
{
    TCGTemp *lo;

    if (tcg_op_supported(opc, t)) {
        tcg_gen_op4(opc, t, A(rl), A(rh), A(a), A(b));
        return;
    }
    lo = new_tmp(t);
    gen_binary(t, INDEX_op_mul, lo, a, b);
    gen_binary(t, opc == INDEX_op_muls2 ? INDEX_op_mulsh : INDEX_op_muluh, rh,
               a, b);
    gen_mov(t, rl, lo);
    tcg_temp_free_internal(lo);
}

/* rl:rh = al:ah +/- bl:bh with the carry computed by setcond. */
static void expand_addsub2(TCGType t, bool sub, TCGTemp *rl, TCGTemp *rh,
                           TCGTemp *al, TCGTemp *ah, TCGTemp *bl, TCGTemp *bh)
{
    TCGOpcode op = sub ? INDEX_op_sub : INDEX_op_add;
    TCGTemp *lo = new_tmp(t), *c = new_tmp(t), *hi = new_tmp(t);

    gen_binary(t, op, lo, al, bl);
    if (sub) {
        gen_setcond(t, INDEX_op_setcond, TCG_COND_LTU, c, al, bl);
    } else {
        gen_setcond(t, INDEX_op_setcond, TCG_COND_LTU, c, lo, al);
    }
    gen_binary(t, op, hi, ah, bh);
    gen_binary(t, op, hi, hi, c);
    gen_mov(t, rl, lo);
    gen_mov(t, rh, hi);
    tcg_temp_free_internal(lo);
    tcg_temp_free_internal(c);
    tcg_temp_free_internal(hi);
}

void gen_addsub2(TCGType t, TCGOpcode opc, TCGTemp *rl, TCGTemp *rh,
                 TCGTemp *al, TCGTemp *ah, TCGTemp *bl, TCGTemp *bh)
{
    if (tcg_op_supported(opc, t)) {
        tcg_gen_op6(opc, t, A(rl), A(rh), A(al), A(ah), A(bl), A(bh));
    } else {
        expand_addsub2(t, opc == INDEX_op_sub2, rl, rh, al, ah, bl, bh);
    }
}

/* -- Bit fields ------------------------------------------------------------ */

/* r = bits [pos, pos + len) of a, zero-extended. */
void gen_extract(TCGType t, TCGTemp *r, TCGTemp *a, unsigned pos, unsigned len)
{
    unsigned w = width(t);

    if (pos == 0 && len == w) {
        gen_mov(t, r, a);
    } else if (tcg_op_supported(INDEX_op_extract, t)) {
        tcg_gen_op4(INDEX_op_extract, t, A(r), A(a), pos, len);
    } else if (pos + len == w) {
        gen_binary(t, INDEX_op_shr, r, a, cst(t, pos));
    } else {
        /* extract r, a, pos, len -> shl by w - pos - len, shr by w - len */
        gen_binary(t, INDEX_op_shl, r, a, cst(t, w - pos - len));
        gen_binary(t, INDEX_op_shr, r, r, cst(t, w - len));
    }
}

/* r = bits [pos, pos + len) of a, sign-extended. */
void gen_sextract(TCGType t, TCGTemp *r, TCGTemp *a, unsigned pos, unsigned len)
{
    unsigned w = width(t);

    if (pos == 0 && len == w) {
        gen_mov(t, r, a);
    } else if (tcg_op_supported(INDEX_op_sextract, t)) {
        tcg_gen_op4(INDEX_op_sextract, t, A(r), A(a), pos, len);
    } else {
        gen_binary(t, INDEX_op_shl, r, a, cst(t, w - pos - len));
        gen_binary(t, INDEX_op_sar, r, r, cst(t, w - len));
    }
}

/* r = a with bits [pos, pos + len) from the low bits of b. */
void gen_deposit(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b, unsigned pos,
                 unsigned len)
{
    uint64_t mask = len >= 64 ? ~0ull : (1ull << len) - 1;
    TCGTemp *f, *k;

    if (pos == 0 && len == width(t)) {
        gen_mov(t, r, b);
        return;
    }
    if (tcg_op_supported(INDEX_op_deposit, t)) {
        tcg_gen_op5(INDEX_op_deposit, t, A(r), A(a), A(b), pos, len);
        return;
    }
    /* r = (a & ~(mask << pos)) | ((b & mask) << pos) */
    f = new_tmp(t);
    k = new_tmp(t);
    gen_binary(t, INDEX_op_and, f, b, cst(t, (int64_t)mask));
    gen_binary(t, INDEX_op_shl, f, f, cst(t, pos));
    gen_binary(t, INDEX_op_and, k, a, cst(t, (int64_t) ~(mask << pos)));
    gen_binary(t, INDEX_op_or, r, k, f);
    tcg_temp_free_internal(f);
    tcg_temp_free_internal(k);
}

/* r = (ah:al) >> pos, truncated. */
void gen_extract2(TCGType t, TCGTemp *r, TCGTemp *al, TCGTemp *ah, unsigned pos)
{
    TCGTemp *lo, *hi;

    if (pos == 0) {
        gen_mov(t, r, al);
        return;
    }
    if (tcg_op_supported(INDEX_op_extract2, t)) {
        tcg_gen_op4(INDEX_op_extract2, t, A(r), A(al), A(ah), pos);
        return;
    }
    lo = new_tmp(t);
    hi = new_tmp(t);
    gen_binary(t, INDEX_op_shr, lo, al, cst(t, pos));
    gen_binary(t, INDEX_op_shl, hi, ah, cst(t, width(t) - pos));
    gen_binary(t, INDEX_op_or, r, lo, hi);
    tcg_temp_free_internal(lo);
    tcg_temp_free_internal(hi);
}

void gen_bswap(TCGType t, TCGOpcode opc, TCGTemp *r, TCGTemp *a, int flags)
{
    if (tcg_op_supported(opc, t)) {
        tcg_gen_op3(opc, t, A(r), A(a), (TCGArg)flags);
    } else {
        gen_alu_call(t, opc, 0, r, 1, (TCGTemp *[]){a}, (TCGArg)flags, 0);
    }
}

/* -- Conditions and branches ----------------------------------------------- */

void gen_setcond(TCGType t, TCGOpcode opc, TCGCond c, TCGTemp *r, TCGTemp *a,
                 TCGTemp *b)
{
    bool neg = opc == INDEX_op_negsetcond;

    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER) {
        gen_movi(t, r, c == TCG_COND_ALWAYS ? (neg ? -1 : 1) : 0);
    } else if (tcg_op_supported(opc, t)) {
        tcg_gen_op4(opc, t, A(r), A(a), A(b), c);
    } else {
        /* negsetcond r, a, b, c -> setcond r, a, b, c; neg r, r */
        tcg_gen_op4(INDEX_op_setcond, t, A(r), A(a), A(b), c);
        gen_unary(t, INDEX_op_neg, r, r);
    }
}

void gen_movcond(TCGType t, TCGCond c, TCGTemp *r, TCGTemp *c1, TCGTemp *c2,
                 TCGTemp *v1, TCGTemp *v2)
{
    TCGTemp *m, *x, *y;

    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER) {
        gen_mov(t, r, c == TCG_COND_ALWAYS ? v1 : v2);
        return;
    }
    if (tcg_op_supported(INDEX_op_movcond, t)) {
        tcg_gen_op6(INDEX_op_movcond, t, A(r), A(c1), A(c2), A(v1), A(v2), c);
        return;
    }
    /* r = (v1 & m) | (v2 & ~m) with m = -cond(c1, c2) */
    m = new_tmp(t);
    x = new_tmp(t);
    y = new_tmp(t);
    gen_setcond(t, INDEX_op_negsetcond, c, m, c1, c2);
    gen_binary(t, INDEX_op_and, x, v1, m);
    gen_binary(t, INDEX_op_andc, y, v2, m);
    gen_binary(t, INDEX_op_or, r, x, y);
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
    tcg_gen_op4(INDEX_op_brcond, t, A(a), A(b), c, label_arg(l));
}

void tcg_gen_set_label(TCGLabel *l)
{
    if (l->present) {
        internal_error("label $L%u placed twice", l->id);
    }
    l->present = true;
    tcg_gen_op1(INDEX_op_set_label, TCG_TYPE_REG, label_arg(l));
}

void tcg_gen_br(TCGLabel *l)
{
    l->refs++;
    tcg_gen_op1(INDEX_op_br, TCG_TYPE_REG, label_arg(l));
}

/* -- Memory ---------------------------------------------------------------- */

void gen_ldst(TCGType t, TCGOpcode opc, TCGTemp *v, TCGTemp *base,
              intptr_t offset)
{
    tcg_gen_op3(opc, t, A(v), A(base), (TCGArg)offset);
}

/* Byte-swapping flags that turn a swapped SIZE load into MOP's result. */
static int bswap_load_flags(MemOp mop)
{
    return (mop & MO_SIGN) ? TCG_BSWAP_IZ | TCG_BSWAP_OS
                           : TCG_BSWAP_IZ | TCG_BSWAP_OZ;
}

/* The byte swap of SIZE bytes. */
static TCGOpcode bswap_opc(MemOp size)
{
    return size == MO_16   ? INDEX_op_bswap16
           : size == MO_32 ? INDEX_op_bswap32
                           : INDEX_op_bswap64_i64;
}

/* An access wider than its value, or past 8 bytes, is a frontend bug. */
static void check_access_size(TCGType t, MemOp mop)
{
    if ((mop & MO_SIZE) > (t == TCG_TYPE_I32 ? MO_32 : MO_64)) {
        internal_error("qemu_ld/st of %u bytes into an %s value",
                       memop_size(mop), tcg_type_name(t));
    }
}

void gen_qemu_ld(TCGType t, TCGTemp *r, TCGTemp *addr, unsigned mmu_idx,
                 MemOp mop)
{
    check_access_size(t, mop);
    if ((mop & MO_SIZE) == MO_32 && t == TCG_TYPE_I32) {
        mop &= ~MO_SIGN;
    }
    if (!(mop & MO_BSWAP) || (mop & MO_SIZE) == MO_8) {
        tcg_gen_op3(INDEX_op_qemu_ld, t, A(r), A(addr),
                    make_memop_idx(mop & ~MO_BSWAP, mmu_idx));
        return;
    }
    /* big-endian: load unsigned, then swap and extend */
    tcg_gen_op3(INDEX_op_qemu_ld, t, A(r), A(addr),
                make_memop_idx(mop & ~(MO_BSWAP | MO_SIGN), mmu_idx));
    gen_bswap(t, bswap_opc(mop & MO_SIZE), r, r, bswap_load_flags(mop));
}

void gen_qemu_st(TCGType t, TCGTemp *v, TCGTemp *addr, unsigned mmu_idx,
                 MemOp mop)
{
    TCGTemp *sw;

    check_access_size(t, mop);
    mop &= ~MO_SIGN;
    if (!(mop & MO_BSWAP) || (mop & MO_SIZE) == MO_8) {
        tcg_gen_op3(INDEX_op_qemu_st, t, A(v), A(addr),
                    make_memop_idx(mop & ~MO_BSWAP, mmu_idx));
        return;
    }
    sw = new_tmp(t);
    gen_bswap(t, bswap_opc(mop & MO_SIZE), sw, v, TCG_BSWAP_OZ);
    tcg_gen_op3(INDEX_op_qemu_st, t, A(sw), A(addr),
                make_memop_idx(mop & ~MO_BSWAP, mmu_idx));
    tcg_temp_free_internal(sw);
}

/* 128-bit pair: the op if present, else two 64-bit accesses. */
void gen_qemu_ldst2(bool store, TCGTemp *lo, TCGTemp *hi, TCGTemp *addr,
                    unsigned mmu_idx, MemOp mop)
{
    const TCGType t = TCG_TYPE_I64;
    TCGOpcode opc = store ? INDEX_op_qemu_st2_i64 : INDEX_op_qemu_ld2_i64;
    MemOp half = (mop & ~(MO_SIZE | MO_SIGN | MO_BSWAP)) | MO_64;
    TCGTemp *a2, *tlo;

    if (tcg_op_supported(opc, t) && !(mop & MO_BSWAP)) {
        tcg_gen_op4(opc, t, A(lo), A(hi), A(addr),
                    make_memop_idx((mop & ~MO_SIZE) | MO_128, mmu_idx));
        return;
    }
    a2 = new_tmp(t);
    gen_binary(t, INDEX_op_add, a2, addr, cst(t, 8));
    if (store) {
        gen_qemu_st(t, lo, addr, mmu_idx, half);
        gen_qemu_st(t, hi, a2, mmu_idx, half & ~MO_ALIGN);
    } else {
        tlo = new_tmp(t);
        gen_qemu_ld(t, tlo, addr, mmu_idx, half);
        gen_qemu_ld(t, hi, a2, mmu_idx, half & ~MO_ALIGN);
        gen_mov(t, lo, tlo);
        tcg_temp_free_internal(tlo);
    }
    tcg_temp_free_internal(a2);
}

/* -- Any pure op by opcode ------------------------------------------------- */

/* A pure op with one output, one or two inputs and no constant argument. */
static bool is_plain_value_op(const TCGOpDef *def)
{
    return def->nb_oargs == 1 && def->nb_cargs == 0
           && !(
               def->flags
               & (TCG_OPF_SIDE_EFFECTS | TCG_OPF_BB_END | TCG_OPF_NOT_PRESENT));
}

void tcg_gen_op_by_opc(TCGOpcode opc, TCGType t, TCGTemp *const *a,
                       const TCGArg *c)
{
    const TCGOpDef *def = &tcg_op_defs[opc];

    switch (opc) {
    case INDEX_op_mov:
        gen_mov(t, a[0], a[1]);
        return;
    case INDEX_op_mulu2:
    case INDEX_op_muls2:
        gen_mul2(t, opc, a[0], a[1], a[2], a[3]);
        return;
    case INDEX_op_add2:
    case INDEX_op_sub2:
        gen_addsub2(t, opc, a[0], a[1], a[2], a[3], a[4], a[5]);
        return;
    case INDEX_op_bswap16:
    case INDEX_op_bswap32:
    case INDEX_op_bswap64_i64:
        gen_bswap(t, opc, a[0], a[1], (int)c[0]);
        return;
    case INDEX_op_deposit:
        gen_deposit(t, a[0], a[1], a[2], c[0], c[1]);
        return;
    case INDEX_op_extract:
        gen_extract(t, a[0], a[1], c[0], c[1]);
        return;
    case INDEX_op_sextract:
        gen_sextract(t, a[0], a[1], c[0], c[1]);
        return;
    case INDEX_op_extract2:
        gen_extract2(t, a[0], a[1], a[2], c[0]);
        return;
    case INDEX_op_setcond:
    case INDEX_op_negsetcond:
        gen_setcond(t, opc, (TCGCond)c[0], a[0], a[1], a[2]);
        return;
    case INDEX_op_movcond:
        gen_movcond(t, (TCGCond)c[0], a[0], a[1], a[2], a[3], a[4]);
        return;
    default:
        break;
    }
    if (!is_plain_value_op(def) || !tcg_op_has_type(opc, t)) {
        internal_error("tcg_gen_op_by_opc: %s at %s is not a pure op",
                       def->name, tcg_type_name(t));
    }
    if (def->nb_iargs == 1) {
        gen_unary(t, opc, a[0], a[1]);
    } else {
        gen_binary(t, opc, a[0], a[1], a[2]);
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

    if (nargs != (int)info->nb_args || nargs > TCG_MAX_HELPER_ARGS
        || (ret != NULL) != (ret_kind != TCG_HT_VOID)) {
        internal_error("call of %s: wrong arguments", info->name);
    }
    for (int i = 0; i < nargs; i++) {
        unsigned kind = TCG_HT_SLOT(info->typemask, i + 1);

        if (args[i]->type != helper_arg_type(kind)) {
            internal_error("call of %s: argument %d has the wrong type",
                           info->name, i);
        }
    }
    op = tcg_emit_op(INDEX_op_call, TCG_TYPE_REG);
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
    tcg_gen_op2(INDEX_op_insn_start, TCG_TYPE_REG, (TCGArg)pc, (TCGArg)cc_op);
}

void tcg_gen_goto_tb(unsigned idx)
{
    if (idx > 1) {
        internal_error("goto_tb slot %u", idx);
    }
    tcg_gen_op1(INDEX_op_goto_tb, TCG_TYPE_REG, idx);
}

void tcg_gen_exit_tb(const void *tb, unsigned idx)
{
    uintptr_t val = (uintptr_t)tb + idx;

    if (idx > TB_EXIT_MASK || ((uintptr_t)tb & TB_EXIT_MASK)) {
        internal_error("exit_tb %p index %u", tb, idx);
    }
    tcg_gen_op1(INDEX_op_exit_tb, TCG_TYPE_REG, val);
}

void tcg_gen_goto_ptr(TCGv_ptr ptr)
{
    tcg_gen_op1(INDEX_op_goto_ptr, TCG_TYPE_REG, A(tcgv_ptr_temp(ptr)));
}

void tcg_gen_lookup_and_goto_ptr(void)
{
    TCGTemp *ptr = new_tmp(TCG_TYPE_PTR);

    tcg_gen_callN(&tcg_lookup_tb_ptr_info, ptr, 1,
                  (TCGTemp *[]){tcg_ctx->env_temp});
    tcg_gen_op1(INDEX_op_goto_ptr, TCG_TYPE_REG, A(ptr));
    tcg_temp_free_internal(ptr);
}

void tcg_gen_mb(unsigned kind)
{
    tcg_gen_op1(INDEX_op_mb, TCG_TYPE_REG, kind);
}
