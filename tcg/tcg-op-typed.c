/*
 * The typed front doors of the op-building API (tcg/tcg-op.h): each
 * tcg_gen_<op>_<width> converts its handles to temps and calls the
 * width-generic builder in tcg-op.c with the width's type.
 */
#include "tcg-op-internal.h"

/* The temp of any handle. */
#define T(x) tcgv_temp(x)

/* -- 32-bit ops ------------------------------------------------------------ */

void tcg_gen_mov_i32(TCGv_i32 ret, TCGv_i32 arg)
{
    gen_mov(TCG_TYPE_I32, T(ret), T(arg));
}

void tcg_gen_movi_i32(TCGv_i32 ret, int32_t arg)
{
    gen_movi(TCG_TYPE_I32, T(ret), arg);
}

void tcg_gen_add_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_binary(TCG_TYPE_I32, INDEX_op_add, T(ret), T(arg1), T(arg2));
}

void tcg_gen_sub_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_binary(TCG_TYPE_I32, INDEX_op_sub, T(ret), T(arg1), T(arg2));
}

void tcg_gen_and_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_binary(TCG_TYPE_I32, INDEX_op_and, T(ret), T(arg1), T(arg2));
}

void tcg_gen_or_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_binary(TCG_TYPE_I32, INDEX_op_or, T(ret), T(arg1), T(arg2));
}

void tcg_gen_xor_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_binary(TCG_TYPE_I32, INDEX_op_xor, T(ret), T(arg1), T(arg2));
}

void tcg_gen_andc_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_binary(TCG_TYPE_I32, INDEX_op_andc, T(ret), T(arg1), T(arg2));
}

void tcg_gen_orc_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_binary(TCG_TYPE_I32, INDEX_op_orc, T(ret), T(arg1), T(arg2));
}

void tcg_gen_shl_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_binary(TCG_TYPE_I32, INDEX_op_shl, T(ret), T(arg1), T(arg2));
}

void tcg_gen_shr_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_binary(TCG_TYPE_I32, INDEX_op_shr, T(ret), T(arg1), T(arg2));
}

void tcg_gen_sar_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_binary(TCG_TYPE_I32, INDEX_op_sar, T(ret), T(arg1), T(arg2));
}

void tcg_gen_rotl_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_binary(TCG_TYPE_I32, INDEX_op_rotl, T(ret), T(arg1), T(arg2));
}

void tcg_gen_rotr_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_binary(TCG_TYPE_I32, INDEX_op_rotr, T(ret), T(arg1), T(arg2));
}

void tcg_gen_mul_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_binary(TCG_TYPE_I32, INDEX_op_mul, T(ret), T(arg1), T(arg2));
}

void tcg_gen_muluh_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_binary(TCG_TYPE_I32, INDEX_op_muluh, T(ret), T(arg1), T(arg2));
}

void tcg_gen_mulsh_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_binary(TCG_TYPE_I32, INDEX_op_mulsh, T(ret), T(arg1), T(arg2));
}

void tcg_gen_div_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_binary(TCG_TYPE_I32, INDEX_op_div, T(ret), T(arg1), T(arg2));
}

void tcg_gen_divu_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_binary(TCG_TYPE_I32, INDEX_op_divu, T(ret), T(arg1), T(arg2));
}

void tcg_gen_rem_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_binary(TCG_TYPE_I32, INDEX_op_rem, T(ret), T(arg1), T(arg2));
}

void tcg_gen_remu_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_binary(TCG_TYPE_I32, INDEX_op_remu, T(ret), T(arg1), T(arg2));
}

void tcg_gen_addi_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2)
{
    gen_binary_imm(TCG_TYPE_I32, INDEX_op_add, T(ret), T(arg1), arg2);
}

void tcg_gen_subi_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2)
{
    gen_binary_imm(TCG_TYPE_I32, INDEX_op_sub, T(ret), T(arg1), arg2);
}

void tcg_gen_andi_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2)
{
    gen_binary_imm(TCG_TYPE_I32, INDEX_op_and, T(ret), T(arg1), arg2);
}

