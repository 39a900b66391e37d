/*
 * Emitters of the integer ALU family: ADD..CMP, TEST, INC/DEC, NEG/NOT,
 * MUL/IMUL, DIV/IDIV, XADD, CMPXCHG, CMPXCHG8B/16B, ADCX/ADOX, MULX,
 * BOUND and the decimal/ASCII adjusts (DAA DAS AAA AAS AAM AAD).  One
 * gen_<MNEMONIC> each; the width is d->ot / the operand's ot.  Flags are left
 * lazy: cc_dst/cc_src(/cc_src2) and the cc_op of the family at this width
 * (cc-op.def).
 *
 * LOCK: the TCG IR has no atomic read-modify-write ops yet, so a LOCKed
 * instruction is a plain load/op/store.  That is exact while vCPUs run
 * round-robin in one thread (the current engine) and must become an atomic
 * op before multi-threaded TCG.
 */
#include <stddef.h>

#include "target/i386/helper.h"
#include "target/i386/translate.h"

/* The cc_op of FIRST (the B row of a family) at width OT. */
static CCOp cc_op_w(CCOp first, MemOp ot)
{
    return (CCOp)(first + (ot & MO_SIZE));
}

/* Operands 0 and 1 name the same register (xor r, r). */
static bool same_reg(X86DecodedInsn *d)
{
    return d->op[0].kind == X86_OP_REG && d->op[1].kind == X86_OP_REG
           && d->op[0].reg == d->op[1].reg && d->op[0].high8 == d->op[1].high8;
}

/* Record a result RES with second operand SRC for family FIRST. */
static void set_cc(DisasContext *s, CCOp first, MemOp ot, TCGv_i64 res,
                   TCGv_i64 src)
{
    tcg_gen_mov_i64(cpu_cc_dst, res);
    if (src) {
        tcg_gen_mov_i64(cpu_cc_src, src);
    }
    set_cc_op(s, cc_op_w(first, ot));
}

/* -- Two-operand arithmetic ------------------------------------------------ */

typedef enum AluOp {
    ALU_ADD,
    ALU_OR,
    ALU_ADC,
    ALU_SBB,
    ALU_AND,
    ALU_SUB,
    ALU_XOR,
    ALU_CMP,
    ALU_TEST
} AluOp;

static void gen_alu(DisasContext *s, X86DecodedInsn *d, AluOp op)
{
    MemOp ot = d->op[0].ot;
    TCGv_i64 a = tcg_temp_new_i64(), b = tcg_temp_new_i64();
    TCGv_i64 res = tcg_temp_new_i64(), c;

    if ((op == ALU_XOR || op == ALU_SUB) && same_reg(d)) {
        /* xor r, r / sub r, r: zero, flags known without the operands. */
        tcg_gen_movi_i64(res, 0);
        gen_store_op(s, d, 0, res);
        set_cc_op(s, CC_OP_CLR);
        return;
    }
    gen_load_op(s, d, 0, a);
    gen_load_op(s, d, 1, b);
    switch (op) {
    case ALU_ADD:
        tcg_gen_add_i64(res, a, b);
        set_cc(s, CC_OP_ADDB, ot, res, b);
        break;
    case ALU_ADC:
        c = tcg_temp_new_i64();
        gen_compute_c(s, c);
        tcg_gen_add_i64(res, a, b);
        tcg_gen_add_i64(res, res, c);
        tcg_gen_mov_i64(cpu_cc_src2, c);
        set_cc(s, CC_OP_ADCB, ot, res, b);
        break;
    case ALU_SUB:
    case ALU_CMP:
        tcg_gen_sub_i64(res, a, b);
        set_cc(s, CC_OP_SUBB, ot, res, b);
        break;
    case ALU_SBB:
        c = tcg_temp_new_i64();
        gen_compute_c(s, c);
        tcg_gen_sub_i64(res, a, b);
        tcg_gen_sub_i64(res, res, c);
        tcg_gen_mov_i64(cpu_cc_src2, c);
        set_cc(s, CC_OP_SBBB, ot, res, b);
        break;
    case ALU_AND:
    case ALU_TEST:
        tcg_gen_and_i64(res, a, b);
        set_cc(s, CC_OP_LOGICB, ot, res, NULL);
        break;
    case ALU_OR:
        tcg_gen_or_i64(res, a, b);
        set_cc(s, CC_OP_LOGICB, ot, res, NULL);
        break;
    case ALU_XOR:
        tcg_gen_xor_i64(res, a, b);
        set_cc(s, CC_OP_LOGICB, ot, res, NULL);
        break;
    }
    if (op != ALU_CMP && op != ALU_TEST) {
        gen_store_op(s, d, 0, res);
    }
}

