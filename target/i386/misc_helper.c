/*
 * Helpers for the x86 system registers: MOV to/from CR0/CR2/CR3/CR4/CR8
 * and DR0-7, CLTS, LMSW, INVLPG, RDMSR/WRMSR, RDPMC, STAC/CLAC
 * (contracts in helper.h).
 *
 * Data flow: emit-sysreg.c checks CPL and register numbers at translation
 * time, stores rip and calls these helpers; they raise #GP(0)/#UD through
 * GETPC() (precise), change CPUX86State, flush the softmmu TLB where the
 * SDM says cached translations become stale, and recompute hflags.  The
 * emitter ends the TB after every write, so the next TB is looked up with
 * the new hflags (mode, MMU index).
 *
 * MSRs are data: the simple stored ones are rows of msr_fields[] (field,
 * reserved bits, value check); EFER, the TSC, MTRRcap, the microcode
 * revision and the APIC's MSRs have their own code.
 */
#include <inttypes.h>
#include <stddef.h>
#include <x86intrin.h>

#include "exec/exec-all.h"
#include "hw/i386/x86-cpu-board.h"
#include "target/i386/helper.h"
#include "target/i386/translate.h"
#include "util/error.h"
#include "util/log.h"

#define PHYS_MASK ((1ull << X86_PHYS_ADDR_BITS) - 1)

static bool has_feature(const CPUX86State *env, X86Feature f)
{
    return env->model && (env->model->features & X86_FEAT_BIT(f));
}

static _Noreturn void raise_gp0(CPUX86State *env, uintptr_t ra)
{
    x86_raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
}

/* Is ADDR canonical for 48-bit linear addresses? */
static bool is_canonical(uint64_t addr)
{
    return (uint64_t)(((int64_t)addr << 16) >> 16) == addr;
}

/* Does PAE paging (not 4-level) translate with CR0 = CR0V, CR4 = CR4V? */
static bool pae_paging(const CPUX86State *env, uint64_t cr0v, uint64_t cr4v)
{
    return (cr0v & CR0_PG_MASK) && (cr4v & CR4_PAE_MASK)
           && !(env->efer & MSR_EFER_LME);
}

/* -- Control registers ----------------------------------------------------- */

#define CR0_VALID_MASK                                                         \
    (CR0_PE_MASK | CR0_MP_MASK | CR0_EM_MASK | CR0_TS_MASK | CR0_ET_MASK       \
     | CR0_NE_MASK | CR0_WP_MASK | CR0_AM_MASK | CR0_NW_MASK | CR0_CD_MASK     \
     | CR0_PG_MASK)

/* SDM vol. 3, 2.5, 9.8.5 and MOV (control registers): the #GP cases, the
 * long-mode transitions, PDPTE loads and the TLB flush. */
static void write_cr0(CPUX86State *env, uint64_t val, uintptr_t ra)
{
    uint64_t old = env->cr[0];

    if (val >> 32) {
        raise_gp0(env, ra);
    }
    /* Reserved bits of CR0[31:0] are ignored; ET is hardwired to 1. */
    val = (val & CR0_VALID_MASK) | CR0_ET_MASK;
    if (((val & CR0_PG_MASK) && !(val & CR0_PE_MASK))
        || ((val & CR0_NW_MASK) && !(val & CR0_CD_MASK))) {
        raise_gp0(env, ra);
    }
    if ((val & CR0_PG_MASK) && !(old & CR0_PG_MASK)
        && (env->efer & MSR_EFER_LME)) {
        /* Activating IA-32e mode needs PAE and a CS without L. */
        if (!(env->cr[4] & CR4_PAE_MASK)
            || (env->segs[R_CS].flags & DESC_L_MASK)) {
            raise_gp0(env, ra);
        }
    }
    if (!(val & CR0_PG_MASK) && (old & CR0_PG_MASK)
        && (env->hflags & HF_CS64_MASK)) {
        /* Paging can only be turned off from compatibility mode. */
        raise_gp0(env, ra);
    }
    if (pae_paging(env, val, env->cr[4])
        && ((old ^ val) & (CR0_PG_MASK | CR0_CD_MASK | CR0_NW_MASK))
        && !x86_load_pdptrs(env)) {
        raise_gp0(env, ra);
    }
    env->cr[0] = val;
    if ((val & CR0_PG_MASK) && (env->efer & MSR_EFER_LME)) {
        env->efer |= MSR_EFER_LMA;
    } else if (!(val & CR0_PG_MASK)) {
        env->efer &= ~(uint64_t)MSR_EFER_LMA;
    }
    if ((old ^ val) & (CR0_PG_MASK | CR0_WP_MASK | CR0_PE_MASK)) {
        tlb_flush(env_cpu(env));
    }
    cpu_x86_update_hflags(env);
}

