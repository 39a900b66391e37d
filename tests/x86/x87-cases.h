/*
 * Random x87 test cases for the host-differential x87 test, shared by the
 * host program that records the expected results (x87-expect.c, run
 * natively at build time) and the guest program that checks them in the
 * emulator (x87-diff.c, a 32-bit multiboot kernel).  Header-only and
 * freestanding: both sides generate case N from the same seed and must
 * get the same bytes.
 *
 * A case is: an FRSTOR image (control word with random precision and
 * rounding control and masks, TOP, tags, registers), EFLAGS (for
 * FCMOVcc), a 16-byte memory operand and one to three instructions.  Each
 * instruction runs from a stub "escape, ModRM; ret" whose memory operand
 * is [esi] in 32-bit mode and [rsi] in 64-bit mode (the same bytes).  The
 * result is the FNSAVE image, the memory operand and the arithmetic flags,
 * hashed without the condition codes the SDM leaves undefined after the
 * case's instructions (x87_cc_rules), so that no vendor's choice for them
 * counts.
 *
 * Rules that keep the host from trapping: the initial exception flags are
 * clear, and a case with an unmasked exception (or FLDCW) has a single
 * instruction, so an unmasked exception is only ever pending at the
 * FNSAVE (which does not wait).  FNSTSW m2byte is only ever the last
 * instruction: no later one reads the undefined bits it may store.
 */
#ifndef X87_CASES_H
#define X87_CASES_H

#include <stdint.h>

#define X87_MAX_OPS 3

typedef struct X87Case {
    uint8_t image[108]; /* FRSTOR image, 32-bit protected format */
    uint8_t mem[16];    /* the memory operand ([esi]) */
    uint32_t eflags;    /* ZF/PF/CF for FCMOVcc */
    int nops;
    uint8_t ops[X87_MAX_OPS][2]; /* escape byte, ModRM (memory: reg<<3|6) */
} X87Case;

/* -- Random numbers (xorshift64*, splitmix64 per case) --------------------- */

static inline uint64_t x87_mix(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline uint64_t x87_next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545f4914f6cdd1dull;
}

/* Uniform in [0, n) for small n (32-bit arithmetic only: no libgcc). */
static inline uint32_t x87_below(uint64_t *s, uint32_t n)
{
    return (uint32_t)(x87_next(s) >> 32) % n;
}

/* -- Instruction forms ----------------------------------------------------- */

/*
 * Valid forms by escape: bit R of mem_ok[esc] = memory form ModRM.reg R
 * is tested; reg_ok[esc] has one bit per ModRM C0..FF.  Left out: the
 * environment/state instructions (their images hold instruction
 * addresses), FNSTSW AX (it writes a host register), FISTTP (SSE3, not
 * in the default CPU model).
 */
static const uint8_t x87_mem_ok[8] = {
    0xff,                             /* D8 */
    0x01 | 0x04 | 0x08 | 0x20 | 0x80, /* D9: FLD FST FSTP FLDCW FNSTCW */
    0xff,                             /* DA */
    0x01 | 0x04 | 0x08 | 0x20 | 0x80, /* DB: FILD FIST FISTP FLD80 FSTP80 */
    0xff,                             /* DC */
    0x01 | 0x04 | 0x08 | 0x80,        /* DD: FLD FST FSTP FNSTSW */
    0xff,                             /* DE */
    0xfd,                             /* DF: all but FISTTP */
};

static inline int x87_reg_ok(unsigned esc, unsigned m)
{
    unsigned r = m >> 3, rm = m & 7;

    switch (esc) {
    case 0:
    case 4:
        return 1;
    case 1:
        switch (r) {
        case 0:
        case 1:
        case 3:
            return 1;
        case 2:
            return rm == 0;
        case 4:
            return rm == 0 || rm == 1 || rm == 4 || rm == 5;
        case 5:
            return rm != 7;
        default:
            return 1;
        }
    case 2:
        return r < 4 || (r == 5 && rm == 1);
    case 3:
        return r != 4 ? r != 7 : (rm <= 4);
    case 5:
        return r < 6;
    case 6:
        return r != 3 || rm == 1;
    case 7:
        return r < 4 || r == 5 || r == 6;
    }
    return 0;
}

