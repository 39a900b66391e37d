/*
 * x86-64 host backend, layer 3: arithmetic, logic, shifts, bit fields,
 * comparisons.  Each lower_* function is the emitter of one or more
 * entries of the lowering table in x86_64-lower.c, which states the
 * operand constraints these functions rely on (noted above each one as
 * "ct: out, in...").
 *
 * args[] holds output registers, then inputs (a register, or a constant
 * when const_args[i]), then the op's constant arguments.  An i32 value's
 * bits 63:32 are unspecified in a register, so 32-bit ops use 32-bit forms
 * and never read those bits.
 */
#include <assert.h>

#include "x86_64-lower.h"

/* -- Shared pieces --------------------------------------------------------- */

X86Cond x86_cond(TCGCond cond)
{
    static const int8_t map[TCG_COND_COUNT] = {
        [TCG_COND_NEVER] = -1,   [TCG_COND_ALWAYS] = -1,
        [TCG_COND_EQ] = JCC_E,   [TCG_COND_NE] = JCC_NE,
        [TCG_COND_LT] = JCC_L,   [TCG_COND_GE] = JCC_GE,
        [TCG_COND_LE] = JCC_LE,  [TCG_COND_GT] = JCC_G,
        [TCG_COND_LTU] = JCC_B,  [TCG_COND_GEU] = JCC_AE,
        [TCG_COND_LEU] = JCC_BE, [TCG_COND_GTU] = JCC_A,
    };
    assert(cond < TCG_COND_COUNT && map[cond] >= 0);
    return map[cond];
}

void x86_emit_cmp(X86Code *c, TCGType type, TCGCond cond, TCGReg a, TCGArg b,
                  bool b_const)
{
    int rexw = x86_rexw(type);

    if (b_const && (int32_t)b == 0
        && (type == TCG_TYPE_I32 || (int64_t)b == 0)) {
        /* test a,a sets ZF/SF like cmp $0 and clears CF/OF, which is
         * what cmp $0 gives: every condition reads the same. */
        emit_modrm(c, OPC_TEST_EvGv | rexw, a, a);
    } else if (b_const) {
        emit_arith_ri(c, rexw, ARITH_CMP, a, (int32_t)b);
    } else {
        emit_modrm(c, OPC_CMP_GvEv | rexw, a, b);
    }
}

void x86_emit_mov(X86Code *c, TCGType type, TCGReg dst, TCGReg src)
{
    if (dst != src) {
        emit_mov_rr(c, x86_rexw(type), dst, src);
    }
}

/* OP D, B where B is a register or an imm32 (d already holds the left). */
static void emit_arith(X86Code *c, TCGType type, X86Arith op, TCGReg d,
                       TCGArg b, bool b_const)
{
    if (b_const) {
        emit_arith_ri(c, x86_rexw(type), op, d, (int32_t)b);
    } else {
        emit_modrm(c, OPC_ARITH_GvEv(op) | x86_rexw(type), d, b);
    }
}

/* -- Add, subtract, logic -------------------------------------------------- */

/* ct: r, r, re.  Three-operand forms become lea. */
void lower_add(TCGContext *s, TCGType type, const TCGArg *args,
               const int *const_args)
{
    X86Code c = x86_code(s);
    TCGReg d = args[0], a = args[1];
    int rexw = x86_rexw(type);

    if (const_args[2]) {
        int32_t imm = (int32_t)args[2];
        if (d != a) {
            emit_modrm_offset(&c, OPC_LEA_GvM | rexw, d, a, imm);
        } else if (imm != 0) {
            emit_arith_ri(&c, rexw, ARITH_ADD, d, imm);
        }
        return;
    }
    if (d == a) {
        emit_modrm(&c, OPC_ADD_GvEv | rexw, d, args[2]);
    } else if (d == (TCGReg)args[2]) {
        emit_modrm(&c, OPC_ADD_GvEv | rexw, d, a);
    } else {
        emit_modrm_mem(&c, OPC_LEA_GvM | rexw, d, a, args[2], 0, 0);
    }
}

/* ct: r, 0, re */
void lower_sub(TCGContext *s, TCGType type, const TCGArg *args,
               const int *const_args)
{
    X86Code c = x86_code(s);

    emit_arith(&c, type, ARITH_SUB, args[0], args[2], const_args[2]);
}

