/*
 * MMX and SSE helpers without floating point: integer arithmetic, logic,
 * shifts, packing, shuffles, blends, SSSE3 and SSE4.1 integer forms.
 *
 * Called from generated code (emit-sse.c) with env offsets of the operands
 * (sse-helper.def): DOFS is the destination register (also the first
 * source), SOFS the source, which is a register or xmm_t0 holding a memory
 * operand.  MMX registers are 8 bytes (fpregs[i].mmx, 16-byte aligned
 * slots), XMM registers 16; SSE_DESC_WIDTH(desc) says which.  DOFS and SOFS
 * may name the same register: every helper reads its sources before the
 * first write, or builds the result in a local.
 *
 * These helpers never raise and never touch a TCG global; the MMX state
 * transition (TOP = 0, tags valid, exponent all ones) is the emitter's.
 */
#include <string.h>

#include "exec/cpu-common.h"
#include "exec/exec-all.h"
#include "target/i386/helper.h"

/* The vector register (or xmm_t0) at env offset OFS. */
static inline X86XMMReg *vreg(CPUX86State *env, uint32_t ofs)
{
    return (X86XMMReg *)((char *)env + ofs);
}

#define HELPER_VV(name)                                                        \
    void helper_##name(CPUX86State *env, uint32_t dofs, uint32_t sofs,         \
                       uint32_t desc)
#define HELPER_RV(name)                                                        \
    uint64_t helper_##name(CPUX86State *env, uint32_t dofs, uint32_t sofs,     \
                           uint32_t desc)

static inline int8_t sat_s8(int v)
{
    return v > 127 ? 127 : v < -128 ? -128 : v;
}
static inline uint8_t sat_u8(int v)
{
    return v > 255 ? 255 : v < 0 ? 0 : v;
}
static inline int16_t sat_s16(int v)
{
    return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}
static inline uint16_t sat_u16(int v)
{
    return v > 65535 ? 65535 : v < 0 ? 0 : v;
}

/* -- Lane-wise operations -------------------------------------------------- */

/*
 * name: for each lane i of type T (unsigned view FIELD), d[i] = EXPR where
 * a is the destination lane and b the source lane, both converted to T.
 */
#define LANEWISE(name, field, T, expr)                                         \
    HELPER_VV(name)                                                            \
    {                                                                          \
        X86XMMReg *d = vreg(env, dofs);                                        \
        const X86XMMReg *s = vreg(env, sofs);                                  \
        unsigned n = SSE_DESC_WIDTH(desc) / sizeof(d->field[0]);               \
                                                                               \
        for (unsigned i = 0; i < n; i++) {                                     \
            T a = (T)d->field[i], b = (T)s->field[i];                          \
                                                                               \
            d->field[i] = (expr);                                              \
        }                                                                      \
    }

