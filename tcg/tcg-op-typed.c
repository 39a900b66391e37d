/*
 * The typed front doors of the op-building API (tcg/tcg-op.h): each
 * tcg_gen_<op>_<width> converts its handles to temps and calls the
 * width-generic builder in tcg-op.c.  Immediate forms apply the identities
 * that need no analysis (addi x, 0 is a mov); everything else is the
 * optimizer's job.
 */
#include "tcg-op-internal.h"

/* -- 32-bit ops ------------------------------------------------------------ */

void tcg_gen_mov_i32(TCGv_i32 ret, TCGv_i32 arg)
{
    gen_mov(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg));
}

void tcg_gen_movi_i32(TCGv_i32 ret, int32_t arg)
{
    gen_movi(TCG_TYPE_I32, tcgv_i32_temp(ret), arg);
}

void tcg_gen_add_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_add(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
            tcgv_i32_temp(arg2));
}

void tcg_gen_sub_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_sub(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
            tcgv_i32_temp(arg2));
}

void tcg_gen_and_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_and(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
            tcgv_i32_temp(arg2));
}

void tcg_gen_or_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_or(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
           tcgv_i32_temp(arg2));
}

void tcg_gen_xor_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_xor(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
            tcgv_i32_temp(arg2));
}

void tcg_gen_andc_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_andc(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
             tcgv_i32_temp(arg2));
}

void tcg_gen_orc_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_orc(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
            tcgv_i32_temp(arg2));
}

void tcg_gen_shl_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_shl(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
            tcgv_i32_temp(arg2));
}

void tcg_gen_shr_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_shr(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
            tcgv_i32_temp(arg2));
}

void tcg_gen_sar_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_sar(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
            tcgv_i32_temp(arg2));
}

void tcg_gen_rotl_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_rotl(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
             tcgv_i32_temp(arg2));
}

void tcg_gen_rotr_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_rotr(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
             tcgv_i32_temp(arg2));
}

void tcg_gen_mul_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_mul(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
            tcgv_i32_temp(arg2));
}

void tcg_gen_muluh_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_muluh(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
              tcgv_i32_temp(arg2));
}

void tcg_gen_mulsh_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_mulsh(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
              tcgv_i32_temp(arg2));
}

void tcg_gen_div_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_divrem(TCG_TYPE_I32, INDEX_op_div_i32, INDEX_op_div_i32,
               tcgv_i32_temp(ret), tcgv_i32_temp(arg1), tcgv_i32_temp(arg2));
}

void tcg_gen_divu_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_divrem(TCG_TYPE_I32, INDEX_op_divu_i32, INDEX_op_divu_i32,
               tcgv_i32_temp(ret), tcgv_i32_temp(arg1), tcgv_i32_temp(arg2));
}

void tcg_gen_rem_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_divrem(TCG_TYPE_I32, INDEX_op_rem_i32, INDEX_op_div_i32,
               tcgv_i32_temp(ret), tcgv_i32_temp(arg1), tcgv_i32_temp(arg2));
}

void tcg_gen_remu_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_divrem(TCG_TYPE_I32, INDEX_op_remu_i32, INDEX_op_divu_i32,
               tcgv_i32_temp(ret), tcgv_i32_temp(arg1), tcgv_i32_temp(arg2));
}

void tcg_gen_addi_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2)
{
    if (arg2 == 0) {
        gen_mov(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1));
        return;
    }
    gen_add(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
            tcg_constant_internal(TCG_TYPE_I32, arg2));
}

void tcg_gen_subi_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2)
{
    if (arg2 == 0) {
        gen_mov(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1));
        return;
    }
    gen_sub(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
            tcg_constant_internal(TCG_TYPE_I32, arg2));
}

void tcg_gen_andi_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2)
{
    if (arg2 == 0 || arg2 == -1) {
        arg2 == 0
            ? gen_movi(TCG_TYPE_I32, tcgv_i32_temp(ret), 0)
            : gen_mov(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1));
        return;
    }
    gen_and(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
            tcg_constant_internal(TCG_TYPE_I32, arg2));
}

void tcg_gen_ori_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2)
{
    if (arg2 == 0 || arg2 == -1) {
        arg2 == 0
            ? gen_mov(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1))
            : gen_movi(TCG_TYPE_I32, tcgv_i32_temp(ret), -1);
        return;
    }
    gen_or(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
           tcg_constant_internal(TCG_TYPE_I32, arg2));
}