void gen_ADD(DisasContext *s, X86DecodedInsn *d)
{
    gen_alu(s, d, ALU_ADD);
}
void gen_OR(DisasContext *s, X86DecodedInsn *d)
{
    gen_alu(s, d, ALU_OR);
}
void gen_ADC(DisasContext *s, X86DecodedInsn *d)
{
    gen_alu(s, d, ALU_ADC);
}
void gen_SBB(DisasContext *s, X86DecodedInsn *d)
{
    gen_alu(s, d, ALU_SBB);
}
void gen_AND(DisasContext *s, X86DecodedInsn *d)
{
    gen_alu(s, d, ALU_AND);
}
void gen_SUB(DisasContext *s, X86DecodedInsn *d)
{
    gen_alu(s, d, ALU_SUB);
}
void gen_XOR(DisasContext *s, X86DecodedInsn *d)
{
    gen_alu(s, d, ALU_XOR);
}
void gen_CMP(DisasContext *s, X86DecodedInsn *d)
{
    gen_alu(s, d, ALU_CMP);
}
void gen_TEST(DisasContext *s, X86DecodedInsn *d)
{
    gen_alu(s, d, ALU_TEST);
}

/* -- One-operand arithmetic ------------------------------------------------ */

/* INC/DEC keep CF: it goes to cc_src for the INC/DEC families. */
static void gen_incdec(DisasContext *s, X86DecodedInsn *d, int delta)
{
    MemOp ot = d->op[0].ot;
    TCGv_i64 a = tcg_temp_new_i64(), c = tcg_temp_new_i64();

    gen_compute_c(s, c);
    gen_load_op(s, d, 0, a);
    tcg_gen_addi_i64(a, a, delta);
    gen_store_op(s, d, 0, a);
    set_cc(s, delta > 0 ? CC_OP_INCB : CC_OP_DECB, ot, a, c);
}

void gen_INC(DisasContext *s, X86DecodedInsn *d)
{
    gen_incdec(s, d, 1);
}
void gen_DEC(DisasContext *s, X86DecodedInsn *d)
{
    gen_incdec(s, d, -1);
}

void gen_NEG(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 a = tcg_temp_new_i64(), res = tcg_temp_new_i64();

    gen_load_op(s, d, 0, a);
    tcg_gen_neg_i64(res, a);
    gen_store_op(s, d, 0, res);
    /* NEG is 0 - a: the SUB family with src1 = 0. */
    set_cc(s, CC_OP_SUBB, d->op[0].ot, res, a);
}

void gen_NOT(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 a = tcg_temp_new_i64();

    gen_load_op(s, d, 0, a);
    tcg_gen_not_i64(a, a);
    gen_store_op(s, d, 0, a);
}

/* -- Multiplication -------------------------------------------------------- */

/*
 * LO:HI = A * B at width OT (signed with SIGN); A and B zero-extended on
 * input.  OVF = non-zero iff the product does not fit in LO (for IMUL:
 * as a signed value; for MUL: HI != 0).
 */
static void gen_mul_wide(MemOp ot, bool sign, TCGv_i64 a, TCGv_i64 b,
                         TCGv_i64 lo, TCGv_i64 hi, TCGv_i64 ovf)
{
    unsigned bits = 8u << ot;
    TCGv_i64 t = tcg_temp_new_i64();

    if (ot == MO_64) {
        if (sign) {
            tcg_gen_muls2_i64(lo, hi, a, b);
            tcg_gen_sari_i64(t, lo, 63);
            tcg_gen_sub_i64(ovf, hi, t);
        } else {
            tcg_gen_mulu2_i64(lo, hi, a, b);
            tcg_gen_mov_i64(ovf, hi);
        }
        return;
    }
    if (sign) {
        gen_extend(ot, true, a, a);
        gen_extend(ot, true, b, b);
    }
    tcg_gen_mul_i64(t, a, b);
    gen_extend(ot, false, lo, t);
    tcg_gen_shri_i64(hi, t, bits);
    gen_extend(ot, false, hi, hi);
    if (sign) {
        TCGv_i64 sl = tcg_temp_new_i64();

        gen_extend(ot, true, sl, t);
        tcg_gen_sub_i64(ovf, t, sl);
    } else {
        tcg_gen_mov_i64(ovf, hi);
    }
}

