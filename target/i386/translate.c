/*
 * The x86 translator: TranslatorOps for the generic loop, the TCG globals,
 * operand access shared by the emitters, jumps and exceptions.
 *
 * Data flow: translator_loop (accel/tcg/translator.c) calls
 * x86_translate_insn per guest instruction: decode (decode.c), then the
 * emitter from x86_emitters[] (one per mnemonic, emit-<family>.c).  A TB
 * ends with goto_tb for direct jumps (chained by the engine), with
 * lookup_and_goto_ptr for indirect ones, or with exit_tb after an
 * instruction that changed what the TB key depends on.
 */
#include <glib.h>
#include <inttypes.h>
#include <stddef.h>

#include "target/i386/helper.h"
#include "target/i386/translate.h"
#include "util/disas.h"
#include "util/error.h"
#include "util/log.h"

/* -- Globals --------------------------------------------------------------- */

TCGv_i64 cpu_regs[X86_NB_REGS];
TCGv_i64 cpu_cc_dst, cpu_cc_src, cpu_cc_src2;
TCGv_i32 cpu_cc_op;
TCGv_i64 cpu_df;
TCGv_i64 cpu_seg_base[X86_NB_SEGS];

static const char *const reg_names[X86_NB_REGS] = {
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
    "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15",
};
static const char *const seg_base_names[X86_NB_SEGS] = {
    "es_base", "cs_base", "ss_base", "ds_base", "fs_base", "gs_base",
};

void x86_tcg_init(void)
{
    TCGv_ptr env = tcg_env();

    for (int i = 0; i < X86_NB_REGS; i++) {
        cpu_regs[i] =
            tcg_global_mem_new_i64(env, ENV_OFS(regs[i]), reg_names[i]);
    }
    for (int i = 0; i < X86_NB_SEGS; i++) {
        cpu_seg_base[i] = tcg_global_mem_new_i64(env, ENV_OFS(segs[i].base),
                                                 seg_base_names[i]);
    }
    cpu_cc_dst = tcg_global_mem_new_i64(env, ENV_OFS(cc_dst), "cc_dst");
    cpu_cc_src = tcg_global_mem_new_i64(env, ENV_OFS(cc_src), "cc_src");
    cpu_cc_src2 = tcg_global_mem_new_i64(env, ENV_OFS(cc_src2), "cc_src2");
    cpu_cc_op = tcg_global_mem_new_i32(env, ENV_OFS(cc_op), "cc_op");
    cpu_df = tcg_global_mem_new_i64(env, ENV_OFS(df), "df");
}

/* -- Registers and memory -------------------------------------------------- */

void gen_extend(MemOp ot, bool sign, TCGv_i64 dst, TCGv_i64 val)
{
    switch (ot) {
    case MO_8:
        (sign ? tcg_gen_ext8s_i64 : tcg_gen_ext8u_i64)(dst, val);
        break;
    case MO_16:
        (sign ? tcg_gen_ext16s_i64 : tcg_gen_ext16u_i64)(dst, val);
        break;
    case MO_32:
        (sign ? tcg_gen_ext32s_i64 : tcg_gen_ext32u_i64)(dst, val);
        break;
    default:
        tcg_gen_mov_i64(dst, val);
        break;
    }
}

void gen_read_reg(TCGv_i64 val, int reg, MemOp ot, bool high8)
{
    if (high8) {
        tcg_gen_extract_i64(val, cpu_regs[reg], 8, 8);
    } else {
        gen_extend(ot, false, val, cpu_regs[reg]);
    }
}

void gen_write_reg(int reg, MemOp ot, bool high8, TCGv_i64 val)
{
    switch (ot) {
    case MO_8:
        tcg_gen_deposit_i64(cpu_regs[reg], cpu_regs[reg], val, high8 ? 8 : 0,
                            8);
        break;
    case MO_16:
        tcg_gen_deposit_i64(cpu_regs[reg], cpu_regs[reg], val, 0, 16);
        break;
    case MO_32:
        /* SDM vol. 1, 3.4.1.1: 32-bit results zero-extend in 64-bit mode. */
        tcg_gen_ext32u_i64(cpu_regs[reg], val);
        break;
    default:
        tcg_gen_mov_i64(cpu_regs[reg], val);
        break;
    }
}

