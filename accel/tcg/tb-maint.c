/*
 * The TB cache: lookup, generation, chaining, invalidation and flushing
 * (include/exec/exec-all.h).
 *
 * Data flow: cpu_exec asks tb_lookup for the TB of the current state (the
 * CPU's virtually indexed jump cache, then the global hash table keyed by
 * physical pc); on a miss tb_gen_code translates one.  After a TB exits
 * through goto_tb slot n, the loop chains it to the next TB with
 * tb_add_jump, so the next run jumps directly.  Stores to code pages (the
 * TLB's notdirty path, DMA) call tb_invalidate_code_range, which unchains
 * and forgets every TB on the written bytes.
 *
 * Invariants:
 * - A valid TB is in the hash table, in the list of each code page it
 *   touches, and maybe in jump caches; an invalid TB (CF_INVALID) is in
 *   none of them and no other TB jumps into it.
 * - A host page with a non-empty TB list has TLB_NOTDIRTY on every write
 *   entry that maps it (tlb_protect_code when its first TB arrives).
 * - TB descriptors live until the next tb_flush, so a host pc inside any
 *   code generated since then maps back to its TB (tb_find_by_host_pc).
 *
 * Context: the vCPU thread, outside generated code.
 */
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "accel/tcg/internal.h"
#include "exec/exec-all.h"
#include "exec/perf.h"
#include "tcg/tcg-region.h"
#include "tcg/tcg.h"
#include "util/error.h"
#include "util/log.h"

TBStats tb_stats;

/* Every TB since the last flush, in code-address order. */
static GPtrArray *all_tbs;
/* Valid TBs by key. */
static GHashTable *tb_htable;
/* Host code page -> tagged list head of its TBs (tb | page index). */
static GHashTable *code_pages;
/* A TB whose translation was abandoned by a fetch fault (freed later). */
static TranslationBlock *tb_in_progress;
unsigned tb_flush_generation;

/* -- Keys --------------------------------------------------------------- */

static guint tb_hash(gconstpointer p)
{
    const TranslationBlock *tb = p;
    uint64_t h = tb->page_addr[0] ^ (tb->pc * 0x9e3779b97f4a7c15ull)
                 ^ tb->cs_base ^ ((uint64_t)tb->flags << 32)
                 ^ (tb->cflags & CF_HASH_MASK);

    return (guint)(h ^ (h >> 32));
}

static gboolean tb_equal(gconstpointer a, gconstpointer b)
{
    const TranslationBlock *x = a, *y = b;

    return x->pc == y->pc && x->page_addr[0] == y->page_addr[0]
           && x->cs_base == y->cs_base && x->flags == y->flags
           && (x->cflags & CF_HASH_MASK) == (y->cflags & CF_HASH_MASK);
}

static void tb_tables_init(void)
{
    if (!tb_htable) {
        tb_htable = g_hash_table_new(tb_hash, tb_equal);
        code_pages =
            g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
        all_tbs = g_ptr_array_new();
    }
}

static unsigned jc_index(vaddr pc)
{
    return (pc ^ (pc >> TB_JMP_CACHE_BITS)) & ((1u << TB_JMP_CACHE_BITS) - 1);
}

/* -- Lookup ------------------------------------------------------------- */

static bool tb_matches(const TranslationBlock *tb, vaddr pc, uint64_t cs_base,
                       uint32_t flags, uint32_t cflags)
{
    return tb->pc == pc && tb->cs_base == cs_base && tb->flags == flags
           && (tb->cflags & (CF_HASH_MASK | CF_INVALID)) == cflags;
}

TranslationBlock *tb_lookup(CPUState *cpu, vaddr pc, uint64_t cs_base,
                            uint32_t flags, uint32_t cflags)
{
    TBJumpCacheEntry *jc = &cpu->tb_jmp_cache[jc_index(pc)];
    TranslationBlock key, *tb;
    hwaddr phys;

    tb_stats.lookups++;
    tb = jc->tb;
    if (tb && jc->pc == pc && tb_matches(tb, pc, cs_base, flags, cflags)) {
        tb_stats.jc_hits++;
        return tb;
    }
    tb_tables_init();
    /* May raise the fetch fault for PC: the same one executing would. */
    get_page_addr_code(cpu, pc, &phys);
    key.pc = pc;
    key.page_addr[0] = phys & TARGET_PAGE_MASK;
    key.cs_base = cs_base;
    key.flags = flags;
    key.cflags = cflags;
    tb = g_hash_table_lookup(tb_htable, &key);
    if (!tb) {
        return NULL;
    }
    /* A TB that runs onto a second page is valid only while that page
     * still maps to the same physical page. */
    if (tb->page_addr[1] != (hwaddr)-1) {
        vaddr page2 = (pc & TARGET_PAGE_MASK) + TARGET_PAGE_SIZE;

        get_page_addr_code(cpu, page2, &phys);
        if ((phys & TARGET_PAGE_MASK) != tb->page_addr[1]) {
            return NULL;
        }
    }
    tb_stats.ht_hits++;
    jc->tb = tb;
    jc->pc = pc;
    return tb;
}

