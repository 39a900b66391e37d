/*
 * x86-64 host backend, layer 3: control flow.  Branches to labels, the TB
 * exits (goto_tb, exit_tb, goto_ptr), fences, and the prologue/epilogue
 * through which the execution loop enters generated code.
 *
 * Frame (SysV AMD64 psABI 3.2.2): the prologue pushes the six callee-saved
 * registers; with the return address that is 56 bytes, so a frame of
 * X86_FRAME_SIZE bytes (8 mod 16) leaves rsp 16-byte aligned inside the
 * TB, as every helper call needs.  Layout: x86_64-lower.h.
 *
 *   prologue:  push rbp, rbx, r12..r15; mov rdi, rbp (env);
 *              sub $frame, rsp; jmp *rsi (the TB)
 *   epilogue:  xor eax, eax            <- code_gen_epilogue: return 0
 *   tb_ret:    add $frame, rsp; pop r15..r12, rbx, rbp; ret
 *                                      <- exit_tb with rax = value
 */
#include <assert.h>
#include <glib.h>

#include "x86_64-lower.h"

/* Callee-saved registers in push order. */
static const X86Reg saved_regs[] = {
    X86_RBP, X86_RBX, X86_R12, X86_R13, X86_R14, X86_R15,
};

_Static_assert((8 + 8 * 6 + X86_FRAME_SIZE) % 16 == 0,
               "rsp is 16-byte aligned inside a TB");

/* Bytes of "xor eax, eax" between code_gen_epilogue and tb_ret. */
#define X86_EPILOGUE_ZERO_LEN 2

/* RX address of tb_ret, derived from the epilogue so no state is kept. */
static uintptr_t tb_ret_rx(TCGContext *s)
{
    return (uintptr_t)s->code_gen_epilogue + X86_EPILOGUE_ZERO_LEN;
}

void x86_emit_prologue(TCGContext *s)
{
    X86Code c = x86_code(s);
    uint8_t *zero;

    s->code_gen_prologue = (const void *)x86_code_pc(&c);
    for (size_t i = 0; i < G_N_ELEMENTS(saved_regs); i++) {
        emit_opc(&c, OPC_PUSH_r + (saved_regs[i] & 7), 0, saved_regs[i],
                 X86_NOREG);
    }
    emit_mov_rr(&c, P_REXW, X86_ENV_REG, x86_call_arg_regs[0]);
    emit_arith_ri(&c, P_REXW, ARITH_SUB, X86_RSP, X86_FRAME_SIZE);
    emit_jmp_reg(&c, x86_call_arg_regs[1]);

    s->code_gen_epilogue = (const void *)x86_code_pc(&c);
    zero = x86_code_ptr(&c);
    emit_modrm(&c, OPC_XOR_GvEv, X86_RAX, X86_RAX);
    assert(x86_code_ptr(&c) - zero == X86_EPILOGUE_ZERO_LEN);
    (void)zero;
    emit_arith_ri(&c, P_REXW, ARITH_ADD, X86_RSP, X86_FRAME_SIZE);
    for (size_t i = G_N_ELEMENTS(saved_regs); i-- > 0;) {
        emit_opc(&c, OPC_POP_r + (saved_regs[i] & 7), 0, saved_regs[i],
                 X86_NOREG);
    }
    emit8(&c, OPC_RET);
}

uintptr_t x86_exec(TCGContext *s, void *env, const void *tb_rx)
{
    uintptr_t (*enter)(void *, const void *) =
        (uintptr_t(*)(void *, const void *))s->code_gen_prologue;

    return enter(env, tb_rx);
}

/* -- Branches -------------------------------------------------------------- */

bool x86_patch_reloc(uint8_t *code_rw, int type, intptr_t value,
                     intptr_t addend)
{
    /* Both ends are RW addresses: the distance is the same in RX. */
    intptr_t d = value + addend - (intptr_t)(code_rw + 4);
    int32_t v = (int32_t)d;

    assert(type == X86_RELOC_PC32);
    if (!x86_fits_s32(d)) {
        return false;
    }
    memcpy(code_rw, &v, 4);
    return true;
}

/* jcc (or jmp when COND is -1) to label L: short backwards when it is
 * placed and near, else rel32 patched by the core. */