/* MUL / one-operand IMUL: rDX:rAX (AX for bytes) = rAX * r/m. */
static void gen_mul1(DisasContext *s, X86DecodedInsn *d, bool sign)
{
    MemOp ot = d->op[0].ot;
    TCGv_i64 a = tcg_temp_new_i64(), b = tcg_temp_new_i64();
    TCGv_i64 lo = tcg_temp_new_i64(), hi = tcg_temp_new_i64();
    TCGv_i64 ovf = tcg_temp_new_i64();

    gen_read_reg(a, R_EAX, ot, false);
    gen_load_op(s, d, 0, b);
    gen_mul_wide(ot, sign, a, b, lo, hi, ovf);
    if (ot == MO_8) {
        TCGv_i64 ax = tcg_temp_new_i64();

        tcg_gen_deposit_i64(ax, lo, hi, 8, 8);
        gen_write_reg(R_EAX, MO_16, false, ax);
    } else {
        gen_write_reg(R_EAX, ot, false, lo);
        gen_write_reg(R_EDX, ot, false, hi);
    }
    set_cc(s, CC_OP_MULB, ot, lo, ovf);
}

void gen_MUL(DisasContext *s, X86DecodedInsn *d)
{
    gen_mul1(s, d, false);
}
void gen_IMUL1(DisasContext *s, X86DecodedInsn *d)
{
    gen_mul1(s, d, true);
}

/* IMUL Gv, Ev (0F AF) and IMUL Gv, Ev, Ib/Iz (69, 6B). */
void gen_IMUL(DisasContext *s, X86DecodedInsn *d)
{
    MemOp ot = d->op[0].ot;
    TCGv_i64 a = tcg_temp_new_i64(), b = tcg_temp_new_i64();
    TCGv_i64 lo = tcg_temp_new_i64(), hi = tcg_temp_new_i64();
    TCGv_i64 ovf = tcg_temp_new_i64();
    bool three = d->op[2].kind != X86_OP_NONE;

    gen_load_op(s, d, three ? 1 : 0, a);
    gen_load_op(s, d, three ? 2 : 1, b);
    gen_mul_wide(ot, true, a, b, lo, hi, ovf);
    gen_store_op(s, d, 0, lo);
    set_cc(s, CC_OP_MULB, ot, lo, ovf);
}

/* -- Division: helpers raise #DE ------------------------------------------- */

static void gen_div_common(DisasContext *s, X86DecodedInsn *d,
                           const TCGHelperInfo *info)
{
    TCGv_i64 v = tcg_temp_new_i64();

    gen_load_op(s, d, 0, v);
    gen_update_cc_op(s);
    tcg_gen_call3(info, NULL, tcg_env(), v, tcg_constant_i32(d->op[0].ot));
}

void gen_DIV(DisasContext *s, X86DecodedInsn *d)
{
    gen_div_common(s, d, &helper_info_div);
}

void gen_IDIV(DisasContext *s, X86DecodedInsn *d)
{
    gen_div_common(s, d, &helper_info_idiv);
}

/* -- Exchange-and-operate -------------------------------------------------- */

void gen_XADD(DisasContext *s, X86DecodedInsn *d)
{
    MemOp ot = d->op[0].ot;
    TCGv_i64 dst = tcg_temp_new_i64(), src = tcg_temp_new_i64();
    TCGv_i64 sum = tcg_temp_new_i64();

    gen_load_op(s, d, 0, dst);
    gen_load_op(s, d, 1, src);
    tcg_gen_add_i64(sum, dst, src);
    /* SDM XADD: SRC = DEST, then DEST = SUM (same register: the sum). */
    gen_store_op(s, d, 1, dst);
    gen_store_op(s, d, 0, sum);
    set_cc(s, CC_OP_ADDB, ot, sum, src);
}

/* The full register REG = COND(a, b) ? its value with VAL written at width
 * OT (HIGH8) : its old value. */
