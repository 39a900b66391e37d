/*
 * The TCI backend: emits the portable bytecode of tci-internal.h.
 *
 * One generic lowering serves every IR op at both integer types: the
 * header names the op and its type (TCI_OPC) and its registers, the words
 * carry its constant arguments.  All operands are
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

/* TCI has 64-bit registers only: a vector type is a generator bug. */
static void tci_check_type(TCGType type)
{
    if (type != TCG_TYPE_I32 && type != TCG_TYPE_I64) {
        internal_error("tci: no %s registers", tcg_type_name(type));
    }
}

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

/* The shared lowering of every op: registers, then constant words.  TYPE
   is I32 or I64, the only types TCI lowers. */
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
    tci_out_hdr(s, TCI_OPC(opc, type), regs, nregs, def->nb_cargs);
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

    tci_check_type(type);
    tci_out_hdr(s, TCI_OPC(INDEX_op_mov, TCG_TYPE_I64), regs, 2, 0);
}

static void tci_emit_movi(TCGContext *s, TCGType type, TCGReg ret, int64_t val)
{
    uint8_t reg = (uint8_t)ret;

    tci_check_type(type);
    tci_out_hdr(s, TCI_OP_MOVI, &reg, 1, 1);
    tci_out_word(s, (uint64_t)val);
}

static bool tci_emit_sti(TCGContext *s, TCGType type, int64_t val, TCGReg base,
                         intptr_t offset)
{
    uint8_t regs[2] = {(uint8_t)base, type == TCG_TYPE_I32 ? 4 : 8};

    tci_check_type(type);
    tci_out_hdr(s, TCI_OP_STI, regs, 2, 2);
    tci_out_word(s, (uint64_t)offset);
    tci_out_word(s, (uint64_t)val);
    return true;
}

static void tci_emit_ld(TCGContext *s, TCGType type, TCGReg ret, TCGReg base,
                        intptr_t offset)
{
    uint8_t regs[2] = {(uint8_t)ret, (uint8_t)base};

    tci_check_type(type);
    tci_out_hdr(s, TCI_OPC(INDEX_op_ld, type), regs, 2, 1);
    tci_out_word(s, (uint64_t)offset);
}

static void tci_emit_st(TCGContext *s, TCGType type, TCGReg arg, TCGReg base,
                        intptr_t offset)
{
    uint8_t regs[2] = {(uint8_t)arg, (uint8_t)base};

    tci_check_type(type);
    tci_out_hdr(s, TCI_OPC(INDEX_op_st, type), regs, 2, 1);
    tci_out_word(s, (uint64_t)offset);
}

static void tci_emit_call(TCGContext *s, const void *func,
                          const TCGHelperInfo *info)
{
    tci_out_hdr(s, TCI_OPC(INDEX_op_call, TCG_TYPE_REG), NULL, 0, 2);
    tci_out_word(s, (uint64_t)(uintptr_t)func);
    tci_out_word(s, (uint64_t)(uintptr_t)info);
}

