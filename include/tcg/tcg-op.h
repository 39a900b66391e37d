/*
 * The op-building API used by frontends: tcg_gen_<op>_<width>.
 *
 * Every function appends ops to tcg_ctx's current TB (after tcg_func_start):
 * one IR op per operation (add), its type (i32, i64) from the handles.
 * Immediate forms (addi...) take a host integer and use an interned constant
 * temp.  Ops the backend lacks (TCG_OPF_OPTIONAL rows) are expanded here into
 * other ops or helper calls, so what reaches the backend is always lowered.
 * Simple identities are applied on the spot (addi x, 0 is a mov); the real
 * simplification is the optimizer's job.
 */
#ifndef TCG_TCG_OP_H
#define TCG_TCG_OP_H

#include "tcg/tcg.h"

/* -- Raw op emission ------------------------------------------------------- */

/*
 * Append OPC at TYPE with the given raw arguments (temps as temp_arg()),
 * as is: no expansion.  OPC must exist at TYPE.
 */
TCGOp *tcg_gen_op1(TCGOpcode opc, TCGType type, TCGArg a1);
TCGOp *tcg_gen_op2(TCGOpcode opc, TCGType type, TCGArg a1, TCGArg a2);
TCGOp *tcg_gen_op3(TCGOpcode opc, TCGType type, TCGArg a1, TCGArg a2,
                   TCGArg a3);
TCGOp *tcg_gen_op4(TCGOpcode opc, TCGType type, TCGArg a1, TCGArg a2, TCGArg a3,
                   TCGArg a4);
TCGOp *tcg_gen_op5(TCGOpcode opc, TCGType type, TCGArg a1, TCGArg a2, TCGArg a3,
                   TCGArg a4, TCGArg a5);
TCGOp *tcg_gen_op6(TCGOpcode opc, TCGType type, TCGArg a1, TCGArg a2, TCGArg a3,
                   TCGArg a4, TCGArg a5, TCGArg a6);

/* True if the backend lowers OPC at TYPE itself (no expansion needed). */
bool tcg_op_supported(TCGOpcode opc, TCGType type);

/*
 * Build any pure value op (arithmetic, logic, extensions, fields,
 * setcond/movcond, width changes) by opcode at TYPE, expanding it if the
 * backend lacks it.  ARGS: output temps then input temps, in tcg-opc.def
 * order; CARGS: its constant arguments.  For generators of IR (tests,
 * fuzzers).
 */
void tcg_gen_op_by_opc(TCGOpcode opc, TCGType type, TCGTemp *const *args,
                       const TCGArg *cargs);

/* Any TCGv handle to its TCGTemp (NULL stays NULL). */
static inline TCGTemp *tcg_temp_null(void *p)
{
    return (TCGTemp *)p;
}

#define tcgv_temp(x)                                                           \
    _Generic((x), TCGv_i32                                                     \
             : tcgv_i32_temp, TCGv_i64                                         \
             : tcgv_i64_temp, TCGv_ptr                                         \
             : tcgv_ptr_temp, default                                          \
             : tcg_temp_null)(x)

/* -- Control flow and TB structure ----------------------------------------- */

/* Place label L here (starts a basic block: EBB temps die). */
void tcg_gen_set_label(TCGLabel *l);
/* Unconditional branch to L. */
void tcg_gen_br(TCGLabel *l);
/* Start of a guest instruction: its pc and cc_op (for exception unwind). */
void tcg_gen_insn_start(uint64_t pc, uint64_t cc_op);
/* Direct jump slot IDX (0/1), patched when the TB is chained. */
void tcg_gen_goto_tb(unsigned idx);
/* Leave the TB returning (uintptr_t)TB | IDX (TB may be NULL, IDX 0). */
void tcg_gen_exit_tb(const void *tb, unsigned idx);
/* Jump to the host code address in PTR (an RX address or the epilogue). */
void tcg_gen_goto_ptr(TCGv_ptr ptr);
/* Look up the next TB with the jump-cache helper and jump to it. */
void tcg_gen_lookup_and_goto_ptr(void);
/* Memory barrier of kind TCG_MO_* | TCG_BAR_*. */
void tcg_gen_mb(unsigned kind);

/* -- Helper calls ---------------------------------------------------------- */

