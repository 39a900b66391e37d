/*
 * FPU and SSE state save/restore: FXSAVE/FXRSTOR (32- and 64-bit
 * layouts), XSAVE/XSAVEOPT/XSAVEC/XRSTOR for the x87 and SSE components
 * (XCR0 bits 0 and 1), XGETBV/XSETBV.
 *
 * Layouts (SDM vol. 1, 10.5.1 and 13.4): the 512-byte legacy region is
 * the FXSAVE image, the 64-byte XSAVE header follows it; with only x87
 * and SSE the standard and compacted formats place everything at the
 * same offsets (576 bytes).  What is written is what the host writes
 * (checked byte for byte by tests/guest/fxsave): FXSAVE stores bytes
 * 0-287 (0-415 in 64-bit mode) with reserved fields zero and leaves
 * 416-511 alone; XSAVE writes only the components in RFBM and the 8-byte
 * XSTATE_BV; XSAVEC writes XSTATE_BV and XCOMP_BV.
 *
 * XINUSE is computed from the state: a component is "in use" unless it
 * is in its initial configuration (allowed by SDM 13.6).  XSAVEOPT's
 * modified optimization is not done: it saves like XSAVE plus the init
 * optimization.  XSAVES/XRSTORS are not implemented (IA32_XSS and
 * supervisor components do not exist yet) and not advertised.
 */
#include <string.h>

#include "exec/cpu-common.h"
#include "target/i386/fpu_helper.h"
#include "target/i386/helper.h"

#define XSAVE_HDR        512 /* offset of the XSAVE header */
#define XCOMP_BV_COMPACT (1ull << 63)

/* -- The legacy region ----------------------------------------------------- */

/* Does the instruction use the 64-bit FIP/FDP layout (REX.W in 64-bit mode)? */
static bool fx_is64(const CPUX86State *env, uint32_t desc)
{
    return (desc & X86_FXSAVE_REXW) && (env->hflags & HF_CS64_MASK);
}

/* XMM registers the instruction covers: 16 in 64-bit mode, else 8. */
static int fx_nb_xmm(const CPUX86State *env)
{
    return (env->hflags & HF_CS64_MASK) ? 16 : 8;
}

/* The x87 part: bytes 0-23 and 32-159 of BUF. */
static void fx_put_x87(const CPUX86State *env, uint8_t *buf, bool is64)
{
    uint16_t w[4] = {env->fpuc, x87_get_fsw(env), 0, env->fpop & 0x7ff};

    for (int i = 0; i < 8; i++) {
        w[2] |= env->fptags[i] ? 0 : 1u << i;
    }
    memcpy(buf, w, 8);
    memset(buf + 8, 0, 16);
    if (is64) {
        memcpy(buf + 8, &env->fpip, 8);
        memcpy(buf + 16, &env->fpdp, 8);
    } else {
        uint32_t ip = (uint32_t)env->fpip, dp = (uint32_t)env->fpdp;

        memcpy(buf + 8, &ip, 4);
        memcpy(buf + 12, &env->fpcs, 2);
        memcpy(buf + 16, &dp, 4);
        memcpy(buf + 20, &env->fpds, 2);
    }
    for (int i = 0; i < 8; i++) {
        memset(buf + 32 + 16 * i, 0, 16);
        memcpy(buf + 32 + 16 * i, &env->fpregs[(env->fpstt + i) & 7], 10);
    }
}

static void fx_get_x87(CPUX86State *env, const uint8_t *buf, bool is64)
{
    uint16_t w[4];

    memcpy(w, buf, 8);
    env->fpuc = x87_canonical_fcw(w[0]);
    x87_set_fsw(env, w[1]);
    for (int i = 0; i < 8; i++) {
        env->fptags[i] = !((w[2] >> i) & 1);
    }
    env->fpop = w[3] & 0x7ff;
    if (is64) {
        memcpy(&env->fpip, buf + 8, 8);
        memcpy(&env->fpdp, buf + 16, 8);
        env->fpcs = env->fpds = 0;
    } else {
        uint32_t ip, dp;

        memcpy(&ip, buf + 8, 4);
        memcpy(&env->fpcs, buf + 12, 2);
        memcpy(&dp, buf + 16, 4);
        memcpy(&env->fpds, buf + 20, 2);
        env->fpip = ip;
        env->fpdp = dp;
    }
    for (int i = 0; i < 8; i++) {
        X87Reg *r = &env->fpregs[(env->fpstt + i) & 7];

        memset(r, 0, sizeof(*r));
        memcpy(r, buf + 32 + 16 * i, 10);
    }
}

/* MXCSR and MXCSR_MASK: bytes 24-31. */
static void fx_put_mxcsr(const CPUX86State *env, uint8_t *buf)
{
    uint32_t v[2] = {env->mxcsr, MXCSR_SUPPORTED_MASK};

    memcpy(buf + 24, v, 8);
}