static void gen_write_reg_if(TCGCond cond, TCGv_i64 a, TCGv_i64 b, int reg,
                             MemOp ot, bool high8, TCGv_i64 val)
{
    TCGv_i64 old = tcg_temp_new_i64();

    tcg_gen_mov_i64(old, cpu_regs[reg]);
    gen_write_reg(reg, ot, high8, val);
    tcg_gen_movcond_i64(cond, cpu_regs[reg], a, b, cpu_regs[reg], old);
}

/*
 * CMPXCHG (SDM vol. 2A): equal: DEST = SRC; else rAX = DEST.  A memory
 * destination is written either way (with its own value on failure); a
 * register is untouched on failure and rAX on success, so neither has its
 * upper half cleared then (what the hardware does for 32-bit operands).
 */
void gen_CMPXCHG(DisasContext *s, X86DecodedInsn *d)
{
    MemOp ot = d->op[0].ot;
    X86Operand *dop = &d->op[0];
    TCGv_i64 dst = tcg_temp_new_i64(), src = tcg_temp_new_i64();
    TCGv_i64 acc = tcg_temp_new_i64(), res = tcg_temp_new_i64();

    gen_load_op(s, d, 0, dst);
    gen_load_op(s, d, 1, src);
    gen_read_reg(acc, R_EAX, ot, false);
    if (dop->kind == X86_OP_MEM) {
        TCGv_i64 newdst = tcg_temp_new_i64();

        tcg_gen_movcond_i64(TCG_COND_EQ, newdst, acc, dst, src, dst);
        gen_store_op(s, d, 0, newdst);
    } else {
        gen_write_reg_if(TCG_COND_EQ, acc, dst, dop->reg, ot, dop->high8, src);
    }
    /* If DEST is rAX itself the comparison cannot fail. */
    gen_write_reg_if(TCG_COND_NE, acc, dst, R_EAX, ot, false, dst);
    tcg_gen_sub_i64(res, acc, dst);
    set_cc(s, CC_OP_SUBB, ot, res, dst);
}

/*
 * CMPXCHG8B m64 / CMPXCHG16B m128 (REX.W): compare rDX:rAX with the
 * memory operand; equal: store rCX:rBX, else load it into rDX:rAX (32-bit
 * halves zero-extend; rAX and rDX are not written on success).  The
 * memory operand is always written (SDM vol. 2A, CMPXCHG8B).  ZF = equal,
 * the other flags are unchanged.  CMPXCHG16B raises #GP(0) on a memory
 * operand that is not 16-byte aligned.  LOCK needs nothing more (see the
 * header).
 */