void tcg_gen_ori_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2)
{
    gen_binary_imm(TCG_TYPE_I32, INDEX_op_or, T(ret), T(arg1), arg2);
}

void tcg_gen_xori_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2)
{
    gen_binary_imm(TCG_TYPE_I32, INDEX_op_xor, T(ret), T(arg1), arg2);
}

void tcg_gen_shli_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2)
{
    gen_binary_imm(TCG_TYPE_I32, INDEX_op_shl, T(ret), T(arg1), arg2);
}

void tcg_gen_shri_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2)
{
    gen_binary_imm(TCG_TYPE_I32, INDEX_op_shr, T(ret), T(arg1), arg2);
}

void tcg_gen_sari_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2)
{
    gen_binary_imm(TCG_TYPE_I32, INDEX_op_sar, T(ret), T(arg1), arg2);
}

void tcg_gen_rotli_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2)
{
    gen_binary_imm(TCG_TYPE_I32, INDEX_op_rotl, T(ret), T(arg1), arg2);
}

void tcg_gen_rotri_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2)
{
    gen_binary_imm(TCG_TYPE_I32, INDEX_op_rotr, T(ret), T(arg1), arg2);
}

void tcg_gen_muli_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2)
{
    gen_binary_imm(TCG_TYPE_I32, INDEX_op_mul, T(ret), T(arg1), arg2);
}

void tcg_gen_subfi_i32(TCGv_i32 ret, int32_t arg1, TCGv_i32 arg2)
{
    gen_binary(TCG_TYPE_I32, INDEX_op_sub, T(ret),
               tcg_constant_internal(TCG_TYPE_I32, arg1), T(arg2));
}

void tcg_gen_neg_i32(TCGv_i32 ret, TCGv_i32 arg)
{
    gen_unary(TCG_TYPE_I32, INDEX_op_neg, T(ret), T(arg));
}

void tcg_gen_not_i32(TCGv_i32 ret, TCGv_i32 arg)
{
    gen_unary(TCG_TYPE_I32, INDEX_op_not, T(ret), T(arg));
}

void tcg_gen_ext8s_i32(TCGv_i32 ret, TCGv_i32 arg)
{
    gen_unary(TCG_TYPE_I32, INDEX_op_ext8s, T(ret), T(arg));
}

void tcg_gen_ext8u_i32(TCGv_i32 ret, TCGv_i32 arg)
{
    gen_unary(TCG_TYPE_I32, INDEX_op_ext8u, T(ret), T(arg));
}

void tcg_gen_ext16s_i32(TCGv_i32 ret, TCGv_i32 arg)
{
    gen_unary(TCG_TYPE_I32, INDEX_op_ext16s, T(ret), T(arg));
}

void tcg_gen_ext16u_i32(TCGv_i32 ret, TCGv_i32 arg)
{
    gen_unary(TCG_TYPE_I32, INDEX_op_ext16u, T(ret), T(arg));
}

void tcg_gen_ctpop_i32(TCGv_i32 ret, TCGv_i32 arg)
{
    gen_unary(TCG_TYPE_I32, INDEX_op_ctpop, T(ret), T(arg));
}

void tcg_gen_add2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 al, TCGv_i32 ah,
                      TCGv_i32 bl, TCGv_i32 bh)
{
    gen_addsub2(TCG_TYPE_I32, INDEX_op_add2, T(rl), T(rh), T(al), T(ah), T(bl),
                T(bh));
}

void tcg_gen_sub2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 al, TCGv_i32 ah,
                      TCGv_i32 bl, TCGv_i32 bh)
{
    gen_addsub2(TCG_TYPE_I32, INDEX_op_sub2, T(rl), T(rh), T(al), T(ah), T(bl),
                T(bh));
}

void tcg_gen_mulu2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_mul2(TCG_TYPE_I32, INDEX_op_mulu2, T(rl), T(rh), T(arg1), T(arg2));
}

