/*
 * Emitters of the bit family: BT, BTS, BTR, BTC; BSF, BSR; POPCNT, LZCNT,
 * TZCNT; the BMI1/BMI2 bit-field instructions ANDN, BEXTR, BLSI, BLSMSK,
 * BLSR, BZHI, PDEP, PEXT; BSWAP.
 *
 * Flags the SDM leaves undefined follow the host (an Intel core): BT*
 * change CF only; BSF/BSR set S = O = A = C = 0 and P from the result
 * (Z|P for a zero source); LZCNT, TZCNT and the BMI forms clear O, A and P
 * (CC_OP_BMILG).  tests/x86/test-isa-host.c checks these on the host.
 *
 * LOCK (BTS/BTR/BTC with a memory destination) is accepted by the
 * decoder and needs nothing here: all vCPUs run round-robin on one host
 * thread, so a read-modify-write of guest memory is atomic already.
 *
 * Invariant: memory is read and written before any flag state changes,
 * so a faulting access leaves the flags of the instruction start.
 */
#include "target/i386/helper.h"
#include "target/i386/translate.h"

/* -- BT, BTS, BTR, BTC ----------------------------------------------------- */

typedef enum BtOp { BT_TEST, BT_SET, BT_RESET, BT_COMPLEMENT } BtOp;

/*
 * With a memory operand and a register bit offset, the offset is signed
 * and reaches beyond the operand (SDM vol. 2A, BT): the operand used is
 * the one at EA + (offset >> log2(width)) * width / 8, the address
 * computed at the address size before the segment base is added.
 */
static void gen_bt_address(DisasContext *s, X86DecodedInsn *d, MemOp ot,
                           TCGv_i64 off)
{
    TCGv_i64 ea = tcg_temp_new_i64(), disp = tcg_temp_new_i64();

    gen_extend(ot, true, disp, off);
    tcg_gen_sari_i64(disp, disp, 3 + ot);
    tcg_gen_shli_i64(disp, disp, ot);
    gen_lea_ea(s, d, ea);
    tcg_gen_add_i64(ea, ea, disp);
    s->A0 = tcg_temp_new_i64();
    gen_add_seg(s, s->A0, ea, d->ea.seg, d->aflag);
}

static void gen_bt(DisasContext *s, X86DecodedInsn *d, BtOp op)
{
    MemOp ot = d->op[0].ot;
    TCGv_i64 val = tcg_temp_new_i64(), off = tcg_temp_new_i64();
    TCGv_i64 cf = tcg_temp_new_i64(), mask = tcg_temp_new_i64();

    gen_load_op(s, d, 1, off);
    if (d->op[0].kind == X86_OP_MEM && d->op[1].kind == X86_OP_REG) {
        gen_bt_address(s, d, ot, off);
    }
    tcg_gen_andi_i64(off, off, (8u << ot) - 1);
    gen_load_op(s, d, 0, val);
    tcg_gen_shr_i64(cf, val, off);
    tcg_gen_andi_i64(cf, cf, 1);
    if (op != BT_TEST) {
        tcg_gen_shl_i64(mask, tcg_constant_i64(1), off);
        switch (op) {
        case BT_SET:
            tcg_gen_or_i64(val, val, mask);
            break;
        case BT_RESET:
            tcg_gen_andc_i64(val, val, mask);
            break;
        default:
            tcg_gen_xor_i64(val, val, mask);
            break;
        }
        gen_store_op(s, d, 0, val);
    }
    /* CF = the bit; the other flags are unchanged on the host. */
    gen_flags_to_eflags(s);
    tcg_gen_andi_i64(cpu_cc_src, cpu_cc_src, ~(uint64_t)CC_C);
    tcg_gen_or_i64(cpu_cc_src, cpu_cc_src, cf);
}