LANEWISE(paddb, b, uint8_t, a + b)
LANEWISE(paddw, w, uint16_t, a + b)
LANEWISE(paddd, l, uint32_t, a + b)
LANEWISE(paddq, q, uint64_t, a + b)
LANEWISE(psubb, b, uint8_t, a - b)
LANEWISE(psubw, w, uint16_t, a - b)
LANEWISE(psubd, l, uint32_t, a - b)
LANEWISE(psubq, q, uint64_t, a - b)
LANEWISE(paddsb, b, int8_t, sat_s8(a + b))
LANEWISE(paddsw, w, int16_t, sat_s16(a + b))
LANEWISE(paddusb, b, uint8_t, sat_u8(a + b))
LANEWISE(paddusw, w, uint16_t, sat_u16(a + b))
LANEWISE(psubsb, b, int8_t, sat_s8(a - b))
LANEWISE(psubsw, w, int16_t, sat_s16(a - b))
LANEWISE(psubusb, b, uint8_t, sat_u8(a - b))
LANEWISE(psubusw, w, uint16_t, sat_u16(a - b))
LANEWISE(pmullw, w, int16_t, (uint16_t)(a *b))
LANEWISE(pmulhw, w, int16_t, (uint16_t)((a * b) >> 16))
LANEWISE(pmulhuw, w, uint16_t, (uint16_t)(((uint32_t)a * b) >> 16))
LANEWISE(pmuludq, q, uint64_t, (a & 0xffffffffu) * (b & 0xffffffffu))
LANEWISE(pmuldq, q, uint64_t, (uint64_t)((int64_t)(int32_t)a *(int32_t)b))
LANEWISE(pmulld, l, uint32_t, a *b)
LANEWISE(pavgb, b, uint8_t, (a + b + 1) >> 1)
LANEWISE(pavgw, w, uint16_t, (a + b + 1) >> 1)
LANEWISE(pminub, b, uint8_t, a < b ? a : b)
LANEWISE(pmaxub, b, uint8_t, a > b ? a : b)
LANEWISE(pminsw, w, int16_t, a < b ? a : b)
LANEWISE(pmaxsw, w, int16_t, a > b ? a : b)
LANEWISE(pminsb, b, int8_t, a < b ? a : b)
LANEWISE(pmaxsb, b, int8_t, a > b ? a : b)
LANEWISE(pminsd, l, int32_t, a < b ? a : b)
LANEWISE(pmaxsd, l, int32_t, a > b ? a : b)
LANEWISE(pminuw, w, uint16_t, a < b ? a : b)
LANEWISE(pmaxuw, w, uint16_t, a > b ? a : b)
LANEWISE(pminud, l, uint32_t, a < b ? a : b)
LANEWISE(pmaxud, l, uint32_t, a > b ? a : b)
LANEWISE(pcmpeqb, b, uint8_t, a == b ? 0xff : 0)
LANEWISE(pcmpeqw, w, uint16_t, a == b ? 0xffff : 0)
LANEWISE(pcmpeqd, l, uint32_t, a == b ? ~0u : 0)
LANEWISE(pcmpeqq, q, uint64_t, a == b ? ~0ull : 0)
LANEWISE(pcmpgtb, b, int8_t, a > b ? 0xff : 0)
LANEWISE(pcmpgtw, w, int16_t, a > b ? 0xffff : 0)
LANEWISE(pcmpgtd, l, int32_t, a > b ? ~0u : 0)
LANEWISE(pcmpgtq, q, int64_t, a > b ? ~0ull : 0)
LANEWISE(pand, q, uint64_t, a &b)
LANEWISE(pandn, q, uint64_t, ~a &b)
LANEWISE(por, q, uint64_t, a | b)
LANEWISE(pxor, q, uint64_t, a ^ b)
/* SSSE3: PSIGN negates, zeroes or keeps by the source's sign. */
LANEWISE(psignb, b, int8_t, (uint8_t)(b < 0 ? -a : b == 0 ? 0 : a))
LANEWISE(psignw, w, int16_t, (uint16_t)(b < 0 ? -a : b == 0 ? 0 : a))
LANEWISE(psignd, l, int32_t, b < 0 ? -(uint32_t)a : b == 0 ? 0 : (uint32_t)a)
LANEWISE(pmulhrsw, w, int16_t, (uint16_t)((((a * b) >> 14) + 1) >> 1))

/* d[i] = EXPR of the source lane b alone. */
#define LANEWISE_UNARY(name, field, T, expr)                                   \
    HELPER_VV(name)                                                            \
    {                                                                          \
        X86XMMReg *d = vreg(env, dofs);                                        \
        const X86XMMReg *s = vreg(env, sofs);                                  \
        unsigned n = SSE_DESC_WIDTH(desc) / sizeof(d->field[0]);               \
                                                                               \
        for (unsigned i = 0; i < n; i++) {                                     \
            T b = (T)s->field[i];                                              \
                                                                               \
            d->field[i] = (expr);                                              \
        }                                                                      \
    }

LANEWISE_UNARY(pabsb, b, int8_t, (uint8_t)(b < 0 ? -b : b))
LANEWISE_UNARY(pabsw, w, int16_t, (uint16_t)(b < 0 ? -b : b))
LANEWISE_UNARY(pabsd, l, int32_t, b < 0 ? -(uint32_t)b : (uint32_t)b)
HELPER_VV(pmaddwd)
{
    X86XMMReg *d = vreg(env, dofs);
    const X86XMMReg *s = vreg(env, sofs);
    unsigned n = SSE_DESC_WIDTH(desc) / 4;

    for (unsigned i = 0; i < n; i++) {
        /* -32768 * -32768 * 2 wraps to 0x80000000, as the hardware does. */
        uint32_t lo = (uint32_t)((int16_t)d->w[2 * i] * (int16_t)s->w[2 * i]);
        uint32_t hi =
            (uint32_t)((int16_t)d->w[2 * i + 1] * (int16_t)s->w[2 * i + 1]);

        d->l[i] = lo + hi;
    }
}