void tcg_gen_muls2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_mul2(TCG_TYPE_I32, INDEX_op_muls2, T(rl), T(rh), T(arg1), T(arg2));
}

void tcg_gen_bswap16_i32(TCGv_i32 ret, TCGv_i32 arg, int flags)
{
    gen_bswap(TCG_TYPE_I32, INDEX_op_bswap16, T(ret), T(arg), flags);
}

void tcg_gen_bswap32_i32(TCGv_i32 ret, TCGv_i32 arg, int flags)
{
    gen_bswap(TCG_TYPE_I32, INDEX_op_bswap32, T(ret), T(arg), flags);
}

void tcg_gen_clz_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_binary(TCG_TYPE_I32, INDEX_op_clz, T(ret), T(arg1), T(arg2));
}

void tcg_gen_ctz_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_binary(TCG_TYPE_I32, INDEX_op_ctz, T(ret), T(arg1), T(arg2));
}

void tcg_gen_clzi_i32(TCGv_i32 ret, TCGv_i32 arg1, uint32_t arg2)
{
    gen_binary(TCG_TYPE_I32, INDEX_op_clz, T(ret), T(arg1),
               tcg_constant_internal(TCG_TYPE_I32, (int32_t)arg2));
}

void tcg_gen_ctzi_i32(TCGv_i32 ret, TCGv_i32 arg1, uint32_t arg2)
{
    gen_binary(TCG_TYPE_I32, INDEX_op_ctz, T(ret), T(arg1),
               tcg_constant_internal(TCG_TYPE_I32, (int32_t)arg2));
}

void tcg_gen_deposit_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2,
                         unsigned ofs, unsigned len)
{
    gen_deposit(TCG_TYPE_I32, T(ret), T(arg1), T(arg2), ofs, len);
}

void tcg_gen_extract_i32(TCGv_i32 ret, TCGv_i32 arg, unsigned ofs, unsigned len)
{
    gen_extract(TCG_TYPE_I32, T(ret), T(arg), ofs, len);
}

void tcg_gen_sextract_i32(TCGv_i32 ret, TCGv_i32 arg, unsigned ofs,
                          unsigned len)
{
    gen_sextract(TCG_TYPE_I32, T(ret), T(arg), ofs, len);
}

void tcg_gen_extract2_i32(TCGv_i32 ret, TCGv_i32 al, TCGv_i32 ah, unsigned ofs)
{
    gen_extract2(TCG_TYPE_I32, T(ret), T(al), T(ah), ofs);
}

void tcg_gen_setcond_i32(TCGCond cond, TCGv_i32 ret, TCGv_i32 arg1,
                         TCGv_i32 arg2)
{
    gen_setcond(TCG_TYPE_I32, INDEX_op_setcond, cond, T(ret), T(arg1), T(arg2));
}

void tcg_gen_setcondi_i32(TCGCond cond, TCGv_i32 ret, TCGv_i32 arg1,
                          int32_t arg2)
{
    gen_setcond(TCG_TYPE_I32, INDEX_op_setcond, cond, T(ret), T(arg1),
                tcg_constant_internal(TCG_TYPE_I32, arg2));
}

void tcg_gen_negsetcond_i32(TCGCond cond, TCGv_i32 ret, TCGv_i32 arg1,
                            TCGv_i32 arg2)
{
    gen_setcond(TCG_TYPE_I32, INDEX_op_negsetcond, cond, T(ret), T(arg1),
                T(arg2));
}

void tcg_gen_movcond_i32(TCGCond cond, TCGv_i32 ret, TCGv_i32 c1, TCGv_i32 c2,
                         TCGv_i32 v1, TCGv_i32 v2)
{
    gen_movcond(TCG_TYPE_I32, cond, T(ret), T(c1), T(c2), T(v1), T(v2));
}

void tcg_gen_brcond_i32(TCGCond cond, TCGv_i32 arg1, TCGv_i32 arg2, TCGLabel *l)
{
    gen_brcond(TCG_TYPE_I32, cond, T(arg1), T(arg2), l);
}