/* ct: r, 0 */
void lower_neg(TCGContext *s, TCGType type, const TCGArg *args,
               const int *const_args)
{
    X86Code c = x86_code(s);

    emit_modrm(&c, OPC_GRP3_Ev | x86_rexw(type), EXT3_NEG, args[0]);
}

/* ct: r, 0 */
void lower_not(TCGContext *s, TCGType type, const TCGArg *args,
               const int *const_args)
{
    X86Code c = x86_code(s);

    emit_modrm(&c, OPC_GRP3_Ev | x86_rexw(type), EXT3_NOT, args[0]);
}

/* ct: r, 0, reZ.  Masks of 8, 16, 32 low bits become zero-extensions. */
void lower_and(TCGContext *s, TCGType type, const TCGArg *args,
               const int *const_args)
{
    X86Code c = x86_code(s);
    TCGReg d = args[0];
    uint64_t m = args[2];

    if (!const_args[2]) {
        emit_modrm(&c, OPC_AND_GvEv | x86_rexw(type), d, args[2]);
        return;
    }
    if (type == TCG_TYPE_I32) {
        m = (uint32_t)m;
    }
    if (m == 0xff) {
        emit_modrm(&c, OPC_MOVZBL_GvEb, d, d);
    } else if (m == 0xffff) {
        emit_modrm(&c, OPC_MOVZWL_GvEw, d, d);
    } else if (m == 0xffffffffu) {
        emit_mov_rr(&c, 0, d, d);
    } else if (type == TCG_TYPE_I64 && !x86_fits_s32(m)) {
        /* 'Z': a 32-bit and clears bits 63:32, as the mask does. */
        emit_arith_ri(&c, 0, ARITH_AND, d, (int32_t)m);
    } else {
        emit_arith_ri(&c, x86_rexw(type), ARITH_AND, d, (int32_t)m);
    }
}

/* ct: r, 0, re */
void lower_or(TCGContext *s, TCGType type, const TCGArg *args,
              const int *const_args)
{
    X86Code c = x86_code(s);

    emit_arith(&c, type, ARITH_OR, args[0], args[2], const_args[2]);
}

/* ct: r, 0, re */
void lower_xor(TCGContext *s, TCGType type, const TCGArg *args,
               const int *const_args)
{
    X86Code c = x86_code(s);

    if (const_args[2] && (int32_t)args[2] == -1) {
        emit_modrm(&c, OPC_GRP3_Ev | x86_rexw(type), EXT3_NOT, args[0]);
        return;
    }
    emit_arith(&c, type, ARITH_XOR, args[0], args[2], const_args[2]);
}

/* ct: r, r, r with BMI1 (andn), else r, 0, r.  d = a & ~b */
void lower_andc(TCGContext *s, TCGType type, const TCGArg *args,
                const int *const_args)
{
    X86Code c = x86_code(s);
    int rexw = x86_rexw(type);

    if (x86_lower_features.bmi1) {
        emit_vex_modrm(&c, OPC_ANDN_GyByEy | rexw, args[0], args[2], args[1]);
        return;
    }
    emit_mov_rr(&c, rexw, X86_TMP_REG, args[2]);
    emit_modrm(&c, OPC_GRP3_Ev | rexw, EXT3_NOT, X86_TMP_REG);
    emit_modrm(&c, OPC_AND_GvEv | rexw, args[0], X86_TMP_REG);
}

/* ct: r, 0, r.  d = a | ~b */
void lower_orc(TCGContext *s, TCGType type, const TCGArg *args,
               const int *const_args)
{
    X86Code c = x86_code(s);
    int rexw = x86_rexw(type);

    emit_mov_rr(&c, rexw, X86_TMP_REG, args[2]);
    emit_modrm(&c, OPC_GRP3_Ev | rexw, EXT3_NOT, X86_TMP_REG);
    emit_modrm(&c, OPC_OR_GvEv | rexw, args[0], X86_TMP_REG);
}

/* -- Shifts and rotates ---------------------------------------------------- */

/*
 * d = a OP b.  Constant counts: mov + shift by imm8.  Register counts:
 * SHLX/SHRX/SARX (BMI2_OPC, any registers) when the table was built with
 * BMI2, else the count is in cl and d is a.  Counts are in [0, width).
 */
