/*
 * Emitters for the system-register instructions: MOV to/from CRn and
 * DRn, CLTS, LMSW, SMSW, INVLPG, INVD/WBINVD, RDMSR/WRMSR, RDPMC,
 * CLFLUSH(OPT), CLAC/STAC.  The helpers are in misc_helper.c.
 *
 * The decoder rejects invalid control/debug register numbers (#UD); CPL
 * > 0 (#GP(0)) is the rows' CPL0 attribute, checked by the translator;
 * the rest (values,
 * CR4.DE, MSR numbers) in the helpers, which raise precisely because the
 * rip and lazy flags are stored before the call.  Every instruction that
 * can change what a translation depends on (CR0/CR3/CR4, EFER, EFLAGS.AC,
 * a TLB flush) ends the TB, so the next one is looked up in the new state.
 */
#include "target/i386/helper.h"
#include "target/i386/translate.h"
#include "tcg/tcg-op.h"

void gen_MOV_FROM_CR(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 val = tcg_temp_new_i64();
    int reg = d->op[1].reg;

    tcg_gen_call2(&helper_info_read_cr, val, tcg_env(), tcg_constant_i32(reg));
    gen_store_op(s, d, 0, val);
}

void gen_MOV_TO_CR(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 val = tcg_temp_new_i64();
    int reg = d->op[0].reg;

    gen_load_op(s, d, 1, val);
    gen_sync_for_helper(s);
    tcg_gen_call3(&helper_info_write_cr, NULL, tcg_env(), tcg_constant_i32(reg),
                  val);
    s->base.is_jmp = DISAS_EOB_NEXT;
}

void gen_MOV_FROM_DR(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 val = tcg_temp_new_i64();
    int reg = d->op[1].reg;

    gen_sync_for_helper(s);
    tcg_gen_call2(&helper_info_read_dr, val, tcg_env(), tcg_constant_i32(reg));
    gen_store_op(s, d, 0, val);
}

void gen_MOV_TO_DR(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 val = tcg_temp_new_i64();
    int reg = d->op[0].reg;

    gen_load_op(s, d, 1, val);
    gen_sync_for_helper(s);
    tcg_gen_call3(&helper_info_write_dr, NULL, tcg_env(), tcg_constant_i32(reg),
                  val);
    s->base.is_jmp = DISAS_EOB_NEXT;
}

void gen_CLTS(DisasContext *s, X86DecodedInsn *d)
{
    gen_sync_for_helper(s);
    tcg_gen_call1(&helper_info_clts, NULL, tcg_env());
    s->base.is_jmp = DISAS_EOB_NEXT;
}

void gen_LMSW(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 val = tcg_temp_new_i64();

    gen_load_op(s, d, 0, val);
    gen_sync_for_helper(s);
    tcg_gen_call2(&helper_info_lmsw, NULL, tcg_env(), val);
    s->base.is_jmp = DISAS_EOB_NEXT;
}

/* SMSW is not privileged (CR4.UMIP is not offered): the low bits of CR0,
 * the whole register for a 32/64-bit register destination. */
void gen_SMSW(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 val = tcg_temp_new_i64();

    tcg_gen_ld_i64(val, tcg_env(), offsetof(CPUX86State, cr[0]));
    gen_store_op(s, d, 0, val);
}

void gen_INVLPG(DisasContext *s, X86DecodedInsn *d)
{
    gen_sync_for_helper(s);
    tcg_gen_call2(&helper_info_invlpg, NULL, tcg_env(), s->A0);
    /* Code of this TB may have been translated through the old mapping. */
    s->base.is_jmp = DISAS_EOB_NEXT;
}

/* INVD/WBINVD: no caches are modelled; the CPL0 check is the whole
 * instruction. */
void gen_INVD(DisasContext *s, X86DecodedInsn *d)
{
}

void gen_WBINVD(DisasContext *s, X86DecodedInsn *d)
{
}

void gen_RDMSR(DisasContext *s, X86DecodedInsn *d)
{
    gen_sync_for_helper(s);
    tcg_gen_call1(&helper_info_rdmsr, NULL, tcg_env());
}

void gen_WRMSR(DisasContext *s, X86DecodedInsn *d)
{
    gen_sync_for_helper(s);
    tcg_gen_call1(&helper_info_wrmsr, NULL, tcg_env());
    s->base.is_jmp = DISAS_EOB_NEXT;
}

/* RDPMC: CPL > 0 needs CR4.PCE, which is not in hflags: the helper raises
 * #GP(0) in every case (no counters are advertised). */
void gen_RDPMC(DisasContext *s, X86DecodedInsn *d)
{
    gen_sync_for_helper(s);
    tcg_gen_call1(&helper_info_rdpmc, NULL, tcg_env());
    s->base.is_jmp = DISAS_NORETURN;
}

/* CLFLUSH(OPT): no caches; the line must still be readable (SDM: it is
 * checked as a byte load, so it faults where a read would). */
static void gen_flush_line(DisasContext *s)
{
    TCGv_i64 tmp = tcg_temp_new_i64();

    gen_ld(s, MO_8, tmp, s->A0);
}

void gen_CLFLUSH(DisasContext *s, X86DecodedInsn *d)
{
    gen_flush_line(s);
}

void gen_CLFLUSHOPT(DisasContext *s, X86DecodedInsn *d)
{
    gen_flush_line(s);
}

/* CLAC/STAC: #UD at CPL > 0 (SDM vol. 2A). */
static void gen_write_ac(DisasContext *s, bool set)
{
    if (s->flags & HF_CPL_MASK) {
        gen_illegal(s);
        return;
    }
    gen_sync_for_helper(s);
    tcg_gen_call2(&helper_info_set_ac, NULL, tcg_env(), tcg_constant_i32(set));
    s->base.is_jmp = DISAS_EOB_NEXT;
}

void gen_CLAC(DisasContext *s, X86DecodedInsn *d)
{
    gen_write_ac(s, false);
}

void gen_STAC(DisasContext *s, X86DecodedInsn *d)
{
    gen_write_ac(s, true);
}
