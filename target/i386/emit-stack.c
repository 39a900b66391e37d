/*
 * Emitters of the stack family: PUSH/POP (registers, memory, immediates,
 * segment registers), PUSHA/POPA, PUSHF/POPF, ENTER/LEAVE, and the push/pop
 * primitives other families use (CALL, RET).
 *
 * The stack pointer width is 64 in 64-bit mode, else SS.B (32) or 16; the
 * pushed width is the operand size (16 or 64 in 64-bit mode: D64 rows).
 */
#include "target/i386/helper.h"
#include "target/i386/translate.h"

/* Width of rSP arithmetic. */
static MemOp sp_size(DisasContext *s)
{
    return s->code64 ? MO_64 : s->ss32 ? MO_32 : MO_16;
}

MemOp stack_ot(DisasContext *s, MemOp ot)
{
    if (s->code64) {
        return ot == MO_16 ? MO_16 : MO_64;
    }
    return ot;
}

/* Linear address of SS:SP (an offset already at sp_size width). */
static void gen_stack_addr(DisasContext *s, TCGv_i64 dst, TCGv_i64 sp)
{
    gen_add_seg(s, dst, sp, R_SS, sp_size(s));
}

void gen_push(DisasContext *s, MemOp ot, TCGv_i64 val)
{
    TCGv_i64 sp = tcg_temp_new_i64(), addr = tcg_temp_new_i64();

    tcg_gen_subi_i64(sp, cpu_regs[R_ESP], 1 << ot);
    gen_stack_addr(s, addr, sp);
    gen_st(s, ot, val, addr);
    /* rSP changes only after the store succeeded (precise on a fault). */
    gen_write_reg(R_ESP, sp_size(s), false, sp);
}

void gen_pop(DisasContext *s, MemOp ot, TCGv_i64 val)
{
    TCGv_i64 sp = tcg_temp_new_i64(), addr = tcg_temp_new_i64();

    gen_stack_addr(s, addr, cpu_regs[R_ESP]);
    gen_ld(s, ot, val, addr);
    tcg_gen_addi_i64(sp, cpu_regs[R_ESP], 1 << ot);
    gen_write_reg(R_ESP, sp_size(s), false, sp);
}

void gen_PUSH(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 v = tcg_temp_new_i64();
    MemOp ot = stack_ot(s, d->ot);

    if (d->op[0].kind == X86_OP_IMM) {
        tcg_gen_movi_i64(v, d->imm); /* sign-extended to the push width */
    } else {
        gen_load_op(s, d, 0, v);
    }
    gen_push(s, ot, v);
}

/*
 * POP r/m.  A memory destination is stored before rSP changes (precise on
 * a fault), and one addressed through rSP uses the rSP after the pop (SDM
 * vol. 2B, POP); 16-bit addressing has no rSP base, so adding the size to
 * the address is that.
 */
void gen_POP(DisasContext *s, X86DecodedInsn *d)
{
    MemOp ot = stack_ot(s, d->ot);
    TCGv_i64 v = tcg_temp_new_i64();
    TCGv_i64 sp = tcg_temp_new_i64(), addr = tcg_temp_new_i64();

    if (d->op[0].kind != X86_OP_MEM) {
        gen_pop(s, ot, v);
        gen_store_op(s, d, 0, v);
        return;
    }
    gen_stack_addr(s, addr, cpu_regs[R_ESP]);
    gen_ld(s, ot, v, addr);
    if (d->ea.base == R_ESP) {
        tcg_gen_addi_i64(s->A0, s->A0, 1 << ot);
        if (d->aflag == MO_32) {
            tcg_gen_ext32u_i64(s->A0, s->A0);
        }
    }
    gen_store_op(s, d, 0, v);
    tcg_gen_addi_i64(sp, cpu_regs[R_ESP], 1 << ot);
    gen_write_reg(R_ESP, sp_size(s), false, sp);
}

void gen_PUSH_SEG(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 v = tcg_temp_new_i64();

    gen_load_op(s, d, 0, v);
    gen_push(s, stack_ot(s, d->ot), v);
}

void gen_POP_SEG(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 v = tcg_temp_new_i64();
    TCGv_i32 v32 = tcg_temp_new_i32();
    MemOp ot = stack_ot(s, d->ot);
    TCGv_i64 sp = tcg_temp_new_i64(), addr = tcg_temp_new_i64();

    gen_stack_addr(s, addr, cpu_regs[R_ESP]);
    gen_ld(s, MO_16, v, addr);
    tcg_gen_extrl_i64_i32(v32, v);
    gen_update_cc_op(s);
    tcg_gen_st_i64(tcg_constant_i64(s_cur_eip(s)), tcg_env(),
                   offsetof(CPUX86State, rip));
    tcg_gen_call3(&helper_info_load_seg, NULL, tcg_env(),
                  tcg_constant_i32(d->op[0].reg), v32);
    tcg_gen_addi_i64(sp, cpu_regs[R_ESP], 1 << ot);
    gen_write_reg(R_ESP, sp_size(s), false, sp);
    /* Segment bases are in the TB key (ADDSEG); POP SS inhibits IRQs and
     * holds the single-step trap until after the next instruction (SDM
     * vol. 3, 6.8.3): that instruction's TB raises it. */
    if (d->op[0].reg == R_SS) {
        s->flags &= ~HF_TF_MASK;
    }
    s->base.is_jmp = DISAS_EOB_NEXT;
}