static void emit_shift(TCGContext *s, TCGType type, X86Shift op, int bmi2_opc,
                       const TCGArg *args, const int *const_args)
{
    X86Code c = x86_code(s);
    TCGReg d = args[0], a = args[1];
    int rexw = x86_rexw(type);

    if (const_args[2]) {
        int count = args[2] & (x86_width(type) - 1);
        x86_emit_mov(&c, type, d, a);
        if (count) {
            emit_shift_ri(&c, rexw, op, d, count);
        }
    } else if (bmi2_opc && x86_lower_features.bmi2) {
        emit_vex_modrm(&c, bmi2_opc | rexw, d, args[2], a);
    } else {
        assert(d == a && args[2] == X86_RCX);
        emit_modrm(&c, OPC_SHIFT_Ev_CL | rexw, op, d);
    }
}

/* ct: r, r, ri with BMI2, else C, 0, ci */
void lower_shl(TCGContext *s, TCGType type, const TCGArg *args,
               const int *const_args)
{
    emit_shift(s, type, SHIFT_SHL, OPC_SHLX_GyEyBy, args, const_args);
}

void lower_shr(TCGContext *s, TCGType type, const TCGArg *args,
               const int *const_args)
{
    emit_shift(s, type, SHIFT_SHR, OPC_SHRX_GyEyBy, args, const_args);
}

void lower_sar(TCGContext *s, TCGType type, const TCGArg *args,
               const int *const_args)
{
    emit_shift(s, type, SHIFT_SAR, OPC_SARX_GyEyBy, args, const_args);
}

/* ct: C, 0, ci */
void lower_rotl(TCGContext *s, TCGType type, const TCGArg *args,
                const int *const_args)
{
    emit_shift(s, type, SHIFT_ROL, 0, args, const_args);
}

void lower_rotr(TCGContext *s, TCGType type, const TCGArg *args,
                const int *const_args)
{
    emit_shift(s, type, SHIFT_ROR, 0, args, const_args);
}

/*
 * ct: &r, &r, r, r, re, re.  (hi:lo) = (ah:al) +/- (bh:bl): add/sub on
 * the low halves, adc/sbb on the high ones.  The outputs are fresh
 * registers rather than aliases of al/ah: two aliased inputs holding the
 * same value would be handed one register by tcg.c.
 */
static void emit_addsub2(TCGContext *s, TCGType type, bool sub,
                         const TCGArg *args, const int *const_args)
{
    X86Code c = x86_code(s);
    TCGReg lo = args[0], hi = args[1];

    x86_emit_mov(&c, type, lo, args[2]);
    x86_emit_mov(&c, type, hi, args[3]);
    emit_arith(&c, type, sub ? ARITH_SUB : ARITH_ADD, lo, args[4],
               const_args[4]);
    emit_arith(&c, type, sub ? ARITH_SBB : ARITH_ADC, hi, args[5],
               const_args[5]);
}

void lower_add2(TCGContext *s, TCGType type, const TCGArg *args,
                const int *const_args)
{
    emit_addsub2(s, type, false, args, const_args);
}

void lower_sub2(TCGContext *s, TCGType type, const TCGArg *args,
                const int *const_args)
{
    emit_addsub2(s, type, true, args, const_args);
}

/* -- Multiply and divide --------------------------------------------------- */

/* ct: r, 0, re */
void lower_mul(TCGContext *s, TCGType type, const TCGArg *args,
               const int *const_args)
{
    X86Code c = x86_code(s);
    TCGReg d = args[0];
    int rexw = x86_rexw(type);

    if (!const_args[2]) {
        emit_modrm(&c, OPC_IMUL_GvEv | rexw, d, args[2]);
    } else if (x86_fits_s8((int32_t)args[2])) {
        emit_modrm(&c, OPC_IMUL_GvEvIb | rexw, d, d);
        emit8(&c, (int8_t)args[2]);
    } else {
        emit_modrm(&c, OPC_IMUL_GvEvIz | rexw, d, d);
        emit32(&c, (int32_t)args[2]);
    }
}

/* One-operand mul/imul: rdx:rax = rax * b.  SDM vol. 2, MUL/IMUL. */
static void emit_widening_mul(TCGContext *s, TCGType type, X86Grp3 ext,
                              TCGReg b)
{
    X86Code c = x86_code(s);

    emit_modrm(&c, OPC_GRP3_Ev | x86_rexw(type), ext, b);
}

