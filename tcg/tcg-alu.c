/*
 * The value semantics of the pure TCG ops (see tcg/tcg-alu.h).
 *
 * Each op is computed once for both of its integer types: W (32 or 64) is
 * the width of the op's type, values travel as uint64_t, and i32 results
 * are zero-extended at the end.  Inputs
 * the IR leaves undefined (shift counts >= W, division by zero, INT_MIN/-1,
 * fields outside the value) make tcg_alu_eval return false.
 */
#include "tcg/tcg-alu.h"

/* -- Width helpers --------------------------------------------------------- */

static uint64_t zext(uint64_t x, unsigned w)
{
    return w == 64 ? x : x & ((1ull << w) - 1);
}

static int64_t sext(uint64_t x, unsigned w)
{
    return w == 64 ? (int64_t)x : (int64_t)(x << (64 - w)) >> (64 - w);
}

static uint64_t field_mask(unsigned len)
{
    return len >= 64 ? ~0ull : (1ull << len) - 1;
}

bool tcg_alu_cond(TCGCond cond, TCGType type, uint64_t x, uint64_t y)
{
    unsigned w = type == TCG_TYPE_I32 ? 32 : 64;
    uint64_t ux = zext(x, w), uy = zext(y, w);
    int64_t sx = sext(x, w), sy = sext(y, w);

    switch (cond) {
    case TCG_COND_NEVER:
        return false;
    case TCG_COND_ALWAYS:
        return true;
    case TCG_COND_EQ:
        return ux == uy;
    case TCG_COND_NE:
        return ux != uy;
    case TCG_COND_LT:
        return sx < sy;
    case TCG_COND_GE:
        return sx >= sy;
    case TCG_COND_LE:
        return sx <= sy;
    case TCG_COND_GT:
        return sx > sy;
    case TCG_COND_LTU:
        return ux < uy;
    case TCG_COND_GEU:
        return ux >= uy;
    case TCG_COND_LEU:
        return ux <= uy;
    case TCG_COND_GTU:
        return ux > uy;
    default:
        return false;
    }
}

/* -- Families -------------------------------------------------------------- */

static uint64_t rotl(uint64_t x, unsigned n, unsigned w)
{
    x = zext(x, w);
    return n == 0 ? x : (x << n) | (x >> (w - n));
}

/* Unsigned double-width product: *hi:return. */
static uint64_t mulu2(uint64_t a, uint64_t b, unsigned w, uint64_t *hi)
{
    unsigned __int128 p = (unsigned __int128)zext(a, w) * zext(b, w);

    *hi = w == 64 ? (uint64_t)(p >> 64) : (uint64_t)(p >> 32);
    return (uint64_t)p;
}

static uint64_t muls2(uint64_t a, uint64_t b, unsigned w, uint64_t *hi)
{
    __int128 p = (__int128)sext(a, w) * sext(b, w);

    *hi = w == 64 ? (uint64_t)(p >> 64) : (uint64_t)(p >> 32);
    return (uint64_t)p;
}

/* Byte-swap the low BYTES bytes of X, then extend per TCG_BSWAP_*. */
static uint64_t bswap(uint64_t x, unsigned bytes, unsigned w, TCGArg flags)
{
    uint64_t r;

    switch (bytes) {
    case 2:
        r = __builtin_bswap16((uint16_t)x);
        break;
    case 4:
        r = __builtin_bswap32((uint32_t)x);
        break;
    default:
        r = __builtin_bswap64(x);
        break;
    }
    if (bytes * 8 >= w) {
        return r;
    }
    if (flags & TCG_BSWAP_OS) {
        return (uint64_t)sext(r, bytes * 8);
    }
    /* OZ, or neither flag (high bits unspecified): zero them */
    return r;
}

static uint64_t clz(uint64_t x, uint64_t z, unsigned w)
{
    x = zext(x, w);
    return x ? (uint64_t)(__builtin_clzll(x) - (64 - w)) : z;
}

static uint64_t ctz(uint64_t x, uint64_t z, unsigned w)
{
    x = zext(x, w);
    return x ? (uint64_t)__builtin_ctzll(x) : z;
}

static uint64_t deposit(uint64_t a, uint64_t b, unsigned pos, unsigned len)
{
    uint64_t mask = field_mask(len) << pos;

    return (a & ~mask) | ((b << pos) & mask);
}

static uint64_t extract2(uint64_t lo, uint64_t hi, unsigned pos, unsigned w)
{
    lo = zext(lo, w);
    return pos == 0 ? lo : (lo >> pos) | (hi << (w - pos));
}

