/*
 * Helpers called from x86 generated code, and their TCGHelperInfo.
 *
 * Context: called with env = the CPUX86State of the running vCPU.  A helper
 * that raises a guest exception unwinds to the execution loop (never
 * returns); it passes GETPC() so the guest state is restored to the start
 * of the faulting instruction.  Infos live next to the helpers
 * (int_helper.c, misc_helper.c); the flags say what the helper touches.
 */
#ifndef TARGET_I386_HELPER_H
#define TARGET_I386_HELPER_H

#include "exec/cpu-common.h"
#include "tcg/tcg.h"
#include "target/i386/cpu.h"

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

/* Raise guest exception EXCP (0..255) at the synced rip.  Never returns. */
_Noreturn void helper_raise_exception(CPUX86State *env, uint32_t excp);
/* INT n / INT3 / INTO: a software interrupt; NEXT_EIP is pushed. */
_Noreturn void helper_raise_interrupt(CPUX86State *env, uint32_t intno,
                                      uint64_t next_eip);
extern const TCGHelperInfo helper_info_raise_exception;
extern const TCGHelperInfo helper_info_raise_interrupt;

/* Lazy flags: pure functions of (dst, src, src2, cc_op). */
uint64_t helper_cc_compute_all(uint64_t dst, uint64_t src, uint64_t src2,
                               uint32_t op);
uint64_t helper_cc_compute_c(uint64_t dst, uint64_t src, uint64_t src2,
                             uint32_t op);
extern const TCGHelperInfo helper_info_cc_compute_all;
extern const TCGHelperInfo helper_info_cc_compute_c;

/*
 * DIV/IDIV r/m of width 8 << OT_IDX by DIVISOR: rAX/rDX updated, #DE on a
 * zero divisor or a quotient that does not fit.
 */
void helper_div(CPUX86State *env, uint64_t divisor, uint32_t ot);
void helper_idiv(CPUX86State *env, uint64_t divisor, uint32_t ot);
extern const TCGHelperInfo helper_info_div;
extern const TCGHelperInfo helper_info_idiv;

/* CPUID leaf EAX, subleaf ECX into EAX/EBX/ECX/EDX. */
void helper_cpuid(CPUX86State *env);
/* EDX:EAX = TSC (RDTSCP also ECX = TSC_AUX). */
void helper_rdtsc(CPUX86State *env);
void helper_rdtscp(CPUX86State *env);
extern const TCGHelperInfo helper_info_cpuid;
extern const TCGHelperInfo helper_info_rdtsc;
extern const TCGHelperInfo helper_info_rdtscp;

/* The whole EFLAGS value (lazy flags must be synced: cc_op global). */
uint64_t helper_read_eflags(CPUX86State *env);
/* POPF/IRET-style load: the writable bits depend on CPL and IOPL. */
void helper_write_eflags(CPUX86State *env, uint64_t val, uint32_t mask);
extern const TCGHelperInfo helper_info_read_eflags;
extern const TCGHelperInfo helper_info_write_eflags;

/*
 * Bit, shift and decimal-adjust helpers (bit_helper.c).
 * RCL/RCR: VAL (width 8 << OT) rotated with the carry CF (0/1) by N, where
 * N is already reduced to 0 .. width; pure.
 */
uint64_t helper_rcl(uint64_t val, uint64_t n, uint64_t cf, uint32_t ot);
uint64_t helper_rcr(uint64_t val, uint64_t n, uint64_t cf, uint32_t ot);
/* PDEP: the low bits of SRC deposited at the set bits of MASK; PEXT: the
 * bits of SRC at the set bits of MASK, packed at the bottom.  Pure. */
uint64_t helper_pdep(uint64_t src, uint64_t mask);
uint64_t helper_pext(uint64_t src, uint64_t mask);
/*
 * DAA DAS AAA AAS (ARG unused) and AAM AAD (ARG = the base, non-zero for
 * AAM): update AL/AH and the flags, reading the flags through env->cc_op
 * (synced by the caller) and leaving CC_OP_EFLAGS.
 */
void helper_daa(CPUX86State *env, uint32_t arg);
void helper_das(CPUX86State *env, uint32_t arg);
void helper_aaa(CPUX86State *env, uint32_t arg);
void helper_aas(CPUX86State *env, uint32_t arg);
void helper_aam(CPUX86State *env, uint32_t arg);
void helper_aad(CPUX86State *env, uint32_t arg);
extern const TCGHelperInfo helper_info_rcl;
extern const TCGHelperInfo helper_info_rcr;
extern const TCGHelperInfo helper_info_pdep;
extern const TCGHelperInfo helper_info_pext;
extern const TCGHelperInfo helper_info_daa;
extern const TCGHelperInfo helper_info_das;
extern const TCGHelperInfo helper_info_aaa;
extern const TCGHelperInfo helper_info_aas;
extern const TCGHelperInfo helper_info_aam;
extern const TCGHelperInfo helper_info_aad;

