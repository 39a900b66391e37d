/*
 * The x86 instruction decoder: bytes -> X86DecodedInsn.
 *
 * Data flow: translate.c fetches through the translator's code-fetch
 * helpers (X86DecodeEnv.fetch) and hands the decoded instruction to one
 * emitter, gen_<MNEMONIC>(s, d).  The decoder reads every instruction byte;
 * emitters never do.  The opcode maps are data (insn-table.def, one row per
 * opcode form in SDM operand notation plus attribute words); decode.c holds
 * only the generic parts: prefixes, REX/VEX, ModRM/SIB/displacement,
 * immediates, operand-size rules and the checks named by attribute words.
 *
 * The decoder depends on nothing but this header and cpu.h, so it is tested
 * on its own (tests/x86/test-decode-length.c, against Zydis).
 */
#ifndef TARGET_I386_DECODE_H
#define TARGET_I386_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "target/i386/cpu.h"

/* -- Mnemonics ------------------------------------------------------------- */

typedef enum X86Mnemonic {
#define X86_INSN(name, family) X86_INSN_##name,
#include "target/i386/insn-mnemonics.def"
#undef X86_INSN
    X86_INSN_COUNT
} X86Mnemonic;

/* Lower-case name of MNEM ("add"), for logs and tests. */
const char *x86_mnemonic_name(X86Mnemonic mnem);

/* -- Table rows ------------------------------------------------------------ */

/* Operand types, SDM vol. 2D appendix A.2.1 letters plus fixed registers. */
typedef enum X86OpType {
    X86_TYPE__,  /* no operand */
    X86_TYPE_E,  /* ModRM r/m: register or memory */
    X86_TYPE_G,  /* ModRM reg: general register */
    X86_TYPE_M,  /* ModRM r/m, memory only */
    X86_TYPE_R,  /* ModRM r/m, register only */
    X86_TYPE_S,  /* ModRM reg: segment register */
    X86_TYPE_B,  /* VEX.vvvv: general register */
    X86_TYPE_Z,  /* low 3 opcode bits (+ REX.B): general register */
    X86_TYPE_I,  /* immediate */
    X86_TYPE_J,  /* relative branch offset (immediate) */
    X86_TYPE_O,  /* memory offset (moffs): address-size immediate */
    X86_TYPE_A,  /* direct far pointer: offset then 16-bit selector */
    X86_TYPE_X,  /* string source DS:rSI (implicit, emitter addresses) */
    X86_TYPE_Y,  /* string destination ES:rDI (implicit) */
    X86_TYPE_AX, /* fixed: AL/AX/EAX/RAX by size */
    X86_TYPE_CX, /* fixed: CL/CX/... (shift counts) */
    X86_TYPE_DX, /* fixed: DX (port numbers) */
    X86_TYPE_1,  /* the constant 1 (shift by one) */
    X86_TYPE_ES,
    X86_TYPE_CS,
    X86_TYPE_SS, /* fixed segment registers */
    X86_TYPE_DS,
    X86_TYPE_FS,
    X86_TYPE_GS,
    X86_TYPE_C, /* ModRM reg (+ REX.R): control register CR0/2/3/4/8 */
    X86_TYPE_D, /* ModRM reg (+ REX.R): debug register DR0-7 */
    /* Vector registers (the SSE/MMX rows, emit-sse.c): */
    X86_TYPE_V, /* ModRM reg: XMM register */
    X86_TYPE_W, /* ModRM r/m: XMM register or memory */
    X86_TYPE_U, /* ModRM r/m, register only: XMM register */
    X86_TYPE_P, /* ModRM reg: MMX register (REX.R ignored) */
    X86_TYPE_Q, /* ModRM r/m: MMX register (REX.B ignored) or memory */
    X86_TYPE_N, /* ModRM r/m, register only: MMX register */
} X86OpType;

/* Operand sizes, SDM vol. 2D appendix A.2.2. */
typedef enum X86OpSize {
    X86_SIZE__, /* none / not applicable */
    X86_SIZE_b, /* byte */
    X86_SIZE_w, /* word */
    X86_SIZE_d, /* doubleword */
    X86_SIZE_q, /* quadword */
    X86_SIZE_v, /* word, doubleword or quadword by operand size */
    X86_SIZE_z, /* word or doubleword (v, but 32 for 64-bit operand size) */
    X86_SIZE_y, /* doubleword, or quadword with REX.W / VEX.W in 64-bit mode */
    X86_SIZE_p, /* far pointer: 16:16, 16:32 or 16:64 */
    X86_SIZE_x, /* 128 bits (dq/ps/pd of a whole XMM register) */
} X86OpSize;

