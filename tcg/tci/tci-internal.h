/*
 * TCI bytecode format, shared by the emitter (tci.c), the interpreter
 * (tci-interp.c) and the dumper.
 *
 * Every instruction is 8-byte aligned: an 8-byte header
 *     byte 0     opcode: TCI_OPC(TCGOpcode, TCGType) for an IR op at an
 *                integer type, or one of the TCI_OP_* below
 *     bytes 1-6  register numbers, the op's outputs then inputs
 *     byte 7     size of the instruction in 8-byte units
 * followed by one 8-byte word per constant argument of the op (in op
 * order).  Branch targets (br, brcond, goto_tb) are words holding the RX
 * address of the target instruction.  A call's words are the function and
 * its TCGHelperInfo; its arguments are in R0..R5 and the result in R0.
 */
#ifndef TCG_TCI_INTERNAL_H
#define TCG_TCI_INTERNAL_H

#include "tcg/tcg-backend.h"

/* Virtual registers. */
#define TCI_NB_REGS   16
#define TCI_REG_ENV   14 /* env */
#define TCI_REG_FRAME 15 /* the spill frame */

/* Spill frame per TB execution. */
#define TCI_FRAME_WORDS 256

/*
 * The opcode byte of IR op OPC at TYPE (TCG_TYPE_I32 or TCG_TYPE_I64: TCI
 * has no vector registers), so the interpreter dispatches on op and type
 * in one switch.
 */
#define TCI_OPC(opc, type) ((unsigned)(opc) << 1 | (unsigned)(type))
#define TCI_OPC_OP(code)   ((TCGOpcode)((code) >> 1))
#define TCI_OPC_TYPE(code) ((TCGType)((code)&1))

_Static_assert(TCG_TYPE_I32 == 0 && TCG_TYPE_I64 == 1,
               "TCI_OPC packs the integer type in bit 0");

/* Instructions that are not IR ops. */
enum {
    TCI_OP_MOVI = TCI_OPC(NB_OPS, 0), /* r0 = word 0 */
    TCI_OP_STI,                       /* store word 1 at r0 + word 0;
                                         byte 2: size */
    TCI_OP_COUNT,
};

_Static_assert(TCI_OP_COUNT <= 256, "TCI opcodes are one byte");

/* Header size and word size. */
#define TCI_HDR  8
#define TCI_WORD 8

/* Bytes of the instruction at P. */
size_t tci_insn_size(const uint8_t *p);

/* Run TB code at TB until exit_tb; see tcg_exec_tb. */
uintptr_t tci_exec(TCGContext *s, void *env, const void *tb);

/* Print the bytecode [CODE, CODE + SIZE) one instruction per line. */
void tci_dump_code(FILE *f, const void *code, size_t size);

#endif /* TCG_TCI_INTERNAL_H */
