/*
 * SSE floating point: arithmetic, comparisons, conversions and rounding,
 * computed by the host's own SSE unit under the guest's MXCSR.
 *
 * The host is an x86-64 CPU with the same IEEE formats and the same MXCSR
 * semantics (rounding control, DAZ, FZ, the six exception flags), so each
 * helper runs the very instruction the guest asked for, inside one asm
 * statement that (1) saves the host MXCSR, (2) loads the guest's RC/DAZ/FZ
 * with every exception masked and the flags clear, (3) runs the instruction,
 * (4) reads the flags it raised and (5) restores the host MXCSR.  Keeping
 * all of it in one asm statement is what makes it exact: the compiler
 * cannot move host floating point across the MXCSR switch.
 *
 * Exceptions: the raised flags are ORed into the guest MXCSR.  When one of
 * them is unmasked in the guest, the destination is left unchanged and the
 * helper raises #XM (CR4.OSXMMEXCPT set) or #UD (clear), SDM vol. 1,
 * 11.5.  Deviation: the hardware sets only the pre-computation flags (IE,
 * DE, ZE) when one of those is unmasked; here every flag the masked
 * computation raised is set.
 */
#include "exec/cpu-common.h"
#include "target/i386/helper.h"

#define EXCP13_XF 19 /* SIMD floating-point exception (SDM vol. 3, 6.15) */

/* Any 16-byte vector type, for the asm "x" (XMM register) constraint. */
typedef double HostVec __attribute__((vector_size(16)));

static inline X86XMMReg *vreg(CPUX86State *env, uint32_t ofs)
{
    return (X86XMMReg *)((char *)env + ofs);
}

static inline HostVec to_host(const X86XMMReg *r)
{
    HostVec v;

    __builtin_memcpy(&v, r, 16);
    return v;
}

static inline X86XMMReg from_host(HostVec v)
{
    X86XMMReg r;

    __builtin_memcpy(&r, &v, 16);
    return r;
}

/* The MXCSR the host runs with for ENV: guest RC, DAZ, FZ; all masked. */
static inline uint32_t host_mxcsr(const CPUX86State *env)
{
    return (env->mxcsr & (MXCSR_RC | MXCSR_DAZ | MXCSR_FZ)) | MXCSR_MASKS;
}

/*
 * Run "INSN %src, %dst" (INSN may carry an immediate: "cmpps $3,") on the
 * host with the guest's MXCSR M; evaluates to the exception flags raised.
 */
#define HOST_OP(insn, dst, src, m)                                             \
    ({                                                                         \
        uint32_t fl_, saved_;                                                  \
        uint32_t m_ = (m);                                                     \
        __asm__ volatile("stmxcsr %[sv]\n\t"                                   \
                         "ldmxcsr %[mx]\n\t" insn " %[s], %[d]\n\t"            \
                         "stmxcsr %[fl]\n\t"                                   \
                         "ldmxcsr %[sv]"                                       \
                         : [d] "+x"(dst), [fl] "=m"(fl_), [sv] "=m"(saved_)    \
                         : [s] "x"(src), [mx] "m"(m_));                        \
        fl_ &MXCSR_FLAGS;                                                      \
    })

/*
 * Merge FLAGS into the guest MXCSR; raise #XM/#UD at the instruction of
 * RETADDR if one of them is unmasked (then the caller's result is dropped).
 */
static void fp_flags(CPUX86State *env, uint32_t flags, uintptr_t retaddr)
{
    uint32_t unmasked = flags & ~(env->mxcsr >> 7) & MXCSR_FLAGS;

    env->mxcsr |= flags;
    if (unmasked) {
        x86_raise_exception_ra(
            env, (env->cr[4] & CR4_OSXMMEXCPT_MASK) ? EXCP13_XF : EXCP06_ILLOP,
            retaddr);
    }
}

/* -- Two-operand instructions: dst = dst OP src ---------------------------- */

#define FP_BINARY(name, insn)                                                  \
    void helper_##name(CPUX86State *env, uint32_t dofs, uint32_t sofs,         \
                       uint32_t desc)                                          \
    {                                                                          \
        HostVec a = to_host(vreg(env, dofs)), b = to_host(vreg(env, sofs));    \
                                                                               \
        fp_flags(env, HOST_OP(insn, a, b, host_mxcsr(env)), GETPC());          \
        *vreg(env, dofs) = from_host(a);                                       \
    }

