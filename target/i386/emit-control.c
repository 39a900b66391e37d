/*
 * Emitters of control transfers and CPU-information instructions: JMP,
 * Jcc, JrCXZ, LOOPcc, CALL, RET, far forms (seg_helper.c), INT n/INT3/INTO,
 * UD0/UD1/UD2, CPUID, RDTSC, RDTSCP.
 *
 * Every branch ends the TB: direct targets through gen_jmp_eip (goto_tb,
 * chained by the engine), indirect ones through gen_jmp_dynamic (the jump
 * cache).  A conditional branch stores cc_op once before splitting so both
 * exits agree on it.
 */
#include "target/i386/helper.h"
#include "target/i386/translate.h"

/* Branch to the decoded target when C holds, else fall through. */
static void gen_branch_if(DisasContext *s, X86DecodedInsn *d, X86Cond c)
{
    TCGLabel *taken = gen_new_label();
    uint64_t target = x86_branch_target(s, d);

    gen_update_cc_op(s);
    tcg_gen_brcond_i64(c.cond, c.a, c.b, taken);
    gen_jmp_eip(s, s_next_eip(s));
    tcg_gen_set_label(taken);
    gen_jmp_eip(s, target);
}

void gen_JCC(DisasContext *s, X86DecodedInsn *d)
{
    gen_branch_if(s, d, gen_cond(s, d->b & 15));
}

void gen_JMP(DisasContext *s, X86DecodedInsn *d)
{
    if (d->op[0].kind == X86_OP_IMM) {
        gen_jmp_eip(s, x86_branch_target(s, d));
    } else {
        TCGv_i64 t = tcg_temp_new_i64();

        gen_load_op(s, d, 0, t);
        gen_jmp_dynamic(s, t);
    }
}

/* rCX (address-size wide) as a condition operand. */
static TCGv_i64 gen_rcx(X86DecodedInsn *d)
{
    TCGv_i64 c = tcg_temp_new_i64();

    gen_read_reg(c, R_ECX, d->aflag, false);
    return c;
}

void gen_JCXZ(DisasContext *s, X86DecodedInsn *d)
{
    X86Cond c = {TCG_COND_EQ, gen_rcx(d), tcg_constant_i64(0)};

    gen_branch_if(s, d, c);
}

/* LOOP/LOOPE/LOOPNE: decrement rCX; branch if non-zero (and ZF matches). */
static void gen_loop(DisasContext *s, X86DecodedInsn *d, int zf_cc)
{
    TCGv_i64 c = tcg_temp_new_i64();
    TCGLabel *done = gen_new_label();
    TCGLabel *taken = gen_new_label();

    tcg_gen_subi_i64(c, cpu_regs[R_ECX], 1);
    gen_write_reg(R_ECX, d->aflag, false, c);
    gen_extend(d->aflag, false, c, c);
    gen_update_cc_op(s);
    if (zf_cc >= 0) {
        X86Cond z = gen_cond(s, zf_cc);

        /* Not taken when ZF does not match. */
        tcg_gen_brcond_i64(tcg_invert_cond(z.cond), z.a, z.b, done);
    }
    tcg_gen_brcondi_i64(TCG_COND_NE, c, 0, taken);
    tcg_gen_set_label(done);
    gen_jmp_eip(s, s_next_eip(s));
    tcg_gen_set_label(taken);
    gen_jmp_eip(s, x86_branch_target(s, d));
}

void gen_LOOP(DisasContext *s, X86DecodedInsn *d)
{
    gen_loop(s, d, -1);
}
void gen_LOOPE(DisasContext *s, X86DecodedInsn *d)
{
    gen_loop(s, d, 4);
}
void gen_LOOPNE(DisasContext *s, X86DecodedInsn *d)
{
    gen_loop(s, d, 5);
}

void gen_CALL(DisasContext *s, X86DecodedInsn *d)
{
    MemOp ot = stack_ot(s, d->ot);
    TCGv_i64 ret = tcg_constant_i64(s_next_eip(s));

    if (d->op[0].kind == X86_OP_IMM) {
        gen_push(s, ot, ret);
        gen_jmp_eip(s, x86_branch_target(s, d));
    } else {
        TCGv_i64 t = tcg_temp_new_i64();

        gen_load_op(s, d, 0, t);
        gen_push(s, ot, ret);
        gen_jmp_dynamic(s, t);
    }
}

void gen_RET(DisasContext *s, X86DecodedInsn *d)
{
    MemOp ot = stack_ot(s, d->ot);
    TCGv_i64 t = tcg_temp_new_i64();

    gen_pop(s, ot, t);
    if (d->op[0].kind == X86_OP_IMM) {
        TCGv_i64 sp = tcg_temp_new_i64();

        tcg_gen_addi_i64(sp, cpu_regs[R_ESP], (uint16_t)d->imm);
        gen_write_reg(R_ESP,
                      s->code64 ? MO_64
                      : s->ss32 ? MO_32
                                : MO_16,
                      false, sp);
    }
    gen_jmp_dynamic(s, t);
}