void gen_BT(DisasContext *s, X86DecodedInsn *d)
{
    gen_bt(s, d, BT_TEST);
}
void gen_BTS(DisasContext *s, X86DecodedInsn *d)
{
    gen_bt(s, d, BT_SET);
}
void gen_BTR(DisasContext *s, X86DecodedInsn *d)
{
    gen_bt(s, d, BT_RESET);
}
void gen_BTC(DisasContext *s, X86DecodedInsn *d)
{
    gen_bt(s, d, BT_COMPLEMENT);
}

/* -- BSF, BSR -------------------------------------------------------------- */

/*
 * A zero source leaves the destination register unchanged, all 64 bits
 * of it (also for a 32-bit operand: no zero-extension, as on the host),
 * and sets Z.  Flags: Z = (source == 0), P from the result (from 0 for a
 * zero source), S = O = A = C = 0.  They are recorded as LOGIC of the
 * result with bit 8 set (neither a sign bit nor in P's byte) so Z is 0.
 */
static void gen_bsx(DisasContext *s, X86DecodedInsn *d, bool reverse)
{
    MemOp ot = d->op[0].ot;
    int reg = d->op[0].reg;
    TCGv_i64 src = tcg_temp_new_i64(), res = tcg_temp_new_i64();
    TCGv_i64 flags_val = tcg_temp_new_i64(), zero = tcg_constant_i64(0);

    gen_load_op(s, d, 1, src);
    if (reverse) {
        tcg_gen_clzi_i64(res, src, 64);
        tcg_gen_xori_i64(res, res, 63);
    } else {
        tcg_gen_ctzi_i64(res, src, 64);
    }
    if (ot == MO_16) {
        TCGv_i64 old = tcg_temp_new_i64();

        gen_read_reg(old, reg, ot, false);
        tcg_gen_movcond_i64(TCG_COND_EQ, res, src, zero, old, res);
        gen_write_reg(reg, ot, false, res);
    } else {
        tcg_gen_movcond_i64(TCG_COND_EQ, cpu_regs[reg], src, zero,
                            cpu_regs[reg], res);
    }
    tcg_gen_ori_i64(flags_val, res, 0x100);
    tcg_gen_movcond_i64(TCG_COND_EQ, cpu_cc_dst, src, zero, zero, flags_val);
    set_cc_op(s, (CCOp)(CC_OP_LOGICB + ot));
}

void gen_BSF(DisasContext *s, X86DecodedInsn *d)
{
    gen_bsx(s, d, false);
}
void gen_BSR(DisasContext *s, X86DecodedInsn *d)
{
    gen_bsx(s, d, true);
}

/* -- POPCNT, LZCNT, TZCNT -------------------------------------------------- */

/* Record RES with CF = CF for the BMILG rows at width OT. */
static void set_bmilg(DisasContext *s, MemOp ot, TCGv_i64 res, TCGv_i64 cf)
{
    tcg_gen_mov_i64(cpu_cc_dst, res);
    tcg_gen_mov_i64(cpu_cc_src, cf);
    set_cc_op(s, (CCOp)(CC_OP_BMILGB + ot));
}

void gen_POPCNT(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 src = tcg_temp_new_i64(), res = tcg_temp_new_i64();

    gen_load_op(s, d, 1, src);
    tcg_gen_ctpop_i64(res, src);
    gen_store_op(s, d, 0, res);
    tcg_gen_mov_i64(cpu_cc_src, src);
    set_cc_op(s, CC_OP_POPCNT);
}

/* LZCNT/TZCNT: the width for a zero source; C = (source == 0). */
static void gen_xzcnt(DisasContext *s, X86DecodedInsn *d, bool leading)
{
    MemOp ot = d->op[0].ot;
    unsigned bits = 8u << ot;
    TCGv_i64 src = tcg_temp_new_i64(), res = tcg_temp_new_i64();
    TCGv_i64 cf = tcg_temp_new_i64();

    gen_load_op(s, d, 1, src);
    if (leading) {
        tcg_gen_clzi_i64(res, src, 64);
        tcg_gen_subi_i64(res, res, 64 - bits);
    } else {
        tcg_gen_ctzi_i64(res, src, bits);
    }
    gen_store_op(s, d, 0, res);
    tcg_gen_setcondi_i64(TCG_COND_EQ, cf, src, 0);
    set_bmilg(s, ot, res, cf);
}