/* ct: d, a, q; clobbers rax.  d = high half of a * b */
void lower_muluh(TCGContext *s, TCGType type, const TCGArg *args,
                 const int *const_args)
{
    emit_widening_mul(s, type, EXT3_MUL, args[2]);
}

void lower_mulsh(TCGContext *s, TCGType type, const TCGArg *args,
                 const int *const_args)
{
    emit_widening_mul(s, type, EXT3_IMUL, args[2]);
}

/* ct: a, d, 0, q.  lo, hi = a * b */
void lower_mulu2(TCGContext *s, TCGType type, const TCGArg *args,
                 const int *const_args)
{
    emit_widening_mul(s, type, EXT3_MUL, args[3]);
}

void lower_muls2(TCGContext *s, TCGType type, const TCGArg *args,
                 const int *const_args)
{
    emit_widening_mul(s, type, EXT3_IMUL, args[3]);
}

/*
 * rax, rdx = rdx:rax / b, with rdx first set from rax: sign-extended
 * (cdq/cqo) for signed division, zeroed for unsigned.  B is neither rax
 * nor rdx (constraint 'q').
 */
static void emit_divide(TCGContext *s, TCGType type, bool is_signed, TCGReg b)
{
    X86Code c = x86_code(s);
    int rexw = x86_rexw(type);

    assert(b != X86_RAX && b != X86_RDX);
    if (is_signed) {
        emit_opc(&c, OPC_CWD_CDQ_CQO | rexw, 0, X86_NOREG, X86_NOREG);
    } else {
        emit_modrm(&c, OPC_XOR_GvEv, X86_RDX, X86_RDX);
    }
    emit_modrm(&c, OPC_GRP3_Ev | rexw, is_signed ? EXT3_IDIV : EXT3_DIV, b);
}

/* ct: a, 0, q; clobbers rdx */
void lower_div(TCGContext *s, TCGType type, const TCGArg *args,
               const int *const_args)
{
    emit_divide(s, type, true, args[2]);
}

void lower_divu(TCGContext *s, TCGType type, const TCGArg *args,
                const int *const_args)
{
    emit_divide(s, type, false, args[2]);
}

/* ct: d, a, q; clobbers rax */
void lower_rem(TCGContext *s, TCGType type, const TCGArg *args,
               const int *const_args)
{
    emit_divide(s, type, true, args[2]);
}

void lower_remu(TCGContext *s, TCGType type, const TCGArg *args,
                const int *const_args)
{
    emit_divide(s, type, false, args[2]);
}

/* -- Extensions and byte swaps --------------------------------------------- */

/* ct: r, r for all extensions. */
void lower_ext8s(TCGContext *s, TCGType type, const TCGArg *args,
                 const int *const_args)
{
    X86Code c = x86_code(s);

    emit_modrm(&c, OPC_MOVSBL_GvEb | x86_rexw(type), args[0], args[1]);
}

void lower_ext8u(TCGContext *s, TCGType type, const TCGArg *args,
                 const int *const_args)
{
    X86Code c = x86_code(s);

    emit_modrm(&c, OPC_MOVZBL_GvEb, args[0], args[1]);
}

void lower_ext16s(TCGContext *s, TCGType type, const TCGArg *args,
                  const int *const_args)
{
    X86Code c = x86_code(s);

    emit_modrm(&c, OPC_MOVSWL_GvEw | x86_rexw(type), args[0], args[1]);
}

void lower_ext16u(TCGContext *s, TCGType type, const TCGArg *args,
                  const int *const_args)
{
    X86Code c = x86_code(s);

    emit_modrm(&c, OPC_MOVZWL_GvEw, args[0], args[1]);
}

/* ext32s_i64, ext_i32_i64: movslq */
void lower_ext32s(TCGContext *s, TCGType type, const TCGArg *args,
                  const int *const_args)
{
    X86Code c = x86_code(s);

    emit_modrm(&c, OPC_MOVSXD_GvEd | P_REXW, args[0], args[1]);
}

/* ext32u_i64, extu_i32_i64, extrl_i64_i32: a 32-bit mov clears 63:32. */
void lower_ext32u(TCGContext *s, TCGType type, const TCGArg *args,
                  const int *const_args)
{
    X86Code c = x86_code(s);

    emit_mov_rr(&c, 0, args[0], args[1]);
}

