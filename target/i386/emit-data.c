/*
 * Emitters of data movement and flag-bit instructions: MOV family, MOVZX,
 * MOVSX, MOVSXD, MOVBE, segment-register moves, LEA, XCHG, CMOVcc, CBW and
 * CWD families, XLAT, LAHF/SAHF, CLC/STC/CMC/CLD/STD, NOPs and fences,
 * RDRAND/RDSEED.
 */
#include <stddef.h>

#include "target/i386/helper.h"
#include "target/i386/translate.h"

void gen_MOV(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 v = tcg_temp_new_i64();

    gen_load_op(s, d, 1, v);
    gen_store_op(s, d, 0, v);
}

/* Operand I sign-extended from its width. */
static void gen_load_op_signed(DisasContext *s, X86DecodedInsn *d, int i,
                               TCGv_i64 v)
{
    if (d->op[i].kind == X86_OP_MEM) {
        gen_ld(s, d->op[i].ot | MO_SIGN, v, s->A0);
    } else {
        gen_load_op(s, d, i, v);
        gen_extend(d->op[i].ot, true, v, v);
    }
}

void gen_MOVZX(DisasContext *s, X86DecodedInsn *d)
{
    gen_MOV(s, d);
}

void gen_MOVSX(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 v = tcg_temp_new_i64();

    gen_load_op_signed(s, d, 1, v);
    gen_store_op(s, d, 0, v);
}

void gen_MOVSXD(DisasContext *s, X86DecodedInsn *d)
{
    gen_MOVSX(s, d);
}

void gen_MOVBE(DisasContext *s, X86DecodedInsn *d)
{
    MemOp ot = d->ot;
    TCGv_i64 v = tcg_temp_new_i64();

    if (d->op[0].kind == X86_OP_MEM) {
        gen_load_op(s, d, 1, v);
        gen_st(s, ot | MO_BSWAP, v, s->A0);
    } else {
        gen_ld(s, ot | MO_BSWAP, v, s->A0);
        gen_store_op(s, d, 0, v);
    }
}

void gen_MOV_FROM_SEG(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 v = tcg_temp_new_i64();

    gen_load_op(s, d, 1, v);
    if (d->op[0].kind == X86_OP_MEM) {
        d->op[0].ot = MO_16; /* a memory destination is always 16 bits */
    }
    gen_store_op(s, d, 0, v);
}

void gen_MOV_TO_SEG(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 v = tcg_temp_new_i64();
    TCGv_i32 v32 = tcg_temp_new_i32();

    gen_load_op(s, d, 1, v);
    tcg_gen_extrl_i64_i32(v32, v);
    gen_update_cc_op(s);
    tcg_gen_st_i64(tcg_constant_i64(s_cur_eip(s)), tcg_env(),
                   offsetof(CPUX86State, rip));
    tcg_gen_call3(&helper_info_load_seg, NULL, tcg_env(),
                  tcg_constant_i32(d->op[0].reg), v32);
    /* Bases are in the TB key (ADDSEG); MOV SS inhibits IRQs and holds
     * the single-step trap until after the next instruction (SDM vol. 3,
     * 6.8.3): that instruction's TB raises it. */
    if (d->op[0].reg == R_SS) {
        s->flags &= ~HF_TF_MASK;
    }
    s->base.is_jmp = DISAS_EOB_NEXT;
}

void gen_LEA(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 v = tcg_temp_new_i64();

    gen_lea_ea(s, d, v);
    gen_store_op(s, d, 0, v);
}

void gen_XCHG(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 a = tcg_temp_new_i64(), b = tcg_temp_new_i64();

    /* 90 is NOP (F3 90: PAUSE), not xchg eax, eax: no zero-extension. */
    if (d->b == 0x90 && d->op[0].kind == X86_OP_REG && d->op[0].reg == R_EAX) {
        return;
    }
    gen_load_op(s, d, 0, a);
    gen_load_op(s, d, 1, b);
    gen_store_op(s, d, 0, b);
    gen_store_op(s, d, 1, a);
}

void gen_CMOVCC(DisasContext *s, X86DecodedInsn *d)
{
    X86Cond c = gen_cond(s, d->b & 15);
    TCGv_i64 src = tcg_temp_new_i64(), dst = tcg_temp_new_i64();

    gen_load_op(s, d, 1, src);
    gen_load_op(s, d, 0, dst);
    tcg_gen_movcond_i64(c.cond, dst, c.a, c.b, src, dst);
    /* The destination is written either way (32-bit forms zero-extend). */
    gen_store_op(s, d, 0, dst);
}