/* -- Far transfers (seg_helper.c) ------------------------------------------ */

/* The far pointer of D: Ap immediate or Mp memory (offset, then selector). */
static void gen_far_pointer(DisasContext *s, X86DecodedInsn *d, TCGv_i64 off,
                            TCGv_i32 sel32)
{
    TCGv_i64 sel = tcg_temp_new_i64();

    if (d->op[0].kind == X86_OP_IMM) {
        tcg_gen_movi_i64(off, d->imm);
        tcg_gen_movi_i64(sel, d->imm2);
    } else {
        TCGv_i64 a = tcg_temp_new_i64();

        gen_ld(s, d->ot, off, s->A0);
        tcg_gen_addi_i64(a, s->A0, 1 << d->ot);
        gen_ld(s, MO_16, sel, a);
    }
    tcg_gen_extrl_i64_i32(sel32, sel);
}

void gen_JMPF(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 off = tcg_temp_new_i64();
    TCGv_i32 sel32 = tcg_temp_new_i32();

    gen_far_pointer(s, d, off, sel32);
    gen_sync_for_helper(s);
    tcg_gen_call4(&helper_info_far_jmp, NULL, tcg_env(), sel32, off,
                  tcg_constant_i64(s_next_eip(s)));
    gen_eob(s);
}

void gen_CALLF(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 off = tcg_temp_new_i64();
    TCGv_i32 sel32 = tcg_temp_new_i32();

    gen_far_pointer(s, d, off, sel32);
    gen_sync_for_helper(s);
    tcg_gen_call5(&helper_info_far_call, NULL, tcg_env(), sel32, off,
                  tcg_constant_i32(d->ot), tcg_constant_i64(s_next_eip(s)));
    gen_eob(s);
}

void gen_RETF(DisasContext *s, X86DecodedInsn *d)
{
    uint32_t imm = d->op[0].kind == X86_OP_IMM ? (uint16_t)d->imm : 0;

    gen_sync_for_helper(s);
    tcg_gen_call3(&helper_info_far_ret, NULL, tcg_env(),
                  tcg_constant_i32(d->ot), tcg_constant_i32(imm));
    gen_eob(s);
}

/* -- Software interrupts and #UD ------------------------------------------- */

static void gen_soft_int(DisasContext *s, int vector)
{
    gen_update_cc_op(s);
    tcg_gen_st_i64(tcg_constant_i64(s_cur_eip(s)), tcg_env(),
                   offsetof(CPUX86State, rip));
    tcg_gen_call3(&helper_info_raise_interrupt, NULL, tcg_env(),
                  tcg_constant_i32(vector), tcg_constant_i64(s_next_eip(s)));
    s->base.is_jmp = DISAS_NORETURN;
}

void gen_INT(DisasContext *s, X86DecodedInsn *d)
{
    /* Virtual-8086 mode without VME: INT n is IOPL-sensitive (#GP(0)). */
    if ((s->flags & HF_VM_MASK)
        && ((s->flags & HF_IOPL_MASK) >> HF_IOPL_SHIFT) < 3) {
        gen_exception(s, EXCP0D_GPF);
        return;
    }
    gen_soft_int(s, (uint8_t)d->imm);
}

void gen_INT3(DisasContext *s, X86DecodedInsn *d)
{
    gen_soft_int(s, EXCP03_INT3);
}

void gen_INTO(DisasContext *s, X86DecodedInsn *d)
{
    X86Cond no = gen_cond(s, 1);
    TCGLabel *skip = gen_new_label();

    gen_update_cc_op(s);
    tcg_gen_brcond_i64(no.cond, no.a, no.b, skip);
    gen_soft_int(s, EXCP04_INTO);
    tcg_gen_set_label(skip);
    s->base.is_jmp = DISAS_NEXT;
}

void gen_UD(DisasContext *s, X86DecodedInsn *d)
{
    gen_illegal(s);
}

/* -- CPUID, TSC ------------------------------------------------------------ */

static void gen_env_call(DisasContext *s, const TCGHelperInfo *info)
{
    gen_update_cc_op(s);
    tcg_gen_call1(info, NULL, tcg_env());
}

void gen_CPUID(DisasContext *s, X86DecodedInsn *d)
{
    gen_env_call(s, &helper_info_cpuid);
}

void gen_RDTSC(DisasContext *s, X86DecodedInsn *d)
{
    gen_env_call(s, &helper_info_rdtsc);
}

void gen_RDTSCP(DisasContext *s, X86DecodedInsn *d)
{
    gen_env_call(s, &helper_info_rdtscp);
}