void tcg_gen_xori_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2)
{
    if (arg2 == 0) {
        gen_mov(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1));
        return;
    }
    gen_xor(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
            tcg_constant_internal(TCG_TYPE_I32, arg2));
}

void tcg_gen_shli_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2)
{
    if (arg2 == 0) {
        gen_mov(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1));
        return;
    }
    gen_shl(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
            tcg_constant_internal(TCG_TYPE_I32, arg2));
}

void tcg_gen_shri_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2)
{
    if (arg2 == 0) {
        gen_mov(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1));
        return;
    }
    gen_shr(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
            tcg_constant_internal(TCG_TYPE_I32, arg2));
}

void tcg_gen_sari_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2)
{
    if (arg2 == 0) {
        gen_mov(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1));
        return;
    }
    gen_sar(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
            tcg_constant_internal(TCG_TYPE_I32, arg2));
}

void tcg_gen_rotli_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2)
{
    if (arg2 == 0) {
        gen_mov(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1));
        return;
    }
    gen_rotl(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
             tcg_constant_internal(TCG_TYPE_I32, arg2));
}

void tcg_gen_rotri_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2)
{
    if (arg2 == 0) {
        gen_mov(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1));
        return;
    }
    gen_rotr(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
             tcg_constant_internal(TCG_TYPE_I32, arg2));
}

void tcg_gen_muli_i32(TCGv_i32 ret, TCGv_i32 arg1, int32_t arg2)
{
    if (arg2 == 0 || arg2 == 1) {
        arg2 == 0
            ? gen_movi(TCG_TYPE_I32, tcgv_i32_temp(ret), 0)
            : gen_mov(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1));
        return;
    }
    gen_mul(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
            tcg_constant_internal(TCG_TYPE_I32, arg2));
}

void tcg_gen_subfi_i32(TCGv_i32 ret, int32_t arg1, TCGv_i32 arg2)
{
    gen_sub(TCG_TYPE_I32, tcgv_i32_temp(ret),
            tcg_constant_internal(TCG_TYPE_I32, arg1), tcgv_i32_temp(arg2));
}

void tcg_gen_neg_i32(TCGv_i32 ret, TCGv_i32 arg)
{
    gen_neg(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg));
}

void tcg_gen_not_i32(TCGv_i32 ret, TCGv_i32 arg)
{
    gen_not(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg));
}

void tcg_gen_ext8s_i32(TCGv_i32 ret, TCGv_i32 arg)
{
    gen_ext(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg), 8, true);
}

void tcg_gen_ext8u_i32(TCGv_i32 ret, TCGv_i32 arg)
{
    gen_ext(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg), 8, false);
}

void tcg_gen_ext16s_i32(TCGv_i32 ret, TCGv_i32 arg)
{
    gen_ext(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg), 16, true);
}

void tcg_gen_ext16u_i32(TCGv_i32 ret, TCGv_i32 arg)
{
    gen_ext(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg), 16, false);
}

void tcg_gen_ctpop_i32(TCGv_i32 ret, TCGv_i32 arg)
{
    gen_bitcount(TCG_TYPE_I32, INDEX_op_ctpop_i32, tcgv_i32_temp(ret),
                 tcgv_i32_temp(arg), NULL);
}

void tcg_gen_add2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 al, TCGv_i32 ah,
                      TCGv_i32 bl, TCGv_i32 bh)
{
    gen_addsub2(TCG_TYPE_I32, tcgv_i32_temp(rl), tcgv_i32_temp(rh),
                tcgv_i32_temp(al), tcgv_i32_temp(ah), tcgv_i32_temp(bl),
                tcgv_i32_temp(bh), false);
}

void tcg_gen_sub2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 al, TCGv_i32 ah,
                      TCGv_i32 bl, TCGv_i32 bh)
{
    gen_addsub2(TCG_TYPE_I32, tcgv_i32_temp(rl), tcgv_i32_temp(rh),
                tcgv_i32_temp(al), tcgv_i32_temp(ah), tcgv_i32_temp(bl),
                tcgv_i32_temp(bh), true);
}