/* add2/sub2: (ah:al) +/- (bh:bl) in W-bit halves. */
static void addsub2(uint64_t *out, const uint64_t *in, unsigned w, bool sub)
{
    uint64_t al = zext(in[0], w), ah = in[1], bl = zext(in[2], w), bh = in[3];
    uint64_t lo = zext(sub ? al - bl : al + bl, w);
    uint64_t carry = sub ? al < bl : lo < al;

    out[0] = lo;
    out[1] = sub ? ah - bh - carry : ah + bh + carry;
}

/* Is the field [pos, pos + len) inside a W-bit value? */
static bool field_ok(TCGArg pos, TCGArg len, unsigned w)
{
    return len >= 1 && pos < w && len <= w - pos;
}

/* Signed division is defined except by zero and INT_MIN / -1. */
static bool sdiv_ok(uint64_t a, uint64_t b, unsigned w)
{
    return zext(b, w) != 0
           && !(sext(a, w) == sext(1ull << (w - 1), w) && sext(b, w) == -1);
}

/* -- Evaluation ------------------------------------------------------------ */

/* Ops of the form out = f(in0, in1) that are defined for all inputs. */
static bool eval_binary(TCGOpcode opc, uint64_t *r, uint64_t a, uint64_t b,
                        unsigned w)
{
    uint64_t hi;

    switch (opc) {
    case INDEX_op_add:
        *r = a + b;
        return true;
    case INDEX_op_sub:
        *r = a - b;
        return true;
    case INDEX_op_and:
        *r = a & b;
        return true;
    case INDEX_op_or:
        *r = a | b;
        return true;
    case INDEX_op_xor:
        *r = a ^ b;
        return true;
    case INDEX_op_andc:
        *r = a & ~b;
        return true;
    case INDEX_op_orc:
        *r = a | ~b;
        return true;
    case INDEX_op_mul:
        *r = a * b;
        return true;
    case INDEX_op_muluh:
        mulu2(a, b, w, &hi);
        *r = hi;
        return true;
    case INDEX_op_mulsh:
        muls2(a, b, w, &hi);
        *r = hi;
        return true;
    case INDEX_op_clz:
        *r = clz(a, b, w);
        return true;
    case INDEX_op_ctz:
        *r = ctz(a, b, w);
        return true;
    default:
        return false;
    }
}

/* Shifts and rotates: defined for counts below W. */
static bool eval_shift(TCGOpcode opc, uint64_t *r, uint64_t a, uint64_t b,
                       unsigned w)
{
    if (zext(b, w) >= w) {
        return false;
    }
    switch (opc) {
    case INDEX_op_shl:
        *r = a << b;
        return true;
    case INDEX_op_shr:
        *r = zext(a, w) >> b;
        return true;
    case INDEX_op_sar:
        *r = (uint64_t)(sext(a, w) >> b);
        return true;
    case INDEX_op_rotl:
        *r = rotl(a, b, w);
        return true;
    case INDEX_op_rotr:
        *r = rotl(a, (w - b) % w, w);
        return true;
    default:
        return false;
    }
}

/* Division: undefined inputs are refused. */
static bool eval_div(TCGOpcode opc, uint64_t *r, uint64_t a, uint64_t b,
                     unsigned w)
{
    switch (opc) {
    case INDEX_op_div:
        if (!sdiv_ok(a, b, w)) {
            return false;
        }
        *r = (uint64_t)(sext(a, w) / sext(b, w));
        return true;
    case INDEX_op_rem:
        if (!sdiv_ok(a, b, w)) {
            return false;
        }
        *r = (uint64_t)(sext(a, w) % sext(b, w));
        return true;
    case INDEX_op_divu:
        if (zext(b, w) == 0) {
            return false;
        }
        *r = zext(a, w) / zext(b, w);
        return true;
    case INDEX_op_remu:
        if (zext(b, w) == 0) {
            return false;
        }
        *r = zext(a, w) % zext(b, w);
        return true;
    default:
        return false;
    }
}