/* ct: r, 0.  extrh_i64_i32: d = a >> 32 */
void lower_extrh(TCGContext *s, TCGType type, const TCGArg *args,
                 const int *const_args)
{
    X86Code c = x86_code(s);

    emit_shift_ri(&c, P_REXW, SHIFT_SHR, args[0], 32);
}

/* Apply the TCG_BSWAP_OS/OZ output flags to a swapped 16/32-bit value. */
static void emit_bswap_out(X86Code *c, TCGType type, TCGReg d, int bits,
                           unsigned flags)
{
    if (flags & TCG_BSWAP_OS) {
        if (bits == 16) {
            emit_modrm(c, OPC_MOVSWL_GvEw | x86_rexw(type), d, d);
        } else if (type == TCG_TYPE_I64) {
            emit_modrm(c, OPC_MOVSXD_GvEd | P_REXW, d, d);
        }
    } else if ((flags & TCG_BSWAP_OZ) && bits == 16) {
        emit_modrm(c, OPC_MOVZWL_GvEw, d, d);
    }
}

/* ct: r, 0.  rol $8 on the low word keeps bits above it (IZ: zero). */
void lower_bswap16(TCGContext *s, TCGType type, const TCGArg *args,
                   const int *const_args)
{
    X86Code c = x86_code(s);

    emit_modrm(&c, OPC_SHIFT_Ev_Ib | P_DATA16, SHIFT_ROL, args[0]);
    emit8(&c, 8);
    emit_bswap_out(&c, type, args[0], 16, args[2]);
}

/* ct: r, 0.  A 32-bit bswap zero-extends, which is OZ. */
void lower_bswap32(TCGContext *s, TCGType type, const TCGArg *args,
                   const int *const_args)
{
    X86Code c = x86_code(s);

    emit_opc(&c, OPC_BSWAP_r + (args[0] & 7), 0, args[0], X86_NOREG);
    emit_bswap_out(&c, type, args[0], 32, args[2]);
}

/* ct: r, 0 */
void lower_bswap64(TCGContext *s, TCGType type, const TCGArg *args,
                   const int *const_args)
{
    X86Code c = x86_code(s);

    emit_opc(&c, OPC_BSWAP_r + (args[0] & 7) + P_REXW, 0, args[0], X86_NOREG);
}

/* -- Bit counts ------------------------------------------------------------ */

/* d = z (register or constant), without touching flags. */
static void emit_mov_ri_or_rr(X86Code *c, TCGType type, TCGReg d, TCGArg z,
                              bool z_const)
{
    if (z_const) {
        emit_movi(c, d, type == TCG_TYPE_I32 ? (uint32_t)z : z, false);
    } else {
        x86_emit_mov(c, type, d, z);
    }
}

/*
 * clz/ctz d, x, z.  With LZCNT/TZCNT: the count (width for x == 0, CF
 * set) then cmovc from z unless z is the width ('W').  Without: BSR/BSF
 * leave the destination undefined and set ZF for x == 0 (SDM vol. 2,
 * BSF/BSR), so the count goes to the scratch register and is selected by
 * cmovnz; clz = (width - 1) ^ bsr for x != 0.
 * ct: &r, r, rW
 */
static void emit_bitcount(TCGContext *s, TCGType type, bool leading,
                          const TCGArg *args, const int *const_args)
{
    X86Code c = x86_code(s);
    TCGReg d = args[0], x = args[1];
    TCGArg z = args[2];
    bool z_const = const_args[2];
    int rexw = x86_rexw(type);
    int w1 = x86_width(type) - 1;

    if (leading ? x86_lower_features.lzcnt : x86_lower_features.bmi1) {
        emit_modrm(&c, (leading ? OPC_LZCNT_GvEv : OPC_TZCNT_GvEv) | rexw, d,
                   x);
        if (!z_const) {
            emit_modrm(&c, (OPC_CMOVCC_GvEv + JCC_B) | rexw, d, z);
        } else {
            assert((int64_t)z == w1 + 1);
        }
        return;
    }
    if (leading) {
        /* d = z ^ w1 first (flags are free here), then bsr. */
        emit_mov_ri_or_rr(&c, type, d, z, z_const);
        emit_arith_ri(&c, rexw, ARITH_XOR, d, w1);
        emit_modrm(&c, OPC_BSR_GvEv | rexw, X86_TMP_REG, x);
        emit_modrm(&c, (OPC_CMOVCC_GvEv + JCC_NE) | rexw, d, X86_TMP_REG);
        emit_arith_ri(&c, rexw, ARITH_XOR, d, w1);
    } else {
        emit_mov_ri_or_rr(&c, type, d, z, z_const);
        emit_modrm(&c, OPC_BSF_GvEv | rexw, X86_TMP_REG, x);
        emit_modrm(&c, (OPC_CMOVCC_GvEv + JCC_NE) | rexw, d, X86_TMP_REG);
    }
}

