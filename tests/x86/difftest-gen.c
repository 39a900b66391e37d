/*
 * The instruction generator of the host-differential tester: random
 * sequences drawn from a table of instruction forms (one row per opcode
 * form, as the SDM's opcode map writes it), encoded with random prefixes
 * (66, 67, REX with any of W/R/X/B, ignored segment overrides, LOCK),
 * registers, addressing forms and immediates.
 *
 * Invariants that keep a sequence inside its sandbox and its result
 * defined (difftest.h):
 *   - memory operands address the sandbox only: through a reserved base
 *     register (and a reserved index register with a small value) pointing
 *     into the data buffer, through rsp (which always points into the
 *     sandbox stack), or by an absolute / rip-relative displacement to it;
 *     LEA and hinting NOPs, which do not access memory, get any address;
 *   - no instruction writes rsp except by pushing and popping (at most 8
 *     bytes per instruction, well inside the stack), or the two reserved
 *     registers; ENTER is always followed at once by LEAVE;
 *   - no control transfer, privileged instruction or instruction whose
 *     result differs between two correct CPUs (CPUID, RDTSC) is generated;
 *   - flags an instruction leaves undefined are tracked: a form that reads
 *     an undefined flag is not chosen, and the comparison masks them
 *     (DtSeq.flag_mask).
 */
#include <glib.h>
#include <string.h>

#include "difftest.h"
#include "target/i386/insn-flags.h"

/* -- Random numbers (xoshiro256**, public domain algorithm) --------------- */

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

void dt_rng_seed(DtRng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++) {
        /* splitmix64 spreads the seed over the state */
        uint64_t z = (seed += 0x9e3779b97f4a7c15ull);

        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        r->s[i] = z ^ (z >> 31);
    }
}

uint64_t dt_rng_next(DtRng *r)
{
    uint64_t *s = r->s, res = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return res;
}

uint32_t dt_rng_below(DtRng *r, uint32_t n)
{
    return (uint32_t)(((dt_rng_next(r) >> 32) * n) >> 32);
}

/* A value biased to the edges where flags and extensions go wrong. */
static uint64_t rand_value(DtRng *r)
{
    static const uint64_t edge[] = {
        0,
        1,
        2,
        0x7f,
        0x80,
        0xff,
        0x100,
        0x7fff,
        0x8000,
        0xffff,
        0x10000,
        0x7fffffff,
        0x80000000,
        0xffffffff,
        0x100000000ull,
        0x7fffffffffffffffull,
        0x8000000000000000ull,
        ~0ull,
        ~1ull,
    };

    switch (dt_rng_below(r, 6)) {
    case 0:
        return edge[dt_rng_below(r, G_N_ELEMENTS(edge))];
    case 1:
        return -(uint64_t)dt_rng_below(r, 4);
    case 2:
        return dt_rng_below(r, 256);
    default:
        return dt_rng_next(r);
    }
}

/* -- The form table -------------------------------------------------------- */

/* How a form's operands are encoded. */
typedef enum DtKind {
    K_EG,    /* ModRM: operand 0 is r/m (E), operand 1 is reg (G) */
    K_GE,    /* ModRM: operand 0 is reg (G), operand 1 is r/m (E) */
    K_E,     /* ModRM with the reg field fixed (a group): operand 0 is E */
    K_ACC,   /* AL/rAX and an immediate */
    K_ZR,    /* register in the opcode's low three bits (+ REX.B) */
    K_NONE,  /* no explicit operand */
    K_MOFFS, /* AL/rAX and an absolute address (A0-A3) */
    K_SEG,   /* MOV Ev, Sw: reg field is a segment register */
} DtKind;

/* Operand widths, as the SDM's size letters. */
typedef enum DtWidth {
    W_B,   /* byte */
    W_W,   /* word */
    W_D,   /* doubleword */
    W_V,   /* 16/32/64 by 66 and REX.W */
    W_V64, /* 16/64 in 64-bit mode (default 64), 16/32 in 32-bit mode */
    W_Y,   /* 32, or 64 with REX.W in 64-bit mode */
} DtWidth;

typedef enum DtImm {
    I_0,
    I_B,
    I_W,
    I_Z, /* 2 bytes at 16-bit operand size, else 4 */
    I_V, /* the operand size: 2, 4 or 8 */
} DtImm;

/* Attribute bits. */
#define A_W0      0x0001u    /* operand 0 is written */
#define A_W1      0x0002u    /* operand 1 is written */
#define A_MEM     0x0004u    /* r/m must be memory */
#define A_REG     0x0008u    /* r/m must be a register */
#define A_LOCK    0x0010u    /* LOCK allowed with a memory destination */
#define A_O64     0x0020u    /* 64-bit mode only */
#define A_I64     0x0040u    /* invalid in 64-bit mode */
#define A_CC      0x0080u    /* opcode low nibble is a condition (read flags) */
#define A_NOACC   0x0100u    /* the address is not accessed: any registers */
#define A_CPL3    0x0200u    /* reads a selector: only where both sides agree */
#define A_DIV     0x0400u    /* usually preceded by a dividend set-up */
#define A_XLAT    0x0800u    /* needs the base register to be rbx */
#define A_POPF    0x1000u    /* preceded by a push of a safe flags image */
#define A_ENTER   0x2000u    /* followed by LEAVE */
#define A_RM0     0x4000u    /* register form with r/m 0 only (fences) */
#define A_ANYREG  0x8000u    /* the reg field is ignored: random */
#define A_SEGPUSH 0x10000u   /* pushes a selector: see segpush_setup */
#define A_SHIFT   0x20000u   /* group 2 / SHLD / SHRD: flags from the count */
#define A_CLCNT   0x40000u   /* ... the count is CL: unknown here */
#define A_BTMEM   0x80000u   /* bit offset in G: the small index register */
#define A_STR     0x100000u  /* string instruction: see string_setup */
#define A_REPE    0x200000u  /* ... F3 and F2 are REPE / REPNE */
#define A_REXW    0x400000u  /* needs REX.W (CMPXCHG16B) */
#define A_F3      0x800000u  /* mandatory prefix F3 */
#define A_66      0x1000000u /* mandatory prefix 66 */

typedef struct DtForm {
    const char *name; /* mnemonic and operands, SDM style */
    uint8_t map;      /* 0: one-byte, 1: 0F, 2: 0F 38 */
    uint8_t op;       /* opcode (K_ZR, A_CC: the row's first) */
    int8_t reg;       /* ModRM.reg for K_E (group 2: the operation), or -1 */
    uint8_t kind;     /* DtKind */
    uint8_t width;    /* DtWidth of operand 0 (and of G for K_GE) */
    int8_t ewidth;    /* DtWidth of the r/m operand if different, or -1 */
    uint8_t imm;      /* DtImm */
    uint32_t attrs;   /* A_* */
    uint16_t mnem;    /* X86Mnemonic: its flags (insn-flags.def) */
} DtForm;

#define ROW(nm, map, op, reg, kind, w, ew, imm, at, mn)                        \
    {                                                                          \
        nm, map, op, reg, kind, w, ew, imm, at, mn                             \
    }