void gen_LZCNT(DisasContext *s, X86DecodedInsn *d)
{
    gen_xzcnt(s, d, true);
}
void gen_TZCNT(DisasContext *s, X86DecodedInsn *d)
{
    gen_xzcnt(s, d, false);
}

/* -- BMI1 / BMI2 ----------------------------------------------------------- */

/* ANDN G, B, E: G = ~B & E; C = O = 0. */
void gen_ANDN(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 a = tcg_temp_new_i64(), b = tcg_temp_new_i64();

    gen_load_op(s, d, 1, a);
    gen_load_op(s, d, 2, b);
    tcg_gen_andc_i64(a, b, a);
    gen_store_op(s, d, 0, a);
    set_bmilg(s, d->op[0].ot, a, tcg_constant_i64(0));
}

/*
 * BEXTR G, E, B: G = E[start + len - 1 : start] with start = B[7:0] and
 * len = B[15:8]; bits past the operand read as 0.  Z from the result,
 * C = O = S = 0.
 */
void gen_BEXTR(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 val = tcg_temp_new_i64(), ctl = tcg_temp_new_i64();
    TCGv_i64 start = tcg_temp_new_i64(), len = tcg_temp_new_i64();
    TCGv_i64 t = tcg_temp_new_i64(), mask = tcg_temp_new_i64();
    TCGv_i64 zero = tcg_constant_i64(0);

    gen_load_op(s, d, 1, val);
    gen_load_op(s, d, 2, ctl);
    tcg_gen_extract_i64(start, ctl, 0, 8);
    tcg_gen_extract_i64(len, ctl, 8, 8);
    /* The source is zero-extended: a start of 64 or more leaves 0. */
    tcg_gen_andi_i64(t, start, 63);
    tcg_gen_shr_i64(t, val, t);
    tcg_gen_movcond_i64(TCG_COND_GEU, t, start, tcg_constant_i64(64), zero, t);
    tcg_gen_andi_i64(mask, len, 63);
    tcg_gen_shl_i64(mask, tcg_constant_i64(1), mask);
    tcg_gen_subi_i64(mask, mask, 1);
    tcg_gen_movcond_i64(TCG_COND_GEU, mask, len, tcg_constant_i64(64),
                        tcg_constant_i64(-1), mask);
    tcg_gen_and_i64(t, t, mask);
    gen_store_op(s, d, 0, t);
    /* S is undefined and 0 on the host: record a value with the same
     * zeroness and a clear sign bit. */
    tcg_gen_shri_i64(mask, t, 1);
    tcg_gen_or_i64(mask, mask, t);
    tcg_gen_andi_i64(mask, mask, ~(uint64_t)0 >> (65 - (8 << d->op[0].ot)));
    set_bmilg(s, d->op[0].ot, mask, zero);
}

typedef enum BlsOp { BLS_I, BLS_MSK, BLS_R } BlsOp;

/*
 * BLSI: B = E & -E, C = (E != 0).  BLSMSK: B = E ^ (E - 1), BLSR:
 * B = E & (E - 1), both with C = (E == 0).  Z/S from the result, O = 0.
 */
static void gen_bls(DisasContext *s, X86DecodedInsn *d, BlsOp op)
{
    TCGv_i64 src = tcg_temp_new_i64(), res = tcg_temp_new_i64();
    TCGv_i64 cf = tcg_temp_new_i64();

    gen_load_op(s, d, 1, src);
    switch (op) {
    case BLS_I:
        tcg_gen_neg_i64(res, src);
        tcg_gen_and_i64(res, res, src);
        break;
    case BLS_MSK:
        tcg_gen_subi_i64(res, src, 1);
        tcg_gen_xor_i64(res, res, src);
        break;
    case BLS_R:
        tcg_gen_subi_i64(res, src, 1);
        tcg_gen_and_i64(res, res, src);
        break;
    }
    gen_store_op(s, d, 0, res);
    tcg_gen_setcondi_i64(op == BLS_I ? TCG_COND_NE : TCG_COND_EQ, cf, src, 0);
    set_bmilg(s, d->op[0].ot, res, cf);
}