/*
 * Condition codes (FSW C0-C3) each tested form defines and leaves
 * undefined, from the "FPU Flags Affected" of its SDM vol. 2 page; bits
 * in neither mask are left as they were.  Rows: escape byte, memory form
 * (ModRM.reg from LO to HI) or register form (ModRM from LO to HI), the
 * bits defined, the bits undefined.  The first matching row counts; every
 * form x87_mem_ok and x87_reg_ok allow has one.  Undocumented aliases (D9
 * D8+i FSTP, DC D0-DF FCOM/FCOMP, DD C8+i and DF C8+i FXCH, DE D0+i FCOMP,
 * DF C0+i FFREEP, DF D0-DF FSTP, and DB E0/E1/E4, executed as FNOP) count
 * as the instruction they alias.
 */
#define X87_C0   0x0100u
#define X87_C1   0x0200u
#define X87_C2   0x0400u
#define X87_C3   0x4000u
#define X87_CC   (X87_C0 | X87_C1 | X87_C2 | X87_C3)
#define X87_C023 (X87_C0 | X87_C2 | X87_C3)

typedef struct X87CcRule {
    uint8_t esc;        /* 0xd8..0xdf */
    uint8_t mem;        /* 1: memory form, LO..HI are ModRM.reg */
    uint8_t lo, hi;     /* ModRM.reg (memory) or ModRM (register) range */
    uint16_t defined;   /* condition codes the instruction sets */
    uint16_t undefined; /* condition codes it leaves undefined */
} X87CcRule;