FP_BINARY(addps, "addps")
FP_BINARY(addss, "addss")
FP_BINARY(addpd, "addpd")
FP_BINARY(addsd, "addsd")
FP_BINARY(subps, "subps")
FP_BINARY(subss, "subss")
FP_BINARY(subpd, "subpd")
FP_BINARY(subsd, "subsd")
FP_BINARY(mulps, "mulps")
FP_BINARY(mulss, "mulss")
FP_BINARY(mulpd, "mulpd")
FP_BINARY(mulsd, "mulsd")
FP_BINARY(divps, "divps")
FP_BINARY(divss, "divss")
FP_BINARY(divpd, "divpd")
FP_BINARY(divsd, "divsd")
FP_BINARY(minps, "minps")
FP_BINARY(minss, "minss")
FP_BINARY(minpd, "minpd")
FP_BINARY(minsd, "minsd")
FP_BINARY(maxps, "maxps")
FP_BINARY(maxss, "maxss")
FP_BINARY(maxpd, "maxpd")
FP_BINARY(maxsd, "maxsd")
FP_BINARY(sqrtps, "sqrtps")
FP_BINARY(sqrtss, "sqrtss")
FP_BINARY(sqrtpd, "sqrtpd")
FP_BINARY(sqrtsd, "sqrtsd")
FP_BINARY(rcpps, "rcpps")
FP_BINARY(rcpss, "rcpss")
FP_BINARY(rsqrtps, "rsqrtps")
FP_BINARY(rsqrtss, "rsqrtss")
FP_BINARY(addsubps, "addsubps")
FP_BINARY(addsubpd, "addsubpd")
FP_BINARY(haddps, "haddps")
FP_BINARY(haddpd, "haddpd")
FP_BINARY(hsubps, "hsubps")
FP_BINARY(hsubpd, "hsubpd")
FP_BINARY(cvtps2pd, "cvtps2pd")
FP_BINARY(cvtpd2ps, "cvtpd2ps")
FP_BINARY(cvtss2sd, "cvtss2sd")
FP_BINARY(cvtsd2ss, "cvtsd2ss")
FP_BINARY(cvtdq2ps, "cvtdq2ps")
FP_BINARY(cvtps2dq, "cvtps2dq")
FP_BINARY(cvttps2dq, "cvttps2dq")
FP_BINARY(cvtdq2pd, "cvtdq2pd")
FP_BINARY(cvtpd2dq, "cvtpd2dq")
FP_BINARY(cvttpd2dq, "cvttpd2dq")

/*
 * Conversions between MMX and XMM.  The host's MMX forms would switch the
 * host x87 unit to MMX mode, so the XMM forms run on the low lanes instead:
 * zero lanes convert exactly and raise nothing, so flags and results match.
 */
#define FP_FROM_MMX(name, insn, keep_high)                                     \
    void helper_##name(CPUX86State *env, uint32_t dofs, uint32_t sofs,         \
                       uint32_t desc)                                          \
    {                                                                          \
        X86XMMReg in = {.q = {vreg(env, sofs)->q[0], 0}}, out;                 \
        HostVec a = {0, 0}, b = to_host(&in);                                  \
                                                                               \
        fp_flags(env, HOST_OP(insn, a, b, host_mxcsr(env)), GETPC());          \
        out = from_host(a);                                                    \
        vreg(env, dofs)->q[0] = out.q[0];                                      \
        if (!(keep_high)) {                                                    \
            vreg(env, dofs)->q[1] = out.q[1];                                  \
        }                                                                      \
    }

FP_FROM_MMX(cvtpi2ps, "cvtdq2ps", true)
FP_FROM_MMX(cvtpi2pd, "cvtdq2pd", false)

/* XMM (FULL: all 16 bytes, else the low 8) to an MMX destination. */
#define FP_TO_MMX(name, insn, full)                                            \
    void helper_##name(CPUX86State *env, uint32_t dofs, uint32_t sofs,         \
                       uint32_t desc)                                          \
    {                                                                          \
        const X86XMMReg *s = vreg(env, sofs);                                  \
        X86XMMReg in = {.q = {s->q[0], (full) ? s->q[1] : 0}};                 \
        HostVec a = {0, 0}, b = to_host(&in);                                  \
                                                                               \
        fp_flags(env, HOST_OP(insn, a, b, host_mxcsr(env)), GETPC());          \
        vreg(env, dofs)->q[0] = from_host(a).q[0];                             \
    }

