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

/* -- 32-bit ops ------------------------------------------------------------ */

void tcg_gen_mov_i32(TCGv_i32 ret, TCGv_i32 arg);
void tcg_gen_movi_i32(TCGv_i32 ret, int32_t arg);
void tcg_gen_add_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2);
void tcg_gen_sub_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2);
void tcg_gen_and_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2);
void tcg_gen_or_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2);
void tcg_gen_xor_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2);
void tcg_gen_andc_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2);
void tcg_gen_orc_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2);
void tcg_gen_shl_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2);
void tcg_gen_shr_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2);
void tcg_gen_sar_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2);
void tcg_gen_rotl_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2);
void tcg_gen_rotr_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2);
void tcg_gen_mul_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2);
void tcg_gen_muluh_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2);
void tcg_gen_mulsh_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2);
void tcg_gen_div_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2);
void tcg_gen_divu_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2);
void tcg_gen_rem_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2);
void tcg_gen_remu_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2);
void tcg_gen_addi_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2);
void tcg_gen_subi_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2);
void tcg_gen_andi_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2);
void tcg_gen_ori_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2);
void tcg_gen_xori_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2);
void tcg_gen_shli_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2);
void tcg_gen_shri_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2);
void tcg_gen_sari_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2);
void tcg_gen_rotli_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2);
void tcg_gen_rotri_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2);
void tcg_gen_muli_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2);
/* ret = arg1 - arg2 with a constant minuend */
void tcg_gen_subfi_i32(TCGv_i32 ret, int32_t arg1, TCGv_i32 arg2);
void tcg_gen_neg_i32(TCGv_i32 ret, TCGv_i32 arg);
void tcg_gen_not_i32(TCGv_i32 ret, TCGv_i32 arg);
void tcg_gen_ext8s_i32(TCGv_i32 ret, TCGv_i32 arg);
void tcg_gen_ext8u_i32(TCGv_i32 ret, TCGv_i32 arg);
void tcg_gen_ext16s_i32(TCGv_i32 ret, TCGv_i32 arg);
void tcg_gen_ext16u_i32(TCGv_i32 ret, TCGv_i32 arg);
void tcg_gen_ctpop_i32(TCGv_i32 ret, TCGv_i32 arg);
/* rl:rh = al:ah + bl:bh (double-width) */
void tcg_gen_add2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 al, TCGv_i32 ah,
                      TCGv_i32 bl, TCGv_i32 bh);
void tcg_gen_sub2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 al, TCGv_i32 ah,
                      TCGv_i32 bl, TCGv_i32 bh);
/* rl:rh = arg1 * arg2, unsigned / signed double-width product */
void tcg_gen_mulu2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 arg1, TCGv_i32 arg2);
void tcg_gen_muls2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 arg1, TCGv_i32 arg2);
/* FLAGS: TCG_BSWAP_* */
void tcg_gen_bswap16_i32(TCGv_i32 ret, TCGv_i32 arg, int flags);
void tcg_gen_bswap32_i32(TCGv_i32 ret, TCGv_i32 arg, int flags);
/* ret = count of leading/trailing zeros of arg1, or arg2 if arg1 == 0 */
void tcg_gen_clz_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2);
void tcg_gen_ctz_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2);
void tcg_gen_clzi_i32(TCGv_i32 ret, TCGv_i32 arg1, uint32_t arg2);
void tcg_gen_ctzi_i32(TCGv_i32 ret, TCGv_i32 arg1, uint32_t arg2);
/* ret = arg1 with bits [ofs, ofs + len) replaced by the low bits of arg2 */
void tcg_gen_deposit_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2,
                         unsigned ofs, unsigned len);
/* ret = bits [ofs, ofs + len) of arg, zero- / sign-extended */
void tcg_gen_extract_i32(TCGv_i32 ret, TCGv_i32 arg, unsigned ofs,
                         unsigned len);
void tcg_gen_sextract_i32(TCGv_i32 ret, TCGv_i32 arg, unsigned ofs,
                          unsigned len);
/* ret = (ah:al) >> ofs, truncated */
void tcg_gen_extract2_i32(TCGv_i32 ret, TCGv_i32 al, TCGv_i32 ah, unsigned ofs);
/* ret = cond(arg1, arg2) ? 1 : 0;  negsetcond: ? -1 : 0 */
void tcg_gen_setcond_i32(TCGCond cond, TCGv_i32 ret, TCGv_i32 arg1,
                         TCGv_i32 arg2);