static const X87CcRule x87_cc_rules[] = {
    /* FADD FMUL m32fp; FCOM FCOMP m32fp; FSUB FSUBR FDIV FDIVR m32fp */
    {0xd8, 1, 0, 1, X87_C1, X87_C023},
    {0xd8, 1, 2, 3, X87_CC, 0},
    {0xd8, 1, 4, 7, X87_C1, X87_C023},
    /* FADD FMUL; FCOM FCOMP; FSUB FSUBR FDIV FDIVR ST(0), ST(i) */
    {0xd8, 0, 0xc0, 0xcf, X87_C1, X87_C023},
    {0xd8, 0, 0xd0, 0xdf, X87_CC, 0},
    {0xd8, 0, 0xe0, 0xff, X87_C1, X87_C023},
    /* FLD FST FSTP m32fp; FLDCW; FNSTCW */
    {0xd9, 1, 0, 3, X87_C1, X87_C023},
    {0xd9, 1, 5, 5, 0, X87_CC},
    {0xd9, 1, 7, 7, 0, X87_CC},
    /* FLD ST(i), FXCH; FNOP; FSTP (alias) */
    {0xd9, 0, 0xc0, 0xcf, X87_C1, X87_C023},
    {0xd9, 0, 0xd0, 0xd0, 0, X87_CC},
    {0xd9, 0, 0xd8, 0xdf, X87_C1, X87_C023},
    /* FCHS FABS; FTST FXAM; FLD1 ... FLDZ; F2XM1 FYL2X */
    {0xd9, 0, 0xe0, 0xe1, X87_C1, X87_C023},
    {0xd9, 0, 0xe4, 0xe5, X87_CC, 0},
    {0xd9, 0, 0xe8, 0xf1, X87_C1, X87_C023},
    /* FPTAN (C2: out of range); FPATAN FXTRACT; FPREM1 */
    {0xd9, 0, 0xf2, 0xf2, X87_C1 | X87_C2, X87_C0 | X87_C3},
    {0xd9, 0, 0xf3, 0xf4, X87_C1, X87_C023},
    {0xd9, 0, 0xf5, 0xf5, X87_CC, 0},
    /* FDECSTP FINCSTP; FPREM; FYL2XP1 FSQRT */
    {0xd9, 0, 0xf6, 0xf7, X87_C1, X87_C023},
    {0xd9, 0, 0xf8, 0xf8, X87_CC, 0},
    {0xd9, 0, 0xf9, 0xfa, X87_C1, X87_C023},
    /* FSINCOS; FRNDINT FSCALE; FSIN FCOS */
    {0xd9, 0, 0xfb, 0xfb, X87_C1 | X87_C2, X87_C0 | X87_C3},
    {0xd9, 0, 0xfc, 0xfd, X87_C1, X87_C023},
    {0xd9, 0, 0xfe, 0xff, X87_C1 | X87_C2, X87_C0 | X87_C3},
    /* FIADD FIMUL; FICOM FICOMP; FISUB FISUBR FIDIV FIDIVR m32int */
    {0xda, 1, 0, 1, X87_C1, X87_C023},
    {0xda, 1, 2, 3, X87_CC, 0},
    {0xda, 1, 4, 7, X87_C1, X87_C023},
    /* FCMOVB FCMOVE FCMOVBE FCMOVU; FUCOMPP */
    {0xda, 0, 0xc0, 0xdf, X87_C1, X87_C023},
    {0xda, 0, 0xe9, 0xe9, X87_CC, 0},
    /* FILD FIST FISTP m32int, FLD FSTP m80fp */
    {0xdb, 1, 0, 7, X87_C1, X87_C023},
    /* FCMOVNB FCMOVNE FCMOVNBE FCMOVNU; FENI FDISI (FNOP); FNCLEX */
    {0xdb, 0, 0xc0, 0xdf, X87_C1, X87_C023},
    {0xdb, 0, 0xe0, 0xe2, 0, X87_CC},
    /* FNINIT (FSW = 0); FSETPM (FNOP); FUCOMI FCOMI (C1 = 0, rest kept) */
    {0xdb, 0, 0xe3, 0xe3, X87_CC, 0},
    {0xdb, 0, 0xe4, 0xe4, 0, X87_CC},
    {0xdb, 0, 0xe8, 0xf7, X87_C1, 0},
    /* m64fp arithmetic and compares, as D8 */
    {0xdc, 1, 0, 1, X87_C1, X87_C023},
    {0xdc, 1, 2, 3, X87_CC, 0},
    {0xdc, 1, 4, 7, X87_C1, X87_C023},
    /* FADD FMUL ST(i), ST(0); FCOM FCOMP (aliases); FSUBR FSUB FDIVR FDIV */
    {0xdc, 0, 0xc0, 0xcf, X87_C1, X87_C023},
    {0xdc, 0, 0xd0, 0xdf, X87_CC, 0},
    {0xdc, 0, 0xe0, 0xff, X87_C1, X87_C023},
    /* FLD FST FSTP m64fp; FNSTSW m2byte */
    {0xdd, 1, 0, 3, X87_C1, X87_C023},
    {0xdd, 1, 7, 7, 0, X87_CC},
    /* FFREE; FXCH (alias), FST FSTP ST(i); FUCOM FUCOMP */
    {0xdd, 0, 0xc0, 0xc7, 0, X87_CC},
    {0xdd, 0, 0xc8, 0xdf, X87_C1, X87_C023},
    {0xdd, 0, 0xe0, 0xef, X87_CC, 0},
    /* m16int arithmetic and compares, as DA */
    {0xde, 1, 0, 1, X87_C1, X87_C023},
    {0xde, 1, 2, 3, X87_CC, 0},
    {0xde, 1, 4, 7, X87_C1, X87_C023},
    /* FADDP FMULP; FCOMP (alias), FCOMPP; FSUBRP FSUBP FDIVRP FDIVP */
    {0xde, 0, 0xc0, 0xcf, X87_C1, X87_C023},
    {0xde, 0, 0xd0, 0xd7, X87_CC, 0},
    {0xde, 0, 0xd9, 0xd9, X87_CC, 0},
    {0xde, 0, 0xe0, 0xff, X87_C1, X87_C023},
    /* FILD FIST FISTP m16int, FBLD, FILD m64int, FBSTP, FISTP m64int */
    {0xdf, 1, 0, 7, X87_C1, X87_C023},
    /* FFREEP; FXCH FSTP FSTP (aliases); FUCOMIP FCOMIP */
    {0xdf, 0, 0xc0, 0xc7, 0, X87_CC},
    {0xdf, 0, 0xc8, 0xdf, X87_C1, X87_C023},
    {0xdf, 0, 0xe8, 0xf7, X87_C1, 0},
};

