/*
 * x86-64 host backend, layer 3: what the lowering files share.
 *
 * The lowering is split by op family: x86_64-lower.c holds the backend
 * description (registers, constraints, moves, calls, prologue) and the
 * table with one entry per IR op; x86_64-lower-alu.c the arithmetic,
 * x86_64-lower-ctl.c branches and TB exits, x86_64-lower-mem.c host and
 * guest memory access (the inline TLB fast path and its slow paths).
 *
 * Register usage inside generated code:
 *   rbp  env (the CPU state), for the whole TB;
 *   rsp  the frame: spill slots at [rsp, rsp + X86_FRAME_SPILL), then
 *        two scratch slots (X86_FRAME_SLOT0/1);
 *   r11  scratch for the emitters (never allocated);
 *   rdi, rsi  the TLB lookup's scratch in qemu_ld/st (their operands avoid
 *        them with constraint 'L'; the ops clobber every call-clobbered
 *        register anyway, since the slow path calls C).
 */
#ifndef TCG_X86_64_LOWER_H
#define TCG_X86_64_LOWER_H

#include "tcg/tcg-backend.h"
#include "tcg/x86_64-host.h"
#include "x86_64-emit.h"

/* Fixed registers (see above). */
#define X86_ENV_REG X86_RBP
#define X86_TMP_REG X86_R11
#define X86_TLB_L0  X86_RDI
#define X86_TLB_L1  X86_RSI

/*
 * The frame below the pushed callee-saved registers: the allocator's
 * spill slots, then two 8-byte slots the emitters may use between ops
 * (the 128-bit slow paths keep values there across a helper call), then
 * padding that leaves rsp 16-byte aligned inside a TB.
 */
#define X86_FRAME_SPILL 2048
#define X86_FRAME_SLOT0 X86_FRAME_SPILL
#define X86_FRAME_SLOT1 (X86_FRAME_SPILL + 8)
#define X86_FRAME_SIZE  (X86_FRAME_SPILL + 24)

/* Backend constant classes (TCGArgConstraint.ct bits). */
enum {
    X86_CT_S32 = TCG_CT_BACKEND_FIRST,        /* 'e': sign-extended imm32 */
    X86_CT_U32 = TCG_CT_BACKEND_FIRST << 1,   /* 'Z': zero-extended imm32 */
    X86_CT_WIDTH = TCG_CT_BACKEND_FIRST << 2, /* 'W': equals the op width */
};

/* Relocation kinds for tcg_out_reloc / patch_reloc. */
enum {
    X86_RELOC_PC32 = 1, /* a rel32 field, relative to its own end */
};

/* A view of S's emission point for the byte encoders. */
static inline X86Code x86_code(TCGContext *s)
{
    return (X86Code){.pp = &s->code_ptr, .rx_diff = tcg_splitwx_diff};
}

/* P_REXW for 64-bit ops, 0 for 32-bit ones. */
static inline int x86_rexw(TCGType type)
{
    return type == TCG_TYPE_I64 ? P_REXW : 0;
}

/* Operand width in bits. */
static inline int x86_width(TCGType type)
{
    return type == TCG_TYPE_I64 ? 64 : 32;
}

/*
 * The host features the lowering table was built for.  Emitters read this
 * copy, never x86_host directly, so the code always matches the
 * constraints the allocator was given.
 */
extern X86HostFeatures x86_lower_features;

/* The x86 condition for TCG condition COND (not NEVER/ALWAYS). */
X86Cond x86_cond(TCGCond cond);

/* cmp A, B (B a register, or a constant when B_CONST), at TYPE width.
 * A comparison with zero for eq/ne uses test. */
void x86_emit_cmp(X86Code *c, TCGType type, TCGCond cond, TCGReg a, TCGArg b,
                  bool b_const);

/* mov DST, SRC at TYPE width, nothing when they are the same register. */
void x86_emit_mov(X86Code *c, TCGType type, TCGReg dst, TCGReg src);

/* -- Emit functions, one per lowering entry -------------------------------- */