/* The eight ALU operations: the 00-3F block and group 1 (80-83). */
#define ALU(nm, n, at, mn)                                                     \
    ROW(nm " Eb,Gb", 0, 8 * n + 0, -1, K_EG, W_B, -1, I_0, at, mn),            \
        ROW(nm " Ev,Gv", 0, 8 * n + 1, -1, K_EG, W_V, -1, I_0, at, mn),        \
        ROW(nm " Gb,Eb", 0, 8 * n + 2, -1, K_GE, W_B, -1, I_0, (at)&A_W0, mn), \
        ROW(nm " Gv,Ev", 0, 8 * n + 3, -1, K_GE, W_V, -1, I_0, (at)&A_W0, mn), \
        ROW(nm " AL,Ib", 0, 8 * n + 4, -1, K_ACC, W_B, -1, I_B, at, mn),       \
        ROW(nm " rAX,Iz", 0, 8 * n + 5, -1, K_ACC, W_V, -1, I_Z, at, mn),      \
        ROW(nm " Eb,Ib", 0, 0x80, n, K_E, W_B, -1, I_B, at, mn),               \
        ROW(nm " Ev,Iz", 0, 0x81, n, K_E, W_V, -1, I_Z, at, mn),               \
        ROW(nm " Eb,Ib (82)", 0, 0x82, n, K_E, W_B, -1, I_B, (at) | A_I64,     \
            mn),                                                               \
        ROW(nm " Ev,Ib", 0, 0x83, n, K_E, W_V, -1, I_B, at, mn)

#define WL (A_W0 | A_LOCK)