void tcg_gen_mulu2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_mul2(TCG_TYPE_I32, tcgv_i32_temp(rl), tcgv_i32_temp(rh),
             tcgv_i32_temp(arg1), tcgv_i32_temp(arg2), false);
}

void tcg_gen_muls2_i32(TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_mul2(TCG_TYPE_I32, tcgv_i32_temp(rl), tcgv_i32_temp(rh),
             tcgv_i32_temp(arg1), tcgv_i32_temp(arg2), true);
}

void tcg_gen_bswap16_i32(TCGv_i32 ret, TCGv_i32 arg, int flags)
{
    gen_bswap(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg), 2, flags);
}

void tcg_gen_bswap32_i32(TCGv_i32 ret, TCGv_i32 arg, int flags)
{
    gen_bswap(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg), 4, flags);
}

void tcg_gen_clz_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_bitcount(TCG_TYPE_I32, INDEX_op_clz_i32, tcgv_i32_temp(ret),
                 tcgv_i32_temp(arg1), tcgv_i32_temp(arg2));
}

void tcg_gen_clzi_i32(TCGv_i32 ret, TCGv_i32 arg1, uint32_t arg2)
{
    gen_bitcount(TCG_TYPE_I32, INDEX_op_clz_i32, tcgv_i32_temp(ret),
                 tcgv_i32_temp(arg1),
                 tcg_constant_internal(TCG_TYPE_I32, (int32_t)arg2));
}

void tcg_gen_ctz_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2)
{
    gen_bitcount(TCG_TYPE_I32, INDEX_op_ctz_i32, tcgv_i32_temp(ret),
                 tcgv_i32_temp(arg1), tcgv_i32_temp(arg2));
}

void tcg_gen_ctzi_i32(TCGv_i32 ret, TCGv_i32 arg1, uint32_t arg2)
{
    gen_bitcount(TCG_TYPE_I32, INDEX_op_ctz_i32, tcgv_i32_temp(ret),
                 tcgv_i32_temp(arg1),
                 tcg_constant_internal(TCG_TYPE_I32, (int32_t)arg2));
}

void tcg_gen_deposit_i32(TCGv_i32 ret, TCGv_i32 arg1, TCGv_i32 arg2,
                         unsigned ofs, unsigned len)
{
    gen_deposit(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
                tcgv_i32_temp(arg2), ofs, len);
}

void tcg_gen_extract_i32(TCGv_i32 ret, TCGv_i32 arg, unsigned ofs, unsigned len)
{
    gen_extract(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg), ofs, len);
}

void tcg_gen_sextract_i32(TCGv_i32 ret, TCGv_i32 arg, unsigned ofs,
                          unsigned len)
{
    gen_sextract(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(arg), ofs,
                 len);
}

void tcg_gen_extract2_i32(TCGv_i32 ret, TCGv_i32 al, TCGv_i32 ah, unsigned ofs)
{
    gen_extract2(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(al),
                 tcgv_i32_temp(ah), ofs);
}

void tcg_gen_setcond_i32(TCGCond cond, TCGv_i32 ret, TCGv_i32 arg1,
                         TCGv_i32 arg2)
{
    gen_setcond(TCG_TYPE_I32, cond, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
                tcgv_i32_temp(arg2));
}

void tcg_gen_setcondi_i32(TCGCond cond, TCGv_i32 ret, TCGv_i32 arg1,
                          int32_t arg2)
{
    gen_setcond(TCG_TYPE_I32, cond, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
                tcg_constant_internal(TCG_TYPE_I32, arg2));
}

void tcg_gen_negsetcond_i32(TCGCond cond, TCGv_i32 ret, TCGv_i32 arg1,
                            TCGv_i32 arg2)
{
    gen_negsetcond(TCG_TYPE_I32, cond, tcgv_i32_temp(ret), tcgv_i32_temp(arg1),
                   tcgv_i32_temp(arg2));
}

void tcg_gen_movcond_i32(TCGCond cond, TCGv_i32 ret, TCGv_i32 c1, TCGv_i32 c2,
                         TCGv_i32 v1, TCGv_i32 v2)
{
    gen_movcond(TCG_TYPE_I32, cond, tcgv_i32_temp(ret), tcgv_i32_temp(c1),
                tcgv_i32_temp(c2), tcgv_i32_temp(v1), tcgv_i32_temp(v2));
}