/*
 * RDRAND / RDSEED (rng_helper.c): a random value of width 8 << OT (MO_16 ..
 * MO_64) and CF in env->cc_src as CC_OP_EFLAGS bits (the caller sets that
 * cc_op); 0 with CF clear when no random number is available.
 */
uint64_t helper_rdrand(CPUX86State *env, uint32_t ot);
uint64_t helper_rdseed(CPUX86State *env, uint32_t ot);
extern const TCGHelperInfo helper_info_rdrand;
extern const TCGHelperInfo helper_info_rdseed;

/*
 * REP MOVS / REP STOS fast path (string_helper.c): up to 4096 whole
 * iterations on plain-RAM pages already in the TLB, none across a page or
 * an rSI/rDI wrap; rCX/rSI/rDI updated as after them.  Possibly none: the
 * caller then runs one ordinary iteration.  Never raises.  DESC packs the
 * REP_DESC_* fields below.
 */
enum {
    REP_DESC_AFLAG_SHIFT = 2,      /* bits 0-1: element MemOp size */
    REP_DESC_SEG_SHIFT = 4,        /* 3 bits: source segment (MOVS) */
    REP_DESC_SRC_BASE = 1u << 7,   /* add the source segment's base */
    REP_DESC_DST_BASE = 1u << 8,   /* add the ES base */
    REP_DESC_LINEAR32 = 1u << 9,   /* linear addresses wrap at 4 GiB */
    REP_DESC_MMU_SHIFT = 12,       /* 4 bits: MMU index of data accesses */
};
void helper_rep_movs_fast(CPUX86State *env, uint32_t desc);
void helper_rep_stos_fast(CPUX86State *env, uint32_t desc);
extern const TCGHelperInfo helper_info_rep_movs_fast;
extern const TCGHelperInfo helper_info_rep_stos_fast;

/*
 * System instructions (sys_helper.c).  IN/OUT check CPL against IOPL in
 * protected mode and, when that fails or in virtual-8086 mode, the TSS I/O
 * permission bitmap (#GP(0)).  OT is the MemOp size.
 */
uint64_t helper_in(CPUX86State *env, uint64_t port, uint32_t ot);
void helper_out(CPUX86State *env, uint64_t port, uint64_t val, uint32_t ot);
/* HLT (CPL 0 only): halt with rip = NEXT_EIP until an interrupt. */
void helper_hlt(CPUX86State *env, uint64_t next_eip);
/* CLI/STI (CPL <= IOPL in protected mode, IOPL 3 in virtual-8086 mode).
 * STI with IF clear blocks interrupts until after the next instruction. */
void helper_cli(CPUX86State *env);
void helper_sti(CPUX86State *env);
extern const TCGHelperInfo helper_info_in;
extern const TCGHelperInfo helper_info_out;
extern const TCGHelperInfo helper_info_hlt;
extern const TCGHelperInfo helper_info_cli;
extern const TCGHelperInfo helper_info_sti;

/* -- Segmentation, interrupts, task switches, fast system calls
 *    (seg_helper.c, excp_helper.c) ------------------------------------------ */

/*
 * Segment register SEG (R_ES..R_GS, not CS: #UD) = SELECTOR: real-mode and
 * virtual-8086 loads set the base; protected mode checks the descriptor
 * (#GP/#SS/#NP with the selector).  SS also starts an interrupt shadow.
 */
void helper_load_seg(CPUX86State *env, uint32_t seg, uint32_t selector);
/*
 * Far JMP / CALL to SELECTOR:EIP (code segment, call gate, TSS or task
 * gate); OT is the operand size of CALL's pushes, NEXT_EIP the return
 * address (saved in the old TSS by a task switch).  rip must be the
 * instruction's own; the helpers set rip and the new CS.
 */
void helper_far_jmp(CPUX86State *env, uint32_t selector, uint64_t eip,
                    uint64_t next_eip);
void helper_far_call(CPUX86State *env, uint32_t selector, uint64_t eip,
                     uint32_t ot, uint64_t next_eip);
