/*
 * Fast system calls and the 64-bit segment-base instructions: SYSCALL /
 * SYSRET (Intel rules: 64-bit mode only), SYSENTER / SYSEXIT, SWAPGS,
 * RDFSBASE / RDGSBASE / WRFSBASE / WRGSBASE.
 *
 * These load CS and SS with fixed flat descriptors computed from MSRs,
 * without reading the GDT (SDM vol. 2B, SYSCALL: "the caches are loaded
 * with fixed values"); the OS must make the GDT agree.
 */
#include "target/i386/seg_helper.h"

/* A flat 4 GiB segment of privilege DPL: code (with L or D) or data. */
static void load_flat(CPUX86State *env, int seg, uint32_t sel, unsigned dpl,
                      uint32_t type_and_size)
{
    SegmentCache *sc = &env->segs[seg];

    sc->selector = sel;
    sc->base = 0;
    sc->limit = 0xffffffff;
    sc->flags = DESC_P_MASK | DESC_S_MASK | DESC_G_MASK | DESC_A_MASK
                | (dpl << DESC_DPL_SHIFT) | type_and_size;
}

#define FLAT_CODE64 (DESC_CS_MASK | DESC_R_MASK | DESC_L_MASK)
#define FLAT_CODE32 (DESC_CS_MASK | DESC_R_MASK | DESC_B_MASK)
#define FLAT_DATA   (DESC_W_MASK | DESC_B_MASK)

/* The EFLAGS bits kept in env->eflags (cpu_load_eflags' update mask). */
#define ALL_SYSTEM_FLAGS                                                       \
    (TF_MASK | IF_MASK | IOPL_MASK | NT_MASK | RF_MASK | VM_MASK | AC_MASK     \
     | VIF_MASK | VIP_MASK | ID_MASK)

static bool canonical(uint64_t addr)
{
    return (uint64_t)(((int64_t)addr << 16) >> 16) == addr;
}

void helper_syscall(CPUX86State *env, uint64_t next_eip)
{
    uintptr_t ra = GETPC();
    uint32_t sel = (env->star >> 32) & 0xffff;
    uint64_t flags;

    if (!(env->efer & MSR_EFER_SCE) || !x86_code64(env)) {
        x86_raise_exception_ra(env, EXCP06_ILLOP, ra);
    }
    flags = cpu_compute_eflags(env);
    env->regs[R_ECX] = next_eip;
    env->regs[11] = flags;
    load_flat(env, R_CS, sel & 0xfffc, 0, FLAT_CODE64);
    load_flat(env, R_SS, (sel + 8) & 0xfffc, 0, FLAT_DATA);
    cpu_load_eflags(env, flags & ~(env->fmask | RF_MASK), ALL_SYSTEM_FLAGS);
    env->rip = env->lstar;
    cpu_x86_update_hflags(env);
}

void helper_sysret(CPUX86State *env, uint32_t ot)
{
    uintptr_t ra = GETPC();
    uint32_t sel = (env->star >> 48) & 0xffff;

    if (!(env->efer & MSR_EFER_SCE) || !x86_code64(env)) {
        x86_raise_exception_ra(env, EXCP06_ILLOP, ra);
    }
    if (x86_cpl(env) != 0 || (ot == MO_64 && !canonical(env->regs[R_ECX]))) {
        raise_err(env, EXCP0D_GPF, 0, ra);
    }
    if (ot == MO_64) {
        load_flat(env, R_CS, (sel + 16) | 3, 3, FLAT_CODE64);
        env->rip = env->regs[R_ECX];
    } else {
        load_flat(env, R_CS, sel | 3, 3, FLAT_CODE32);
        env->rip = (uint32_t)env->regs[R_ECX];
    }
    load_flat(env, R_SS, (sel + 8) | 3, 3, FLAT_DATA);
    /* SDM vol. 2B, SYSRET: RFLAGS = (R11 & 3C7FD7H) | 2. */
    cpu_load_eflags(env, env->regs[11] & 0x3c7fd7, 0x3c7fd7);
    cpu_x86_update_hflags(env);
}

void helper_sysenter(CPUX86State *env)
{
    uintptr_t ra = GETPC();
    uint32_t cs = env->sysenter_cs & 0xfffc;

    if (!x86_protected(env) || cs == 0) {
        raise_err(env, EXCP0D_GPF, 0, ra);
    }
    env->eflags &= ~(uint64_t)(VM_MASK | IF_MASK | RF_MASK);
    if (x86_lma(env)) {
        load_flat(env, R_CS, cs, 0, FLAT_CODE64);
        env->regs[R_ESP] = env->sysenter_esp;
        env->rip = env->sysenter_eip;
    } else {
        load_flat(env, R_CS, cs, 0, FLAT_CODE32);
        env->regs[R_ESP] = (uint32_t)env->sysenter_esp;
        env->rip = (uint32_t)env->sysenter_eip;
    }
    load_flat(env, R_SS, cs + 8, 0, FLAT_DATA);
    cpu_x86_update_hflags(env);
}

void helper_sysexit(CPUX86State *env, uint32_t ot)
{
    uintptr_t ra = GETPC();
    uint32_t cs = env->sysenter_cs & 0xfffc;

    if (!x86_protected(env) || x86_vm86(env) || x86_cpl(env) != 0 || cs == 0) {
        raise_err(env, EXCP0D_GPF, 0, ra);
    }
    if (ot == MO_64) {
        load_flat(env, R_CS, (cs + 32) | 3, 3, FLAT_CODE64);
        load_flat(env, R_SS, (cs + 40) | 3, 3, FLAT_DATA);
        env->regs[R_ESP] = env->regs[R_ECX];
        env->rip = env->regs[R_EDX];
    } else {
        load_flat(env, R_CS, (cs + 16) | 3, 3, FLAT_CODE32);
        load_flat(env, R_SS, (cs + 24) | 3, 3, FLAT_DATA);
        env->regs[R_ESP] = (uint32_t)env->regs[R_ECX];
        env->rip = (uint32_t)env->regs[R_EDX];
    }
    cpu_x86_update_hflags(env);
}

void helper_swapgs(CPUX86State *env)
{
    uint64_t t = env->segs[R_GS].base;

    env->segs[R_GS].base = env->kernel_gs_base;
    env->kernel_gs_base = t;
}

uint64_t helper_rdsegbase(CPUX86State *env, uint32_t seg)
{
    if (!(env->cr[4] & CR4_FSGSBASE_MASK)) {
        x86_raise_exception_ra(env, EXCP06_ILLOP, GETPC());
    }
    return env->segs[seg].base;
}

void helper_wrsegbase(CPUX86State *env, uint32_t seg, uint64_t val)
{
    uintptr_t ra = GETPC();

    if (!(env->cr[4] & CR4_FSGSBASE_MASK)) {
        x86_raise_exception_ra(env, EXCP06_ILLOP, ra);
    }
    if (!canonical(val)) {
        raise_err(env, EXCP0D_GPF, 0, ra);
    }
    env->segs[seg].base = val;
}