static void gen_cmpxchg_pair(DisasContext *s, X86DecodedInsn *d, bool wide)
{
    TCGv_i64 lo = tcg_temp_new_i64(), hi = tcg_temp_new_i64();
    TCGv_i64 eq = tcg_temp_new_i64(), t = tcg_temp_new_i64();
    TCGv_i64 newlo = tcg_temp_new_i64(), newhi = tcg_temp_new_i64();

    if (wide) {
        TCGLabel *aligned = gen_new_label();

        gen_update_cc_op(s);
        tcg_gen_andi_i64(t, s->A0, 15);
        tcg_gen_brcondi_i64(TCG_COND_EQ, t, 0, aligned);
        tcg_gen_st_i64(tcg_constant_i64(s_cur_eip(s)), tcg_env(),
                       offsetof(CPUX86State, rip));
        tcg_gen_call2(&helper_info_raise_exception, NULL, tcg_env(),
                      tcg_constant_i32(EXCP0D_GPF));
        tcg_gen_set_label(aligned);
        tcg_gen_qemu_ld2_i64(lo, hi, s->A0, s->mmu_idx, MO_128);
        tcg_gen_setcond_i64(TCG_COND_EQ, eq, lo, cpu_regs[R_EAX]);
        tcg_gen_setcond_i64(TCG_COND_EQ, t, hi, cpu_regs[R_EDX]);
        tcg_gen_and_i64(eq, eq, t);
        tcg_gen_movcond_i64(TCG_COND_NE, newlo, eq, tcg_constant_i64(0),
                            cpu_regs[R_EBX], lo);
        tcg_gen_movcond_i64(TCG_COND_NE, newhi, eq, tcg_constant_i64(0),
                            cpu_regs[R_ECX], hi);
        tcg_gen_qemu_st2_i64(newlo, newhi, s->A0, s->mmu_idx, MO_128);
        tcg_gen_movcond_i64(TCG_COND_NE, cpu_regs[R_EAX], eq,
                            tcg_constant_i64(0), cpu_regs[R_EAX], lo);
        tcg_gen_movcond_i64(TCG_COND_NE, cpu_regs[R_EDX], eq,
                            tcg_constant_i64(0), cpu_regs[R_EDX], hi);
    } else {
        TCGv_i64 cmpv = tcg_temp_new_i64(), newv = tcg_temp_new_i64();
        TCGv_i64 mem = tcg_temp_new_i64();

        gen_ld(s, MO_64, mem, s->A0);
        tcg_gen_ext32u_i64(t, cpu_regs[R_EAX]);
        tcg_gen_deposit_i64(cmpv, t, cpu_regs[R_EDX], 32, 32);
        tcg_gen_ext32u_i64(t, cpu_regs[R_EBX]);
        tcg_gen_deposit_i64(newv, t, cpu_regs[R_ECX], 32, 32);
        tcg_gen_setcond_i64(TCG_COND_EQ, eq, mem, cmpv);
        tcg_gen_movcond_i64(TCG_COND_NE, newv, eq, tcg_constant_i64(0), newv,
                            mem);
        gen_st(s, MO_64, newv, s->A0);
        tcg_gen_ext32u_i64(lo, mem);
        tcg_gen_shri_i64(hi, mem, 32);
        tcg_gen_movcond_i64(TCG_COND_NE, cpu_regs[R_EAX], eq,
                            tcg_constant_i64(0), cpu_regs[R_EAX], lo);
        tcg_gen_movcond_i64(TCG_COND_NE, cpu_regs[R_EDX], eq,
                            tcg_constant_i64(0), cpu_regs[R_EDX], hi);
    }
    gen_flags_to_eflags(s);
    tcg_gen_andi_i64(cpu_cc_src, cpu_cc_src, ~(uint64_t)CC_Z);
    tcg_gen_shli_i64(eq, eq, 6); /* ZF is bit 6 */
    tcg_gen_or_i64(cpu_cc_src, cpu_cc_src, eq);
}

void gen_CMPXCHG8B(DisasContext *s, X86DecodedInsn *d)
{
    gen_cmpxchg_pair(s, d, false);
}

void gen_CMPXCHG16B(DisasContext *s, X86DecodedInsn *d)
{
    gen_cmpxchg_pair(s, d, true);
}

/* -- ADCX, ADOX, MULX ------------------------------------------------------ */

/*
 * G += E + carry, where the carry in and out is CF (ADCX) or OF (ADOX,
 * EFLAGS bit 11); no other flag changes.  A chain of them keeps the flags
 * in CC_OP_EFLAGS form, so only the first one computes EFLAGS.
 */
static void gen_adx(DisasContext *s, X86DecodedInsn *d, unsigned bit)
{
    MemOp ot = d->op[0].ot;
    TCGv_i64 a = tcg_temp_new_i64(), b = tcg_temp_new_i64();
    TCGv_i64 c = tcg_temp_new_i64(), hi = tcg_temp_new_i64();
    TCGv_i64 zero = tcg_constant_i64(0);

    gen_load_op(s, d, 0, a);
    gen_load_op(s, d, 1, b);
    gen_flags_to_eflags(s);
    tcg_gen_extract_i64(c, cpu_cc_src, bit, 1);
    if (ot == MO_64) {
        TCGv_i64 hi2 = tcg_temp_new_i64();

        tcg_gen_add2_i64(a, hi, a, zero, b, zero);
        tcg_gen_add2_i64(a, hi2, a, hi, c, zero);
        tcg_gen_mov_i64(hi, hi2);
    } else {
        tcg_gen_add_i64(a, a, b);
        tcg_gen_add_i64(a, a, c);
        tcg_gen_extract_i64(hi, a, 32, 1);
    }
    gen_store_op(s, d, 0, a);
    tcg_gen_deposit_i64(cpu_cc_src, cpu_cc_src, hi, bit, 1);
}

void gen_ADCX(DisasContext *s, X86DecodedInsn *d)
{
    gen_adx(s, d, 0);
}
void gen_ADOX(DisasContext *s, X86DecodedInsn *d)
{
    gen_adx(s, d, 11);
}

