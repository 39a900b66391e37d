/*
 * The width-generic op builders of tcg-op.c, used by the typed front doors
 * in tcg-op-typed.c.  Each takes the op's type T (TCG_TYPE_I32 or
 * TCG_TYPE_I64) and temps of that type; OPC names the operation where one
 * builder serves several (gen_binary serves add, sub, ...).  Each expands
 * the op when the backend lacks it at T (see tcg-op.c).
 */
#ifndef TCG_TCG_OP_INTERNAL_H
#define TCG_TCG_OP_INTERNAL_H

#include "tcg/tcg-op.h"

void gen_mov(TCGType t, TCGTemp *r, TCGTemp *a);
void gen_movi(TCGType t, TCGTemp *r, int64_t v);
/* One input, one output: neg, not, extensions, ctpop, width changes. */
void gen_unary(TCGType t, TCGOpcode opc, TCGTemp *r, TCGTemp *a);
/* Two inputs, one output: add ... remu, clz, ctz. */
void gen_binary(TCGType t, TCGOpcode opc, TCGTemp *r, TCGTemp *a, TCGTemp *b);
/* r = a OPC $v after the identities that need no analysis (x + 0 ...). */
void gen_binary_imm(TCGType t, TCGOpcode opc, TCGTemp *r, TCGTemp *a,
                    int64_t v);
/* mulu2/muls2: rl:rh = a * b */
void gen_mul2(TCGType t, TCGOpcode opc, TCGTemp *rl, TCGTemp *rh, TCGTemp *a,
              TCGTemp *b);
/* add2/sub2: rl:rh = al:ah +/- bl:bh */
void gen_addsub2(TCGType t, TCGOpcode opc, TCGTemp *rl, TCGTemp *rh,
                 TCGTemp *al, TCGTemp *ah, TCGTemp *bl, TCGTemp *bh);
void gen_extract(TCGType t, TCGTemp *r, TCGTemp *a, unsigned pos, unsigned len);
void gen_sextract(TCGType t, TCGTemp *r, TCGTemp *a, unsigned pos,
                  unsigned len);
void gen_deposit(TCGType t, TCGTemp *r, TCGTemp *a, TCGTemp *b, unsigned pos,
                 unsigned len);
void gen_extract2(TCGType t, TCGTemp *r, TCGTemp *al, TCGTemp *ah,
                  unsigned pos);
/* bswap16/bswap32/bswap64_i64 with TCG_BSWAP_* FLAGS */
void gen_bswap(TCGType t, TCGOpcode opc, TCGTemp *r, TCGTemp *a, int flags);
/* setcond/negsetcond */
void gen_setcond(TCGType t, TCGOpcode opc, TCGCond c, TCGTemp *r, TCGTemp *a,
                 TCGTemp *b);
void gen_movcond(TCGType t, TCGCond c, TCGTemp *r, TCGTemp *c1, TCGTemp *c2,
                 TCGTemp *v1, TCGTemp *v2);
void gen_brcond(TCGType t, TCGCond c, TCGTemp *a, TCGTemp *b, TCGLabel *l);
/* host loads and stores at base + offset */
void gen_ldst(TCGType t, TCGOpcode opc, TCGTemp *v, TCGTemp *base,
              intptr_t offset);
void gen_qemu_ld(TCGType t, TCGTemp *r, TCGTemp *addr, unsigned mmu_idx,
                 MemOp mop);
void gen_qemu_st(TCGType t, TCGTemp *v, TCGTemp *addr, unsigned mmu_idx,
                 MemOp mop);
void gen_qemu_ldst2(bool store, TCGTemp *lo, TCGTemp *hi, TCGTemp *addr,
                    unsigned mmu_idx, MemOp mop);

#endif /* TCG_TCG_OP_INTERNAL_H */