HELPER_VV(pmaddubsw)
{
    X86XMMReg *d = vreg(env, dofs);
    const X86XMMReg *s = vreg(env, sofs);
    unsigned n = SSE_DESC_WIDTH(desc) / 2;

    for (unsigned i = 0; i < n; i++) {
        int v = d->b[2 * i] * (int8_t)s->b[2 * i]
                + d->b[2 * i + 1] * (int8_t)s->b[2 * i + 1];

        d->w[i] = sat_s16(v);
    }
}

HELPER_VV(psadbw)
{
    X86XMMReg *d = vreg(env, dofs);
    const X86XMMReg *s = vreg(env, sofs);
    unsigned n = SSE_DESC_WIDTH(desc) / 8;

    for (unsigned i = 0; i < n; i++) {
        unsigned sum = 0;

        for (int j = 0; j < 8; j++) {
            int a = d->b[8 * i + j], b = s->b[8 * i + j];

            sum += a > b ? a - b : b - a;
        }
        d->q[i] = sum;
    }
}

/* -- Shifts ---------------------------------------------------------------- */

/* COUNT bits right/left per lane; counts past the lane width give 0 (or
 * the sign for arithmetic shifts), SDM PSRLW/PSRAW/PSLLW. */
#define SHIFTS(name, field, bits)                                              \
    static void shift_##name(X86XMMReg *d, unsigned width, uint64_t count)     \
    {                                                                          \
        unsigned n = width / sizeof(d->field[0]);                              \
                                                                               \
        for (unsigned i = 0; i < n; i++) {                                     \
            d->field[i] = shift_##name##_lane(d->field[i], count);             \
        }                                                                      \
    }                                                                          \
    HELPER_VV(name)                                                            \
    {                                                                          \
        shift_##name(vreg(env, dofs), SSE_DESC_WIDTH(desc),                    \
                     vreg(env, sofs)->q[0]);                                   \
    }                                                                          \
    HELPER_VV(name##_i)                                                        \
    {                                                                          \
        shift_##name(vreg(env, dofs), SSE_DESC_WIDTH(desc),                    \
                     SSE_DESC_IMM(desc));                                      \
    }

#define LANE_SHIFTS(bits, T, ST)                                               \
    static inline T shift_psrl##bits##_lane(T v, uint64_t c)                   \
    {                                                                          \
        return c >= 8 * sizeof(T) ? 0 : (T)(v >> c);                           \
    }                                                                          \
    static inline T shift_psll##bits##_lane(T v, uint64_t c)                   \
    {                                                                          \
        return c >= 8 * sizeof(T) ? 0 : (T)(v << c);                           \
    }                                                                          \
    static inline T shift_psra##bits##_lane(T v, uint64_t c)                   \
    {                                                                          \
        unsigned max = 8 * sizeof(T) - 1;                                      \
                                                                               \
        return (T)((ST)v >> (c > max ? max : c));                              \
    }

LANE_SHIFTS(w, uint16_t, int16_t)
LANE_SHIFTS(d, uint32_t, int32_t)
LANE_SHIFTS(q, uint64_t, int64_t)

SHIFTS(psrlw, w, 16)
SHIFTS(psrld, l, 32)
SHIFTS(psrlq, q, 64)
SHIFTS(psraw, w, 16)
SHIFTS(psrad, l, 32)
SHIFTS(psllw, w, 16)
SHIFTS(pslld, l, 32)
SHIFTS(psllq, q, 64)

HELPER_VV(psrldq)
{
    X86XMMReg *d = vreg(env, dofs);
    unsigned c = SSE_DESC_IMM(desc);
    X86XMMReg r = {{0}};

    for (unsigned i = 0; c < 16 && i + c < 16; i++) {
        r.b[i] = d->b[i + c];
    }
    *d = r;
}