/*
 * MULX G, B, E: G:B = rDX * E, unsigned, without touching the flags.  When
 * G and B are the same register it ends up with the high half (SDM vol.
 * 2B, MULX).
 */
void gen_MULX(DisasContext *s, X86DecodedInsn *d)
{
    MemOp ot = d->op[0].ot;
    TCGv_i64 a = tcg_temp_new_i64(), b = tcg_temp_new_i64();
    TCGv_i64 lo = tcg_temp_new_i64(), hi = tcg_temp_new_i64();

    gen_read_reg(a, R_EDX, ot, false);
    gen_load_op(s, d, 2, b);
    if (ot == MO_64) {
        tcg_gen_mulu2_i64(lo, hi, a, b);
    } else {
        tcg_gen_mul_i64(lo, a, b);
        tcg_gen_shri_i64(hi, lo, 32);
    }
    gen_store_op(s, d, 1, lo);
    gen_store_op(s, d, 0, hi);
}

/* -- Decimal and ASCII adjusts (16/32-bit modes; bit_helper.c) ------------- */

/*
 * The helpers read the flags from env (cc_op synced here) and leave them
 * as CC_OP_EFLAGS.  They touch no memory, so they cannot fault midway.
 */
static void gen_bcd(DisasContext *s, const TCGHelperInfo *info, uint32_t imm)
{
    gen_update_cc_op(s);
    tcg_gen_call2(info, NULL, tcg_env(), tcg_constant_i32(imm));
    s->cc_op = CC_OP_EFLAGS;
    s->cc_op_dirty = false;
}

void gen_DAA(DisasContext *s, X86DecodedInsn *d)
{
    gen_bcd(s, &helper_info_daa, 0);
}
void gen_DAS(DisasContext *s, X86DecodedInsn *d)
{
    gen_bcd(s, &helper_info_das, 0);
}
void gen_AAA(DisasContext *s, X86DecodedInsn *d)
{
    gen_bcd(s, &helper_info_aaa, 0);
}
void gen_AAS(DisasContext *s, X86DecodedInsn *d)
{
    gen_bcd(s, &helper_info_aas, 0);
}

void gen_AAM(DisasContext *s, X86DecodedInsn *d)
{
    /* AAM 0 divides by zero: #DE (SDM vol. 2A, AAM). */
    if ((uint8_t)d->imm == 0) {
        gen_exception(s, EXCP00_DIVZ);
        return;
    }
    gen_bcd(s, &helper_info_aam, (uint8_t)d->imm);
}

void gen_AAD(DisasContext *s, X86DecodedInsn *d)
{
    gen_bcd(s, &helper_info_aad, (uint8_t)d->imm);
}

/* -- BOUND ----------------------------------------------------------------- */

/*
 * BOUND (SDM vol. 2A, 16/32-bit modes only): the signed index G must lie
 * within the signed pair [lower, upper] at M (two words or doublewords,
 * lower first), else #BR, a fault with rip at the BOUND.  Flags unchanged.
 */
void gen_BOUND(DisasContext *s, X86DecodedInsn *d)
{
    MemOp ot = d->op[0].ot;
    TCGv_i64 index = tcg_temp_new_i64(), lo = tcg_temp_new_i64();
    TCGv_i64 hi = tcg_temp_new_i64(), addr = tcg_temp_new_i64();
    TCGLabel *fail = gen_new_label(), *ok = gen_new_label();

    gen_read_reg(index, d->op[0].reg, ot, false);
    gen_extend(ot, true, index, index);
    gen_ld(s, ot | MO_SIGN, lo, s->A0);
    tcg_gen_addi_i64(addr, s->A0, 1 << ot);
    tcg_gen_ext32u_i64(addr, addr);
    gen_ld(s, ot | MO_SIGN, hi, addr);
    gen_update_cc_op(s);
    tcg_gen_brcond_i64(TCG_COND_LT, index, lo, fail);
    tcg_gen_brcond_i64(TCG_COND_LE, index, hi, ok);
    tcg_gen_set_label(fail);
    gen_exception(s, EXCP05_BOUND);
    tcg_gen_set_label(ok);
    s->base.is_jmp = DISAS_NEXT;
}
