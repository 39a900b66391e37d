/*
 * Emitters of the string family: MOVS, CMPS, STOS, LODS, SCAS, with and
 * without REP / REPE / REPNE.
 *
 * Operands: the source is seg:rSI with seg = DS or the segment override,
 * the destination ES:rDI (no override).  rSI, rDI and rCX are used and
 * updated at the address size (16-bit updates wrap and merge, 32-bit ones
 * zero-extend), stepping by the operand size in the direction of DF.
 *
 * REP: a repeated instruction ends its TB, and one execution of that code
 * does one iteration: rCX = 0 goes to the next instruction, else the
 * iteration runs, rCX is decremented, and rCX = 0 or (for CMPS/SCAS) a
 * failed REPE or REPNE condition goes to the next instruction; else it jumps
 * back to its own instruction (chained with goto_tb).  So interrupts and
 * exit requests are taken between iterations at TB entry, with rip at the
 * REP instruction and rSI/rDI/rCX consistent, and a fault in an iteration
 * leaves them as they were before that iteration: each iteration reads
 * and writes memory before it updates any register or flag.
 *
 * REP MOVS and REP STOS first call a fast-path helper (string_helper.c)
 * that does up to a page of iterations on RAM pages already in the TLB and
 * updates rCX/rSI/rDI; the one translated iteration then handles what it
 * left (page crossings, MMIO, code pages, TLB misses and faults).  Not
 * under EFLAGS.TF, where each iteration must end in its single-step trap.
 */
#include "target/i386/helper.h"
#include "target/i386/translate.h"

enum { JCC_Z = 4 }; /* SDM vol. 2D, B.1.4.7: condition 4 is Z */

/* ADDR = the linear address of the source, seg:rSI. */
static void gen_src_addr(DisasContext *s, X86DecodedInsn *d, TCGv_i64 addr)
{
    int seg = d->seg_override >= 0 ? d->seg_override : R_DS;

    gen_add_seg(s, addr, cpu_regs[R_ESI], seg, d->aflag);
}

/* ADDR = the linear address of the destination, ES:rDI. */
static void gen_dst_addr(DisasContext *s, X86DecodedInsn *d, TCGv_i64 addr)
{
    gen_add_seg(s, addr, cpu_regs[R_EDI], R_ES, d->aflag);
}

/* REG += DF * operand bytes, at the address size. */
static void gen_step(X86DecodedInsn *d, int reg, MemOp ot)
{
    TCGv_i64 t = tcg_temp_new_i64();

    tcg_gen_shli_i64(t, cpu_df, ot);
    tcg_gen_add_i64(t, t, cpu_regs[reg]);
    gen_write_reg(reg, d->aflag, false, t);
}

/* -- One iteration of each ------------------------------------------------- */

static void movs_once(DisasContext *s, X86DecodedInsn *d)
{
    MemOp ot = d->op[0].ot;
    TCGv_i64 src = tcg_temp_new_i64(), dst = tcg_temp_new_i64();
    TCGv_i64 v = tcg_temp_new_i64();

    gen_src_addr(s, d, src);
    gen_dst_addr(s, d, dst);
    gen_ld(s, ot, v, src);
    gen_st(s, ot, v, dst);
    gen_step(d, R_ESI, ot);
    gen_step(d, R_EDI, ot);
}

static void stos_once(DisasContext *s, X86DecodedInsn *d)
{
    MemOp ot = d->op[0].ot;
    TCGv_i64 dst = tcg_temp_new_i64();

    gen_dst_addr(s, d, dst);
    gen_st(s, ot, cpu_regs[R_EAX], dst);
    gen_step(d, R_EDI, ot);
}

static void lods_once(DisasContext *s, X86DecodedInsn *d)
{
    MemOp ot = d->op[0].ot;
    TCGv_i64 src = tcg_temp_new_i64(), v = tcg_temp_new_i64();

    gen_src_addr(s, d, src);
    gen_ld(s, ot, v, src);
    gen_write_reg(R_EAX, ot, false, v);
    gen_step(d, R_ESI, ot);
}

/* CMPS and SCAS compare A with B as CMP A, B does. */
static void set_cmp_flags(DisasContext *s, MemOp ot, TCGv_i64 a, TCGv_i64 b)
{
    tcg_gen_sub_i64(cpu_cc_dst, a, b);
    tcg_gen_mov_i64(cpu_cc_src, b);
    set_cc_op(s, (CCOp)(CC_OP_SUBB + ot));
}

static void cmps_once(DisasContext *s, X86DecodedInsn *d)
{
    MemOp ot = d->op[0].ot;
    TCGv_i64 src = tcg_temp_new_i64(), dst = tcg_temp_new_i64();
    TCGv_i64 a = tcg_temp_new_i64(), b = tcg_temp_new_i64();

    gen_src_addr(s, d, src);
    gen_dst_addr(s, d, dst);
    gen_ld(s, ot, a, src);
    gen_ld(s, ot, b, dst);
    gen_step(d, R_ESI, ot);
    gen_step(d, R_EDI, ot);
    set_cmp_flags(s, ot, a, b);
}

