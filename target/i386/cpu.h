/*
 * The x86 guest CPU state (CPUX86State) and the facts about it that the
 * decoder, the emitters and the helpers share.
 *
 * Generated code reaches this struct through the env register: general
 * registers, rip and the lazy flag fields are TCG globals backed by fields
 * here (translate.c creates them).  Everything a translation bakes in (CPL,
 * code/stack size, PE/VM86/long mode) is summarised in `hflags`, which the
 * TB lookup key is built from; whoever changes the state behind a bit must
 * recompute hflags (cpu_x86_update_hflags) before the next TB lookup.
 *
 * EFLAGS is split the lazy way: O/S/Z/A/P/C live in cc_op + cc_dst/cc_src/
 * cc_src2 (see cc-op.def), DF in `df` as +1/-1 (the string step sign), and
 * the remaining bits (TF IF IOPL NT RF VM AC VIF VIP ID, and the fixed bit 1)
 * in `eflags`.  cpu_compute_eflags() assembles the architectural value.
 */
#ifndef TARGET_I386_CPU_H
#define TARGET_I386_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcg/tcg-mo.h"

typedef struct CPUX86State CPUX86State;

/* -- EFLAGS bits (SDM vol. 1, 3.4.3) --------------------------------------- */

#define CC_C          0x0001u
#define CC_P          0x0004u
#define CC_A          0x0010u
#define CC_Z          0x0040u
#define CC_S          0x0080u
#define CC_O          0x0800u
#define CC_ARITH_MASK (CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C)

#define EFLAGS_FIXED1 0x00000002u /* bit 1 always reads as 1 */
#define TF_MASK       0x00000100u
#define IF_MASK       0x00000200u
#define DF_MASK       0x00000400u
#define IOPL_MASK     0x00003000u
#define IOPL_SHIFT    12
#define NT_MASK       0x00004000u
#define RF_MASK       0x00010000u
#define VM_MASK       0x00020000u
#define AC_MASK       0x00040000u
#define VIF_MASK      0x00080000u
#define VIP_MASK      0x00100000u
#define ID_MASK       0x00200000u

/* -- Lazy condition codes ------------------------------------------------- */

/* How a cc_op's operands are read (the second column of cc-op.def). */
typedef enum CCFamily {
    CC_FAMILY_DYNAMIC,
    CC_FAMILY_EFLAGS,
    CC_FAMILY_CLR,
    CC_FAMILY_POPCNT,
    CC_FAMILY_ADD,
    CC_FAMILY_ADC,
    CC_FAMILY_SUB,
    CC_FAMILY_SBB,
    CC_FAMILY_LOGIC,
    CC_FAMILY_INC,
    CC_FAMILY_DEC,
    CC_FAMILY_SHL,
    CC_FAMILY_SHR,
    CC_FAMILY_SAR,
    CC_FAMILY_MUL,
    CC_FAMILY_BMILG,
    CC_FAMILY_COUNT
} CCFamily;

typedef enum CCOp {
#define CC_OP(name, family, size) CC_OP_##name,
#include "target/i386/cc-op.def"
#undef CC_OP
    CC_OP_NB
} CCOp;

_Static_assert(CC_OP_DYNAMIC == 0, "a zeroed cc_op means unknown");
/* Width rows are contiguous B, W, L, Q: CC_OP_<FAMILY>B + ot selects. */
_Static_assert(
    CC_OP_ADDQ - CC_OP_ADDB == 3 && CC_OP_ADCQ - CC_OP_ADCB == 3
        && CC_OP_SUBQ - CC_OP_SUBB == 3 && CC_OP_SBBQ - CC_OP_SBBB == 3
        && CC_OP_LOGICQ - CC_OP_LOGICB == 3 && CC_OP_INCQ - CC_OP_INCB == 3
        && CC_OP_DECQ - CC_OP_DECB == 3 && CC_OP_SHLQ - CC_OP_SHLB == 3
        && CC_OP_SHRQ - CC_OP_SHRB == 3 && CC_OP_SARQ - CC_OP_SARB == 3
        && CC_OP_MULQ - CC_OP_MULB == 3 && CC_OP_BMILGQ - CC_OP_BMILGB == 3,
    "cc-op.def: width rows of a family are B, W, L, Q in order");

/* Static facts about one cc_op (a row of cc-op.def). */
typedef struct CCOpInfo {
    const char *name; /* "ADDL" */
    CCFamily family;  /* operand meaning */
    MemOp size;       /* operand width */
} CCOpInfo;

