/*
 * x86-64 host backend, layer 1: register and opcode definitions.
 *
 * The three layers of the backend (STYLE.md rule 4):
 *   1. this file: host registers, opcode constants named by their SDM
 *      operand form, condition codes, group sub-opcodes;
 *   2. x86_64-emit.[ch]: byte encoders (REX, VEX, ModRM/SIB, immediates,
 *      branches) that know nothing of the IR;
 *   3. x86_64-lower.c: one lowering entry per IR op.
 *
 * An opcode constant is the last opcode byte plus flag bits saying which
 * prefixes and escape bytes go before it, so one value says everything the
 * encoder needs: OPC_MOVZBL = 0xb6 | P_0F | P_REXB_RM.  Operand width is
 * not part of the name: the encoder adds P_REXW for 64-bit forms.
 *
 * Opcode sources: Intel SDM vol. 2, appendix A (opcode map) and the
 * instruction pages; VEX layout from vol. 2, 2.3.
 */
#ifndef TCG_X86_64_DEFS_H
#define TCG_X86_64_DEFS_H

#include <stdbool.h>
#include <stdint.h>

/* -- Registers ----------------------------------------------------------- */

typedef enum X86Reg {
#define X86_REG(id, name, enc, saved, arg) X86_##id,
#include "x86_64-regs.def"
#undef X86_REG
    X86_REG__COUNT
} X86Reg;

