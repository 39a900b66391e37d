/*
 * The generic per-TB translation loop (accel/tcg/translator.c).
 *
 * A target translates a TB by calling translator_loop() with its
 * TranslatorOps and its own DisasContext, which embeds DisasContextBase as
 * its first member.  The loop emits the TB prologue (the entry-word check),
 * then for each guest instruction insn_start and translate_insn, until an
 * instruction ends the block, the block reaches max_insns, the next
 * instruction would start on another page, or single-stepping; then
 * tb_stop and the TB epilogue.
 *
 * Guest code bytes are read only through translator_ld*(), which fetch
 * through the code TLB (raising the guest's fetch fault when unmapped) and
 * record the physical pages the TB depends on.
 */
#ifndef EXEC_TRANSLATOR_H
#define EXEC_TRANSLATOR_H

#include "exec/exec-all.h"

/* Why translation of the block stopped (targets extend from DISAS_TARGET_0). */
typedef enum DisasJumpType {
    DISAS_NEXT,     /* keep going */
    DISAS_TOO_MANY, /* limit reached: tb_stop jumps to pc_next */
    DISAS_NORETURN, /* the insn left the TB itself (exception, exit) */
    DISAS_TARGET_0,
    DISAS_TARGET_1,
    DISAS_TARGET_2,
    DISAS_TARGET_3,
    DISAS_TARGET_4,
    DISAS_TARGET_5,
} DisasJumpType;

typedef struct DisasContextBase {
    TranslationBlock *tb;
    vaddr pc_first;       /* guest pc of the first insn */
    vaddr pc_next;        /* guest pc of the next insn to translate */
    DisasJumpType is_jmp; /* set by translate_insn to stop */
    int num_insns;        /* insns translated so far */
    int max_insns;        /* limit for this TB */
    bool singlestep;      /* one insn per TB */
    bool plugin_enabled;  /* reserved */
    /* Code fetch: the TB's first and (if it crosses) second page. */
    vaddr page_base[2];    /* virtual page addresses, -1 = none */
    uint8_t *host_page[2]; /* host pointers of those pages, NULL = none */
} DisasContextBase;

typedef struct TranslatorOps {
    /* Set up the target's DisasContext from the CPU state and tb->flags;
     * may lower db->max_insns. */
    void (*init_disas_context)(DisasContextBase *db, CPUState *cpu);
    /* After the generic TB prologue (may be NULL). */
    void (*tb_start)(DisasContextBase *db, CPUState *cpu);
    /* Emit tcg_gen_insn_start(pc, ...) for the insn at db->pc_next. */
    void (*insn_start)(DisasContextBase *db, CPUState *cpu);
    /* Decode and emit one insn; advance db->pc_next; set db->is_jmp to end
     * the TB. */
    void (*translate_insn)(DisasContextBase *db, CPUState *cpu);
    /* End the TB according to db->is_jmp (goto_tb, goto_ptr, exit_tb). */
    void (*tb_stop)(DisasContextBase *db, CPUState *cpu);
    /* Print the guest code of the TB for -d in_asm. */
    void (*disas_log)(const DisasContextBase *db, CPUState *cpu, FILE *f);
} TranslatorOps;

/*
 * Translate TB at PC with OPS into the current TCG context.  DB is the
 * target's DisasContext (base first).  *MAX_INSNS: limit in, count out.
 */
void translator_loop(CPUState *cpu, TranslationBlock *tb, int *max_insns,
                     vaddr pc, const TranslatorOps *ops, DisasContextBase *db);

/*
 * May the TB jump to DEST with goto_tb (chaining)?  Only when DEST is on a
 * page the TB already depends on, and chaining is not disabled.
 */
bool translator_use_goto_tb(const DisasContextBase *db, vaddr dest);

/*
 * Read guest code at PC for the TB being translated.  May raise the guest's
 * fetch fault (cpu_loop_exit): the loop then delivers it.
 */
uint8_t translator_ldub(CPUState *cpu, DisasContextBase *db, vaddr pc);
uint16_t translator_lduw(CPUState *cpu, DisasContextBase *db, vaddr pc);
uint32_t translator_ldl(CPUState *cpu, DisasContextBase *db, vaddr pc);
uint64_t translator_ldq(CPUState *cpu, DisasContextBase *db, vaddr pc);

#endif /* EXEC_TRANSLATOR_H */