FP_TO_MMX(cvtps2pi, "cvtps2dq", false)
FP_TO_MMX(cvttps2pi, "cvttps2dq", false)
FP_TO_MMX(cvtpd2pi, "cvtpd2dq", true)
FP_TO_MMX(cvttpd2pi, "cvttpd2dq", true)

/* -- Immediate forms: one host instruction per imm8 value ------------------ */

#define IMM_CASE(insn, n)                                                      \
    case n:                                                                    \
        fl = HOST_OP(insn " $" #n ",", a, b, mx);                              \
        break;

/* clang-format does not settle on a layout for these lists. */
/* clang-format off */
#define IMM_CASES8(insn)                                                       \
    IMM_CASE(insn, 0) IMM_CASE(insn, 1) IMM_CASE(insn, 2) IMM_CASE(insn, 3)    \
    IMM_CASE(insn, 4) IMM_CASE(insn, 5) IMM_CASE(insn, 6) IMM_CASE(insn, 7)
#define IMM_CASES16(insn)                                                      \
    IMM_CASES8(insn)                                                           \
    IMM_CASE(insn, 8) IMM_CASE(insn, 9) IMM_CASE(insn, 10) IMM_CASE(insn, 11)  \
    IMM_CASE(insn, 12) IMM_CASE(insn, 13) IMM_CASE(insn, 14) IMM_CASE(insn, 15)
/* clang-format on */

/* CMPxx: predicates 0-7 (imm8[2:0]; the legacy encodings ignore the rest).
 * ROUNDxx: imm8[3:0] (the rest is reserved and ignored). */
#define FP_IMM(name, insn, mask, cases)                                        \
    void helper_##name(CPUX86State *env, uint32_t dofs, uint32_t sofs,         \
                       uint32_t desc)                                          \
    {                                                                          \
        HostVec a = to_host(vreg(env, dofs)), b = to_host(vreg(env, sofs));    \
        uint32_t mx = host_mxcsr(env), fl = 0;                                 \
                                                                               \
        switch (SSE_DESC_IMM(desc) & (mask)) {                                 \
            cases(insn)                                                        \
        }                                                                      \
        fp_flags(env, fl, GETPC());                                            \
        *vreg(env, dofs) = from_host(a);                                       \
    }

FP_IMM(cmpps, "cmpps", 7, IMM_CASES8)
FP_IMM(cmpss, "cmpss", 7, IMM_CASES8)
FP_IMM(cmppd, "cmppd", 7, IMM_CASES8)
FP_IMM(cmpsd, "cmpsd", 7, IMM_CASES8)
FP_IMM(roundps, "roundps", 15, IMM_CASES16)
FP_IMM(roundpd, "roundpd", 15, IMM_CASES16)
FP_IMM(roundss, "roundss", 15, IMM_CASES16)
FP_IMM(roundsd, "roundsd", 15, IMM_CASES16)

/* -- COMIS/UCOMIS: ZF, PF, CF; OF, SF, AF cleared -------------------------- */

#define FP_COMI(name, insn)                                                    \
    uint64_t helper_##name(CPUX86State *env, uint32_t dofs, uint32_t sofs,     \
                           uint32_t desc)                                      \
    {                                                                          \
        HostVec a = to_host(vreg(env, dofs)), b = to_host(vreg(env, sofs));    \
        uint32_t fl, saved, mx = host_mxcsr(env);                              \
        uint8_t z, p, c;                                                       \
                                                                               \
        __asm__ volatile("stmxcsr %[sv]\n\t"                                   \
                         "ldmxcsr %[mx]\n\t" insn " %[s], %[d]\n\t"            \
                         "setz %[z]\n\t"                                       \
                         "setp %[p]\n\t"                                       \
                         "setc %[c]\n\t"                                       \
                         "stmxcsr %[fl]\n\t"                                   \
                         "ldmxcsr %[sv]"                                       \
                         : [fl] "=m"(fl), [sv] "=m"(saved), [z] "=q"(z),       \
                           [p] "=q"(p), [c] "=q"(c)                            \
                         : [d] "x"(a), [s] "x"(b), [mx] "m"(mx)                \
                         : "cc");                                              \
        fp_flags(env, fl &MXCSR_FLAGS, GETPC());                               \
        return (z ? CC_Z : 0) | (p ? CC_P : 0) | (c ? CC_C : 0);               \
    }

