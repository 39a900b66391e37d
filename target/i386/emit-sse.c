/*
 * Emitters of MMX, SSE, SSE2, SSE3, SSSE3, SSE4.1, SSE4.2, AES-NI and
 * PCLMULQDQ instructions.
 *
 * Where the registers live: XMM registers in CPUX86State.xmm_regs[], MMX
 * registers in the significands of the x87 registers (fpregs[i].mmx), both
 * in memory, not TCG globals.  Moves, inserts/extracts and the bitwise
 * logic are inline i64 loads/stores on env; every other instruction calls
 * one helper with the env offsets of its operands (sse-helper.def), a
 * memory source being loaded into xmm_t0 first.
 *
 * Measured: a guest loop of 10^7 iterations of 16 PXOR/PAND/POR on XMM
 * registers (1.6 * 10^8 instructions, x86_64 backend, a shared 2-core host,
 * best of three): inline i64 ops 0.46 s, one helper call each 1.20 s.  So
 * the logic and moves are inline; the rest, where a helper does 4-16 lanes
 * of work per call and inline code would be 10-40 ops, calls helpers.
 *
 * Checks before any operand is touched (SDM vol. 3, 13.1; vol. 2, 2.4):
 * CR0.EM -> #UD; an instruction with an XMM operand (or LDMXCSR/STMXCSR)
 * and CR4.OSFXSR clear -> #UD; CR0.TS -> #NM.  All three are hflags bits,
 * so the check costs nothing at run time.  Legacy-SSE 16-byte memory
 * operands must be 16-byte aligned (#GP(0)) except for the explicitly
 * unaligned forms (MOVUPS/MOVUPD/MOVDQU/LDDQU, PCMPxSTRx).
 *
 * MMX instructions that name an MMX register set TOP = 0 and tag all x87
 * registers valid; a written MMX register gets exponent bits all ones
 * (SDM vol. 1, 9.5.1).  EMMS tags all registers empty.
 */
#include <stddef.h>

#include "target/i386/helper.h"
#include "target/i386/translate.h"

#define XMM_OFS(r) ENV_OFS(xmm_regs[r])
#define MMX_OFS(r) ENV_OFS(fpregs[r].mmx)
#define T0_OFS     ENV_OFS(xmm_t0)

/* -- Checks and MMX state -------------------------------------------------- */

static bool row_has_xmm(const X86OpEntry *e)
{
    for (int i = 0; i < 3; i++) {
        if (e->type[i] == X86_TYPE_V || e->type[i] == X86_TYPE_W
            || e->type[i] == X86_TYPE_U) {
            return true;
        }
    }
    return false;
}

static bool insn_has_mmx(const X86DecodedInsn *d)
{
    for (int i = 0; i < 3; i++) {
        if (d->op[i].kind == X86_OP_MMX) {
            return true;
        }
    }
    return false;
}

/* CR0.EM / CR4.OSFXSR / CR0.TS; false when an exception was generated. */
static bool gen_vec_gate(DisasContext *s, bool needs_osfxsr)
{
    if ((s->flags & HF_EM_MASK)
        || (needs_osfxsr && !(s->flags & HF_OSFXSR_MASK))) {
        gen_illegal(s);
        return false;
    }
    if (s->flags & HF_TS_MASK) {
        gen_exception(s, EXCP07_PREX);
        return false;
    }
    return true;
}

/* The checks for D, and the x87 -> MMX transition when it names an MMX
 * register.  False when an exception was generated. */
static bool gen_vec_enter(DisasContext *s, X86DecodedInsn *d)
{
    if (!gen_vec_gate(s, row_has_xmm(d->e))) {
        return false;
    }
    if (insn_has_mmx(d)) {
        tcg_gen_st_i32(tcg_constant_i32(0), tcg_env(), ENV_OFS(fpstt));
        tcg_gen_st_i64(tcg_constant_i64(0), tcg_env(), ENV_OFS(fptags));
    }
    return true;
}

/* After a write to operand I: an MMX register's exponent bits all ones. */
static void gen_vec_written(X86DecodedInsn *d, int i)
{
    if (d->op[i].kind == X86_OP_MMX) {
        tcg_gen_st16_i64(tcg_constant_i64(0xffff), tcg_env(),
                         ENV_OFS(fpregs[d->op[i].reg].f.sexp));
    }
}

/* -- Operands -------------------------------------------------------------- */

static void gen_check_align16(DisasContext *s)
{
    TCGLabel *ok = gen_new_label();
    TCGv_i64 t = tcg_temp_new_i64();

    tcg_gen_andi_i64(t, s->A0, 15);
    tcg_gen_brcondi_i64(TCG_COND_EQ, t, 0, ok);
    tcg_gen_call1(&helper_info_sse_misaligned, NULL, tcg_env());
    tcg_gen_set_label(ok);
}

/* Guest memory at A0 (OT bytes, zero-extended to 8 or 16) -> env at OFS. */
static void gen_ld_env(DisasContext *s, MemOp ot, uint32_t ofs, bool aligned)
{
    TCGv_i64 lo = tcg_temp_new_i64();

    if (ot == MO_128) {
        TCGv_i64 hi = tcg_temp_new_i64();

        if (aligned) {
            gen_check_align16(s);
        }
        tcg_gen_qemu_ld2_i64(lo, hi, s->A0, s->mmu_idx, MO_128);
        tcg_gen_st_i64(hi, tcg_env(), ofs + 8);
    } else {
        gen_ld(s, ot, lo, s->A0);
    }
    tcg_gen_st_i64(lo, tcg_env(), ofs);
}