extern const CCOpInfo cc_op_info[CC_OP_NB];

/*
 * O/S/Z/A/P/C for (OP, DST, SRC, SRC2) as EFLAGS bits.  A pure function;
 * OP must not be CC_OP_DYNAMIC (resolve it from env->cc_op first).
 */
uint64_t cc_compute_all(uint64_t dst, uint64_t src, uint64_t src2, int op);
/* CF alone (0 or 1); cheaper than cc_compute_all for ADC/SBB/RCL. */
uint64_t cc_compute_c(uint64_t dst, uint64_t src, uint64_t src2, int op);

/* -- Segments and descriptor tables ---------------------------------------- */

enum { R_ES, R_CS, R_SS, R_DS, R_FS, R_GS, X86_NB_SEGS };
/* Guest register numbers (ModRM order, then REX-extended r8-r15). */
enum {
    R_EAX,
    R_ECX,
    R_EDX,
    R_EBX,
    R_ESP,
    R_EBP,
    R_ESI,
    R_EDI,
    X86_NB_REGS = 16
};

/* Descriptor flags word: bits 8-23 of the descriptor's high dword. */
#define DESC_TYPE_SHIFT 8
#define DESC_S_MASK     (1u << 12) /* code/data (not system) */
#define DESC_DPL_SHIFT  13
#define DESC_P_MASK     (1u << 15) /* present */
#define DESC_L_MASK     (1u << 21) /* 64-bit code segment */
#define DESC_B_MASK     (1u << 22) /* 32-bit segment (D/B) */
#define DESC_G_MASK     (1u << 23) /* limit in 4 KiB units */

/* A segment register with its hidden descriptor cache. */
typedef struct SegmentCache {
    uint16_t selector; /* visible part */
    uint64_t base;     /* linear base (64-bit for FS/GS/LDT/TR in long mode) */
    uint32_t limit;    /* byte-granular limit (G already applied) */
    uint32_t flags;    /* DESC_* bits, as in the descriptor's high dword */
} SegmentCache;

/* GDTR/IDTR: base and limit only. */
typedef struct DescTable {
    uint64_t base;
    uint16_t limit;
} DescTable;

/* -- Hidden flags: what a translation depends on --------------------------- */

#define HF_CPL_MASK  0x0003u   /* current privilege level */
#define HF_CS32_MASK (1u << 2) /* CS.D: 32-bit default operand size */
#define HF_SS32_MASK (1u << 3) /* SS.B: 32-bit stack pointer */
#define HF_CS64_MASK (1u << 4) /* CS.L in long mode: 64-bit code */
#define HF_LMA_MASK  (1u << 5) /* EFER.LMA: long mode active */
#define HF_PE_MASK   (1u << 6) /* CR0.PE: protected mode */

/* CR0 bits (SDM vol. 3, 2.5). */
#define CR0_PE_MASK         (1u << 0)
#define CR0_PG_MASK         (1u << 31)
#define HF_VM_MASK          (1u << 7) /* EFLAGS.VM: virtual-8086 mode */
#define HF_ADDSEG_MASK      (1u << 8) /* DS/ES/SS base may be non-zero (16/32) */
#define HF_TF_MASK          (1u << 9) /* EFLAGS.TF: single-step after each insn */
#define HF_INHIBIT_IRQ_MASK (1u << 10) /* MOV SS / STI shadow */
#define HF_IOPL_SHIFT       12         /* EFLAGS.IOPL copy (2 bits) */
#define HF_IOPL_MASK        (3u << HF_IOPL_SHIFT)
#define HF_OSFXSR_MASK      (1u << 14) /* CR4.OSFXSR: SSE instructions enabled */
#define HF_EM_MASK          (1u << 15) /* CR0.EM: x87/MMX/SSE raise #NM/#UD */
#define HF_TS_MASK          (1u << 16) /* CR0.TS: FPU/SSE use raises #NM */
#define HF_MP_MASK          (1u << 17) /* CR0.MP: WAIT/FWAIT honours TS */
/* Bits 18-31: free; the system-architecture work adds what it needs
 * (e.g. SMAP/AC for the MMU index) below this line. */
#define HF_AC_MASK (1u << 18) /* EFLAGS.AC: picks the kernel MMU index */