TranslationBlock *tb_find_by_host_pc(uintptr_t host_pc)
{
    guint lo = 0, hi;

    if (!all_tbs) {
        return NULL;
    }
    hi = all_tbs->len;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        TranslationBlock *tb = g_ptr_array_index(all_tbs, mid);
        uintptr_t start = (uintptr_t)tb->tc_ptr;

        if (host_pc < start) {
            hi = mid;
        } else if (host_pc >= start + tb->tc_size) {
            lo = mid + 1;
        } else {
            return tb;
        }
    }
    return NULL;
}

/* -- Code pages --------------------------------------------------------- */

static uintptr_t *page_list_head(uintptr_t page, bool create)
{
    uintptr_t *head = g_hash_table_lookup(code_pages, (gpointer)page);

    if (!head && create) {
        head = g_new0(uintptr_t, 1);
        g_hash_table_insert(code_pages, (gpointer)page, head);
    }
    return head;
}

bool tb_page_has_code(uintptr_t page)
{
    uintptr_t *head = code_pages ? page_list_head(page, false) : NULL;

    return head && *head;
}

static void tb_page_add(TranslationBlock *tb, int n)
{
    uintptr_t page = tb->code_page[n];
    uintptr_t *head = page_list_head(page, true);

    if (!*head) {
        tlb_protect_code(page);
    }
    tb->page_next[n] = *head;
    *head = (uintptr_t)tb | n;
}

static void tb_page_remove(TranslationBlock *tb, int n)
{
    uintptr_t *link = page_list_head(tb->code_page[n], false);

    while (link && *link) {
        TranslationBlock *t = (TranslationBlock *)(*link & ~(uintptr_t)1);
        int tn = *link & 1;

        if (t == tb && tn == n) {
            *link = tb->page_next[n];
            return;
        }
        link = &t->page_next[tn];
    }
    internal_error("TB at pc 0x%" PRIx64 " missing from its code page list",
                   tb->pc);
}

/* -- Chaining ----------------------------------------------------------- */

static void tb_patch_jump(TranslationBlock *tb, int n, const void *target)
{
    tcg_patch_goto_tb(tcg_ctx, tb->tc_ptr, tb->jmp_insn_offset[n], target);
}

void tb_add_jump(TranslationBlock *tb, int n, TranslationBlock *next)
{
    if (tb->jmp_dest[n] || tb->jmp_reset_offset[n] == UINT16_MAX
        || ((tb->cflags | next->cflags) & CF_INVALID)) {
        return;
    }
    tb_patch_jump(tb, n, next->tc_ptr);
    tb->jmp_dest[n] = next;
    tb->jmp_list_next[n] = next->jmp_list_head;
    next->jmp_list_head = (uintptr_t)tb | n;
    tb_stats.chained++;
    qlog_mask(LOG_EXEC, "Linking TBs %p index %d -> %p\n", tb->tc_ptr, n,
              next->tc_ptr);
}

/* Point SRC's slot N back at its own exit path. */
static void tb_reset_jump(TranslationBlock *src, int n)
{
    tb_patch_jump(src, n,
                  (const uint8_t *)src->tc_ptr + src->jmp_reset_offset[n]);
    src->jmp_dest[n] = NULL;
    tb_stats.unchained++;
}

/* Remove (TB, N) from the incoming list of the TB it jumps to. */
static void tb_remove_from_jmp_list(TranslationBlock *tb, int n)
{
    TranslationBlock *dest = tb->jmp_dest[n];
    uintptr_t *link = &dest->jmp_list_head;

    while (*link) {
        TranslationBlock *t = (TranslationBlock *)(*link & ~(uintptr_t)1);
        int tn = *link & 1;

        if (t == tb && tn == n) {
            *link = tb->jmp_list_next[n];
            break;
        }
        link = &t->jmp_list_next[tn];
    }
    tb->jmp_dest[n] = NULL;
}