static void write_cr3(CPUX86State *env, uint64_t val, uintptr_t ra)
{
    uint64_t old = env->cr[3];

    if (env->efer & MSR_EFER_LMA) {
        /* Bits 63:MAXPHYADDR are reserved (no PCID: bit 63 too). */
        if (val & ~PHYS_MASK) {
            raise_gp0(env, ra);
        }
    } else {
        val = (uint32_t)val;
    }
    env->cr[3] = val;
    if (pae_paging(env, env->cr[0], env->cr[4]) && !x86_load_pdptrs(env)) {
        env->cr[3] = old;
        raise_gp0(env, ra);
    }
    if (env->cr[0] & CR0_PG_MASK) {
        /* SDM vol. 3, 4.10.4.1: non-global translations are flushed. */
        tlb_flush_nonglobal(env_cpu(env));
    }
}

/* The CR4 bits a guest may set: the ones whose features exist. */
static uint64_t cr4_valid_mask(const CPUX86State *env)
{
    uint64_t mask = CR4_TSD_MASK | CR4_DE_MASK | CR4_PSE_MASK | CR4_PAE_MASK
                    | CR4_MCE_MASK | CR4_PGE_MASK | CR4_PCE_MASK
                    | CR4_OSFXSR_MASK | CR4_OSXMMEXCPT_MASK;

    if (has_feature(env, X86_FEAT_SMEP)) {
        mask |= CR4_SMEP_MASK;
    }
    if (has_feature(env, X86_FEAT_SMAP)) {
        mask |= CR4_SMAP_MASK;
    }
    if (has_feature(env, X86_FEAT_XSAVE)) {
        mask |= CR4_OSXSAVE_MASK;
    }
    if (has_feature(env, X86_FEAT_FSGSBASE)) {
        mask |= CR4_FSGSBASE_MASK;
    }
    return mask;
}

static void write_cr4(CPUX86State *env, uint64_t val, uintptr_t ra)
{
    uint64_t old = env->cr[4];
    uint64_t pdpte_bits =
        CR4_PAE_MASK | CR4_PGE_MASK | CR4_PSE_MASK | CR4_SMEP_MASK;

    if (val & ~cr4_valid_mask(env)) {
        qlog_mask(LOG_UNIMP,
                  "x86: MOV to CR4 0x%" PRIx64 ": bits 0x%" PRIx64
                  " are reserved or not implemented yet: #GP\n",
                  val, val & ~cr4_valid_mask(env));
        raise_gp0(env, ra);
    }
    if ((env->efer & MSR_EFER_LMA) && !(val & CR4_PAE_MASK)) {
        raise_gp0(env, ra);
    }
    if (pae_paging(env, env->cr[0], val) && ((old ^ val) & pdpte_bits)) {
        uint64_t saved = env->cr[4];

        env->cr[4] = val;
        if (!x86_load_pdptrs(env)) {
            env->cr[4] = saved;
            raise_gp0(env, ra);
        }
    }
    env->cr[4] = val;
    if ((old ^ val)
        & (CR4_PGE_MASK | CR4_PAE_MASK | CR4_PSE_MASK | CR4_PCIDE_MASK
           | CR4_SMEP_MASK | CR4_SMAP_MASK)) {
        tlb_flush(env_cpu(env));
    }
    cpu_x86_update_hflags(env);
}

uint64_t helper_read_cr(CPUX86State *env, uint32_t reg)
{
    if (reg == 8) {
        return x86_apic_get_cr8(env_cpu(env));
    }
    return env->cr[reg];
}

void helper_write_cr(CPUX86State *env, uint32_t reg, uint64_t val)
{
    uintptr_t ra = GETPC();

    switch (reg) {
    case 0:
        write_cr0(env, val, ra);
        break;
    case 2:
        env->cr[2] = val;
        break;
    case 3:
        write_cr3(env, val, ra);
        break;
    case 4:
        write_cr4(env, val, ra);
        break;
    case 8:
        if (val & ~0xfull) {
            raise_gp0(env, ra);
        }
        x86_apic_set_cr8(env_cpu(env), val);
        break;
    default:
        internal_error("x86: MOV to CR%u reached the helper", reg);
    }
}

void helper_clts(CPUX86State *env)
{
    env->cr[0] &= ~(uint64_t)CR0_TS_MASK;
    cpu_x86_update_hflags(env);
}

