/*
 * Emitters of the shift and rotate family: SHL/SAL, SHR, SAR, ROL, ROR,
 * RCL, RCR (group 2), SHLD, SHRD, and the flagless BMI2 forms SHLX, SHRX,
 * SARX, RORX.
 *
 * Counts are masked as the SDM says (5 bits, 6 with a 64-bit operand).  A
 * masked count of 0 leaves the flags alone but still writes the
 * destination (so a 32-bit register is zero-extended, as on the host).
 * With an immediate count that is known here; with CL the flag update is
 * branched over at run time, after which the cc_op is only known to the
 * cpu_cc_op global (s->cc_op = CC_OP_DYNAMIC).
 *
 * Flags the SDM leaves undefined follow the host (an Intel core): O for
 * counts above 1 is the O of the first one-bit step, A is 0 (cc-op.def,
 * SHL/SHR/SAR rows), and 16-bit SHLD/SHRD with a count above 16 shift the
 * 48-bit value dest:src:dest, as Intel cores do.
 *
 * Invariant: the destination is stored before any flag state changes, so
 * a faulting store leaves the flags of the instruction start.
 */
#include "target/i386/helper.h"
#include "target/i386/translate.h"

/* The SDM's count mask: 0x1f, or 0x3f for a 64-bit operand. */
static unsigned count_mask(MemOp ot)
{
    return ot == MO_64 ? 63 : 31;
}

static uint64_t width_mask(MemOp ot)
{
    return ot == MO_64 ? ~(uint64_t)0 : ((uint64_t)1 << (8 << ot)) - 1;
}

/*
 * The count operand I of D: *CONST_COUNT = true and the masked count in
 * *IMM for an immediate (or the constant 1), else the masked CL in CNT.
 */
static bool load_count(DisasContext *s, X86DecodedInsn *d, int i, MemOp ot,
                       TCGv_i64 cnt, unsigned *imm)
{
    if (d->op[i].kind == X86_OP_IMM) {
        *imm = (unsigned)d->imm & count_mask(ot);
        tcg_gen_movi_i64(cnt, *imm);
        return true;
    }
    gen_load_op(s, d, i, cnt);
    tcg_gen_andi_i64(cnt, cnt, count_mask(ot));
    return false;
}

/*
 * Record flags for a shift by CNT: cc_dst = RES, cc_src = SRC, cc_src2 =
 * SRC2 (if given), cc_op = OP.  A constant zero count records nothing; a
 * run-time count branches over the update when it is zero.
 */
static void set_shift_cc(DisasContext *s, bool const_count, unsigned imm,
                         TCGv_i64 cnt, CCOp op, TCGv_i64 res, TCGv_i64 src,
                         TCGv_i64 src2)
{
    TCGLabel *skip;

    if (const_count) {
        if (imm == 0) {
            return;
        }
        tcg_gen_mov_i64(cpu_cc_dst, res);
        tcg_gen_mov_i64(cpu_cc_src, src);
        if (src2) {
            tcg_gen_mov_i64(cpu_cc_src2, src2);
        }
        set_cc_op(s, op);
        return;
    }
    gen_update_cc_op(s);
    skip = gen_new_label();
    tcg_gen_brcondi_i64(TCG_COND_EQ, cnt, 0, skip);
    tcg_gen_mov_i64(cpu_cc_dst, res);
    tcg_gen_mov_i64(cpu_cc_src, src);
    if (src2) {
        tcg_gen_mov_i64(cpu_cc_src2, src2);
    }
    tcg_gen_movi_i32(cpu_cc_op, op);
    tcg_gen_set_label(skip);
    s->cc_op = CC_OP_DYNAMIC;
    s->cc_op_dirty = false;
}

/*
 * Rotates: C = C (0/1) and O = O (0/1; NULL: O unchanged), the other flags
 * unchanged, unless the (run-time, when !CONST_COUNT) count CNT is zero.
 */