/* More CR0 / CR4 bits (SDM vol. 3, 2.5) the hflags are computed from. */
#define CR0_MP_MASK         (1u << 1)
#define CR0_EM_MASK         (1u << 2)
#define CR0_TS_MASK         (1u << 3)
#define CR4_OSFXSR_MASK     (1u << 9)
#define CR4_OSXMMEXCPT_MASK (1u << 10)
#define CR4_OSXSAVE_MASK    (1u << 18)

/* -- Paging and control registers (mmu_helper.c, misc_helper.c) ------------ */

/* The rest of CR0 (SDM vol. 3, 2.5). */
#define CR0_ET_MASK (1u << 4)
#define CR0_NE_MASK (1u << 5)
#define CR0_WP_MASK (1u << 16)
#define CR0_AM_MASK (1u << 18)
#define CR0_NW_MASK (1u << 29)
#define CR0_CD_MASK (1u << 30)

/* The rest of CR4. */
#define CR4_VME_MASK      (1u << 0)
#define CR4_PVI_MASK      (1u << 1)
#define CR4_TSD_MASK      (1u << 2)
#define CR4_DE_MASK       (1u << 3)
#define CR4_PSE_MASK      (1u << 4)
#define CR4_PAE_MASK      (1u << 5)
#define CR4_MCE_MASK      (1u << 6)
#define CR4_PGE_MASK      (1u << 7)
#define CR4_PCE_MASK      (1u << 8)
#define CR4_UMIP_MASK     (1u << 11)
#define CR4_LA57_MASK     (1u << 12)
#define CR4_FSGSBASE_MASK (1u << 16)
#define CR4_PCIDE_MASK    (1u << 17)
#define CR4_SMEP_MASK     (1u << 20)
#define CR4_SMAP_MASK     (1u << 21)
#define CR4_PKE_MASK      (1u << 22)

/*
 * MMU indexes: one softmmu TLB each, chosen from hflags only (so a TB's
 * memory accesses always use the index its key implies):
 *   KSMAP   CPL 0-2 with EFLAGS.AC = 0: SMAP applies when CR4.SMAP is set
 *   USER    CPL 3: user-mode accesses
 *   KNOSMAP CPL 0-2 with EFLAGS.AC = 1: SMAP suspended
 * Implicit supervisor accesses (descriptor tables, TSS, IDT) use
 * x86_mmu_index_kernel().
 */
#define MMU_KSMAP_IDX   0
#define MMU_USER_IDX    1
#define MMU_KNOSMAP_IDX 2

/* Physical address width (CPUID 0x80000008 EAX[7:0]): bits of a page-table
 * entry at or above it are reserved. */
#define X86_PHYS_ADDR_BITS 40

/* Target interrupt_request bits (include/exec/cpu-common.h, from TGT0). */
#define CPU_INTERRUPT_NMI  CPU_INTERRUPT_TGT0        /* NMI pin / APIC NMI */
#define CPU_INTERRUPT_INIT (CPU_INTERRUPT_TGT0 << 1) /* INIT IPI */
#define CPU_INTERRUPT_SIPI (CPU_INTERRUPT_TGT0 << 2) /* startup IPI */
#define CPU_INTERRUPT_SMI  (CPU_INTERRUPT_TGT0 << 3) /* not delivered yet */

/* MMU indexes (cpu-ops.c's mmu_index): supervisor (CPL 0-2) and user. */
#define MMU_KSMAP_IDX 0
#define MMU_USER_IDX  1

/* -- MSRs ------------------------------------------------------------------ */

#define MSR_EFER              0xc0000080u
#define MSR_EFER_SCE          (1u << 0)
#define MSR_EFER_LME          (1u << 8)
#define MSR_EFER_LMA          (1u << 10)
#define MSR_EFER_NXE          (1u << 11)
#define MSR_TSC_AUX           0xc0000103u
#define MSR_STAR              0xc0000081u
#define MSR_LSTAR             0xc0000082u
#define MSR_CSTAR             0xc0000083u
#define MSR_FMASK             0xc0000084u
#define MSR_FS_BASE           0xc0000100u
#define MSR_GS_BASE           0xc0000101u
#define MSR_KERNEL_GS_BASE    0xc0000102u
#define MSR_IA32_TSC          0x10u
#define MSR_IA32_APIC_BASE    0x1bu
#define MSR_IA32_UCODE_REV    0x8bu
#define MSR_IA32_PLATFORM_ID  0x17u
#define MSR_MTRRCAP           0xfeu
#define MSR_SYSENTER_CS       0x174u
#define MSR_SYSENTER_ESP      0x175u
#define MSR_SYSENTER_EIP      0x176u
#define MSR_IA32_MISC_ENABLE  0x1a0u
#define MSR_MTRR_PHYS_BASE0   0x200u /* base/mask pairs: 0x200 + 2n, +1 */
#define MSR_MTRR_FIX64K       0x250u
#define MSR_MTRR_FIX16K_80000 0x258u
#define MSR_MTRR_FIX16K_A0000 0x259u
#define MSR_MTRR_FIX4K_C0000  0x268u /* .. 0x26f: C0000 .. F8000 */
#define MSR_PAT               0x277u
#define MSR_MTRR_DEF_TYPE     0x2ffu
#define MSR_IA32_TSC_DEADLINE 0x6e0u
#define MSR_X2APIC_FIRST      0x800u
#define MSR_X2APIC_LAST       0x8ffu