HELPER_VV(pslldq)
{
    X86XMMReg *d = vreg(env, dofs);
    unsigned c = SSE_DESC_IMM(desc);
    X86XMMReg r = {{0}};

    for (unsigned i = c; i < 16; i++) {
        r.b[i] = d->b[i - c];
    }
    *d = r;
}

HELPER_VV(palignr)
{
    X86XMMReg *d = vreg(env, dofs);
    const X86XMMReg *s = vreg(env, sofs);
    unsigned w = SSE_DESC_WIDTH(desc), c = SSE_DESC_IMM(desc);
    uint8_t cat[32];
    X86XMMReg r = {{0}};

    /* dest:src concatenated (src low), shifted right by imm8 bytes. */
    memcpy(cat, s->b, w);
    memcpy(cat + w, d->b, w);
    for (unsigned i = 0; i < w; i++) {
        r.b[i] = i + c < 2 * w ? cat[i + c] : 0;
    }
    memcpy(d->b, r.b, w);
}

/* -- Packing and unpacking ------------------------------------------------- */

#define PACK(name, sfield, ST, dfield, sat)                                    \
    HELPER_VV(name)                                                            \
    {                                                                          \
        X86XMMReg *d = vreg(env, dofs);                                        \
        const X86XMMReg *s = vreg(env, sofs);                                  \
        unsigned n = SSE_DESC_WIDTH(desc) / sizeof(d->sfield[0]);              \
        X86XMMReg r = {{0}};                                                   \
                                                                               \
        for (unsigned i = 0; i < n; i++) {                                     \
            r.dfield[i] = sat((ST)d->sfield[i]);                               \
            r.dfield[i + n] = sat((ST)s->sfield[i]);                           \
        }                                                                      \
        memcpy(d, &r, SSE_DESC_WIDTH(desc));                                   \
    }

static inline uint16_t sat_u16_of32(int32_t v)
{
    return v > 65535 ? 65535 : v < 0 ? 0 : (uint16_t)v;
}
static inline int16_t sat_s16_of32(int32_t v)
{
    return v > 32767 ? 32767 : v < -32768 ? -32768 : (int16_t)v;
}

PACK(packsswb, w, int16_t, b, sat_s8)
PACK(packuswb, w, int16_t, b, sat_u8)
PACK(packssdw, l, int32_t, w, sat_s16_of32)
PACK(packusdw, l, int32_t, w, sat_u16_of32)

/* Interleave the low (HIGH false) or high halves of d and s, by lanes of FIELD.
 */
#define UNPACK(name, field, high)                                              \
    HELPER_VV(name)                                                            \
    {                                                                          \
        X86XMMReg *d = vreg(env, dofs);                                        \
        const X86XMMReg *s = vreg(env, sofs);                                  \
        unsigned n = SSE_DESC_WIDTH(desc) / sizeof(d->field[0]) / 2;           \
        unsigned base = (high) ? n : 0;                                        \
        X86XMMReg r = {{0}};                                                   \
                                                                               \
        for (unsigned i = 0; i < n; i++) {                                     \
            r.field[2 * i] = d->field[base + i];                               \
            r.field[2 * i + 1] = s->field[base + i];                           \
        }                                                                      \
        memcpy(d, &r, SSE_DESC_WIDTH(desc));                                   \
    }

UNPACK(punpcklbw, b, false)
UNPACK(punpcklwd, w, false)
UNPACK(punpckldq, l, false)
UNPACK(punpcklqdq, q, false)
UNPACK(punpckhbw, b, true)
UNPACK(punpckhwd, w, true)
UNPACK(punpckhdq, l, true)
UNPACK(punpckhqdq, q, true)
UNPACK(unpcklps, l, false)
UNPACK(unpckhps, l, true)

/* -- Shuffles -------------------------------------------------------------- */

HELPER_VV(pshufw)
{
    X86XMMReg *d = vreg(env, dofs);
    const X86XMMReg *s = vreg(env, sofs);
    unsigned imm = SSE_DESC_IMM(desc);
    uint16_t r[4];

    for (int i = 0; i < 4; i++) {
        r[i] = s->w[(imm >> (2 * i)) & 3];
    }
    memcpy(d->w, r, 8);
}

