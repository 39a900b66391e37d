/*
 * SSE4.2 string compares (PCMPESTRI/ESTRM/ISTRI/ISTRM), CRC32, AES-NI and
 * PCLMULQDQ, written from the SDM's definitions (vol. 1 and 2, chapter 4.1
 * "Imm8 control byte operation for PCMPESTRI ...", and FIPS-197 for AES).
 *
 * Same calling convention as sse_helper.c (sse-helper.def): env offsets of
 * the destination/first source and the second source.  Nothing here raises
 * or touches a TCG global, except that PCMPESTRx reads rAX/rDX from env
 * (the helper is called with globals synced).
 */
#include <glib.h>
#include <string.h>

#include "exec/cpu-common.h"
#include "target/i386/helper.h"

static inline X86XMMReg *vreg(CPUX86State *env, uint32_t ofs)
{
    return (X86XMMReg *)((char *)env + ofs);
}

/* -- PCMPxSTRx ------------------------------------------------------------- */

/* imm8 fields (SDM vol. 2, 4.1.2 - 4.1.6). */
#define STR_WORDS(imm)  ((imm)&1) /* words, else bytes */
#define STR_SIGNED(imm) (((imm) >> 1) & 1)
#define STR_AGG(imm)    (((imm) >> 2) & 3)
enum { AGG_EQUAL_ANY, AGG_RANGES, AGG_EQUAL_EACH, AGG_EQUAL_ORDERED };
#define STR_POLARITY(imm) (((imm) >> 4) & 3)
#define STR_MSB(imm)                                                           \
    (((imm) >> 6) & 1) /* index: most significant; mask: expand */

/* Element I of R as a signed or unsigned int. */
static int str_elem(const X86XMMReg *r, unsigned imm, unsigned i)
{
    if (STR_WORDS(imm)) {
        return STR_SIGNED(imm) ? (int16_t)r->w[i] : r->w[i];
    }
    return STR_SIGNED(imm) ? (int8_t)r->b[i] : r->b[i];
}

/* Implicit length: elements before the first zero one. */
static unsigned str_implicit_len(const X86XMMReg *r, unsigned imm, unsigned n)
{
    unsigned i = 0;

    while (i < n && str_elem(r, imm, i) != 0) {
        i++;
    }
    return i;
}

/* Explicit length: |V| saturated to N (V is rAX/rDX as the width says). */
static unsigned str_explicit_len(uint64_t v, bool rexw, unsigned n)
{
    int64_t s = rexw ? (int64_t)v : (int64_t)(int32_t)v;
    uint64_t mag = s < 0 ? -(uint64_t)s : (uint64_t)s;

    return mag > n ? n : (unsigned)mag;
}

/*
 * IntRes2 of the compare of A (xmm1, LA valid elements) with B (xmm2/m128,
 * LB valid elements), N elements each.
 */
static unsigned str_compare(const X86XMMReg *a, unsigned la, const X86XMMReg *b,
                            unsigned lb, unsigned imm, unsigned n)
{
    unsigned res = 0;

    for (unsigned j = 0; j < n; j++) {
        bool bit = false;
        int bj = str_elem(b, imm, j);

        switch (STR_AGG(imm)) {
        case AGG_EQUAL_ANY:
            for (unsigned i = 0; i < la && j < lb && !bit; i++) {
                bit = str_elem(a, imm, i) == bj;
            }
            break;
        case AGG_RANGES:
            /* A pair with an invalid upper bound compares false. */
            for (unsigned i = 0; i + 1 < la && j < lb && !bit; i += 2) {
                bit =
                    str_elem(a, imm, i) <= bj && bj <= str_elem(a, imm, i + 1);
            }
            break;
        case AGG_EQUAL_EACH:
            if (j >= la && j >= lb) {
                bit = true;
            } else if (j < la && j < lb) {
                bit = str_elem(a, imm, j) == bj;
            }
            break;
        default: /* AGG_EQUAL_ORDERED: the needle A starts at element j */
            bit = true;
            for (unsigned k = 0; j + k < n && bit; k++) {
                if (k >= la) {
                    break; /* needle ended: forced true */
                }
                bit = j + k < lb
                      && str_elem(a, imm, k) == str_elem(b, imm, j + k);
            }
            break;
        }
        res |= (unsigned)bit << j;
    }
    switch (STR_POLARITY(imm)) {
    case 1:
        res = ~res & ((1u << n) - 1);
        break;
    case 3:
        res ^= (1u << lb) - 1;
        break;
    default:
        break;
    }
    return res;
}

/* EFLAGS of a string compare: CF res != 0, ZF LB < N, SF LA < N, OF res[0]. */
static uint64_t str_flags(unsigned res, unsigned la, unsigned lb, unsigned n)
{
    return (res ? CC_C : 0) | (lb < n ? CC_Z : 0) | (la < n ? CC_S : 0)
           | ((res & 1) ? CC_O : 0);
}