static void scas_once(DisasContext *s, X86DecodedInsn *d)
{
    MemOp ot = d->op[0].ot;
    TCGv_i64 dst = tcg_temp_new_i64();
    TCGv_i64 a = tcg_temp_new_i64(), b = tcg_temp_new_i64();

    gen_dst_addr(s, d, dst);
    gen_ld(s, ot, b, dst);
    gen_read_reg(a, R_EAX, ot, false);
    gen_step(d, R_EDI, ot);
    set_cmp_flags(s, ot, a, b);
}

/* -- REP ------------------------------------------------------------------- */

typedef void StringOnce(DisasContext *s, X86DecodedInsn *d);

/* The REP_DESC_* word for the fast-path helpers (helper.h) of D. */
static uint32_t rep_fast_desc(DisasContext *s, X86DecodedInsn *d)
{
    int seg = d->seg_override >= 0 ? d->seg_override : R_DS;
    bool fs_gs = seg == R_FS || seg == R_GS;
    uint32_t desc = (d->op[0].ot & 3)
                    | (uint32_t)d->aflag << REP_DESC_AFLAG_SHIFT
                    | (uint32_t)seg << REP_DESC_SEG_SHIFT
                    | (uint32_t)s->mmu_idx << REP_DESC_MMU_SHIFT;

    /* The segment bases gen_add_seg adds. */
    if (s->code64) {
        return desc | (fs_gs ? REP_DESC_SRC_BASE : 0);
    }
    desc |= REP_DESC_LINEAR32;
    if (s->addseg || fs_gs || seg == R_CS) {
        desc |= REP_DESC_SRC_BASE;
    }
    return desc | (s->addseg ? REP_DESC_DST_BASE : 0);
}

/*
 * ONCE, repeated as the prefixes of D say.  REGS: the index registers
 * (1 << R_ESI | 1 << R_EDI) written even for a count of 0.  COND: the
 * instruction is CMPS or SCAS, where F3 is REPE and F2 REPNE (for the
 * others both are REP).  FAST: the fast-path helper, or NULL.
 */
static void gen_string(DisasContext *s, X86DecodedInsn *d, StringOnce *once,
                       unsigned regs, bool cond, const TCGHelperInfo *fast)
{
    TCGLabel *done;
    TCGv_i64 cx;

    if (!(d->prefixes & (X86_PREFIX_REPZ | X86_PREFIX_REPNZ))) {
        once(s, d);
        return;
    }
    done = gen_new_label();
    cx = tcg_temp_new_i64();
    /* Both ways out below leave the cc_op in the global. */
    gen_update_cc_op(s);
    gen_extend(d->aflag, false, cx, cpu_regs[R_ECX]);
    /* With a 32-bit address size in 64-bit mode, rCX is written (zero-
     * extended) even for a count of 0, and so are the index registers of
     * MOVS and STOS (not those of LODS, CMPS, SCAS), as on the host; a
     * 16-bit write of the same value changes nothing. */
    gen_write_reg(R_ECX, d->aflag, false, cx);
    for (int i = 0; i < 2; i++) {
        int reg = i ? R_EDI : R_ESI;

        if (regs & (1u << reg)) {
            gen_write_reg(reg, d->aflag, false, cpu_regs[reg]);
        }
    }
    tcg_gen_brcondi_i64(TCG_COND_EQ, cx, 0, done);
    if (fast && !(s->flags & HF_TF_MASK)) {
        tcg_gen_call2(fast, NULL, tcg_env(),
                      tcg_constant_i32(rep_fast_desc(s, d)));
        gen_extend(d->aflag, false, cx, cpu_regs[R_ECX]);
        tcg_gen_brcondi_i64(TCG_COND_EQ, cx, 0, done);
    }
    once(s, d);
    gen_update_cc_op(s);
    tcg_gen_subi_i64(cx, cx, 1);
    gen_write_reg(R_ECX, d->aflag, false, cx);
    tcg_gen_brcondi_i64(TCG_COND_EQ, cx, 0, done);
    if (cond) {
        /* REPE stops when Z is clear, REPNE when it is set. */
        bool repe = d->prefixes & X86_PREFIX_REPZ;
        X86Cond c = gen_cond(s, repe ? JCC_Z | 1 : JCC_Z);

        tcg_gen_brcond_i64(c.cond, c.a, c.b, done);
    }
    gen_jmp_eip(s, s_cur_eip(s));
    tcg_gen_set_label(done);
    s->cc_op = CC_OP_DYNAMIC;
    s->cc_op_dirty = false;
    gen_jmp_eip(s, s_next_eip(s));
}

enum { SI = 1u << R_ESI, DI = 1u << R_EDI };

void gen_MOVS(DisasContext *s, X86DecodedInsn *d)
{
    gen_string(s, d, movs_once, SI | DI, false, &helper_info_rep_movs_fast);
}

void gen_STOS(DisasContext *s, X86DecodedInsn *d)
{
    gen_string(s, d, stos_once, DI, false, &helper_info_rep_stos_fast);
}

void gen_LODS(DisasContext *s, X86DecodedInsn *d)
{
    gen_string(s, d, lods_once, 0, false, NULL);
}
void gen_CMPS(DisasContext *s, X86DecodedInsn *d)
{
    gen_string(s, d, cmps_once, 0, true, NULL);
}
void gen_SCAS(DisasContext *s, X86DecodedInsn *d)
{
    gen_string(s, d, scas_once, 0, true, NULL);
}
