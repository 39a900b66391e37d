/*
 * What the x86 emitters share: the DisasContext, the TCG globals backed by
 * CPUX86State, operand access, lazy-flag bookkeeping and helper calls.
 *
 * Data flow: translate.c decodes one instruction (decode.c) and calls its
 * emitter gen_<MNEMONIC>(s, d) from emit-<family>.c.  Emitters read and
 * write operands only through gen_load_op/gen_store_op and the register
 * accessors below, set flags through set_cc_op + the cc globals, and read
 * conditions through gen_cond (translate-cc.c).  They never read
 * instruction bytes.
 *
 * Invariants: guest registers are i64 globals; a write of a 32-bit result
 * zero-extends (x86-64 rule), 8/16-bit writes merge.  s->cc_op is the
 * translation-time cc_op; the cpu_cc_op global is only written when needed
 * (gen_update_cc_op) before helpers that read it, exceptions and TB exits.
 */
#ifndef TARGET_I386_TRANSLATE_H
#define TARGET_I386_TRANSLATE_H

#include "exec/translator.h"
#include "tcg/tcg-op.h"
#include "target/i386/cpu.h"
#include "target/i386/decode.h"

/* The x86 CPU object: generic part first, then the architectural state. */
typedef struct X86CPU {
    CPUState parent;
    CPUX86State env;
    AddressSpace *io_as; /* the port-I/O space IN/OUT reach */
} X86CPU;

/* TB end kinds beyond the generic ones. */
#define DISAS_EOB_NEXT DISAS_TARGET_0 /* state changed: end, go to pc_next */
#define DISAS_JUMP     DISAS_TARGET_1 /* rip global set: goto_ptr lookup */

typedef struct DisasContext {
    DisasContextBase base;
    CPUState *cs;
    CPUX86State *env;       /* for the code fetch only; never state reads */
    uint64_t cs_base;       /* CS base the TB was translated with */
    uint32_t flags;         /* hflags of the TB key */
    int code_mode;          /* 16, 32 or 64 */
    bool code64;            /* 64-bit code segment */
    bool ss32;              /* 32-bit stack pointer (64 in 64-bit mode) */
    bool addseg;            /* add DS/ES/SS bases (HF_ADDSEG) */
    int mmu_idx;            /* data accesses */
    X86FeatureSet features; /* CPUID features of the model */
    CCOp cc_op;             /* known cc_op, or CC_OP_DYNAMIC */
    bool cc_op_dirty;       /* cpu_cc_op global is behind s->cc_op */
    uint64_t pc_start;      /* linear address of the current insn */
    TCGv_i64 A0;            /* linear address of the memory operand */
    int jmp_slot;           /* next free goto_tb slot */
} DisasContext;

/* -- Globals (translate.c) ------------------------------------------------- */

extern TCGv_i64 cpu_regs[X86_NB_REGS];
extern TCGv_i64 cpu_cc_dst, cpu_cc_src, cpu_cc_src2;
extern TCGv_i32 cpu_cc_op;
extern TCGv_i64 cpu_df;
extern TCGv_i64 cpu_seg_base[X86_NB_SEGS];

/* -- Operands -------------------------------------------------------------- */

/* Next instruction's offset within CS (the architectural rip). */
static inline uint64_t s_next_eip(const DisasContext *s)
{
    return s->base.pc_next - s->cs_base;
}

/* Current instruction's offset within CS. */
static inline uint64_t s_cur_eip(const DisasContext *s)
{
    return s->pc_start - s->cs_base;
}

/* VAL = register REG of width OT, zero-extended (HIGH8: AH/CH/DH/BH). */
void gen_read_reg(TCGv_i64 val, int reg, MemOp ot, bool high8);
/* Register REG of width OT = VAL (32-bit writes zero-extend, 8/16 merge). */
void gen_write_reg(int reg, MemOp ot, bool high8, TCGv_i64 val);

/* Operand I of D into VAL, zero-extended to 64 bits (immediates as decoded,
 * truncated to the operand width). */
void gen_load_op(DisasContext *s, X86DecodedInsn *d, int i, TCGv_i64 val);
/* VAL into operand I of D (register or memory). */
void gen_store_op(DisasContext *s, X86DecodedInsn *d, int i, TCGv_i64 val);

/* Guest memory at linear ADDR, width OT (| MO_SIGN), through the TLB. */
void gen_ld(DisasContext *s, MemOp ot, TCGv_i64 val, TCGv_i64 addr);
void gen_st(DisasContext *s, MemOp ot, TCGv_i64 val, TCGv_i64 addr);