void helper_lmsw(CPUX86State *env, uint64_t val)
{
    /* SDM LMSW: loads PE MP EM TS; PE can be set but not cleared. */
    uint64_t cr0 = (env->cr[0] & ~0xeull) | (val & 0xf);

    write_cr0(env, cr0, GETPC());
}

void helper_invlpg(CPUX86State *env, uint64_t addr)
{
    tlb_flush_page(env_cpu(env), addr);
}

void helper_set_ac(CPUX86State *env, uint32_t set)
{
    if (set) {
        env->eflags |= AC_MASK;
    } else {
        env->eflags &= ~(uint64_t)AC_MASK;
    }
    cpu_x86_update_hflags(env);
}

/* -- Debug registers ------------------------------------------------------- */

#define DR6_FIXED1   0xffff0ff0ull /* DR6 bits that read as 1 */
#define DR6_WRITABLE 0xe00full     /* B0-B3, BD, BS, BT */
#define DR7_FIXED1   0x400ull      /* DR7 bit 10 reads as 1 */
#define DR7_WRITABLE 0xffff23ffull
#define DR7_ENABLES  0xffull /* L0-L3, G0-G3 */

/* DR4/DR5: #UD with CR4.DE, else aliases of DR6/DR7 (SDM vol. 3, 17.2.2). */
static uint32_t dr_alias(CPUX86State *env, uint32_t reg, uintptr_t ra)
{
    if (reg == 4 || reg == 5) {
        if (env->cr[4] & CR4_DE_MASK) {
            x86_raise_exception_ra(env, EXCP06_ILLOP, ra);
        }
        reg += 2;
    }
    return reg;
}

uint64_t helper_read_dr(CPUX86State *env, uint32_t reg)
{
    return env->dr[dr_alias(env, reg, GETPC())];
}

void helper_write_dr(CPUX86State *env, uint32_t reg, uint64_t val)
{
    uintptr_t ra = GETPC();

    reg = dr_alias(env, reg, ra);
    if (reg < 4) {
        env->dr[reg] = val;
        return;
    }
    if (val >> 32) {
        raise_gp0(env, ra);
    }
    if (reg == 6) {
        env->dr[6] = DR6_FIXED1 | (val & DR6_WRITABLE);
        return;
    }
    if (val & DR7_ENABLES) {
        qlog_mask(LOG_UNIMP,
                  "x86: DR7 0x%" PRIx64 " enables breakpoints: "
                  "hardware breakpoints are not implemented yet (stored "
                  "only)\n",
                  val);
    }
    env->dr[7] = DR7_FIXED1 | (val & DR7_WRITABLE);
}

/* -- MSRs ------------------------------------------------------------------ */

/* How a stored MSR's written value is checked, beyond its reserved bits. */
typedef enum MSRCheck {
    MSR_CHECK_NONE,
    MSR_CHECK_CANONICAL,  /* a linear address */
    MSR_CHECK_PAT,        /* eight PAT memory types (0 1 4 5 6 7) */
    MSR_CHECK_MTRR_TYPES, /* eight MTRR memory types (0 1 4 5 6) */
    MSR_CHECK_MTRR_TYPE,  /* one MTRR memory type in bits 7:0 */
} MSRCheck;

/* A run of MSRs stored in CPUX86State fields. */
typedef struct MSRField {
    uint32_t index;    /* first MSR */
    uint8_t count;     /* MSRs in the run */
    uint8_t step;      /* MSR number step within the run (1, or 2) */
    int16_t feature;   /* X86Feature the MSR needs, or -1 */
    size_t offset;     /* of the first uint64_t field; the run's next */
    uint64_t reserved; /* bits that make WRMSR raise #GP(0) */
    MSRCheck check;
} MSRField;

#define ENV(field) offsetof(CPUX86State, field)
#define HI32       0xffffffff00000000ull