/*
 * Call INFO's function with NARGS arguments (temps whose types match
 * INFO's typemask); RET receives the result (NULL for void).
 */
void tcg_gen_callN(const TCGHelperInfo *info, TCGTemp *ret, int nargs,
                   TCGTemp *const *args);

/* tcg_gen_call<N>(info, ret, args...): RET/args are TCGv handles or NULL. */
#define tcg_gen_call0(info, ret) tcg_gen_callN((info), tcgv_temp(ret), 0, NULL)
#define tcg_gen_call1(info, ret, a1)                                           \
    tcg_gen_callN((info), tcgv_temp(ret), 1, (TCGTemp *[]){tcgv_temp(a1)})
#define tcg_gen_call2(info, ret, a1, a2)                                       \
    tcg_gen_callN((info), tcgv_temp(ret), 2,                                   \
                  (TCGTemp *[]){tcgv_temp(a1), tcgv_temp(a2)})
#define tcg_gen_call3(info, ret, a1, a2, a3)                                   \
    tcg_gen_callN((info), tcgv_temp(ret), 3,                                   \
                  (TCGTemp *[]){tcgv_temp(a1), tcgv_temp(a2), tcgv_temp(a3)})
#define tcg_gen_call4(info, ret, a1, a2, a3, a4)                               \
    tcg_gen_callN((info), tcgv_temp(ret), 4,                                   \
                  (TCGTemp *[]){tcgv_temp(a1), tcgv_temp(a2), tcgv_temp(a3),   \
                                tcgv_temp(a4)})
#define tcg_gen_call5(info, ret, a1, a2, a3, a4, a5)                           \
    tcg_gen_callN((info), tcgv_temp(ret), 5,                                   \
                  (TCGTemp *[]){tcgv_temp(a1), tcgv_temp(a2), tcgv_temp(a3),   \
                                tcgv_temp(a4), tcgv_temp(a5)})
#define tcg_gen_call6(info, ret, a1, a2, a3, a4, a5, a6)                       \
    tcg_gen_callN((info), tcgv_temp(ret), 6,                                   \
                  (TCGTemp *[]){tcgv_temp(a1), tcgv_temp(a2), tcgv_temp(a3),   \
                                tcgv_temp(a4), tcgv_temp(a5), tcgv_temp(a6)})

/* -- Ops at both widths ---------------------------------------------------- */

/*
 * The ops that exist at both widths, listed once.  Each row
 *     X(W, name, (parameters), how tcg-op-typed.c builds it)
 * declares tcg_gen_<name>_i32 and tcg_gen_<name>_i64 (W is i32 or i64), with
 * V the width's handle (TCGv_i32, TCGv_i64), I its signed and U its unsigned
 * immediate type (int32_t/uint32_t, int64_t/uint64_t).  The last column is
 * read only by tcg-op-typed.c: t is the width's TCGType, T(x) the temp of
 * handle x, CONST(v) the constant v of the width, and BINARY(opc),
 * BINARY_IMM(opc), UNARY(opc), LDST(opc) the common shapes: the gen_binary,
 * gen_binary_imm, gen_unary or gen_ldst of tcg-op.c on the parameters.
 */
