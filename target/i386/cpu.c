/*
 * x86 CPU models, CPUID answers, reset and the hidden-flags summary.
 *
 * CPUID is table-driven: the feature bits come from cpuid-features.def and
 * a model is a row of x86_models listing the features it advertises.  A
 * model may only advertise features Peregrine implements (the
 * `implemented` column); x86_cpu_model_by_name checks it.
 */
#include <string.h>

#include "exec/cpu-common.h"
#include "target/i386/cpu.h"
#include "target/i386/fpu_helper.h"
#include "util/error.h"

/* -- Features and models --------------------------------------------------- */

typedef struct X86FeatureInfo {
    const char *name;
    uint32_t leaf, subleaf;
    uint8_t reg, bit;
    bool implemented;
} X86FeatureInfo;

static const X86FeatureInfo x86_feature_info[X86_FEAT_COUNT] = {
#define CPUID_FEAT(nm, lf, sub, rg, bt, impl)                                  \
    [X86_FEAT_##nm] = {#nm, lf, sub, rg, bt, impl},
#include "target/i386/cpuid-features.def"
#undef CPUID_FEAT
};

#define F(x) X86_FEAT_BIT(X86_FEAT_##x)

/* Baseline: what every model has (long mode needs CMOV, CX8, TSC, LM). */
#define X86_BASE_FEATURES                                                      \
    (F(FPU) | F(TSC) | F(CX8) | F(CMOV) | F(FXSR) | F(LM) | F(LAHF_LM)         \
     | F(SEP) | F(SYSCALL))
/* Paging and system registers every model has (as QEMU's qemu64). */
#define X86_MMU_FEATURES                                                       \
    (F(DE) | F(PSE) | F(MSR) | F(PAE) | F(MTRR) | F(APIC) | F(PGE) | F(PAT)    \
     | F(PSE36) | F(CLFSH) | F(NX))
/* The local APIC's timer modes every model has. */
#define X86_APIC_FEATURES F(TSC_DEADLINE)

static const X86CPUModel x86_models[] = {
    {
        .name = "qemu64",
        .vendor = "GenuineIntel",
        .signature = 0x000663, /* family 6, model 6, stepping 3 */
        .features = X86_BASE_FEATURES | X86_MMU_FEATURES | X86_APIC_FEATURES
                    | F(CX16) | F(MMX) | F(SSE) | F(SSE2) | F(SSE3),
        .brand = "Peregrine Virtual CPU",
    },
    {
        .name = "max",
        .vendor = "GenuineIntel",
        .signature = 0x0306c3, /* family 6, model 0x3c, stepping 3 */
        .features = X86_BASE_FEATURES | X86_MMU_FEATURES | X86_APIC_FEATURES
                    | F(CX16) | F(MOVBE) | F(POPCNT) | F(ABM) | F(BMI1)
                    | F(BMI2) | F(ADX) | F(RDTSCP) | F(SMEP) | F(SMAP)
                    | F(CLFLUSHOPT) | F(PDPE1GB) | F(FSGSBASE) | F(MMX) | F(SSE)
                    | F(SSE2) | F(SSE3) | F(SSSE3) | F(SSE4_1) | F(SSE4_2)
                    | F(AES) | F(PCLMULQDQ) | F(XSAVE) | F(XSAVEOPT) | F(XSAVEC)
                    | F(PRFCHW) | F(RDRAND) | F(RDSEED),
        .brand = "Peregrine Virtual CPU (max)",
    },
};

#undef F

const X86CPUModel *x86_cpu_model_by_name(const char *name)
{
    for (size_t i = 0; i < sizeof(x86_models) / sizeof(x86_models[0]); i++) {
        const X86CPUModel *m = &x86_models[i];

        if (strcmp(m->name, name) != 0) {
            continue;
        }
        for (int f = 0; f < X86_FEAT_COUNT; f++) {
            if ((m->features & X86_FEAT_BIT(f))
                && !x86_feature_info[f].implemented) {
                internal_error("cpu model %s advertises %s, not implemented",
                               m->name, x86_feature_info[f].name);
            }
        }
        return m;
    }
    return NULL;
}

/* -- CPUID ----------------------------------------------------------------- */

/* OR the model's feature bits reported at LEAF/SUBLEAF into OUT. */
/* Leaves whose answer depends on ECX; the others ignore it (SDM CPUID). */
static bool cpuid_leaf_has_subleaves(uint32_t leaf)
{
    return leaf == 0x4 || leaf == 0x7 || leaf == 0xb || leaf == 0xd
           || leaf == 0xf || leaf == 0x10 || leaf == 0x12 || leaf == 0x14
           || leaf == 0x17 || leaf == 0x18 || leaf == 0x1f;
}

static void cpuid_feature_bits(X86FeatureSet features, uint32_t leaf,
                               uint32_t subleaf, uint32_t out[4])
{
    if (!cpuid_leaf_has_subleaves(leaf)) {
        subleaf = 0;
    }
    for (int f = 0; f < X86_FEAT_COUNT; f++) {
        const X86FeatureInfo *fi = &x86_feature_info[f];

        if ((features & X86_FEAT_BIT(f)) && fi->leaf == leaf
            && fi->subleaf == subleaf) {
            out[fi->reg] |= 1u << fi->bit;
        }
    }
}

/* Four characters of S (zero padded) as a little-endian register value. */
static uint32_t str4(const char *s, size_t len, size_t at)
{
    uint32_t v = 0;

    for (size_t i = 0; i < 4; i++) {
        if (at + i < len) {
            v |= (uint32_t)(uint8_t)s[at + i] << (8 * i);
        }
    }
    return v;
}

void x86_cpuid(const CPUX86State *env, uint32_t leaf, uint32_t subleaf,
               uint32_t out[4])
{
    const X86CPUModel *m = env->model;
    size_t blen;

    memset(out, 0, 4 * sizeof(uint32_t));
    if (!m) {
        return;
    }
    switch (leaf) {
    case 0:
        out[0] = 0xd;
        out[1] = str4(m->vendor, 12, 0);
        out[3] = str4(m->vendor, 12, 4);
        out[2] = str4(m->vendor, 12, 8);
        break;
    case 1:
        out[0] = m->signature;
        /* CLFLUSH 64 bytes, 1 logical CPU, initial APIC ID = CPU index
         * (hw/intc/apic.c numbers the APICs so). */
        out[1] = (8u << 8) | (1u << 16)
                 | (uint32_t)env_cpu((CPUX86State *)env)->cpu_index << 24;
        /* OSXSAVE: CR4.OSXSAVE as the OS set it (SDM vol. 2A, CPUID). */
        if ((m->features & X86_FEAT_BIT(X86_FEAT_XSAVE))
            && (env->cr[4] & CR4_OSXSAVE_MASK)) {
            out[2] |= 1u << 27;
        }
        break;
    case 0xd:
        /* XSAVE layout (SDM vol. 1, 13.2): x87 and SSE only, 576 bytes in
         * both formats; the subleaves of AVX and later answer zeros. */
        if (!(m->features & X86_FEAT_BIT(X86_FEAT_XSAVE)) || subleaf > 1) {
            return;
        }
        if (subleaf == 0) {
            out[0] = (uint32_t)XSTATE_SUPPORTED;
            out[1] = XSAVE_AREA_SIZE; /* for the components in XCR0 */
            out[2] = XSAVE_AREA_SIZE; /* for all supported components */
            return;
        }
        out[1] = XSAVE_AREA_SIZE; /* XSAVEC size of XCR0 (no XSS) */
        break;
    case 7:
        if (subleaf != 0) {
            return;
        }
        break;
    case 0x80000000:
        out[0] = 0x80000008;
        out[1] = str4(m->vendor, 12, 0);
        out[3] = str4(m->vendor, 12, 4);
        out[2] = str4(m->vendor, 12, 8);
        return;
    case 0x80000002:
    case 0x80000003:
    case 0x80000004:
        blen = strlen(m->brand);
        for (int r = 0; r < 4; r++) {
            out[r] = str4(m->brand, blen, (leaf - 0x80000002) * 16 + r * 4);
        }
        return;
    case 0x80000008:
        out[0] = 0x3028; /* 48-bit linear, 40-bit physical addresses */
        return;
    case 0x80000001:
        break;
    default:
        return;
    }
    cpuid_feature_bits(m->features, leaf, subleaf, out);
}

/* -- Reset and hidden flags ------------------------------------------------ */

void cpu_x86_update_hflags(CPUX86State *env)
{
    uint32_t hf = env->hflags & (HF_INHIBIT_IRQ_MASK);
    uint32_t cs = env->segs[R_CS].flags;

    hf |= env->segs[R_CS].selector & HF_CPL_MASK;
    if (env->cr[0] & 1) {
        hf |= HF_PE_MASK;
    } else {
        hf &= ~HF_CPL_MASK;
    }
    if (env->eflags & VM_MASK) {
        hf |= HF_VM_MASK | 3;
    }
    if (env->efer & MSR_EFER_LMA) {
        hf |= HF_LMA_MASK;
    }
    if ((hf & HF_LMA_MASK) && (cs & DESC_L_MASK)) {
        hf |= HF_CS64_MASK | HF_CS32_MASK | HF_SS32_MASK;
    } else {
        hf |= (cs & DESC_B_MASK) ? HF_CS32_MASK : 0;
        hf |= (env->segs[R_SS].flags & DESC_B_MASK) ? HF_SS32_MASK : 0;
        /*
         * Outside 64-bit code, DS/ES/SS bases are added unless they are all
         * zero (flat protected mode), which saves an add per access.
         */
        if (!(hf & HF_PE_MASK) || (hf & HF_VM_MASK) || env->segs[R_DS].base
            || env->segs[R_ES].base || env->segs[R_SS].base) {
            hf |= HF_ADDSEG_MASK;
        }
    }
    if (env->eflags & TF_MASK) {
        hf |= HF_TF_MASK;
    }
    hf |= (env->eflags & AC_MASK) ? HF_AC_MASK : 0;
    hf |= (uint32_t)((env->eflags & IOPL_MASK) >> IOPL_SHIFT) << HF_IOPL_SHIFT;
    hf |= (env->cr[0] & CR0_EM_MASK) ? HF_EM_MASK : 0;
    hf |= (env->cr[0] & CR0_TS_MASK) ? HF_TS_MASK : 0;
    hf |= (env->cr[0] & CR0_MP_MASK) ? HF_MP_MASK : 0;
    hf |= (env->cr[4] & CR4_OSFXSR_MASK) ? HF_OSFXSR_MASK : 0;
    env->hflags = hf;
}

/* A real-mode segment as after reset: base = selector << 4, 64 KiB. */
static void load_real_seg(SegmentCache *sc, uint16_t sel)
{
    sc->selector = sel;
    sc->base = (uint64_t)sel << 4;
    sc->limit = 0xffff;
    sc->flags = DESC_P_MASK | DESC_S_MASK | (2u << DESC_TYPE_SHIFT);
}

void cpu_x86_reset(CPUX86State *env)
{
    const X86CPUModel *model = env->model;

    memset(env, 0, sizeof(*env));
    env->model = model;
    for (int i = 0; i < X86_NB_SEGS; i++) {
        load_real_seg(&env->segs[i], 0);
    }
    /* SDM vol. 3, table 9-1: CS = F000, base FFFF0000, EIP = FFF0. */
    env->segs[R_CS].selector = 0xf000;
    env->segs[R_CS].base = 0xffff0000;
    env->segs[R_CS].flags |= 8u << DESC_TYPE_SHIFT; /* code */
    env->rip = 0xfff0;
    env->regs[R_EDX] = model ? model->signature : 0x600;
    env->cr[0] = 0x60000010; /* CD, NW, ET */
    env->gdt.limit = 0xffff;
    env->idt.limit = 0xffff;
    env->ldt.limit = 0xffff;
    env->ldt.flags = DESC_P_MASK | (2u << DESC_TYPE_SHIFT);
    env->tr.limit = 0xffff;
    env->tr.flags = DESC_P_MASK | (11u << DESC_TYPE_SHIFT);
    env->cc_op = CC_OP_EFLAGS;
    env->df = 1;
    env->eflags = 0;
    env->exception_index = -1;
    /* SDM vol. 3, table 9-1 and 11.12.4: debug and cache-control MSRs. */
    env->dr[6] = 0xffff0ff0;
    env->dr[7] = 0x400;
    env->pat = 0x0007040600070406ull;
    env->misc_enable = 1; /* fast-string operations enabled */
    /* The FPU as after FNINIT, MXCSR at its power-on value. */
    x87_reset(env);
    env->mxcsr = MXCSR_INIT;
    env->xcr0 = XSTATE_X87;
    env->a20_mask = ~UINT64_C(0);
    cpu_x86_update_hflags(env);
}