void gen_ld(DisasContext *s, MemOp ot, TCGv_i64 val, TCGv_i64 addr)
{
    tcg_gen_qemu_ld_i64(val, addr, s->mmu_idx, ot);
}

void gen_st(DisasContext *s, MemOp ot, TCGv_i64 val, TCGv_i64 addr)
{
    tcg_gen_qemu_st_i64(val, addr, s->mmu_idx, ot);
}

void gen_add_seg(DisasContext *s, TCGv_i64 dst, TCGv_i64 ofs, int seg,
                 MemOp aflag)
{
    gen_extend(aflag, false, dst, ofs);
    if (s->code64) {
        /* Long mode: only FS and GS have bases (SDM vol. 1, 3.3.7.1). */
        if (seg == R_FS || seg == R_GS) {
            tcg_gen_add_i64(dst, dst, cpu_seg_base[seg]);
        }
        return;
    }
    if (s->addseg || seg == R_FS || seg == R_GS || seg == R_CS) {
        tcg_gen_add_i64(dst, dst, cpu_seg_base[seg]);
        tcg_gen_ext32u_i64(dst, dst);
    }
}

void gen_lea_ea(DisasContext *s, X86DecodedInsn *d, TCGv_i64 dst)
{
    const X86EA *ea = &d->ea;

    if (ea->rip_rel) {
        tcg_gen_movi_i64(dst, (int64_t)s_next_eip(s) + ea->disp);
    } else {
        tcg_gen_movi_i64(dst, ea->disp);
        if (ea->base >= 0) {
            tcg_gen_add_i64(dst, dst, cpu_regs[ea->base]);
        }
        if (ea->index >= 0) {
            TCGv_i64 t = tcg_temp_new_i64();

            tcg_gen_shli_i64(t, cpu_regs[ea->index], ea->scale);
            tcg_gen_add_i64(dst, dst, t);
        }
    }
    gen_extend(d->aflag, false, dst, dst);
}

/* s->A0 = the linear address of D's memory operand (once per insn). */
static void gen_compute_a0(DisasContext *s, X86DecodedInsn *d)
{
    TCGv_i64 ofs = tcg_temp_new_i64();

    s->A0 = tcg_temp_new_i64();
    gen_lea_ea(s, d, ofs);
    gen_add_seg(s, s->A0, ofs, d->ea.seg, d->aflag);
}

void gen_load_op(DisasContext *s, X86DecodedInsn *d, int i, TCGv_i64 val)
{
    X86Operand *op = &d->op[i];

    switch (op->kind) {
    case X86_OP_REG:
        gen_read_reg(val, op->reg, op->ot, op->high8);
        break;
    case X86_OP_MEM:
        gen_ld(s, op->ot, val, s->A0);
        break;
    case X86_OP_IMM: {
        /* A sign-extended immediate after a wider first operand (E,v I,b:
         * `cmp $-1, %ebx`) has that operand's width (SDM vol. 2A, 2.2.1.5);
         * IN's port number is the one unsigned Ib there. */
        MemOp ot = op->ot;

        if (i > 0 && d->op[0].kind != X86_OP_IMM && d->op[0].ot > ot
            && d->e->mnem != X86_INSN_IN) {
            ot = d->op[0].ot;
        }
        tcg_gen_movi_i64(
            val, ot == MO_64 ? d->imm
                             : (int64_t)((uint64_t)d->imm
                                         & ((2ull << ((8 << ot) - 1)) - 1)));
        break;
    }
    case X86_OP_SEG:
        tcg_gen_ld16u_i64(val, tcg_env(), ENV_OFS(segs[op->reg].selector));
        break;
    default:
        internal_error("x86: load of operand %d (kind %d) of %s at 0x%" PRIx64,
                       i, op->kind, x86_mnemonic_name(d->e->mnem), s->pc_start);
    }
}