static const MSRField msr_fields[] = {
    {MSR_SYSENTER_CS, 1, 1, -1, ENV(sysenter_cs), 0, MSR_CHECK_NONE},
    {MSR_SYSENTER_ESP, 1, 1, -1, ENV(sysenter_esp), 0, MSR_CHECK_CANONICAL},
    {MSR_SYSENTER_EIP, 1, 1, -1, ENV(sysenter_eip), 0, MSR_CHECK_CANONICAL},
    {MSR_IA32_MISC_ENABLE, 1, 1, -1, ENV(misc_enable), ~0x4400c51889ull,
     MSR_CHECK_NONE},
    {MSR_PAT, 1, 1, X86_FEAT_PAT, ENV(pat), 0, MSR_CHECK_PAT},
    {MSR_MTRR_DEF_TYPE, 1, 1, X86_FEAT_MTRR, ENV(mtrr_deftype), ~0xcffull,
     MSR_CHECK_MTRR_TYPE},
    {MSR_MTRR_FIX64K, 1, 1, X86_FEAT_MTRR, ENV(mtrr_fixed[0]), 0,
     MSR_CHECK_MTRR_TYPES},
    {MSR_MTRR_FIX16K_80000, 2, 1, X86_FEAT_MTRR, ENV(mtrr_fixed[1]), 0,
     MSR_CHECK_MTRR_TYPES},
    {MSR_MTRR_FIX4K_C0000, 8, 1, X86_FEAT_MTRR, ENV(mtrr_fixed[3]), 0,
     MSR_CHECK_MTRR_TYPES},
    {MSR_MTRR_PHYS_BASE0, X86_MTRR_VAR_COUNT, 2, X86_FEAT_MTRR,
     ENV(mtrr_base[0]), 0xf00ull | ~PHYS_MASK, MSR_CHECK_MTRR_TYPE},
    {MSR_MTRR_PHYS_BASE0 + 1, X86_MTRR_VAR_COUNT, 2, X86_FEAT_MTRR,
     ENV(mtrr_mask[0]), 0x7ffull | ~PHYS_MASK, MSR_CHECK_NONE},
    {MSR_STAR, 1, 1, X86_FEAT_LM, ENV(star), 0, MSR_CHECK_NONE},
    {MSR_LSTAR, 1, 1, X86_FEAT_LM, ENV(lstar), 0, MSR_CHECK_CANONICAL},
    {MSR_CSTAR, 1, 1, X86_FEAT_LM, ENV(cstar), 0, MSR_CHECK_CANONICAL},
    {MSR_FMASK, 1, 1, X86_FEAT_LM, ENV(fmask), HI32, MSR_CHECK_NONE},
    {MSR_FS_BASE, 1, 1, X86_FEAT_LM, ENV(segs[R_FS].base), 0,
     MSR_CHECK_CANONICAL},
    {MSR_GS_BASE, 1, 1, X86_FEAT_LM, ENV(segs[R_GS].base), 0,
     MSR_CHECK_CANONICAL},
    {MSR_KERNEL_GS_BASE, 1, 1, X86_FEAT_LM, ENV(kernel_gs_base), 0,
     MSR_CHECK_CANONICAL},
    {MSR_TSC_AUX, 1, 1, X86_FEAT_RDTSCP, ENV(tsc_aux), HI32, MSR_CHECK_NONE},
};

#undef ENV

_Static_assert(X86_FEAT_COUNT < INT16_MAX, "MSRField.feature holds one");

/* The field behind MSR, or NULL if no stored MSR of this model is MSR. */
static uint64_t *msr_field(CPUX86State *env, uint32_t msr, const MSRField **row)
{
    for (size_t i = 0; i < sizeof(msr_fields) / sizeof(msr_fields[0]); i++) {
        const MSRField *f = &msr_fields[i];
        uint32_t n = msr - f->index;

        if (msr < f->index || n % f->step || n / f->step >= f->count) {
            continue;
        }
        if (f->feature >= 0 && !has_feature(env, f->feature)) {
            return NULL;
        }
        *row = f;
        return (uint64_t *)((char *)env + f->offset) + n / f->step;
    }
    return NULL;
}

/* Memory-type encodings the SDM defines (vol. 3, 11.11.1 and 11.12.2). */
static bool valid_mtrr_type(unsigned t)
{
    return t == 0 || t == 1 || t == 4 || t == 5 || t == 6;
}

static bool msr_value_ok(const MSRField *f, uint64_t val)
{
    if (val & f->reserved) {
        return false;
    }
    switch (f->check) {
    case MSR_CHECK_CANONICAL:
        return is_canonical(val);
    case MSR_CHECK_MTRR_TYPE:
        return valid_mtrr_type(val & 0xff);
    case MSR_CHECK_PAT:
    case MSR_CHECK_MTRR_TYPES:
        for (int i = 0; i < 8; i++) {
            unsigned t = (val >> (8 * i)) & 0xff;

            if (!valid_mtrr_type(t) && !(f->check == MSR_CHECK_PAT && t == 7)) {
                return false;
            }
        }
        return true;
    default:
        return true;
    }
}

static bool is_apic_msr(uint32_t msr)
{
    return msr == MSR_IA32_APIC_BASE || msr == MSR_IA32_TSC_DEADLINE
           || (msr >= MSR_X2APIC_FIRST && msr <= MSR_X2APIC_LAST);
}