/* The effective address of D without segment base, truncated to aflag. */
void gen_lea_ea(DisasContext *s, X86DecodedInsn *d, TCGv_i64 dst);
/* DST = linear address of offset OFS in segment SEG (address size AFLAG). */
void gen_add_seg(DisasContext *s, TCGv_i64 dst, TCGv_i64 ofs, int seg,
                 MemOp aflag);

/* Zero-/sign-extend VAL in place from width OT. */
void gen_extend(MemOp ot, bool sign, TCGv_i64 dst, TCGv_i64 val);

/* -- Stack (emit-stack.c) -------------------------------------------------- */

/* Push VAL (width OT) / pop into VAL; rSP is updated. */
void gen_push(DisasContext *s, MemOp ot, TCGv_i64 val);
void gen_pop(DisasContext *s, MemOp ot, TCGv_i64 val);
/* Operand size of stack pushes for an operand size OT in this mode. */
MemOp stack_ot(DisasContext *s, MemOp ot);

/* -- Lazy flags (translate-cc.c) ------------------------------------------- */

void set_cc_op(DisasContext *s, CCOp op);
/* Write the translation-time cc_op into the cpu_cc_op global. */
void gen_update_cc_op(DisasContext *s);
/* DST = O/S/Z/A/P/C as EFLAGS bits (leaves cc_op unchanged). */
void gen_compute_eflags(DisasContext *s, TCGv_i64 dst);
/* DST = CF (0 or 1). */
void gen_compute_c(DisasContext *s, TCGv_i64 dst);
/* Materialise the flags: cc_src = eflags bits, cc_op = CC_OP_EFLAGS. */
void gen_flags_to_eflags(DisasContext *s);

/* An x86 condition (0 O .. 15 G) as "cond(a, b)"; A and B are new temps. */
typedef struct X86Cond {
    TCGCond cond;
    TCGv_i64 a, b;
} X86Cond;
X86Cond gen_cond(DisasContext *s, int cc);

/* -- Control (translate.c) ------------------------------------------------- */

/* Offsets from env, which is what tcg_env() points at. */
#define ENV_OFS(field) ((intptr_t)offsetof(CPUX86State, field))

/* Store rip = this instruction and the lazy cc_op, for a helper that may
 * raise a guest exception or read them. */
void gen_sync_for_helper(DisasContext *s);

/* Raise EXCP at the current instruction (state synced first); ends the TB. */
void gen_exception(DisasContext *s, int excp);
/* Raise #UD, logging MNEMONIC under -d unimp when it is not implemented. */
void gen_illegal(DisasContext *s);
void gen_unimplemented(DisasContext *s, X86DecodedInsn *d);
/* Jump to EIP (an offset in CS) with goto_tb when possible; ends the TB. */
void gen_jmp_eip(DisasContext *s, uint64_t eip);
/* Jump to the offset in EIP (a temp); ends the TB through the jump cache. */
void gen_jmp_dynamic(DisasContext *s, TCGv_i64 eip);
/*
 * End the TB after a helper set env->rip and changed state the TB key
 * depends on: back to the loop (or the single-step #DB under EFLAGS.TF).
 */
void gen_eob(DisasContext *s);
/* rip global (env->rip) = VAL. */
void gen_set_rip(TCGv_i64 val);

/* The target of D's relative branch (J operand), masked to the operand size. */
uint64_t x86_branch_target(DisasContext *s, X86DecodedInsn *d);

/* -- Entry points for the execution engine (translate.c) ------------------- */

/* Create the TCG globals; once per TCG context, before the first TB. */
void x86_tcg_init(void);
/* CPUTargetOps.translate_code. */
void x86_translate_code(CPUState *cpu, TranslationBlock *tb, int *max_insns,
                        vaddr pc);
/* CPUTargetOps.get_tb_cpu_state: pc = CS base + rip, flags = hflags. */
void x86_get_tb_cpu_state(CPUState *cpu, vaddr *pc, uint64_t *cs_base,
                          uint32_t *flags);
/* CPUTargetOps.restore_state_to_opc: rip and (if known) cc_op. */
void x86_restore_state_to_opc(CPUState *cpu, const TranslationBlock *tb,
                              const uint64_t *data);
/* CPUTargetOps.synchronize_from_tb. */
void x86_synchronize_from_tb(CPUState *cpu, const TranslationBlock *tb);

/* -- Emitters ------------------------------------------------- */

typedef void X86GenFn(DisasContext *s, X86DecodedInsn *d);

#define X86_INSN(name, family) X86GenFn gen_##name;
#include "target/i386/insn-mnemonics.def"
#undef X86_INSN

#endif /* TARGET_I386_TRANSLATE_H */
