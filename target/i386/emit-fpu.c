/*
 * Emitters for the x87 (escape opcodes D8-DF and FWAIT) and the FPU state
 * save/restore family (FXSAVE/FXRSTOR, XSAVE*, XRSTOR*, XGETBV/XSETBV).
 *
 * Every x87 data instruction is one call to a helper that runs it on the
 * host FPU (fpu_helper.c); the emitter passes the descriptor (FOP, the
 * memory operand's segment, the operand size), the instruction's offset
 * for FIP and the operand's effective address for FDP.  Checks made at
 * translation time from the TB flags (SDM vol. 3, table 2-2 and 12-8):
 * CR0.EM or CR0.TS -> #NM for every escape instruction; WAIT -> #NM only
 * with CR0.MP and CR0.TS.  Pending unmasked exceptions (#MF) are a
 * run-time check inside the helpers of waiting instructions.
 */
#include "target/i386/helper.h"
#include "target/i386/translate.h"

/* -- Shared parts -------------------------------------------------------- */

/* #NM when CR0.EM or CR0.TS; false when the exception was emitted. */
static bool gen_x87_check_nm(DisasContext *s)
{
    if (s->flags & (HF_EM_MASK | HF_TS_MASK)) {
        gen_exception(s, EXCP07_PREX);
        return false;
    }
    return true;
}

static uint32_t x87_desc(X86DecodedInsn *d)
{
    uint32_t desc = ((d->b & 7u) << 8) | d->modrm;

    if (d->has_ea) {
        desc |= (uint32_t)d->ea.seg << X87_DESC_SEG_SHIFT;
    }
    if (d->ot == MO_16) {
        desc |= X87_DESC_OP16;
    }
    return desc;
}

/*
 * A data instruction run by the host FPU.  EFLAGS (or NULL) feeds
 * FCMOVcc; for register forms the returned temp holds the arithmetic
 * flags the instruction leaves (NULL for memory forms).
 */
static TCGv_i64 gen_x87_native(DisasContext *s, X86DecodedInsn *d,
                               TCGv_i64 eflags)
{
    TCGv_i32 desc = tcg_constant_i32(x87_desc(d));
    TCGv_i64 eip = tcg_constant_i64(s_cur_eip(s));
    TCGv_i64 ret;

    gen_update_cc_op(s);
    if (d->has_ea) {
        TCGv_i64 dp = tcg_temp_new_i64();

        gen_lea_ea(s, d, dp);
        tcg_gen_call5(&helper_info_x87_mem, NULL, tcg_env(), desc, eip, s->A0,
                      dp);
        return NULL;
    }
    ret = tcg_temp_new_i64();
    tcg_gen_call4(&helper_info_x87_reg, ret, tcg_env(), desc, eip,
                  eflags ? eflags : tcg_constant_i64(0));
    return ret;
}

static void gen_x87(DisasContext *s, X86DecodedInsn *d)
{
    if (gen_x87_check_nm(s)) {
        gen_x87_native(s, d, NULL);
    }
}

/* FCOMI and friends: ZF/PF/CF from the compare, OF/SF/AF cleared. */
static void gen_x87_flags(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 flags;

    if (!gen_x87_check_nm(s)) {
        return;
    }
    flags = gen_x87_native(s, d, NULL);
    tcg_gen_mov_i64(cpu_cc_src, flags);
    set_cc_op(s, CC_OP_EFLAGS);
}

/* The data instructions: one host instruction each. */
#define X87_NATIVE(name)                                                       \
    void gen_##name(DisasContext *s, X86DecodedInsn *d)                        \
    {                                                                          \
        gen_x87(s, d);                                                         \
    }

