/*
 * The TCI backend: emits the portable bytecode of tci-internal.h.
 *
 * One generic lowering serves every IR op: the header names the op and its
 * registers, the words carry its constant arguments.  All operands are
 * registers ("r"), so the allocator materializes constants with movi.
 * TCI is the test oracle for the x86-64 backend and runs anywhere; it
 * assumes only that the host's calling convention passes six integer
 * arguments the way a six-uint64_t-argument function receives them
 * (x86-64 SysV does).
 */
#include <string.h>

#include "tci-internal.h"
#include "util/error.h"

/* -- Emission -------------------------------------------------------------- */

/* Header: opcode and up to six registers. */
static void tci_out_hdr(TCGContext *s, unsigned opc, const uint8_t *regs,
                        int nregs, int nwords)
{
    uint8_t hdr[TCI_HDR] = {(uint8_t)opc};

    if (nregs) {
        memcpy(hdr + 1, regs, nregs);
    }
    hdr[TCI_HDR - 1] = (uint8_t)(1 + nwords);
    memcpy(s->code_ptr, hdr, TCI_HDR);
    s->code_ptr += TCI_HDR;
}

static void tci_out_word(TCGContext *s, uint64_t w)
{
    tcg_out64(s, w);
}

/* The shared lowering of every op: registers, then constant words. */
static void tci_emit_op(TCGContext *s, TCGType type, const TCGArg *args,
                        const int *const_args)
{
    TCGOpcode opc = s->emit_opc;
    const TCGOpDef *def = &tcg_op_defs[opc];
    int nregs = def->nb_oargs + def->nb_iargs;
    uint8_t regs[6];

    for (int i = 0; i < nregs; i++) {
        regs[i] = (uint8_t)args[i];
    }
    tci_out_hdr(s, opc, regs, nregs, def->nb_cargs);
    for (int i = nregs; i < def->nb_args; i++) {
        if ((def->flags & TCG_OPF_LABEL) && i == def->nb_args - 1) {
            tci_out_word(s, 0);
            tcg_out_reloc(s, s->code_ptr - TCI_WORD, 0, arg_label(args[i]), 0);
        } else {
            tci_out_word(s, args[i]);
        }
    }
    if (opc == INDEX_op_goto_tb) {
        /* the jump word is the last word; unchained, it targets the next
           instruction */
        unsigned n = (unsigned)args[0];

        s->tb_jmp_insn_offset[n] = (uint16_t)(tcg_current_code_size(s) - 8);
        s->tb_jmp_reset_offset[n] = (uint16_t)tcg_current_code_size(s);
        tcg_patch64(s->code_ptr - 8,
                    (uint64_t)(uintptr_t)tcg_splitwx_to_rx(s->code_ptr));
    }
}

static void tci_emit_mov(TCGContext *s, TCGType type, TCGReg ret, TCGReg arg)
{
    uint8_t regs[2] = {(uint8_t)ret, (uint8_t)arg};

    tci_out_hdr(s, INDEX_op_mov_i64, regs, 2, 0);
}

static void tci_emit_movi(TCGContext *s, TCGType type, TCGReg ret, int64_t val)
{
    uint8_t reg = (uint8_t)ret;

    tci_out_hdr(s, TCI_OP_MOVI, &reg, 1, 1);
    tci_out_word(s, (uint64_t)val);
}

static bool tci_emit_sti(TCGContext *s, TCGType type, int64_t val, TCGReg base,
                         intptr_t offset)
{
    uint8_t regs[2] = {(uint8_t)base, type == TCG_TYPE_I32 ? 4 : 8};

    tci_out_hdr(s, TCI_OP_STI, regs, 2, 2);
    tci_out_word(s, (uint64_t)offset);
    tci_out_word(s, (uint64_t)val);
    return true;
}

static void tci_emit_ld(TCGContext *s, TCGType type, TCGReg ret, TCGReg base,
                        intptr_t offset)
{
    uint8_t regs[2] = {(uint8_t)ret, (uint8_t)base};

    tci_out_hdr(s, type == TCG_TYPE_I32 ? INDEX_op_ld_i32 : INDEX_op_ld_i64,
                regs, 2, 1);
    tci_out_word(s, (uint64_t)offset);
}

static void tci_emit_st(TCGContext *s, TCGType type, TCGReg arg, TCGReg base,
                        intptr_t offset)
{
    uint8_t regs[2] = {(uint8_t)arg, (uint8_t)base};

    tci_out_hdr(s, type == TCG_TYPE_I32 ? INDEX_op_st_i32 : INDEX_op_st_i64,
                regs, 2, 1);
    tci_out_word(s, (uint64_t)offset);
}

static void tci_emit_call(TCGContext *s, const void *func,
                          const TCGHelperInfo *info)
{
    tci_out_hdr(s, INDEX_op_call, NULL, 0, 2);
    tci_out_word(s, (uint64_t)(uintptr_t)func);
    tci_out_word(s, (uint64_t)(uintptr_t)info);
}