/* The epilogue: one "exit_tb 0" that goto_ptr may jump to. */
static void tci_emit_prologue(TCGContext *s)
{
    s->code_gen_prologue = NULL;
    s->code_gen_epilogue = tcg_splitwx_to_rx(s->code_ptr);
    tci_out_hdr(s, TCI_OPC(INDEX_op_exit_tb, TCG_TYPE_REG), NULL, 0, 1);
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

/* The lowering of an op at type T: tci_emit_op if its row has T and its
   flags have none of SKIP. */
#define TCI_LOWER(types, flags, t, skip)                                       \
    {                                                                          \
        .ct = TCI_CT_R,                                                        \
        .emit = (((types) >> (t)) & 1) && !((flags) & (skip)) ? tci_emit_op    \
                                                              : NULL,          \
    }

/* Lowerings: every op (FULL) or only the required ones, at both integer
   types. */
static const TCGLowering tci_lower[NB_OPS][TCG_TYPE_COUNT] = {
#define DEF(name, oargs, iargs, cargs, types, flags)                           \
    [INDEX_op_##name] = {                                                      \
        [TCG_TYPE_I32] =                                                       \
            TCI_LOWER(types, flags, TCG_TYPE_I32, TCG_OPF_NOT_PRESENT),        \
        [TCG_TYPE_I64] =                                                       \
            TCI_LOWER(types, flags, TCG_TYPE_I64, TCG_OPF_NOT_PRESENT),        \
    },
#include "tcg/tcg-opc.def"
#undef DEF
};

static const TCGLowering tci_lower_min[NB_OPS][TCG_TYPE_COUNT] = {
#define DEF(name, oargs, iargs, cargs, types, flags)                           \
    [INDEX_op_##name] = {                                                      \
        [TCG_TYPE_I32] = TCI_LOWER(types, flags, TCG_TYPE_I32,                 \
                                   TCG_OPF_NOT_PRESENT | TCG_OPF_OPTIONAL),    \
        [TCG_TYPE_I64] = TCI_LOWER(types, flags, TCG_TYPE_I64,                 \
                                   TCG_OPF_NOT_PRESENT | TCG_OPF_OPTIONAL),    \
    },
#include "tcg/tcg-opc.def"
#undef DEF
};

/* -- tci-2addr: the allocator's harder constraints, on TCI ---------------- */

/*
 * The same bytecode with x86-like constraints, so the allocator's aliases,
 * immediates, '&' outputs and clobbers are tested on a second backend:
 * binary ops are two-address with an immediate second input, mul wants a
 * fresh output register, division clobbers r0/r1, guest memory clobbers
 * r0..r7 (as a C slow path would).  Clobbered registers really are
 * overwritten after the op, so a value the allocator left there is lost.
 */
#define TCI_SCRATCH0 12
#define TCI_SCRATCH1 13

static TCGLowering tci_lower_2addr[NB_OPS][TCG_TYPE_COUNT];

/* Immediate inputs go through the scratch registers. */
static void tci_emit_2addr(TCGContext *s, TCGType type, const TCGArg *args,
                           const int *const_args)
{
    static const int no_consts[TCG_MAX_OP_ARGS];
    const TCGOpDef *def = &tcg_op_defs[s->emit_opc];
    uint64_t clobbers = tci_lower_2addr[s->emit_opc][type].clobbers;
    TCGArg a[TCG_MAX_OP_ARGS];
    int scratch = TCI_SCRATCH0;

    memcpy(a, args, sizeof(a));
    for (int i = def->nb_oargs; i < def->nb_oargs + def->nb_iargs; i++) {
        if (const_args[i]) {
            tci_emit_movi(s, TCG_TYPE_I64, scratch, (int64_t)args[i]);
            a[i] = (TCGArg)scratch++;
        }
    }
    tci_emit_op(s, type, a, no_consts);
    for (int i = 0; i < def->nb_oargs; i++) {
        clobbers &= ~(1ull << args[i]);
    }
    for (TCGReg r = 0; r < TCI_NB_REGS; r++) {
        if ((clobbers >> r) & 1) {
            tci_emit_movi(s, TCG_TYPE_I64, r, 0xdeadbeefdeadbeefll);
        }
    }
}

/* A value op with no side effects other than host loads. */
static bool tci_is_pure(TCGOpcode opc)
{
    unsigned flags = tcg_op_defs[opc].flags;

    return !(flags & (TCG_OPF_SIDE_EFFECTS | TCG_OPF_BB_END | TCG_OPF_CALL))
           && (opc < INDEX_op_ld8u || opc > INDEX_op_st);
}

/* The constraints of OPC in tci-2addr. */
static void tci_2addr_lower_op(TCGOpcode opc, TCGLowering *low)
{
    const TCGOpDef *def = &tcg_op_defs[opc];

    for (int i = 0; i < TCG_MAX_OP_ARGS; i++) {
        low->ct[i] = "r";
    }
    low->emit = tci_emit_2addr;
    if (opc == INDEX_op_mul) {
        low->ct[0] = "&r";
        low->ct[2] = "ri";
    } else if (opc == INDEX_op_movcond) {
        low->ct[2] = "ri";
        low->ct[3] = "0";
    } else if (opc == INDEX_op_brcond) {
        low->ct[1] = "ri";
    } else if (tci_is_pure(opc) && def->nb_oargs == 1 && def->nb_iargs == 2) {
        low->ct[1] = "0";
        low->ct[2] = "ri";
    } else if (tci_is_pure(opc) && def->nb_oargs == 1 && def->nb_iargs == 1) {
        low->ct[1] = "0";
    }
    if (opc >= INDEX_op_div && opc <= INDEX_op_remu) {
        low->clobbers = 3;
    } else if (tcg_op_defs[opc].flags & TCG_OPF_MEMOP) {
        low->clobbers = 0xff;
    }
}

_Static_assert(INDEX_op_remu - INDEX_op_div == 3,
               "div, divu, rem, remu are adjacent in tcg-opc.def");

__attribute__((constructor)) static void tci_2addr_init(void)
{
    for (int opc = 0; opc < NB_OPS; opc++) {
        for (TCGType t = TCG_TYPE_I32; t <= TCG_TYPE_I64; t++) {
            if (tcg_op_has_type(opc, t)
                && !(tcg_op_defs[opc].flags & TCG_OPF_NOT_PRESENT)) {
                tci_2addr_lower_op(opc, &tci_lower_2addr[opc][t]);
            }
        }
    }
}

#define TCI_BACKEND_COMMON                                                     \
    .nb_regs = TCI_NB_REGS, .reg_names = tci_reg_names,                        \
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
#define TCI_RESERVED ((1ull << TCI_REG_ENV) | (1ull << TCI_REG_FRAME))

const TCGBackend tcg_backend_tci = {
    .name = "tci",
    .lower = tci_lower,
    .reserved_regs = TCI_RESERVED,
    .emit_sti = tci_emit_sti,
    TCI_BACKEND_COMMON,
};

const TCGBackend tcg_backend_tci_min = {
    .name = "tci-min",
    .lower = tci_lower_min,
    .reserved_regs = TCI_RESERVED,
    TCI_BACKEND_COMMON,
};

const TCGBackend tcg_backend_tci_2addr = {
    .name = "tci-2addr",
    .lower = tci_lower_2addr,
    .emit_sti = tci_emit_sti,
    .reserved_regs =
        TCI_RESERVED | (1ull << TCI_SCRATCH0) | (1ull << TCI_SCRATCH1),
    TCI_BACKEND_COMMON,
};