FP_COMI(comiss, "comiss")
FP_COMI(ucomiss, "ucomiss")
FP_COMI(comisd, "comisd")
FP_COMI(ucomisd, "ucomisd")

/* -- Conversions with general registers ------------------------------------ */

/* CVTSI2SS/SD: VAL is the r/m32 (zero-extended) or r/m64 (REX.W). */
#define FP_FROM_GPR(name, insn)                                                \
    void helper_##name(CPUX86State *env, uint32_t dofs, uint64_t val,          \
                       uint32_t desc)                                          \
    {                                                                          \
        HostVec a = to_host(vreg(env, dofs));                                  \
        uint32_t fl, saved, mx = host_mxcsr(env);                              \
        int32_t v32 = (int32_t)val;                                            \
        int64_t v64 = (int64_t)val;                                            \
                                                                               \
        if (SSE_DESC_REXW(desc)) {                                             \
            __asm__ volatile("stmxcsr %[sv]\n\t"                               \
                             "ldmxcsr %[mx]\n\t" insn "q %[s], %[d]\n\t"       \
                             "stmxcsr %[fl]\n\t"                               \
                             "ldmxcsr %[sv]"                                   \
                             : [d] "+x"(a), [fl] "=m"(fl), [sv] "=m"(saved)    \
                             : [s] "r"(v64), [mx] "m"(mx));                    \
        } else {                                                               \
            __asm__ volatile("stmxcsr %[sv]\n\t"                               \
                             "ldmxcsr %[mx]\n\t" insn "l %[s], %[d]\n\t"       \
                             "stmxcsr %[fl]\n\t"                               \
                             "ldmxcsr %[sv]"                                   \
                             : [d] "+x"(a), [fl] "=m"(fl), [sv] "=m"(saved)    \
                             : [s] "r"(v32), [mx] "m"(mx));                    \
        }                                                                      \
        fp_flags(env, fl &MXCSR_FLAGS, GETPC());                               \
        *vreg(env, dofs) = from_host(a);                                       \
    }

FP_FROM_GPR(cvtsi2ss, "cvtsi2ss")
FP_FROM_GPR(cvtsi2sd, "cvtsi2sd")

/* CVT(T)SS2SI / CVT(T)SD2SI: the result for a 32- or 64-bit register
 * (REX.W); out of range is the "integer indefinite" 0x80000000(...). */
#define FP_TO_GPR(name, insn)                                                  \
    uint64_t helper_##name(CPUX86State *env, uint32_t dofs, uint32_t sofs,     \
                           uint32_t desc)                                      \
    {                                                                          \
        HostVec b = to_host(vreg(env, sofs));                                  \
        uint32_t fl, saved, mx = host_mxcsr(env);                              \
        uint64_t r64;                                                          \
        uint32_t r32;                                                          \
                                                                               \
        if (SSE_DESC_REXW(desc)) {                                             \
            __asm__ volatile("stmxcsr %[sv]\n\t"                               \
                             "ldmxcsr %[mx]\n\t" insn " %[s], %q[d]\n\t"       \
                             "stmxcsr %[fl]\n\t"                               \
                             "ldmxcsr %[sv]"                                   \
                             : [d] "=r"(r64), [fl] "=m"(fl), [sv] "=m"(saved)  \
                             : [s] "x"(b), [mx] "m"(mx));                      \
        } else {                                                               \
            __asm__ volatile("stmxcsr %[sv]\n\t"                               \
                             "ldmxcsr %[mx]\n\t" insn " %[s], %k[d]\n\t"       \
                             "stmxcsr %[fl]\n\t"                               \
                             "ldmxcsr %[sv]"                                   \
                             : [d] "=r"(r32), [fl] "=m"(fl), [sv] "=m"(saved)  \
                             : [s] "x"(b), [mx] "m"(mx));                      \
            r64 = r32;                                                         \
        }                                                                      \
        fp_flags(env, fl &MXCSR_FLAGS, GETPC());                               \
        return r64;                                                            \
    }