static void emit_branch(TCGContext *s, int cond, TCGLabel *l)
{
    X86Code c = x86_code(s);
    uint8_t *site;

    if (l->has_value) {
        uintptr_t target = x86_code_rx(&c, l->value_ptr);
        if (cond < 0) {
            emit_jmp_to(&c, target);
        } else {
            emit_jcc_to(&c, cond, target);
        }
        return;
    }
    site = cond < 0 ? emit_jmp_rel32(&c) : emit_jcc_rel32(&c, cond);
    tcg_out_reloc(s, site, X86_RELOC_PC32, l, 0);
}

/* br $label */
void lower_br(TCGContext *s, TCGType type, const TCGArg *args,
              const int *const_args)
{
    emit_branch(s, -1, arg_label(args[0]));
}

/* ct: r, re.  brcond a, b, $cond, $label */
void lower_brcond(TCGContext *s, TCGType type, const TCGArg *args,
                  const int *const_args)
{
    X86Code c = x86_code(s);
    TCGCond cond = args[2];

    if (cond == TCG_COND_NEVER) {
        return;
    }
    if (cond == TCG_COND_ALWAYS) {
        emit_branch(s, -1, arg_label(args[3]));
        return;
    }
    x86_emit_cmp(&c, type, cond, args[0], args[1], const_args[1]);
    emit_branch(s, x86_cond(cond), arg_label(args[3]));
}

/* -- TB exits -------------------------------------------------------------- */

/*
 * goto_tb $n: jmp rel32, initially to the next instruction (the exit_tb
 * that follows).  Nops first put the rel32 field on a 4-byte boundary so
 * patch_goto_tb rewrites it with one atomic store while other vCPUs may
 * be executing it (SDM vol. 3, 8.1.1: aligned 32-bit stores are atomic).
 */
void lower_goto_tb(TCGContext *s, TCGType type, const TCGArg *args,
                   const int *const_args)
{
    X86Code c = x86_code(s);
    unsigned n = args[0];
    int pad = (3 - (x86_code_pc(&c) & 3)) & 3;

    assert(n < 2);
    emit_nops(&c, pad);
    s->tb_jmp_insn_offset[n] = tcg_current_code_size(s);
    emit_jmp_rel32(&c);
    s->tb_jmp_reset_offset[n] = tcg_current_code_size(s);
}

void x86_patch_goto_tb(uintptr_t site_rx, uintptr_t site_rw,
                       uintptr_t target_rx)
{
    intptr_t d = (intptr_t)(target_rx - (site_rx + 5));

    assert(((site_rw + 1) & 3) == 0 && x86_fits_s32(d));
    __atomic_store_n((int32_t *)(site_rw + 1), (int32_t)d, __ATOMIC_RELEASE);
}

/* exit_tb $val: return VAL from the TB (0 through the epilogue). */
void lower_exit_tb(TCGContext *s, TCGType type, const TCGArg *args,
                   const int *const_args)
{
    X86Code c = x86_code(s);
    uintptr_t val = args[0];

    if (val == 0) {
        emit_jmp_to(&c, (uintptr_t)s->code_gen_epilogue);
        return;
    }
    emit_movi(&c, X86_RAX, val, true);
    emit_jmp_to(&c, tb_ret_rx(s));
}

/* ct: r.  goto_ptr reg: jump to an RX code address (a TB or the
 * epilogue). */
void lower_goto_ptr(TCGContext *s, TCGType type, const TCGArg *args,
                    const int *const_args)
{
    X86Code c = x86_code(s);

    emit_jmp_reg(&c, args[0]);
}

/*
 * mb $kind.  x86 is TSO (SDM vol. 3, 8.2.2): loads are not reordered with
 * loads, nor stores with stores or with older loads; only a store followed
 * by a load may pass, so only TCG_MO_ST_LD needs a fence.
 */
void lower_mb(TCGContext *s, TCGType type, const TCGArg *args,
              const int *const_args)
{
    X86Code c = x86_code(s);

    if (args[0] & TCG_MO_ST_LD) {
        emit_opc(&c, OPC_GRP15, 0, X86_NOREG, X86_NOREG);
        emit8(&c, MODRM_MFENCE);
    }
}