void tcg_gen_brcond_i32(TCGCond cond, TCGv_i32 arg1, TCGv_i32 arg2, TCGLabel *l)
{
    gen_brcond(TCG_TYPE_I32, cond, tcgv_i32_temp(arg1), tcgv_i32_temp(arg2), l);
}

void tcg_gen_brcondi_i32(TCGCond cond, TCGv_i32 arg1, int32_t arg2, TCGLabel *l)
{
    gen_brcond(TCG_TYPE_I32, cond, tcgv_i32_temp(arg1),
               tcg_constant_internal(TCG_TYPE_I32, arg2), l);
}

void tcg_gen_ld8u_i32(TCGv_i32 ret, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(INDEX_op_ld8u_i32, tcgv_i32_temp(ret), tcgv_ptr_temp(base),
             offset);
}

void tcg_gen_ld8s_i32(TCGv_i32 ret, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(INDEX_op_ld8s_i32, tcgv_i32_temp(ret), tcgv_ptr_temp(base),
             offset);
}

void tcg_gen_ld16u_i32(TCGv_i32 ret, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(INDEX_op_ld16u_i32, tcgv_i32_temp(ret), tcgv_ptr_temp(base),
             offset);
}

void tcg_gen_ld16s_i32(TCGv_i32 ret, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(INDEX_op_ld16s_i32, tcgv_i32_temp(ret), tcgv_ptr_temp(base),
             offset);
}

void tcg_gen_ld_i32(TCGv_i32 ret, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(INDEX_op_ld_i32, tcgv_i32_temp(ret), tcgv_ptr_temp(base), offset);
}

void tcg_gen_st8_i32(TCGv_i32 arg, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(INDEX_op_st8_i32, tcgv_i32_temp(arg), tcgv_ptr_temp(base), offset);
}

void tcg_gen_st16_i32(TCGv_i32 arg, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(INDEX_op_st16_i32, tcgv_i32_temp(arg), tcgv_ptr_temp(base),
             offset);
}

void tcg_gen_st_i32(TCGv_i32 arg, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(INDEX_op_st_i32, tcgv_i32_temp(arg), tcgv_ptr_temp(base), offset);
}

void tcg_gen_qemu_ld_i32(TCGv_i32 ret, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp memop)
{
    gen_qemu_ld(TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i64_temp(addr), mmu_idx,
                memop);
}

void tcg_gen_qemu_st_i32(TCGv_i32 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp memop)
{
    gen_qemu_st(TCG_TYPE_I32, tcgv_i32_temp(val), tcgv_i64_temp(addr), mmu_idx,
                memop);
}

void tcg_gen_discard_i32(TCGv_i32 arg)
{
    tcg_gen_op1(INDEX_op_discard, temp_arg(tcgv_i32_temp(arg)));
}

/* -- 64-bit ops ------------------------------------------------------------ */

void tcg_gen_mov_i64(TCGv_i64 ret, TCGv_i64 arg)
{
    gen_mov(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg));
}

void tcg_gen_movi_i64(TCGv_i64 ret, int64_t arg)
{
    gen_movi(TCG_TYPE_I64, tcgv_i64_temp(ret), arg);
}

void tcg_gen_add_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_add(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
            tcgv_i64_temp(arg2));
}

void tcg_gen_sub_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_sub(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
            tcgv_i64_temp(arg2));
}

void tcg_gen_and_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_and(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
            tcgv_i64_temp(arg2));
}

void tcg_gen_or_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_or(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
           tcgv_i64_temp(arg2));
}

void tcg_gen_xor_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_xor(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
            tcgv_i64_temp(arg2));
}

void tcg_gen_andc_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_andc(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
             tcgv_i64_temp(arg2));
}

void tcg_gen_orc_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_orc(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
            tcgv_i64_temp(arg2));
}

void tcg_gen_shl_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_shl(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
            tcgv_i64_temp(arg2));
}

void tcg_gen_shr_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_shr(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
            tcgv_i64_temp(arg2));
}

void tcg_gen_sar_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_sar(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
            tcgv_i64_temp(arg2));
}

void tcg_gen_rotl_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_rotl(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
             tcgv_i64_temp(arg2));
}