static void set_co_flags(DisasContext *s, bool const_count, TCGv_i64 cnt,
                         TCGv_i64 c, TCGv_i64 o)
{
    TCGv_i64 f = tcg_temp_new_i64();
    TCGLabel *skip = NULL;

    if (!const_count) {
        gen_update_cc_op(s);
        skip = gen_new_label();
        tcg_gen_brcondi_i64(TCG_COND_EQ, cnt, 0, skip);
    }
    gen_compute_eflags(s, f);
    tcg_gen_andi_i64(f, f, ~(uint64_t)CC_C);
    tcg_gen_or_i64(cpu_cc_src, f, c);
    if (o) {
        tcg_gen_deposit_i64(cpu_cc_src, cpu_cc_src, o, 11, 1);
    }
    if (const_count) {
        set_cc_op(s, CC_OP_EFLAGS);
        return;
    }
    tcg_gen_movi_i32(cpu_cc_op, CC_OP_EFLAGS);
    tcg_gen_set_label(skip);
    s->cc_op = CC_OP_DYNAMIC;
    s->cc_op_dirty = false;
}

/* -- SHL, SHR, SAR --------------------------------------------------------- */

typedef enum ShiftKind { SHIFT_SHL, SHIFT_SHR, SHIFT_SAR } ShiftKind;

static void gen_shift(DisasContext *s, X86DecodedInsn *d, ShiftKind k)
{
    static const CCOp first[] = {
        [SHIFT_SHL] = CC_OP_SHLB,
        [SHIFT_SHR] = CC_OP_SHRB,
        [SHIFT_SAR] = CC_OP_SARB,
    };
    MemOp ot = d->op[0].ot;
    TCGv_i64 val = tcg_temp_new_i64(), cnt = tcg_temp_new_i64();
    TCGv_i64 cm1 = tcg_temp_new_i64(), res = tcg_temp_new_i64();
    TCGv_i64 src = tcg_temp_new_i64();
    unsigned imm = 0;
    bool konst;

    gen_load_op(s, d, 0, val);
    if (k == SHIFT_SAR) {
        gen_extend(ot, true, val, val);
    }
    konst = load_count(s, d, 1, ot, cnt, &imm);
    /* The operand shifted by count - 1 gives C (and is unused for 0). */
    tcg_gen_subi_i64(cm1, cnt, 1);
    tcg_gen_andi_i64(cm1, cm1, 63);
    switch (k) {
    case SHIFT_SHL:
        tcg_gen_shl_i64(res, val, cnt);
        tcg_gen_shl_i64(src, val, cm1);
        break;
    case SHIFT_SHR:
        tcg_gen_shr_i64(res, val, cnt);
        tcg_gen_shr_i64(src, val, cm1);
        break;
    case SHIFT_SAR:
        tcg_gen_sar_i64(res, val, cnt);
        tcg_gen_sar_i64(src, val, cm1);
        break;
    }
    gen_store_op(s, d, 0, res);
    set_shift_cc(s, konst, imm, cnt, (CCOp)(first[k] + ot), res, src,
                 k == SHIFT_SAR ? NULL : val);
}

void gen_SHL(DisasContext *s, X86DecodedInsn *d)
{
    gen_shift(s, d, SHIFT_SHL);
}
void gen_SHR(DisasContext *s, X86DecodedInsn *d)
{
    gen_shift(s, d, SHIFT_SHR);
}
void gen_SAR(DisasContext *s, X86DecodedInsn *d)
{
    gen_shift(s, d, SHIFT_SAR);
}

/* -- ROL, ROR -------------------------------------------------------------- */

/* RES = VAL (zero-extended, width OT) rotated by N (0 .. width - 1). */
static void gen_rotate(MemOp ot, bool right, TCGv_i64 res, TCGv_i64 val,
                       TCGv_i64 n)
{
    unsigned bits = 8u << ot;
    TCGv_i64 t, sh;

    if (ot == MO_64) {
        (right ? tcg_gen_rotr_i64 : tcg_gen_rotl_i64)(res, val, n);
        return;
    }
    /* Two copies side by side; the window at the right offset is the
     * rotation (rol n: offset bits - n; ror n: offset n). */
    t = tcg_temp_new_i64();
    tcg_gen_shli_i64(t, val, bits);
    tcg_gen_or_i64(t, t, val);
    if (right) {
        tcg_gen_shr_i64(res, t, n);
    } else {
        sh = tcg_temp_new_i64();
        tcg_gen_subfi_i64(sh, bits, n);
        tcg_gen_shr_i64(res, t, sh);
    }
    tcg_gen_andi_i64(res, res, width_mask(ot));
}