void gen_store_op(DisasContext *s, X86DecodedInsn *d, int i, TCGv_i64 val)
{
    X86Operand *op = &d->op[i];

    switch (op->kind) {
    case X86_OP_REG:
        gen_write_reg(op->reg, op->ot, op->high8, val);
        break;
    case X86_OP_MEM:
        gen_st(s, op->ot, val, s->A0);
        break;
    default:
        internal_error("x86: store to operand %d (kind %d) of %s at 0x%" PRIx64,
                       i, op->kind, x86_mnemonic_name(d->e->mnem), s->pc_start);
    }
}

/* -- Exceptions and jumps -------------------------------------------------- */

void gen_set_rip(TCGv_i64 val)
{
    tcg_gen_st_i64(val, tcg_env(), ENV_OFS(rip));
}

static void gen_set_rip_imm(uint64_t eip)
{
    gen_set_rip(tcg_constant_i64(eip));
}

void gen_exception(DisasContext *s, int excp)
{
    gen_update_cc_op(s);
    gen_set_rip_imm(s_cur_eip(s));
    tcg_gen_call2(&helper_info_raise_exception, NULL, tcg_env(),
                  tcg_constant_i32(excp));
    s->base.is_jmp = DISAS_NORETURN;
}

void gen_illegal(DisasContext *s)
{
    gen_exception(s, EXCP06_ILLOP);
}

void gen_unimplemented(DisasContext *s, X86DecodedInsn *d)
{
    qlog_mask(LOG_UNIMP, "x86: %s at 0x%" PRIx64 " not implemented yet: #UD\n",
              x86_mnemonic_name(d->e->mnem), s->pc_start);
    gen_illegal(s);
}

/* Mask an instruction-pointer value to the current code size. */
static uint64_t mask_eip(DisasContext *s, uint64_t eip, MemOp ot)
{
    if (s->code64 && ot == MO_64) {
        return eip;
    }
    return ot == MO_16 ? (uint16_t)eip : (uint32_t)eip;
}

/*
 * The end of a block whose rip is stored, when the block may not simply
 * continue: after an instruction run with EFLAGS.TF the single-step #DB
 * (also after each iteration of a REP string instruction, which jumps back
 * to itself); after the instruction in an interrupt shadow, back to the
 * loop so a pending interrupt is taken.  Returns false when neither
 * applies and the caller ends the block its own way.
 */
static bool gen_eob_special(DisasContext *s)
{
    if (s->flags & HF_TF_MASK) {
        tcg_gen_call1(&helper_info_single_step, NULL, tcg_env());
        return true;
    }
    if (s->flags & HF_INHIBIT_IRQ_MASK) {
        tcg_gen_exit_tb(NULL, 0);
        return true;
    }
    return false;
}

void gen_eob(DisasContext *s)
{
    gen_update_cc_op(s);
    if (!gen_eob_special(s)) {
        tcg_gen_exit_tb(NULL, 0);
    }
    s->base.is_jmp = DISAS_NORETURN;
}

void gen_jmp_eip(DisasContext *s, uint64_t eip)
{
    uint64_t dest = s->cs_base + eip;

    gen_update_cc_op(s);
    if (s->flags & (HF_TF_MASK | HF_INHIBIT_IRQ_MASK)) {
        gen_set_rip_imm(eip);
        gen_eob_special(s);
    } else if (s->jmp_slot < 2 && translator_use_goto_tb(&s->base, dest)) {
        int slot = s->jmp_slot++;

        tcg_gen_goto_tb(slot);
        gen_set_rip_imm(eip);
        tcg_gen_exit_tb(s->base.tb, slot);
    } else {
        gen_set_rip_imm(eip);
        tcg_gen_lookup_and_goto_ptr();
    }
    s->base.is_jmp = DISAS_NORETURN;
}

void gen_jmp_dynamic(DisasContext *s, TCGv_i64 eip)
{
    gen_update_cc_op(s);
    gen_set_rip(eip);
    if (!gen_eob_special(s)) {
        tcg_gen_lookup_and_goto_ptr();
    }
    s->base.is_jmp = DISAS_NORETURN;
}