/* RETF [IMM]: operand size OT; IMM bytes released from the stack(s). */
void helper_far_ret(CPUX86State *env, uint32_t ot, uint32_t imm);
/* IRET/IRETD/IRETQ (OT) in every mode; NEXT_EIP for a task return. */
void helper_iret(CPUX86State *env, uint32_t ot, uint64_t next_eip);
extern const TCGHelperInfo helper_info_load_seg;
extern const TCGHelperInfo helper_info_far_jmp;
extern const TCGHelperInfo helper_info_far_call;
extern const TCGHelperInfo helper_info_far_ret;
extern const TCGHelperInfo helper_info_iret;

/* LLDT / LTR (CPL 0 checked by the emitter): load LDTR / TR from the GDT. */
void helper_lldt(CPUX86State *env, uint32_t selector);
void helper_ltr(CPUX86State *env, uint32_t selector);
/*
 * LAR / LSL: the access rights (descriptor bits 8-23) or the limit of
 * SELECTOR, with ZF set (cc_op = CC_OP_EFLAGS); ZF clear and 0 when the
 * descriptor is not visible.  VERR/VERW (WRITE): ZF only.  ARPL: the
 * adjusted DST, ZF = adjusted.
 */
uint64_t helper_lar(CPUX86State *env, uint32_t selector);
uint64_t helper_lsl(CPUX86State *env, uint32_t selector);
void helper_verr(CPUX86State *env, uint32_t selector, uint32_t write);
uint64_t helper_arpl(CPUX86State *env, uint64_t dst, uint64_t src);
extern const TCGHelperInfo helper_info_lldt;
extern const TCGHelperInfo helper_info_ltr;
extern const TCGHelperInfo helper_info_lar;
extern const TCGHelperInfo helper_info_lsl;
extern const TCGHelperInfo helper_info_verr;
extern const TCGHelperInfo helper_info_arpl;

/*
 * SYSCALL (NEXT_EIP returned in rCX) / SYSRET (OT: MO_64 returns to 64-bit
 * code) / SYSENTER / SYSEXIT (OT likewise), with their #UD/#GP checks.
 */
void helper_syscall(CPUX86State *env, uint64_t next_eip);
void helper_sysret(CPUX86State *env, uint32_t ot);
void helper_sysenter(CPUX86State *env);
void helper_sysexit(CPUX86State *env, uint32_t ot);
/* SWAPGS (64-bit mode, CPL 0 checked by the emitter). */
void helper_swapgs(CPUX86State *env);
/* RDFSBASE/RDGSBASE/WRFSBASE/WRGSBASE of segment SEG: #UD unless
 * CR4.FSGSBASE; a non-canonical write is #GP(0). */
uint64_t helper_rdsegbase(CPUX86State *env, uint32_t seg);
void helper_wrsegbase(CPUX86State *env, uint32_t seg, uint64_t val);
extern const TCGHelperInfo helper_info_syscall;
extern const TCGHelperInfo helper_info_sysret;
extern const TCGHelperInfo helper_info_sysenter;
extern const TCGHelperInfo helper_info_sysexit;
extern const TCGHelperInfo helper_info_swapgs;
extern const TCGHelperInfo helper_info_rdsegbase;
extern const TCGHelperInfo helper_info_wrsegbase;

/* The #DB trap of single-stepping (EFLAGS.TF); rip is already the next
 * instruction.  Never returns. */
void helper_single_step(CPUX86State *env);
extern const TCGHelperInfo helper_info_single_step;

/* CPUTargetOps hooks (excp_helper.c). */
void x86_cpu_do_interrupt(CPUState *cs);
bool x86_cpu_exec_interrupt(CPUState *cs, uint32_t interrupt_request);
bool x86_cpu_has_work(CPUState *cs);


/* -- Control registers, MSRs, paging, caches (misc_helper.c,
 *    mmu_helper.c) ----------------------------------------------------------- */

/*
 * CPUTargetOps.tlb_fill (mmu_helper.c): walk the page tables for ADDR.
 * On a fault: false if PROBE, else CR2 is set and #PF raised (or #GP(0) for
 * a non-canonical address in long mode) through RETADDR.
 */
bool x86_cpu_tlb_fill(CPUState *cpu, vaddr addr, int size,
                      MMUAccessType access, int mmu_idx, bool probe,
                      uintptr_t retaddr);
/*
 * Load the four PAE PDPTE registers from CR3 (SDM vol. 3, 4.4.1).  False,
 * with env->pdptrs unchanged, if a present PDPTE has a reserved bit set
 * (the caller raises #GP(0)).
 */
bool x86_load_pdptrs(CPUX86State *env);