void tcg_gen_rotr_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_rotr(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
             tcgv_i64_temp(arg2));
}

void tcg_gen_mul_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_mul(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
            tcgv_i64_temp(arg2));
}

void tcg_gen_muluh_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_muluh(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
              tcgv_i64_temp(arg2));
}

void tcg_gen_mulsh_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_mulsh(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
              tcgv_i64_temp(arg2));
}

void tcg_gen_div_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_divrem(TCG_TYPE_I64, INDEX_op_div_i64, INDEX_op_div_i64,
               tcgv_i64_temp(ret), tcgv_i64_temp(arg1), tcgv_i64_temp(arg2));
}

void tcg_gen_divu_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_divrem(TCG_TYPE_I64, INDEX_op_divu_i64, INDEX_op_divu_i64,
               tcgv_i64_temp(ret), tcgv_i64_temp(arg1), tcgv_i64_temp(arg2));
}

void tcg_gen_rem_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_divrem(TCG_TYPE_I64, INDEX_op_rem_i64, INDEX_op_div_i64,
               tcgv_i64_temp(ret), tcgv_i64_temp(arg1), tcgv_i64_temp(arg2));
}

void tcg_gen_remu_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_divrem(TCG_TYPE_I64, INDEX_op_remu_i64, INDEX_op_divu_i64,
               tcgv_i64_temp(ret), tcgv_i64_temp(arg1), tcgv_i64_temp(arg2));
}

void tcg_gen_addi_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2)
{
    if (arg2 == 0) {
        gen_mov(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1));
        return;
    }
    gen_add(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
            tcg_constant_internal(TCG_TYPE_I64, arg2));
}

void tcg_gen_subi_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2)
{
    if (arg2 == 0) {
        gen_mov(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1));
        return;
    }
    gen_sub(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
            tcg_constant_internal(TCG_TYPE_I64, arg2));
}

void tcg_gen_andi_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2)
{
    if (arg2 == 0 || arg2 == -1) {
        arg2 == 0
            ? gen_movi(TCG_TYPE_I64, tcgv_i64_temp(ret), 0)
            : gen_mov(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1));
        return;
    }
    gen_and(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
            tcg_constant_internal(TCG_TYPE_I64, arg2));
}

void tcg_gen_ori_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2)
{
    if (arg2 == 0 || arg2 == -1) {
        arg2 == 0
            ? gen_mov(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1))
            : gen_movi(TCG_TYPE_I64, tcgv_i64_temp(ret), -1);
        return;
    }
    gen_or(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
           tcg_constant_internal(TCG_TYPE_I64, arg2));
}

void tcg_gen_xori_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2)
{
    if (arg2 == 0) {
        gen_mov(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1));
        return;
    }
    gen_xor(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
            tcg_constant_internal(TCG_TYPE_I64, arg2));
}

void tcg_gen_shli_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2)
{
    if (arg2 == 0) {
        gen_mov(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1));
        return;
    }
    gen_shl(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
            tcg_constant_internal(TCG_TYPE_I64, arg2));
}

void tcg_gen_shri_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2)
{
    if (arg2 == 0) {
        gen_mov(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1));
        return;
    }
    gen_shr(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
            tcg_constant_internal(TCG_TYPE_I64, arg2));
}

void tcg_gen_sari_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2)
{
    if (arg2 == 0) {
        gen_mov(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1));
        return;
    }
    gen_sar(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
            tcg_constant_internal(TCG_TYPE_I64, arg2));
}

void tcg_gen_rotli_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2)
{
    if (arg2 == 0) {
        gen_mov(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1));
        return;
    }
    gen_rotl(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
             tcg_constant_internal(TCG_TYPE_I64, arg2));
}

void tcg_gen_rotri_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2)
{
    if (arg2 == 0) {
        gen_mov(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1));
        return;
    }
    gen_rotr(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
             tcg_constant_internal(TCG_TYPE_I64, arg2));
}

void tcg_gen_muli_i64(TCGv_i64 ret, TCGv_i64 arg1, int64_t arg2)
{
    if (arg2 == 0 || arg2 == 1) {
        arg2 == 0
            ? gen_movi(TCG_TYPE_I64, tcgv_i64_temp(ret), 0)
            : gen_mov(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1));
        return;
    }
    gen_mul(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
            tcg_constant_internal(TCG_TYPE_I64, arg2));
}