/* ECX result: the lowest or highest set bit, or N when there is none. */
static uint64_t str_index(unsigned res, unsigned imm, unsigned n)
{
    if (!res) {
        return n;
    }
    return STR_MSB(imm) ? 31 - __builtin_clz(res) : __builtin_ctz(res);
}

/* XMM0 result: the bits, or each bit expanded to an element mask. */
static void str_mask(CPUX86State *env, unsigned res, unsigned imm, unsigned n)
{
    X86XMMReg r = {{0}};

    if (!STR_MSB(imm)) {
        r.q[0] = res;
    } else {
        for (unsigned i = 0; i < n; i++) {
            if (res >> i & 1) {
                if (STR_WORDS(imm)) {
                    r.w[i] = 0xffff;
                } else {
                    r.b[i] = 0xff;
                }
            }
        }
    }
    env->xmm_regs[0] = r;
}

/*
 * The results are returned as flags << 32 | index (the emitter writes ECX
 * for the index forms and takes EFLAGS from the high half).
 */
static uint64_t str_run(CPUX86State *env, uint32_t dofs, uint32_t sofs,
                        uint32_t desc, bool explicit_len, bool mask)
{
    const X86XMMReg *a = vreg(env, dofs), *b = vreg(env, sofs);
    unsigned imm = SSE_DESC_IMM(desc), n = STR_WORDS(imm) ? 8 : 16;
    unsigned la, lb, res;
    uint64_t idx;

    if (explicit_len) {
        la = str_explicit_len(env->regs[R_EAX], SSE_DESC_REXW(desc), n);
        lb = str_explicit_len(env->regs[R_EDX], SSE_DESC_REXW(desc), n);
    } else {
        la = str_implicit_len(a, imm, n);
        lb = str_implicit_len(b, imm, n);
    }
    res = str_compare(a, la, b, lb, imm, n);
    idx = str_index(res, imm, n);
    if (mask) {
        str_mask(env, res, imm, n);
    }
    return str_flags(res, la, lb, n) << 32 | idx;
}

uint64_t helper_pcmpestri(CPUX86State *env, uint32_t dofs, uint32_t sofs,
                          uint32_t desc)
{
    return str_run(env, dofs, sofs, desc, true, false);
}

uint64_t helper_pcmpestrm(CPUX86State *env, uint32_t dofs, uint32_t sofs,
                          uint32_t desc)
{
    return str_run(env, dofs, sofs, desc, true, true);
}

uint64_t helper_pcmpistri(CPUX86State *env, uint32_t dofs, uint32_t sofs,
                          uint32_t desc)
{
    return str_run(env, dofs, sofs, desc, false, false);
}

uint64_t helper_pcmpistrm(CPUX86State *env, uint32_t dofs, uint32_t sofs,
                          uint32_t desc)
{
    return str_run(env, dofs, sofs, desc, false, true);
}

/* -- CRC32 (Castagnoli polynomial, bit-reflected, no inversions) ----------- */

/* CRC32: A is the running CRC (low 32 bits), B the data, DESC its bytes. */
uint64_t helper_crc32(uint64_t a, uint64_t b, uint32_t desc)
{
    uint32_t crc = (uint32_t)a;

    for (uint32_t i = 0; i < desc; i++) {
        crc ^= (uint8_t)(b >> (8 * i));
        for (int k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0x82f63b78u & -(crc & 1));
        }
    }
    return crc;
}

/* -- AES (FIPS-197) -------------------------------------------------------- */

