/*
 * Lazy condition codes: EFLAGS from (cc_op, cc_dst, cc_src, cc_src2).
 *
 * Called by the flag helpers of generated code (helper_cc_compute_all/_c,
 * when no direct TCG sequence exists for the flag read) and by
 * cpu_compute_eflags.  One compute function per CCFamily, width as a
 * parameter; cc_op_info (from cc-op.def) maps each cc_op to its family and
 * width.  Flags the SDM leaves undefined get a fixed, documented value here
 * (noted per family); the host-differential tests mask them.
 */
#include "target/i386/cpu.h"
#include "util/error.h"

const CCOpInfo cc_op_info[CC_OP_NB] = {
#define CC_OP(nm, fam, sz)                                                     \
    [CC_OP_##nm] = {.name = #nm, .family = CC_FAMILY_##fam, .size = sz},
#include "target/i386/cc-op.def"
#undef CC_OP
};

/* -- Shared bit facts ------------------------------------------------------ */

static inline uint64_t width_mask(unsigned bits)
{
    return bits == 64 ? ~(uint64_t)0 : ((uint64_t)1 << bits) - 1;
}

static inline uint64_t sign_bit(unsigned bits)
{
    return (uint64_t)1 << (bits - 1);
}

/* Z, S and P of a result (P: even parity of the low byte). */
static uint64_t szp(uint64_t res, unsigned bits)
{
    uint64_t f = 0;

    res &= width_mask(bits);
    f |= res == 0 ? CC_Z : 0;
    f |= (res & sign_bit(bits)) ? CC_S : 0;
    f |= __builtin_parity((unsigned)(res & 0xff)) ? 0 : CC_P;
    return f;
}

/* A: the carry out of bit 3, from the two inputs and the result. */
static inline uint64_t aux_carry(uint64_t a, uint64_t b, uint64_t res)
{
    return (a ^ b ^ res) & CC_A;
}

/* -- One function per family ----------------------------------------------- */

typedef uint64_t CCComputeFn(uint64_t dst, uint64_t src, uint64_t src2,
                             unsigned bits);

static uint64_t compute_eflags(uint64_t dst, uint64_t src, uint64_t src2,
                               unsigned bits)
{
    return src & CC_ARITH_MASK;
}

static uint64_t compute_clr(uint64_t dst, uint64_t src, uint64_t src2,
                            unsigned bits)
{
    return CC_Z | CC_P;
}

static uint64_t compute_popcnt(uint64_t dst, uint64_t src, uint64_t src2,
                               unsigned bits)
{
    return src == 0 ? CC_Z : 0;
}

/* ADD and ADC: src2 is the carry in (0 for ADD). */
static uint64_t add_flags(uint64_t dst, uint64_t src, uint64_t cin,
                          unsigned bits)
{
    uint64_t m = width_mask(bits);
    uint64_t src1 = (dst - src - cin) & m;
    uint64_t f = szp(dst, bits) | aux_carry(src1, src, dst);

    dst &= m;
    src &= m;
    f |= (cin ? dst <= src : dst < src) ? CC_C : 0;
    f |= (~(src1 ^ src) & (src1 ^ dst) & sign_bit(bits)) ? CC_O : 0;
    return f;
}

static uint64_t compute_add(uint64_t dst, uint64_t src, uint64_t src2,
                            unsigned bits)
{
    return add_flags(dst, src, 0, bits);
}

static uint64_t compute_adc(uint64_t dst, uint64_t src, uint64_t src2,
                            unsigned bits)
{
    return add_flags(dst, src, src2 & 1, bits);
}

/* SUB and SBB: src2 is the borrow in (0 for SUB). */
static uint64_t sub_flags(uint64_t dst, uint64_t src, uint64_t bin,
                          unsigned bits)
{
    uint64_t m = width_mask(bits);
    uint64_t src1 = (dst + src + bin) & m;
    uint64_t f = szp(dst, bits) | aux_carry(src1, src, dst);

    src &= m;
    f |= (bin ? src1 <= src : src1 < src) ? CC_C : 0;
    f |= ((src1 ^ src) & (src1 ^ dst) & sign_bit(bits)) ? CC_O : 0;
    return f;
}

static uint64_t compute_sub(uint64_t dst, uint64_t src, uint64_t src2,
                            unsigned bits)
{
    return sub_flags(dst, src, 0, bits);
}

static uint64_t compute_sbb(uint64_t dst, uint64_t src, uint64_t src2,
                            unsigned bits)
{
    return sub_flags(dst, src, src2 & 1, bits);
}

/* AND/OR/XOR/TEST: C = O = 0; A is undefined (0 here, as on Intel cores). */
static uint64_t compute_logic(uint64_t dst, uint64_t src, uint64_t src2,
                              unsigned bits)
{
    return szp(dst, bits);
}

/* INC: C preserved (in src); O when the result is the minimum signed. */
static uint64_t compute_inc(uint64_t dst, uint64_t src, uint64_t src2,
                            unsigned bits)
{
    uint64_t m = width_mask(bits);
    uint64_t f = szp(dst, bits) | aux_carry(dst - 1, 1, dst);

    f |= (src & 1) ? CC_C : 0;
    f |= ((dst & m) == sign_bit(bits)) ? CC_O : 0;
    return f;
}

/* DEC: C preserved; O when the result is the maximum signed. */
static uint64_t compute_dec(uint64_t dst, uint64_t src, uint64_t src2,
                            unsigned bits)
{
    uint64_t m = width_mask(bits);
    uint64_t f = szp(dst, bits) | aux_carry(dst + 1, 1, dst);

    f |= (src & 1) ? CC_C : 0;
    f |= ((dst & m) == sign_bit(bits) - 1) ? CC_O : 0;
    return f;
}

/*
 * Shifts: C is the last bit shifted out; A = 0 (undefined, Intel clears
 * it).  O is defined for one-bit shifts; for larger counts it is the O of
 * the first one-bit step, as Intel cores give it (checked on the host by
 * tests/x86/test-isa-host.c).
 */

/* SHL/SHLD: C = msb(src); O = msb(operand) ^ next bit of the operand. */
static uint64_t compute_shl(uint64_t dst, uint64_t src, uint64_t src2,
                            unsigned bits)
{
    uint64_t f = szp(dst, bits);

    f |= (src & sign_bit(bits)) ? CC_C : 0;
    f |= ((src2 ^ (src2 << 1)) & sign_bit(bits)) ? CC_O : 0;
    return f;
}

/* SHR/SHRD: C = lsb(src); O = msb(src2). */
static uint64_t compute_shr(uint64_t dst, uint64_t src, uint64_t src2,
                            unsigned bits)
{
    uint64_t f = szp(dst, bits);

    f |= (src & 1) ? CC_C : 0;
    f |= (src2 & sign_bit(bits)) ? CC_O : 0;
    return f;
}

/* SAR: C = lsb(src); O = 0. */
static uint64_t compute_sar(uint64_t dst, uint64_t src, uint64_t src2,
                            unsigned bits)
{
    return szp(dst, bits) | ((src & 1) ? CC_C : 0);
}

/* MUL/IMUL: C = O = high half significant; S/Z/P from the low half. */
static uint64_t compute_mul(uint64_t dst, uint64_t src, uint64_t src2,
                            unsigned bits)
{
    return szp(dst, bits) | (src != 0 ? CC_C | CC_O : 0);
}

/* BMI1/BMI2 logic, LZCNT, TZCNT: C given in src, Z/S from the result,
 * O = A = P = 0 (P is undefined; Intel cores clear it). */
static uint64_t compute_bmilg(uint64_t dst, uint64_t src, uint64_t src2,
                              unsigned bits)
{
    return (szp(dst, bits) & ~(uint64_t)CC_P) | (src != 0 ? CC_C : 0);
}

static CCComputeFn *const compute_fn[CC_FAMILY_COUNT] = {
    [CC_FAMILY_DYNAMIC] = NULL,        [CC_FAMILY_EFLAGS] = compute_eflags,
    [CC_FAMILY_CLR] = compute_clr,     [CC_FAMILY_POPCNT] = compute_popcnt,
    [CC_FAMILY_ADD] = compute_add,     [CC_FAMILY_ADC] = compute_adc,
    [CC_FAMILY_SUB] = compute_sub,     [CC_FAMILY_SBB] = compute_sbb,
    [CC_FAMILY_LOGIC] = compute_logic, [CC_FAMILY_INC] = compute_inc,
    [CC_FAMILY_DEC] = compute_dec,     [CC_FAMILY_SHL] = compute_shl,
    [CC_FAMILY_SHR] = compute_shr,     [CC_FAMILY_SAR] = compute_sar,
    [CC_FAMILY_MUL] = compute_mul,     [CC_FAMILY_BMILG] = compute_bmilg,
};
_Static_assert(CC_FAMILY_COUNT == 16, "compute_fn has one row per family");

/* -- Entry points ---------------------------------------------------------- */

uint64_t cc_compute_all(uint64_t dst, uint64_t src, uint64_t src2, int op)
{
    const CCOpInfo *info;
    CCComputeFn *fn;

    if (op <= CC_OP_DYNAMIC || op >= CC_OP_NB) {
        /* Generated code always resolves DYNAMIC from env->cc_op first. */
        internal_error("cc_compute_all: cc_op %d is not a concrete state", op);
    }
    info = &cc_op_info[op];
    fn = compute_fn[info->family];
    return fn(dst, src, src2, 8u << info->size);
}

uint64_t cc_compute_c(uint64_t dst, uint64_t src, uint64_t src2, int op)
{
    return cc_compute_all(dst, src, src2, op) & CC_C;
}

uint64_t cpu_compute_eflags(const CPUX86State *env)
{
    uint64_t f = env->eflags | EFLAGS_FIXED1;

    f |= cc_compute_all(env->cc_dst, env->cc_src, env->cc_src2, env->cc_op);
    if (env->df < 0) {
        f |= DF_MASK;
    }
    return f;
}

void cpu_load_eflags(CPUX86State *env, uint64_t value, uint64_t update_mask)
{
    uint64_t keep = ~update_mask & ~(uint64_t)(CC_ARITH_MASK | DF_MASK);

    env->cc_src = value & CC_ARITH_MASK;
    env->cc_op = CC_OP_EFLAGS;
    env->df = (value & DF_MASK) ? -1 : 1;
    env->eflags =
        (env->eflags & keep)
        | (value & update_mask & ~(uint64_t)(CC_ARITH_MASK | DF_MASK));
}