/* -- Invalidation ------------------------------------------------------- */

static void tb_invalidate(TranslationBlock *tb)
{
    tb->cflags |= CF_INVALID;
    g_hash_table_remove(tb_htable, tb);
    for (int n = 0; n < 2; n++) {
        if (tb->code_page[n]) {
            tb_page_remove(tb, n);
        }
    }
    for (int c = 0; c < cpu_count; c++) {
        TBJumpCacheEntry *jc = &cpu_list[c]->tb_jmp_cache[jc_index(tb->pc)];

        if (jc->tb == tb) {
            jc->tb = NULL;
        }
    }
    /* Jumps into this TB go back to their exits... */
    while (tb->jmp_list_head) {
        TranslationBlock *src =
            (TranslationBlock *)(tb->jmp_list_head & ~(uintptr_t)1);
        int n = tb->jmp_list_head & 1;

        tb->jmp_list_head = src->jmp_list_next[n];
        tb_reset_jump(src, n);
    }
    /* ... and its own jumps leave the targets' lists. */
    for (int n = 0; n < 2; n++) {
        if (tb->jmp_dest[n]) {
            tb_remove_from_jmp_list(tb, n);
        }
    }
    tb_stats.invalidated++;
    qlog_mask(LOG_PAGE, "invalidate TB %p pc 0x%016" PRIx64 "\n", tb->tc_ptr,
              tb->pc);
}

/* Does TB's guest code on page slot N overlap host [START, END)? */
static bool tb_overlaps(const TranslationBlock *tb, int n, uintptr_t start,
                        uintptr_t end)
{
    uintptr_t in_page = tb->pc & ~TARGET_PAGE_MASK;
    uintptr_t lo, hi;

    if (n == 0) {
        lo = tb->code_page[0] + in_page;
        hi = tb->code_page[0] + MIN(in_page + tb->size, TARGET_PAGE_SIZE);
    } else {
        lo = tb->code_page[1];
        hi = tb->code_page[1] + (in_page + tb->size - TARGET_PAGE_SIZE);
    }
    return lo < end && start < hi;
}

void tb_invalidate_code_range(CPUState *cpu, uintptr_t start, size_t len,
                              uintptr_t retaddr)
{
    uintptr_t end = start + len;
    TranslationBlock *current = NULL;
    bool current_hit = false;

    if (!code_pages) {
        return;
    }
    if (cpu && retaddr) {
        current = tb_find_by_host_pc(retaddr);
    }
    for (uintptr_t page = start & TARGET_PAGE_MASK; page < end;
         page += TARGET_PAGE_SIZE) {
        uintptr_t *head = page_list_head(page, false);
        uintptr_t link = head ? *head : 0;

        while (link) {
            TranslationBlock *tb = (TranslationBlock *)(link & ~(uintptr_t)1);
            int n = link & 1;

            link = tb->page_next[n];
            if (tb_overlaps(tb, n, start, end)) {
                current_hit |= tb == current;
                tb_invalidate(tb);
            }
        }
    }
    /*
     * The running TB wrote its own code.  Its remaining instructions are
     * stale: run the storing instruction again as a TB of its own (whose
     * store will then invalidate only itself) and go on from there.
     */
    if (current_hit && current->icount > 1) {
        cpu_restore_state(cpu, retaddr);
        cpu->tb_cflags_extra = 1;
        cpu_loop_exit(cpu);
    }
}

/* DMA, loaders and the debugger writing guest RAM (memory API hook). */
static void tb_ram_write_hook(uintptr_t host, size_t len)
{
    tb_invalidate_code_range(NULL, host, len, 0);
}

/* -- Flush -------------------------------------------------------------- */

static void tb_free(TranslationBlock *tb)
{
    g_free(tb->insn_end_off);
    g_free(tb->insn_data);
    g_free(tb);
}

void tb_flush(CPUState *cpu)
{
    tb_tables_init();
    for (guint i = 0; i < all_tbs->len; i++) {
        tb_free(g_ptr_array_index(all_tbs, i));
    }
    g_ptr_array_set_size(all_tbs, 0);
    g_hash_table_remove_all(tb_htable);
    g_hash_table_remove_all(code_pages); /* frees the list heads */
    tcg_region_reset();
    /* Every TLB drops its NOTDIRTY marks and every jump cache its TBs. */
    for (int c = 0; c < cpu_count; c++) {
        tlb_flush(cpu_list[c]);
    }
    tb_flush_generation++;
    tb_stats.flushes++;
    qlog_mask(LOG_PAGE, "tb_flush: code buffer emptied\n");
}

