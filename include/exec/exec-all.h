/*
 * Translation blocks and the softmmu TLB: the execution engine's API
 * (accel/tcg/tb-maint.c, cputlb.c, translate-all.c).
 *
 * A TranslationBlock is the host code for a run of guest instructions,
 * found by its key (physical pc, pc, cs_base, flags, cflags).  Everything
 * the translator baked in (mode, CPL, segment assumptions...) is in
 * `flags`, so a TB never runs in a state it was not translated for.
 *
 * Context: all of this runs on the vCPU thread, which runs every vCPU
 * round-robin; no lock is taken.  Only cpu_exit() may be called from
 * another thread (the kick thread of softmmu/main-loop.c, tests).
 */
#ifndef EXEC_EXEC_ALL_H
#define EXEC_EXEC_ALL_H

#include "exec/cpu-common.h"

/* -- Translation blocks ------------------------------------------------- */

/* cflags: how a TB was (or must be) translated. */
#define CF_COUNT_MASK  0x000001ff /* max guest insns; 0 = the default */
#define CF_NO_GOTO_TB  0x00000200 /* no direct chaining (-d nochain) */
#define CF_NO_GOTO_PTR 0x00000400 /* no jump-cache probe from code */
#define CF_SINGLE_STEP 0x00000800 /* one insn, then exit (gdb, TF) */
#define CF_LAST_IO     0x00001000 /* the last insn may do I/O */
#define CF_INVALID     0x80000000 /* the TB was invalidated */

/* Flags that are part of the lookup key (the rest describe the TB). */
#define CF_HASH_MASK                                                           \
    (CF_COUNT_MASK | CF_NO_GOTO_TB | CF_NO_GOTO_PTR | CF_SINGLE_STEP           \
     | CF_LAST_IO)

struct TranslationBlock {
    /* The lookup key. */
    vaddr pc;               /* guest virtual pc of the first insn */
    uint64_t cs_base;       /* target-defined (x86: CS base) */
    uint32_t flags;         /* target-defined mode bits */
    uint32_t cflags;        /* CF_* */
    hwaddr page_addr[2];    /* physical pages of its code; [1] = -1
                               unless it crosses into a second page */
    uintptr_t code_page[2]; /* the same pages as host addresses (0:
                               none, or code outside RAM/ROM); code
                               pages are tracked by host address so an
                               alias (A20) cannot hide a write */

    /* The code. */
    uint16_t size;      /* guest bytes translated */
    uint16_t icount;    /* guest instructions */
    const void *tc_ptr; /* RX address of the host code */
    uint32_t tc_size;   /* host code bytes */

    /* Restoring guest state: per instruction, the end offset of its host
     * code and its insn_start data words. */
    uint16_t *insn_end_off; /* [icount] */
    uint64_t *insn_data;    /* [icount * TCG_INSN_START_WORDS] */

    /* Direct jumps out of this TB (goto_tb slot 0 and 1). */
    uint16_t jmp_reset_offset[2];  /* code offset of the unchained target;
                                      0xffff: slot unused */
    uint16_t jmp_insn_offset[2];   /* code offset of the patchable site */
    TranslationBlock *jmp_dest[2]; /* the TB each slot jumps to, or NULL */

    /* Direct jumps into this TB: a list of (tb, slot) pairs, encoded as
     * tb | slot, linked through the source's jmp_list_next[slot]. */
    uintptr_t jmp_list_head;
    uintptr_t jmp_list_next[2];

    /* TBs with code on the same physical page, per page: tb | page index. */
    uintptr_t page_next[2];
};

/* -- Start-up ------------------------------------------------------------ */

/*
 * Set up the code generator for the machine: code buffer of TB_SIZE bytes
 * (0: default) with SPLIT_WX, backend by name ("x86_64" or "tci").
 * Returns false with *ERR set (g_free it) for a user-level error.
 */
bool tcg_exec_init(size_t tb_size, bool split_wx, const char *backend,
                   char **err);

/* -- TB maintenance (tb-maint.c) ------------------------------------------ */

/*
 * Find the TB for (PC, CS_BASE, FLAGS, CFLAGS) of CPU: first the CPU's jump
 * cache, then the global hash table (checking the physical pc).  NULL if
 * none is valid.
 */
TranslationBlock *tb_lookup(CPUState *cpu, vaddr pc, uint64_t cs_base,
                            uint32_t flags, uint32_t cflags);

/*
 * Translate a TB at PC for CPU and enter it in the caches.  May flush the
 * whole code buffer first when it is full.  May raise a guest exception
 * (instruction fetch fault) by cpu_loop_exit.
 */
TranslationBlock *tb_gen_code(CPUState *cpu, vaddr pc, uint64_t cs_base,
                              uint32_t flags, uint32_t cflags);

/* Chain: make TB's goto_tb slot N jump straight to NEXT. */
void tb_add_jump(TranslationBlock *tb, int n, TranslationBlock *next);