/* clang-format off */
#define TCG_OPS_BOTH_WIDTHS(X, W, V, I, U)                                     \
    X(W, mov, (V ret, V arg), gen_mov(t, T(ret), T(arg)))                      \
    X(W, movi, (V ret, I arg), gen_movi(t, T(ret), arg))                       \
    /* ret = arg1 <op> arg2 */                                                 \
    X(W, add, (V ret, V arg1, V arg2), BINARY(INDEX_op_add))                   \
    X(W, sub, (V ret, V arg1, V arg2), BINARY(INDEX_op_sub))                   \
    X(W, and, (V ret, V arg1, V arg2), BINARY(INDEX_op_and))                   \
    X(W, or, (V ret, V arg1, V arg2), BINARY(INDEX_op_or))                     \
    X(W, xor, (V ret, V arg1, V arg2), BINARY(INDEX_op_xor))                   \
    X(W, andc, (V ret, V arg1, V arg2), BINARY(INDEX_op_andc))                 \
    X(W, orc, (V ret, V arg1, V arg2), BINARY(INDEX_op_orc))                   \
    X(W, shl, (V ret, V arg1, V arg2), BINARY(INDEX_op_shl))                   \
    X(W, shr, (V ret, V arg1, V arg2), BINARY(INDEX_op_shr))                   \
    X(W, sar, (V ret, V arg1, V arg2), BINARY(INDEX_op_sar))                   \
    X(W, rotl, (V ret, V arg1, V arg2), BINARY(INDEX_op_rotl))                 \
    X(W, rotr, (V ret, V arg1, V arg2), BINARY(INDEX_op_rotr))                 \
    X(W, mul, (V ret, V arg1, V arg2), BINARY(INDEX_op_mul))                   \
    X(W, muluh, (V ret, V arg1, V arg2), BINARY(INDEX_op_muluh))               \
    X(W, mulsh, (V ret, V arg1, V arg2), BINARY(INDEX_op_mulsh))               \
    X(W, div, (V ret, V arg1, V arg2), BINARY(INDEX_op_div))                   \
    X(W, divu, (V ret, V arg1, V arg2), BINARY(INDEX_op_divu))                 \
    X(W, rem, (V ret, V arg1, V arg2), BINARY(INDEX_op_rem))                   \
    X(W, remu, (V ret, V arg1, V arg2), BINARY(INDEX_op_remu))                 \
    /* ret = arg1 <op> $arg2; x + 0 and the like are a mov */                  \
    X(W, addi, (V ret, V arg1, I arg2), BINARY_IMM(INDEX_op_add))              \
    X(W, subi, (V ret, V arg1, I arg2), BINARY_IMM(INDEX_op_sub))              \
    X(W, andi, (V ret, V arg1, I arg2), BINARY_IMM(INDEX_op_and))              \
    X(W, ori, (V ret, V arg1, I arg2), BINARY_IMM(INDEX_op_or))                \
    X(W, xori, (V ret, V arg1, I arg2), BINARY_IMM(INDEX_op_xor))              \
    X(W, shli, (V ret, V arg1, I arg2), BINARY_IMM(INDEX_op_shl))              \
    X(W, shri, (V ret, V arg1, I arg2), BINARY_IMM(INDEX_op_shr))              \
    X(W, sari, (V ret, V arg1, I arg2), BINARY_IMM(INDEX_op_sar))              \
    X(W, rotli, (V ret, V arg1, I arg2), BINARY_IMM(INDEX_op_rotl))            \
    X(W, rotri, (V ret, V arg1, I arg2), BINARY_IMM(INDEX_op_rotr))            \
    X(W, muli, (V ret, V arg1, I arg2), BINARY_IMM(INDEX_op_mul))              \
    /* ret = arg1 - arg2 with a constant minuend */                            \
    X(W, subfi, (V ret, I arg1, V arg2),                                       \
      gen_binary(t, INDEX_op_sub, T(ret), CONST(arg1), T(arg2)))               \
    /* ret = <op> arg */                                                       \
    X(W, neg, (V ret, V arg), UNARY(INDEX_op_neg))                             \
    X(W, not, (V ret, V arg), UNARY(INDEX_op_not))                             \
    X(W, ext8s, (V ret, V arg), UNARY(INDEX_op_ext8s))                         \
    X(W, ext8u, (V ret, V arg), UNARY(INDEX_op_ext8u))                         \
    X(W, ext16s, (V ret, V arg), UNARY(INDEX_op_ext16s))                       \
    X(W, ext16u, (V ret, V arg), UNARY(INDEX_op_ext16u))                       \
    X(W, ctpop, (V ret, V arg), UNARY(INDEX_op_ctpop))                         \
    /* rl:rh = al:ah +/- bl:bh (double-width) */                               \
    X(W, add2, (V rl, V rh, V al, V ah, V bl, V bh),                           \
      gen_addsub2(t, INDEX_op_add2, T(rl), T(rh), T(al), T(ah), T(bl), T(bh))) \
    X(W, sub2, (V rl, V rh, V al, V ah, V bl, V bh),                           \
      gen_addsub2(t, INDEX_op_sub2, T(rl), T(rh), T(al), T(ah), T(bl), T(bh))) \
    /* rl:rh = arg1 * arg2, unsigned / signed double-width product */          \
    X(W, mulu2, (V rl, V rh, V arg1, V arg2),                                  \
      gen_mul2(t, INDEX_op_mulu2, T(rl), T(rh), T(arg1), T(arg2)))             \
    X(W, muls2, (V rl, V rh, V arg1, V arg2),                                  \
      gen_mul2(t, INDEX_op_muls2, T(rl), T(rh), T(arg1), T(arg2)))             \
    /* FLAGS: TCG_BSWAP_* */                                                   \
    X(W, bswap16, (V ret, V arg, int flags),                                   \
      gen_bswap(t, INDEX_op_bswap16, T(ret), T(arg), flags))                   \
    X(W, bswap32, (V ret, V arg, int flags),                                   \
      gen_bswap(t, INDEX_op_bswap32, T(ret), T(arg), flags))                   \
    /* ret = count of leading/trailing zeros of arg1, or arg2 if arg1 == 0 */  \
    X(W, clz, (V ret, V arg1, V arg2), BINARY(INDEX_op_clz))                   \
    X(W, ctz, (V ret, V arg1, V arg2), BINARY(INDEX_op_ctz))                   \
    X(W, clzi, (V ret, V arg1, U arg2),                                        \
      gen_binary(t, INDEX_op_clz, T(ret), T(arg1), CONST((I)arg2)))            \
    X(W, ctzi, (V ret, V arg1, U arg2),                                        \
      gen_binary(t, INDEX_op_ctz, T(ret), T(arg1), CONST((I)arg2)))            \
    /* ret = arg1 with bits [ofs, ofs + len) set to arg2's low bits */        \
    X(W, deposit, (V ret, V arg1, V arg2, unsigned ofs, unsigned len),         \
      gen_deposit(t, T(ret), T(arg1), T(arg2), ofs, len))                      \
    /* ret = bits [ofs, ofs + len) of arg, zero- / sign-extended */            \
    X(W, extract, (V ret, V arg, unsigned ofs, unsigned len),                  \
      gen_extract(t, T(ret), T(arg), ofs, len))                                \
    X(W, sextract, (V ret, V arg, unsigned ofs, unsigned len),                 \
      gen_sextract(t, T(ret), T(arg), ofs, len))                               \
    /* ret = (ah:al) >> ofs, truncated */                                      \
    X(W, extract2, (V ret, V al, V ah, unsigned ofs),                          \
      gen_extract2(t, T(ret), T(al), T(ah), ofs))                              \
    /* ret = cond(arg1, arg2) ? 1 : 0;  negsetcond: ? -1 : 0 */                \
    X(W, setcond, (TCGCond cond, V ret, V arg1, V arg2),                       \
      gen_setcond(t, INDEX_op_setcond, cond, T(ret), T(arg1), T(arg2)))        \
    X(W, setcondi, (TCGCond cond, V ret, V arg1, I arg2),                      \
      gen_setcond(t, INDEX_op_setcond, cond, T(ret), T(arg1), CONST(arg2)))    \
    X(W, negsetcond, (TCGCond cond, V ret, V arg1, V arg2),                    \
      gen_setcond(t, INDEX_op_negsetcond, cond, T(ret), T(arg1), T(arg2)))     \
    /* ret = cond(c1, c2) ? v1 : v2 */                                         \
    X(W, movcond, (TCGCond cond, V ret, V c1, V c2, V v1, V v2),               \
      gen_movcond(t, cond, T(ret), T(c1), T(c2), T(v1), T(v2)))                \
    /* branch to L when cond(arg1, arg2) (ends the basic block) */             \
    X(W, brcond, (TCGCond cond, V arg1, V arg2, TCGLabel *l),                  \
      gen_brcond(t, cond, T(arg1), T(arg2), l))                                \
    X(W, brcondi, (TCGCond cond, V arg1, I arg2, TCGLabel *l),                 \
      gen_brcond(t, cond, T(arg1), CONST(arg2), l))                            \
    /* host loads/stores of VAL at base + offset (CPU state) */                \
    X(W, ld8u, (V val, TCGv_ptr base, intptr_t offset), LDST(INDEX_op_ld8u))   \
    X(W, ld8s, (V val, TCGv_ptr base, intptr_t offset), LDST(INDEX_op_ld8s))   \
    X(W, ld16u, (V val, TCGv_ptr base, intptr_t offset), LDST(INDEX_op_ld16u)) \
    X(W, ld16s, (V val, TCGv_ptr base, intptr_t offset), LDST(INDEX_op_ld16s)) \
    X(W, ld, (V val, TCGv_ptr base, intptr_t offset), LDST(INDEX_op_ld))       \
    X(W, st8, (V val, TCGv_ptr base, intptr_t offset), LDST(INDEX_op_st8))     \
    X(W, st16, (V val, TCGv_ptr base, intptr_t offset), LDST(INDEX_op_st16))   \
    X(W, st, (V val, TCGv_ptr base, intptr_t offset), LDST(INDEX_op_st))       \
    /* guest memory at the i64 address ADDR (may raise a guest fault) */       \
    X(W, qemu_ld, (V ret, TCGv_i64 addr, unsigned mmu_idx, MemOp memop),       \
      gen_qemu_ld(t, T(ret), T(addr), mmu_idx, memop))                         \
    X(W, qemu_st, (V val, TCGv_i64 addr, unsigned mmu_idx, MemOp memop),       \
      gen_qemu_st(t, T(val), T(addr), mmu_idx, memop))                         \
    /* the value of ARG is no longer needed */                                 \
    X(W, discard, (V arg), tcg_gen_op1(INDEX_op_discard, t, temp_arg(T(arg))))
