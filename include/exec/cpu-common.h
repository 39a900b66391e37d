/*
 * The generic CPU: what the execution engine (accel/tcg) knows of a vCPU,
 * and the hooks a guest architecture (target/i386) supplies.
 *
 * A target embeds CPUState at the start of its CPU object, followed by its
 * architectural state ("env", e.g. CPUX86State):
 *
 *     typedef struct X86CPU { CPUState parent; CPUX86State env; } X86CPU;
 *
 * Generated code holds env in a fixed host register; everything in
 * CPUState that generated code reads (the entry word, the fast TLB) is at a
 * fixed negative offset from env: cpu_env_offset() bytes before it.
 *
 * Context: a CPUState is touched by its own vCPU thread; other threads only
 * call cpu_exit() and cpu_interrupt(), which are atomic.
 */
#ifndef EXEC_CPU_COMMON_H
#define EXEC_CPU_COMMON_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "exec/memory.h"
#include "exec/tlb-common.h"
#include "tcg/tcg.h"

/* A guest virtual address (a 32-bit guest zero-extends). */
typedef uint64_t vaddr;

typedef struct CPUState CPUState;
typedef struct TranslationBlock TranslationBlock;

typedef enum MMUAccessType {
    MMU_DATA_LOAD = 0,
    MMU_DATA_STORE = 1,
    MMU_INST_FETCH = 2,
} MMUAccessType;

/* Page protection bits for tlb_set_page. */
#define PAGE_READ  1
#define PAGE_WRITE 2
#define PAGE_EXEC  4

/*
 * cpu->exception_index values at or above EXCP_FIRST_INTERNAL are the
 * execution loop's own reasons to stop, not guest vectors; cpu_exec()
 * returns them.  A target's vectors are below (x86: 0..255).
 */
#define EXCP_FIRST_INTERNAL 0x10000
#define EXCP_INTERRUPT      0x10000 /* an exit request: go back to the caller */
#define EXCP_HLT            0x10001 /* the CPU halted: wait for an interrupt */
#define EXCP_DEBUG          0x10002 /* a debug event for the gdb stub */
#define EXCP_HALTED         0x10003 /* cpu_exec entered with the CPU halted */
#define EXCP_NONE           (-1)    /* no exception pending */

/* cpu->interrupt_request bits (targets add theirs from bit 8 up). */
#define CPU_INTERRUPT_HARD   0x0002 /* an external interrupt line */
#define CPU_INTERRUPT_EXITTB 0x0004 /* leave the TB (state changed) */
#define CPU_INTERRUPT_HALT   0x0020 /* halt the CPU */
#define CPU_INTERRUPT_RESET  0x0080 /* reset the CPU */
#define CPU_INTERRUPT_TGT0   0x0100 /* first target-defined bit */

/*
 * The one word generated code tests at every TB entry: the TB leaves to the
 * loop (exit index TB_EXIT_REQUESTED) when it is negative.  `exit` is set to
 * -1 to request an exit; `icount` will hold the instruction budget under
 * -icount.  Little-endian host layout.
 */
typedef union CPUEntryWord {
    int32_t all;
    struct {
        uint16_t icount;
        int16_t exit;
    } part;
} CPUEntryWord;

/* -- The softmmu TLB, slow side (accel/tcg/cputlb.c) -------------------- */

#define CPU_TLB_BITS  8 /* 256 entries per MMU index */
#define CPU_VTLB_SIZE 8 /* victim entries per MMU index */

/* What the slow path needs about a TLB entry, parallel to the table. */
typedef struct CPUTLBEntryFull {
    hwaddr phys_addr;     /* guest physical address of the page */
    uint8_t prot;         /* PAGE_* */
    uint8_t lg_page_size; /* log2 of the guest page (12, 21, 30) */
    uint8_t attrs;        /* TLB_ATTR_* given to tlb_set_page_attrs */
} CPUTLBEntryFull;

/* Entry attributes (tlb_set_page_attrs). */
#define TLB_ATTR_GLOBAL 1 /* survives tlb_flush_nonglobal (x86 G bit) */