void tcg_gen_subfi_i64(TCGv_i64 ret, int64_t arg1, TCGv_i64 arg2)
{
    gen_sub(TCG_TYPE_I64, tcgv_i64_temp(ret),
            tcg_constant_internal(TCG_TYPE_I64, arg1), tcgv_i64_temp(arg2));
}

void tcg_gen_neg_i64(TCGv_i64 ret, TCGv_i64 arg)
{
    gen_neg(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg));
}

void tcg_gen_not_i64(TCGv_i64 ret, TCGv_i64 arg)
{
    gen_not(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg));
}

void tcg_gen_ext8s_i64(TCGv_i64 ret, TCGv_i64 arg)
{
    gen_ext(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg), 8, true);
}

void tcg_gen_ext8u_i64(TCGv_i64 ret, TCGv_i64 arg)
{
    gen_ext(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg), 8, false);
}

void tcg_gen_ext16s_i64(TCGv_i64 ret, TCGv_i64 arg)
{
    gen_ext(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg), 16, true);
}

void tcg_gen_ext16u_i64(TCGv_i64 ret, TCGv_i64 arg)
{
    gen_ext(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg), 16, false);
}

void tcg_gen_ext32s_i64(TCGv_i64 ret, TCGv_i64 arg)
{
    gen_ext(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg), 32, true);
}

void tcg_gen_ext32u_i64(TCGv_i64 ret, TCGv_i64 arg)
{
    gen_ext(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg), 32, false);
}

void tcg_gen_ctpop_i64(TCGv_i64 ret, TCGv_i64 arg)
{
    gen_bitcount(TCG_TYPE_I64, INDEX_op_ctpop_i64, tcgv_i64_temp(ret),
                 tcgv_i64_temp(arg), NULL);
}

void tcg_gen_add2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 al, TCGv_i64 ah,
                      TCGv_i64 bl, TCGv_i64 bh)
{
    gen_addsub2(TCG_TYPE_I64, tcgv_i64_temp(rl), tcgv_i64_temp(rh),
                tcgv_i64_temp(al), tcgv_i64_temp(ah), tcgv_i64_temp(bl),
                tcgv_i64_temp(bh), false);
}

void tcg_gen_sub2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 al, TCGv_i64 ah,
                      TCGv_i64 bl, TCGv_i64 bh)
{
    gen_addsub2(TCG_TYPE_I64, tcgv_i64_temp(rl), tcgv_i64_temp(rh),
                tcgv_i64_temp(al), tcgv_i64_temp(ah), tcgv_i64_temp(bl),
                tcgv_i64_temp(bh), true);
}

void tcg_gen_mulu2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_mul2(TCG_TYPE_I64, tcgv_i64_temp(rl), tcgv_i64_temp(rh),
             tcgv_i64_temp(arg1), tcgv_i64_temp(arg2), false);
}

void tcg_gen_muls2_i64(TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_mul2(TCG_TYPE_I64, tcgv_i64_temp(rl), tcgv_i64_temp(rh),
             tcgv_i64_temp(arg1), tcgv_i64_temp(arg2), true);
}

void tcg_gen_bswap16_i64(TCGv_i64 ret, TCGv_i64 arg, int flags)
{
    gen_bswap(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg), 2, flags);
}

void tcg_gen_bswap32_i64(TCGv_i64 ret, TCGv_i64 arg, int flags)
{
    gen_bswap(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg), 4, flags);
}

void tcg_gen_bswap64_i64(TCGv_i64 ret, TCGv_i64 arg)
{
    gen_bswap(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg), 8, 0);
}

void tcg_gen_clz_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_bitcount(TCG_TYPE_I64, INDEX_op_clz_i64, tcgv_i64_temp(ret),
                 tcgv_i64_temp(arg1), tcgv_i64_temp(arg2));
}

void tcg_gen_clzi_i64(TCGv_i64 ret, TCGv_i64 arg1, uint64_t arg2)
{
    gen_bitcount(TCG_TYPE_I64, INDEX_op_clz_i64, tcgv_i64_temp(ret),
                 tcgv_i64_temp(arg1),
                 tcg_constant_internal(TCG_TYPE_I64, (int64_t)arg2));
}