void tcg_gen_brcondi_i32(TCGCond cond, TCGv_i32 arg1, int32_t arg2, TCGLabel *l)
{
    gen_brcond(TCG_TYPE_I32, cond, T(arg1),
               tcg_constant_internal(TCG_TYPE_I32, arg2), l);
}

void tcg_gen_ld8u_i32(TCGv_i32 val, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(TCG_TYPE_I32, INDEX_op_ld8u, T(val), T(base), offset);
}

void tcg_gen_ld8s_i32(TCGv_i32 val, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(TCG_TYPE_I32, INDEX_op_ld8s, T(val), T(base), offset);
}

void tcg_gen_ld16u_i32(TCGv_i32 val, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(TCG_TYPE_I32, INDEX_op_ld16u, T(val), T(base), offset);
}

void tcg_gen_ld16s_i32(TCGv_i32 val, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(TCG_TYPE_I32, INDEX_op_ld16s, T(val), T(base), offset);
}

void tcg_gen_ld_i32(TCGv_i32 val, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(TCG_TYPE_I32, INDEX_op_ld, T(val), T(base), offset);
}

void tcg_gen_st8_i32(TCGv_i32 val, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(TCG_TYPE_I32, INDEX_op_st8, T(val), T(base), offset);
}

void tcg_gen_st16_i32(TCGv_i32 val, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(TCG_TYPE_I32, INDEX_op_st16, T(val), T(base), offset);
}

void tcg_gen_st_i32(TCGv_i32 val, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(TCG_TYPE_I32, INDEX_op_st, T(val), T(base), offset);
}

void tcg_gen_qemu_ld_i32(TCGv_i32 ret, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp memop)
{
    gen_qemu_ld(TCG_TYPE_I32, T(ret), T(addr), mmu_idx, memop);
}

void tcg_gen_qemu_st_i32(TCGv_i32 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp memop)
{
    gen_qemu_st(TCG_TYPE_I32, T(val), T(addr), mmu_idx, memop);
}

void tcg_gen_discard_i32(TCGv_i32 arg)
{
    tcg_gen_op1(INDEX_op_discard, TCG_TYPE_I32, temp_arg(T(arg)));
}

/* -- 64-bit ops ------------------------------------------------------------ */

void tcg_gen_mov_i64(TCGv_i64 ret, TCGv_i64 arg)
{
    gen_mov(TCG_TYPE_I64, T(ret), T(arg));
}

void tcg_gen_movi_i64(TCGv_i64 ret, int64_t arg)
{
    gen_movi(TCG_TYPE_I64, T(ret), arg);
}

void tcg_gen_add_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_binary(TCG_TYPE_I64, INDEX_op_add, T(ret), T(arg1), T(arg2));
}

void tcg_gen_sub_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_binary(TCG_TYPE_I64, INDEX_op_sub, T(ret), T(arg1), T(arg2));
}

void tcg_gen_and_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_binary(TCG_TYPE_I64, INDEX_op_and, T(ret), T(arg1), T(arg2));
}

void tcg_gen_or_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_binary(TCG_TYPE_I64, INDEX_op_or, T(ret), T(arg1), T(arg2));
}

void tcg_gen_xor_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_binary(TCG_TYPE_I64, INDEX_op_xor, T(ret), T(arg1), T(arg2));
}

void tcg_gen_andc_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_binary(TCG_TYPE_I64, INDEX_op_andc, T(ret), T(arg1), T(arg2));
}

void tcg_gen_orc_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_binary(TCG_TYPE_I64, INDEX_op_orc, T(ret), T(arg1), T(arg2));
}

void tcg_gen_shl_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_binary(TCG_TYPE_I64, INDEX_op_shl, T(ret), T(arg1), T(arg2));
}

void tcg_gen_shr_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_binary(TCG_TYPE_I64, INDEX_op_shr, T(ret), T(arg1), T(arg2));
}

void tcg_gen_sar_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_binary(TCG_TYPE_I64, INDEX_op_sar, T(ret), T(arg1), T(arg2));
}