/*
 * Invalidate every TB with code in host memory [START, START + LEN) (guest
 * RAM/ROM as host addresses): unchain jumps into them, drop them from every
 * cache.  If the TB that CPU is running (CPU may be NULL; RETADDR is the
 * host pc of the store) is among them and has more than one instruction,
 * the guest state is restored to the storing instruction, the next TB is
 * that one instruction alone, and this returns through cpu_loop_exit; the
 * caller must not have performed the store yet.
 */
void tb_invalidate_code_range(CPUState *cpu, uintptr_t start, size_t len,
                              uintptr_t retaddr);

/* Does the host page PAGE (aligned) of guest memory hold translated code? */
bool tb_page_has_code(uintptr_t page);

/* Throw away every TB and empty the code buffer (all CPUs are outside
 * generated code: called from the loop or between runs). */
void tb_flush(CPUState *cpu);

/* The TB containing host code address HOST_PC, or NULL. */
TranslationBlock *tb_find_by_host_pc(uintptr_t host_pc);

/* Counters for -d tb / -d stats, one list (include/exec/tb-stats.def). */
typedef struct TBStats {
#define TB_STAT(name, help) uint64_t name;
#include "exec/tb-stats.def"
#undef TB_STAT
} TBStats;

extern TBStats tb_stats;

/* Print tb_stats to F. */
void tb_stats_dump(FILE *f);

/* -- The softmmu TLB (cputlb.c) ------------------------------------------- */

/*
 * Map virtual page of ADDR (a SIZE-byte page: 4K, 2M or 1G) to physical
 * PADDR for MMU_IDX with protection PROT (PAGE_*).  Called by the target's
 * tlb_fill.  RAM pages get a fast-path entry; MMIO, ROM (writes) and pages
 * holding translated code (writes) get a flagged entry that takes the slow
 * path.
 */
void tlb_set_page(CPUState *cpu, vaddr addr, hwaddr paddr, int prot,
                  int mmu_idx, uint64_t size);

/* tlb_set_page with ATTRS (TLB_ATTR_*, include/exec/cpu-common.h). */
void tlb_set_page_attrs(CPUState *cpu, vaddr addr, hwaddr paddr, int prot,
                        int mmu_idx, uint64_t size, unsigned attrs);

/* Flush every entry of every MMU index. */
void tlb_flush(CPUState *cpu);
/* Flush every entry of every MMU index except those set with
 * TLB_ATTR_GLOBAL (x86: MOV to CR3 keeps global pages, SDM vol. 3,
 * 4.10.4.1).  The jump cache is cleared as by tlb_flush. */
void tlb_flush_nonglobal(CPUState *cpu);
/* Flush the MMU indexes in bitmap IDXMAP. */
void tlb_flush_by_mmuidx(CPUState *cpu, uint16_t idxmap);
/* Flush the page of ADDR in every MMU index (the whole large-page span if
 * ADDR lies in one). */
/*
 * Host address of ADDR if the TLB of MMU_IDX (main table or a victim
 * entry) maps its page as plain RAM for ACCESS, as generated code's fast
 * path would use it; else NULL (MMIO, a page holding translated code, a
 * miss).  Never fills the TLB nor raises a fault: for helpers that take a
 * fast path and fall back to the normal accesses otherwise.
 */
void *tlb_probe_host(CPUState *cpu, vaddr addr, MMUAccessType access,
                     int mmu_idx);

void tlb_flush_page(CPUState *cpu, vaddr addr);
void tlb_flush_page_by_mmuidx(CPUState *cpu, vaddr addr, uint16_t idxmap);

/*
 * Make write entries for host page PAGE of guest memory take the slow path
 * (it now holds translated code), or let them use the fast path again.
 * Applies to every CPU.
 */
void tlb_protect_code(uintptr_t page);
void tlb_unprotect_code(uintptr_t page);

/* Every CPU, for cross-CPU TLB updates (set by cpu_common_init). */
extern CPUState *cpu_list[];
extern int cpu_count;

/*
 * Guest memory from helpers: the slow paths generated code calls, also
 * usable by target helpers.  RETADDR is GETPC() of the helper (or 0 when
 * not called from generated code).  They may raise a guest fault.
 */
uint64_t cpu_ld_mmu(CPUState *cpu, vaddr addr, unsigned size, int mmu_idx,
                    uintptr_t retaddr);
void cpu_st_mmu(CPUState *cpu, vaddr addr, uint64_t val, unsigned size,
                int mmu_idx, uintptr_t retaddr);

/*
 * Host pointer for instruction fetch at ADDR (filling the TLB with the
 * code MMU index; may raise a fetch fault), and the physical address in
 * *PADDR.  NULL (with *PADDR set, or -1 if unmapped) if the code is not in
 * RAM/ROM: such code is executed one instruction at a time.
 */
void *get_page_addr_code(CPUState *cpu, vaddr addr, hwaddr *paddr);

/* The slow-path table for TCGContext.mem_helpers. */
extern const struct TCGMemHelpers cputlb_mem_helpers;

#endif /* EXEC_EXEC_ALL_H */