/* The epilogue: one "exit_tb 0" that goto_ptr may jump to. */
static void tci_emit_prologue(TCGContext *s)
{
    s->code_gen_prologue = NULL;
    s->code_gen_epilogue = tcg_splitwx_to_rx(s->code_ptr);
    tci_out_hdr(s, INDEX_op_exit_tb, NULL, 0, 1);
    tci_out_word(s, 0);
}

/* Branch words hold the target's RX address. */
static bool tci_patch_reloc(uint8_t *code_rw, int type, intptr_t value,
                            intptr_t addend)
{
    tcg_patch64(code_rw, (uint64_t)(uintptr_t)tcg_splitwx_to_rx(
                             (void *)(value + addend)));
    return true;
}

/* The jump word is 8-byte aligned, so one atomic store retargets it. */
static void tci_patch_goto_tb(uintptr_t site_rx, uintptr_t site_rw,
                              uintptr_t target_rx)
{
    __atomic_store_n((uint64_t *)site_rw, (uint64_t)target_rx,
                     __ATOMIC_RELEASE);
}

static bool tci_finish(TCGContext *s)
{
    return true;
}

/* -- Registers and constraints --------------------------------------------- */

static bool tci_parse_constraint(char c, TCGArgConstraint *ct)
{
    if (c != 'r') {
        return false;
    }
    ct->regs |= (1ull << TCI_NB_REGS) - 1;
    return true;
}

static const char *const tci_reg_names[TCI_NB_REGS] = {
    "r0", "r1", "r2",  "r3",  "r4",  "r5",  "r6",  "r7",
    "r8", "r9", "r10", "r11", "r12", "r13", "env", "frame",
};

/* Call-preserved registers first, so values survive helper calls. */
static const int8_t tci_alloc_order[] = {
    8, 9, 10, 11, 12, 13, 7, 6, 5, 4, 3, 2, 1, 0,
};

static const int8_t tci_call_iarg_regs[] = {0, 1, 2, 3, 4, 5};

/* Every register operand is "r". */
#define TCI_CT_R                                                               \
    {                                                                          \
        "r", "r", "r", "r", "r", "r"                                           \
    }

/* Lowerings: every op (FULL) or only the required ones. */
static const TCGLowering tci_lower[NB_OPS] = {
#define DEF(name, oargs, iargs, cargs, flags)                                  \
    [INDEX_op_##name] = {                                                      \
        .ct = TCI_CT_R,                                                        \
        .emit = ((flags)&TCG_OPF_NOT_PRESENT) ? NULL : tci_emit_op,            \
    },
#include "tcg/tcg-opc.def"
#undef DEF
};

static const TCGLowering tci_lower_min[NB_OPS] = {
#define DEF(name, oargs, iargs, cargs, flags)                                  \
    [INDEX_op_##name] = {                                                      \
        .ct = TCI_CT_R,                                                        \
        .emit = ((flags) & (TCG_OPF_NOT_PRESENT | TCG_OPF_OPTIONAL))           \
                    ? NULL                                                     \
                    : tci_emit_op,                                             \
    },
#include "tcg/tcg-opc.def"
#undef DEF
};

#define TCI_BACKEND_COMMON                                                     \
    .nb_regs = TCI_NB_REGS, .reg_names = tci_reg_names,                        \
    .reserved_regs = (1ull << TCI_REG_ENV) | (1ull << TCI_REG_FRAME),          \
    .call_clobbered_regs = 0xff, .alloc_order = tci_alloc_order,               \
    .nb_alloc_order = sizeof(tci_alloc_order),                                 \
    .call_iarg_regs = tci_call_iarg_regs,                                      \
    .nb_call_iarg_regs = sizeof(tci_call_iarg_regs), .call_oarg_reg = 0,       \
    .env_reg = TCI_REG_ENV, .frame_reg = TCI_REG_FRAME, .frame_offset = 0,     \
    .frame_size = TCI_FRAME_WORDS * 8,                                         \
    .parse_constraint = tci_parse_constraint,                                  \
    .emit_prologue = tci_emit_prologue, .emit_mov = tci_emit_mov,              \
    .emit_movi = tci_emit_movi, .emit_ld = tci_emit_ld,                        \
    .emit_st = tci_emit_st, .emit_call = tci_emit_call,                        \
    .patch_reloc = tci_patch_reloc, .patch_goto_tb = tci_patch_goto_tb,        \
    .finish = tci_finish, .exec = tci_exec, .dump_code = tci_dump_code

/* tci-min also lacks the store-immediate, to test the allocator without */
const TCGBackend tcg_backend_tci = {
    .name = "tci",
    .lower = tci_lower,
    .emit_sti = tci_emit_sti,
    TCI_BACKEND_COMMON,
};

const TCGBackend tcg_backend_tci_min = {
    .name = "tci-min",
    .lower = tci_lower_min,
    TCI_BACKEND_COMMON,
};