#define X86_MTRR_VAR_COUNT 8  /* variable-range MTRR pairs */
#define X86_MTRR_FIX_COUNT 11 /* fixed-range MTRRs */

/* -- Exceptions (SDM vol. 3, table 6-1) ------------------------------------ */

#define EXCP00_DIVZ  0
#define EXCP01_DB    1
#define EXCP02_NMI   2
#define EXCP03_INT3  3
#define EXCP04_INTO  4
#define EXCP05_BOUND 5
#define EXCP06_ILLOP 6
#define EXCP07_PREX  7
#define EXCP0D_GPF   13
#define EXCP0E_PAGE  14
#define EXCP10_COPR  16 /* #MF: x87 floating-point error */

/* More vectors, and what delivery needs to know about them
 * (segmentation, interrupts, tasks: seg_helper.c, excp_helper.c). */
#define EXCP08_DBLE  8
#define EXCP09_XERR  9
#define EXCP0A_TSS   10
#define EXCP0B_NOSEG 11
#define EXCP0C_STACK 12
#define EXCP10_COPR  16
#define EXCP11_ALGN  17
#define EXCP12_MCHK  18
#define EXCP13_XMM   19
#define EXCP15_CP    21

/* Selector error-code bits (SDM vol. 3, 6.13): EXT, IDT, TI. */
#define ERR_EXT 1u
#define ERR_IDT 2u

/* DR6.BS: the #DB came from single-stepping (EFLAGS.TF). */
#define DR6_BS (1u << 14)

/* -- CPUID ----------------------------------------------------------------- */

typedef enum X86Feature {
#define CPUID_FEAT(name, leaf, sub, reg, bit, impl) X86_FEAT_##name,
#include "target/i386/cpuid-features.def"
#undef CPUID_FEAT
    X86_FEAT_COUNT
} X86Feature;

/* A set of features: bit X86_FEAT_<name> (GCC's 128-bit integer). */
__extension__ typedef unsigned __int128 X86FeatureSet;

_Static_assert(X86_FEAT_COUNT <= 128, "feature sets are 128-bit masks");

#define X86_FEAT_BIT(f) ((X86FeatureSet)1 << (f))

/* A -cpu model: what CPUID answers and which instructions decode. */
typedef struct X86CPUModel {
    const char *name;       /* -cpu NAME */
    const char *vendor;     /* 12 characters */
    uint32_t signature;     /* CPUID.1:EAX family/model/stepping */
    X86FeatureSet features; /* X86_FEAT_BIT set; implemented bits only */
    const char *brand;      /* CPUID 0x80000002-4, at most 47 characters */
} X86CPUModel;

/* The model called NAME ("qemu64", "max"), or NULL. */
const X86CPUModel *x86_cpu_model_by_name(const char *name);

/*
 * CPUID leaf LEAF, subleaf SUBLEAF of ENV's model into OUT[0..3] = EAX, EBX,
 * ECX, EDX.  Leaves past the maximum answer zeros (SDM: Intel answers the
 * highest basic leaf; zeros are what AMD does and what guests handle).
 */
void x86_cpuid(const CPUX86State *env, uint32_t leaf, uint32_t subleaf,
               uint32_t out[4]);

/* -- x87 status and control words (SDM vol. 1, 8.1.3 and 8.1.5) ------------ */