void tcg_gen_ctz_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2)
{
    gen_bitcount(TCG_TYPE_I64, INDEX_op_ctz_i64, tcgv_i64_temp(ret),
                 tcgv_i64_temp(arg1), tcgv_i64_temp(arg2));
}

void tcg_gen_ctzi_i64(TCGv_i64 ret, TCGv_i64 arg1, uint64_t arg2)
{
    gen_bitcount(TCG_TYPE_I64, INDEX_op_ctz_i64, tcgv_i64_temp(ret),
                 tcgv_i64_temp(arg1),
                 tcg_constant_internal(TCG_TYPE_I64, (int64_t)arg2));
}

void tcg_gen_deposit_i64(TCGv_i64 ret, TCGv_i64 arg1, TCGv_i64 arg2,
                         unsigned ofs, unsigned len)
{
    gen_deposit(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
                tcgv_i64_temp(arg2), ofs, len);
}

void tcg_gen_extract_i64(TCGv_i64 ret, TCGv_i64 arg, unsigned ofs, unsigned len)
{
    gen_extract(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg), ofs, len);
}

void tcg_gen_sextract_i64(TCGv_i64 ret, TCGv_i64 arg, unsigned ofs,
                          unsigned len)
{
    gen_sextract(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(arg), ofs,
                 len);
}

void tcg_gen_extract2_i64(TCGv_i64 ret, TCGv_i64 al, TCGv_i64 ah, unsigned ofs)
{
    gen_extract2(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(al),
                 tcgv_i64_temp(ah), ofs);
}

void tcg_gen_setcond_i64(TCGCond cond, TCGv_i64 ret, TCGv_i64 arg1,
                         TCGv_i64 arg2)
{
    gen_setcond(TCG_TYPE_I64, cond, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
                tcgv_i64_temp(arg2));
}

void tcg_gen_setcondi_i64(TCGCond cond, TCGv_i64 ret, TCGv_i64 arg1,
                          int64_t arg2)
{
    gen_setcond(TCG_TYPE_I64, cond, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
                tcg_constant_internal(TCG_TYPE_I64, arg2));
}

void tcg_gen_negsetcond_i64(TCGCond cond, TCGv_i64 ret, TCGv_i64 arg1,
                            TCGv_i64 arg2)
{
    gen_negsetcond(TCG_TYPE_I64, cond, tcgv_i64_temp(ret), tcgv_i64_temp(arg1),
                   tcgv_i64_temp(arg2));
}

void tcg_gen_movcond_i64(TCGCond cond, TCGv_i64 ret, TCGv_i64 c1, TCGv_i64 c2,
                         TCGv_i64 v1, TCGv_i64 v2)
{
    gen_movcond(TCG_TYPE_I64, cond, tcgv_i64_temp(ret), tcgv_i64_temp(c1),
                tcgv_i64_temp(c2), tcgv_i64_temp(v1), tcgv_i64_temp(v2));
}

void tcg_gen_brcond_i64(TCGCond cond, TCGv_i64 arg1, TCGv_i64 arg2, TCGLabel *l)
{
    gen_brcond(TCG_TYPE_I64, cond, tcgv_i64_temp(arg1), tcgv_i64_temp(arg2), l);
}

void tcg_gen_brcondi_i64(TCGCond cond, TCGv_i64 arg1, int64_t arg2, TCGLabel *l)
{
    gen_brcond(TCG_TYPE_I64, cond, tcgv_i64_temp(arg1),
               tcg_constant_internal(TCG_TYPE_I64, arg2), l);
}

void tcg_gen_ld8u_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(INDEX_op_ld8u_i64, tcgv_i64_temp(ret), tcgv_ptr_temp(base),
             offset);
}

void tcg_gen_ld8s_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(INDEX_op_ld8s_i64, tcgv_i64_temp(ret), tcgv_ptr_temp(base),
             offset);
}

void tcg_gen_ld16u_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(INDEX_op_ld16u_i64, tcgv_i64_temp(ret), tcgv_ptr_temp(base),
             offset);
}

void tcg_gen_ld16s_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(INDEX_op_ld16s_i64, tcgv_i64_temp(ret), tcgv_ptr_temp(base),
             offset);
}

void tcg_gen_ld32u_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(INDEX_op_ld32u_i64, tcgv_i64_temp(ret), tcgv_ptr_temp(base),
             offset);
}