/* clang-format on */

#define TCG_DECLARE_OP(W, name, params, build) void tcg_gen_##name##_##W params;
TCG_OPS_BOTH_WIDTHS(TCG_DECLARE_OP, i32, TCGv_i32, int32_t, uint32_t)
TCG_OPS_BOTH_WIDTHS(TCG_DECLARE_OP, i64, TCGv_i64, int64_t, uint64_t)
#undef TCG_DECLARE_OP

/* -- 64-bit only ----------------------------------------------------------- */

void tcg_gen_ext32s_i64(TCGv_i64 ret, TCGv_i64 arg);
void tcg_gen_ext32u_i64(TCGv_i64 ret, TCGv_i64 arg);
void tcg_gen_bswap64_i64(TCGv_i64 ret, TCGv_i64 arg);
void tcg_gen_ld32u_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t offset);
void tcg_gen_ld32s_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t offset);
void tcg_gen_st32_i64(TCGv_i64 arg, TCGv_ptr base, intptr_t offset);

/* -- Width changes --------------------------------------------------------- */

void tcg_gen_extu_i32_i64(TCGv_i64 ret, TCGv_i32 arg);
void tcg_gen_ext_i32_i64(TCGv_i64 ret, TCGv_i32 arg);
void tcg_gen_extrl_i64_i32(TCGv_i32 ret, TCGv_i64 arg);
void tcg_gen_extrh_i64_i32(TCGv_i32 ret, TCGv_i64 arg);