typedef struct CPUTLBDesc {
    CPUTLBEntry table[1 << CPU_TLB_BITS];
    CPUTLBEntryFull full[1 << CPU_TLB_BITS];
    CPUTLBEntry vtable[CPU_VTLB_SIZE]; /* victims of replaced entries */
    CPUTLBEntryFull vfull[CPU_VTLB_SIZE];
    unsigned vindex;       /* next victim slot to reuse */
    vaddr large_page_addr; /* span of large pages mapped ... */
    vaddr large_page_mask; /* ... (-1 addr: none) */
} CPUTLBDesc;

/* -- The per-CPU jump cache (accel/tcg/tb-maint.c) ---------------------- */

#define TB_JMP_CACHE_BITS 12

typedef struct TBJumpCacheEntry {
    TranslationBlock *tb;
    vaddr pc;
} TBJumpCacheEntry;

/* -- Target hooks ------------------------------------------------------- */

typedef struct CPUTargetOps {
    const char *name; /* "x86_64" */

    /*
     * Translate guest code at PC into TB (tb->pc/cs_base/flags/cflags are
     * set): build the IR with translator_loop().  *MAX_INSNS is the limit
     * on input and the number translated on output.
     */
    void (*translate_code)(CPUState *cpu, TranslationBlock *tb, int *max_insns,
                           vaddr pc);
    /* The TB lookup key for the CPU's current state. */
    void (*get_tb_cpu_state)(CPUState *cpu, vaddr *pc, uint64_t *cs_base,
                             uint32_t *flags);
    /*
     * Put the guest state back to the start of the instruction whose
     * insn_start data words are DATA (after a fault inside a TB).
     */
    void (*restore_state_to_opc)(CPUState *cpu, const TranslationBlock *tb,
                                 const uint64_t *data);
    /*
     * TB left through its entry check (TB_EXIT_REQUESTED) before running
     * any instruction: make the guest pc TB's pc (a chained jump into TB
     * may not have stored it).  May be NULL if TBs always store it.
     */
    void (*synchronize_from_tb)(CPUState *cpu, const TranslationBlock *tb);
    /*
     * Take one interrupt of INTERRUPT_REQUEST if the CPU accepts it now
     * (IF, interrupt shadow...): deliver it and return true.
     */
    bool (*exec_interrupt)(CPUState *cpu, uint32_t interrupt_request);
    /* Deliver cpu->exception_index (a guest vector) to the guest. */
    void (*do_interrupt)(CPUState *cpu);
    /*
     * Translate ADDR for an access of SIZE bytes: on success call
     * tlb_set_page() and return true.  On a fault return false if PROBE,
     * else raise the guest exception (cpu_loop_exit_restore with RETADDR,
     * never returns).
     */
    bool (*tlb_fill)(CPUState *cpu, vaddr addr, int size, MMUAccessType access,
                     int mmu_idx, bool probe, uintptr_t retaddr);
    /*
     * An access with MO_ALIGN at unaligned ADDR: raise the guest's
     * alignment fault (never returns).  NULL: such accesses just proceed.
     */
    void (*do_unaligned_access)(CPUState *cpu, vaddr addr, MMUAccessType access,
                                int mmu_idx, uintptr_t retaddr);
    /* The MMU index for data accesses (IFETCH false) or code fetch. */
    int (*mmu_index)(CPUState *cpu, bool ifetch);
    /* Has the halted CPU something to do (an interrupt it can take)? */
    bool (*has_work)(CPUState *cpu);
    /* Around a run of cpu_exec (e.g. fold eflags into lazy flags). */
    void (*cpu_exec_enter)(CPUState *cpu);
    void (*cpu_exec_exit)(CPUState *cpu);
    /* Print the registers for -d cpu (FLAGS: CPU_DUMP_*). */
    void (*dump_state)(CPUState *cpu, FILE *f, int flags);
} CPUTargetOps;

#define CPU_DUMP_FPU 1

/* -- The CPU ------------------------------------------------------------ */

struct CPUState {
    /* Read by generated code (at negative offsets from env). */
    CPUEntryWord entry_word;               /* see CPUEntryWord */
    CPUTLBDescFast tlb_fast[NB_MMU_MODES]; /* generated code's TLB view */

    /* Wiring. */
    const CPUTargetOps *ops;
    void *env_ptr;    /* the target's state ("env") */
    AddressSpace *as; /* guest physical memory */
    int cpu_index;    /* 0 .. smp_cpus - 1 */

