/*
 * Helpers of the bit, shift and decimal-adjust instructions: RCL/RCR
 * results, PDEP/PEXT, and DAA DAS AAA AAS AAM AAD.  See helper.h for each
 * contract.
 *
 * The decimal adjusts follow the pseudo-code of SDM vol. 2A (AAA, AAD,
 * AAM, AAS, DAA, DAS).  The flags the SDM leaves undefined get a fixed
 * value chosen here (noted per helper) that is NOT yet checked against
 * hardware: these instructions do not exist in 64-bit mode, so
 * tests/x86/test-isa-host.c cannot run them natively; the compatibility-
 * mode differential tester (tests/x86/difftest) is to settle them.
 */
#include "target/i386/helper.h"

static uint64_t width_mask(unsigned bits)
{
    return bits == 64 ? ~(uint64_t)0 : ((uint64_t)1 << bits) - 1;
}

/* -- RCL / RCR ------------------------------------------------------------- */

/* (BITS + 1)-bit rotations of CF:VAL by N (0 .. BITS); the low BITS bits. */
uint64_t helper_rcl(uint64_t val, uint64_t n, uint64_t cf, uint32_t ot)
{
    unsigned bits = 8u << ot;
    unsigned __int128 v =
        ((unsigned __int128)(cf & 1) << bits) | (val & width_mask(bits));

    if (n == 0) {
        return val;
    }
    v = (v << n) | (v >> (bits + 1 - n));
    return (uint64_t)v & width_mask(bits);
}

uint64_t helper_rcr(uint64_t val, uint64_t n, uint64_t cf, uint32_t ot)
{
    unsigned bits = 8u << ot;
    unsigned __int128 v =
        ((unsigned __int128)(cf & 1) << bits) | (val & width_mask(bits));

    if (n == 0) {
        return val;
    }
    v = (v >> n) | (v << (bits + 1 - n));
    return (uint64_t)v & width_mask(bits);
}

/* -- PDEP / PEXT ----------------------------------------------------------- */

uint64_t helper_pdep(uint64_t src, uint64_t mask)
{
    uint64_t res = 0;

    for (uint64_t bit = 1; mask; bit <<= 1) {
        uint64_t low = mask & -mask;

        if (src & bit) {
            res |= low;
        }
        mask &= mask - 1;
    }
    return res;
}

uint64_t helper_pext(uint64_t src, uint64_t mask)
{
    uint64_t res = 0;

    for (uint64_t bit = 1; mask; bit <<= 1) {
        uint64_t low = mask & -mask;

        if (src & low) {
            res |= bit;
        }
        mask &= mask - 1;
    }
    return res;
}

/* -- Decimal and ASCII adjusts --------------------------------------------- */

/* The arithmetic flags now (env->cc_op is synced by the caller). */
static uint64_t flags_in(CPUX86State *env)
{
    return cc_compute_all(env->cc_dst, env->cc_src, env->cc_src2, env->cc_op);
}

static void flags_out(CPUX86State *env, uint64_t f)
{
    env->cc_src = f & CC_ARITH_MASK;
    env->cc_op = CC_OP_EFLAGS;
}

/* S, Z and P of the byte B. */
static uint64_t szp8(uint8_t b)
{
    return (b == 0 ? CC_Z : 0) | ((b & 0x80) ? CC_S : 0)
           | (__builtin_parity(b) ? 0 : CC_P);
}

static uint8_t get_al(CPUX86State *env)
{
    return (uint8_t)env->regs[R_EAX];
}

static uint8_t get_ah(CPUX86State *env)
{
    return (uint8_t)(env->regs[R_EAX] >> 8);
}

static void set_ax(CPUX86State *env, uint8_t al, uint8_t ah)
{
    env->regs[R_EAX] =
        (env->regs[R_EAX] & ~(uint64_t)0xffff) | al | ((uint64_t)ah << 8);
}

/* DAA/DAS: O is undefined; here the O of adding (subtracting) the whole
 * adjustment to AL in one step. */
void helper_daa(CPUX86State *env, uint32_t unused)
{
    uint64_t f = flags_in(env);
    uint8_t old_al = get_al(env), al = old_al, adj = 0;
    bool old_cf = f & CC_C, af = false, cf = false;

    if ((al & 0xf) > 9 || (f & CC_A)) {
        adj = 6;
        af = true;
    }
    if (old_al > 0x99 || old_cf) {
        adj += 0x60;
        cf = true;
    }
    al = old_al + adj;
    set_ax(env, al, get_ah(env));
    flags_out(env, szp8(al) | (af ? CC_A : 0) | (cf ? CC_C : 0)
                       | ((~(old_al ^ adj) & (old_al ^ al) & 0x80) ? CC_O : 0));
}

void helper_das(CPUX86State *env, uint32_t unused)
{
    uint64_t f = flags_in(env);
    uint8_t old_al = get_al(env), al = old_al, adj = 0;
    bool old_cf = f & CC_C, af = false, cf = false;

    if ((al & 0xf) > 9 || (f & CC_A)) {
        adj = 6;
        af = true;
        cf = old_cf || old_al < 6;
    }
    if (old_al > 0x99 || old_cf) {
        adj += 0x60;
        cf = true;
    }
    al = old_al - adj;
    set_ax(env, al, get_ah(env));
    flags_out(env, szp8(al) | (af ? CC_A : 0) | (cf ? CC_C : 0)
                       | (((old_al ^ adj) & (old_al ^ al) & 0x80) ? CC_O : 0));
}

/* AAA/AAS: O, S, Z and P are undefined; here S/Z/P of the adjusted AL
 * before its high nibble is cleared, and O = 0. */
void helper_aaa(CPUX86State *env, uint32_t unused)
{
    uint64_t f = flags_in(env);
    uint16_t ax = (uint16_t)env->regs[R_EAX];
    bool adjust = (ax & 0xf) > 9 || (f & CC_A);

    if (adjust) {
        ax += 0x106;
    }
    set_ax(env, ax & 0xf, ax >> 8);
    flags_out(env, szp8((uint8_t)ax) | (adjust ? CC_A | CC_C : 0));
}

void helper_aas(CPUX86State *env, uint32_t unused)
{
    uint64_t f = flags_in(env);
    uint16_t ax = (uint16_t)env->regs[R_EAX];
    bool adjust = (ax & 0xf) > 9 || (f & CC_A);

    if (adjust) {
        ax -= 6;
        ax -= 0x100;
    }
    set_ax(env, ax & 0xf, ax >> 8);
    flags_out(env, szp8((uint8_t)ax) | (adjust ? CC_A | CC_C : 0));
}

/* AAM (BASE != 0, checked at translation): O, A and C are undefined; 0
 * here. */
void helper_aam(CPUX86State *env, uint32_t base)
{
    uint8_t al = get_al(env);

    set_ax(env, al % base, al / base);
    flags_out(env, szp8(al % base));
}

/* AAD: O, A and C are undefined; here those of the byte addition
 * AL + AH * BASE. */
void helper_aad(CPUX86State *env, uint32_t base)
{
    uint8_t al = get_al(env), prod = (uint8_t)(get_ah(env) * base);
    uint8_t res = al + prod;
    uint64_t f = szp8(res);

    f |= ((al ^ prod ^ res) & 0x10) ? CC_A : 0;
    f |= res < al ? CC_C : 0;
    f |= (~(al ^ prod) & (al ^ res) & 0x80) ? CC_O : 0;
    set_ax(env, res, 0);
    flags_out(env, f);
}