/* env at OFS (OT bytes) -> guest memory at A0. */
static void gen_st_env(DisasContext *s, MemOp ot, uint32_t ofs, bool aligned)
{
    TCGv_i64 lo = tcg_temp_new_i64();

    tcg_gen_ld_i64(lo, tcg_env(), ofs);
    if (ot == MO_128) {
        TCGv_i64 hi = tcg_temp_new_i64();

        if (aligned) {
            gen_check_align16(s);
        }
        tcg_gen_ld_i64(hi, tcg_env(), ofs + 8);
        tcg_gen_qemu_st2_i64(lo, hi, s->A0, s->mmu_idx, MO_128);
    } else {
        gen_st(s, ot, lo, s->A0);
    }
}

/* env offset of register operand I (XMM or MMX). */
static uint32_t vec_reg_ofs(const X86DecodedInsn *d, int i)
{
    const X86Operand *op = &d->op[i];

    return op->kind == X86_OP_MMX ? MMX_OFS(op->reg) : XMM_OFS(op->reg);
}

/* env offset holding source operand I: the register, or xmm_t0 loaded
 * from memory (16-byte operands must be aligned when ALIGNED). */
static uint32_t gen_vec_src(DisasContext *s, X86DecodedInsn *d, int i,
                            bool aligned)
{
    if (d->op[i].kind == X86_OP_MEM) {
        gen_ld_env(s, d->op[i].ot, T0_OFS, aligned);
        return T0_OFS;
    }
    return vec_reg_ofs(d, i);
}

/* Vector width of the destination: 8 for MMX, 16 for XMM. */
static unsigned vec_width(const X86DecodedInsn *d)
{
    return d->op[0].kind == X86_OP_MMX ? 8 : 16;
}

static void gen_copy_env(uint32_t dst, uint32_t src, unsigned bytes)
{
    TCGv_i64 t = tcg_temp_new_i64();

    for (unsigned i = 0; i < bytes; i += 8) {
        tcg_gen_ld_i64(t, tcg_env(), src + i);
        tcg_gen_st_i64(t, tcg_env(), dst + i);
    }
}

/* -- Helper-call shapes ---------------------------------------------------- */

/* dst (operand 0) = OP(dst, src operand 1) through a VV helper. */
static void gen_vec_helper(DisasContext *s, X86DecodedInsn *d,
                           const TCGHelperInfo *info, bool aligned)
{
    uint32_t sofs;

    if (!gen_vec_enter(s, d)) {
        return;
    }
    sofs = gen_vec_src(s, d, 1, aligned);
    tcg_gen_call4(info, NULL, tcg_env(), tcg_constant_i32(vec_reg_ofs(d, 0)),
                  tcg_constant_i32(sofs),
                  tcg_constant_i32(SSE_DESC(d->imm, vec_width(d), false)));
    gen_vec_written(d, 0);
}