static const DtForm dt_forms[] = {
    /* Arithmetic and logic */
    ALU("add", 0, WL, X86_INSN_ADD),
    ALU("or", 1, WL, X86_INSN_OR),
    ALU("adc", 2, WL, X86_INSN_ADC),
    ALU("sbb", 3, WL, X86_INSN_SBB),
    ALU("and", 4, WL, X86_INSN_AND),
    ALU("sub", 5, WL, X86_INSN_SUB),
    ALU("xor", 6, WL, X86_INSN_XOR),
    ALU("cmp", 7, 0, X86_INSN_CMP),
    ROW("test Eb,Gb", 0, 0x84, -1, K_EG, W_B, -1, I_0, 0, X86_INSN_TEST),
    ROW("test Ev,Gv", 0, 0x85, -1, K_EG, W_V, -1, I_0, 0, X86_INSN_TEST),
    ROW("test AL,Ib", 0, 0xa8, -1, K_ACC, W_B, -1, I_B, 0, X86_INSN_TEST),
    ROW("test rAX,Iz", 0, 0xa9, -1, K_ACC, W_V, -1, I_Z, 0, X86_INSN_TEST),
    ROW("test Eb,Ib", 0, 0xf6, 0, K_E, W_B, -1, I_B, 0, X86_INSN_TEST),
    ROW("test Ev,Iz", 0, 0xf7, 0, K_E, W_V, -1, I_Z, 0, X86_INSN_TEST),
    ROW("test Eb,Ib (/1)", 0, 0xf6, 1, K_E, W_B, -1, I_B, 0, X86_INSN_TEST),
    ROW("test Ev,Iz (/1)", 0, 0xf7, 1, K_E, W_V, -1, I_Z, 0, X86_INSN_TEST),
    ROW("not Eb", 0, 0xf6, 2, K_E, W_B, -1, I_0, WL, X86_INSN_NOT),
    ROW("not Ev", 0, 0xf7, 2, K_E, W_V, -1, I_0, WL, X86_INSN_NOT),
    ROW("neg Eb", 0, 0xf6, 3, K_E, W_B, -1, I_0, WL, X86_INSN_NEG),
    ROW("neg Ev", 0, 0xf7, 3, K_E, W_V, -1, I_0, WL, X86_INSN_NEG),
    ROW("inc Eb", 0, 0xfe, 0, K_E, W_B, -1, I_0, WL, X86_INSN_INC),
    ROW("inc Ev", 0, 0xff, 0, K_E, W_V, -1, I_0, WL, X86_INSN_INC),
    ROW("dec Eb", 0, 0xfe, 1, K_E, W_B, -1, I_0, WL, X86_INSN_DEC),
    ROW("dec Ev", 0, 0xff, 1, K_E, W_V, -1, I_0, WL, X86_INSN_DEC),
    ROW("inc Zv", 0, 0x40, -1, K_ZR, W_V, -1, I_0, A_W0 | A_I64, X86_INSN_INC),
    ROW("dec Zv", 0, 0x48, -1, K_ZR, W_V, -1, I_0, A_W0 | A_I64, X86_INSN_DEC),

    /* Multiplication and division */
    ROW("mul Eb", 0, 0xf6, 4, K_E, W_B, -1, I_0, 0, X86_INSN_MUL),
    ROW("mul Ev", 0, 0xf7, 4, K_E, W_V, -1, I_0, 0, X86_INSN_MUL),
    ROW("imul Eb", 0, 0xf6, 5, K_E, W_B, -1, I_0, 0, X86_INSN_IMUL1),
    ROW("imul Ev", 0, 0xf7, 5, K_E, W_V, -1, I_0, 0, X86_INSN_IMUL1),
    ROW("imul Gv,Ev", 1, 0xaf, -1, K_GE, W_V, -1, I_0, A_W0, X86_INSN_IMUL),
    ROW("imul Gv,Ev,Iz", 0, 0x69, -1, K_GE, W_V, -1, I_Z, A_W0, X86_INSN_IMUL),
    ROW("imul Gv,Ev,Ib", 0, 0x6b, -1, K_GE, W_V, -1, I_B, A_W0, X86_INSN_IMUL),
    ROW("div Eb", 0, 0xf6, 6, K_E, W_B, -1, I_0, A_DIV, X86_INSN_DIV),
    ROW("div Ev", 0, 0xf7, 6, K_E, W_V, -1, I_0, A_DIV, X86_INSN_DIV),
    ROW("idiv Eb", 0, 0xf6, 7, K_E, W_B, -1, I_0, A_DIV, X86_INSN_IDIV),
    ROW("idiv Ev", 0, 0xf7, 7, K_E, W_V, -1, I_0, A_DIV, X86_INSN_IDIV),

    /* Exchange and operate */
    ROW("xchg Eb,Gb", 0, 0x86, -1, K_EG, W_B, -1, I_0, WL | A_W1,
        X86_INSN_XCHG),
    ROW("xchg Ev,Gv", 0, 0x87, -1, K_EG, W_V, -1, I_0, WL | A_W1,
        X86_INSN_XCHG),
    ROW("xchg Zv,rAX", 0, 0x90, -1, K_ZR, W_V, -1, I_0, A_W0, X86_INSN_XCHG),
    ROW("xadd Eb,Gb", 1, 0xc0, -1, K_EG, W_B, -1, I_0, WL | A_W1,
        X86_INSN_XADD),
    ROW("xadd Ev,Gv", 1, 0xc1, -1, K_EG, W_V, -1, I_0, WL | A_W1,
        X86_INSN_XADD),
    ROW("cmpxchg Eb,Gb", 1, 0xb0, -1, K_EG, W_B, -1, I_0, WL, X86_INSN_CMPXCHG),
    ROW("cmpxchg Ev,Gv", 1, 0xb1, -1, K_EG, W_V, -1, I_0, WL, X86_INSN_CMPXCHG),

    /* Data movement */
    ROW("mov Eb,Gb", 0, 0x88, -1, K_EG, W_B, -1, I_0, A_W0, X86_INSN_MOV),
    ROW("mov Ev,Gv", 0, 0x89, -1, K_EG, W_V, -1, I_0, A_W0, X86_INSN_MOV),
    ROW("mov Gb,Eb", 0, 0x8a, -1, K_GE, W_B, -1, I_0, A_W0, X86_INSN_MOV),
    ROW("mov Gv,Ev", 0, 0x8b, -1, K_GE, W_V, -1, I_0, A_W0, X86_INSN_MOV),
    ROW("mov Zb,Ib", 0, 0xb0, -1, K_ZR, W_B, -1, I_B, A_W0, X86_INSN_MOV),
    ROW("mov Zv,Iv", 0, 0xb8, -1, K_ZR, W_V, -1, I_V, A_W0, X86_INSN_MOV),
    ROW("mov Eb,Ib", 0, 0xc6, 0, K_E, W_B, -1, I_B, A_W0, X86_INSN_MOV),
    ROW("mov Ev,Iz", 0, 0xc7, 0, K_E, W_V, -1, I_Z, A_W0, X86_INSN_MOV),
    ROW("mov AL,Ob", 0, 0xa0, -1, K_MOFFS, W_B, -1, I_0, 0, X86_INSN_MOV),
    ROW("mov rAX,Ov", 0, 0xa1, -1, K_MOFFS, W_V, -1, I_0, 0, X86_INSN_MOV),
    ROW("mov Ob,AL", 0, 0xa2, -1, K_MOFFS, W_B, -1, I_0, 0, X86_INSN_MOV),
    ROW("mov Ov,rAX", 0, 0xa3, -1, K_MOFFS, W_V, -1, I_0, 0, X86_INSN_MOV),
    ROW("mov Ev,Sw", 0, 0x8c, -1, K_SEG, W_V, -1, I_0, A_W0 | A_CPL3,
        X86_INSN_MOV_FROM_SEG),
    ROW("movzx Gv,Eb", 1, 0xb6, -1, K_GE, W_V, W_B, I_0, A_W0, X86_INSN_MOVZX),
    ROW("movzx Gv,Ew", 1, 0xb7, -1, K_GE, W_V, W_W, I_0, A_W0, X86_INSN_MOVZX),
    ROW("movsx Gv,Eb", 1, 0xbe, -1, K_GE, W_V, W_B, I_0, A_W0, X86_INSN_MOVSX),
    ROW("movsx Gv,Ew", 1, 0xbf, -1, K_GE, W_V, W_W, I_0, A_W0, X86_INSN_MOVSX),
    ROW("movsxd Gv,Ed", 0, 0x63, -1, K_GE, W_V, W_D, I_0, A_W0 | A_O64,
        X86_INSN_MOVSXD),
    ROW("movbe Gv,Mv", 2, 0xf0, -1, K_GE, W_V, -1, I_0, A_W0 | A_MEM,
        X86_INSN_MOVBE),
    ROW("movbe Mv,Gv", 2, 0xf1, -1, K_EG, W_V, -1, I_0, A_W0 | A_MEM,
        X86_INSN_MOVBE),
    ROW("lea Gv,M", 0, 0x8d, -1, K_GE, W_V, -1, I_0, A_W0 | A_MEM | A_NOACC,
        X86_INSN_LEA),
    ROW("cmovcc Gv,Ev", 1, 0x40, -1, K_GE, W_V, -1, I_0, A_W0 | A_CC,
        X86_INSN_CMOVCC),
    ROW("setcc Eb", 1, 0x90, 0, K_E, W_B, -1, I_0, A_W0 | A_CC | A_ANYREG,
        X86_INSN_SETCC),
    ROW("cbw/cwde/cdqe", 0, 0x98, -1, K_NONE, W_V, -1, I_0, 0, X86_INSN_CBW),
    ROW("cwd/cdq/cqo", 0, 0x99, -1, K_NONE, W_V, -1, I_0, 0, X86_INSN_CWD),
    ROW("xlat", 0, 0xd7, -1, K_NONE, W_B, -1, I_0, A_XLAT, X86_INSN_XLAT),
    ROW("nop", 0, 0x90, -1, K_NONE, W_V, -1, I_0, 0, X86_INSN_NOP),
    ROW("nop Ev", 1, 0x1f, 0, K_E, W_V, -1, I_0, A_NOACC, X86_INSN_NOP),
    ROW("nop Ev (0F 19)", 1, 0x19, -1, K_GE, W_V, -1, I_0, A_NOACC,
        X86_INSN_NOP),
    ROW("lfence", 1, 0xae, 5, K_E, W_B, -1, I_0, A_REG | A_RM0, X86_INSN_FENCE),
    ROW("mfence", 1, 0xae, 6, K_E, W_B, -1, I_0, A_REG | A_RM0, X86_INSN_FENCE),
    ROW("sfence", 1, 0xae, 7, K_E, W_B, -1, I_0, A_REG | A_RM0, X86_INSN_FENCE),

    /* Flags */
    ROW("lahf", 0, 0x9f, -1, K_NONE, W_B, -1, I_0, 0, X86_INSN_LAHF),
    ROW("sahf", 0, 0x9e, -1, K_NONE, W_B, -1, I_0, 0, X86_INSN_SAHF),
    ROW("clc", 0, 0xf8, -1, K_NONE, W_B, -1, I_0, 0, X86_INSN_CLC),
    ROW("stc", 0, 0xf9, -1, K_NONE, W_B, -1, I_0, 0, X86_INSN_STC),
    ROW("cmc", 0, 0xf5, -1, K_NONE, W_B, -1, I_0, 0, X86_INSN_CMC),
    ROW("cld", 0, 0xfc, -1, K_NONE, W_B, -1, I_0, 0, X86_INSN_CLD),
    ROW("std", 0, 0xfd, -1, K_NONE, W_B, -1, I_0, 0, X86_INSN_STD),

    /* Stack */
    ROW("push Zv", 0, 0x50, -1, K_ZR, W_V64, -1, I_0, 0, X86_INSN_PUSH),
    ROW("pop Zv", 0, 0x58, -1, K_ZR, W_V64, -1, I_0, A_W0, X86_INSN_POP),
    ROW("push Iz", 0, 0x68, -1, K_NONE, W_V64, -1, I_Z, 0, X86_INSN_PUSH),
    ROW("push Ib", 0, 0x6a, -1, K_NONE, W_V64, -1, I_B, 0, X86_INSN_PUSH),
    ROW("push Ev", 0, 0xff, 6, K_E, W_V64, -1, I_0, 0, X86_INSN_PUSH),
    ROW("pop Ev", 0, 0x8f, 0, K_E, W_V64, -1, I_0, A_W0, X86_INSN_POP),
    ROW("pushf", 0, 0x9c, -1, K_NONE, W_V64, -1, I_0, 0, X86_INSN_PUSHF),
    ROW("popf", 0, 0x9d, -1, K_NONE, W_V64, -1, I_0, A_POPF, X86_INSN_POPF),
    ROW("enter Iw,Ib; leave", 0, 0xc8, -1, K_NONE, W_V64, -1, I_0, A_ENTER,
        X86_INSN_ENTER),
    ROW("push fs", 1, 0xa0, -1, K_NONE, W_V64, -1, I_0,
        A_O64 | A_CPL3 | A_SEGPUSH, X86_INSN_PUSH_SEG),
    ROW("push gs", 1, 0xa8, -1, K_NONE, W_V64, -1, I_0,
        A_O64 | A_CPL3 | A_SEGPUSH, X86_INSN_PUSH_SEG),
    ROW("push es", 0, 0x06, -1, K_NONE, W_V64, -1, I_0,
        A_I64 | A_CPL3 | A_SEGPUSH, X86_INSN_PUSH_SEG),
    ROW("push cs", 0, 0x0e, -1, K_NONE, W_V64, -1, I_0,
        A_I64 | A_CPL3 | A_SEGPUSH, X86_INSN_PUSH_SEG),
    ROW("push ss", 0, 0x16, -1, K_NONE, W_V64, -1, I_0,
        A_I64 | A_CPL3 | A_SEGPUSH, X86_INSN_PUSH_SEG),
    ROW("push ds", 0, 0x1e, -1, K_NONE, W_V64, -1, I_0,
        A_I64 | A_CPL3 | A_SEGPUSH, X86_INSN_PUSH_SEG),
/* Shifts and rotates (group 2; count 1, Ib or CL) */
#define SHIFT(nm, n, mn)                                                       \
    ROW(nm " Eb,1", 0, 0xd0, n, K_E, W_B, -1, I_0, A_W0 | A_SHIFT, mn),        \
        ROW(nm " Ev,1", 0, 0xd1, n, K_E, W_V, -1, I_0, A_W0 | A_SHIFT, mn),    \
        ROW(nm " Eb,Ib", 0, 0xc0, n, K_E, W_B, -1, I_B, A_W0 | A_SHIFT, mn),   \
        ROW(nm " Ev,Ib", 0, 0xc1, n, K_E, W_V, -1, I_B, A_W0 | A_SHIFT, mn),   \
        ROW(nm " Eb,CL", 0, 0xd2, n, K_E, W_B, -1, I_0,                        \
            A_W0 | A_SHIFT | A_CLCNT, mn),                                     \
        ROW(nm " Ev,CL", 0, 0xd3, n, K_E, W_V, -1, I_0,                        \
            A_W0 | A_SHIFT | A_CLCNT, mn)
    SHIFT("rol", 0, X86_INSN_ROL),
    SHIFT("ror", 1, X86_INSN_ROR),
    SHIFT("rcl", 2, X86_INSN_RCL),
    SHIFT("rcr", 3, X86_INSN_RCR),
    SHIFT("shl", 4, X86_INSN_SHL),
    SHIFT("shr", 5, X86_INSN_SHR),
    SHIFT("sal", 6, X86_INSN_SHL),
    SHIFT("sar", 7, X86_INSN_SAR),
    ROW("shld Ev,Gv,Ib", 1, 0xa4, -1, K_EG, W_V, -1, I_B, A_W0 | A_SHIFT,
        X86_INSN_SHLD),
    ROW("shld Ev,Gv,CL", 1, 0xa5, -1, K_EG, W_V, -1, I_0,
        A_W0 | A_SHIFT | A_CLCNT, X86_INSN_SHLD),
    ROW("shrd Ev,Gv,Ib", 1, 0xac, -1, K_EG, W_V, -1, I_B, A_W0 | A_SHIFT,
        X86_INSN_SHRD),
    ROW("shrd Ev,Gv,CL", 1, 0xad, -1, K_EG, W_V, -1, I_0,
        A_W0 | A_SHIFT | A_CLCNT, X86_INSN_SHRD),

    /* Bit operations */
    ROW("bt Ev,Gv", 1, 0xa3, -1, K_EG, W_V, -1, I_0, A_BTMEM, X86_INSN_BT),
    ROW("bts Ev,Gv", 1, 0xab, -1, K_EG, W_V, -1, I_0, WL | A_BTMEM,
        X86_INSN_BTS),
    ROW("btr Ev,Gv", 1, 0xb3, -1, K_EG, W_V, -1, I_0, WL | A_BTMEM,
        X86_INSN_BTR),
    ROW("btc Ev,Gv", 1, 0xbb, -1, K_EG, W_V, -1, I_0, WL | A_BTMEM,
        X86_INSN_BTC),
    ROW("bt Ev,Ib", 1, 0xba, 4, K_E, W_V, -1, I_B, 0, X86_INSN_BT),
    ROW("bts Ev,Ib", 1, 0xba, 5, K_E, W_V, -1, I_B, WL, X86_INSN_BTS),
    ROW("btr Ev,Ib", 1, 0xba, 6, K_E, W_V, -1, I_B, WL, X86_INSN_BTR),
    ROW("btc Ev,Ib", 1, 0xba, 7, K_E, W_V, -1, I_B, WL, X86_INSN_BTC),
    ROW("bsf Gv,Ev", 1, 0xbc, -1, K_GE, W_V, -1, I_0, A_W0, X86_INSN_BSF),
    ROW("bsr Gv,Ev", 1, 0xbd, -1, K_GE, W_V, -1, I_0, A_W0, X86_INSN_BSR),
    ROW("tzcnt Gv,Ev", 1, 0xbc, -1, K_GE, W_V, -1, I_0, A_W0 | A_F3,
        X86_INSN_TZCNT),
    ROW("lzcnt Gv,Ev", 1, 0xbd, -1, K_GE, W_V, -1, I_0, A_W0 | A_F3,
        X86_INSN_LZCNT),
    ROW("popcnt Gv,Ev", 1, 0xb8, -1, K_GE, W_V, -1, I_0, A_W0 | A_F3,
        X86_INSN_POPCNT),
    ROW("bswap Zy", 1, 0xc8, -1, K_ZR, W_Y, -1, I_0, A_W0, X86_INSN_BSWAP),
    ROW("cmpxchg8b Mq", 1, 0xc7, 1, K_E, W_D, -1, I_0, WL | A_MEM,
        X86_INSN_CMPXCHG8B),
    ROW("cmpxchg16b Mdq", 1, 0xc7, 1, K_E, W_D, -1, I_0,
        WL | A_MEM | A_REXW | A_O64, X86_INSN_CMPXCHG16B),
    ROW("adcx Gy,Ey", 2, 0xf6, -1, K_GE, W_Y, -1, I_0, A_W0 | A_66,
        X86_INSN_ADCX),
    ROW("adox Gy,Ey", 2, 0xf6, -1, K_GE, W_Y, -1, I_0, A_W0 | A_F3,
        X86_INSN_ADOX),

    /* Decimal adjusts (not in 64-bit mode) */
    ROW("daa", 0, 0x27, -1, K_NONE, W_B, -1, I_0, A_I64, X86_INSN_DAA),
    ROW("das", 0, 0x2f, -1, K_NONE, W_B, -1, I_0, A_I64, X86_INSN_DAS),
    ROW("aaa", 0, 0x37, -1, K_NONE, W_B, -1, I_0, A_I64, X86_INSN_AAA),
    ROW("aas", 0, 0x3f, -1, K_NONE, W_B, -1, I_0, A_I64, X86_INSN_AAS),
    ROW("aam Ib", 0, 0xd4, -1, K_NONE, W_B, -1, I_B, A_I64, X86_INSN_AAM),
    ROW("aad Ib", 0, 0xd5, -1, K_NONE, W_B, -1, I_B, A_I64, X86_INSN_AAD),

    /* Strings (rSI, rDI, rCX set up first) */
    ROW("movs Yb,Xb", 0, 0xa4, -1, K_NONE, W_B, -1, I_0, A_STR, X86_INSN_MOVS),
    ROW("movs Yv,Xv", 0, 0xa5, -1, K_NONE, W_V, -1, I_0, A_STR, X86_INSN_MOVS),
    ROW("cmps Xb,Yb", 0, 0xa6, -1, K_NONE, W_B, -1, I_0, A_STR | A_REPE,
        X86_INSN_CMPS),
    ROW("cmps Xv,Yv", 0, 0xa7, -1, K_NONE, W_V, -1, I_0, A_STR | A_REPE,
        X86_INSN_CMPS),
    ROW("stos Yb,AL", 0, 0xaa, -1, K_NONE, W_B, -1, I_0, A_STR, X86_INSN_STOS),
    ROW("stos Yv,rAX", 0, 0xab, -1, K_NONE, W_V, -1, I_0, A_STR, X86_INSN_STOS),
    ROW("lods AL,Xb", 0, 0xac, -1, K_NONE, W_B, -1, I_0, A_STR, X86_INSN_LODS),
    ROW("lods rAX,Xv", 0, 0xad, -1, K_NONE, W_V, -1, I_0, A_STR, X86_INSN_LODS),
    ROW("scas AL,Yb", 0, 0xae, -1, K_NONE, W_B, -1, I_0, A_STR | A_REPE,
        X86_INSN_SCAS),
    ROW("scas rAX,Yv", 0, 0xaf, -1, K_NONE, W_V, -1, I_0, A_STR | A_REPE,
        X86_INSN_SCAS),
};

