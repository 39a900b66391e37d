/*
 * Emitters of the segmentation and system-call family: LDS/LES/LSS/LFS/LGS,
 * IRET, ICEBP, INS/OUTS, ARPL, the descriptor-table instructions (SLDT STR
 * LLDT LTR VERR VERW SGDT SIDT LGDT LIDT LAR LSL), SWAPGS, SYSCALL/SYSRET,
 * SYSENTER/SYSEXIT, RDFSBASE/RDGSBASE/WRFSBASE/WRGSBASE.
 *
 * The checks that depend only on the TB key (protected mode, CPL 0) are
 * the rows' PM and CPL0 attributes, made by the translator; everything that
 * reads descriptors is in the helpers (seg_helper.c, syscall_helper.c), called
 * with rip = the instruction's own address and cc_op synced so their faults are
 * precise. An instruction that changes CS, SS, CPL or EFLAGS ends the TB
 * (gen_eob).
 */
#include <stddef.h>

#include "target/i386/helper.h"
#include "target/i386/translate.h"

/* A helper just set the lazy flags to CC_OP_EFLAGS. */
static void flags_from_helper(DisasContext *s)
{
    s->cc_op = CC_OP_EFLAGS;
    s->cc_op_dirty = false;
}

static TCGv_i32 to_i32(TCGv_i64 v)
{
    TCGv_i32 t = tcg_temp_new_i32();

    tcg_gen_extrl_i64_i32(t, v);
    return t;
}

/* -- LDS LES LSS LFS LGS --------------------------------------------------- */

void gen_LFP(DisasContext *s, X86DecodedInsn *d)
{
    MemOp ot = d->op[0].ot;
    TCGv_i64 off = tcg_temp_new_i64(), sel = tcg_temp_new_i64();
    TCGv_i64 a = tcg_temp_new_i64();
    int seg;

    if (d->e->map == X86_MAP_1) {
        seg = d->b == 0xc4 ? R_ES : R_DS;
    } else {
        seg = d->b == 0xb2 ? R_SS : d->b == 0xb4 ? R_FS : R_GS;
    }
    gen_ld(s, ot, off, s->A0);
    tcg_gen_addi_i64(a, s->A0, 1 << ot);
    gen_ld(s, MO_16, sel, a);
    gen_sync_for_helper(s);
    tcg_gen_call3(&helper_info_load_seg, NULL, tcg_env(), tcg_constant_i32(seg),
                  to_i32(sel));
    /* The register changes only once the segment load succeeded. */
    gen_store_op(s, d, 0, off);
    s->base.is_jmp = DISAS_EOB_NEXT;
}

/* -- IRET, ICEBP ----------------------------------------------------------- */

void gen_IRET(DisasContext *s, X86DecodedInsn *d)
{
    gen_sync_for_helper(s);
    tcg_gen_call3(&helper_info_iret, NULL, tcg_env(), tcg_constant_i32(d->ot),
                  tcg_constant_i64(s_next_eip(s)));
    gen_eob(s);
}

/* ICEBP (INT1): a #DB trap delivered like an external event, no DPL check
 * (SDM vol. 3, 6.15). */
void gen_ICEBP(DisasContext *s, X86DecodedInsn *d)
{
    gen_update_cc_op(s);
    tcg_gen_st_i64(tcg_constant_i64(s_next_eip(s)), tcg_env(), ENV_OFS(rip));
    tcg_gen_call2(&helper_info_raise_exception, NULL, tcg_env(),
                  tcg_constant_i32(EXCP01_DB));
    s->base.is_jmp = DISAS_NORETURN;
}

/* -- INS, OUTS ------------------------------------------------------------- */

/* REG (rSI/rDI, address-size wide) += DF * the element size. */
static void gen_string_step(X86DecodedInsn *d, int reg, MemOp ot)
{
    TCGv_i64 t = tcg_temp_new_i64();

    tcg_gen_shli_i64(t, cpu_df, ot);
    tcg_gen_add_i64(t, cpu_regs[reg], t);
    gen_write_reg(reg, d->aflag, false, t);
}

