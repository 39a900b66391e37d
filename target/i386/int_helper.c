/*
 * Integer and miscellaneous helpers called from x86 generated code:
 * exceptions, lazy-flag evaluation, DIV/IDIV, CPUID, RDTSC, EFLAGS loads.
 * See helper.h for each contract.
 */

#include "exec/cpu-common.h"
#include "target/i386/helper.h"

/* -- Exceptions ------------------------------------------------------------ */

_Noreturn void x86_raise_exception_err_ra(CPUX86State *env, int excp,
                                          int error_code, uintptr_t retaddr)
{
    env->error_code = error_code;
    env->exception_is_int = 0;
    cpu_raise_exception_ra(env_cpu(env), excp, retaddr);
}

_Noreturn void x86_raise_exception_ra(CPUX86State *env, int excp,
                                      uintptr_t retaddr)
{
    x86_raise_exception_err_ra(env, excp, 0, retaddr);
}

_Noreturn void helper_raise_exception(CPUX86State *env, uint32_t excp)
{
    env->error_code = 0;
    env->exception_is_int = 0;
    cpu_raise_exception_ra(env_cpu(env), excp, 0);
}

_Noreturn void helper_raise_interrupt(CPUX86State *env, uint32_t intno,
                                      uint64_t next_eip)
{
    env->error_code = 0;
    env->exception_is_int = 1;
    env->exception_next_rip = next_eip;
    cpu_raise_exception_ra(env_cpu(env), intno, 0);
}

/* -- Lazy flags ------------------------------------------------------------ */

uint64_t helper_cc_compute_all(uint64_t dst, uint64_t src, uint64_t src2,
                               uint32_t op)
{
    return cc_compute_all(dst, src, src2, op);
}

uint64_t helper_cc_compute_c(uint64_t dst, uint64_t src, uint64_t src2,
                             uint32_t op)
{
    return cc_compute_c(dst, src, src2, op);
}

/* -- DIV / IDIV (SDM vol. 2A, DIV and IDIV) -------------------------------- */

_Noreturn static void raise_de(CPUX86State *env, uintptr_t ra)
{
    env->error_code = 0;
    env->exception_is_int = 0;
    cpu_raise_exception_ra(env_cpu(env), EXCP00_DIVZ, ra);
}

/* Write quotient Q and remainder R of width BITS into rAX/rDX (or AL/AH). */
static void div_result(CPUX86State *env, uint64_t q, uint64_t r, unsigned bits)
{
    uint64_t m = bits == 64 ? ~(uint64_t)0 : ((uint64_t)1 << bits) - 1;

    switch (bits) {
    case 8:
        env->regs[R_EAX] = (env->regs[R_EAX] & ~(uint64_t)0xffff) | (q & 0xff)
                           | ((r & 0xff) << 8);
        return;
    case 16:
        env->regs[R_EAX] = (env->regs[R_EAX] & ~m) | (q & m);
        env->regs[R_EDX] = (env->regs[R_EDX] & ~m) | (r & m);
        return;
    default: /* 32-bit results zero-extend */
        env->regs[R_EAX] = q & m;
        env->regs[R_EDX] = r & m;
        return;
    }
}

/* The double-width dividend rDX:rAX (AX for bytes) of width 2 * BITS. */
static unsigned __int128 dividend(CPUX86State *env, unsigned bits)
{
    uint64_t m = bits == 64 ? ~(uint64_t)0 : ((uint64_t)1 << bits) - 1;

    if (bits == 8) {
        return env->regs[R_EAX] & 0xffff;
    }
    return ((unsigned __int128)(env->regs[R_EDX] & m) << bits)
           | (env->regs[R_EAX] & m);
}

void helper_div(CPUX86State *env, uint64_t divisor, uint32_t ot)
{
    unsigned bits = 8u << ot;
    uint64_t m = bits == 64 ? ~(uint64_t)0 : ((uint64_t)1 << bits) - 1;
    unsigned __int128 n = dividend(env, bits), q;

    divisor &= m;
    if (divisor == 0) {
        raise_de(env, GETPC());
    }
    q = n / divisor;
    if (q > m) {
        raise_de(env, GETPC());
    }
    div_result(env, (uint64_t)q, (uint64_t)(n % divisor), bits);
}

void helper_idiv(CPUX86State *env, uint64_t divisor, uint32_t ot)
{
    unsigned bits = 8u << ot;
    unsigned shift = 128 - 2 * bits;
    __int128 n = (__int128)(dividend(env, bits) << shift) >> shift;
    int64_t d = (int64_t)(divisor << (64 - bits)) >> (64 - bits);
    __int128 q, lo = -((__int128)1 << (bits - 1)),
                hi = ((__int128)1 << (bits - 1)) - 1;

    if (d == 0) {
        raise_de(env, GETPC());
    }
    if (d == -1 && bits == 64 && n == (__int128)((unsigned __int128)1 << 127)) {
        raise_de(env, GETPC()); /* INT128_MIN / -1 overflows the host too */
    }
    q = n / d;
    if (q < lo || q > hi) {
        raise_de(env, GETPC());
    }
    div_result(env, (uint64_t)q, (uint64_t)(n % d), bits);
}

/* -- CPUID, RDTSC ---------------------------------------------------------- */

void helper_cpuid(CPUX86State *env)
{
    uint32_t r[4];

    x86_cpuid(env, (uint32_t)env->regs[R_EAX], (uint32_t)env->regs[R_ECX], r);
    env->regs[R_EAX] = r[0];
    env->regs[R_EBX] = r[1];
    env->regs[R_ECX] = r[2];
    env->regs[R_EDX] = r[3];
}

/*
 * The guest TSC is the host TSC plus an offset.  CR4.TSD restricts RDTSC
 * and RDTSCP to CPL 0: #GP(0) elsewhere (SDM RDTSC; real mode is CPL 0,
 * virtual-8086 mode CPL 3).  Deviation: not yet tied to the virtual clock
 * (-icount).
 */
static uint64_t read_tsc(CPUX86State *env, uintptr_t ra)
{
    if ((env->cr[4] & CR4_TSD_MASK) && (env->hflags & HF_CPL_MASK)) {
        x86_raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    return cpu_x86_get_tsc(env);
}

void helper_rdtsc(CPUX86State *env)
{
    uint64_t t = read_tsc(env, GETPC());

    env->regs[R_EAX] = (uint32_t)t;
    env->regs[R_EDX] = t >> 32;
}

void helper_rdtscp(CPUX86State *env)
{
    uint64_t t = read_tsc(env, GETPC());

    env->regs[R_EAX] = (uint32_t)t;
    env->regs[R_EDX] = t >> 32;
    env->regs[R_ECX] = (uint32_t)env->tsc_aux;
}

/* -- EFLAGS ---------------------------------------------------------------- */

uint64_t helper_read_eflags(CPUX86State *env)
{
    /* PUSHF stores RF and VM as 0 (SDM vol. 2B, PUSHF). */
    return cpu_compute_eflags(env) & ~(uint64_t)(RF_MASK | VM_MASK);
}

void helper_write_eflags(CPUX86State *env, uint64_t val, uint32_t mask)
{
    cpu_load_eflags(env, val, mask);
    cpu_x86_update_hflags(env);
}