    /* Execution state. */
    int exception_index;        /* EXCP_NONE or what to deliver */
    uint32_t interrupt_request; /* CPU_INTERRUPT_*, atomic */
    bool halted;                /* HLT: waits for has_work */
    bool stopped;               /* paused by the machine */
    bool can_do_io;             /* inside an I/O instruction */
    uintptr_t mem_io_pc;        /* host pc of the current MMIO */
    sigjmp_buf jmp_env;         /* cpu_loop_exit lands here */
    bool in_exec;               /* jmp_env is valid */
    bool exit_request;          /* cpu_exit: return from cpu_exec */

    /* Translation state. */
    TBJumpCacheEntry *tb_jmp_cache; /* [1 << TB_JMP_CACHE_BITS] */
    uint32_t tb_cflags_extra;       /* cflags for the next lookups */

    /* The slow side of the TLB, per MMU index. */
    CPUTLBDesc tlb[NB_MMU_MODES];
};

/*
 * Bytes from a CPUState to its env; the same for every CPU of the target.
 * Set by cpu_common_init.
 */
extern ptrdiff_t cpu_env_offset_bytes;

static inline void *cpu_env(CPUState *cpu)
{
    return cpu->env_ptr;
}

static inline CPUState *env_cpu(void *env)
{
    return (CPUState *)((uint8_t *)env - cpu_env_offset_bytes);
}

/* Offset of CPUState field OFF from env, for generated code (negative). */
static inline intptr_t cpu_env_offset_of(size_t field_offset)
{
    return (intptr_t)field_offset - (intptr_t)cpu_env_offset_bytes;
}

/*
 * Set up CPU (zeroed by the caller) with target OPS, its env ENV and the
 * physical address space AS; allocates the jump cache and empties the TLB.
 */
void cpu_common_init(CPUState *cpu, const CPUTargetOps *ops, void *env,
                     AddressSpace *as, int cpu_index);
void cpu_common_destroy(CPUState *cpu);

/* -- Execution (accel/tcg/cpu-exec.c) ------------------------------------ */

/*
 * Run CPU until something the caller must handle: returns an EXCP_*
 * internal reason (EXCP_INTERRUPT for an exit request, EXCP_HLT/HALTED,
 * EXCP_DEBUG).  Guest exceptions and interrupts are delivered inside.
 * Must be called after tcg_exec_init().
 */
int cpu_exec(CPUState *cpu);

/*
 * The CPU this thread is running (set by cpu_exec, left set after it
 * returns): device callbacks use it for per-CPU registers (the local
 * APIC's MMIO page).  NULL before the first cpu_exec.
 */
extern __thread CPUState *current_cpu;

/* Ask CPU to leave generated code soon (any thread, async-signal-safe). */
void cpu_exit(CPUState *cpu);

/* Raise / lower interrupt_request bits (any thread); raising exits TBs. */
void cpu_interrupt(CPUState *cpu, uint32_t mask);
void cpu_reset_interrupt(CPUState *cpu, uint32_t mask);

/* Leave the current TB for the loop (from a helper); state must be synced. */
_Noreturn void cpu_loop_exit(CPUState *cpu);

/*
 * Leave from a helper called by generated code at host address RETADDR
 * (GETPC()): the guest state is first restored to the start of the guest
 * instruction containing RETADDR.  RETADDR 0 means "state already exact".
 */
_Noreturn void cpu_loop_exit_restore(CPUState *cpu, uintptr_t retaddr);

/* Raise guest exception EXCP at the instruction of RETADDR. */
_Noreturn void cpu_raise_exception_ra(CPUState *cpu, int excp,
                                      uintptr_t retaddr);

/*
 * Restore the guest state for host code address HOST_PC inside a TB.
 * Returns false if HOST_PC is not in generated code.
 */
bool cpu_restore_state(CPUState *cpu, uintptr_t host_pc);

/*
 * The host return address of a helper: the TB code that called it, or
 * under the TCI backend the bytecode address of the call
 * (tci_helper_retaddr, include/tcg/tcg.h).
 */
#define GETPC()                                                                \
    (tci_helper_retaddr ? tci_helper_retaddr                                   \
                        : (uintptr_t)__builtin_return_address(0))

#endif /* EXEC_CPU_COMMON_H */
