/*
 * The value semantics of every pure TCG op, in C: one definition shared by
 * the optimizer's constant folding, the TCI interpreter and the tests'
 * reference evaluator, so the three cannot disagree on what an op means.
 * (The per-op tests check it against hand-computed values; the x86-64
 * backend is checked against it.)
 */
#ifndef TCG_TCG_ALU_H
#define TCG_TCG_ALU_H

#include <stdbool.h>
#include <stdint.h>

#include "tcg/tcg.h"

/*
 * Compute the outputs OUT[0..nb_oargs) of OPC at TYPE (the op's type,
 * TCGOp.type) from inputs IN[0..nb_iargs) and constant arguments CARGS.
 * Inputs of i32 type use their low 32 bits; i32 outputs are zero-extended
 * to 64 bits.  Returns false (OUT untouched) for ops that are not pure
 * value computations (memory, control flow, calls), for types other than
 * i32 and i64, and for inputs the IR leaves undefined (division by zero,
 * INT_MIN / -1), so folding never depends on an undefined result.
 */
bool tcg_alu_eval(TCGOpcode opc, TCGType type, uint64_t *out,
                  const uint64_t *in, const TCGArg *cargs);

/* True if COND holds for X and Y compared as TYPE. */
bool tcg_alu_cond(TCGCond cond, TCGType type, uint64_t x, uint64_t y);

#endif /* TCG_TCG_ALU_H */
