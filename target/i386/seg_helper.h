/*
 * What the segmentation, task and event-delivery helpers share
 * (seg_helper.c, task_helper.c, excp_helper.c): implicit supervisor
 * memory accesses, descriptor reads, segment-cache loads and a stack
 * cursor for building and unwinding frames.
 *
 * Every function that touches guest memory takes RA, the host return
 * address of the helper that generated code called (GETPC()), or 0 when
 * called from the execution loop (event delivery) where the state is
 * already exact; a fault unwinds to the loop through it.
 *
 * Invariant: a helper first reads and checks everything (descriptors,
 * stack slots), and only then changes registers, so a fault leaves the
 * guest state as it was at the start of the instruction.
 */
#ifndef TARGET_I386_SEG_HELPER_H
#define TARGET_I386_SEG_HELPER_H

#include "exec/exec-all.h"
#include "target/i386/helper.h"

/* -- Small facts -------------------------------------------------------- */

static inline unsigned x86_cpl(const CPUX86State *env)
{
    return env->hflags & HF_CPL_MASK;
}

static inline bool x86_lma(const CPUX86State *env)
{
    return env->hflags & HF_LMA_MASK;
}

/* 64-bit mode: long mode with a 64-bit code segment. */
static inline bool x86_code64(const CPUX86State *env)
{
    return env->hflags & HF_CS64_MASK;
}

static inline bool x86_vm86(const CPUX86State *env)
{
    return env->eflags & VM_MASK;
}

static inline bool x86_protected(const CPUX86State *env)
{
    return env->cr[0] & CR0_PE_MASK;
}

static inline unsigned x86_iopl(const CPUX86State *env)
{
    return (env->eflags & IOPL_MASK) >> IOPL_SHIFT;
}

/* Descriptor high-dword fields (e2). */
static inline unsigned desc_type(uint32_t e2)
{
    return (e2 >> DESC_TYPE_SHIFT) & 15;
}

static inline unsigned desc_dpl(uint32_t e2)
{
    return (e2 >> DESC_DPL_SHIFT) & 3;
}

/* Code/data type bits (with DESC_S set): code, conforming, readable/
 * writable, accessed (SDM vol. 3, table 3-1). */
#define DESC_CS_MASK (1u << 11) /* code segment */
#define DESC_C_MASK  (1u << 10) /* conforming code / expand-down data */
#define DESC_R_MASK  (1u << 9)  /* readable code */
#define DESC_W_MASK  (1u << 9)  /* writable data */
#define DESC_A_MASK  (1u << 8)  /* accessed */

/* System descriptor types (DESC_S clear, SDM vol. 3, table 3-2). */
enum {
    SYS_TSS16_AVAIL = 1,
    SYS_LDT = 2,
    SYS_TSS16_BUSY = 3,
    SYS_CALLGATE16 = 4,
    SYS_TASKGATE = 5,
    SYS_INTGATE16 = 6,
    SYS_TRAPGATE16 = 7,
    SYS_TSS32_AVAIL = 9,
    SYS_TSS32_BUSY = 11,
    SYS_CALLGATE32 = 12,
    SYS_INTGATE32 = 14,
    SYS_TRAPGATE32 = 15,
};

/* -- Raising ------------------------------------------------------------ */

/* Raise EXCP with ERR at RA (x86_raise_exception_err_ra). */
static inline _Noreturn void raise_err(CPUX86State *env, int excp, uint32_t err,
                                       uintptr_t ra)
{
    x86_raise_exception_err_ra(env, excp, (int)err, ra);
}

/* -- Implicit supervisor accesses (descriptor tables, TSS) --------------- */

/* Linear address wrap: 32 bits outside long mode. */
static inline uint64_t x86_linear(const CPUX86State *env, uint64_t addr)
{
    return x86_lma(env) ? addr : (uint32_t)addr;
}

uint64_t x86_sys_ld(CPUX86State *env, uint64_t addr, unsigned size,
                    uintptr_t ra);
void x86_sys_st(CPUX86State *env, uint64_t addr, uint64_t val, unsigned size,
                uintptr_t ra);

/* -- Descriptors -------------------------------------------------------- */

/*
 * Read the 8-byte descriptor SEL names (GDT or LDT by SEL.TI) into *E1
 * (low dword) and *E2 (high dword).  Returns false, reading nothing, when
 * the descriptor lies beyond the table's limit.
 */
bool x86_read_desc(CPUX86State *env, uint32_t sel, uint32_t *e1, uint32_t *e2,
                   uintptr_t ra);
/* Linear address of SEL's descriptor (GDT or LDT). */
uint64_t x86_desc_addr(const CPUX86State *env, uint32_t sel);

uint64_t x86_desc_base(uint32_t e1, uint32_t e2);
/* Byte-granular limit (G applied). */
uint32_t x86_desc_limit(uint32_t e1, uint32_t e2);