/*
 * ROL/ROR change C and O only (SDM vol. 2B, RCL/RCR/ROL/ROR): C is the bit
 * rotated last into the other end, O the O of a one-bit rotation (defined
 * for a count of 1; Intel cores give it for every non-zero count).  Both
 * are updated whenever the masked count is non-zero, even when it is a
 * multiple of the width.  Except: with a register destination and an
 * immediate count other than 1, Intel cores leave O unchanged (the CL and
 * memory forms do not), and so does this.
 */
static void gen_rot(DisasContext *s, X86DecodedInsn *d, bool right)
{
    MemOp ot = d->op[0].ot;
    unsigned bits = 8u << ot, imm = 0;
    TCGv_i64 val = tcg_temp_new_i64(), cnt = tcg_temp_new_i64();
    TCGv_i64 n = tcg_temp_new_i64(), res = tcg_temp_new_i64();
    TCGv_i64 c = tcg_temp_new_i64(), o = tcg_temp_new_i64();
    bool konst;

    gen_load_op(s, d, 0, val);
    konst = load_count(s, d, 1, ot, cnt, &imm);
    tcg_gen_andi_i64(n, cnt, bits - 1);
    gen_rotate(ot, right, res, val, n);
    gen_store_op(s, d, 0, res);
    if (konst && imm == 0) {
        return;
    }
    if (right) {
        /* C = msb(result); O = lsb(operand) ^ msb(operand). */
        tcg_gen_shri_i64(c, res, bits - 1);
        tcg_gen_shli_i64(o, val, bits - 1);
        tcg_gen_xor_i64(o, o, val);
    } else {
        /* C = lsb(result); O = msb(operand) ^ the bit below it. */
        tcg_gen_andi_i64(c, res, 1);
        tcg_gen_shli_i64(o, val, 1);
        tcg_gen_xor_i64(o, o, val);
    }
    tcg_gen_extract_i64(o, o, bits - 1, 1);
    set_co_flags(s, konst, cnt, c,
                 konst && imm != 1 && d->op[0].kind == X86_OP_REG ? NULL : o);
}

void gen_ROL(DisasContext *s, X86DecodedInsn *d)
{
    gen_rot(s, d, false);
}
void gen_ROR(DisasContext *s, X86DecodedInsn *d)
{
    gen_rot(s, d, true);
}

/* -- RCL, RCR -------------------------------------------------------------- */

/*
 * RCL/RCR rotate the width + 1 bits CF:dest (a pure helper computes the
 * result).  The count is the masked count modulo width + 1; when that is
 * 0 nothing changes, flags included (as the host does for 8-bit RCL by 9).
 * C is the bit rotated into it last; O is the O of a one-bit step:
 * msb(dest) ^ the bit below it (RCL), msb(dest) ^ CF (RCR).
 */
static void gen_rcx(DisasContext *s, X86DecodedInsn *d, bool right)
{
    MemOp ot = d->op[0].ot;
    unsigned bits = 8u << ot, imm = 0;
    TCGv_i64 val = tcg_temp_new_i64(), cnt = tcg_temp_new_i64();
    TCGv_i64 cin = tcg_temp_new_i64(), res = tcg_temp_new_i64();
    TCGv_i64 c = tcg_temp_new_i64(), o = tcg_temp_new_i64();
    TCGv_i64 sh = tcg_temp_new_i64();
    bool konst;

    gen_load_op(s, d, 0, val);
    konst = load_count(s, d, 1, ot, cnt, &imm);
    if (bits < 32) {
        imm %= bits + 1;
        tcg_gen_remu_i64(cnt, cnt, tcg_constant_i64(bits + 1));
    }
    gen_compute_c(s, cin);
    tcg_gen_call4(right ? &helper_info_rcr : &helper_info_rcl, res, val, cnt,
                  cin, tcg_constant_i32(ot));
    gen_store_op(s, d, 0, res);
    if (konst && imm == 0) {
        return;
    }
    if (right) {
        /* C = bit n - 1 of dest. */
        tcg_gen_subi_i64(sh, cnt, 1);
        tcg_gen_andi_i64(sh, sh, 63);
        tcg_gen_shr_i64(c, val, sh);
        tcg_gen_shli_i64(o, cin, bits - 1);
    } else {
        /* C = bit width - n of dest. */
        tcg_gen_subfi_i64(sh, bits, cnt);
        tcg_gen_andi_i64(sh, sh, 63);
        tcg_gen_shr_i64(c, val, sh);
        tcg_gen_shli_i64(o, val, 1);
    }
    tcg_gen_andi_i64(c, c, 1);
    tcg_gen_xor_i64(o, o, val);
    tcg_gen_extract_i64(o, o, bits - 1, 1);
    set_co_flags(s, konst, cnt, c, o);
}