/* The rule for instruction bytes OP[0], OP[1]; 0 if there is none. */
static inline const X87CcRule *x87_cc_rule(const uint8_t *op)
{
    unsigned mem = op[1] < 0xc0, key = mem ? (op[1] >> 3) & 7 : op[1];

    for (unsigned i = 0; i < sizeof(x87_cc_rules) / sizeof(x87_cc_rules[0]);
         i++) {
        const X87CcRule *r = &x87_cc_rules[i];

        if (r->esc == op[0] && r->mem == mem && key >= r->lo && key <= r->hi) {
            return r;
        }
    }
    return 0;
}

/*
 * The condition codes undefined at the end of case C: a bit one
 * instruction leaves undefined stays so unless a later one sets it.
 * *MEM_UNDEFINED: the bits of the word FNSTSW m2byte (only ever the last
 * instruction) stored at mem[0..1] that were undefined then.
 */
static inline uint16_t x87_case_undefined_cc(const X87Case *c,
                                             uint16_t *mem_undefined)
{
    uint16_t u = 0;

    *mem_undefined = 0;
    for (int k = 0; k < c->nops; k++) {
        const X87CcRule *r = x87_cc_rule(c->ops[k]);

        if (c->ops[k][0] == 0xdd && c->ops[k][1] == (7 << 3 | 6)) {
            *mem_undefined = u;
        }
        u = (uint16_t)((u & ~r->defined) | r->undefined);
    }
    return u;
}

/* Memory operand size of a tested memory form. */
static inline unsigned x87_case_mem_size(unsigned esc, unsigned r)
{
    static const uint8_t size[8][8] = {
        {4, 4, 4, 4, 4, 4, 4, 4}, {4, 0, 4, 4, 0, 2, 0, 2},
        {4, 4, 4, 4, 4, 4, 4, 4}, {4, 4, 4, 4, 0, 10, 0, 10},
        {8, 8, 8, 8, 8, 8, 8, 8}, {8, 8, 8, 8, 0, 0, 0, 2},
        {2, 2, 2, 2, 2, 2, 2, 2}, {2, 2, 2, 2, 10, 8, 10, 8},
    };
    return size[esc][r];
}

/* -- Values ---------------------------------------------------------------- */