void gen_BLSI(DisasContext *s, X86DecodedInsn *d)
{
    gen_bls(s, d, BLS_I);
}
void gen_BLSMSK(DisasContext *s, X86DecodedInsn *d)
{
    gen_bls(s, d, BLS_MSK);
}
void gen_BLSR(DisasContext *s, X86DecodedInsn *d)
{
    gen_bls(s, d, BLS_R);
}

/*
 * BZHI G, E, B: G = E with the bits from index n = B[7:0] up cleared; an
 * index past the operand keeps E whole and sets C.
 */
void gen_BZHI(DisasContext *s, X86DecodedInsn *d)
{
    MemOp ot = d->op[0].ot;
    unsigned bits = 8u << ot;
    TCGv_i64 val = tcg_temp_new_i64(), n = tcg_temp_new_i64();
    TCGv_i64 mask = tcg_temp_new_i64(), cf = tcg_temp_new_i64();

    gen_load_op(s, d, 1, val);
    gen_load_op(s, d, 2, n);
    tcg_gen_ext8u_i64(n, n);
    tcg_gen_setcondi_i64(TCG_COND_GEU, cf, n, bits);
    tcg_gen_andi_i64(mask, n, 63);
    tcg_gen_shl_i64(mask, tcg_constant_i64(1), mask);
    tcg_gen_subi_i64(mask, mask, 1);
    tcg_gen_movcond_i64(TCG_COND_GEU, mask, n, tcg_constant_i64(bits),
                        tcg_constant_i64(-1), mask);
    tcg_gen_and_i64(val, val, mask);
    gen_store_op(s, d, 0, val);
    set_bmilg(s, ot, val, cf);
}

/* PDEP/PEXT G, B, E (source B, mask E): bit_helper.c; flags unaffected. */
static void gen_pdx(DisasContext *s, X86DecodedInsn *d,
                    const TCGHelperInfo *info)
{
    TCGv_i64 src = tcg_temp_new_i64(), mask = tcg_temp_new_i64();

    gen_load_op(s, d, 1, src);
    gen_load_op(s, d, 2, mask);
    tcg_gen_call2(info, src, src, mask);
    gen_store_op(s, d, 0, src);
}

void gen_PDEP(DisasContext *s, X86DecodedInsn *d)
{
    gen_pdx(s, d, &helper_info_pdep);
}
void gen_PEXT(DisasContext *s, X86DecodedInsn *d)
{
    gen_pdx(s, d, &helper_info_pext);
}

/* -- BSWAP ----------------------------------------------------------------- */

/*
 * BSWAP r32 / r64.  With a 66 prefix (and no REX.W) the SDM leaves the
 * 16-bit result undefined; Intel cores, the host included, clear the low
 * 16 bits and keep the rest of the register, which is done here.
 */
void gen_BSWAP(DisasContext *s, X86DecodedInsn *d)
{
    int reg = d->op[0].reg;
    TCGv_i64 v = tcg_temp_new_i64();

    if (d->op[0].ot == MO_64) {
        tcg_gen_bswap64_i64(cpu_regs[reg], cpu_regs[reg]);
    } else if (d->prefixes & X86_PREFIX_DATA) {
        tcg_gen_movi_i64(v, 0);
        gen_write_reg(reg, MO_16, false, v);
    } else {
        tcg_gen_ext32u_i64(v, cpu_regs[reg]);
        tcg_gen_bswap32_i64(v, v, TCG_BSWAP_IZ | TCG_BSWAP_OZ);
        gen_write_reg(reg, MO_32, false, v);
    }
}