int dt_form_count(void)
{
    return G_N_ELEMENTS(dt_forms);
}

const char *dt_form_name(int i)
{
    return dt_forms[i].name;
}

bool dt_form_in_mode(int i, int mode)
{
    return !(dt_forms[i].attrs & (mode == 64 ? A_I64 : A_O64));
}

/* Index of the form named NAME (a snippet's companion instruction). */
static int form_index(const char *name)
{
    for (int i = 0; i < dt_form_count(); i++) {
        if (!strcmp(dt_forms[i].name, name)) {
            return i;
        }
    }
    g_error("difftest: no form named \"%s\"", name);
}

/* -- Encoding one instruction --------------------------------------------- */

/* The sequence being generated. */
typedef struct Gen {
    DtSeq *seq;
    DtRng *r;
    int mode;        /* 64 or 32 */
    int nregs;       /* 16 or 8 */
    int base, index; /* reserved registers for memory operands */
    uint16_t undef;  /* arithmetic flags now undefined */
    uint16_t zero;   /* ... of which Peregrine has surely cleared */
} Gen;

/* One instruction under construction. */
typedef struct Enc {
    uint8_t pfx[4]; /* legacy prefixes */
    int npfx;
    bool rex;         /* emit a REX byte */
    uint8_t rexbits;  /* its W R X B bits */
    uint8_t body[32]; /* opcode, ModRM, SIB, displacement, immediate */
    int nbody;
    int disp_at;         /* rip-relative: body offset of disp32, or -1 */
    uint64_t rip_target; /* ... and the address it must reach */
} Enc;

