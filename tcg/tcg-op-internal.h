/*
 * The width-generic op builders of tcg-op.c, used by the typed front doors
 * in tcg-op-typed.c.  Each takes the value type T and temps of that type.
 */
#ifndef TCG_TCG_OP_INTERNAL_H
#define TCG_TCG_OP_INTERNAL_H

#include "tcg/tcg-op.h"

void gen_mov(TCGType t, TCGTemp *r, TCGTemp *a);
void gen_movi(TCGType t, TCGTemp *r, int64_t v);
void gen_add(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b);
void gen_sub(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b);
void gen_and(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b);
void gen_or(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b);
void gen_xor(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b);
void gen_andc(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b);
void gen_orc(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b);
void gen_shl(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b);
void gen_shr(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b);
void gen_sar(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b);
void gen_rotl(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *n);
void gen_rotr(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *n);
void gen_mul(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b);
void gen_muluh(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b);
void gen_mulsh(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b);
void gen_mul2(TCGType t, TCGTemp *rl, TCGTemp *rh, TCGTemp *a, TCGTemp *b,
              bool sign);
void gen_divrem(TCGType t, TCGOpcode opc, TCGOpcode div, TCGTemp *r, TCGTemp *a,
                TCGTemp *b);
void gen_addsub2(TCGType t, TCGTemp *rl, TCGTemp *rh, TCGTemp *al, TCGTemp *ah,
                 TCGTemp *bl, TCGTemp *bh, bool sub);
void gen_neg(TCGType t, TCGTemp *r, TCGTemp *a);
void gen_not(TCGType t, TCGTemp *r, TCGTemp *a);
void gen_ext(TCGType t, TCGTemp *r, TCGTemp *a, unsigned bits, bool sign);
void gen_extract(TCGType t, TCGTemp *r, TCGTemp *a, unsigned pos, unsigned len);
void gen_sextract(TCGType t, TCGTemp *r, TCGTemp *a, unsigned pos,
                  unsigned len);
void gen_deposit(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b, unsigned pos,
                 unsigned len);
void gen_extract2(TCGType t, TCGTemp *r, TCGTemp *al, TCGTemp *ah,
                  unsigned pos);
void gen_bswap(TCGType t, TCGTemp *r, TCGTemp *a, unsigned bytes, int flags);
void gen_bitcount(TCGType t, TCGOpcode opc, TCGTemp *r, TCGTemp *a, TCGTemp *z);
void gen_setcond(TCGType t, TCGCond c, TCGTemp *r, TCGTemp *a, TCGTemp *b);
void gen_negsetcond(TCGType t, TCGCond c, TCGTemp *r, TCGTemp *a, TCGTemp *b);
void gen_movcond(TCGType t, TCGCond c, TCGTemp *r, TCGTemp *c1, TCGTemp *c2,
                 TCGTemp *v1, TCGTemp *v2);
void gen_brcond(TCGType t, TCGCond c, TCGTemp *a, TCGTemp *b, TCGLabel *l);
void gen_ldst(TCGOpcode opc, TCGTemp *v, TCGTemp *base, intptr_t offset);
void gen_qemu_ld(TCGType t, TCGTemp *r, TCGTemp *addr, unsigned mmu_idx,
                 MemOp mop);
void gen_qemu_st(TCGType t, TCGTemp *v, TCGTemp *addr, unsigned mmu_idx,
                 MemOp mop);
void gen_qemu_ldst2(bool store, TCGTemp *lo, TCGTemp *hi, TCGTemp *addr,
                    unsigned mmu_idx, MemOp mop);

#endif /* TCG_TCG_OP_INTERNAL_H */
