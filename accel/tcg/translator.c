/*
 * The generic per-TB translation loop (include/exec/translator.h).
 *
 * Data flow: tb_gen_code -> target translate_code -> translator_loop ->
 * the target's TranslatorOps per instruction -> TCG IR in tcg_ctx.
 *
 * Every TB starts with the entry-word check (rule 5 of docs/design.md):
 * load CPUState.entry_word, and leave with exit index TB_EXIT_REQUESTED if
 * it is negative.  That is the only check on TB entry.
 */
#include <inttypes.h>
#include <string.h>

#include "exec/translator.h"
#include "tcg/tcg-op.h"
#include "util/error.h"
#include "util/log.h"

/* -- Code fetch --------------------------------------------------------- */

/*
 * Host pointer to the code byte at PC for the TB being translated.  The
 * first page was resolved when translation started; a second page is
 * resolved (and may fault) the first time an instruction reaches it.  Code
 * outside RAM/ROM (NULL host page) is read byte-wise through the bus.
 */
static const uint8_t *code_ptr(CPUState *cpu, DisasContextBase *db, vaddr pc)
{
    vaddr page = pc & TARGET_PAGE_MASK;
    TranslationBlock *tb = db->tb;
    hwaddr paddr;

    for (int i = 0; i < 2; i++) {
        if (db->page_base[i] == page) {
            return db->host_page[i] ? db->host_page[i] + (pc - page) : NULL;
        }
    }
    if (db->page_base[1] != (vaddr)-1) {
        internal_error("translator: code fetch at 0x%" PRIx64 " touches a "
                       "third page (TB at 0x%" PRIx64 ")",
                       pc, db->pc_first);
    }
    db->host_page[1] = get_page_addr_code(cpu, page, &paddr);
    db->page_base[1] = page;
    tb->page_addr[1] = paddr & TARGET_PAGE_MASK;
    tb->code_page[1] = (uintptr_t)db->host_page[1];
    return db->host_page[1] ? db->host_page[1] + (pc - page) : NULL;
}

static uint64_t code_load(CPUState *cpu, DisasContextBase *db, vaddr pc,
                          unsigned size)
{
    uint64_t val = 0;

    for (unsigned i = 0; i < size; i++) {
        const uint8_t *p = code_ptr(cpu, db, pc + i);
        uint64_t byte;

        if (p) {
            byte = *p;
        } else {
            /* Code in MMIO or unassigned space: read through the bus. */
            int mmu_idx = cpu->ops->mmu_index(cpu, true);

            byte = cpu_ld_mmu(cpu, pc + i, 1, mmu_idx, 0);
        }
        val |= byte << (i * 8);
    }
    return val;
}

uint8_t translator_ldub(CPUState *cpu, DisasContextBase *db, vaddr pc)
{
    return code_load(cpu, db, pc, 1);
}

uint16_t translator_lduw(CPUState *cpu, DisasContextBase *db, vaddr pc)
{
    return code_load(cpu, db, pc, 2);
}

uint32_t translator_ldl(CPUState *cpu, DisasContextBase *db, vaddr pc)
{
    return code_load(cpu, db, pc, 4);
}

uint64_t translator_ldq(CPUState *cpu, DisasContextBase *db, vaddr pc)
{
    return code_load(cpu, db, pc, 8);
}

bool translator_use_goto_tb(const DisasContextBase *db, vaddr dest)
{
    if (db->tb->cflags & (CF_NO_GOTO_TB | CF_SINGLE_STEP)) {
        return false;
    }
    /* A chained jump skips the TB lookup, and with it the check that the
     * target page is still mapped the same way: only jump within pages the
     * TB already depends on. */
    return (dest & TARGET_PAGE_MASK) == db->page_base[0];
}

/* -- The loop ----------------------------------------------------------- */

/* The entry-word check; returns the label the TB epilogue binds. */
static TCGLabel *gen_tb_start(void)
{
    TCGv_i32 word = tcg_temp_new_i32();
    TCGLabel *exit = gen_new_label();

    tcg_gen_ld_i32(word, tcg_env(),
                   cpu_env_offset_of(offsetof(CPUState, entry_word)));
    tcg_gen_brcondi_i32(TCG_COND_LT, word, 0, exit);
    tcg_temp_free_i32(word);
    return exit;
}

static void gen_tb_end(TranslationBlock *tb, TCGLabel *exit)
{
    tcg_gen_set_label(exit);
    tcg_gen_exit_tb(tb, TB_EXIT_REQUESTED);
}

void translator_loop(CPUState *cpu, TranslationBlock *tb, int *max_insns,
                     vaddr pc, const TranslatorOps *ops, DisasContextBase *db)
{
    TCGLabel *exit;
    hwaddr paddr;

    db->tb = tb;
    db->pc_first = pc;
    db->pc_next = pc;
    db->is_jmp = DISAS_NEXT;
    db->num_insns = 0;
    db->max_insns = *max_insns;
    db->singlestep = tb->cflags & CF_SINGLE_STEP;
    db->page_base[0] = pc & TARGET_PAGE_MASK;
    db->page_base[1] = (vaddr)-1;
    db->host_page[0] = get_page_addr_code(cpu, db->page_base[0], &paddr);
    db->host_page[1] = NULL;
    tb->page_addr[0] = paddr & TARGET_PAGE_MASK;
    tb->page_addr[1] = (hwaddr)-1;
    tb->code_page[0] = (uintptr_t)db->host_page[0];
    tb->code_page[1] = 0;

    ops->init_disas_context(db, cpu);
    exit = gen_tb_start();
    if (ops->tb_start) {
        ops->tb_start(db, cpu);
    }

    for (;;) {
        db->num_insns++;
        ops->insn_start(db, cpu);
        ops->translate_insn(db, cpu);
        if (db->is_jmp != DISAS_NEXT) {
            break;
        }
        /* Stop at the limit, when single-stepping, or before an insn that
         * would start on another page (its page may not be mapped). */
        if (db->num_insns >= db->max_insns || db->singlestep
            || ((db->pc_next ^ db->pc_first) & TARGET_PAGE_MASK)) {
            db->is_jmp = DISAS_TOO_MANY;
            break;
        }
    }

    ops->tb_stop(db, cpu);
    gen_tb_end(tb, exit);

    tb->size = db->pc_next - db->pc_first;
    tb->icount = db->num_insns;
    *max_insns = db->num_insns;

    if (log_enabled(LOG_IN_ASM) && ops->disas_log) {
        FILE *f = log_lock();

        fprintf(f, "----------------\n");
        ops->disas_log(db, cpu, f);
        fprintf(f, "\n");
        log_unlock(f);
    }
}