#define REX_W 8
#define REX_R 4
#define REX_X 2
#define REX_B 1

static void put(Enc *e, uint64_t v, int n)
{
    for (int i = 0; i < n; i++) {
        e->body[e->nbody++] = (uint8_t)(v >> (8 * i));
    }
}

static void add_prefix(Enc *e, uint8_t p)
{
    e->pfx[e->npfx++] = p;
}

/* The architectural register a register operand names (AH..BH are 0-3). */
static int underlying(int code, bool byte, bool rex)
{
    return byte && !rex && code >= 4 && code < 8 ? code - 4 : code;
}

/* May the sequence write register REG (0-15)? */
static bool writable(const Gen *g, int reg)
{
    return reg != 4 && reg != g->base && reg != g->index;
}

/* A register operand code; written ones avoid rsp and the reserved ones. */
static int pick_reg(Gen *g, Enc *e, bool byte, bool write)
{
    int n = e->rex ? g->nregs : 8;

    for (;;) {
        int code = dt_rng_below(g->r, n);

        if (!write || writable(g, underlying(code, byte, e->rex))) {
            return code;
        }
    }
}

/* A displacement of the form the mod field asks for. */
static int64_t rand_disp(Gen *g, int mod, int64_t lo, int64_t hi)
{
    if (mod == 1) {
        lo = MAX(lo, -128);
        hi = MIN(hi, 127);
    }
    return lo + (int64_t)dt_rng_below(g->r, (uint32_t)(hi - lo + 1));
}

/*
 * ModRM (+ SIB + displacement) for a memory operand, reg field 0 (the
 * caller ORs it in), through BASE (-1: none) + INDEX (-1: none) << SCALE +
 * DISP.  MOD is 0, 1 or 2; with no base the displacement is 32 bits (mod 0, SIB
 * base 101).
 */
static void enc_mem(Gen *g, Enc *e, int base, int index, int scale, int mod,
                    int64_t disp)
{
    bool sib = index >= 0 || base < 0 || (base & 7) == 4;

    if (base < 0) {
        mod = 0;
    } else if (mod == 0 && (base & 7) == 5) {
        mod = 1; /* [rbp] / [r13] need a displacement */
    }
    if (!sib) {
        put(e, (mod << 6) | (base & 7), 1);
        e->rexbits |= (base >> 3) ? REX_B : 0;
    } else {
        int idx = index >= 0 ? index : 4;
        int b = base >= 0 ? base : 5;

        put(e, (mod << 6) | 4, 1);
        put(e, (scale << 6) | ((idx & 7) << 3) | (b & 7), 1);
        e->rexbits |= (idx >> 3) ? REX_X : 0;
        e->rexbits |= (b >> 3) && base >= 0 ? REX_B : 0;
    }
    if (base < 0 || mod == 2) {
        put(e, (uint64_t)disp, 4);
    } else if (mod == 1) {
        put(e, (uint64_t)disp, 1);
    }
}