#define FPUS_IE    0x0001u /* invalid operation */
#define FPUS_DE    0x0002u /* denormal operand */
#define FPUS_ZE    0x0004u /* divide by zero */
#define FPUS_OE    0x0008u /* overflow */
#define FPUS_UE    0x0010u /* underflow */
#define FPUS_PE    0x0020u /* precision */
#define FPUS_EXC   0x003fu /* the six exception flags (= the CW mask bits) */
#define FPUS_SF    0x0040u /* stack fault */
#define FPUS_ES    0x0080u /* error summary: an unmasked flag is set */
#define FPUS_C0    0x0100u
#define FPUS_C1    0x0200u
#define FPUS_C2    0x0400u
#define FPUS_TOP   0x3800u /* kept in fpstt, merged when the word is read */
#define FPUS_C3    0x4000u
#define FPUS_B     0x8000u /* busy: mirrors ES */
#define FPUC_INIT  0x037fu /* FNINIT: all masked, 64-bit precision, nearest */
#define MXCSR_INIT 0x1f80u /* power-on MXCSR: all masked, nearest */
/* MXCSR bits that may be set (FXSAVE's MXCSR_MASK; DAZ included): a
 * reserved bit in FXRSTOR/XRSTOR/LDMXCSR is #GP(0). */
#define MXCSR_SUPPORTED_MASK 0xffffu

/* XSAVE state components (XCR0 / XSTATE_BV bits, SDM vol. 1, 13.1). */
#define XSTATE_X87       (1ull << 0)
#define XSTATE_SSE       (1ull << 1)
#define XSTATE_SUPPORTED (XSTATE_X87 | XSTATE_SSE) /* AVX stays off */
#define XSAVE_AREA_SIZE  576 /* legacy region + header: x87 and SSE */

/* -- x87 and SSE registers ------------------------------------------------- */

/* One x87 data register: the host's 80-bit format (the host is x86-64). */
typedef union X87Reg {
    long double d; /* host extended precision value */
    struct {
        uint64_t mant; /* significand, explicit integer bit */
        uint16_t sexp; /* sign (bit 15) and biased exponent */
    } f;
    uint64_t mmx; /* MMX view: the significand */
} X87Reg;

_Static_assert(sizeof(X87Reg) == 16, "X87Reg: one 16-byte slot");

/* One XMM register in every lane view (little-endian lane order). */
typedef union X86XMMReg {
    uint8_t b[16];
    uint16_t w[8];
    uint32_t l[4];
    uint64_t q[2];
    float s[4];
    double d[2];
} __attribute__((aligned(16))) X86XMMReg;

/* -- The state ------------------------------------------------------------- */

struct CPUX86State {
    /* Integer state: globals of generated code. */
    uint64_t regs[X86_NB_REGS]; /* rax..r15, ModRM order */
    uint64_t rip;               /* next instruction (synced at TB exits) */
    uint64_t cc_dst;            /* lazy flags operands, see cc-op.def */
    uint64_t cc_src;
    uint64_t cc_src2;
    uint32_t cc_op; /* CCOp of the last flag-setting insn */
    int32_t pad0;
    int64_t df;      /* +1 or -1: string step sign (EFLAGS.DF) */
    uint64_t eflags; /* EFLAGS without O/S/Z/A/P/C and DF */

    /* Segmentation and system registers. */
    SegmentCache segs[X86_NB_SEGS]; /* ES CS SS DS FS GS */
    SegmentCache ldt;               /* LDTR */
    SegmentCache tr;                /* task register */
    DescTable gdt;                  /* GDTR */
    DescTable idt;                  /* IDTR */
    uint64_t cr[5];                 /* CR0, (CR1 unused), CR2, CR3, CR4 */
    uint64_t cr8;                   /* task priority (TPR) */
    uint64_t efer;                  /* IA32_EFER */
    uint32_t hflags;                /* HF_* summary, the TB key's flags */
    uint64_t a20_mask;              /* physical address mask: bit 20 clear
                                       while the A20 gate is off */

    /* MSRs kept in the CPU state (misc_helper.c lists them all). */
    uint64_t star, lstar, fmask; /* SYSCALL/SYSRET selectors, 64-bit
                                    target, RFLAGS mask */
    uint64_t cstar;              /* compatibility-mode SYSCALL target: read
                                    and written by RDMSR/WRMSR only */
    uint64_t kernel_gs_base;     /* SWAPGS's other GS base */
    uint64_t tsc_aux;            /* RDTSCP's ECX */
    uint64_t tsc_offset;         /* guest TSC = host TSC + offset */

    /* Exception being raised (set by raise_exception before unwinding). */
    int exception_index; /* vector, or -1 */
    int error_code;
    int exception_is_int;        /* 1 for INT n / INT3 / INTO (software) */
    uint64_t exception_next_rip; /* rip after INT n, for the IDT frame */