void gen_RCL(DisasContext *s, X86DecodedInsn *d)
{
    gen_rcx(s, d, false);
}
void gen_RCR(DisasContext *s, X86DecodedInsn *d)
{
    gen_rcx(s, d, true);
}

/* -- SHLD, SHRD ------------------------------------------------------------ */

/*
 * SHLD dest, src, n: dest = the top of dest:src shifted left by n.  Flags
 * as SHL (C = the last bit out of dest, O from dest's top two bits); for
 * 16-bit operands Intel shifts dest:src:dest, so counts 17-31 bring dest's
 * own bits back in.
 */
void gen_SHLD(DisasContext *s, X86DecodedInsn *d)
{
    MemOp ot = d->op[0].ot;
    TCGv_i64 a = tcg_temp_new_i64(), b = tcg_temp_new_i64();
    TCGv_i64 cnt = tcg_temp_new_i64(), cm1 = tcg_temp_new_i64();
    TCGv_i64 res = tcg_temp_new_i64(), src = tcg_temp_new_i64();
    TCGv_i64 t = tcg_temp_new_i64(), sh = tcg_temp_new_i64();
    unsigned imm = 0;
    bool konst;

    gen_load_op(s, d, 0, a);
    gen_load_op(s, d, 1, b);
    konst = load_count(s, d, 2, ot, cnt, &imm);
    tcg_gen_subi_i64(cm1, cnt, 1);
    tcg_gen_andi_i64(cm1, cm1, 63);
    if (ot == MO_64) {
        /* res(n) = a << n | (b >> 1) >> (63 - n), right for n = 0 too. */
        tcg_gen_shri_i64(t, b, 1);
        tcg_gen_subfi_i64(sh, 63, cnt);
        tcg_gen_shr_i64(res, t, sh);
        tcg_gen_shl_i64(sh, a, cnt);
        tcg_gen_or_i64(res, res, sh);
        tcg_gen_shl_i64(src, a, cm1);
    } else {
        /* t = dest:src (32-bit) or dest:src:dest (16-bit), dest at bit
         * 32; the result is the 16/32 bits at 32 - n. */
        tcg_gen_shli_i64(t, a, 32);
        if (ot == MO_16) {
            tcg_gen_shli_i64(sh, b, 16);
            tcg_gen_or_i64(t, t, sh);
            tcg_gen_or_i64(t, t, a);
        } else {
            tcg_gen_or_i64(t, t, b);
        }
        tcg_gen_subfi_i64(sh, 32, cnt);
        tcg_gen_shr_i64(res, t, sh);
        gen_extend(ot, false, res, res);
        tcg_gen_subfi_i64(sh, 32, cm1);
        tcg_gen_andi_i64(sh, sh, 63);
        tcg_gen_shr_i64(src, t, sh);
    }
    gen_store_op(s, d, 0, res);
    set_shift_cc(s, konst, imm, cnt, (CCOp)(CC_OP_SHLB + ot), res, src, a);
}

/*
 * SHRD dest, src, n: dest = the bottom of src:dest shifted right by n.
 * Flags as SHR: C = the last bit out of dest, O = msb(dest) ^ lsb(src)
 * (the O of a one-bit step); 16-bit operands shift dest:src:dest.
 */