/*
 * One element of INS/OUTS.  With a REP prefix the instruction does one
 * iteration per execution and jumps back to itself, so interrupts,
 * faults and single-step traps see rCX/rSI/rDI exactly per iteration.
 */
static void gen_string_io(DisasContext *s, X86DecodedInsn *d, bool in)
{
    MemOp ot = in ? d->op[0].ot : d->op[1].ot;
    bool rep = d->prefixes & (X86_PREFIX_REPZ | X86_PREFIX_REPNZ);
    TCGv_i64 port = tcg_temp_new_i64(), val = tcg_temp_new_i64();
    TCGv_i64 addr = tcg_temp_new_i64(), t = tcg_temp_new_i64();
    TCGLabel *done = gen_new_label();

    gen_sync_for_helper(s);
    if (rep) {
        gen_read_reg(t, R_ECX, d->aflag, false);
        tcg_gen_brcondi_i64(TCG_COND_EQ, t, 0, done);
    }
    gen_read_reg(port, R_EDX, MO_16, false);
    if (in) {
        /* The destination is always ES:rDI (no override). */
        tcg_gen_call3(&helper_info_in, val, tcg_env(), port,
                      tcg_constant_i32(ot));
        gen_add_seg(s, addr, cpu_regs[R_EDI], R_ES, d->aflag);
        gen_st(s, ot, val, addr);
        gen_string_step(d, R_EDI, ot);
    } else {
        gen_add_seg(s, addr, cpu_regs[R_ESI],
                    d->seg_override >= 0 ? d->seg_override : R_DS, d->aflag);
        gen_ld(s, ot, val, addr);
        tcg_gen_call4(&helper_info_out, NULL, tcg_env(), port, val,
                      tcg_constant_i32(ot));
        gen_string_step(d, R_ESI, ot);
    }
    if (rep) {
        tcg_gen_subi_i64(t, cpu_regs[R_ECX], 1);
        gen_write_reg(R_ECX, d->aflag, false, t);
        gen_jmp_eip(s, s_cur_eip(s));
    }
    tcg_gen_set_label(done);
    gen_jmp_eip(s, s_next_eip(s));
}

void gen_INS(DisasContext *s, X86DecodedInsn *d)
{
    gen_string_io(s, d, true);
}

void gen_OUTS(DisasContext *s, X86DecodedInsn *d)
{
    gen_string_io(s, d, false);
}

/* -- ARPL, SLDT, STR, LLDT, LTR, VERR, VERW, LAR, LSL ---------------------- */

void gen_ARPL(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 dst = tcg_temp_new_i64(), src = tcg_temp_new_i64();

    gen_load_op(s, d, 0, dst);
    gen_load_op(s, d, 1, src);
    gen_update_cc_op(s);
    tcg_gen_call3(&helper_info_arpl, dst, tcg_env(), dst, src);
    flags_from_helper(s);
    gen_store_op(s, d, 0, dst);
}

/* SLDT/STR: a memory destination is 16 bits, a register gets the selector
 * zero-extended to the operand size. */
static void gen_store_selector(DisasContext *s, X86DecodedInsn *d, intptr_t ofs)
{
    TCGv_i64 v = tcg_temp_new_i64();

    tcg_gen_ld16u_i64(v, tcg_env(), ofs);
    if (d->op[0].kind == X86_OP_MEM) {
        d->op[0].ot = MO_16;
    }
    gen_store_op(s, d, 0, v);
}

void gen_SLDT(DisasContext *s, X86DecodedInsn *d)
{
    gen_store_selector(s, d, ENV_OFS(ldt.selector));
}

void gen_STR(DisasContext *s, X86DecodedInsn *d)
{
    gen_store_selector(s, d, ENV_OFS(tr.selector));
}