/* MTRRcap: 8 variable ranges, fixed ranges and write-combining. */
#define MTRRCAP_VALUE (X86_MTRR_VAR_COUNT | (1u << 8) | (1u << 10))
/*
 * IA32_BIOS_SIGN_ID: the microcode revision in bits 63:32.  0x28, the last
 * Intel released for the max model's signature (06-3c-03): Linux keeps
 * the TSC-deadline timer off on that signature below 0x22 (an erratum).
 */
#define UCODE_REV_VALUE (UINT64_C(0x28) << 32)

/* Read MSR into *VAL; false for #GP(0). */
static bool msr_read(CPUX86State *env, uint32_t msr, uint64_t *val)
{
    const MSRField *f;
    uint64_t *field;

    switch (msr) {
    case MSR_EFER:
        *val = env->efer;
        return true;
    case MSR_IA32_TSC:
        *val = cpu_x86_get_tsc(env);
        return true;
    case MSR_IA32_UCODE_REV:
        *val = UCODE_REV_VALUE;
        return true;
    case MSR_IA32_PLATFORM_ID:
        /* Read-only; platform (bits 52:50) 0, as QEMU answers. */
        *val = 0;
        return true;
    case MSR_MTRRCAP:
        *val = MTRRCAP_VALUE;
        return has_feature(env, X86_FEAT_MTRR);
    default:
        break;
    }
    if (is_apic_msr(msr)) {
        return x86_apic_msr_read(env_cpu(env), msr, val);
    }
    field = msr_field(env, msr, &f);
    if (!field) {
        return false;
    }
    *val = *field;
    return true;
}

/* SDM vol. 3, 2.2.1: EFER.LMA is read-only, LME cannot change while
 * paging is on; SCE and LME need long mode, NXE needs NX. */
static bool efer_write(CPUX86State *env, uint64_t val)
{
    uint64_t valid = MSR_EFER_LMA;
    uint64_t old = env->efer;

    if (has_feature(env, X86_FEAT_LM)) {
        valid |= MSR_EFER_SCE | MSR_EFER_LME;
    }
    if (has_feature(env, X86_FEAT_NX)) {
        valid |= MSR_EFER_NXE;
    }
    if ((val & ~valid)
        || ((env->cr[0] & CR0_PG_MASK) && ((val ^ old) & MSR_EFER_LME))) {
        return false;
    }
    env->efer = (val & ~(uint64_t)MSR_EFER_LMA) | (old & MSR_EFER_LMA);
    if ((old ^ env->efer) & MSR_EFER_NXE) {
        tlb_flush(env_cpu(env));
    }
    cpu_x86_update_hflags(env);
    return true;
}

/* Write VAL to MSR; false for #GP(0). */
static bool msr_write(CPUX86State *env, uint32_t msr, uint64_t val)
{
    const MSRField *f;
    uint64_t *field;

    switch (msr) {
    case MSR_EFER:
        return efer_write(env, val);
    case MSR_IA32_TSC:
        env->tsc_offset = val - __rdtsc();
        return true;
    case MSR_IA32_UCODE_REV:
        /* Writing 0 before CPUID is how software asks for the revision;
         * the value is not stored. */
        return true;
    default:
        break;
    }
    if (is_apic_msr(msr)) {
        return x86_apic_msr_write(env_cpu(env), msr, val);
    }
    field = msr_field(env, msr, &f);
    if (!field || !msr_value_ok(f, val)) {
        return false;
    }
    *field = val;
    return true;
}

void helper_rdmsr(CPUX86State *env)
{
    uint32_t msr = env->regs[R_ECX];
    uint64_t val;

    if (!msr_read(env, msr, &val)) {
        qlog_mask(LOG_GUEST_ERRORS, "x86: RDMSR 0x%x: no such MSR: #GP\n", msr);
        raise_gp0(env, GETPC());
    }
    env->regs[R_EAX] = (uint32_t)val;
    env->regs[R_EDX] = val >> 32;
}

void helper_wrmsr(CPUX86State *env)
{
    uint32_t msr = env->regs[R_ECX];
    uint64_t val = (env->regs[R_EDX] << 32) | (uint32_t)env->regs[R_EAX];

    if (!msr_write(env, msr, val)) {
        qlog_mask(LOG_GUEST_ERRORS,
                  "x86: WRMSR 0x%x value 0x%" PRIx64
                  ": no such MSR or invalid value: #GP\n",
                  msr, val);
        raise_gp0(env, GETPC());
    }
}

void helper_rdpmc(CPUX86State *env)
{
    /* CPUID leaf 0xA is not reported: no counter exists, so every ECX
     * is an invalid counter (SDM RDPMC: #GP(0)). */
    raise_gp0(env, GETPC());
}

/* -- Helper infos ---------------------------------------------------------- */