void gen_SHRD(DisasContext *s, X86DecodedInsn *d)
{
    MemOp ot = d->op[0].ot;
    unsigned bits = 8u << ot, imm = 0;
    TCGv_i64 a = tcg_temp_new_i64(), b = tcg_temp_new_i64();
    TCGv_i64 cnt = tcg_temp_new_i64(), cm1 = tcg_temp_new_i64();
    TCGv_i64 res = tcg_temp_new_i64(), src = tcg_temp_new_i64();
    TCGv_i64 t = tcg_temp_new_i64(), sh = tcg_temp_new_i64();
    TCGv_i64 o = tcg_temp_new_i64();
    bool konst;

    gen_load_op(s, d, 0, a);
    gen_load_op(s, d, 1, b);
    konst = load_count(s, d, 2, ot, cnt, &imm);
    tcg_gen_subi_i64(cm1, cnt, 1);
    tcg_gen_andi_i64(cm1, cm1, 63);
    if (ot == MO_64) {
        /* res(n) = a >> n | (b << 1) << (63 - n), right for n = 0 too. */
        tcg_gen_shli_i64(t, b, 1);
        tcg_gen_subfi_i64(sh, 63, cnt);
        tcg_gen_shl_i64(res, t, sh);
        tcg_gen_shr_i64(sh, a, cnt);
        tcg_gen_or_i64(res, res, sh);
        tcg_gen_shr_i64(src, a, cm1);
    } else {
        /* t = src:dest (32-bit) or dest:src:dest (16-bit), dest at 0. */
        tcg_gen_shli_i64(t, b, bits);
        tcg_gen_or_i64(t, t, a);
        if (ot == MO_16) {
            tcg_gen_shli_i64(sh, a, 32);
            tcg_gen_or_i64(t, t, sh);
        }
        tcg_gen_shr_i64(res, t, cnt);
        gen_extend(ot, false, res, res);
        tcg_gen_shr_i64(src, t, cm1);
    }
    tcg_gen_shli_i64(o, b, bits - 1);
    tcg_gen_xor_i64(o, o, a);
    gen_store_op(s, d, 0, res);
    set_shift_cc(s, konst, imm, cnt, (CCOp)(CC_OP_SHRB + ot), res, src, o);
}

/* -- BMI2: SHLX, SHRX, SARX, RORX (no flags) ------------------------------- */

typedef enum ShiftXKind { SHX_SHL, SHX_SHR, SHX_SAR } ShiftXKind;

/* G = E shifted by B modulo the width; flags unaffected. */
static void gen_shiftx(DisasContext *s, X86DecodedInsn *d, ShiftXKind k)
{
    MemOp ot = d->op[0].ot;
    TCGv_i64 val = tcg_temp_new_i64(), cnt = tcg_temp_new_i64();

    gen_load_op(s, d, 1, val);
    gen_load_op(s, d, 2, cnt);
    tcg_gen_andi_i64(cnt, cnt, (8u << ot) - 1);
    switch (k) {
    case SHX_SHL:
        tcg_gen_shl_i64(val, val, cnt);
        break;
    case SHX_SHR:
        tcg_gen_shr_i64(val, val, cnt);
        break;
    case SHX_SAR:
        gen_extend(ot, true, val, val);
        tcg_gen_sar_i64(val, val, cnt);
        break;
    }
    gen_store_op(s, d, 0, val);
}

void gen_SHLX(DisasContext *s, X86DecodedInsn *d)
{
    gen_shiftx(s, d, SHX_SHL);
}
void gen_SHRX(DisasContext *s, X86DecodedInsn *d)
{
    gen_shiftx(s, d, SHX_SHR);
}
void gen_SARX(DisasContext *s, X86DecodedInsn *d)
{
    gen_shiftx(s, d, SHX_SAR);
}

void gen_RORX(DisasContext *s, X86DecodedInsn *d)
{
    MemOp ot = d->op[0].ot;
    TCGv_i64 val = tcg_temp_new_i64(), res = tcg_temp_new_i64();

    gen_load_op(s, d, 1, val);
    gen_rotate(ot, true, res, val,
               tcg_constant_i64((uint64_t)d->imm & ((8u << ot) - 1)));
    gen_store_op(s, d, 0, res);
}