static void gen_load_sys_selector(DisasContext *s, X86DecodedInsn *d,
                                  const TCGHelperInfo *info)
{
    TCGv_i64 v = tcg_temp_new_i64();

    gen_load_op(s, d, 0, v);
    gen_sync_for_helper(s);
    tcg_gen_call2(info, NULL, tcg_env(), to_i32(v));
}

void gen_LLDT(DisasContext *s, X86DecodedInsn *d)
{
    gen_load_sys_selector(s, d, &helper_info_lldt);
}

void gen_LTR(DisasContext *s, X86DecodedInsn *d)
{
    gen_load_sys_selector(s, d, &helper_info_ltr);
}

static void gen_verify(DisasContext *s, X86DecodedInsn *d, bool write)
{
    TCGv_i64 v = tcg_temp_new_i64();

    gen_load_op(s, d, 0, v);
    gen_sync_for_helper(s);
    tcg_gen_call3(&helper_info_verr, NULL, tcg_env(), to_i32(v),
                  tcg_constant_i32(write));
    flags_from_helper(s);
}

void gen_VERR(DisasContext *s, X86DecodedInsn *d)
{
    gen_verify(s, d, false);
}

void gen_VERW(DisasContext *s, X86DecodedInsn *d)
{
    gen_verify(s, d, true);
}

/* LAR/LSL: the destination is written only when ZF comes back set. */
static void gen_lar_lsl(DisasContext *s, X86DecodedInsn *d,
                        const TCGHelperInfo *info, uint64_t mask16)
{
    TCGv_i64 v = tcg_temp_new_i64(), z = tcg_temp_new_i64();
    TCGLabel *skip = gen_new_label();

    gen_load_op(s, d, 1, v);
    gen_sync_for_helper(s);
    tcg_gen_call2(info, v, tcg_env(), to_i32(v));
    flags_from_helper(s);
    tcg_gen_andi_i64(z, cpu_cc_src, CC_Z);
    tcg_gen_brcondi_i64(TCG_COND_EQ, z, 0, skip);
    if (d->ot == MO_16) {
        tcg_gen_andi_i64(v, v, mask16);
    }
    gen_store_op(s, d, 0, v);
    tcg_gen_set_label(skip);
}

void gen_LAR(DisasContext *s, X86DecodedInsn *d)
{
    gen_lar_lsl(s, d, &helper_info_lar, 0xff00);
}

void gen_LSL(DisasContext *s, X86DecodedInsn *d)
{
    gen_lar_lsl(s, d, &helper_info_lsl, 0xffff);
}

/* -- SGDT SIDT LGDT LIDT --------------------------------------------------- */

/* The pseudo-descriptor: 16-bit limit, then a 32-bit base (64-bit in
 * 64-bit mode; 24 bits used by a 16-bit LGDT/LIDT). */
static void gen_store_dtr(DisasContext *s, intptr_t base_ofs,
                          intptr_t limit_ofs)
{
    TCGv_i64 v = tcg_temp_new_i64(), a = tcg_temp_new_i64();

    tcg_gen_ld16u_i64(v, tcg_env(), limit_ofs);
    gen_st(s, MO_16, v, s->A0);
    tcg_gen_ld_i64(v, tcg_env(), base_ofs);
    tcg_gen_addi_i64(a, s->A0, 2);
    gen_st(s, s->code64 ? MO_64 : MO_32, v, a);
}

static void gen_load_dtr(DisasContext *s, X86DecodedInsn *d, intptr_t base_ofs,
                         intptr_t limit_ofs)
{
    TCGv_i64 limit = tcg_temp_new_i64(), base = tcg_temp_new_i64();
    TCGv_i64 a = tcg_temp_new_i64();

    gen_ld(s, MO_16, limit, s->A0);
    tcg_gen_addi_i64(a, s->A0, 2);
    gen_ld(s, s->code64 ? MO_64 : MO_32, base, a);
    if (!s->code64 && d->ot == MO_16) {
        tcg_gen_andi_i64(base, base, 0xffffff);
    }
    tcg_gen_st16_i64(limit, tcg_env(), limit_ofs);
    tcg_gen_st_i64(base, tcg_env(), base_ofs);
}