/* Exported for emit-control.c: the target of a relative branch. */
uint64_t x86_branch_target(DisasContext *s, X86DecodedInsn *d)
{
    return mask_eip(s, s_next_eip(s) + d->imm, d->ot);
}

/* -- The emitter table ----------------------------------------------------- */

static X86GenFn *const x86_emitters[X86_INSN_COUNT] = {
#define X86_INSN(name, family) [X86_INSN_##name] = gen_##name,
#include "target/i386/insn-mnemonics.def"
#undef X86_INSN
};

/* -- TranslatorOps --------------------------------------------------------- */

static uint8_t x86_fetch(void *opaque, uint64_t pc)
{
    DisasContext *s = opaque;

    return translator_ldub(s->cs, &s->base, pc);
}

static void x86_init_disas_context(DisasContextBase *db, CPUState *cpu)
{
    DisasContext *s = (DisasContext *)db;
    X86CPU *xc = (X86CPU *)cpu;
    uint32_t flags = db->tb->flags;

    s->cs = cpu;
    s->env = &xc->env;
    s->cs_base = db->tb->cs_base;
    s->flags = flags;
    s->code64 = flags & HF_CS64_MASK;
    s->code_mode = s->code64 ? 64 : (flags & HF_CS32_MASK) ? 32 : 16;
    s->ss32 = flags & HF_SS32_MASK;
    s->addseg = flags & HF_ADDSEG_MASK;
    s->mmu_idx = cpu->ops->mmu_index(cpu, false);
    s->features = xc->env.model ? xc->env.model->features : 0;
    s->cc_op = CC_OP_DYNAMIC;
    s->cc_op_dirty = false;
    s->jmp_slot = 0;
    /* Single-step traps and the interrupt shadow end after one insn. */
    if (flags & (HF_TF_MASK | HF_INHIBIT_IRQ_MASK)) {
        db->max_insns = 1;
    }
}

static void x86_insn_start(DisasContextBase *db, CPUState *cpu)
{
    DisasContext *s = (DisasContext *)db;

    tcg_gen_insn_start(db->pc_next, s->cc_op);
}

void gen_sync_for_helper(DisasContext *s)
{
    gen_update_cc_op(s);
    tcg_gen_st_i64(tcg_constant_i64(s_cur_eip(s)), tcg_env(), ENV_OFS(rip));
}

/*
 * The privilege checks the row's attribute words name (decode.h X86_A_PM,
 * _CPL0, _IOPL), in that order; mode, CPL and IOPL are part of the TB key.
 * False when an exception was emitted instead of the instruction.
 */
static bool check_privilege(DisasContext *s, const X86OpEntry *e)
{
    bool pm = s->flags & HF_PE_MASK, vm86 = s->flags & HF_VM_MASK;
    unsigned cpl = s->flags & HF_CPL_MASK;
    unsigned iopl = (s->flags & HF_IOPL_MASK) >> HF_IOPL_SHIFT;

    if ((e->flags & X86_A_PM) && (!pm || vm86)) {
        gen_illegal(s);
        return false;
    }
    if (((e->flags & X86_A_CPL0) && cpl != 0)
        || ((e->flags & X86_A_IOPL) && pm && (vm86 ? iopl != 3 : cpl > iopl))) {
        gen_exception(s, EXCP0D_GPF);
        return false;
    }
    return true;
}