void tcg_gen_setcondi_i32(TCGCond cond, TCGv_i32 ret, TCGv_i32 arg1,
                          int32_t arg2);
void tcg_gen_negsetcond_i32(TCGCond cond, TCGv_i32 ret, TCGv_i32 arg1,
                            TCGv_i32 arg2);
/* ret = cond(c1, c2) ? v1 : v2 */
void tcg_gen_movcond_i32(TCGCond cond, TCGv_i32 ret, TCGv_i32 c1, TCGv_i32 c2,
                         TCGv_i32 v1, TCGv_i32 v2);
/* branch to L when cond(arg1, arg2) (ends the basic block) */
void tcg_gen_brcond_i32(TCGCond cond, TCGv_i32 arg1, TCGv_i32 arg2,
                        TCGLabel *l);
void tcg_gen_brcondi_i32(TCGCond cond, TCGv_i32 arg1, int32_t arg2,
                         TCGLabel *l);
/* host loads/stores at base + offset (CPU state) */
void tcg_gen_ld8u_i32(TCGv_i32 ret, TCGv_ptr base, intptr_t offset);
void tcg_gen_ld8s_i32(TCGv_i32 ret, TCGv_ptr base, intptr_t offset);
void tcg_gen_ld16u_i32(TCGv_i32 ret, TCGv_ptr base, intptr_t offset);
void tcg_gen_ld16s_i32(TCGv_i32 ret, TCGv_ptr base, intptr_t offset);
void tcg_gen_ld_i32(TCGv_i32 ret, TCGv_ptr base, intptr_t offset);
void tcg_gen_st8_i32(TCGv_i32 arg, TCGv_ptr base, intptr_t offset);
void tcg_gen_st16_i32(TCGv_i32 arg, TCGv_ptr base, intptr_t offset);
void tcg_gen_st_i32(TCGv_i32 arg, TCGv_ptr base, intptr_t offset);
/* guest memory at the i64 address ADDR (may raise a guest fault) */
void tcg_gen_qemu_ld_i32(TCGv_i32 ret, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp memop);
void tcg_gen_qemu_st_i32(TCGv_i32 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp memop);
/* the value of ARG is no longer needed */
void tcg_gen_discard_i32(TCGv_i32 arg);

/* -- 64-bit ops ------------------------------------------------------------ */

void tcg_gen_mov_i64(TCGv_i64 ret, TCGv_i64 arg);
void tcg_gen_movi_i64(TCGv_i64 ret, int64_t arg);
void tcg_gen_add_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2);
void tcg_gen_sub_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2);
void tcg_gen_and_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2);
void tcg_gen_or_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2);
void tcg_gen_xor_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2);
void tcg_gen_andc_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2);
void tcg_gen_orc_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2);
void tcg_gen_shl_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2);
void tcg_gen_shr_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2);
void tcg_gen_sar_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2);
void tcg_gen_rotl_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2);
void tcg_gen_rotr_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2);
void tcg_gen_mul_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2);
void tcg_gen_muluh_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2);
void tcg_gen_mulsh_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2);
void tcg_gen_div_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2);
void tcg_gen_divu_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2);
void tcg_gen_rem_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2);
void tcg_gen_remu_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2);
void tcg_gen_addi_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2);
void tcg_gen_subi_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2);
void tcg_gen_andi_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2);
void tcg_gen_ori_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2);
void tcg_gen_xori_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2);
void tcg_gen_shli_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2);
void tcg_gen_shri_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2);
void tcg_gen_sari_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2);
void tcg_gen_rotli_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2);
void tcg_gen_rotri_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2);
void tcg_gen_muli_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2);
/* ret = arg1 - arg2 with a constant minuend */
void tcg_gen_subfi_i64(TCGv_i64 ret, int64_t arg1, TCGv_i64 arg2);
void tcg_gen_neg_i64(TCGv_i64 ret, TCGv_i64 arg);
void tcg_gen_not_i64(TCGv_i64 ret, TCGv_i64 arg);
void tcg_gen_ext8s_i64(TCGv_i64 ret, TCGv_i64 arg);
void tcg_gen_ext8u_i64(TCGv_i64 ret, TCGv_i64 arg);
void tcg_gen_ext16s_i64(TCGv_i64 ret, TCGv_i64 arg);
void tcg_gen_ext16u_i64(TCGv_i64 ret, TCGv_i64 arg);
void tcg_gen_ctpop_i64(TCGv_i64 ret, TCGv_i64 arg);
void tcg_gen_ext32s_i64(TCGv_i64 ret, TCGv_i64 arg);
void tcg_gen_ext32u_i64(TCGv_i64 ret, TCGv_i64 arg);
/* rl:rh = al:ah + bl:bh (double-width) */
void tcg_gen_add2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 al, TCGv_i64 ah,
                      TCGv_i64 bl, TCGv_i64 bh);