#define VEC_HELPER(NAME, helper)                                               \
    void gen_##NAME(DisasContext *s, X86DecodedInsn *d)                        \
    {                                                                          \
        gen_vec_helper(s, d, &helper_info_##helper, true);                     \
    }

/* Shift by imm8 of an r/m register operand (groups 12-14). */
#define VEC_SHIFT_IMM(NAME, helper)                                            \
    void gen_##NAME(DisasContext *s, X86DecodedInsn *d)                        \
    {                                                                          \
        if (!gen_vec_enter(s, d)) {                                            \
            return;                                                            \
        }                                                                      \
        tcg_gen_call4(                                                         \
            &helper_info_##helper, NULL, tcg_env(),                            \
            tcg_constant_i32(vec_reg_ofs(d, 0)),                               \
            tcg_constant_i32(vec_reg_ofs(d, 0)),                               \
            tcg_constant_i32(SSE_DESC(d->imm, vec_width(d), false)));          \
        gen_vec_written(d, 0);                                                 \
    }

/* EFLAGS from helper result FLAGS (O/S/Z/A/P/C bits, others clear). */
static void gen_set_eflags_from(DisasContext *s, TCGv_i64 flags)
{
    tcg_gen_mov_i64(cpu_cc_src, flags);
    set_cc_op(s, CC_OP_EFLAGS);
}

/* -- Inline bitwise logic -------------------------------------------------- */

typedef void LogicFn(TCGv_i64, TCGv_i64, TCGv_i64);

static void gen_vec_logic(DisasContext *s, X86DecodedInsn *d, LogicFn *fn)
{
    uint32_t dofs, sofs;
    TCGv_i64 a = tcg_temp_new_i64(), b = tcg_temp_new_i64();

    if (!gen_vec_enter(s, d)) {
        return;
    }
    sofs = gen_vec_src(s, d, 1, true);
    dofs = vec_reg_ofs(d, 0);
    for (unsigned i = 0; i < vec_width(d); i += 8) {
        tcg_gen_ld_i64(a, tcg_env(), dofs + i);
        tcg_gen_ld_i64(b, tcg_env(), sofs + i);
        fn(a, a, b);
        tcg_gen_st_i64(a, tcg_env(), dofs + i);
    }
    gen_vec_written(d, 0);
}

/* d = ~d & s (PANDN's operand order). */
static void gen_andn_rev(TCGv_i64 r, TCGv_i64 a, TCGv_i64 b)
{
    tcg_gen_andc_i64(r, b, a);
}

#define VEC_LOGIC(NAME, fn)                                                    \
    void gen_##NAME(DisasContext *s, X86DecodedInsn *d)                        \
    {                                                                          \
        gen_vec_logic(s, d, fn);                                               \
    }

VEC_LOGIC(PAND, tcg_gen_and_i64)
VEC_LOGIC(PANDN, gen_andn_rev)
VEC_LOGIC(POR, tcg_gen_or_i64)
VEC_LOGIC(PXOR, tcg_gen_xor_i64)
VEC_LOGIC(ANDPS, tcg_gen_and_i64)
VEC_LOGIC(ANDPD, tcg_gen_and_i64)
VEC_LOGIC(ANDNPS, gen_andn_rev)
VEC_LOGIC(ANDNPD, gen_andn_rev)
VEC_LOGIC(ORPS, tcg_gen_or_i64)
VEC_LOGIC(ORPD, tcg_gen_or_i64)
VEC_LOGIC(XORPS, tcg_gen_xor_i64)
VEC_LOGIC(XORPD, tcg_gen_xor_i64)

/* -- Moves ----------------------------------------------------------------- */

/* A whole-register move, operand 1 to operand 0 (16 bytes, or 8 for MMX). */
static void gen_vec_move(DisasContext *s, X86DecodedInsn *d, bool aligned)
{
    X86Operand *dst = &d->op[0], *src = &d->op[1];

    if (!gen_vec_enter(s, d)) {
        return;
    }
    if (src->kind == X86_OP_MEM) {
        gen_ld_env(s, src->ot, vec_reg_ofs(d, 0), aligned);
    } else if (dst->kind == X86_OP_MEM) {
        gen_st_env(s, dst->ot, vec_reg_ofs(d, 1), aligned);
    } else {
        gen_copy_env(vec_reg_ofs(d, 0), vec_reg_ofs(d, 1),
                     dst->kind == X86_OP_MMX ? 8 : 16);
    }
    gen_vec_written(d, 0);
}

#define VEC_MOVE(NAME, aligned)                                                \
    void gen_##NAME(DisasContext *s, X86DecodedInsn *d)                        \
    {                                                                          \
        gen_vec_move(s, d, aligned);                                           \
    }

VEC_MOVE(MOVAPS, true)
VEC_MOVE(MOVAPD, true)
VEC_MOVE(MOVDQA, true)
VEC_MOVE(MOVNTPS, true)
VEC_MOVE(MOVNTPD, true)
VEC_MOVE(MOVNTDQ, true)
VEC_MOVE(MOVNTDQA, true)
VEC_MOVE(MOVUPS, false)
VEC_MOVE(MOVUPD, false)
VEC_MOVE(MOVDQU, false)
VEC_MOVE(LDDQU, false)
VEC_MOVE(MOVNTQ, false)

/*
 * MOVSS/MOVSD: register to register moves the low element only; a load
 * zeroes the rest of the register; a store writes the element.
 */
static void gen_vec_move_scalar(DisasContext *s, X86DecodedInsn *d, MemOp ot)
{
    TCGv_i64 t = tcg_temp_new_i64();

    if (!gen_vec_enter(s, d)) {
        return;
    }
    if (d->op[1].kind == X86_OP_MEM) {
        gen_ld(s, ot, t, s->A0);
        tcg_gen_st_i64(t, tcg_env(), vec_reg_ofs(d, 0));
        tcg_gen_st_i64(tcg_constant_i64(0), tcg_env(), vec_reg_ofs(d, 0) + 8);
    } else if (d->op[0].kind == X86_OP_MEM) {
        tcg_gen_ld_i64(t, tcg_env(), vec_reg_ofs(d, 1));
        gen_st(s, ot, t, s->A0);
    } else if (ot == MO_32) {
        tcg_gen_ld32u_i64(t, tcg_env(), vec_reg_ofs(d, 1));
        tcg_gen_st32_i64(t, tcg_env(), vec_reg_ofs(d, 0));
    } else {
        tcg_gen_ld_i64(t, tcg_env(), vec_reg_ofs(d, 1));
        tcg_gen_st_i64(t, tcg_env(), vec_reg_ofs(d, 0));
    }
}

void gen_MOVSS(DisasContext *s, X86DecodedInsn *d)
{
    gen_vec_move_scalar(s, d, MO_32);
}

void gen_MOVSD(DisasContext *s, X86DecodedInsn *d)
{
    gen_vec_move_scalar(s, d, MO_64);
}

/* One quadword: operand 1's quadword SQ to operand 0's quadword DQ. */
static void gen_move_q(DisasContext *s, X86DecodedInsn *d, int dq, int sq)
{
    TCGv_i64 t = tcg_temp_new_i64();

    if (!gen_vec_enter(s, d)) {
        return;
    }
    if (d->op[1].kind == X86_OP_MEM) {
        gen_ld(s, MO_64, t, s->A0);
    } else {
        tcg_gen_ld_i64(t, tcg_env(), vec_reg_ofs(d, 1) + 8 * sq);
    }
    if (d->op[0].kind == X86_OP_MEM) {
        gen_st(s, MO_64, t, s->A0);
    } else {
        tcg_gen_st_i64(t, tcg_env(), vec_reg_ofs(d, 0) + 8 * dq);
    }
}

void gen_MOVLPS(DisasContext *s, X86DecodedInsn *d)
{
    gen_move_q(s, d, 0, 0);
}
void gen_MOVLPD(DisasContext *s, X86DecodedInsn *d)
{
    gen_move_q(s, d, 0, 0);
}
void gen_MOVHLPS(DisasContext *s, X86DecodedInsn *d)
{
    gen_move_q(s, d, 0, 1);
}
void gen_MOVLHPS(DisasContext *s, X86DecodedInsn *d)
{
    gen_move_q(s, d, 1, 0);
}

/* MOVHPS/MOVHPD: the high quadword, to or from memory. */
static void gen_move_high(DisasContext *s, X86DecodedInsn *d)
{
    if (d->op[0].kind == X86_OP_MEM) {
        gen_move_q(s, d, 0, 1);
    } else {
        gen_move_q(s, d, 1, 0);
    }
}

void gen_MOVHPS(DisasContext *s, X86DecodedInsn *d)
{
    gen_move_high(s, d);
}
void gen_MOVHPD(DisasContext *s, X86DecodedInsn *d)
{
    gen_move_high(s, d);
}

/*
 * MOVQ: MMX <-> MMX/m64 (0F 6F/7F), xmm <- xmm/m64 zero-extended
 * (F3 0F 7E), xmm/m64 <- xmm (66 0F D6; a register destination's high
 * quadword is zeroed).
 */
void gen_MOVQ(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 t = tcg_temp_new_i64();

    if (!gen_vec_enter(s, d)) {
        return;
    }
    if (d->op[1].kind == X86_OP_MEM) {
        gen_ld(s, MO_64, t, s->A0);
    } else {
        tcg_gen_ld_i64(t, tcg_env(), vec_reg_ofs(d, 1));
    }
    if (d->op[0].kind == X86_OP_MEM) {
        gen_st(s, MO_64, t, s->A0);
        return;
    }
    tcg_gen_st_i64(t, tcg_env(), vec_reg_ofs(d, 0));
    if (d->op[0].kind == X86_OP_XMM) {
        tcg_gen_st_i64(tcg_constant_i64(0), tcg_env(), vec_reg_ofs(d, 0) + 8);
    }
    gen_vec_written(d, 0);
}

void gen_MOVQ2DQ(DisasContext *s, X86DecodedInsn *d)
{
    gen_MOVQ(s, d);
}
void gen_MOVDQ2Q(DisasContext *s, X86DecodedInsn *d)
{
    gen_MOVQ(s, d);
}

/* MOVD/MOVQ with a general register or memory (E,y; REX.W: 64 bits). */
void gen_MOVD(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 t = tcg_temp_new_i64();

    if (!gen_vec_enter(s, d)) {
        return;
    }
    if (d->op[0].kind == X86_OP_XMM || d->op[0].kind == X86_OP_MMX) {
        gen_load_op(s, d, 1, t);
        tcg_gen_st_i64(t, tcg_env(), vec_reg_ofs(d, 0));
        if (d->op[0].kind == X86_OP_XMM) {
            tcg_gen_st_i64(tcg_constant_i64(0), tcg_env(),
                           vec_reg_ofs(d, 0) + 8);
        }
        gen_vec_written(d, 0);
    } else {
        tcg_gen_ld_i64(t, tcg_env(), vec_reg_ofs(d, 1));
        gen_extend(d->op[0].ot, false, t, t);
        gen_store_op(s, d, 0, t);
    }
}

/* MOVNTI: a general register to memory (no vector state involved). */
void gen_MOVNTI(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 t = tcg_temp_new_i64();

    gen_load_op(s, d, 1, t);
    gen_store_op(s, d, 0, t);
}

/* MOVSLDUP / MOVSHDUP: dwords (S, S, S+2, S+2) with S = 0 or 1. */
static void gen_movs_dup(DisasContext *s, X86DecodedInsn *d, int first)
{
    uint32_t sofs, dofs = vec_reg_ofs(d, 0);
    TCGv_i64 lo = tcg_temp_new_i64(), hi = tcg_temp_new_i64();

    if (!gen_vec_enter(s, d)) {
        return;
    }
    sofs = gen_vec_src(s, d, 1, true);
    tcg_gen_ld32u_i64(lo, tcg_env(), sofs + 4 * first);
    tcg_gen_ld32u_i64(hi, tcg_env(), sofs + 8 + 4 * first);
    tcg_gen_st32_i64(lo, tcg_env(), dofs);
    tcg_gen_st32_i64(lo, tcg_env(), dofs + 4);
    tcg_gen_st32_i64(hi, tcg_env(), dofs + 8);
    tcg_gen_st32_i64(hi, tcg_env(), dofs + 12);
}

void gen_MOVSLDUP(DisasContext *s, X86DecodedInsn *d)
{
    gen_movs_dup(s, d, 0);
}
void gen_MOVSHDUP(DisasContext *s, X86DecodedInsn *d)
{
    gen_movs_dup(s, d, 1);
}

void gen_MOVDDUP(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 t = tcg_temp_new_i64();
    uint32_t sofs;

    if (!gen_vec_enter(s, d)) {
        return;
    }
    sofs = gen_vec_src(s, d, 1, true);
    tcg_gen_ld_i64(t, tcg_env(), sofs);
    tcg_gen_st_i64(t, tcg_env(), vec_reg_ofs(d, 0));
    tcg_gen_st_i64(t, tcg_env(), vec_reg_ofs(d, 0) + 8);
}

/* UNPCKLPD / UNPCKHPD: (d.qQ, s.qQ) with Q = 0 or 1. */
static void gen_unpck_pd(DisasContext *s, X86DecodedInsn *d, int q)
{
    TCGv_i64 a = tcg_temp_new_i64(), b = tcg_temp_new_i64();
    uint32_t sofs, dofs = vec_reg_ofs(d, 0);

    if (!gen_vec_enter(s, d)) {
        return;
    }
    sofs = gen_vec_src(s, d, 1, true);
    tcg_gen_ld_i64(a, tcg_env(), dofs + 8 * q);
    tcg_gen_ld_i64(b, tcg_env(), sofs + 8 * q);
    tcg_gen_st_i64(a, tcg_env(), dofs);
    tcg_gen_st_i64(b, tcg_env(), dofs + 8);
}

void gen_UNPCKLPD(DisasContext *s, X86DecodedInsn *d)
{
    gen_unpck_pd(s, d, 0);
}
void gen_UNPCKHPD(DisasContext *s, X86DecodedInsn *d)
{
    gen_unpck_pd(s, d, 1);
}

/* -- Element inserts and extracts ------------------------------------------ */

/* Operand I as E,d with a memory width OT: a register gives its low OT
 * bits (as r32), memory is read at width OT. */
static void gen_load_elem(DisasContext *s, X86DecodedInsn *d, int i, MemOp ot,
                          TCGv_i64 v)
{
    if (d->op[i].kind == X86_OP_MEM) {
        gen_ld(s, ot, v, s->A0);
    } else {
        gen_load_op(s, d, i, v);
    }
}

/* Store V (an element of width OT) to operand I (E,d / E,y): memory gets
 * OT bytes, a register the zero-extended value. */
static void gen_store_elem(DisasContext *s, X86DecodedInsn *d, int i, MemOp ot,
                           TCGv_i64 v)
{
    if (d->op[i].kind == X86_OP_MEM) {
        gen_st(s, ot, v, s->A0);
    } else {
        gen_store_op(s, d, i, v);
    }
}

static void gen_st_elem_env(MemOp ot, TCGv_i64 v, uint32_t ofs)
{
    switch (ot) {
    case MO_8:
        tcg_gen_st8_i64(v, tcg_env(), ofs);
        break;
    case MO_16:
        tcg_gen_st16_i64(v, tcg_env(), ofs);
        break;
    case MO_32:
        tcg_gen_st32_i64(v, tcg_env(), ofs);
        break;
    default:
        tcg_gen_st_i64(v, tcg_env(), ofs);
        break;
    }
}

static void gen_ld_elem_env(MemOp ot, TCGv_i64 v, uint32_t ofs)
{
    switch (ot) {
    case MO_8:
        tcg_gen_ld8u_i64(v, tcg_env(), ofs);
        break;
    case MO_16:
        tcg_gen_ld16u_i64(v, tcg_env(), ofs);
        break;
    case MO_32:
        tcg_gen_ld32u_i64(v, tcg_env(), ofs);
        break;
    default:
        tcg_gen_ld_i64(v, tcg_env(), ofs);
        break;
    }
}

/* PINSRx: element imm8 (modulo the lane count) of operand 0 = operand 1. */
static void gen_pinsr(DisasContext *s, X86DecodedInsn *d, MemOp ot)
{
    TCGv_i64 v = tcg_temp_new_i64();
    unsigned lanes = vec_width(d) >> ot;

    if (!gen_vec_enter(s, d)) {
        return;
    }
    gen_load_elem(s, d, 1, ot, v);
    gen_st_elem_env(ot, v, vec_reg_ofs(d, 0) + ((d->imm & (lanes - 1)) << ot));
    gen_vec_written(d, 0);
}

void gen_PINSRB(DisasContext *s, X86DecodedInsn *d)
{
    gen_pinsr(s, d, MO_8);
}
void gen_PINSRW(DisasContext *s, X86DecodedInsn *d)
{
    gen_pinsr(s, d, MO_16);
}
void gen_PINSRD(DisasContext *s, X86DecodedInsn *d)
{
    gen_pinsr(s, d, d->op[1].ot);
}

/* PEXTRx: element imm8 of the vector operand (operand SRC) to operand 0. */
static void gen_pextr(DisasContext *s, X86DecodedInsn *d, MemOp ot, int src)
{
    TCGv_i64 v = tcg_temp_new_i64();
    unsigned lanes = (d->op[src].kind == X86_OP_MMX ? 8 : 16) >> ot;

    if (!gen_vec_enter(s, d)) {
        return;
    }
    gen_ld_elem_env(ot, v,
                    vec_reg_ofs(d, src) + ((d->imm & (lanes - 1)) << ot));
    gen_store_elem(s, d, 0, ot, v);
}

void gen_PEXTRB(DisasContext *s, X86DecodedInsn *d)
{
    gen_pextr(s, d, MO_8, 1);
}
void gen_PEXTRW(DisasContext *s, X86DecodedInsn *d)
{
    gen_pextr(s, d, MO_16, 1);
}
void gen_PEXTRD(DisasContext *s, X86DecodedInsn *d)
{
    gen_pextr(s, d, d->op[0].ot, 1);
}
void gen_EXTRACTPS(DisasContext *s, X86DecodedInsn *d)
{
    gen_pextr(s, d, MO_32, 1);
}

void gen_INSERTPS(DisasContext *s, X86DecodedInsn *d)
{
    uint32_t sofs;
    bool mem = d->op[1].kind == X86_OP_MEM;

    if (!gen_vec_enter(s, d)) {
        return;
    }
    sofs = gen_vec_src(s, d, 1, false);
    tcg_gen_call4(&helper_info_insertps, NULL, tcg_env(),
                  tcg_constant_i32(vec_reg_ofs(d, 0)), tcg_constant_i32(sofs),
                  tcg_constant_i32(SSE_DESC(d->imm, 16, mem)));
}

/* -- Results in general registers and EFLAGS ------------------------------- */

/* G = helper(src operand 1), e.g. MOVMSKPS, PMOVMSKB, CVTSS2SI. */
static void gen_vec_to_gpr(DisasContext *s, X86DecodedInsn *d,
                           const TCGHelperInfo *info)
{
    TCGv_i64 r = tcg_temp_new_i64();
    uint32_t sofs;

    if (!gen_vec_enter(s, d)) {
        return;
    }
    sofs = gen_vec_src(s, d, 1, true);
    tcg_gen_call4(
        info, r, tcg_env(), tcg_constant_i32(0), tcg_constant_i32(sofs),
        tcg_constant_i32(SSE_DESC(0, d->op[1].kind == X86_OP_MMX ? 8 : 16,
                                  d->op[0].ot == MO_64)));
    gen_store_op(s, d, 0, r);
}

#define VEC_TO_GPR(NAME, helper)                                               \
    void gen_##NAME(DisasContext *s, X86DecodedInsn *d)                        \
    {                                                                          \
        gen_vec_to_gpr(s, d, &helper_info_##helper);                           \
    }

VEC_TO_GPR(MOVMSKPS, movmskps)
VEC_TO_GPR(MOVMSKPD, movmskpd)
VEC_TO_GPR(PMOVMSKB, pmovmskb)
VEC_TO_GPR(CVTSS2SI, cvtss2si)
VEC_TO_GPR(CVTTSS2SI, cvttss2si)
VEC_TO_GPR(CVTSD2SI, cvtsd2si)
VEC_TO_GPR(CVTTSD2SI, cvttsd2si)

/* CVTSI2SS/SD: from r/m32 or r/m64. */
static void gen_cvtsi2f(DisasContext *s, X86DecodedInsn *d,
                        const TCGHelperInfo *info)
{
    TCGv_i64 v = tcg_temp_new_i64();

    if (!gen_vec_enter(s, d)) {
        return;
    }
    gen_load_op(s, d, 1, v);
    tcg_gen_call4(info, NULL, tcg_env(), tcg_constant_i32(vec_reg_ofs(d, 0)), v,
                  tcg_constant_i32(SSE_DESC(0, 16, d->op[1].ot == MO_64)));
}

void gen_CVTSI2SS(DisasContext *s, X86DecodedInsn *d)
{
    gen_cvtsi2f(s, d, &helper_info_cvtsi2ss);
}

void gen_CVTSI2SD(DisasContext *s, X86DecodedInsn *d)
{
    gen_cvtsi2f(s, d, &helper_info_cvtsi2sd);
}

/* EFLAGS = helper(operand 0, operand 1): COMIS*, PTEST. */
static void gen_vec_flags(DisasContext *s, X86DecodedInsn *d,
                          const TCGHelperInfo *info)
{
    TCGv_i64 r = tcg_temp_new_i64();
    uint32_t sofs;

    if (!gen_vec_enter(s, d)) {
        return;
    }
    sofs = gen_vec_src(s, d, 1, true);
    tcg_gen_call4(info, r, tcg_env(), tcg_constant_i32(vec_reg_ofs(d, 0)),
                  tcg_constant_i32(sofs),
                  tcg_constant_i32(SSE_DESC(0, 16, false)));
    gen_set_eflags_from(s, r);
}

#define VEC_FLAGS(NAME, helper)                                                \
    void gen_##NAME(DisasContext *s, X86DecodedInsn *d)                        \
    {                                                                          \
        gen_vec_flags(s, d, &helper_info_##helper);                            \
    }

VEC_FLAGS(COMISS, comiss)
VEC_FLAGS(UCOMISS, ucomiss)
VEC_FLAGS(COMISD, comisd)
VEC_FLAGS(UCOMISD, ucomisd)
VEC_FLAGS(PTEST, ptest)

/* PCMPxSTRx: flags from the high half of the result, ECX from the low. */
static void gen_pcmpstr(DisasContext *s, X86DecodedInsn *d,
                        const TCGHelperInfo *info, bool index)
{
    TCGv_i64 r = tcg_temp_new_i64(), f = tcg_temp_new_i64();
    uint32_t sofs;

    if (!gen_vec_enter(s, d)) {
        return;
    }
    sofs = gen_vec_src(s, d, 1, false);
    tcg_gen_call4(info, r, tcg_env(), tcg_constant_i32(vec_reg_ofs(d, 0)),
                  tcg_constant_i32(sofs),
                  tcg_constant_i32(SSE_DESC(d->imm, 16, d->rex & X86_REX_W)));
    if (index) {
        gen_write_reg(R_ECX, MO_32, false, r);
    }
    tcg_gen_shri_i64(f, r, 32);
    gen_set_eflags_from(s, f);
}

void gen_PCMPESTRI(DisasContext *s, X86DecodedInsn *d)
{
    gen_pcmpstr(s, d, &helper_info_pcmpestri, true);
}

void gen_PCMPESTRM(DisasContext *s, X86DecodedInsn *d)
{
    gen_pcmpstr(s, d, &helper_info_pcmpestrm, false);
}

void gen_PCMPISTRI(DisasContext *s, X86DecodedInsn *d)
{
    gen_pcmpstr(s, d, &helper_info_pcmpistri, true);
}

void gen_PCMPISTRM(DisasContext *s, X86DecodedInsn *d)
{
    gen_pcmpstr(s, d, &helper_info_pcmpistrm, false);
}

/* CRC32 G, E: the CRC in G's low 32 bits, the result zero-extended. */
void gen_CRC32(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 crc = tcg_temp_new_i64(), v = tcg_temp_new_i64();

    gen_read_reg(crc, d->op[0].reg, MO_32, false);
    gen_load_op(s, d, 1, v);
    tcg_gen_call3(&helper_info_crc32, crc, crc, v,
                  tcg_constant_i32(1u << d->op[1].ot));
    gen_write_reg(d->op[0].reg, d->op[0].ot, false, crc);
}

/* -- MXCSR, EMMS, MASKMOV -------------------------------------------------- */

void gen_LDMXCSR(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 v = tcg_temp_new_i64();

    if (!gen_vec_gate(s, true)) {
        return;
    }
    gen_ld(s, MO_32, v, s->A0);
    tcg_gen_call4(&helper_info_ldmxcsr, NULL, tcg_env(), tcg_constant_i32(0), v,
                  tcg_constant_i32(0));
}

void gen_STMXCSR(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 v = tcg_temp_new_i64();

    if (!gen_vec_gate(s, true)) {
        return;
    }
    tcg_gen_ld32u_i64(v, tcg_env(), ENV_OFS(mxcsr));
    gen_st(s, MO_32, v, s->A0);
}

void gen_EMMS(DisasContext *s, X86DecodedInsn *d)
{
    if (!gen_vec_gate(s, false)) {
        return;
    }
    tcg_gen_st_i64(tcg_constant_i64(0x0101010101010101ull), tcg_env(),
                   ENV_OFS(fptags));
}

/* MASKMOVQ/MASKMOVDQU: operand 0's bytes selected by operand 1 to DS:rDI. */
static void gen_maskmov(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 addr = tcg_temp_new_i64();
    int seg = d->seg_override >= 0 ? d->seg_override : R_DS;
    uint32_t desc =
        vec_width(d) | (uint32_t)s->mmu_idx << 8 | vec_reg_ofs(d, 1) << 16;

    if (!gen_vec_enter(s, d)) {
        return;
    }
    gen_add_seg(s, addr, cpu_regs[R_EDI], seg, d->aflag);
    tcg_gen_call4(&helper_info_maskmov, NULL, tcg_env(),
                  tcg_constant_i32(vec_reg_ofs(d, 0)), addr,
                  tcg_constant_i32(desc));
}

void gen_MASKMOVQ(DisasContext *s, X86DecodedInsn *d)
{
    gen_maskmov(s, d);
}
void gen_MASKMOVDQU(DisasContext *s, X86DecodedInsn *d)
{
    gen_maskmov(s, d);
}

/* -- Helper-backed instructions -------------------------------------------- */

VEC_HELPER(PADDB, paddb)
VEC_HELPER(PADDW, paddw)
VEC_HELPER(PADDD, paddd)
VEC_HELPER(PADDQ, paddq)
VEC_HELPER(PSUBB, psubb)
VEC_HELPER(PSUBW, psubw)
VEC_HELPER(PSUBD, psubd)
VEC_HELPER(PSUBQ, psubq)
VEC_HELPER(PADDSB, paddsb)
VEC_HELPER(PADDSW, paddsw)
VEC_HELPER(PADDUSB, paddusb)
VEC_HELPER(PADDUSW, paddusw)
VEC_HELPER(PSUBSB, psubsb)
VEC_HELPER(PSUBSW, psubsw)
VEC_HELPER(PSUBUSB, psubusb)
VEC_HELPER(PSUBUSW, psubusw)
VEC_HELPER(PMULLW, pmullw)
VEC_HELPER(PMULHW, pmulhw)
VEC_HELPER(PMULHUW, pmulhuw)
VEC_HELPER(PMULUDQ, pmuludq)
VEC_HELPER(PMADDWD, pmaddwd)
VEC_HELPER(PSADBW, psadbw)
VEC_HELPER(PAVGB, pavgb)
VEC_HELPER(PAVGW, pavgw)
VEC_HELPER(PMINUB, pminub)
VEC_HELPER(PMAXUB, pmaxub)
VEC_HELPER(PMINSW, pminsw)
VEC_HELPER(PMAXSW, pmaxsw)
VEC_HELPER(PCMPEQB, pcmpeqb)
VEC_HELPER(PCMPEQW, pcmpeqw)
VEC_HELPER(PCMPEQD, pcmpeqd)
VEC_HELPER(PCMPGTB, pcmpgtb)
VEC_HELPER(PCMPGTW, pcmpgtw)
VEC_HELPER(PCMPGTD, pcmpgtd)
VEC_HELPER(PSRLW, psrlw)
VEC_HELPER(PSRLD, psrld)
VEC_HELPER(PSRLQ, psrlq)
VEC_HELPER(PSRAW, psraw)
VEC_HELPER(PSRAD, psrad)
VEC_HELPER(PSLLW, psllw)
VEC_HELPER(PSLLD, pslld)
VEC_HELPER(PSLLQ, psllq)
VEC_SHIFT_IMM(PSRLW_I, psrlw_i)
VEC_SHIFT_IMM(PSRLD_I, psrld_i)
VEC_SHIFT_IMM(PSRLQ_I, psrlq_i)
VEC_SHIFT_IMM(PSRAW_I, psraw_i)
VEC_SHIFT_IMM(PSRAD_I, psrad_i)
VEC_SHIFT_IMM(PSLLW_I, psllw_i)
VEC_SHIFT_IMM(PSLLD_I, pslld_i)
VEC_SHIFT_IMM(PSLLQ_I, psllq_i)
VEC_SHIFT_IMM(PSRLDQ, psrldq)
VEC_SHIFT_IMM(PSLLDQ, pslldq)
VEC_HELPER(PACKSSWB, packsswb)
VEC_HELPER(PACKUSWB, packuswb)
VEC_HELPER(PACKSSDW, packssdw)
VEC_HELPER(PACKUSDW, packusdw)
VEC_HELPER(PUNPCKLBW, punpcklbw)
VEC_HELPER(PUNPCKLWD, punpcklwd)
VEC_HELPER(PUNPCKLDQ, punpckldq)
VEC_HELPER(PUNPCKLQDQ, punpcklqdq)
VEC_HELPER(PUNPCKHBW, punpckhbw)
VEC_HELPER(PUNPCKHWD, punpckhwd)
VEC_HELPER(PUNPCKHDQ, punpckhdq)
VEC_HELPER(PUNPCKHQDQ, punpckhqdq)
VEC_HELPER(PSHUFW, pshufw)
VEC_HELPER(PSHUFD, pshufd)
VEC_HELPER(PSHUFHW, pshufhw)
VEC_HELPER(PSHUFLW, pshuflw)
VEC_HELPER(SHUFPS, shufps)
VEC_HELPER(SHUFPD, shufpd)
VEC_HELPER(UNPCKLPS, unpcklps)
VEC_HELPER(UNPCKHPS, unpckhps)
/* SSSE3 */
VEC_HELPER(PSHUFB, pshufb)
VEC_HELPER(PHADDW, phaddw)
VEC_HELPER(PHADDD, phaddd)
VEC_HELPER(PHADDSW, phaddsw)
VEC_HELPER(PHSUBW, phsubw)
VEC_HELPER(PHSUBD, phsubd)
VEC_HELPER(PHSUBSW, phsubsw)
VEC_HELPER(PMADDUBSW, pmaddubsw)
VEC_HELPER(PMULHRSW, pmulhrsw)
VEC_HELPER(PSIGNB, psignb)
VEC_HELPER(PSIGNW, psignw)
VEC_HELPER(PSIGND, psignd)
VEC_HELPER(PABSB, pabsb)
VEC_HELPER(PABSW, pabsw)
VEC_HELPER(PABSD, pabsd)
VEC_HELPER(PALIGNR, palignr)
/* SSE4.1 / SSE4.2 */
VEC_HELPER(PBLENDVB, pblendvb)
VEC_HELPER(BLENDVPS, blendvps)
VEC_HELPER(BLENDVPD, blendvpd)
VEC_HELPER(BLENDPS, blendps)
VEC_HELPER(BLENDPD, blendpd)
VEC_HELPER(PBLENDW, pblendw)
VEC_HELPER(PMOVSXBW, pmovsxbw)
VEC_HELPER(PMOVSXBD, pmovsxbd)
VEC_HELPER(PMOVSXBQ, pmovsxbq)
VEC_HELPER(PMOVSXWD, pmovsxwd)
VEC_HELPER(PMOVSXWQ, pmovsxwq)
VEC_HELPER(PMOVSXDQ, pmovsxdq)
VEC_HELPER(PMOVZXBW, pmovzxbw)
VEC_HELPER(PMOVZXBD, pmovzxbd)
VEC_HELPER(PMOVZXBQ, pmovzxbq)
VEC_HELPER(PMOVZXWD, pmovzxwd)
VEC_HELPER(PMOVZXWQ, pmovzxwq)
VEC_HELPER(PMOVZXDQ, pmovzxdq)
VEC_HELPER(PMULDQ, pmuldq)
VEC_HELPER(PMULLD, pmulld)
VEC_HELPER(PCMPEQQ, pcmpeqq)
VEC_HELPER(PCMPGTQ, pcmpgtq)
VEC_HELPER(PMINSB, pminsb)
VEC_HELPER(PMINSD, pminsd)
VEC_HELPER(PMINUW, pminuw)
VEC_HELPER(PMINUD, pminud)
VEC_HELPER(PMAXSB, pmaxsb)
VEC_HELPER(PMAXSD, pmaxsd)
VEC_HELPER(PMAXUW, pmaxuw)
VEC_HELPER(PMAXUD, pmaxud)
VEC_HELPER(PHMINPOSUW, phminposuw)
VEC_HELPER(MPSADBW, mpsadbw)
/* AES, PCLMULQDQ */
VEC_HELPER(AESENC, aesenc)
VEC_HELPER(AESENCLAST, aesenclast)
VEC_HELPER(AESDEC, aesdec)
VEC_HELPER(AESDECLAST, aesdeclast)
VEC_HELPER(AESIMC, aesimc)
VEC_HELPER(AESKEYGENASSIST, aeskeygenassist)
VEC_HELPER(PCLMULQDQ, pclmulqdq)
/* Floating point (sse_fp_helper.c) */
VEC_HELPER(ADDPS, addps)
VEC_HELPER(ADDSS, addss)
VEC_HELPER(ADDPD, addpd)
VEC_HELPER(ADDSD, addsd)
VEC_HELPER(SUBPS, subps)
VEC_HELPER(SUBSS, subss)
VEC_HELPER(SUBPD, subpd)
VEC_HELPER(SUBSD, subsd)
VEC_HELPER(MULPS, mulps)
VEC_HELPER(MULSS, mulss)
VEC_HELPER(MULPD, mulpd)
VEC_HELPER(MULSD, mulsd)
VEC_HELPER(DIVPS, divps)
VEC_HELPER(DIVSS, divss)
VEC_HELPER(DIVPD, divpd)
VEC_HELPER(DIVSD, divsd)
VEC_HELPER(MINPS, minps)
VEC_HELPER(MINSS, minss)
VEC_HELPER(MINPD, minpd)
VEC_HELPER(MINSD, minsd)
VEC_HELPER(MAXPS, maxps)
VEC_HELPER(MAXSS, maxss)
VEC_HELPER(MAXPD, maxpd)
VEC_HELPER(MAXSD, maxsd)
VEC_HELPER(SQRTPS, sqrtps)
VEC_HELPER(SQRTSS, sqrtss)
VEC_HELPER(SQRTPD, sqrtpd)
VEC_HELPER(SQRTSD, sqrtsd)
VEC_HELPER(RCPPS, rcpps)
VEC_HELPER(RCPSS, rcpss)
VEC_HELPER(RSQRTPS, rsqrtps)
VEC_HELPER(RSQRTSS, rsqrtss)
VEC_HELPER(ADDSUBPS, addsubps)
VEC_HELPER(ADDSUBPD, addsubpd)
VEC_HELPER(HADDPS, haddps)
VEC_HELPER(HADDPD, haddpd)
VEC_HELPER(HSUBPS, hsubps)
VEC_HELPER(HSUBPD, hsubpd)
VEC_HELPER(CMPPS, cmpps)
VEC_HELPER(CMPSS, cmpss)
VEC_HELPER(CMPPD, cmppd)
VEC_HELPER(CMPSD, cmpsd)
VEC_HELPER(CVTPS2PD, cvtps2pd)
VEC_HELPER(CVTPD2PS, cvtpd2ps)
VEC_HELPER(CVTSS2SD, cvtss2sd)
VEC_HELPER(CVTSD2SS, cvtsd2ss)
VEC_HELPER(CVTDQ2PS, cvtdq2ps)
VEC_HELPER(CVTPS2DQ, cvtps2dq)
VEC_HELPER(CVTTPS2DQ, cvttps2dq)
VEC_HELPER(CVTDQ2PD, cvtdq2pd)
VEC_HELPER(CVTPD2DQ, cvtpd2dq)
VEC_HELPER(CVTTPD2DQ, cvttpd2dq)
VEC_HELPER(CVTPI2PS, cvtpi2ps)
VEC_HELPER(CVTPI2PD, cvtpi2pd)
VEC_HELPER(CVTPS2PI, cvtps2pi)
VEC_HELPER(CVTTPS2PI, cvttps2pi)
VEC_HELPER(CVTPD2PI, cvtpd2pi)
VEC_HELPER(CVTTPD2PI, cvttpd2pi)
VEC_HELPER(ROUNDPS, roundps)
VEC_HELPER(ROUNDPD, roundpd)
VEC_HELPER(ROUNDSS, roundss)
VEC_HELPER(ROUNDSD, roundsd)
VEC_HELPER(DPPS, dpps)
VEC_HELPER(DPPD, dppd)