/* Attribute words of a row (X86OpEntry.flags). */
enum {
    X86_A_LOCK = 1u << 0,   /* LOCK allowed (with a memory destination) */
    X86_A_I64 = 1u << 1,    /* invalid in 64-bit mode (row skipped there) */
    X86_A_O64 = 1u << 2,    /* valid in 64-bit mode only */
    X86_A_D64 = 1u << 3,    /* 64-bit default operand size in 64-bit mode */
    X86_A_F64 = 1u << 4,    /* 64-bit operand size in 64-bit mode, 66 ignored */
    X86_A_REP = 1u << 5,    /* string instruction: F2/F3 are REP prefixes */
    X86_A_VEX = 1u << 6,    /* VEX-encoded; VEX.L must be 0 */
    X86_A_W0 = 1u << 7,     /* REX.W / VEX.W clear (row skipped otherwise) */
    X86_A_W1 = 1u << 8,     /* REX.W / VEX.W set (row skipped otherwise) */
    X86_A_MODREG = 1u << 9, /* ModRM.mod ignored: r/m always names a
                               register, no SIB or displacement follows
                               (MOV to/from CRn/DRn, SDM vol. 2B MOV) */
    /* Privilege checks, made by the translator before the emitter runs,
     * in this order (every input is part of the TB key): */
    X86_A_PM = 1u << 10,     /* protected mode, not virtual-8086: else #UD */
    X86_A_CPL0 = 1u << 11,   /* CPL 0 (real mode is CPL 0, virtual-8086
                                mode CPL 3): else #GP(0) */
    X86_A_IOPL = 1u << 12,   /* CPL <= IOPL in protected mode, IOPL 3 in
                                virtual-8086 mode: else #GP(0) (CLI/STI,
                                SDM vol. 3, 20.2.5; VME is not modelled) */
    X86_A_NOLOAD = 1u << 13, /* the memory operand is an address only: no
                                linear address (A0) is formed (LEA) */
};

/* Which ModRM forms a row accepts (X86OpEntry.mod). */
enum {
    X86_MOD_ANY = -1, /* both; also: the row may have no ModRM */
    X86_MOD_MEM = -2, /* mod != 3 */
    X86_MOD_REG = -3, /* mod == 3; 0..7: mod == 3 and r/m equals it */
};

/* Which mandatory prefix a row needs (X86OpEntry.pfx). */
typedef enum X86Pfx {
    X86_PFX_ANY, /* no mandatory prefix: 66/F2/F3 have their usual meaning */
    X86_PFX_NP,  /* none of 66/F2/F3 */
    X86_PFX_NR,  /* neither F2 nor F3; 66 is the operand size */
    X86_PFX_66,
    X86_PFX_F3,
    X86_PFX_F2,
} X86Pfx;

/* Opcode maps. */
typedef enum X86Map {
    X86_MAP_1,     /* one-byte opcodes */
    X86_MAP_0F,    /* 0F xx */
    X86_MAP_0F38,  /* 0F 38 xx */
    X86_MAP_0F3A,  /* 0F 3A xx */
    X86_MAP_V0F38, /* VEX map 2 */
    X86_MAP_V0F3A, /* VEX map 3 */
    X86_MAP_COUNT
} X86Map;

#define X86_FEAT_NONE 0xff

/* One row of insn-table.def: an opcode form. */
typedef struct X86OpEntry {
    uint8_t map;     /* X86Map */
    uint8_t opcode;  /* opcode byte within the map */
    uint8_t pfx;     /* X86Pfx */
    int8_t reg;      /* ModRM.reg it needs, or -1 */
    int8_t mod;      /* X86_MOD_* or an r/m value (implies mod == 3) */
    uint16_t mnem;   /* X86Mnemonic */
    uint8_t type[3]; /* X86OpType of operands 1..3 (destination first) */
    uint8_t size[3]; /* X86OpSize of operands 1..3 */
    uint8_t feat;    /* X86Feature needed, or X86_FEAT_NONE */
    uint32_t flags;  /* X86_A_* */
} X86OpEntry;

/* -- Decoded instructions -------------------------------------------------- */

typedef enum X86OpKind {
    X86_OP_NONE,
    X86_OP_REG,      /* general register .reg (high8: AH/CH/DH/BH) */
    X86_OP_MEM,      /* memory at the effective address d->ea */
    X86_OP_IMM,      /* d->imm (J: the signed displacement) */
    X86_OP_SEG,      /* segment register .reg (R_ES ..) */
    X86_OP_IMPLICIT, /* X/Y string operands: the emitter addresses them */
    X86_OP_SYSREG,   /* control (C) or debug (D) register .reg */
    X86_OP_XMM,      /* XMM register .reg (0-15); .ot is the element read */
    X86_OP_MMX,      /* MMX register .reg (0-7) */
} X86OpKind;