void lower_clz(TCGContext *s, TCGType type, const TCGArg *args,
               const int *const_args)
{
    emit_bitcount(s, type, true, args, const_args);
}

void lower_ctz(TCGContext *s, TCGType type, const TCGArg *args,
               const int *const_args)
{
    emit_bitcount(s, type, false, args, const_args);
}

/* ct: r, r (present only with POPCNT) */
void lower_ctpop(TCGContext *s, TCGType type, const TCGArg *args,
                 const int *const_args)
{
    X86Code c = x86_code(s);

    emit_modrm(&c, OPC_POPCNT_GvEv | x86_rexw(type), args[0], args[1]);
}

/* -- Bit fields ------------------------------------------------------------ */

/*
 * ct: r, 0, r.  deposit d, base, field, pos, len.  Byte and word fields
 * at bit 0 are partial-register moves.  Otherwise, with no scratch mask:
 *   ror $pos, d           the field's place is now bits [0, len)
 *   shrd $len, f, d       drop those bits, shift in f's low len bits on top
 *   rol $(pos + len), d   f's bits land at [pos, pos + len)
 */
void lower_deposit(TCGContext *s, TCGType type, const TCGArg *args,
                   const int *const_args)
{
    X86Code c = x86_code(s);
    TCGReg d = args[0], f = args[2];
    int pos = args[3], len = args[4];
    int w = x86_width(type), rexw = x86_rexw(type);

    if (pos == 0 && len == 8) {
        emit_modrm(&c, OPC_MOVB_GbEb, d, f);
        return;
    }
    if (pos == 0 && len == 16) {
        emit_modrm(&c, OPC_MOV_GvEv | P_DATA16, d, f);
        return;
    }
    if (len == w) {
        x86_emit_mov(&c, type, d, f);
        return;
    }
    if (f == d) {
        /* Field and base are one value: keep a copy before rotating. */
        emit_mov_rr(&c, rexw, X86_TMP_REG, f);
        f = X86_TMP_REG;
    }
    if (pos) {
        emit_shift_ri(&c, rexw, SHIFT_ROR, d, pos);
    }
    emit_modrm(&c, OPC_SHRD_EvGvIb | rexw, f, d);
    emit8(&c, len);
    if ((pos + len) % w) {
        emit_shift_ri(&c, rexw, SHIFT_ROL, d, (pos + len) % w);
    }
}

/* ct: r, r.  Unsigned extract by zero-extending moves or two shifts. */
void lower_extract(TCGContext *s, TCGType type, const TCGArg *args,
                   const int *const_args)
{
    X86Code c = x86_code(s);
    TCGReg d = args[0], x = args[1];
    int pos = args[2], len = args[3];
    int w = x86_width(type), rexw = x86_rexw(type);

    if (pos == 0 && len == 8) {
        emit_modrm(&c, OPC_MOVZBL_GvEb, d, x);
    } else if (pos == 0 && len == 16) {
        emit_modrm(&c, OPC_MOVZWL_GvEw, d, x);
    } else if (pos == 0 && len == 32) {
        emit_mov_rr(&c, 0, d, x);
    } else if (pos + len == w) {
        x86_emit_mov(&c, type, d, x);
        if (pos) {
            emit_shift_ri(&c, rexw, SHIFT_SHR, d, pos);
        }
    } else if (pos == 0 && len < 32 && type == TCG_TYPE_I64) {
        x86_emit_mov(&c, type, d, x);
        emit_arith_ri(&c, 0, ARITH_AND, d, (int32_t)((1u << len) - 1));
    } else {
        x86_emit_mov(&c, type, d, x);
        emit_shift_ri(&c, rexw, SHIFT_SHL, d, w - pos - len);
        emit_shift_ri(&c, rexw, SHIFT_SHR, d, w - len);
    }
}