/* -- Generation --------------------------------------------------------- */

/* Copy the per-instruction records tcg_gen_code left in the context. */
static void tb_save_insn_records(TranslationBlock *tb, const TCGContext *s)
{
    tb->insn_end_off =
        g_memdup2(s->gen_insn_end_off, s->nb_insns * sizeof(uint16_t));
    tb->insn_data =
        g_memdup2(s->gen_insn_data, s->nb_insns * sizeof(s->gen_insn_data[0]));
    for (int n = 0; n < 2; n++) {
        tb->jmp_insn_offset[n] = s->tb_jmp_insn_offset[n];
        tb->jmp_reset_offset[n] = s->tb_jmp_reset_offset[n];
    }
}

TranslationBlock *tb_gen_code(CPUState *cpu, vaddr pc, uint64_t cs_base,
                              uint32_t flags, uint32_t cflags)
{
    TCGContext *s = tcg_ctx;
    int max_insns =
        cflags & CF_COUNT_MASK ? (int)(cflags & CF_COUNT_MASK) : TCG_MAX_INSNS;
    TranslationBlock *tb;
    uint8_t *code_rw;
    int size;

    tb_tables_init();
    g_free(tb_in_progress);
    s->tlb_fast_offset = cpu_env_offset_of(offsetof(CPUState, tlb_fast));
    s->mem_helpers = &cputlb_mem_helpers;

    for (;;) {
        int insns = max_insns;

        tb = tb_in_progress = g_new0(TranslationBlock, 1);
        tb->pc = pc;
        tb->cs_base = cs_base;
        tb->flags = flags;
        tb->cflags = cflags;
        tcg_func_start(s);
        cpu->ops->translate_code(cpu, tb, &insns, pc); /* may fault */
        code_rw = tcg_region_ptr();
        size = tcg_gen_code(s, code_rw, tcg_region_high_water());
        if (size >= 0) {
            break;
        }
        tb_in_progress = NULL;
        g_free(tb);
        if (size == -1) {
            tb_flush(cpu); /* buffer full: start afresh */
        } else if (max_insns > 1) {
            max_insns = (insns + 1) / 2; /* too large for 16-bit offsets */
        } else {
            internal_error("one guest instruction at 0x%" PRIx64 " does not "
                           "fit in a TB",
                           pc);
        }
    }
    tb_in_progress = NULL;

    tb->tc_ptr = tcg_splitwx_to_rx(code_rw);
    tb->tc_size = size;
    tb_save_insn_records(tb, s);
    tcg_region_commit(code_rw + size);
    tcg_region_flush_icache(tb->tc_ptr, size);

    g_ptr_array_add(all_tbs, tb);
    if (tb->code_page[0]) {
        g_hash_table_add(tb_htable, tb);
        for (int n = 0; n < 2; n++) {
            if (tb->code_page[n]) {
                tb_page_add(tb, n);
            }
        }
    } else {
        /* Code outside RAM/ROM cannot be watched for changes: run this TB
         * once and never find it again. */
        tb->cflags |= CF_INVALID;
    }

    if (perf_enabled) {
        perf_report_tb(tb);
    }
    tb_stats.translated++;
    tb_stats.translated_insns += tb->icount;
    tb_stats.code_bytes += size;
    return tb;
}

/* -- Statistics --------------------------------------------------------- */

void tb_stats_dump(FILE *f)
{
    static const struct {
        const char *name, *help;
        size_t offset;
    } rows[] = {
#define TB_STAT(name, help) {#name, help, offsetof(TBStats, name)},
#include "exec/tb-stats.def"
#undef TB_STAT
    };

    fprintf(f, "JIT statistics:\n");
    for (unsigned i = 0; i < G_N_ELEMENTS(rows); i++) {
        uint64_t v =
            *(const uint64_t *)((const uint8_t *)&tb_stats + rows[i].offset);

        fprintf(f, "  %-18s %12" PRIu64 "  %s\n", rows[i].name, v,
                rows[i].help);
    }
    if (tb_stats.lookups) {
        fprintf(f, "  jump-cache hit rate %.1f%% of %" PRIu64 " lookups\n",
                100.0 * tb_stats.jc_hits / tb_stats.lookups, tb_stats.lookups);
    }
}

void tb_maint_init(void)
{
    tb_tables_init();
    memory_set_ram_write_hook(tb_ram_write_hook);
}
