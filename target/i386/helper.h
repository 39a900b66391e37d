/*
 * Helpers called from x86 generated code: their prototypes and
 * TCGHelperInfo descriptors, one row each in helper.def (documented
 * there), and the descriptor words some of them take.  Also the exception
 * entry points for helpers and the CPUTargetOps hooks of this target.
 */
#ifndef TARGET_I386_HELPER_H
#define TARGET_I386_HELPER_H

#include "exec/cpu-common.h"
#include "tcg/tcg-helper-def.h"
#include "tcg/tcg.h"
#include "target/i386/cpu.h"

#define HELPER_CTYPE_env CPUX86State *
#define HELPER           HELPER_DECLARE
#define ARG              HELPER_DECLARE_ARG
#include "target/i386/helper.def"
#undef HELPER
#undef ARG

/*
 * For helpers (any file): raise guest exception EXCP with ERROR_CODE (0 for
 * vectors without one; the delivery code decides whether to push it) at
 * the guest instruction of host address RETADDR (GETPC() of the helper; 0
 * when the state is already exact).  Never returns.
 */
_Noreturn void x86_raise_exception_err_ra(CPUX86State *env, int excp,
                                          int error_code, uintptr_t retaddr);
_Noreturn void x86_raise_exception_ra(CPUX86State *env, int excp,
                                      uintptr_t retaddr);

/*
 * The DESC word of helper_rep_movs_fast / helper_rep_stos_fast
 * (string_helper.c): up to 4096 whole iterations on plain-RAM pages
 * already in the TLB, none across a page or an rSI/rDI wrap; rCX/rSI/rDI
 * updated as after them.  Possibly none: the caller then runs one ordinary
 * iteration.  Never raises.
 */
enum {
    REP_DESC_AFLAG_SHIFT = 2,    /* bits 0-1: element MemOp size */
    REP_DESC_SEG_SHIFT = 4,      /* 3 bits: source segment (MOVS) */
    REP_DESC_SRC_BASE = 1u << 7, /* add the source segment's base */
    REP_DESC_DST_BASE = 1u << 8, /* add the ES base */
    REP_DESC_LINEAR32 = 1u << 9, /* linear addresses wrap at 4 GiB */
    REP_DESC_MMU_SHIFT = 12,     /* 4 bits: MMU index of data accesses */
};

/* -- Segmentation, interrupts, task switches, fast system calls
 *    (seg_helper.c, excp_helper.c) ------------------------------------------
 */

/* CPUTargetOps hooks (excp_helper.c). */
void x86_cpu_do_interrupt(CPUState *cs);
bool x86_cpu_exec_interrupt(CPUState *cs, uint32_t interrupt_request);
bool x86_cpu_has_work(CPUState *cs);

/* -- Control registers, MSRs, paging, caches (misc_helper.c,
 *    mmu_helper.c) -----------------------------------------------------------
 */

/*
 * CPUTargetOps.tlb_fill (mmu_helper.c): walk the page tables for ADDR.
 * On a fault: false if PROBE, else CR2 is set and #PF raised (or #GP(0) for
 * a non-canonical address in long mode) through RETADDR.
 */
bool x86_cpu_tlb_fill(CPUState *cpu, vaddr addr, int size, MMUAccessType access,
                      int mmu_idx, bool probe, uintptr_t retaddr);
/*
 * Load the four PAE PDPTE registers from CR3 (SDM vol. 3, 4.4.1).  False,
 * with env->pdptrs unchanged, if a present PDPTE has a reserved bit set
 * (the caller raises #GP(0)).
 */
bool x86_load_pdptrs(CPUX86State *env);

/* -- x87 and FPU state (fpu_helper.c) -------------------------------------- */

/*
 * x87 instruction descriptor (emit-fpu.c -> helpers): the 11-bit FOP
 * ((escape & 7) << 8 | ModRM), the memory operand's segment, and whether
 * the operand size is 16 bits (FLDENV/FNSTENV/FRSTOR/FNSAVE layouts).
 */
#define X87_DESC_FOP_MASK  0x07ffu
#define X87_DESC_SEG_SHIFT 12
#define X87_DESC_OP16      (1u << 16)

/*
 * FXSAVE/FXRSTOR and the XSAVE family (xsave_helper.c) at linear ADDR.
 * DESC: X86_FXSAVE_REXW for the 64-bit layout (REX.W in 64-bit mode),
 * and for XSAVE the kind.  They raise #GP(0) for a misaligned area or a
 * bad MXCSR/header, #UD when CR4.OSXSAVE is clear (XSAVE family).
 * The #NM checks are made by the emitters.
 */
#define X86_FXSAVE_REXW     (1u << 8)
#define X86_XSAVE_KIND_MASK 3u
#define X86_XSAVE_STANDARD  0u
#define X86_XSAVE_OPT       1u
#define X86_XSAVE_COMPACT   2u

/* -- MMX and SSE (sse_helper.c) -------------------------------------------- */

/* desc word of the SSE helpers (sse-helper.def). */
#define SSE_DESC(imm8, width, rexw)                                            \
    ((uint32_t)(uint8_t)(imm8) | (uint32_t)(width) << 8                        \
     | (uint32_t)(!!(rexw)) << 16)
#define SSE_DESC_IMM(desc)   ((desc)&0xffu)
#define SSE_DESC_WIDTH(desc) (((desc) >> 8) & 0xffu)
#define SSE_DESC_REXW(desc)  (((desc) >> 16) & 1u)

/* MXCSR (SDM vol. 1, 10.2.3): flags 0-5, DAZ 6, masks 7-12, RC 13-14, FZ 15. */
#define MXCSR_FLAGS 0x003fu
#define MXCSR_DAZ   0x0040u
#define MXCSR_MASKS 0x1f80u
#define MXCSR_RC    0x6000u
#define MXCSR_FZ    0x8000u
/* The reset value and the writable bits: MXCSR_INIT and
 * MXCSR_SUPPORTED_MASK in cpu.h. */

#endif /* TARGET_I386_HELPER_H */