/* MXCSR from BUF, #GP(0) for a reserved bit (SDM FXRSTOR, XRSTOR). */
static void fx_get_mxcsr(CPUX86State *env, const uint8_t *buf, uintptr_t ra)
{
    uint32_t v;

    memcpy(&v, buf + 24, 4);
    if (v & ~MXCSR_SUPPORTED_MASK) {
        x86_raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    env->mxcsr = v;
}

static void fx_put_xmm(const CPUX86State *env, uint8_t *buf)
{
    memcpy(buf + 160, env->xmm_regs, 16 * fx_nb_xmm(env));
}

static void fx_get_xmm(CPUX86State *env, const uint8_t *buf)
{
    memcpy(env->xmm_regs, buf + 160, 16 * fx_nb_xmm(env));
}

/* #GP(0) unless ADDR is aligned to ALIGN bytes. */
static void check_align(CPUX86State *env, uint64_t addr, unsigned align,
                        uintptr_t ra)
{
    if (addr & (align - 1)) {
        x86_raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
}

/* -- FXSAVE / FXRSTOR ------------------------------------------------------ */

void helper_fxsave(CPUX86State *env, uint64_t addr, uint32_t desc)
{
    uintptr_t ra = GETPC();
    uint8_t buf[416];
    unsigned n = 160 + 16 * fx_nb_xmm(env);

    check_align(env, addr, 16, ra);
    fx_put_x87(env, buf, fx_is64(env, desc));
    fx_put_mxcsr(env, buf);
    fx_put_xmm(env, buf);
    x87_write_bytes(env, addr, buf, n, ra);
}

void helper_fxrstor(CPUX86State *env, uint64_t addr, uint32_t desc)
{
    uintptr_t ra = GETPC();
    uint8_t buf[416];
    unsigned n = 160 + 16 * fx_nb_xmm(env);

    check_align(env, addr, 16, ra);
    x87_read_bytes(env, addr, buf, n, ra);
    fx_get_mxcsr(env, buf, ra);
    fx_get_x87(env, buf, fx_is64(env, desc));
    fx_get_xmm(env, buf);
}

/* -- XSAVE family ---------------------------------------------------------- */

/* Bits of XINUSE (SDM 13.6): components not in their initial configuration. */
static uint64_t xinuse(const CPUX86State *env)
{
    static const uint8_t zero[16];
    uint64_t in_use = 0;
    bool x87_init = env->fpuc == FPUC_INIT && x87_get_fsw(env) == 0
                    && env->fpop == 0 && env->fpip == 0 && env->fpdp == 0
                    && env->fpcs == 0 && env->fpds == 0;

    for (int i = 0; i < 8 && x87_init; i++) {
        x87_init = env->fptags[i] && memcmp(&env->fpregs[i], zero, 10) == 0;
    }
    in_use |= x87_init ? 0 : XSTATE_X87;
    for (int i = 0; i < fx_nb_xmm(env); i++) {
        if (memcmp(&env->xmm_regs[i], zero, 16) != 0) {
            in_use |= XSTATE_SSE;
            break;
        }
    }
    return in_use;
}

/* The XSAVE family's #UD check: CR4.OSXSAVE (SDM XSAVE, XGETBV). */
static void check_osxsave(CPUX86State *env, uintptr_t ra)
{
    if (!(env->cr[4] & CR4_OSXSAVE_MASK)) {
        x86_raise_exception_ra(env, EXCP06_ILLOP, ra);
    }
}

/* Requested-feature bitmap: XCR0 & EDX:EAX. */
static uint64_t xsave_rfbm(const CPUX86State *env)
{
    return env->xcr0
           & (((env->regs[R_EDX] & 0xffffffffull) << 32)
              | (env->regs[R_EAX] & 0xffffffffull));
}

/*
 * Write the components of MASK into the area at ADDR (legacy region
 * offsets), plus MXCSR when RFBM has SSE.  Each piece is written with its
 * own probe; the area's two ends were probed first by the caller.
 */
static void xsave_components(CPUX86State *env, uint64_t addr, uint64_t mask,
                             uint64_t rfbm, uint32_t desc, uintptr_t ra)
{
    uint8_t buf[416];

    fx_put_x87(env, buf, fx_is64(env, desc));
    fx_put_mxcsr(env, buf);
    fx_put_xmm(env, buf);
    if (mask & XSTATE_X87) {
        x87_write_bytes(env, addr, buf, 24, ra);
        x87_write_bytes(env, addr + 32, buf + 32, 128, ra);
    }
    if (rfbm & XSTATE_SSE) {
        x87_write_bytes(env, addr + 24, buf + 24, 8, ra);
    }
    if (mask & XSTATE_SSE) {
        x87_write_bytes(env, addr + 160, buf + 160, 16 * fx_nb_xmm(env), ra);
    }
}

void helper_xsave(CPUX86State *env, uint64_t addr, uint32_t desc)
{
    uintptr_t ra = GETPC();
    uint64_t rfbm, in_use, bv;
    uint8_t probe = 0;

    check_osxsave(env, ra);
    check_align(env, addr, 64, ra);
    rfbm = xsave_rfbm(env);
    in_use = xinuse(env);
    /* Probe the whole area's ends: a fault must leave memory unchanged. */
    x87_read_bytes(env, addr + XSAVE_HDR + 63, &probe, 1, ra);
    x87_write_bytes(env, addr + XSAVE_HDR + 63, &probe, 1, ra);
    x87_read_bytes(env, addr, &probe, 1, ra);
    x87_write_bytes(env, addr, &probe, 1, ra);
    switch (desc & X86_XSAVE_KIND_MASK) {
    case X86_XSAVE_STANDARD:
        xsave_components(env, addr, rfbm, rfbm, desc, ra);
        x87_read_bytes(env, addr + XSAVE_HDR, &bv, 8, ra);
        bv = (bv & ~rfbm) | (in_use & rfbm);
        x87_write_bytes(env, addr + XSAVE_HDR, &bv, 8, ra);
        break;
    case X86_XSAVE_OPT:
        /* Init optimization: components in their initial state are not
         * written; XSTATE_BV says so. */
        xsave_components(env, addr, rfbm & in_use, rfbm, desc, ra);
        x87_read_bytes(env, addr + XSAVE_HDR, &bv, 8, ra);
        bv = (bv & ~rfbm) | (in_use & rfbm);
        x87_write_bytes(env, addr + XSAVE_HDR, &bv, 8, ra);
        break;
    case X86_XSAVE_COMPACT: {
        uint64_t hdr[2] = {in_use & rfbm, rfbm | XCOMP_BV_COMPACT};

        xsave_components(env, addr, rfbm & in_use, rfbm, desc, ra);
        x87_write_bytes(env, addr + XSAVE_HDR, hdr, 16, ra);
        break;
    }
    }
}

/* Initial configuration of the components in MASK (SDM 13.6). */
static void xstate_init(CPUX86State *env, uint64_t mask)
{
    if (mask & XSTATE_X87) {
        x87_reset(env);
        memset(env->fpregs, 0, sizeof(env->fpregs));
    }
    if (mask & XSTATE_SSE) {
        memset(env->xmm_regs, 0, 16 * fx_nb_xmm(env));
    }
}

void helper_xrstor(CPUX86State *env, uint64_t addr, uint32_t desc)
{
    uintptr_t ra = GETPC();
    uint64_t hdr[8], rfbm, bv;
    uint8_t buf[416];
    bool compact;

    check_osxsave(env, ra);
    check_align(env, addr, 64, ra);
    rfbm = xsave_rfbm(env);
    x87_read_bytes(env, addr + XSAVE_HDR, hdr, sizeof(hdr), ra);
    bv = hdr[0];
    compact = hdr[1] & XCOMP_BV_COMPACT;
    /* SDM XRSTOR: #GP for bits beyond XCR0, a compacted image without
     * XSAVEC, bits of XSTATE_BV not in XCOMP_BV, or reserved header bytes. */
    if ((bv & ~env->xcr0)
        || (compact
            && (!(env->model->features & X86_FEAT_BIT(X86_FEAT_XSAVEC))
                || (hdr[1] & ~XCOMP_BV_COMPACT & ~env->xcr0) || (bv & ~hdr[1])))
        || (!compact && hdr[1]) || hdr[2] || hdr[3] || hdr[4] || hdr[5]
        || hdr[6] || hdr[7]) {
        x86_raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    x87_read_bytes(env, addr, buf, 160 + 16 * fx_nb_xmm(env), ra);
    /* MXCSR: always in the standard form, with the SSE data when
     * compacted (else its initial value). */
    if (rfbm & XSTATE_SSE) {
        if (!compact || (bv & XSTATE_SSE)) {
            fx_get_mxcsr(env, buf, ra);
        } else {
            env->mxcsr = MXCSR_INIT;
        }
    }
    xstate_init(env, rfbm & ~bv);
    if (rfbm & bv & XSTATE_X87) {
        fx_get_x87(env, buf, fx_is64(env, desc));
    }
    if (rfbm & bv & XSTATE_SSE) {
        fx_get_xmm(env, buf);
    }
}

/* -- XGETBV / XSETBV ------------------------------------------------------- */

void helper_xgetbv(CPUX86State *env)
{
    uintptr_t ra = GETPC();

    check_osxsave(env, ra);
    /* Only XCR0 exists (XGETBV with ECX = 1 is not advertised). */
    if ((uint32_t)env->regs[R_ECX] != 0) {
        x86_raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    env->regs[R_EAX] = (uint32_t)env->xcr0;
    env->regs[R_EDX] = (uint32_t)(env->xcr0 >> 32);
}

void helper_xsetbv(CPUX86State *env)
{
    uintptr_t ra = GETPC();
    uint64_t v = ((env->regs[R_EDX] & 0xffffffffull) << 32)
                 | (env->regs[R_EAX] & 0xffffffffull);

    check_osxsave(env, ra);
    /* SDM XSETBV: CPL 0, ECX = 0, x87 always on, only supported bits. */
    if ((env->hflags & HF_CPL_MASK) || (uint32_t)env->regs[R_ECX] != 0
        || !(v & XSTATE_X87) || (v & ~XSTATE_SUPPORTED)) {
        x86_raise_exception_err_ra(env, EXCP0D_GPF, 0, ra);
    }
    env->xcr0 = v;
}