/* One-input ops. */
static bool eval_unary(TCGOpcode opc, uint64_t *r, uint64_t a, const TCGArg *c,
                       unsigned w)
{
    switch (opc) {
    case INDEX_op_mov:
        *r = a;
        return true;
    case INDEX_op_neg:
        *r = -a;
        return true;
    case INDEX_op_not:
        *r = ~a;
        return true;
    case INDEX_op_ext8s:
        *r = sext(a, 8);
        return true;
    case INDEX_op_ext8u:
        *r = zext(a, 8);
        return true;
    case INDEX_op_ext16s:
        *r = sext(a, 16);
        return true;
    case INDEX_op_ext16u:
        *r = zext(a, 16);
        return true;
    case INDEX_op_ext32s_i64:
    case INDEX_op_ext_i32_i64:
        *r = sext(a, 32);
        return true;
    case INDEX_op_ext32u_i64:
    case INDEX_op_extu_i32_i64:
        *r = zext(a, 32);
        return true;
    case INDEX_op_extrl_i64_i32:
        *r = a;
        return true;
    case INDEX_op_extrh_i64_i32:
        *r = a >> 32;
        return true;
    case INDEX_op_ctpop:
        *r = (uint64_t)__builtin_popcountll(zext(a, w));
        return true;
    case INDEX_op_bswap16:
        *r = bswap(a, 2, w, c[0]);
        return true;
    case INDEX_op_bswap32:
        *r = bswap(a, 4, w, c[0]);
        return true;
    case INDEX_op_bswap64_i64:
        *r = bswap(a, 8, w, c[0]);
        return true;
    case INDEX_op_extract:
        if (!field_ok(c[0], c[1], w)) {
            return false;
        }
        *r = (zext(a, w) >> c[0]) & field_mask(c[1]);
        return true;
    case INDEX_op_sextract:
        if (!field_ok(c[0], c[1], w)) {
            return false;
        }
        *r = (uint64_t)sext(zext(a, w) >> c[0], c[1]);
        return true;
    default:
        return false;
    }
}

/* Ops with several inputs or outputs, conditions and fields. */
static bool eval_other(TCGOpcode opc, uint64_t *out, const uint64_t *in,
                       const TCGArg *c, unsigned w, TCGType type)
{
    switch (opc) {
    case INDEX_op_mulu2:
        out[0] = mulu2(in[0], in[1], w, &out[1]);
        return true;
    case INDEX_op_muls2:
        out[0] = muls2(in[0], in[1], w, &out[1]);
        return true;
    case INDEX_op_add2:
        addsub2(out, in, w, false);
        return true;
    case INDEX_op_sub2:
        addsub2(out, in, w, true);
        return true;
    case INDEX_op_deposit:
        if (!field_ok(c[0], c[1], w)) {
            return false;
        }
        out[0] = deposit(in[0], in[1], c[0], c[1]);
        return true;
    case INDEX_op_extract2:
        if (c[0] >= w) {
            return false;
        }
        out[0] = extract2(in[0], in[1], c[0], w);
        return true;
    case INDEX_op_setcond:
        out[0] = tcg_alu_cond(c[0], type, in[0], in[1]);
        return true;
    case INDEX_op_negsetcond:
        out[0] = -(uint64_t)tcg_alu_cond(c[0], type, in[0], in[1]);
        return true;
    case INDEX_op_movcond:
        out[0] = tcg_alu_cond(c[0], type, in[0], in[1]) ? in[2] : in[3];
        return true;
    default:
        return false;
    }
}

bool tcg_alu_eval(TCGOpcode opc, TCGType type, uint64_t *out,
                  const uint64_t *in, const TCGArg *cargs)
{
    unsigned w = type == TCG_TYPE_I32 ? 32 : 64;
    const TCGOpDef *def = &tcg_op_defs[opc];
    uint64_t r[2];
    bool ok;

    if (type != TCG_TYPE_I32 && type != TCG_TYPE_I64) {
        return false;
    }
    if (opc == INDEX_op_extrl_i64_i32 || opc == INDEX_op_extrh_i64_i32) {
        w = 64; /* the input is 64-bit; the result is truncated below */
    }
    ok = eval_binary(opc, &r[0], in[0], def->nb_iargs > 1 ? in[1] : 0, w)
         || (def->nb_iargs > 1 && eval_shift(opc, &r[0], in[0], in[1], w))
         || (def->nb_iargs > 1 && eval_div(opc, &r[0], in[0], in[1], w))
         || (def->nb_iargs == 1 && eval_unary(opc, &r[0], in[0], cargs, w))
         || eval_other(opc, r, in, cargs, w, type);
    if (!ok) {
        return false;
    }
    for (int i = 0; i < def->nb_oargs; i++) {
        out[i] = type == TCG_TYPE_I32 ? (uint32_t)r[i] : r[i];
    }
    return true;
}