HELPER_VV(pshufd)
{
    X86XMMReg *d = vreg(env, dofs);
    const X86XMMReg *s = vreg(env, sofs);
    unsigned imm = SSE_DESC_IMM(desc);
    X86XMMReg r;

    for (int i = 0; i < 4; i++) {
        r.l[i] = s->l[(imm >> (2 * i)) & 3];
    }
    *d = r;
}

HELPER_VV(pshuflw)
{
    X86XMMReg *d = vreg(env, dofs);
    const X86XMMReg *s = vreg(env, sofs);
    unsigned imm = SSE_DESC_IMM(desc);
    X86XMMReg r = *s;

    for (int i = 0; i < 4; i++) {
        r.w[i] = s->w[(imm >> (2 * i)) & 3];
    }
    *d = r;
}

HELPER_VV(pshufhw)
{
    X86XMMReg *d = vreg(env, dofs);
    const X86XMMReg *s = vreg(env, sofs);
    unsigned imm = SSE_DESC_IMM(desc);
    X86XMMReg r = *s;

    for (int i = 0; i < 4; i++) {
        r.w[4 + i] = s->w[4 + ((imm >> (2 * i)) & 3)];
    }
    *d = r;
}

HELPER_VV(shufps)
{
    X86XMMReg *d = vreg(env, dofs);
    const X86XMMReg *s = vreg(env, sofs);
    unsigned imm = SSE_DESC_IMM(desc);
    X86XMMReg r;

    r.l[0] = d->l[imm & 3];
    r.l[1] = d->l[(imm >> 2) & 3];
    r.l[2] = s->l[(imm >> 4) & 3];
    r.l[3] = s->l[(imm >> 6) & 3];
    *d = r;
}

HELPER_VV(shufpd)
{
    X86XMMReg *d = vreg(env, dofs);
    const X86XMMReg *s = vreg(env, sofs);
    unsigned imm = SSE_DESC_IMM(desc);
    X86XMMReg r;

    r.q[0] = d->q[imm & 1];
    r.q[1] = s->q[(imm >> 1) & 1];
    *d = r;
}

HELPER_VV(pshufb)
{
    X86XMMReg *d = vreg(env, dofs);
    const X86XMMReg *s = vreg(env, sofs);
    unsigned w = SSE_DESC_WIDTH(desc);
    X86XMMReg r = {{0}};

    for (unsigned i = 0; i < w; i++) {
        uint8_t sel = s->b[i];

        r.b[i] = (sel & 0x80) ? 0 : d->b[sel & (w - 1)];
    }
    memcpy(d, &r, w);
}

/* -- Horizontal add/subtract (SSSE3) --------------------------------------- */

/* Pairs of d then pairs of s: r[i] = OP(x[2i], x[2i+1]). */
#define HORIZONTAL(name, field, T, expr)                                       \
    HELPER_VV(name)                                                            \
    {                                                                          \
        X86XMMReg *d = vreg(env, dofs);                                        \
        const X86XMMReg *s = vreg(env, sofs);                                  \
        unsigned n = SSE_DESC_WIDTH(desc) / sizeof(d->field[0]) / 2;           \
        X86XMMReg r = {{0}};                                                   \
                                                                               \
        for (unsigned i = 0; i < n; i++) {                                     \
            T a = (T)d->field[2 * i], b = (T)d->field[2 * i + 1];              \
                                                                               \
            r.field[i] = (expr);                                               \
            a = (T)s->field[2 * i];                                            \
            b = (T)s->field[2 * i + 1];                                        \
            r.field[n + i] = (expr);                                           \
        }                                                                      \
        memcpy(d, &r, SSE_DESC_WIDTH(desc));                                   \
    }

HORIZONTAL(phaddw, w, uint16_t, (uint16_t)(a + b))
HORIZONTAL(phaddd, l, uint32_t, a + b)
HORIZONTAL(phaddsw, w, int16_t, (uint16_t)sat_s16(a + b))
HORIZONTAL(phsubw, w, uint16_t, (uint16_t)(a - b))
HORIZONTAL(phsubd, l, uint32_t, a - b)
HORIZONTAL(phsubsw, w, int16_t, (uint16_t)sat_s16(a - b))