typedef struct X86Operand {
    uint8_t kind; /* X86OpKind */
    uint8_t ot;   /* MemOp size MO_8 .. MO_64 */
    uint8_t reg;  /* register number (REX-extended) */
    bool high8;   /* byte register AH/CH/DH/BH: bits 8-15 of reg - 4 */
} X86Operand;

/* Effective address parts: seg:[base + index * scale + disp]. */
typedef struct X86EA {
    int8_t base;   /* register, or -1 */
    int8_t index;  /* register, or -1 */
    uint8_t scale; /* shift count 0..3 */
    int8_t seg;    /* segment after overrides and defaults (R_DS ...) */
    bool rip_rel;  /* disp is relative to the next instruction's rip */
    int64_t disp;  /* sign-extended displacement (moffs: zero-extended) */
} X86EA;

/* Prefix bits (X86DecodedInsn.prefixes). */
enum {
    X86_PREFIX_LOCK = 1u << 0,
    X86_PREFIX_REPZ = 1u << 1,  /* F3 (last of F2/F3 wins) */
    X86_PREFIX_REPNZ = 1u << 2, /* F2 */
    X86_PREFIX_DATA = 1u << 3,  /* 66 */
    X86_PREFIX_ADR = 1u << 4,   /* 67 */
    X86_PREFIX_REX = 1u << 5,   /* a REX prefix preceded the opcode */
    X86_PREFIX_VEX = 1u << 6,
};

/* REX bits as in the prefix byte (VEX's R/X/B/W are stored the same way). */
enum { X86_REX_B = 1, X86_REX_X = 2, X86_REX_R = 4, X86_REX_W = 8 };

typedef struct X86DecodedInsn {
    const X86OpEntry *e; /* the matched row */
    X86Operand op[3];    /* operands 1..3 as in the row */
    uint8_t ot;          /* the 'v' operand size, MO_16 .. MO_64 */
    uint8_t aflag;       /* address size, MO_16 .. MO_64 */
    bool has_ea;         /* an operand is memory: ea is valid */
    X86EA ea;
    int64_t imm;         /* first immediate, sign-extended from its size */
    uint64_t imm2;       /* second immediate: ENTER's Ib, a far selector */
    uint32_t prefixes;   /* X86_PREFIX_* */
    int8_t seg_override; /* R_ES .. R_GS, or -1 */
    uint8_t rex;         /* REX W/R/X/B bits (also from VEX) */
    uint8_t vex_v;       /* VEX.vvvv (un-inverted register number) */
    uint8_t modrm;       /* the ModRM byte (0 when there is none; mod
                            reads 3 for X86_A_MODREG rows) */
    uint8_t b;           /* the opcode byte within its map */
    uint8_t len;         /* instruction length in bytes, 1 .. 15 */
} X86DecodedInsn;

/* -- The decoder ----------------------------------------------------------- */

/* What decoding depends on besides the bytes. */
typedef struct X86DecodeEnv {
    int mode;               /* code size: 16, 32 or 64 */
    bool vex_allowed;       /* false in real and virtual-8086 mode */
    X86FeatureSet features; /* X86_FEAT_BIT set: rows needing others are #UD */
    /* Fetch the byte at linear address PC (may longjmp on a fetch fault). */
    uint8_t (*fetch)(void *opaque, uint64_t pc);
    void *opaque;
} X86DecodeEnv;

typedef enum X86DecodeStatus {
    X86_DECODE_OK,
    X86_DECODE_UD,       /* invalid or not implemented: raise #UD */
    X86_DECODE_TOO_LONG, /* more than 15 bytes: raise #GP(0) */
} X86DecodeStatus;

/*
 * Decode the instruction at PC into D.  Fetches at most 15 bytes, one at a
 * time and only as far as the instruction needs (so a fetch fault happens
 * exactly where the hardware's would).  D->len is valid for X86_DECODE_OK
 * and holds the bytes consumed so far otherwise.
 */
X86DecodeStatus x86_decode(const X86DecodeEnv *env, uint64_t pc,
                           X86DecodedInsn *d);

/* The table rows (for tests and -d unimp listings). */
extern const X86OpEntry x86_op_table[];
extern const unsigned x86_op_table_size;

#endif /* TARGET_I386_DECODE_H */