/* An absolute address: SIB without base or index, or (32-bit mode only)
 * mod 0 r/m 101. */
static void enc_absolute(Gen *g, Enc *e, uint64_t target)
{
    if (g->mode == 32 && dt_rng_below(g->r, 2)) {
        put(e, 5, 1);
        put(e, target, 4);
    } else {
        enc_mem(g, e, -1, -1, 0, 0, (int64_t)target);
    }
}

/*
 * A memory operand inside the sandbox (difftest.h): through the reserved
 * base (and index), through rsp, absolute, or rip-relative.  Sets REX bits
 * that a reserved register >= 8 needs.
 */
static void enc_sandbox_mem(Gen *g, Enc *e)
{
    int mod = dt_rng_below(g->r, 3);
    uint64_t target = DT_DATA_ADDR + dt_rng_below(g->r, DT_DATA_SIZE - 16);

    switch (dt_rng_below(g->r, 8)) {
    case 0:
    case 1:
        enc_mem(g, e, g->base, -1, 0, mod, rand_disp(g, mod, -0x300, 0x300));
        break;
    case 2:
    case 3:
    case 4:
        enc_mem(g, e, g->base, g->index, dt_rng_below(g->r, 4), mod,
                rand_disp(g, mod, -0x300, 0x300));
        break;
    case 5:
        enc_mem(g, e, 4, -1, 0, mod ? mod : 1,
                rand_disp(g, mod ? mod : 1, -0x200, 0x200));
        break;
    case 6:
        if (g->mode == 64) {
            /* rip-relative: the displacement is patched once the
             * instruction's length is known. */
            put(e, 5, 1);
            e->disp_at = e->nbody;
            e->rip_target = target;
            put(e, 0, 4);
        } else {
            enc_absolute(g, e, target);
        }
        break;
    default:
        enc_absolute(g, e, target);
        break;
    }
    if ((e->rexbits & (REX_X | REX_B)) && g->mode == 64) {
        e->rex = true;
    }
}

/* Any address (LEA, hinting NOPs): random registers and displacement. */
static void enc_any_mem(Gen *g, Enc *e)
{
    int n = g->nregs;
    int mod = dt_rng_below(g->r, 3);
    int base = dt_rng_below(g->r, 8) ? (int)dt_rng_below(g->r, n) : -1;
    int index = dt_rng_below(g->r, 2) ? (int)dt_rng_below(g->r, n) : -1;

    if (index == 4) {
        index = -1;
    }
    if (g->mode == 64 && dt_rng_below(g->r, 8) == 0) {
        put(e, 5, 1);
        e->disp_at = e->nbody;
        e->rip_target = dt_rng_next(g->r) & 0xffffffffu;
        put(e, 0, 4);
    } else {
        enc_mem(g, e, base, index, dt_rng_below(g->r, 4), mod,
                (int64_t)(int32_t)dt_rng_next(g->r));
    }
    if ((e->rexbits & (REX_X | REX_B)) && g->mode == 64) {
        e->rex = true;
    }
}

/* Choose the operand size of a W_V / W_V64 / W_Y form; set 66 / REX.W. */
static int choose_osize(Gen *g, Enc *e, DtWidth w)
{
    int pick = dt_rng_below(g->r, 3);

    if (w == W_Y) {
        if (g->mode == 64 && pick == 0) {
            e->rex = true;
            e->rexbits |= REX_W;
            return 8;
        }
        return 4;
    }
    if (g->mode == 32) {
        if (pick == 0) {
            add_prefix(e, 0x66);
            return 2;
        }
        return 4;
    }
    if (w == W_V64) {
        if (pick == 0) {
            add_prefix(e, 0x66);
            return 2;
        }
        if (pick == 1) {
            e->rex = true;
            e->rexbits |= REX_W;
        }
        return 8;
    }
    if (pick == 0) {
        add_prefix(e, 0x66);
        return 2;
    }
    if (pick == 1) {
        e->rex = true;
        e->rexbits |= REX_W;
        return 8;
    }
    return 4;
}

/* Append an immediate of kind IMM with value V; returns V. */
static uint64_t put_imm_value(Enc *e, DtImm imm, int osize, uint64_t v)
{
    switch (imm) {
    case I_0:
        break;
    case I_B:
        put(e, v, 1);
        break;
    case I_W:
        put(e, v, 2);
        break;
    case I_Z:
        put(e, v, osize == 2 ? 2 : 4);
        break;
    case I_V:
        put(e, v, osize);
        break;
    }
    return v;
}

static uint64_t put_imm(Gen *g, Enc *e, DtImm imm, int osize)
{
    return put_imm_value(e, imm, osize, rand_value(g->r));
}

/* Append E to the sequence as an instruction of form FORM (an index). */
static void emit(Gen *g, Enc *e, int form)
{
    DtSeq *s = g->seq;
    size_t start = s->len;

    s->off[s->ninsns] = (uint16_t)start;
    s->form[s->ninsns] = (int16_t)form;
    s->flag_mask[s->ninsns] = (DT_ARITH_FLAGS & ~g->undef) | DT_DF;
    s->flag_zero[s->ninsns] = g->zero;
    s->ninsns++;
    for (int i = 0; i < e->npfx; i++) {
        s->code[s->len++] = e->pfx[i];
    }
    if (e->rex) {
        s->code[s->len++] = 0x40 | e->rexbits;
    }
    memcpy(s->code + s->len, e->body, e->nbody);
    s->len += e->nbody;
    if (e->disp_at >= 0) {
        uint64_t next = DT_CODE_ADDR + s->len;
        uint32_t disp = (uint32_t)(e->rip_target - next);

        memcpy(s->code + s->len - e->nbody + e->disp_at, &disp, 4);
    }
}

/*
 * The flags state after an instruction with effect E; COUNT_KNOWN false:
 * a shift by CL, which may be zero and keep every flag as it was.
 */
static void apply_flags(Gen *g, X86FlagEffect e, bool count_known)
{
    if (count_known) {
        g->zero = (g->zero & ~(e.defined | e.undefined)) | e.zero;
    } else {
        g->zero &= e.zero; /* clear whatever the count was */
    }
    g->undef = (g->undef & ~e.defined) | e.undefined;
    g->zero &= g->undef;
}

/* Emit a fixed instruction (a snippet's helper) of the form NAME. */
static void emit_fixed(Gen *g, const char *name, const uint8_t *bytes, int n)
{
    Enc e = {.disp_at = -1};
    int form = form_index(name);

    memcpy(e.body, bytes, n);
    e.nbody = n;
    emit(g, &e, form);
    apply_flags(g, x86_insn_flags(dt_forms[form].mnem, 32, X86_COUNT_UNKNOWN),
                true);
}