/*
 * MOV to/from control register REG (0, 2, 3, 4, 8; the emitter raises #UD
 * for the others and #GP(0) for CPL > 0).  A write raises #GP(0) for the
 * SDM's invalid values, flushes the TLB as the change requires, enters or
 * leaves long mode and recomputes hflags; the TB ends after it.
 */
uint64_t helper_read_cr(CPUX86State *env, uint32_t reg);
void helper_write_cr(CPUX86State *env, uint32_t reg, uint64_t val);
/* MOV to/from DR0-7 (DR4/5 alias DR6/7 unless CR4.DE: then #UD). */
uint64_t helper_read_dr(CPUX86State *env, uint32_t reg);
void helper_write_dr(CPUX86State *env, uint32_t reg, uint64_t val);
/* CLTS; LMSW with the source word VAL (cannot clear PE). */
void helper_clts(CPUX86State *env);
void helper_lmsw(CPUX86State *env, uint64_t val);
/* INVLPG: drop the translation of linear ADDR, global or not. */
void helper_invlpg(CPUX86State *env, uint64_t addr);
/* RDMSR/WRMSR on ECX with EDX:EAX; #GP(0) for unknown MSRs and bad
 * values.  RDPMC: #GP(0) (no performance counters are advertised). */
void helper_rdmsr(CPUX86State *env);
void helper_wrmsr(CPUX86State *env);
void helper_rdpmc(CPUX86State *env);
/* STAC (SET != 0) / CLAC: EFLAGS.AC, which picks the MMU index. */
void helper_set_ac(CPUX86State *env, uint32_t set);
extern const TCGHelperInfo helper_info_read_cr;
extern const TCGHelperInfo helper_info_write_cr;
extern const TCGHelperInfo helper_info_read_dr;
extern const TCGHelperInfo helper_info_write_dr;
extern const TCGHelperInfo helper_info_clts;
extern const TCGHelperInfo helper_info_lmsw;
extern const TCGHelperInfo helper_info_invlpg;
extern const TCGHelperInfo helper_info_rdmsr;
extern const TCGHelperInfo helper_info_wrmsr;
extern const TCGHelperInfo helper_info_rdpmc;
extern const TCGHelperInfo helper_info_set_ac;


/* -- x87 and FPU state (fpu_helper.c) --------------------------------------- */

/*
 * x87 instruction descriptor (emit-fpu.c -> helpers): the 11-bit FOP
 * ((escape & 7) << 8 | ModRM), the memory operand's segment, and whether
 * the operand size is 16 bits (FLDENV/FNSTENV/FRSTOR/FNSAVE layouts).
 */
#define X87_DESC_FOP_MASK  0x07ffu
#define X87_DESC_SEG_SHIFT 12
#define X87_DESC_OP16      (1u << 16)

/*
 * An x87 data instruction with a register operand (DESC's ModRM >= C0),
 * at offset EIP in CS, run on the host FPU.  EFLAGS supplies ZF/PF/CF for
 * FCMOVcc; returns the arithmetic flags as FCOMI/FUCOMI(P) leave them
 * (other instructions: ignore).  Raises #MF for a pending unmasked
 * exception when CR0.NE.
 */
uint64_t helper_x87_reg(CPUX86State *env, uint32_t desc, uint64_t eip,
                        uint64_t eflags);
/* The same with a memory operand at linear ADDR, effective address DP. */
void helper_x87_mem(CPUX86State *env, uint32_t desc, uint64_t eip,
                    uint64_t addr, uint64_t dp);
extern const TCGHelperInfo helper_info_x87_reg;
extern const TCGHelperInfo helper_info_x87_mem;

/* Control instructions.  FWAIT, FLDCW, FLDENV, FRSTOR are waiting (may
 * raise #MF); the FN* forms are not. */
void helper_fwait(CPUX86State *env);
void helper_fninit(CPUX86State *env);
void helper_fnclex(CPUX86State *env);
void helper_fldcw(CPUX86State *env, uint64_t fcw);
uint64_t helper_fnstsw(CPUX86State *env);
/* Environment (14/28 bytes) and whole state (94/108 bytes) at ADDR, in
 * the real or protected layout the mode selects, 16-bit per DESC. */