/* Set the descriptor's accessed bit in memory if it is clear. */
void x86_set_accessed(CPUX86State *env, uint32_t sel, uint32_t e2,
                      uintptr_t ra);

/* Load the hidden part of segment register SEG from a descriptor. */
void x86_load_seg_desc(CPUX86State *env, int seg, uint32_t sel, uint32_t e1,
                       uint32_t e2);
/* SS = null selector SEL with RPL = CPL: 64-bit mode below CPL 3. */
void x86_load_ss_null(CPUX86State *env, uint32_t sel, unsigned cpl);
/* Load SEG as a real-mode / virtual-8086 segment (base = sel << 4). */
void x86_load_seg_real(CPUX86State *env, int seg, uint32_t sel, bool vm86);

/*
 * Load data/stack segment register SEG (not CS) with SEL in protected
 * mode, with every check of MOV/POP to a segment register (SDM vol. 2B,
 * MOV).  IN_TASK_SWITCH turns the #GP faults into #TS (a task switch
 * loading the new task's segments); not-present stays #SS/#NP.
 */
void x86_load_seg_checked(CPUX86State *env, int seg, uint32_t sel,
                          bool in_task_switch, uintptr_t ra);

/*
 * Stack of privilege level DPL from the current TSS (32-bit or 16-bit
 * TSS): *SS and *SP.  #TS(TR) when the TSS is too short.
 */
void x86_tss_stack(CPUX86State *env, unsigned dpl, uint32_t *ss, uint64_t *sp,
                   uint32_t ext, uintptr_t ra);
/* 64-bit TSS: RSP0-2 (IST = 0) or IST1-7. */
uint64_t x86_tss64_stack(CPUX86State *env, unsigned dpl, unsigned ist,
                         uint32_t ext, uintptr_t ra);

/*
 * Check the SS a privilege change will load (from the TSS or a gate):
 * selector SS for privilege DPL; raises #TS(SS) (#SS(SS) if not present).
 * Returns its descriptor in *E1 and *E2.
 */
void x86_check_new_ss(CPUX86State *env, uint32_t ss, unsigned dpl, uint32_t *e1,
                      uint32_t *e2, uint32_t ext, uintptr_t ra);

/* -- A stack cursor for frames ------------------------------------------- */

typedef struct X86Stack {
    CPUX86State *env;
    uint64_t base; /* SS base (ignored in 64-bit mode) */
    uint64_t sp;   /* current stack pointer, full width */
    uint64_t mask; /* 0xffff, 0xffffffff or all ones (64-bit) */
    int mmu_idx;   /* privilege of the accesses */
    uintptr_t ra;
} X86Stack;

/* A cursor on SS:rSP as the current state says (width from SS.B/mode). */
X86Stack x86_stack_current(CPUX86State *env, uintptr_t ra);
void x86_push(X86Stack *st, unsigned size, uint64_t val);
uint64_t x86_pop(X86Stack *st, unsigned size);
/* Write the cursor's SP back into rSP (only the stack-width bits change
 * unless the stack is 64-bit). */
void x86_stack_commit(X86Stack *st);

/* MMU index of an access made at privilege CPL. */
static inline int x86_mmu_idx_for(unsigned cpl)
{
    return cpl == 3 ? MMU_USER_IDX : MMU_KSMAP_IDX;
}

/* -- Tasks (task_helper.c) ----------------------------------------------- */

typedef enum X86TaskSource {
    TASK_FROM_JMP,
    TASK_FROM_CALL, /* also INT through a task gate */
    TASK_FROM_IRET,
} X86TaskSource;

/*
 * Switch to the task SEL (a TSS descriptor E1/E2, or a task gate that names
 * one) as SOURCE does it (SDM vol. 3, 7.3).  NEXT_EIP is saved in the old
 * TSS.  EXT goes into the error codes of faults before the switch.
 */
void x86_task_switch(CPUX86State *env, uint32_t sel, uint32_t e1, uint32_t e2,
                     X86TaskSource source, uint64_t next_eip, uint32_t ext,
                     uintptr_t ra);

/*
 * Port I/O permission for SIZE bytes at PORT: CPL <= IOPL outside
 * virtual-8086 mode, else the TSS I/O permission bitmap; #GP(0) if denied.
 */
void x86_check_io(CPUX86State *env, uint32_t port, unsigned size, uintptr_t ra);

/* -- Events (excp_helper.c) ----------------------------------------------- */

/*
 * Deliver vector INTNO now: IS_INT for INT n/INT3/INTO (gate DPL checked,
 * NEXT_EIP pushed), IS_HW for an external interrupt or NMI; ERROR_CODE is
 * pushed for the vectors that have one.
 */
void x86_deliver_event(CPUX86State *env, int intno, bool is_int, bool is_hw,
                       uint32_t error_code, uint64_t next_eip);

#endif /* TARGET_I386_SEG_HELPER_H */