/* GF(2^8) multiply modulo x^8 + x^4 + x^3 + x + 1. */
static uint8_t gf_mul(uint8_t a, uint8_t b)
{
    uint8_t r = 0;

    while (b) {
        if (b & 1) {
            r ^= a;
        }
        a = (uint8_t)((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
        b >>= 1;
    }
    return r;
}

static uint8_t aes_sbox[256], aes_inv_sbox[256];

/* The S-box from its definition: multiplicative inverse, then the affine map.
 */
static void aes_build_sbox(void)
{
    for (int x = 0; x < 256; x++) {
        uint8_t inv = 0, s;

        for (int y = 1; y < 256 && x; y++) {
            if (gf_mul((uint8_t)x, (uint8_t)y) == 1) {
                inv = (uint8_t)y;
                break;
            }
        }
        s = inv;
        for (int k = 1; k <= 4; k++) {
            s ^= (uint8_t)((inv << k) | (inv >> (8 - k)));
        }
        s ^= 0x63;
        aes_sbox[x] = s;
        aes_inv_sbox[s] = (uint8_t)x;
    }
}

static void aes_init(void)
{
    static gsize done;

    if (g_once_init_enter(&done)) {
        aes_build_sbox();
        g_once_init_leave(&done, 1);
    }
}

/* Byte (row R, column C) of a state held column by column. */
#define AES_AT(r, c) ((r) + 4 * (c))

static void aes_shift_rows(uint8_t *out, const uint8_t *in, bool inverse)
{
    for (int r = 0; r < 4; r++) {
        for (int c = 0; c < 4; c++) {
            int from = inverse ? (c - r + 4) % 4 : (c + r) % 4;

            out[AES_AT(r, c)] = in[AES_AT(r, from)];
        }
    }
}

static void aes_sub_bytes(uint8_t *st, const uint8_t *box)
{
    for (int i = 0; i < 16; i++) {
        st[i] = box[st[i]];
    }
}

/* MixColumns with the circulant matrix whose first row is M. */
static void aes_mix(uint8_t *st, const uint8_t m[4])
{
    for (int c = 0; c < 4; c++) {
        uint8_t col[4], *p = &st[4 * c];

        memcpy(col, p, 4);
        for (int r = 0; r < 4; r++) {
            p[r] = gf_mul(m[0], col[r]) ^ gf_mul(m[1], col[(r + 1) % 4])
                   ^ gf_mul(m[2], col[(r + 2) % 4])
                   ^ gf_mul(m[3], col[(r + 3) % 4]);
        }
    }
}

static const uint8_t aes_mix_fwd[4] = {2, 3, 1, 1};
static const uint8_t aes_mix_inv[4] = {14, 11, 13, 9};

/* One round: DECRYPT picks the inverse steps; LAST skips (Inv)MixColumns. */
static void aes_round(CPUX86State *env, uint32_t dofs, uint32_t sofs,
                      bool decrypt, bool last)
{
    X86XMMReg *d = vreg(env, dofs);
    const X86XMMReg *key = vreg(env, sofs);
    uint8_t st[16];

    aes_init();
    aes_shift_rows(st, d->b, decrypt);
    aes_sub_bytes(st, decrypt ? aes_inv_sbox : aes_sbox);
    if (!last) {
        aes_mix(st, decrypt ? aes_mix_inv : aes_mix_fwd);
    }
    for (int i = 0; i < 16; i++) {
        d->b[i] = st[i] ^ key->b[i];
    }
}

void helper_aesenc(CPUX86State *env, uint32_t dofs, uint32_t sofs,
                   uint32_t desc)
{
    aes_round(env, dofs, sofs, false, false);
}

void helper_aesenclast(CPUX86State *env, uint32_t dofs, uint32_t sofs,
                       uint32_t desc)
{
    aes_round(env, dofs, sofs, false, true);
}

void helper_aesdec(CPUX86State *env, uint32_t dofs, uint32_t sofs,
                   uint32_t desc)
{
    aes_round(env, dofs, sofs, true, false);
}

void helper_aesdeclast(CPUX86State *env, uint32_t dofs, uint32_t sofs,
                       uint32_t desc)
{
    aes_round(env, dofs, sofs, true, true);
}

void helper_aesimc(CPUX86State *env, uint32_t dofs, uint32_t sofs,
                   uint32_t desc)
{
    uint8_t st[16];

    memcpy(st, vreg(env, sofs)->b, 16);
    aes_mix(st, aes_mix_inv);
    memcpy(vreg(env, dofs)->b, st, 16);
}

static uint32_t aes_sub_word(uint32_t w)
{
    return (uint32_t)aes_sbox[w & 0xff]
           | (uint32_t)aes_sbox[(w >> 8) & 0xff] << 8
           | (uint32_t)aes_sbox[(w >> 16) & 0xff] << 16
           | (uint32_t)aes_sbox[w >> 24] << 24;
}

void helper_aeskeygenassist(CPUX86State *env, uint32_t dofs, uint32_t sofs,
                            uint32_t desc)
{
    const X86XMMReg *s = vreg(env, sofs);
    uint32_t rcon = SSE_DESC_IMM(desc);
    uint32_t x1, x3;
    X86XMMReg r;

    aes_init();
    x1 = aes_sub_word(s->l[1]);
    x3 = aes_sub_word(s->l[3]);
    r.l[0] = x1;
    r.l[1] = ((x1 >> 8) | (x1 << 24)) ^ rcon;
    r.l[2] = x3;
    r.l[3] = ((x3 >> 8) | (x3 << 24)) ^ rcon;
    *vreg(env, dofs) = r;
}

/* -- PCLMULQDQ ------------------------------------------------------------- */

void helper_pclmulqdq(CPUX86State *env, uint32_t dofs, uint32_t sofs,
                      uint32_t desc)
{
    X86XMMReg *d = vreg(env, dofs);
    unsigned imm = SSE_DESC_IMM(desc);
    uint64_t a = d->q[imm & 1], b = vreg(env, sofs)->q[(imm >> 4) & 1];
    uint64_t lo = 0, hi = 0;

    for (int i = 0; i < 64; i++) {
        if (b >> i & 1) {
            lo ^= a << i;
            hi ^= i ? a >> (64 - i) : 0;
        }
    }
    d->q[0] = lo;
    d->q[1] = hi;
}