X87_NATIVE(FADD)
X87_NATIVE(FMUL)
X87_NATIVE(FCOM)
X87_NATIVE(FCOMP)
X87_NATIVE(FSUB)
X87_NATIVE(FSUBR)
X87_NATIVE(FDIV)
X87_NATIVE(FDIVR)
X87_NATIVE(FADDP)
X87_NATIVE(FMULP)
X87_NATIVE(FSUBP)
X87_NATIVE(FSUBRP)
X87_NATIVE(FDIVP)
X87_NATIVE(FDIVRP)
X87_NATIVE(FCOMPP)
X87_NATIVE(FUCOM)
X87_NATIVE(FUCOMP)
X87_NATIVE(FUCOMPP)
X87_NATIVE(FIADD)
X87_NATIVE(FIMUL)
X87_NATIVE(FICOM)
X87_NATIVE(FICOMP)
X87_NATIVE(FISUB)
X87_NATIVE(FISUBR)
X87_NATIVE(FIDIV)
X87_NATIVE(FIDIVR)
X87_NATIVE(FLD)
X87_NATIVE(FST)
X87_NATIVE(FSTP)
X87_NATIVE(FILD)
X87_NATIVE(FIST)
X87_NATIVE(FISTP)
X87_NATIVE(FISTTP)
X87_NATIVE(FBLD)
X87_NATIVE(FBSTP)
X87_NATIVE(FXCH)
X87_NATIVE(FNOP)
X87_NATIVE(FCHS)
X87_NATIVE(FABS)
X87_NATIVE(FTST)
X87_NATIVE(FXAM)
X87_NATIVE(FLD1)
X87_NATIVE(FLDL2T)
X87_NATIVE(FLDL2E)
X87_NATIVE(FLDPI)
X87_NATIVE(FLDLG2)
X87_NATIVE(FLDLN2)
X87_NATIVE(FLDZ)
X87_NATIVE(F2XM1)
X87_NATIVE(FYL2X)
X87_NATIVE(FPTAN)
X87_NATIVE(FPATAN)
X87_NATIVE(FXTRACT)
X87_NATIVE(FPREM1)
X87_NATIVE(FDECSTP)
X87_NATIVE(FINCSTP)
X87_NATIVE(FPREM)
X87_NATIVE(FYL2XP1)
X87_NATIVE(FSQRT)
X87_NATIVE(FSINCOS)
X87_NATIVE(FRNDINT)
X87_NATIVE(FSCALE)
X87_NATIVE(FSIN)
X87_NATIVE(FCOS)
X87_NATIVE(FFREE)
X87_NATIVE(FFREEP)

#undef X87_NATIVE

void gen_FUCOMI(DisasContext *s, X86DecodedInsn *d)
{
    gen_x87_flags(s, d);
}

void gen_FCOMI(DisasContext *s, X86DecodedInsn *d)
{
    gen_x87_flags(s, d);
}

void gen_FUCOMIP(DisasContext *s, X86DecodedInsn *d)
{
    gen_x87_flags(s, d);
}

void gen_FCOMIP(DisasContext *s, X86DecodedInsn *d)
{
    gen_x87_flags(s, d);
}

/* FCMOVcc (DA/DB C0-DF): the host tests the guest's ZF/PF/CF itself. */
void gen_FCMOVCC(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 eflags;

    if (!gen_x87_check_nm(s)) {
        return;
    }
    eflags = tcg_temp_new_i64();
    gen_compute_eflags(s, eflags);
    gen_x87_native(s, d, eflags);
}

/* -- Control instructions -------------------------------------------------- */

static void gen_x87_env_call(DisasContext *s, const TCGHelperInfo *info)
{
    if (gen_x87_check_nm(s)) {
        gen_update_cc_op(s);
        tcg_gen_call1(info, NULL, tcg_env());
    }
}

void gen_FNINIT(DisasContext *s, X86DecodedInsn *d)
{
    gen_x87_env_call(s, &helper_info_fninit);
}

void gen_FNCLEX(DisasContext *s, X86DecodedInsn *d)
{
    gen_x87_env_call(s, &helper_info_fnclex);
}

void gen_FWAIT(DisasContext *s, X86DecodedInsn *d)
{
    /* SDM vol. 3, table 2-2: WAIT faults only when both MP and TS. */
    if ((s->flags & (HF_MP_MASK | HF_TS_MASK)) == (HF_MP_MASK | HF_TS_MASK)) {
        gen_exception(s, EXCP07_PREX);
        return;
    }
    gen_update_cc_op(s);
    tcg_gen_call1(&helper_info_fwait, NULL, tcg_env());
}

void gen_FLDCW(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 v;

    if (!gen_x87_check_nm(s)) {
        return;
    }
    v = tcg_temp_new_i64();
    gen_ld(s, MO_16, v, s->A0);
    gen_update_cc_op(s);
    tcg_gen_call2(&helper_info_fldcw, NULL, tcg_env(), v);
}

void gen_FNSTCW(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 v;

    if (!gen_x87_check_nm(s)) {
        return;
    }
    v = tcg_temp_new_i64();
    tcg_gen_ld16u_i64(v, tcg_env(), ENV_OFS(fpuc));
    gen_st(s, MO_16, v, s->A0);
}