static inline void x87_put(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

/* An 80-bit value biased to the interesting classes. */
static inline void x87_gen_f80(uint64_t *s, uint8_t *p)
{
    uint64_t mant = x87_next(s) | (1ull << 63);
    uint32_t exp = 0x3fff - 40 + x87_below(s, 80);
    uint32_t sign = x87_below(s, 2) << 15;

    switch (x87_below(s, 16)) {
    case 0:
        exp = 0;
        mant = 0;
        break; /* zero */
    case 1:
        exp = 0x7fff;
        mant = 1ull << 63;
        break; /* infinity */
    case 2:
        exp = 0x7fff;
        mant |= 1ull << 62;
        break; /* QNaN */
    case 3:
        exp = 0x7fff;
        mant &= ~(1ull << 62); /* SNaN */
        mant |= 1;
        break;
    case 4:
        exp = 0;
        mant &= ~(1ull << 63);
        break; /* denormal */
    case 5:
        exp = 0;
        break; /* pseudo-denormal */
    case 6:
        mant &= ~(1ull << 63);
        break; /* unnormal */
    case 7:
        exp = x87_below(s, 0x7fff);
        break; /* any exponent */
    case 8:
        mant = 1ull << 63;
        break; /* power of two */
    case 9:
        exp = 0x7fff;
        mant &= ~(1ull << 63);
        break; /* pseudo-NaN */
    case 10:
        exp = 0x3fff;
        mant = 0xc90fdaa22168c234ull; /* near pi */
        mant += x87_below(s, 5) - 2;
        break;
    default:
        break;
    }
    x87_put(p, mant, 8);
    x87_put(p + 8, sign | exp, 2);
}

/* A memory operand of SIZE bytes for escape ESC (float, integer or BCD). */
static inline void x87_gen_mem(uint64_t *s, uint8_t *p, unsigned esc,
                               unsigned size)
{
    uint64_t v = x87_next(s);
    int is_int = esc == 2 || esc == 6 || (esc == 3 && size == 4)
                 || (esc == 7 && size != 10);

    if (size == 10) {
        if (esc == 7) { /* packed BCD */
            for (int i = 0; i < 9; i++) {
                p[i] = (uint8_t)(x87_below(s, 10) | x87_below(s, 10) << 4);
            }
            p[9] = x87_below(s, 4) ? 0 : 0x80;
            if (!x87_below(s, 8)) {
                p[x87_below(s, 9)] |= 0xa0; /* an invalid digit */
            }
        } else {
            x87_gen_f80(s, p);
        }
        return;
    }
    if (is_int) {
        switch (x87_below(s, 4)) {
        case 0:
            v = 0;
            break;
        case 1:
            v = 1ull << (8 * size - 1);
            break; /* the most negative */
        case 2:
            v = (uint64_t)(int64_t)(int8_t)v;
            break;
        default:
            break;
        }
    } else if (size == 4) {
        static const uint32_t sp[] = {
            0,          0x80000000, 0x7f800000, 0xff800000, 0x7fc00000,
            0x7f800001, 0x00000001, 0x007fffff, 0x3f800000, 0x7f7fffff};
        uint32_t r = x87_below(s, 20);

        v = r < 10 ? sp[r] : (0x3f800000u ^ ((uint32_t)v & 0x87ffffffu));
    } else if (size == 8) {
        static const uint64_t sp[] = {0,
                                      0x8000000000000000ull,
                                      0x7ff0000000000000ull,
                                      0xfff8000000000000ull,
                                      0x7ff0000000000001ull,
                                      1,
                                      0x000fffffffffffffull,
                                      0x3ff0000000000000ull,
                                      0x7fefffffffffffffull,
                                      0x4340000000000000ull};
        uint32_t r = x87_below(s, 20);

        v = r < 10 ? sp[r]
                   : (0x3ff0000000000000ull ^ (v & 0x80ffffffffffffffull));
    } else if (size == 2) {
        v = (uint64_t)(uint16_t)(0x037f
                                 ^ (x87_below(s, 4) ? (v & 0x1f3f)
                                                    : (v & 0xffff)));
    }
    x87_put(p, v, size);
}

/* -- Cases ----------------------------------------------------------------- */

/* Case INDEX of the run with SEED. */
static inline void x87_gen_case(uint64_t seed, uint32_t index, X87Case *c)
{
    uint64_t st = x87_mix(seed ^ x87_mix(index)) | 1;
    uint64_t *s = &st;
    uint16_t fcw, fsw, ftw = 0;
    int single, mem_done = 0;

    for (unsigned i = 0; i < sizeof(*c); i++) {
        ((uint8_t *)c)[i] = 0;
    }
    single = x87_below(s, 3) == 0;
    fcw = (uint16_t)(0x0040 | 0x3f | x87_below(s, 4) << 8
                     | x87_below(s, 4) << 10);
    if (single) {
        fcw &= (uint16_t) ~(x87_next(s) & 0x3f);
    }
    fsw = (uint16_t)((x87_below(s, 8) << 11) | (x87_below(s, 16) & 0x7) << 8
                     | (x87_below(s, 2) << 14));
    for (int i = 0; i < 8; i++) {
        ftw |= (uint16_t)((x87_below(s, 3) == 0 ? 3 : 0) << (2 * i));
        x87_gen_f80(s, c->image + 28 + 10 * i);
    }
    x87_put(c->image, fcw, 2);
    x87_put(c->image + 4, fsw, 2);
    x87_put(c->image + 8, ftw, 2);
    c->eflags = (uint32_t)(x87_next(s) & 0x45); /* ZF PF CF */
    c->nops = single ? 1 : 1 + (int)x87_below(s, X87_MAX_OPS);
    for (int k = 0; k < c->nops; k++) {
        unsigned esc, r, m;

        for (;;) {
            esc = x87_below(s, 8);
            if (x87_below(s, 3) == 0) { /* memory form */
                r = x87_below(s, 8);
                if (!(x87_mem_ok[esc] & (1u << r))
                    || (!single && esc == 1 && r == 5)
                    || (esc == 5 && r == 7 && k != c->nops - 1)) {
                    continue; /* FLDCW only alone, FNSTSW m only last */
                }
                c->ops[k][0] = (uint8_t)(0xd8 + esc);
                c->ops[k][1] = (uint8_t)(r << 3 | 6);
                if (!mem_done) {
                    x87_gen_mem(s, c->mem, esc, x87_case_mem_size(esc, r));
                    mem_done = 1;
                }
                break;
            }
            m = x87_below(s, 64);
            if (x87_reg_ok(esc, m)) {
                c->ops[k][0] = (uint8_t)(0xd8 + esc);
                c->ops[k][1] = (uint8_t)(0xc0 + m);
                break;
            }
        }
    }
}

/*
 * The stubs, "escape, ModRM; ret" for each escape: 8 memory forms (ModRM
 * reg<<3|6: [esi] / [rsi]) then the 64 register forms, 4 bytes apart.
 * Put X87_STUBS_ASM in a top-level __asm__ of each program.
 */
#define X87_STUBS_ASM                                                          \
    ".pushsection .text\n.balign 16\n.globl x87_case_stubs\n"                  \
    "x87_case_stubs:\n.set xc_esc, 0xd8\n.rept 8\n"                            \
    ".set xc_m, 0x06\n.rept 8\n.byte xc_esc, xc_m, 0xc3, 0xcc\n"               \
    ".set xc_m, xc_m + 8\n.endr\n"                                             \
    ".set xc_m, 0xc0\n.rept 64\n.byte xc_esc, xc_m, 0xc3, 0xcc\n"              \
    ".set xc_m, xc_m + 1\n.endr\n.set xc_esc, xc_esc + 1\n.endr\n"             \
    ".popsection\n"

/* Offset of the stub for instruction bytes OP[0], OP[1]. */
static inline unsigned x87_stub_offset(const uint8_t *op)
{
    unsigned esc = op[0] - 0xd8u, m = op[1];

    return 4 * (esc * 72 + (m >= 0xc0 ? 8 + (m - 0xc0) : (m >> 3) & 7));
}

/*
 * FNV-1a over the result of case C: the FNSAVE image without its pointer
 * fields (bytes 12-27: FIP, FCS, FOP, FDP, FDS are addresses of the
 * runner) and without the condition codes the SDM leaves undefined
 * (x87_case_undefined_cc), the memory operand (the same bits masked where
 * FNSTSW stored them) and the arithmetic flags.
 */
static inline uint32_t x87_hash_result(const X87Case *c, const uint8_t *image,
                                       const uint8_t *mem, uint32_t eflags)
{
    uint32_t h = 2166136261u;
    uint16_t mem_undefined;
    uint16_t undefined = x87_case_undefined_cc(c, &mem_undefined);

    for (int i = 0; i < 108; i++) {
        uint8_t b = image[i];

        if (i == 4 || i == 5) {
            b &= (uint8_t) ~(undefined >> (8 * (i - 4)));
        }
        if (i < 12 || i >= 28) {
            h = (h ^ b) * 16777619u;
        }
    }
    for (int i = 0; i < 16; i++) {
        uint8_t b = mem[i];

        if (i < 2) {
            b &= (uint8_t) ~(mem_undefined >> (8 * i));
        }
        h = (h ^ b) * 16777619u;
    }
    for (int i = 0; i < 4; i++) {
        h = (h ^ (uint8_t)((eflags & 0x8d5) >> (8 * i))) * 16777619u;
    }
    return h;
}

#endif /* X87_CASES_H */