void tcg_gen_sub2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 al, TCGv_i64 ah,
                      TCGv_i64 bl, TCGv_i64 bh);
/* rl:rh = arg1 * arg2, unsigned / signed double-width product */
void tcg_gen_mulu2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 arg1, TCGv_i64 arg2);
void tcg_gen_muls2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 arg1, TCGv_i64 arg2);
/* FLAGS: TCG_BSWAP_* */
void tcg_gen_bswap16_i64(TCGv_i64 ret, TCGv_i64 arg, int flags);
void tcg_gen_bswap32_i64(TCGv_i64 ret, TCGv_i64 arg, int flags);
void tcg_gen_bswap64_i64(TCGv_i64 ret, TCGv_i64 arg);
/* ret = count of leading/trailing zeros of arg1, or arg2 if arg1 == 0 */
void tcg_gen_clz_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2);
void tcg_gen_ctz_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2);
void tcg_gen_clzi_i64(TCGv_i64 ret, TCGv_i64 arg1, uint64_t arg2);
void tcg_gen_ctzi_i64(TCGv_i64 ret, TCGv_i64 arg1, uint64_t arg2);
/* ret = arg1 with bits [ofs, ofs + len) replaced by the low bits of arg2 */
void tcg_gen_deposit_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2,
                         unsigned ofs, unsigned len);
/* ret = bits [ofs, ofs + len) of arg, zero- / sign-extended */
void tcg_gen_extract_i64(TCGv_i64 ret, TCGv_i64 arg, unsigned ofs,
                         unsigned len);
void tcg_gen_sextract_i64(TCGv_i64 ret, TCGv_i64 arg, unsigned ofs,
                          unsigned len);
/* ret = (ah:al) >> ofs, truncated */
void tcg_gen_extract2_i64(TCGv_i64 ret, TCGv_i64 al, TCGv_i64 ah, unsigned ofs);
/* ret = cond(arg1, arg2) ? 1 : 0;  negsetcond: ? -1 : 0 */
void tcg_gen_setcond_i64(TCGCond cond, TCGv_i64 ret, TCGv_i64 arg1,
                         TCGv_i64 arg2);
void tcg_gen_setcondi_i64(TCGCond cond, TCGv_i64 ret, TCGv_i64 arg1,
                          int64_t arg2);
void tcg_gen_negsetcond_i64(TCGCond cond, TCGv_i64 ret, TCGv_i64 arg1,
                            TCGv_i64 arg2);
/* ret = cond(c1, c2) ? v1 : v2 */
void tcg_gen_movcond_i64(TCGCond cond, TCGv_i64 ret, TCGv_i64 c1, TCGv_i64 c2,
                         TCGv_i64 v1, TCGv_i64 v2);
/* branch to L when cond(arg1, arg2) (ends the basic block) */
void tcg_gen_brcond_i64(TCGCond cond, TCGv_i64 arg1, TCGv_i64 arg2,
                        TCGLabel *l);
void tcg_gen_brcondi_i64(TCGCond cond, TCGv_i64 arg1, int64_t arg2,
                         TCGLabel *l);
/* host loads/stores at base + offset (CPU state) */
void tcg_gen_ld8u_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t offset);
void tcg_gen_ld8s_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t offset);
void tcg_gen_ld16u_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t offset);
void tcg_gen_ld16s_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t offset);
void tcg_gen_ld32u_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t offset);
void tcg_gen_ld32s_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t offset);
void tcg_gen_ld_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t offset);
void tcg_gen_st8_i64(TCGv_i64 arg, TCGv_ptr base, intptr_t offset);
void tcg_gen_st16_i64(TCGv_i64 arg, TCGv_ptr base, intptr_t offset);
void tcg_gen_st32_i64(TCGv_i64 arg, TCGv_ptr base, intptr_t offset);
void tcg_gen_st_i64(TCGv_i64 arg, TCGv_ptr base, intptr_t offset);
/* guest memory at the i64 address ADDR (may raise a guest fault) */
void tcg_gen_qemu_ld_i64(TCGv_i64 ret, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp memop);
void tcg_gen_qemu_st_i64(TCGv_i64 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp memop);
/* the value of ARG is no longer needed */
void tcg_gen_discard_i64(TCGv_i64 arg);

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