/* -- Masks ----------------------------------------------------------------- */

HELPER_RV(movmskps)
{
    const X86XMMReg *s = vreg(env, sofs);
    uint64_t r = 0;

    for (int i = 0; i < 4; i++) {
        r |= (uint64_t)(s->l[i] >> 31) << i;
    }
    return r;
}

HELPER_RV(movmskpd)
{
    const X86XMMReg *s = vreg(env, sofs);

    return (s->q[0] >> 63) | ((s->q[1] >> 63) << 1);
}

HELPER_RV(pmovmskb)
{
    const X86XMMReg *s = vreg(env, sofs);
    uint64_t r = 0;

    for (unsigned i = 0; i < SSE_DESC_WIDTH(desc); i++) {
        r |= (uint64_t)(s->b[i] >> 7) << i;
    }
    return r;
}

/*
 * MASKMOVQ/MASKMOVDQU: bytes of the register at DOFS whose byte in the mask
 * register (env offset in desc bits 16-31) has bit 7 set are stored at the
 * linear address VAL (DS:rDI, already formed); desc bits 0-7 the width,
 * 8-15 the MMU index.  Stores byte by byte: a fault part-way leaves the
 * earlier bytes written, which the SDM allows (non-temporal, no ordering).
 */
void helper_maskmov(CPUX86State *env, uint32_t dofs, uint64_t val,
                    uint32_t desc)
{
    const X86XMMReg *data = vreg(env, dofs);
    const X86XMMReg *mask = vreg(env, desc >> 16);
    unsigned width = desc & 0xff, mmu_idx = (desc >> 8) & 0xff;

    for (unsigned i = 0; i < width; i++) {
        if (mask->b[i] & 0x80) {
            cpu_st_mmu(env_cpu(env), val + i, data->b[i], 1, mmu_idx, GETPC());
        }
    }
}

/* -- SSE4.1 blends, tests, extensions -------------------------------------- */

HELPER_VV(pblendvb)
{
    X86XMMReg *d = vreg(env, dofs);
    const X86XMMReg *s = vreg(env, sofs);
    const X86XMMReg *m = &env->xmm_regs[0];

    for (int i = 0; i < 16; i++) {
        d->b[i] = (m->b[i] & 0x80) ? s->b[i] : d->b[i];
    }
}

HELPER_VV(blendvps)
{
    X86XMMReg *d = vreg(env, dofs);
    const X86XMMReg *s = vreg(env, sofs);
    const X86XMMReg *m = &env->xmm_regs[0];

    for (int i = 0; i < 4; i++) {
        d->l[i] = (m->l[i] >> 31) ? s->l[i] : d->l[i];
    }
}

HELPER_VV(blendvpd)
{
    X86XMMReg *d = vreg(env, dofs);
    const X86XMMReg *s = vreg(env, sofs);
    const X86XMMReg *m = &env->xmm_regs[0];

    for (int i = 0; i < 2; i++) {
        d->q[i] = (m->q[i] >> 63) ? s->q[i] : d->q[i];
    }
}

HELPER_VV(blendps)
{
    X86XMMReg *d = vreg(env, dofs);
    const X86XMMReg *s = vreg(env, sofs);

    for (int i = 0; i < 4; i++) {
        d->l[i] = (desc >> i & 1) ? s->l[i] : d->l[i];
    }
}

HELPER_VV(blendpd)
{
    X86XMMReg *d = vreg(env, dofs);
    const X86XMMReg *s = vreg(env, sofs);

    for (int i = 0; i < 2; i++) {
        d->q[i] = (desc >> i & 1) ? s->q[i] : d->q[i];
    }
}

HELPER_VV(pblendw)
{
    X86XMMReg *d = vreg(env, dofs);
    const X86XMMReg *s = vreg(env, sofs);

    for (int i = 0; i < 8; i++) {
        d->w[i] = (desc >> i & 1) ? s->w[i] : d->w[i];
    }
}