void gen_PUSHA(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 sp0 = tcg_temp_new_i64();

    tcg_gen_mov_i64(sp0, cpu_regs[R_ESP]);
    for (int r = R_EAX; r <= R_EDI; r++) {
        gen_push(s, d->ot, r == R_ESP ? sp0 : cpu_regs[r]);
    }
}

void gen_POPA(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 v = tcg_temp_new_i64();

    for (int r = R_EDI; r >= R_EAX; r--) {
        gen_pop(s, d->ot, v);
        if (r != R_ESP) { /* the popped rSP image is discarded */
            gen_write_reg(r, d->ot, false, v);
        }
    }
}

/* Virtual-8086 mode without VME: PUSHF/POPF need IOPL 3, else #GP(0). */
static bool vm86_iopl_ok(DisasContext *s)
{
    if ((s->flags & HF_VM_MASK)
        && ((s->flags & HF_IOPL_MASK) >> HF_IOPL_SHIFT) < 3) {
        gen_exception(s, EXCP0D_GPF);
        return false;
    }
    return true;
}

void gen_PUSHF(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 f = tcg_temp_new_i64();

    if (!vm86_iopl_ok(s)) {
        return;
    }
    gen_update_cc_op(s);
    tcg_gen_call1(&helper_info_read_eflags, f, tcg_env());
    gen_push(s, stack_ot(s, d->ot), f);
}

/*
 * POPF: which bits may change depends on CPL and IOPL (SDM vol. 2B, POPF):
 * IF only when CPL <= IOPL, IOPL only at CPL 0; VM, RF, VIP, VIF never.
 * In virtual-8086 mode (CPL 3, IOPL 3 or #GP) IF changes, IOPL does not.
 */
void gen_POPF(DisasContext *s, X86DecodedInsn *d)
{
    MemOp ot = stack_ot(s, d->ot);
    unsigned cpl = s->flags & HF_CPL_MASK;
    unsigned iopl = (s->flags & HF_IOPL_MASK) >> HF_IOPL_SHIFT;
    uint32_t mask = TF_MASK | AC_MASK | ID_MASK | NT_MASK;
    TCGv_i64 v = tcg_temp_new_i64();

    if (!vm86_iopl_ok(s)) {
        return;
    }
    if (cpl <= iopl) {
        mask |= IF_MASK;
    }
    if (cpl == 0) {
        mask |= IOPL_MASK;
    }
    if (ot == MO_16) {
        mask &= 0xffff;
    }
    gen_pop(s, ot, v);
    gen_update_cc_op(s);
    tcg_gen_call3(&helper_info_write_eflags, NULL, tcg_env(), v,
                  tcg_constant_i32(mask));
    tcg_gen_ld_i64(cpu_df, tcg_env(), offsetof(CPUX86State, df));
    s->cc_op = CC_OP_EFLAGS;
    s->cc_op_dirty = false;
    /* TF, IF and IOPL are in the TB key or gate interrupts: end the TB. */
    s->base.is_jmp = DISAS_EOB_NEXT;
}

/* ENTER imm16, level (SDM vol. 2A, ENTER), level taken modulo 32. */
void gen_ENTER(DisasContext *s, X86DecodedInsn *d)
{
    MemOp ot = stack_ot(s, d->ot);
    unsigned level = d->imm2 & 31;
    TCGv_i64 frame = tcg_temp_new_i64(), bp = tcg_temp_new_i64();
    TCGv_i64 v = tcg_temp_new_i64(), addr = tcg_temp_new_i64();
    TCGv_i64 sp = tcg_temp_new_i64();

    gen_push(s, ot, cpu_regs[R_EBP]);
    gen_extend(sp_size(s), false, frame, cpu_regs[R_ESP]);
    tcg_gen_mov_i64(bp, cpu_regs[R_EBP]);
    for (unsigned i = 1; i < level; i++) {
        tcg_gen_subi_i64(bp, bp, 1 << ot);
        gen_extend(sp_size(s), false, bp, bp);
        gen_stack_addr(s, addr, bp);
        gen_ld(s, ot, v, addr);
        gen_push(s, ot, v);
    }
    if (level) {
        gen_push(s, ot, frame);
    }
    gen_write_reg(R_EBP, ot, false, frame);
    tcg_gen_subi_i64(sp, cpu_regs[R_ESP], (uint16_t)d->imm);
    gen_write_reg(R_ESP, sp_size(s), false, sp);
}

void gen_LEAVE(DisasContext *s, X86DecodedInsn *d)
{
    MemOp ot = stack_ot(s, d->ot);
    TCGv_i64 v = tcg_temp_new_i64();

    gen_write_reg(R_ESP, sp_size(s), false, cpu_regs[R_EBP]);
    gen_pop(s, ot, v);
    gen_write_reg(R_EBP, ot, false, v);
}