void tcg_gen_rotl_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_binary(TCG_TYPE_I64, INDEX_op_rotl, T(ret), T(arg1), T(arg2));
}

void tcg_gen_rotr_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_binary(TCG_TYPE_I64, INDEX_op_rotr, T(ret), T(arg1), T(arg2));
}

void tcg_gen_mul_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_binary(TCG_TYPE_I64, INDEX_op_mul, T(ret), T(arg1), T(arg2));
}

void tcg_gen_muluh_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_binary(TCG_TYPE_I64, INDEX_op_muluh, T(ret), T(arg1), T(arg2));
}

void tcg_gen_mulsh_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_binary(TCG_TYPE_I64, INDEX_op_mulsh, T(ret), T(arg1), T(arg2));
}

void tcg_gen_div_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_binary(TCG_TYPE_I64, INDEX_op_div, T(ret), T(arg1), T(arg2));
}

void tcg_gen_divu_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_binary(TCG_TYPE_I64, INDEX_op_divu, T(ret), T(arg1), T(arg2));
}

void tcg_gen_rem_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_binary(TCG_TYPE_I64, INDEX_op_rem, T(ret), T(arg1), T(arg2));
}

void tcg_gen_remu_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_binary(TCG_TYPE_I64, INDEX_op_remu, T(ret), T(arg1), T(arg2));
}

void tcg_gen_addi_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2)
{
    gen_binary_imm(TCG_TYPE_I64, INDEX_op_add, T(ret), T(arg1), arg2);
}

void tcg_gen_subi_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2)
{
    gen_binary_imm(TCG_TYPE_I64, INDEX_op_sub, T(ret), T(arg1), arg2);
}

void tcg_gen_andi_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2)
{
    gen_binary_imm(TCG_TYPE_I64, INDEX_op_and, T(ret), T(arg1), arg2);
}

void tcg_gen_ori_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2)
{
    gen_binary_imm(TCG_TYPE_I64, INDEX_op_or, T(ret), T(arg1), arg2);
}

void tcg_gen_xori_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2)
{
    gen_binary_imm(TCG_TYPE_I64, INDEX_op_xor, T(ret), T(arg1), arg2);
}

void tcg_gen_shli_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2)
{
    gen_binary_imm(TCG_TYPE_I64, INDEX_op_shl, T(ret), T(arg1), arg2);
}

void tcg_gen_shri_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2)
{
    gen_binary_imm(TCG_TYPE_I64, INDEX_op_shr, T(ret), T(arg1), arg2);
}

void tcg_gen_sari_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2)
{
    gen_binary_imm(TCG_TYPE_I64, INDEX_op_sar, T(ret), T(arg1), arg2);
}

void tcg_gen_rotli_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2)
{
    gen_binary_imm(TCG_TYPE_I64, INDEX_op_rotl, T(ret), T(arg1), arg2);
}

void tcg_gen_rotri_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2)
{
    gen_binary_imm(TCG_TYPE_I64, INDEX_op_rotr, T(ret), T(arg1), arg2);
}

void tcg_gen_muli_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2)
{
    gen_binary_imm(TCG_TYPE_I64, INDEX_op_mul, T(ret), T(arg1), arg2);
}

void tcg_gen_subfi_i64(TCGv_i64 ret, int64_t arg1, TCGv_i64 arg2)
{
    gen_binary(TCG_TYPE_I64, INDEX_op_sub, T(ret),
               tcg_constant_internal(TCG_TYPE_I64, arg1), T(arg2));
}

void tcg_gen_neg_i64(TCGv_i64 ret, TCGv_i64 arg)
{
    gen_unary(TCG_TYPE_I64, INDEX_op_neg, T(ret), T(arg));
}

void tcg_gen_not_i64(TCGv_i64 ret, TCGv_i64 arg)
{
    gen_unary(TCG_TYPE_I64, INDEX_op_not, T(ret), T(arg));
}