    /* CPUID model (cpu.c): the leaf table this CPU answers from. */
    const struct X86CPUModel *model;

    /*
     * x87 and MMX.  fpregs[] are the physical registers R0-R7; ST(i) is
     * fpregs[(fpstt + i) & 7].  MMX register i is fpregs[i].mmx (the
     * significand; MMX writes set the exponent field to all ones).
     */
    X87Reg fpregs[8];
    uint32_t fpstt;      /* TOP of the register stack (0-7) */
    uint16_t fpus;       /* status word, TOP field kept in fpstt */
    uint16_t fpuc;       /* control word */
    uint8_t fptags[8];   /* 1 = empty, per physical register */
    uint16_t fpop;       /* last opcode (11 bits) */
    uint16_t fpcs, fpds; /* last instruction / operand selectors */
    uint64_t fpip;       /* last x87 instruction pointer */
    uint64_t fpdp;       /* last x87 operand pointer */

    /* SSE: XMM0-15 and MXCSR; xmm_t0 is scratch for helpers. */
    X86XMMReg xmm_regs[16];
    X86XMMReg xmm_t0;
    uint32_t mxcsr;
    uint32_t pad1;

    /* XSAVE: XCR0 (XSETBV) and IA32_XSS. */
    uint64_t xcr0;
    uint64_t xss;

    /* Paging, debug registers and the MSRs misc_helper.c stores. */
    uint64_t pdptrs[4];   /* PAE paging: PDPTEs loaded from CR3 */
    uint64_t dr[8];       /* DR0-3, DR6, DR7 (4 and 5 unused) */
    uint64_t sysenter_cs; /* IA32_SYSENTER_CS/ESP/EIP */
    uint64_t sysenter_esp;
    uint64_t sysenter_eip;
    uint64_t pat;                            /* IA32_PAT */
    uint64_t misc_enable;                    /* IA32_MISC_ENABLE */
    uint64_t mtrr_deftype;                   /* IA32_MTRR_DEF_TYPE */
    uint64_t mtrr_fixed[X86_MTRR_FIX_COUNT]; /* 64K, 16K x2, 4K x8 */
    uint64_t mtrr_base[X86_MTRR_VAR_COUNT];  /* IA32_MTRR_PHYSBASEn */
    uint64_t mtrr_mask[X86_MTRR_VAR_COUNT];  /* IA32_MTRR_PHYSMASKn */

    /*
     * Event delivery (excp_helper.c).  All zero after reset means: no
     * delivery in progress, NMIs open, running.
     */
    bool delivering;       /* an exception's delivery is under way */
    int delivering_vector; /* ... of this vector (for #DF rules) */
    bool nmi_blocked;      /* NMI handler running: NMIs wait for IRET */
    bool wait_sipi;        /* INIT done: halted until a startup IPI */
};

/* The whole EFLAGS value (lazy flags folded in). */
uint64_t cpu_compute_eflags(const CPUX86State *env);

/*
 * Load EFLAGS from VALUE, changing only the bits in UPDATE_MASK (the
 * arithmetic flags and DF are always taken); leaves cc_op = CC_OP_EFLAGS.
 */
void cpu_load_eflags(CPUX86State *env, uint64_t value, uint64_t update_mask);

/* Recompute env->hflags from CR0, EFER, EFLAGS and the CS/SS caches. */
void cpu_x86_update_hflags(CPUX86State *env);

/* The MMU index for implicit supervisor accesses (descriptor tables, TSS,
 * IDT): SMAP applies at CPL 3 whatever EFLAGS.AC says (SDM vol. 3,
 * 4.6.1), below CPL 3 only with AC clear. */
int x86_mmu_index_kernel(const CPUX86State *env);

/*
 * Reset ENV to the power-on state (SDM vol. 3, 9.1.1): real mode at
 * F000:FFF0, EDX = processor signature, everything else zero.
 */
void cpu_x86_reset(CPUX86State *env);

/* -- The time-stamp counter (tsc.c) ---------------------------------------- */

/* ENV's TSC now: the host TSC plus env->tsc_offset. */
uint64_t cpu_x86_get_tsc(const CPUX86State *env);

/*
 * The TSC's rate in Hz (host and guest alike): the host's CPUID leaf 0x15
 * when it reports it, else measured once against CLOCK_MONOTONIC from the
 * program's start to the first call (which sleeps if that was less than
 * 10 ms).  Thread-safe.
 */
uint64_t x86_tsc_hz(void);

#endif /* TARGET_I386_CPU_H */