FP_TO_GPR(cvtss2si, "cvtss2si")
FP_TO_GPR(cvttss2si, "cvttss2si")
FP_TO_GPR(cvtsd2si, "cvtsd2si")
FP_TO_GPR(cvttsd2si, "cvttsd2si")

/* -- Dot products (SSE4.1) ------------------------------------------------- */

/* Scalar A + B (single or double lane 0) under MX; ORs the flags into *FL. */
static uint64_t dp_add(uint64_t a, uint64_t b, bool dbl, uint32_t mx,
                       uint32_t *fl)
{
    X86XMMReg x = {.q = {a}}, y = {.q = {b}};
    HostVec va = to_host(&x), vb = to_host(&y);

    *fl |= dbl ? HOST_OP("addsd", va, vb, mx) : HOST_OP("addss", va, vb, mx);
    return from_host(va).q[0];
}

/*
 * DPPS: the products selected by imm8[7:4] (the others +0.0), summed with
 * a rounding per add (SDM DPPS), written to the lanes of imm8[3:0] (the
 * others +0.0).  Masked lanes are zeroed in both inputs so their product is
 * an exact +0.0 that raises nothing.  Observed on Intel hardware (the
 * differential test): output lane i sums (p[i^1] + p[i]) + (p[i^3] +
 * p[i^2]), so with several NaN products each lane may carry a different
 * NaN, and the sums are computed (and raise flags) even for lanes imm8[3:0]
 * leaves out; this does the same.
 */
void helper_dpps(CPUX86State *env, uint32_t dofs, uint32_t sofs, uint32_t desc)
{
    X86XMMReg x = *vreg(env, dofs), y = *vreg(env, sofs), p, r = {{0}};
    unsigned imm = SSE_DESC_IMM(desc);
    uint32_t mx = host_mxcsr(env), fl;
    HostVec a, b;

    for (int i = 0; i < 4; i++) {
        if (!(imm >> (4 + i) & 1)) {
            x.l[i] = y.l[i] = 0;
        }
    }
    a = to_host(&x);
    b = to_host(&y);
    fl = HOST_OP("mulps", a, b, mx);
    p = from_host(a);
    for (int i = 0; i < 4; i++) {
        uint64_t lo = dp_add(p.l[i ^ 1], p.l[i], false, mx, &fl);
        uint64_t hi = dp_add(p.l[i ^ 3], p.l[i ^ 2], false, mx, &fl);
        uint32_t sum = (uint32_t)dp_add(lo, hi, false, mx, &fl);

        r.l[i] = (imm >> i & 1) ? sum : 0;
    }
    fp_flags(env, fl, GETPC());
    *vreg(env, dofs) = r;
}

/* DPPD: as DPPS with two lanes: imm8[5:4] select products, [1:0] lanes;
 * output lane i sums p[i] + p[i^1] (observed, as for DPPS). */
void helper_dppd(CPUX86State *env, uint32_t dofs, uint32_t sofs, uint32_t desc)
{
    X86XMMReg x = *vreg(env, dofs), y = *vreg(env, sofs), p, r = {{0}};
    unsigned imm = SSE_DESC_IMM(desc);
    uint32_t mx = host_mxcsr(env), fl;
    HostVec a, b;

    for (int i = 0; i < 2; i++) {
        if (!(imm >> (4 + i) & 1)) {
            x.q[i] = y.q[i] = 0;
        }
    }
    a = to_host(&x);
    b = to_host(&y);
    fl = HOST_OP("mulpd", a, b, mx);
    p = from_host(a);
    for (int i = 0; i < 2; i++) {
        uint64_t sum = dp_add(p.q[i], p.q[i ^ 1], true, mx, &fl);

        r.q[i] = (imm >> i & 1) ? sum : 0;
    }
    fp_flags(env, fl, GETPC());
    *vreg(env, dofs) = r;
}

/* -- MXCSR ----------------------------------------------------------------- */

/* LDMXCSR: VAL is the loaded dword; reserved bits set are #GP(0). */
void helper_ldmxcsr(CPUX86State *env, uint32_t dofs, uint64_t val,
                    uint32_t desc)
{
    if (val & ~(uint64_t)MXCSR_SUPPORTED_MASK) {
        x86_raise_exception_err_ra(env, EXCP0D_GPF, 0, GETPC());
    }
    env->mxcsr = (uint32_t)val;
}