void gen_SGDT(DisasContext *s, X86DecodedInsn *d)
{
    gen_store_dtr(s, ENV_OFS(gdt.base), ENV_OFS(gdt.limit));
}

void gen_SIDT(DisasContext *s, X86DecodedInsn *d)
{
    gen_store_dtr(s, ENV_OFS(idt.base), ENV_OFS(idt.limit));
}

void gen_LGDT(DisasContext *s, X86DecodedInsn *d)
{
    gen_load_dtr(s, d, ENV_OFS(gdt.base), ENV_OFS(gdt.limit));
}

void gen_LIDT(DisasContext *s, X86DecodedInsn *d)
{
    gen_load_dtr(s, d, ENV_OFS(idt.base), ENV_OFS(idt.limit));
}

/* -- SWAPGS, FS/GS base ---------------------------------------------------- */

void gen_SWAPGS(DisasContext *s, X86DecodedInsn *d)
{
    tcg_gen_call1(&helper_info_swapgs, NULL, tcg_env());
}

static void gen_rdsegbase(DisasContext *s, X86DecodedInsn *d, int seg)
{
    TCGv_i64 v = tcg_temp_new_i64();

    gen_sync_for_helper(s);
    tcg_gen_call2(&helper_info_rdsegbase, v, tcg_env(), tcg_constant_i32(seg));
    gen_store_op(s, d, 0, v);
}

static void gen_wrsegbase(DisasContext *s, X86DecodedInsn *d, int seg)
{
    TCGv_i64 v = tcg_temp_new_i64();

    gen_load_op(s, d, 0, v);
    gen_sync_for_helper(s);
    tcg_gen_call3(&helper_info_wrsegbase, NULL, tcg_env(),
                  tcg_constant_i32(seg), v);
}

void gen_RDFSBASE(DisasContext *s, X86DecodedInsn *d)
{
    gen_rdsegbase(s, d, R_FS);
}

void gen_RDGSBASE(DisasContext *s, X86DecodedInsn *d)
{
    gen_rdsegbase(s, d, R_GS);
}

void gen_WRFSBASE(DisasContext *s, X86DecodedInsn *d)
{
    gen_wrsegbase(s, d, R_FS);
}

void gen_WRGSBASE(DisasContext *s, X86DecodedInsn *d)
{
    gen_wrsegbase(s, d, R_GS);
}

/* -- SYSCALL SYSRET SYSENTER SYSEXIT --------------------------------------- */

void gen_SYSCALL(DisasContext *s, X86DecodedInsn *d)
{
    gen_sync_for_helper(s);
    tcg_gen_call2(&helper_info_syscall, NULL, tcg_env(),
                  tcg_constant_i64(s_next_eip(s)));
    gen_eob(s);
}

void gen_SYSRET(DisasContext *s, X86DecodedInsn *d)
{
    gen_sync_for_helper(s);
    tcg_gen_call2(&helper_info_sysret, NULL, tcg_env(),
                  tcg_constant_i32(d->ot));
    gen_eob(s);
}

void gen_SYSENTER(DisasContext *s, X86DecodedInsn *d)
{
    gen_sync_for_helper(s);
    tcg_gen_call1(&helper_info_sysenter, NULL, tcg_env());
    gen_eob(s);
}

void gen_SYSEXIT(DisasContext *s, X86DecodedInsn *d)
{
    gen_sync_for_helper(s);
    tcg_gen_call2(&helper_info_sysexit, NULL, tcg_env(),
                  tcg_constant_i32(d->ot));
    gen_eob(s);
}