static void x86_translate_insn(DisasContextBase *db, CPUState *cpu)
{
    DisasContext *s = (DisasContext *)db;
    X86DecodeEnv denv = {
        .mode = s->code_mode,
        .vex_allowed = (s->flags & HF_PE_MASK) && !(s->flags & HF_VM_MASK),
        .features = s->features,
        .fetch = x86_fetch,
        .opaque = s,
    };
    X86DecodedInsn d;
    X86DecodeStatus st;

    s->pc_start = db->pc_next;
    st = x86_decode(&denv, db->pc_next, &d);
    db->pc_next += d.len;
    if (st == X86_DECODE_TOO_LONG) {
        gen_exception(s, EXCP0D_GPF);
        return;
    }
    if (st != X86_DECODE_OK) {
        gen_illegal(s);
        return;
    }
    if (s->flags & HF_INHIBIT_IRQ_MASK) {
        /* This instruction ends the shadow (SDM vol. 3, 6.8.3). */
        TCGv_i32 hf = tcg_temp_new_i32();

        tcg_gen_ld_i32(hf, tcg_env(), ENV_OFS(hflags));
        tcg_gen_andi_i32(hf, hf, ~HF_INHIBIT_IRQ_MASK);
        tcg_gen_st_i32(hf, tcg_env(), ENV_OFS(hflags));
    }
    if (!check_privilege(s, d.e)) {
        return;
    }
    s->A0 = NULL;
    if (d.has_ea && !(d.e->flags & X86_A_NOLOAD)) {
        gen_compute_a0(s, &d);
    }
    x86_emitters[d.e->mnem](s, &d);
    /* An instruction that leaves the TB's page boundary is handled by the
     * loop; single-step and TF end the TB after each instruction. */
}

static void x86_tb_stop(DisasContextBase *db, CPUState *cpu)
{
    DisasContext *s = (DisasContext *)db;

    switch (db->is_jmp) {
    case DISAS_NORETURN:
        break;
    case DISAS_TOO_MANY:
        gen_jmp_eip(s, s_next_eip(s));
        break;
    case DISAS_EOB_NEXT:
        /* State the TB key depends on may have changed: back to the loop. */
        gen_update_cc_op(s);
        gen_set_rip_imm(s_next_eip(s));
        if (!gen_eob_special(s)) {
            tcg_gen_exit_tb(NULL, 0);
        }
        break;
    case DISAS_JUMP:
        gen_update_cc_op(s);
        if (!gen_eob_special(s)) {
            tcg_gen_lookup_and_goto_ptr();
        }
        break;
    default:
        internal_error("x86: tb_stop with is_jmp %d at 0x%" PRIx64, db->is_jmp,
                       db->pc_next);
    }
}

static void x86_disas_log(const DisasContextBase *db, CPUState *cpu, FILE *f)
{
    const DisasContext *s = (const DisasContext *)db;
    size_t size = db->pc_next - db->pc_first;
    uint8_t *buf = g_malloc(size ? size : 1);

    for (size_t i = 0; i < size; i++) {
        buf[i] = translator_ldub(cpu, (DisasContextBase *)db, db->pc_first + i);
    }
    fprintf(f, "IN: \n");
    disas_guest(f, buf, size, db->pc_first, s->code_mode);
    fprintf(f, "\n");
    g_free(buf);
}

static const TranslatorOps x86_translator_ops = {
    .init_disas_context = x86_init_disas_context,
    .insn_start = x86_insn_start,
    .translate_insn = x86_translate_insn,
    .tb_stop = x86_tb_stop,
    .disas_log = x86_disas_log,
};

void x86_translate_code(CPUState *cpu, TranslationBlock *tb, int *max_insns,
                        vaddr pc)
{
    DisasContext s = {0};

    translator_loop(cpu, tb, max_insns, pc, &x86_translator_ops, &s.base);
}

/* -- Target hooks about TBs ------------------------------------------------ */

void x86_get_tb_cpu_state(CPUState *cpu, vaddr *pc, uint64_t *cs_base,
                          uint32_t *flags)
{
    CPUX86State *env = &((X86CPU *)cpu)->env;

    *cs_base = env->segs[R_CS].base;
    *pc = *cs_base + env->rip;
    *flags = env->hflags;
}

void x86_restore_state_to_opc(CPUState *cpu, const TranslationBlock *tb,
                              const uint64_t *data)
{
    CPUX86State *env = &((X86CPU *)cpu)->env;

    env->rip = data[0] - tb->cs_base;
    if (data[1] != CC_OP_DYNAMIC) {
        env->cc_op = data[1];
    }
}

void x86_synchronize_from_tb(CPUState *cpu, const TranslationBlock *tb)
{
    CPUX86State *env = &((X86CPU *)cpu)->env;

    env->rip = tb->pc - tb->cs_base;
}