#define X86_EMIT_FN(name)                                                      \
    void name(TCGContext *s, TCGType type, const TCGArg *args,                 \
              const int *const_args)

/* x86_64-lower-alu.c */
X86_EMIT_FN(lower_add);
X86_EMIT_FN(lower_sub);
X86_EMIT_FN(lower_neg);
X86_EMIT_FN(lower_not);
X86_EMIT_FN(lower_and);
X86_EMIT_FN(lower_or);
X86_EMIT_FN(lower_xor);
X86_EMIT_FN(lower_andc);
X86_EMIT_FN(lower_orc);
X86_EMIT_FN(lower_shl);
X86_EMIT_FN(lower_shr);
X86_EMIT_FN(lower_sar);
X86_EMIT_FN(lower_rotl);
X86_EMIT_FN(lower_rotr);
X86_EMIT_FN(lower_add2);
X86_EMIT_FN(lower_sub2);
X86_EMIT_FN(lower_mul);
X86_EMIT_FN(lower_muluh);
X86_EMIT_FN(lower_mulsh);
X86_EMIT_FN(lower_mulu2);
X86_EMIT_FN(lower_muls2);
X86_EMIT_FN(lower_div);
X86_EMIT_FN(lower_divu);
X86_EMIT_FN(lower_rem);
X86_EMIT_FN(lower_remu);
X86_EMIT_FN(lower_ext8s);
X86_EMIT_FN(lower_ext8u);
X86_EMIT_FN(lower_ext16s);
X86_EMIT_FN(lower_ext16u);
X86_EMIT_FN(lower_ext32s);
X86_EMIT_FN(lower_ext32u);
X86_EMIT_FN(lower_extrh);
X86_EMIT_FN(lower_bswap16);
X86_EMIT_FN(lower_bswap32);
X86_EMIT_FN(lower_bswap64);
X86_EMIT_FN(lower_clz);
X86_EMIT_FN(lower_ctz);
X86_EMIT_FN(lower_ctpop);
X86_EMIT_FN(lower_deposit);
X86_EMIT_FN(lower_extract);
X86_EMIT_FN(lower_sextract);
X86_EMIT_FN(lower_extract2);
X86_EMIT_FN(lower_setcond);
X86_EMIT_FN(lower_negsetcond);
X86_EMIT_FN(lower_movcond);

/* x86_64-lower-ctl.c */
X86_EMIT_FN(lower_br);
X86_EMIT_FN(lower_brcond);
X86_EMIT_FN(lower_goto_tb);
X86_EMIT_FN(lower_exit_tb);
X86_EMIT_FN(lower_goto_ptr);
X86_EMIT_FN(lower_mb);
bool x86_patch_reloc(uint8_t *code_rw, int type, intptr_t value,
                     intptr_t addend);
void x86_patch_goto_tb(uintptr_t site_rx, uintptr_t site_rw,
                       uintptr_t target_rx);
void x86_emit_prologue(TCGContext *s);
uintptr_t x86_exec(TCGContext *s, void *env, const void *tb_rx);

/* x86_64-lower-mem.c */
X86_EMIT_FN(lower_ld8u);
X86_EMIT_FN(lower_ld8s);
X86_EMIT_FN(lower_ld16u);
X86_EMIT_FN(lower_ld16s);
X86_EMIT_FN(lower_ld32u);
X86_EMIT_FN(lower_ld32s);
X86_EMIT_FN(lower_ld);
X86_EMIT_FN(lower_st8);
X86_EMIT_FN(lower_st16);
X86_EMIT_FN(lower_st32);
X86_EMIT_FN(lower_st);
X86_EMIT_FN(lower_qemu_ld);
X86_EMIT_FN(lower_qemu_st);
X86_EMIT_FN(lower_qemu_ld2);
X86_EMIT_FN(lower_qemu_st2);
void x86_tb_start(TCGContext *s);
bool x86_finish(TCGContext *s);

#endif /* TCG_X86_64_LOWER_H */