void helper_fldenv(CPUX86State *env, uint64_t addr, uint32_t desc);
void helper_fnstenv(CPUX86State *env, uint64_t addr, uint32_t desc);
void helper_frstor(CPUX86State *env, uint64_t addr, uint32_t desc);
void helper_fnsave(CPUX86State *env, uint64_t addr, uint32_t desc);
extern const TCGHelperInfo helper_info_fwait;
extern const TCGHelperInfo helper_info_fninit;
extern const TCGHelperInfo helper_info_fnclex;
extern const TCGHelperInfo helper_info_fldcw;
extern const TCGHelperInfo helper_info_fnstsw;
extern const TCGHelperInfo helper_info_fldenv;
extern const TCGHelperInfo helper_info_fnstenv;
extern const TCGHelperInfo helper_info_frstor;
extern const TCGHelperInfo helper_info_fnsave;

/*
 * FXSAVE/FXRSTOR and the XSAVE family (xsave_helper.c) at linear ADDR.
 * DESC: X86_FXSAVE_REXW for the 64-bit layout (REX.W in 64-bit mode),
 * and for XSAVE the kind.  They raise #GP(0) for a misaligned area or a
 * bad MXCSR/header, #UD when CR4.OSXSAVE is clear (XSAVE family).
 * The #NM checks are made by the emitters.
 */
#define X86_FXSAVE_REXW      (1u << 8)
#define X86_XSAVE_KIND_MASK  3u
#define X86_XSAVE_STANDARD   0u
#define X86_XSAVE_OPT        1u
#define X86_XSAVE_COMPACT    2u
void helper_fxsave(CPUX86State *env, uint64_t addr, uint32_t desc);
void helper_fxrstor(CPUX86State *env, uint64_t addr, uint32_t desc);
void helper_xsave(CPUX86State *env, uint64_t addr, uint32_t desc);
void helper_xrstor(CPUX86State *env, uint64_t addr, uint32_t desc);
/* XGETBV/XSETBV: ECX selects the XCR, EDX:EAX the value. */
void helper_xgetbv(CPUX86State *env);
void helper_xsetbv(CPUX86State *env);
extern const TCGHelperInfo helper_info_fxsave;
extern const TCGHelperInfo helper_info_fxrstor;
extern const TCGHelperInfo helper_info_xsave;
extern const TCGHelperInfo helper_info_xrstor;
extern const TCGHelperInfo helper_info_xgetbv;
extern const TCGHelperInfo helper_info_xsetbv;


/* -- MMX and SSE (sse_helper.c) --------------------------------------------- */

/* Signatures of the rows of sse-helper.def (see there). */
#define SSE_HELPER_DECL_VV(name)                                           \
    void helper_##name(CPUX86State *env, uint32_t dofs, uint32_t sofs,    \
                       uint32_t desc);
#define SSE_HELPER_DECL_RV(name)                                           \
    uint64_t helper_##name(CPUX86State *env, uint32_t dofs, uint32_t sofs, \
                           uint32_t desc);
#define SSE_HELPER_DECL_VR(name)                                           \
    void helper_##name(CPUX86State *env, uint32_t dofs, uint64_t val,     \
                       uint32_t desc);
#define SSE_HELPER_DECL_PURE(name)                                         \
    uint64_t helper_##name(uint64_t a, uint64_t b, uint32_t desc);
#define SSE_HELPER(name, sig)                                              \
    SSE_HELPER_DECL_##sig(name) extern const TCGHelperInfo helper_info_##name;
#include "target/i386/sse-helper.def"
#undef SSE_HELPER

/* desc word of the SSE helpers (sse-helper.def). */
#define SSE_DESC(imm8, width, rexw)                                        \
    ((uint32_t)(uint8_t)(imm8) | (uint32_t)(width) << 8 | (uint32_t)(!!(rexw)) << 16)
#define SSE_DESC_IMM(desc) ((desc) & 0xffu)
#define SSE_DESC_WIDTH(desc) (((desc) >> 8) & 0xffu)
#define SSE_DESC_REXW(desc) (((desc) >> 16) & 1u)

/* MXCSR (SDM vol. 1, 10.2.3): flags 0-5, DAZ 6, masks 7-12, RC 13-14, FZ 15. */
#define MXCSR_FLAGS 0x003fu
#define MXCSR_DAZ   0x0040u
#define MXCSR_MASKS 0x1f80u
#define MXCSR_RC    0x6000u
#define MXCSR_FZ    0x8000u
/* The reset value and the writable bits: MXCSR_INIT and
 * MXCSR_SUPPORTED_MASK in cpu.h. */

/* 16-byte alignment of a legacy SSE memory operand: #GP(0) at the
 * instruction of the caller's return address.  Never returns. */
_Noreturn void helper_sse_misaligned(CPUX86State *env);
extern const TCGHelperInfo helper_info_sse_misaligned;


#endif /* TARGET_I386_HELPER_H */