/* PTEST: ZF = (d AND s) == 0, CF = (NOT d AND s) == 0; the other flags 0. */
HELPER_RV(ptest)
{
    const X86XMMReg *d = vreg(env, dofs);
    const X86XMMReg *s = vreg(env, sofs);
    uint64_t z = (d->q[0] & s->q[0]) | (d->q[1] & s->q[1]);
    uint64_t c = (~d->q[0] & s->q[0]) | (~d->q[1] & s->q[1]);

    return (z ? 0 : CC_Z) | (c ? 0 : CC_C);
}

/* PMOVSX/ZX: the low lanes of s widened into all lanes of d. */
#define PMOVX(name, sfield, ST, dfield, DT)                                    \
    HELPER_VV(name)                                                            \
    {                                                                          \
        X86XMMReg *d = vreg(env, dofs);                                        \
        const X86XMMReg *s = vreg(env, sofs);                                  \
        X86XMMReg r;                                                           \
                                                                               \
        for (unsigned i = 0; i < 16 / sizeof(r.dfield[0]); i++) {              \
            r.dfield[i] = (DT)(ST)s->sfield[i];                                \
        }                                                                      \
        *d = r;                                                                \
    }

PMOVX(pmovsxbw, b, int8_t, w, int16_t)
PMOVX(pmovsxbd, b, int8_t, l, int32_t)
PMOVX(pmovsxbq, b, int8_t, q, int64_t)
PMOVX(pmovsxwd, w, int16_t, l, int32_t)
PMOVX(pmovsxwq, w, int16_t, q, int64_t)
PMOVX(pmovsxdq, l, int32_t, q, int64_t)
PMOVX(pmovzxbw, b, uint8_t, w, uint16_t)
PMOVX(pmovzxbd, b, uint8_t, l, uint32_t)
PMOVX(pmovzxbq, b, uint8_t, q, uint64_t)
PMOVX(pmovzxwd, w, uint16_t, l, uint32_t)
PMOVX(pmovzxwq, w, uint16_t, q, uint64_t)
PMOVX(pmovzxdq, l, uint32_t, q, uint64_t)

HELPER_VV(phminposuw)
{
    X86XMMReg *d = vreg(env, dofs);
    const X86XMMReg *s = vreg(env, sofs);
    unsigned idx = 0;

    for (unsigned i = 1; i < 8; i++) {
        if (s->w[i] < s->w[idx]) {
            idx = i;
        }
    }
    d->q[0] = s->w[idx] | (uint64_t)idx << 16;
    d->q[1] = 0;
}

/* MPSADBW: eight sums of absolute differences of 4-byte blocks (SDM). */
HELPER_VV(mpsadbw)
{
    X86XMMReg *d = vreg(env, dofs);
    const X86XMMReg *s = vreg(env, sofs);
    unsigned imm = SSE_DESC_IMM(desc);
    unsigned dofs_b = ((imm >> 2) & 1) * 4, sofs_b = (imm & 3) * 4;
    X86XMMReg r;

    for (unsigned i = 0; i < 8; i++) {
        unsigned sum = 0;

        for (unsigned j = 0; j < 4; j++) {
            int a = d->b[dofs_b + i + j], b = s->b[sofs_b + j];

            sum += a > b ? a - b : b - a;
        }
        r.w[i] = sum;
    }
    *d = r;
}

/* INSERTPS: a dword of s (register: imm[7:6]; memory: the loaded dword)
 * into lane imm[5:4] of d, then lanes of imm[3:0] zeroed.  desc bit 16
 * says the source was memory (the emitter loads it into lane 0). */
HELPER_VV(insertps)
{
    X86XMMReg *d = vreg(env, dofs);
    const X86XMMReg *s = vreg(env, sofs);
    unsigned imm = SSE_DESC_IMM(desc);
    uint32_t v = SSE_DESC_REXW(desc) ? s->l[0] : s->l[imm >> 6];

    d->l[(imm >> 4) & 3] = v;
    for (int i = 0; i < 4; i++) {
        if (imm >> i & 1) {
            d->l[i] = 0;
        }
    }
}

/* -- Helper descriptors ---------------------------------------------------- */

_Noreturn void helper_sse_misaligned(CPUX86State *env)
{
    x86_raise_exception_err_ra(env, EXCP0D_GPF, 0, GETPC());
}