_Static_assert(X86_REG__COUNT == 16, "x86-64 has 16 general registers");
#define X86_REG(id, name, enc, saved, arg)                                     \
    _Static_assert(X86_##id == (enc), "x86_64-regs.def is in encoding order");
#include "x86_64-regs.def"
#undef X86_REG

/* No register: a memory operand without base or without index. */
#define X86_NOREG (-1)

/* Name of REG as printed in logs ("rax"). */
const char *x86_reg_name(int reg);

/* True when the SysV ABI preserves REG across calls. */
bool x86_reg_callee_saved(int reg);

/* The SysV argument slot REG carries (0..5), or -1. */
int x86_reg_arg_slot(int reg);

/* The SysV integer argument registers, in order (a unit test checks them
 * against the slots of x86_64-regs.def). */
extern const X86Reg x86_call_arg_regs[6];

/* -- Opcode flag bits ---------------------------------------------------- */

/*
 * Bits 0-7 hold the final opcode byte; the flags above say what precedes
 * it.  A VEX-encoded opcode carries P_VEX; its map (0F, 0F38, 0F3A) and
 * SIMD prefix (66, F3, F2) become VEX fields instead of bytes.
 */
enum {
    P_0F = 0x100,        /* 0F escape */
    P_0F38 = 0x200,      /* 0F 38 escape (implies P_0F in the encoding) */
    P_0F3A = 0x400,      /* 0F 3A escape */
    P_DATA16 = 0x800,    /* 66: 16-bit operand size, or SIMD prefix 66 */
    P_REXW = 0x1000,     /* REX.W / VEX.W: 64-bit operand size */
    P_SIMDF3 = 0x2000,   /* F3 mandatory prefix */
    P_SIMDF2 = 0x4000,   /* F2 mandatory prefix */
    P_REXB_R = 0x8000,   /* ModRM.reg names a byte register (sil, dil...) */
    P_REXB_RM = 0x10000, /* ModRM.rm names a byte register */
    P_VEXL = 0x20000,    /* VEX.L = 1 (256-bit) */
    P_VEX = 0x40000,     /* VEX-encoded instruction */
};

/* -- One-byte map -------------------------------------------------------- */

/* The eight ALU operations, in the order of their opcode rows and /n. */
typedef enum X86Arith {
    ARITH_ADD = 0,
    ARITH_OR = 1,
    ARITH_ADC = 2,
    ARITH_SBB = 3,
    ARITH_AND = 4,
    ARITH_SUB = 5,
    ARITH_XOR = 6,
    ARITH_CMP = 7,
} X86Arith;

/* ALU ops: OP Ev,Gv is 0x01 + 8*op, OP Gv,Ev is 0x03 + 8*op. */
#define OPC_ARITH_EvGv(op) (0x01 + ((op) << 3))
#define OPC_ARITH_GvEv(op) (0x03 + ((op) << 3))
#define OPC_ARITH_EbGb(op) ((0x00 + ((op) << 3)) | P_REXB_R | P_REXB_RM)

enum {
    OPC_ADD_EvGv = OPC_ARITH_EvGv(ARITH_ADD),
    OPC_ADD_GvEv = OPC_ARITH_GvEv(ARITH_ADD),
    OPC_SUB_GvEv = OPC_ARITH_GvEv(ARITH_SUB),
    OPC_AND_GvEv = OPC_ARITH_GvEv(ARITH_AND),
    OPC_OR_GvEv = OPC_ARITH_GvEv(ARITH_OR),
    OPC_XOR_GvEv = OPC_ARITH_GvEv(ARITH_XOR),
    OPC_CMP_GvEv = OPC_ARITH_GvEv(ARITH_CMP),
    OPC_ADC_GvEv = OPC_ARITH_GvEv(ARITH_ADC),
    OPC_SBB_GvEv = OPC_ARITH_GvEv(ARITH_SBB),

    OPC_ARITH_EbIb = 0x80 | P_REXB_RM, /* group 1, /op */
    OPC_ARITH_EvIz = 0x81,             /* group 1, /op, imm32 */
    OPC_ARITH_EvIb = 0x83,             /* group 1, /op, imm8 sign-extended */

    OPC_PUSH_r = 0x50,      /* + reg */
    OPC_POP_r = 0x58,       /* + reg */
    OPC_MOVSXD_GvEd = 0x63, /* with P_REXW: movslq */
    OPC_PUSH_Iz = 0x68,
    OPC_IMUL_GvEvIz = 0x69,
    OPC_IMUL_GvEvIb = 0x6b,
    OPC_JCC_short = 0x70, /* + cond, rel8 */
    OPC_TEST_EbGb = 0x84 | P_REXB_R | P_REXB_RM,
    OPC_TEST_EvGv = 0x85,
    OPC_XCHG_EvGv = 0x87,
    OPC_MOVB_EbGb = 0x88 | P_REXB_R | P_REXB_RM,
    OPC_MOV_EvGv = 0x89, /* store; P_DATA16 for 16-bit */
    OPC_MOVB_GbEb = 0x8a | P_REXB_R | P_REXB_RM,
    OPC_MOV_GvEv = 0x8b, /* load / reg copy */
    OPC_LEA_GvM = 0x8d,
    OPC_NOP = 0x90,
    OPC_CWD_CDQ_CQO = 0x99, /* sign-extend rAX into rDX */
    OPC_MOVL_Iv = 0xb8,     /* + reg: mov imm32 (or imm64 with P_REXW) */
    OPC_SHIFT_Ev_Ib = 0xc1, /* group 2, /op, imm8 */
    OPC_RET = 0xc3,
    OPC_MOVB_EbIb = 0xc6 | P_REXB_RM,
    OPC_MOVL_EvIz = 0xc7, /* /0, imm32 (sign-extended with P_REXW) */
    OPC_INT3 = 0xcc,
    OPC_SHIFT_Ev_1 = 0xd1,  /* group 2, /op, count 1 */
    OPC_SHIFT_Ev_CL = 0xd3, /* group 2, /op, count in cl */
    OPC_CALL_Jz = 0xe8,     /* rel32 */
    OPC_JMP_Jz = 0xe9,      /* rel32 */
    OPC_JMP_Jb = 0xeb,      /* rel8 */
    OPC_GRP3_Eb = 0xf6 | P_REXB_RM,
    OPC_GRP3_Ev = 0xf7, /* group 3: test/not/neg/mul/imul/div/idiv */
    OPC_GRP5_Ev = 0xff, /* group 5: inc/dec/call/jmp/push */
};

/* Group 2 (shift and rotate) /n fields. */
typedef enum X86Shift {
    SHIFT_ROL = 0,
    SHIFT_ROR = 1,
    SHIFT_RCL = 2,
    SHIFT_RCR = 3,
    SHIFT_SHL = 4,
    SHIFT_SHR = 5,
    SHIFT_SAR = 7,
} X86Shift;

/* Group 3 /n fields. */
typedef enum X86Grp3 {
    EXT3_TEST = 0,
    EXT3_NOT = 2,
    EXT3_NEG = 3,
    EXT3_MUL = 4,  /* rDX:rAX = rAX * Ev, unsigned */
    EXT3_IMUL = 5, /* rDX:rAX = rAX * Ev, signed */
    EXT3_DIV = 6,  /* rAX, rDX = rDX:rAX / Ev, unsigned */
    EXT3_IDIV = 7,
} X86Grp3;

/* Group 5 /n fields. */
typedef enum X86Grp5 {
    EXT5_INC = 0,
    EXT5_DEC = 1,
    EXT5_CALL_Ev = 2,
    EXT5_JMP_Ev = 4,
    EXT5_PUSH_Ev = 6,
} X86Grp5;

/* -- Two-byte (0F) map --------------------------------------------------- */

enum {
    OPC_UD2 = 0x0b | P_0F,
    OPC_NOPL_Ev = 0x1f | P_0F,              /* /0: multi-byte nop */
    OPC_CMOVCC_GvEv = 0x40 | P_0F,          /* + cond */
    OPC_JCC_long = 0x80 | P_0F,             /* + cond, rel32 */
    OPC_SETCC_Eb = 0x90 | P_0F | P_REXB_RM, /* + cond, /0 */
    OPC_BT_EvGv = 0xa3 | P_0F,
    OPC_SHLD_EvGvIb = 0xa4 | P_0F,
    OPC_SHRD_EvGvIb = 0xac | P_0F,
    OPC_GRP15 = 0xae | P_0F, /* fences are ModRM 0xe8/0xf0/0xf8 */
    OPC_IMUL_GvEv = 0xaf | P_0F,
    OPC_MOVZBL_GvEb = 0xb6 | P_0F | P_REXB_RM,
    OPC_MOVZWL_GvEw = 0xb7 | P_0F,
    OPC_POPCNT_GvEv = 0xb8 | P_0F | P_SIMDF3,
    OPC_BSF_GvEv = 0xbc | P_0F,
    OPC_TZCNT_GvEv = 0xbc | P_0F | P_SIMDF3,
    OPC_BSR_GvEv = 0xbd | P_0F,
    OPC_LZCNT_GvEv = 0xbd | P_0F | P_SIMDF3,
    OPC_MOVSBL_GvEb = 0xbe | P_0F | P_REXB_RM,
    OPC_MOVSWL_GvEw = 0xbf | P_0F,
    OPC_BSWAP_r = 0xc8 | P_0F, /* + reg */

    OPC_MOVBE_GyMy = 0xf0 | P_0F38, /* load, byte-swapped */
    OPC_MOVBE_MyGy = 0xf1 | P_0F38, /* store, byte-swapped */
};

/* Group 15 ModRM bytes (mod=11) of the fences: SDM vol. 2, MFENCE etc. */
enum {
    MODRM_LFENCE = 0xe8,
    MODRM_MFENCE = 0xf0,
    MODRM_SFENCE = 0xf8,
};

/* -- VEX-encoded BMI1 / BMI2 --------------------------------------------- */

/*
 * Operand order in the comments is the SDM's: the VEX.vvvv operand is the
 * one the encoder receives as `v`.
 */
enum {
    OPC_ANDN_GyByEy = 0xf2 | P_0F38 | P_VEX, /* r = ~v & rm */
    OPC_BLSR_ByEy = 0xf3 | P_0F38 | P_VEX,   /* /1: v = rm&rm-1 */
    OPC_BZHI_GyEyBy = 0xf5 | P_0F38 | P_VEX, /* r = rm & 2^v-1 */
    OPC_PEXT_GyByEy = 0xf5 | P_0F38 | P_VEX | P_SIMDF3,
    OPC_PDEP_GyByEy = 0xf5 | P_0F38 | P_VEX | P_SIMDF2,
    OPC_MULX_GyByEy = 0xf6 | P_0F38 | P_VEX | P_SIMDF2,
    OPC_BEXTR_GyEyBy = 0xf7 | P_0F38 | P_VEX,
    OPC_SHLX_GyEyBy = 0xf7 | P_0F38 | P_VEX | P_DATA16, /* r = rm << v */
    OPC_SARX_GyEyBy = 0xf7 | P_0F38 | P_VEX | P_SIMDF3,
    OPC_SHRX_GyEyBy = 0xf7 | P_0F38 | P_VEX | P_SIMDF2,
    OPC_RORX_GyEyIb = 0xf0 | P_0F3A | P_VEX | P_SIMDF2, /* vvvv = 1111 */
};

/* BLSR/BLSMSK/BLSI share opcode 0F38 F3 and differ in ModRM.reg. */
typedef enum X86Grp17 {
    EXT17_BLSR = 1,
    EXT17_BLSMSK = 2,
    EXT17_BLSI = 3,
} X86Grp17;

/* -- Condition codes ----------------------------------------------------- */

/* The low nibble of Jcc/SETcc/CMOVcc.  SDM vol. 1, appendix B. */
typedef enum X86Cond {
    JCC_O = 0x0,
    JCC_NO = 0x1,
    JCC_B = 0x2, /* unsigned <, CF */
    JCC_AE = 0x3,
    JCC_E = 0x4, /* ZF */
    JCC_NE = 0x5,
    JCC_BE = 0x6,
    JCC_A = 0x7,
    JCC_S = 0x8,
    JCC_NS = 0x9,
    JCC_P = 0xa,
    JCC_NP = 0xb,
    JCC_L = 0xc, /* signed < */
    JCC_GE = 0xd,
    JCC_LE = 0xe,
    JCC_G = 0xf,
} X86Cond;

/* The opposite condition: conditions come in pairs differing in bit 0. */
static inline X86Cond x86_cond_invert(X86Cond c)
{
    return c ^ 1;
}

#endif /* TCG_X86_64_DEFS_H */
