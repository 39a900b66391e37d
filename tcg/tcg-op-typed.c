/*
 * The typed front doors of the op-building API (tcg/tcg-op.h): each
 * tcg_gen_<op>_<width> converts its handles to temps and calls the
 * width-generic builder in tcg-op.c with the width's type.  The ops at both
 * widths are defined from the one list in tcg-op.h (TCG_OPS_BOTH_WIDTHS),
 * once per width; the few 64-bit-only ops and the width changes follow.
 */
#include "tcg-op-internal.h"

/* The shapes used in the last column of TCG_OPS_BOTH_WIDTHS. */
#define T(x)            tcgv_temp(x)
#define CONST(v)        tcg_constant_internal(t, (v))
#define BINARY(opc)     gen_binary(t, opc, T(ret), T(arg1), T(arg2))
#define BINARY_IMM(opc) gen_binary_imm(t, opc, T(ret), T(arg1), arg2)
#define UNARY(opc)      gen_unary(t, opc, T(ret), T(arg))
#define LDST(opc)       gen_ldst(t, opc, T(val), T(base), offset)

#define TYPE_i32 TCG_TYPE_I32
#define TYPE_i64 TCG_TYPE_I64

#define DEFINE_OP(W, name, params, build)                                      \
    void tcg_gen_##name##_##W params                                           \
    {                                                                          \
        const TCGType t = TYPE_##W;                                            \
                                                                               \
        build;                                                                 \
    }

TCG_OPS_BOTH_WIDTHS(DEFINE_OP, i32, TCGv_i32, int32_t, uint32_t)
TCG_OPS_BOTH_WIDTHS(DEFINE_OP, i64, TCGv_i64, int64_t, uint64_t)

/* -- 64-bit only ----------------------------------------------------------- */

void tcg_gen_ext32s_i64(TCGv_i64 ret, TCGv_i64 arg)
{
    gen_unary(TCG_TYPE_I64, INDEX_op_ext32s_i64, T(ret), T(arg));
}

void tcg_gen_ext32u_i64(TCGv_i64 ret, TCGv_i64 arg)
{
    gen_unary(TCG_TYPE_I64, INDEX_op_ext32u_i64, T(ret), T(arg));
}

void tcg_gen_bswap64_i64(TCGv_i64 ret, TCGv_i64 arg)
{
    gen_bswap(TCG_TYPE_I64, INDEX_op_bswap64_i64, T(ret), T(arg), 0);
}

void tcg_gen_ld32u_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(TCG_TYPE_I64, INDEX_op_ld32u_i64, T(ret), T(base), offset);
}

void tcg_gen_ld32s_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(TCG_TYPE_I64, INDEX_op_ld32s_i64, T(ret), T(base), offset);
}

void tcg_gen_st32_i64(TCGv_i64 arg, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(TCG_TYPE_I64, INDEX_op_st32_i64, T(arg), T(base), offset);
}

/* -- Width changes: the op's type is the output's -------------------------- */

void tcg_gen_extu_i32_i64(TCGv_i64 ret, TCGv_i32 arg)
{
    gen_unary(TCG_TYPE_I64, INDEX_op_extu_i32_i64, T(ret), T(arg));
}

void tcg_gen_ext_i32_i64(TCGv_i64 ret, TCGv_i32 arg)
{
    gen_unary(TCG_TYPE_I64, INDEX_op_ext_i32_i64, T(ret), T(arg));
}

void tcg_gen_extrl_i64_i32(TCGv_i32 ret, TCGv_i64 arg)
{
    gen_unary(TCG_TYPE_I32, INDEX_op_extrl_i64_i32, T(ret), T(arg));
}

void tcg_gen_extrh_i64_i32(TCGv_i32 ret, TCGv_i64 arg)
{
    gen_unary(TCG_TYPE_I32, INDEX_op_extrh_i64_i32, T(ret), T(arg));
}

/* -- 128-bit guest memory -------------------------------------------------- */

void tcg_gen_qemu_ld2_i64(TCGv_i64 lo, TCGv_i64 hi, TCGv_i64 addr,
                          unsigned mmu_idx, MemOp memop)
{
    gen_qemu_ldst2(false, T(lo), T(hi), T(addr), mmu_idx, memop);
}

void tcg_gen_qemu_st2_i64(TCGv_i64 lo, TCGv_i64 hi, TCGv_i64 addr,
                          unsigned mmu_idx, MemOp memop)
{
    gen_qemu_ldst2(true, T(lo), T(hi), T(addr), mmu_idx, memop);
}
