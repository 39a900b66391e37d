/*
 * Declarations shared by the files of tcg/ and not part of any public API.
 */
#ifndef TCG_TCG_INTERNAL_H
#define TCG_TCG_INTERNAL_H

#include "tcg/tcg-backend.h"

/* Liveness state bits (TCGTemp.state). */
#define TS_DEAD 1 /* the value is not needed by any later op */
#define TS_MEM  2 /* the value must be in its memory slot */

/* The parsed constraint of operand N of OPC at TYPE. */
static inline TCGArgConstraint *tcg_op_ct(const TCGContext *s, TCGOpcode opc,
                                          TCGType type, int n)
{
    return &s->op_cts[(opc * TCG_TYPE_COUNT + type) * TCG_MAX_OP_ARGS + n];
}

/* True for temps whose value never changes (constants, env). */
static inline bool temp_readonly(const TCGTemp *ts)
{
    return ts->kind >= TEMP_FIXED;
}

/* The helper descriptor of a call op. */
static inline const TCGHelperInfo *tcg_call_info(const TCGOp *op)
{
    return (const TCGHelperInfo *)op->args[op->callo + op->calli + 1];
}

/* The C function of a call op. */
static inline void *tcg_call_func(const TCGOp *op)
{
    return (void *)op->args[op->callo + op->calli];
}

/* Register allocation and emission of the whole op list (regalloc.c). */
int tcg_reg_alloc_code(TCGContext *s);

/* Parse the backend's constraint strings into s->op_cts (regalloc.c). */
void tcg_parse_constraints(TCGContext *s);

/* The lookup helper behind tcg_gen_lookup_and_goto_ptr (tcg.c). */
extern TCGHelperInfo tcg_lookup_tb_ptr_info;

#endif /* TCG_TCG_INTERNAL_H */