void tcg_gen_ext8s_i64(TCGv_i64 ret, TCGv_i64 arg)
{
    gen_unary(TCG_TYPE_I64, INDEX_op_ext8s, T(ret), T(arg));
}

void tcg_gen_ext8u_i64(TCGv_i64 ret, TCGv_i64 arg)
{
    gen_unary(TCG_TYPE_I64, INDEX_op_ext8u, T(ret), T(arg));
}

void tcg_gen_ext16s_i64(TCGv_i64 ret, TCGv_i64 arg)
{
    gen_unary(TCG_TYPE_I64, INDEX_op_ext16s, T(ret), T(arg));
}

void tcg_gen_ext16u_i64(TCGv_i64 ret, TCGv_i64 arg)
{
    gen_unary(TCG_TYPE_I64, INDEX_op_ext16u, T(ret), T(arg));
}

void tcg_gen_ctpop_i64(TCGv_i64 ret, TCGv_i64 arg)
{
    gen_unary(TCG_TYPE_I64, INDEX_op_ctpop, T(ret), T(arg));
}

void tcg_gen_add2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 al, TCGv_i64 ah,
                      TCGv_i64 bl, TCGv_i64 bh)
{
    gen_addsub2(TCG_TYPE_I64, INDEX_op_add2, T(rl), T(rh), T(al), T(ah), T(bl),
                T(bh));
}

void tcg_gen_sub2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 al, TCGv_i64 ah,
                      TCGv_i64 bl, TCGv_i64 bh)
{
    gen_addsub2(TCG_TYPE_I64, INDEX_op_sub2, T(rl), T(rh), T(al), T(ah), T(bl),
                T(bh));
}

void tcg_gen_mulu2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_mul2(TCG_TYPE_I64, INDEX_op_mulu2, T(rl), T(rh), T(arg1), T(arg2));
}

void tcg_gen_muls2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_mul2(TCG_TYPE_I64, INDEX_op_muls2, T(rl), T(rh), T(arg1), T(arg2));
}

void tcg_gen_bswap16_i64(TCGv_i64 ret, TCGv_i64 arg, int flags)
{
    gen_bswap(TCG_TYPE_I64, INDEX_op_bswap16, T(ret), T(arg), flags);
}

void tcg_gen_bswap32_i64(TCGv_i64 ret, TCGv_i64 arg, int flags)
{
    gen_bswap(TCG_TYPE_I64, INDEX_op_bswap32, T(ret), T(arg), flags);
}

void tcg_gen_clz_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_binary(TCG_TYPE_I64, INDEX_op_clz, T(ret), T(arg1), T(arg2));
}

void tcg_gen_ctz_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_binary(TCG_TYPE_I64, INDEX_op_ctz, T(ret), T(arg1), T(arg2));
}

void tcg_gen_clzi_i64(TCGv_i64 ret, TCGv_i64 arg1, uint64_t arg2)
{
    gen_binary(TCG_TYPE_I64, INDEX_op_clz, T(ret), T(arg1),
               tcg_constant_internal(TCG_TYPE_I64, (int64_t)arg2));
}

void tcg_gen_ctzi_i64(TCGv_i64 ret, TCGv_i64 arg1, uint64_t arg2)
{
    gen_binary(TCG_TYPE_I64, INDEX_op_ctz, T(ret), T(arg1),
               tcg_constant_internal(TCG_TYPE_I64, (int64_t)arg2));
}

void tcg_gen_deposit_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2,
                         unsigned ofs, unsigned len)
{
    gen_deposit(TCG_TYPE_I64, T(ret), T(arg1), T(arg2), ofs, len);
}

void tcg_gen_extract_i64(TCGv_i64 ret, TCGv_i64 arg, unsigned ofs, unsigned len)
{
    gen_extract(TCG_TYPE_I64, T(ret), T(arg), ofs, len);
}

void tcg_gen_sextract_i64(TCGv_i64 ret, TCGv_i64 arg, unsigned ofs,
                          unsigned len)
{
    gen_sextract(TCG_TYPE_I64, T(ret), T(arg), ofs, len);
}