/* SETcc: the byte operand = 1 if the condition holds, else 0. */
void gen_SETCC(DisasContext *s, X86DecodedInsn *d)
{
    X86Cond c = gen_cond(s, d->b & 15);
    TCGv_i64 v = tcg_temp_new_i64();

    tcg_gen_setcond_i64(c.cond, v, c.a, c.b);
    gen_store_op(s, d, 0, v);
}

/* CBW / CWDE / CDQE: rAX = sign-extended lower half of rAX. */
void gen_CBW(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 v = tcg_temp_new_i64();

    gen_extend((MemOp)(d->ot - 1), true, v, cpu_regs[R_EAX]);
    gen_write_reg(R_EAX, d->ot, false, v);
}

/* CWD / CDQ / CQO: rDX = the sign of rAX, replicated. */
void gen_CWD(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 v = tcg_temp_new_i64();

    gen_extend(d->ot, true, v, cpu_regs[R_EAX]);
    tcg_gen_sari_i64(v, v, 63);
    gen_write_reg(R_EDX, d->ot, false, v);
}

void gen_XLAT(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 ofs = tcg_temp_new_i64(), addr = tcg_temp_new_i64();
    TCGv_i64 v = tcg_temp_new_i64();
    int seg = d->seg_override >= 0 ? d->seg_override : R_DS;

    tcg_gen_ext8u_i64(ofs, cpu_regs[R_EAX]);
    tcg_gen_add_i64(ofs, ofs, cpu_regs[R_EBX]);
    gen_add_seg(s, addr, ofs, seg, d->aflag);
    gen_ld(s, MO_8, v, addr);
    gen_write_reg(R_EAX, MO_8, false, v);
}

/* -- Flag bits ------------------------------------------------------------- */

void gen_LAHF(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 f = tcg_temp_new_i64();

    gen_compute_eflags(s, f);
    tcg_gen_andi_i64(f, f, CC_S | CC_Z | CC_A | CC_P | CC_C);
    tcg_gen_ori_i64(f, f, EFLAGS_FIXED1);
    gen_write_reg(R_EAX, MO_8, true, f);
}

void gen_SAHF(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 ah = tcg_temp_new_i64();

    gen_flags_to_eflags(s);
    tcg_gen_extract_i64(ah, cpu_regs[R_EAX], 8, 8);
    tcg_gen_andi_i64(ah, ah, CC_S | CC_Z | CC_A | CC_P | CC_C);
    tcg_gen_andi_i64(cpu_cc_src, cpu_cc_src, CC_O);
    tcg_gen_or_i64(cpu_cc_src, cpu_cc_src, ah);
}

/* CF := (CF & KEEP) ^ FLIP | SET, through materialised flags. */
static void gen_edit_cf(DisasContext *s, uint64_t and_mask, uint64_t xor_mask)
{
    gen_flags_to_eflags(s);
    tcg_gen_andi_i64(cpu_cc_src, cpu_cc_src, and_mask);
    tcg_gen_xori_i64(cpu_cc_src, cpu_cc_src, xor_mask);
}

void gen_CLC(DisasContext *s, X86DecodedInsn *d)
{
    gen_edit_cf(s, ~(uint64_t)CC_C, 0);
}
void gen_STC(DisasContext *s, X86DecodedInsn *d)
{
    gen_edit_cf(s, ~(uint64_t)CC_C, CC_C);
}
void gen_CMC(DisasContext *s, X86DecodedInsn *d)
{
    gen_edit_cf(s, ~(uint64_t)0, CC_C);
}

void gen_CLD(DisasContext *s, X86DecodedInsn *d)
{
    tcg_gen_movi_i64(cpu_df, 1);
}

void gen_STD(DisasContext *s, X86DecodedInsn *d)
{
    tcg_gen_movi_i64(cpu_df, -1);
}

/* -- NOPs and fences ------------------------------------------------------- */

void gen_NOP(DisasContext *s, X86DecodedInsn *d)
{
}

void gen_FENCE(DisasContext *s, X86DecodedInsn *d)
{
    tcg_gen_mb(TCG_MO_ALL | TCG_BAR_SC);
}

/* -- RDRAND, RDSEED -------------------------------------------------------- */

static void gen_random(DisasContext *s, X86DecodedInsn *d,
                       const TCGHelperInfo *info)
{
    TCGv_i64 v = tcg_temp_new_i64();

    tcg_gen_call2(info, v, tcg_env(), tcg_constant_i32(d->op[0].ot));
    gen_write_reg(d->op[0].reg, d->op[0].ot, false, v);
    set_cc_op(s, CC_OP_EFLAGS);
}

void gen_RDRAND(DisasContext *s, X86DecodedInsn *d)
{
    gen_random(s, d, &helper_info_rdrand);
}

void gen_RDSEED(DisasContext *s, X86DecodedInsn *d)
{
    gen_random(s, d, &helper_info_rdseed);
}