/* -- 128-bit guest memory (lo at addr, hi at addr + 8) --------------------- */

void tcg_gen_qemu_ld2_i64(TCGv_i64 lo, TCGv_i64 hi, TCGv_i64 addr,
                          unsigned mmu_idx, MemOp memop);
void tcg_gen_qemu_st2_i64(TCGv_i64 lo, TCGv_i64 hi, TCGv_i64 addr,
                          unsigned mmu_idx, MemOp memop);

/* -- Host pointers --------------------------------------------------------- */

static inline void tcg_gen_mov_ptr(TCGv_ptr ret, TCGv_ptr arg)
{
    tcg_gen_mov_i64((TCGv_i64)ret, (TCGv_i64)arg);
}

static inline void tcg_gen_addi_ptr(TCGv_ptr ret, TCGv_ptr arg, intptr_t v)
{
    tcg_gen_addi_i64((TCGv_i64)ret, (TCGv_i64)arg, v);
}

static inline void tcg_gen_ld_ptr(TCGv_ptr ret, TCGv_ptr base, intptr_t ofs)
{
    tcg_gen_ld_i64((TCGv_i64)ret, base, ofs);
}

static inline void tcg_gen_st_ptr(TCGv_ptr arg, TCGv_ptr base, intptr_t ofs)
{
    tcg_gen_st_i64((TCGv_i64)arg, base, ofs);
}

#endif /* TCG_TCG_OP_H */