void tcg_gen_extract2_i64(TCGv_i64 ret, TCGv_i64 al, TCGv_i64 ah, unsigned ofs)
{
    gen_extract2(TCG_TYPE_I64, T(ret), T(al), T(ah), ofs);
}

void tcg_gen_setcond_i64(TCGCond cond, TCGv_i64 ret, TCGv_i64 arg1,
                         TCGv_i64 arg2)
{
    gen_setcond(TCG_TYPE_I64, INDEX_op_setcond, cond, T(ret), T(arg1), T(arg2));
}

void tcg_gen_setcondi_i64(TCGCond cond, TCGv_i64 ret, TCGv_i64 arg1,
                          int64_t arg2)
{
    gen_setcond(TCG_TYPE_I64, INDEX_op_setcond, cond, T(ret), T(arg1),
                tcg_constant_internal(TCG_TYPE_I64, arg2));
}

void tcg_gen_negsetcond_i64(TCGCond cond, TCGv_i64 ret, TCGv_i64 arg1,
                            TCGv_i64 arg2)
{
    gen_setcond(TCG_TYPE_I64, INDEX_op_negsetcond, cond, T(ret), T(arg1),
                T(arg2));
}

void tcg_gen_movcond_i64(TCGCond cond, TCGv_i64 ret, TCGv_i64 c1, TCGv_i64 c2,
                         TCGv_i64 v1, TCGv_i64 v2)
{
    gen_movcond(TCG_TYPE_I64, cond, T(ret), T(c1), T(c2), T(v1), T(v2));
}

void tcg_gen_brcond_i64(TCGCond cond, TCGv_i64 arg1, TCGv_i64 arg2, TCGLabel *l)
{
    gen_brcond(TCG_TYPE_I64, cond, T(arg1), T(arg2), l);
}

void tcg_gen_brcondi_i64(TCGCond cond, TCGv_i64 arg1, int64_t arg2, TCGLabel *l)
{
    gen_brcond(TCG_TYPE_I64, cond, T(arg1),
               tcg_constant_internal(TCG_TYPE_I64, arg2), l);
}

void tcg_gen_ld8u_i64(TCGv_i64 val, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(TCG_TYPE_I64, INDEX_op_ld8u, T(val), T(base), offset);
}

void tcg_gen_ld8s_i64(TCGv_i64 val, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(TCG_TYPE_I64, INDEX_op_ld8s, T(val), T(base), offset);
}

void tcg_gen_ld16u_i64(TCGv_i64 val, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(TCG_TYPE_I64, INDEX_op_ld16u, T(val), T(base), offset);
}

void tcg_gen_ld16s_i64(TCGv_i64 val, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(TCG_TYPE_I64, INDEX_op_ld16s, T(val), T(base), offset);
}

void tcg_gen_ld_i64(TCGv_i64 val, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(TCG_TYPE_I64, INDEX_op_ld, T(val), T(base), offset);
}

void tcg_gen_st8_i64(TCGv_i64 val, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(TCG_TYPE_I64, INDEX_op_st8, T(val), T(base), offset);
}

void tcg_gen_st16_i64(TCGv_i64 val, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(TCG_TYPE_I64, INDEX_op_st16, T(val), T(base), offset);
}

void tcg_gen_st_i64(TCGv_i64 val, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(TCG_TYPE_I64, INDEX_op_st, T(val), T(base), offset);
}

void tcg_gen_qemu_ld_i64(TCGv_i64 ret, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp memop)
{
    gen_qemu_ld(TCG_TYPE_I64, T(ret), T(addr), mmu_idx, memop);
}

void tcg_gen_qemu_st_i64(TCGv_i64 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp memop)
{
    gen_qemu_st(TCG_TYPE_I64, T(val), T(addr), mmu_idx, memop);
}

void tcg_gen_discard_i64(TCGv_i64 arg)
{
    tcg_gen_op1(INDEX_op_discard, TCG_TYPE_I64, temp_arg(T(arg)));
}

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