void tcg_gen_ld32s_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(INDEX_op_ld32s_i64, tcgv_i64_temp(ret), tcgv_ptr_temp(base),
             offset);
}

void tcg_gen_ld_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(INDEX_op_ld_i64, tcgv_i64_temp(ret), tcgv_ptr_temp(base), offset);
}

void tcg_gen_st8_i64(TCGv_i64 arg, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(INDEX_op_st8_i64, tcgv_i64_temp(arg), tcgv_ptr_temp(base), offset);
}

void tcg_gen_st16_i64(TCGv_i64 arg, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(INDEX_op_st16_i64, tcgv_i64_temp(arg), tcgv_ptr_temp(base),
             offset);
}

void tcg_gen_st32_i64(TCGv_i64 arg, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(INDEX_op_st32_i64, tcgv_i64_temp(arg), tcgv_ptr_temp(base),
             offset);
}

void tcg_gen_st_i64(TCGv_i64 arg, TCGv_ptr base, intptr_t offset)
{
    gen_ldst(INDEX_op_st_i64, tcgv_i64_temp(arg), tcgv_ptr_temp(base), offset);
}

void tcg_gen_qemu_ld_i64(TCGv_i64 ret, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp memop)
{
    gen_qemu_ld(TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(addr), mmu_idx,
                memop);
}

void tcg_gen_qemu_st_i64(TCGv_i64 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp memop)
{
    gen_qemu_st(TCG_TYPE_I64, tcgv_i64_temp(val), tcgv_i64_temp(addr), mmu_idx,
                memop);
}

void tcg_gen_discard_i64(TCGv_i64 arg)
{
    tcg_gen_op1(INDEX_op_discard, temp_arg(tcgv_i64_temp(arg)));
}

/* -- Width changes --------------------------------------------------------- */

void tcg_gen_extu_i32_i64(TCGv_i64 ret, TCGv_i32 arg)
{
    tcg_gen_op2(INDEX_op_extu_i32_i64, temp_arg(tcgv_i64_temp(ret)),
                temp_arg(tcgv_i32_temp(arg)));
}

void tcg_gen_ext_i32_i64(TCGv_i64 ret, TCGv_i32 arg)
{
    tcg_gen_op2(INDEX_op_ext_i32_i64, temp_arg(tcgv_i64_temp(ret)),
                temp_arg(tcgv_i32_temp(arg)));
}

void tcg_gen_extrl_i64_i32(TCGv_i32 ret, TCGv_i64 arg)
{
    tcg_gen_op2(INDEX_op_extrl_i64_i32, temp_arg(tcgv_i32_temp(ret)),
                temp_arg(tcgv_i64_temp(arg)));
}

void tcg_gen_extrh_i64_i32(TCGv_i32 ret, TCGv_i64 arg)
{
    TCGv_i64 t;

    if (tcg_op_supported(INDEX_op_extrh_i64_i32)) {
        tcg_gen_op2(INDEX_op_extrh_i64_i32, temp_arg(tcgv_i32_temp(ret)),
                    temp_arg(tcgv_i64_temp(arg)));
        return;
    }
    /* extrh r, a -> shr t, a, $32; extrl r, t */
    t = tcg_temp_ebb_new_i64();
    tcg_gen_shri_i64(t, arg, 32);
    tcg_gen_extrl_i64_i32(ret, t);
    tcg_temp_free_i64(t);
}

/* -- 128-bit guest memory -------------------------------------------------- */

void tcg_gen_qemu_ld2_i64(TCGv_i64 lo, TCGv_i64 hi, TCGv_i64 addr,
                          unsigned mmu_idx, MemOp memop)
{
    gen_qemu_ldst2(false, tcgv_i64_temp(lo), tcgv_i64_temp(hi),
                   tcgv_i64_temp(addr), mmu_idx, memop);
}

void tcg_gen_qemu_st2_i64(TCGv_i64 lo, TCGv_i64 hi, TCGv_i64 addr,
                          unsigned mmu_idx, MemOp memop)
{
    gen_qemu_ldst2(true, tcgv_i64_temp(lo), tcgv_i64_temp(hi),
                   tcgv_i64_temp(addr), mmu_idx, memop);
}