/* DIV/IDIV: usually zero- or sign-extend the dividend first so that the
 * quotient fits; sometimes not, to get #DE from an overflow. */
static void div_setup(Gen *g, const DtForm *f, int osize)
{
    bool sign = f->reg == 7;

    if (dt_rng_below(g->r, 8) == 0) {
        return;
    }
    if (f->width == W_B) {
        static const uint8_t xor_ah[] = {0x30, 0xe4}, cbw[] = {0x66, 0x98};

        if (sign) {
            emit_fixed(g, "cbw/cwde/cdqe", cbw, 2);
        } else {
            emit_fixed(g, "xor Eb,Gb", xor_ah, 2);
        }
    } else if (sign) {
        uint8_t b[2] = {osize == 2 ? 0x66 : 0x48, 0x99};

        if (osize == 4) {
            emit_fixed(g, "cwd/cdq/cqo", b + 1, 1);
        } else {
            emit_fixed(g, "cwd/cdq/cqo", b, 2);
        }
    } else {
        static const uint8_t xor_edx[] = {0x31, 0xd2};

        emit_fixed(g, "xor Ev,Gv", xor_edx, 2);
    }
}

/* POPF: push an image with safe system bits (no TF, no AC) first. */
static void popf_setup(Gen *g, int osize)
{
    uint32_t v = 0x202
                 | (uint32_t)(dt_rng_next(g->r)
                              & (DT_ARITH_FLAGS | DT_DF | 0x4000 | 0x200000));
    uint8_t b[6];
    int n = 0;

    if (osize == 2) {
        b[n++] = 0x66;
    }
    b[n++] = 0x68;
    memcpy(b + n, &v, osize == 2 ? 2 : 4);
    n += osize == 2 ? 2 : 4;
    emit_fixed(g, "push Iz", b, n);
}

/*
 * A segment register pushed with a 32/64-bit operand size may be written
 * as a 16-bit store, leaving the rest of the slot as it was (SDM vol. 2B,
 * PUSH): push and pop a zero first so that the slot is known.
 */
static void segpush_setup(Gen *g)
{
    static const uint8_t push0[] = {0x6a, 0x00}, pop_rax[] = {0x58};

    emit_fixed(g, "push Ib", push0, 2);
    emit_fixed(g, "pop Zv", pop_rax, 1);
}

/*
 * Before a string instruction: rSI and rDI into the sandbox, rCX a small
 * count (returned), with MOV r32, imm32 (zero-extending in 64-bit mode).
 */
static uint32_t string_setup(Gen *g)
{
    uint32_t cnt = dt_rng_below(g->r, 17);
    uint32_t v[3] = {
        DT_DATA_ADDR + 0x400 + dt_rng_below(g->r, DT_DATA_SIZE - 0x800),
        DT_DATA_ADDR + 0x400 + dt_rng_below(g->r, DT_DATA_SIZE - 0x800),
        cnt,
    };
    static const uint8_t op[3] = {0xbe, 0xbf, 0xb9}; /* esi, edi, ecx */

    for (int i = 0; i < 3; i++) {
        uint8_t b[5] = {op[i]};

        memcpy(b + 1, &v[i], 4);
        emit_fixed(g, "mov Zv,Iv", b, 5);
    }
    return cnt;
}

/*
 * Try to append one instruction of form F (and a snippet's companions).
 * Returns false, appending nothing, when F does not fit the current state
 * (mode, CPL, undefined flags, reserved registers).
 */