/* ct: r, r.  Signed extract by sign-extending moves or shl + sar. */
void lower_sextract(TCGContext *s, TCGType type, const TCGArg *args,
                    const int *const_args)
{
    X86Code c = x86_code(s);
    TCGReg d = args[0], x = args[1];
    int pos = args[2], len = args[3];
    int w = x86_width(type), rexw = x86_rexw(type);

    if (pos == 0 && len == 8) {
        emit_modrm(&c, OPC_MOVSBL_GvEb | rexw, d, x);
    } else if (pos == 0 && len == 16) {
        emit_modrm(&c, OPC_MOVSWL_GvEw | rexw, d, x);
    } else if (pos == 0 && len == 32 && type == TCG_TYPE_I64) {
        emit_modrm(&c, OPC_MOVSXD_GvEd | P_REXW, d, x);
    } else {
        x86_emit_mov(&c, type, d, x);
        if (pos + len < w) {
            emit_shift_ri(&c, rexw, SHIFT_SHL, d, w - pos - len);
        }
        if (len < w) {
            emit_shift_ri(&c, rexw, SHIFT_SAR, d, w - len);
        }
    }
}

/* ct: r, 0, r.  d = (hi:lo) >> pos, one shrd. */
void lower_extract2(TCGContext *s, TCGType type, const TCGArg *args,
                    const int *const_args)
{
    X86Code c = x86_code(s);
    int pos = args[3];

    if (pos) {
        emit_modrm(&c, OPC_SHRD_EvGvIb | x86_rexw(type), args[2], args[0]);
        emit8(&c, pos);
    }
}

/* -- Comparisons ----------------------------------------------------------- */

/* d = cond(a, b) ? 1 : 0.  ct: r, r, re */
static void emit_setcond(X86Code *c, TCGType type, const TCGArg *args,
                         const int *const_args)
{
    TCGReg d = args[0], a = args[1];
    TCGCond cond = args[3];
    bool pre_zero;

    if (cond == TCG_COND_ALWAYS || cond == TCG_COND_NEVER) {
        emit_movi(c, d, cond == TCG_COND_ALWAYS, true);
        return;
    }
    /* Zeroing d before the compare saves the movzbl after setcc, but only
     * when d holds no input. */
    pre_zero = d != a && (const_args[2] || d != (TCGReg)args[2]);
    if (pre_zero) {
        emit_modrm(c, OPC_XOR_GvEv, d, d);
    }
    x86_emit_cmp(c, type, cond, a, args[2], const_args[2]);
    emit_modrm(c, OPC_SETCC_Eb + x86_cond(cond), 0, d);
    if (!pre_zero) {
        emit_modrm(c, OPC_MOVZBL_GvEb, d, d);
    }
}

void lower_setcond(TCGContext *s, TCGType type, const TCGArg *args,
                   const int *const_args)
{
    X86Code c = x86_code(s);

    emit_setcond(&c, type, args, const_args);
}

/* d = cond(a, b) ? -1 : 0 */
void lower_negsetcond(TCGContext *s, TCGType type, const TCGArg *args,
                      const int *const_args)
{
    X86Code c = x86_code(s);

    emit_setcond(&c, type, args, const_args);
    emit_modrm(&c, OPC_GRP3_Ev | x86_rexw(type), EXT3_NEG, args[0]);
}

/* ct: r, r, re, r, 0.  d = cond(c1, c2) ? v1 : v2 (d holds v2). */
void lower_movcond(TCGContext *s, TCGType type, const TCGArg *args,
                   const int *const_args)
{
    X86Code c = x86_code(s);
    TCGReg d = args[0];
    TCGCond cond = args[5];

    if (cond == TCG_COND_ALWAYS) {
        x86_emit_mov(&c, type, d, args[3]);
        return;
    }
    if (cond == TCG_COND_NEVER) {
        return;
    }
    x86_emit_cmp(&c, type, cond, args[1], args[2], const_args[2]);
    emit_modrm(&c, (OPC_CMOVCC_GvEv + x86_cond(cond)) | x86_rexw(type), d,
               args[3]);
}