/* FNSTSW m16 (DD /7) and FNSTSW AX (DF E0). */
void gen_FNSTSW(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 v;

    if (!gen_x87_check_nm(s)) {
        return;
    }
    v = tcg_temp_new_i64();
    tcg_gen_call1(&helper_info_fnstsw, v, tcg_env());
    if (d->has_ea) {
        gen_st(s, MO_16, v, s->A0);
    } else {
        gen_write_reg(R_EAX, MO_16, false, v);
    }
}

static void gen_x87_image_call(DisasContext *s, X86DecodedInsn *d,
                               const TCGHelperInfo *info)
{
    if (gen_x87_check_nm(s)) {
        gen_update_cc_op(s);
        tcg_gen_call3(info, NULL, tcg_env(), s->A0,
                      tcg_constant_i32(x87_desc(d)));
    }
}

void gen_FLDENV(DisasContext *s, X86DecodedInsn *d)
{
    gen_x87_image_call(s, d, &helper_info_fldenv);
}

void gen_FNSTENV(DisasContext *s, X86DecodedInsn *d)
{
    gen_x87_image_call(s, d, &helper_info_fnstenv);
}

void gen_FRSTOR(DisasContext *s, X86DecodedInsn *d)
{
    gen_x87_image_call(s, d, &helper_info_frstor);
}

void gen_FNSAVE(DisasContext *s, X86DecodedInsn *d)
{
    gen_x87_image_call(s, d, &helper_info_fnsave);
}

/* -- FXSAVE/FXRSTOR, XSAVE family, XGETBV/XSETBV --------------------------- */

static void gen_state_call(DisasContext *s, X86DecodedInsn *d,
                           const TCGHelperInfo *info, uint32_t kind)
{
    uint32_t desc = kind | ((d->rex & X86_REX_W) ? X86_FXSAVE_REXW : 0);

    gen_update_cc_op(s);
    tcg_gen_call3(info, NULL, tcg_env(), s->A0, tcg_constant_i32(desc));
}

/* FXSAVE/FXRSTOR: #NM for CR0.EM or CR0.TS (SDM FXSAVE). */
void gen_FXSAVE(DisasContext *s, X86DecodedInsn *d)
{
    if (gen_x87_check_nm(s)) {
        gen_state_call(s, d, &helper_info_fxsave, 0);
    }
}

void gen_FXRSTOR(DisasContext *s, X86DecodedInsn *d)
{
    if (gen_x87_check_nm(s)) {
        gen_state_call(s, d, &helper_info_fxrstor, 0);
    }
}

/* The XSAVE family: #NM for CR0.TS only (SDM XSAVE); #UD for a clear
 * CR4.OSXSAVE is checked by the helper. */
static bool gen_xsave_check_nm(DisasContext *s)
{
    if (s->flags & HF_TS_MASK) {
        gen_exception(s, EXCP07_PREX);
        return false;
    }
    return true;
}

void gen_XSAVE(DisasContext *s, X86DecodedInsn *d)
{
    if (gen_xsave_check_nm(s)) {
        gen_state_call(s, d, &helper_info_xsave, X86_XSAVE_STANDARD);
    }
}

void gen_XSAVEOPT(DisasContext *s, X86DecodedInsn *d)
{
    if (gen_xsave_check_nm(s)) {
        gen_state_call(s, d, &helper_info_xsave, X86_XSAVE_OPT);
    }
}

void gen_XSAVEC(DisasContext *s, X86DecodedInsn *d)
{
    if (gen_xsave_check_nm(s)) {
        gen_state_call(s, d, &helper_info_xsave, X86_XSAVE_COMPACT);
    }
}

void gen_XRSTOR(DisasContext *s, X86DecodedInsn *d)
{
    if (gen_xsave_check_nm(s)) {
        gen_state_call(s, d, &helper_info_xrstor, X86_XSAVE_STANDARD);
    }
}

void gen_XGETBV(DisasContext *s, X86DecodedInsn *d)
{
    gen_update_cc_op(s);
    tcg_gen_call1(&helper_info_xgetbv, NULL, tcg_env());
}

void gen_XSETBV(DisasContext *s, X86DecodedInsn *d)
{
    gen_update_cc_op(s);
    tcg_gen_call1(&helper_info_xsetbv, NULL, tcg_env());
}