static bool gen_form(Gen *g, const DtForm *f)
{
    Enc e = {.disp_at = -1};
    X86FlagEffect fl = x86_insn_flags(f->mnem, 32, X86_COUNT_UNKNOWN);
    bool count_known = true;
    int cc = 0, osize = 4, code = 0;
    uint32_t strcnt = 1;
    uint64_t imm = 0;
    bool byte = f->width == W_B, mem, rep = false;

    if ((f->attrs & A_O64 && g->mode != 64)
        || (f->attrs & A_I64 && g->mode == 64)
        || (f->attrs & A_CPL3 && g->seq->cpl != 3)
        || (f->attrs & A_XLAT && g->base != 3)) {
        return false;
    }
    if (f->attrs & A_CC) {
        cc = dt_rng_below(g->r, 16);
        fl.read = x86_cond_flags(cc);
    }
    if (fl.read & g->undef) {
        return false;
    }
    if (dt_rng_below(g->r, 16) == 0) {
        /* Segment overrides that change nothing here: in 64-bit mode
         * CS/DS/ES/SS are ignored; in 32-bit mode DS/ES/SS are flat. */
        static const uint8_t seg[] = {0x3e, 0x26, 0x36, 0x2e};

        add_prefix(&e, seg[dt_rng_below(g->r, g->mode == 64 ? 4 : 3)]);
    }
    if (f->width == W_V || f->width == W_V64 || f->width == W_Y) {
        osize = choose_osize(g, &e, f->width);
    } else if (f->width == W_B) {
        osize = 1;
    }
    if ((f->attrs & (A_SHIFT | A_CLCNT)) == (A_SHIFT | A_CLCNT) && f->reg < 0
        && osize == 2) {
        return false; /* SHLD/SHRD r16 by CL > 16: undefined result */
    }
    if (f->attrs & A_REXW) {
        e.rex = true;
        e.rexbits |= REX_W;
    }
    if (g->mode == 64 && !e.rex && dt_rng_below(g->r, 3) == 0) {
        e.rex = true;
    }
    if (f->attrs & A_DIV) {
        div_setup(g, f, osize);
    }
    if (f->attrs & A_POPF) {
        popf_setup(g, osize);
    }
    if ((f->attrs & A_SEGPUSH) && osize != 2) {
        segpush_setup(g);
    }
    if (f->attrs & A_STR) {
        strcnt = string_setup(g);
        if (dt_rng_below(g->r, 2)) {
            rep = true;
            add_prefix(&e, (f->attrs & A_REPE) && dt_rng_below(g->r, 2) ? 0xf2
                                                                        : 0xf3);
        }
        if (g->mode == 64 && dt_rng_below(g->r, 6) == 0) {
            add_prefix(&e, 0x67);
        }
        if (rep && strcnt == 0) {
            fl = (X86FlagEffect){.read = fl.read}; /* no iteration */
        }
    }
    if (f->attrs & A_ENTER) {
        /* Only the 64/32-bit form: 66 ENTER would leave rbp's upper bits,
         * and LEAVE would load them into rsp. */
        e.npfx = 0;
        e.rex = e.rex && dt_rng_below(g->r, 2);
        e.rexbits &= ~REX_W;
    }

    mem = f->kind == K_EG || f->kind == K_GE || f->kind == K_E
          || f->kind == K_SEG;
    mem = mem && !(f->attrs & A_REG)
          && ((f->attrs & A_MEM) || dt_rng_below(g->r, 3) == 0);
    if (mem && g->mode == 64 && dt_rng_below(g->r, 6) == 0) {
        add_prefix(&e, 0x67);
    }
    if (mem && (f->attrs & A_LOCK) && dt_rng_below(g->r, 4) == 0) {
        add_prefix(&e, 0xf0);
    }
    if (f->attrs & (A_F3 | A_66)) {
        add_prefix(&e, (f->attrs & A_F3) ? 0xf3 : 0x66);
    }

    /* Opcode. */
    if (f->map >= 1) {
        put(&e, 0x0f, 1);
    }
    if (f->map == 2) {
        put(&e, 0x38, 1);
    }

    switch (f->kind) {
    case K_EG:
    case K_GE:
    case K_E:
    case K_SEG: {
        bool g_written = (f->kind == K_GE && (f->attrs & A_W0))
                         || (f->kind == K_EG && (f->attrs & A_W1));
        bool e_written = (f->kind != K_GE && (f->attrs & A_W0))
                         || (f->kind == K_GE && (f->attrs & A_W1));
        bool ebyte = f->ewidth >= 0 ? f->ewidth == W_B : byte;
        int regf = f->reg;

        put(&e, f->op + cc, 1);
        if (f->kind == K_SEG) {
            regf = dt_rng_below(g->r, 6);
        } else if (f->attrs & A_ANYREG) {
            regf = dt_rng_below(g->r, 8);
        } else if (f->kind != K_E) {
            regf = -1;
        }
        if (mem) {
            /* The G register is chosen after the address: a reserved
             * register >= 8 may have forced a REX prefix. */
            int modrm_at = e.nbody;

            if (f->attrs & A_NOACC) {
                enc_any_mem(g, &e);
            } else {
                enc_sandbox_mem(g, &e);
            }
            if (regf < 0) {
                regf = (f->attrs & A_BTMEM) ? g->index
                                            : pick_reg(g, &e, byte, g_written);
            }
            e.body[modrm_at] |= (regf & 7) << 3;
            e.rexbits |= (regf >> 3) ? REX_R : 0;
            e.rex = e.rex || e.rexbits;
        } else {
            int rm = (f->attrs & A_RM0) ? 0 : pick_reg(g, &e, ebyte, e_written);

            if (regf < 0) {
                regf = pick_reg(g, &e, byte, g_written);
            }
            put(&e, 0xc0 | ((regf & 7) << 3) | (rm & 7), 1);
            e.rexbits |= ((regf >> 3) ? REX_R : 0) | ((rm >> 3) ? REX_B : 0);
        }
        if ((f->attrs & A_SHIFT) && f->reg < 0 && osize == 2) {
            /* SHLD/SHRD r16 by more than 16: undefined result. */
            imm = put_imm_value(&e, f->imm, osize, dt_rng_below(g->r, 17));
        } else {
            imm = put_imm(g, &e, f->imm, osize);
        }
        if (f->attrs & A_SHIFT) {
            unsigned c = f->imm == I_0 ? 1 : (imm & (osize == 8 ? 63 : 31));

            count_known = !(f->attrs & A_CLCNT);
            fl = x86_insn_flags(f->mnem, osize * 8,
                                count_known ? (int)c : X86_COUNT_UNKNOWN);
        }
        break;
    }
    case K_ACC:
        put(&e, f->op, 1);
        put_imm(g, &e, f->imm, osize);
        break;
    case K_ZR:
        code = pick_reg(g, &e, byte, f->attrs & A_W0);
        put(&e, f->op + (code & 7), 1);
        e.rexbits |= (code >> 3) ? REX_B : 0;
        put_imm(g, &e, f->imm, osize);
        break;
    case K_MOFFS: {
        uint64_t target = DT_DATA_ADDR + dt_rng_below(g->r, DT_DATA_SIZE - 8);

        put(&e, f->op, 1);
        if (g->mode == 64 && dt_rng_below(g->r, 4)) {
            put(&e, target, 8);
        } else {
            if (g->mode == 64) {
                add_prefix(&e, 0x67);
            }
            put(&e, target, 4);
        }
        break;
    }
    case K_NONE:
        put(&e, f->op, 1);
        if (f->attrs & A_ENTER) {
            put(&e, dt_rng_below(g->r, 65), 2);
            put(&e, dt_rng_below(g->r, 2), 1);
        }
        put_imm(g, &e, f->imm, osize);
        break;
    }
    if (g->mode == 32) {
        e.rex = false;
    } else if (e.rexbits) {
        e.rex = true;
    }
    emit(g, &e, (int)(f - dt_forms));
    apply_flags(g, fl, count_known);
    if (f->attrs & A_ENTER) {
        static const uint8_t leave[] = {0xc9};

        emit_fixed(g, f->name, leave, 1);
    }
    return true;
}

/* -- Sequences ------------------------------------------------------------- */

void dt_generate(DtSeq *seq, DtRng *r, int mode, int ninsns)
{
    /* Not rAX/rDX (implicit results), nor rCX/rSI/rDI (strings). */
    static const int base64[] = {3, 5, 8, 9, 10, 11, 12, 13, 14, 15};
    static const int base32[] = {3, 5};
    const int *cand = mode == 64 ? base64 : base32;
    int ncand = mode == 64 ? G_N_ELEMENTS(base64) : G_N_ELEMENTS(base32);
    Gen g = {.seq = seq, .r = r, .mode = mode, .nregs = mode == 64 ? 16 : 8};

    seq->mode = mode;
    seq->cpl = dt_rng_below(r, 2) ? 3 : 0;
    seq->len = 0;
    seq->ninsns = 0;
    g.base = cand[dt_rng_below(r, ncand)];
    do {
        g.index = cand[dt_rng_below(r, ncand)];
    } while (g.index == g.base);

    for (int i = 0; i < 16; i++) {
        seq->init.r[i] = rand_value(r);
    }
    /* Addresses stay below 4 GiB: the upper halves of these are zero. */
    seq->init.r[4] = DT_RSP_START - 0x80 + dt_rng_below(r, 0x100);
    seq->init.r[g.base] = DT_DATA_ADDR + 0x400 + dt_rng_below(r, 0x800);
    seq->init.r[g.index] = dt_rng_below(r, 0x40);
    seq->init.rflags = 0x202 | (dt_rng_next(r) & DT_ARITH_FLAGS)
                       | (dt_rng_below(r, 4) == 0 ? DT_DF : 0);
    for (size_t i = 0; i < DT_DATA_SIZE; i += 8) {
        uint64_t v = dt_rng_below(r, 4) ? dt_rng_next(r) : rand_value(r);

        memcpy(seq->data + i, &v, 8);
    }

    while (seq->ninsns < ninsns && seq->ninsns < DT_MAX_INSNS - 4) {
        gen_form(&g, &dt_forms[dt_rng_below(r, G_N_ELEMENTS(dt_forms))]);
    }
    seq->off[seq->ninsns] = (uint16_t)seq->len;
    seq->flag_mask[seq->ninsns] = (DT_ARITH_FLAGS & ~g.undef) | DT_DF;
    seq->flag_zero[seq->ninsns] = g.zero;
    seq->code[seq->len] = 0xf4; /* HLT */
}
