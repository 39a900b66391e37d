/*
 * x86-64 host backend, layer 3: the backend description.
 *
 * The TCGBackend that tcg.c's register allocator drives: host registers,
 * constraint letters, moves/loads/stores for the allocator, helper calls,
 * and the lowering table, one entry per IR op with its operand constraints
 * and its emitter (the emitters live in x86_64-lower-{alu,ctl,mem}.c).
 *
 * Constraint letters (besides tcg.c's generic '0'-'9', '&', 'i'):
 *   r  any register          a, c, d  rax, rcx, rdx
 *   q  not rax/rdx (divisor, multiplier)
 *   C  not rcx (a shift's value, so the count can have cl)
 *   L  not rdi/rsi (qemu_ld/st: the TLB lookup's scratch)
 *
 * tcg.c allocates operands in order, so an op with a fixed-register
 * operand keeps its other operands out of that register ('C', 'q'):
 * otherwise an earlier operand could take it first.
 *   e  constant fitting a sign-extended imm32
 *   Z  constant fitting a zero-extended imm32
 *   W  constant equal to the op width (clz/ctz default)
 *
 * Some entries depend on the host CPU (BMI1 andn, BMI2 shifts, POPCNT):
 * the table is built from the base table below plus the features, once at
 * start-up (a constructor) and again by tcg_backend_x86_64_configure().
 */
#include <assert.h>
#include <glib.h>
#include <stdlib.h>

#include "tcg/x86_64-backend.h"
#include "util/disas.h"
#include "util/error.h"
#include "x86_64-lower.h"

/* -- Registers ----------------------------------------------------------- */

static const char *const reg_names[X86_REG__COUNT] = {
#define X86_REG(id, name, enc, saved, arg) [X86_##id] = name,
#include "x86_64-regs.def"
#undef X86_REG
};

#define REG(r)   (1ull << (r))
#define ALL_REGS 0xffffull

/* Callee-saved first: values there survive helper calls. */
static const int8_t alloc_order[] = {
    X86_RBX, X86_R12, X86_R13, X86_R14, X86_R15, X86_R10, X86_R9,
    X86_R8,  X86_RCX, X86_RDX, X86_RSI, X86_RDI, X86_RAX,
};

static const int8_t call_iarg_regs[] = {
    X86_RDI, X86_RSI, X86_RDX, X86_RCX, X86_R8, X86_R9,
};

#define CALL_CLOBBERED                                                         \
    (REG(X86_RAX) | REG(X86_RCX) | REG(X86_RDX) | REG(X86_RSI) | REG(X86_RDI)  \
     | REG(X86_R8) | REG(X86_R9) | REG(X86_R10) | REG(X86_R11))

static bool parse_constraint(char c, TCGArgConstraint *ct)
{
    switch (c) {
    case 'r':
        ct->regs |= ALL_REGS;
        return true;
    case 'a':
        ct->regs |= REG(X86_RAX);
        return true;
    case 'c':
        ct->regs |= REG(X86_RCX);
        return true;
    case 'd':
        ct->regs |= REG(X86_RDX);
        return true;
    case 'q':
        ct->regs |= ALL_REGS & ~(REG(X86_RAX) | REG(X86_RDX));
        return true;
    case 'C':
        ct->regs |= ALL_REGS & ~REG(X86_RCX);
        return true;
    case 'L':
        ct->regs |= ALL_REGS & ~(REG(X86_TLB_L0) | REG(X86_TLB_L1));
        return true;
    case 'e':
        ct->ct |= X86_CT_S32;
        return true;
    case 'Z':
        ct->ct |= X86_CT_U32;
        return true;
    case 'W':
        ct->ct |= X86_CT_WIDTH;
        return true;
    default:
        return false;
    }
}

static bool const_match(int64_t val, TCGType type, uint32_t ct)
{
    if ((ct & X86_CT_S32) && (type == TCG_TYPE_I32 || val == (int32_t)val)) {
        return true;
    }
    if ((ct & X86_CT_U32) && (type == TCG_TYPE_I32 || val == (uint32_t)val)) {
        return true;
    }
    return (ct & X86_CT_WIDTH) && val == x86_width(type);
}

/* -- Allocator callbacks ------------------------------------------------- */

/* The allocator's values live in general registers: no vector type yet. */
static void check_type(TCGType type)
{
    if (type != TCG_TYPE_I32 && type != TCG_TYPE_I64) {
        internal_error("x86_64 backend: no %s registers", tcg_type_name(type));
    }
}

static void backend_mov(TCGContext *s, TCGType type, TCGReg ret, TCGReg arg)
{
    X86Code c = x86_code(s);

    check_type(type);
    x86_emit_mov(&c, type, ret, arg);
}

static void backend_movi(TCGContext *s, TCGType type, TCGReg ret, int64_t val)
{
    X86Code c = x86_code(s);

    check_type(type);
    /* Between ops no flags are live: xor may clear the register. */
    emit_movi(&c, ret, type == TCG_TYPE_I32 ? (uint32_t)val : (uint64_t)val,
              true);
}

static void backend_ld(TCGContext *s, TCGType type, TCGReg ret, TCGReg base,
                       intptr_t offset)
{
    X86Code c = x86_code(s);

    check_type(type);
    assert(x86_fits_s32(offset));
    emit_modrm_offset(&c, OPC_MOV_GvEv | x86_rexw(type), ret, base, offset);
}

static void backend_st(TCGContext *s, TCGType type, TCGReg arg, TCGReg base,
                       intptr_t offset)
{
    X86Code c = x86_code(s);

    check_type(type);
    assert(x86_fits_s32(offset));
    emit_modrm_offset(&c, OPC_MOV_EvGv | x86_rexw(type), arg, base, offset);
}

/* Arguments are in place; rsp is 16-byte aligned inside a TB. */
static void backend_call(TCGContext *s, const void *func,
                         const TCGHelperInfo *info)
{
    X86Code c = x86_code(s);

    emit_call_to(&c, (uintptr_t)func, X86_TMP_REG);
}

static void backend_dump_code(FILE *f, const void *code_rx, size_t size)
{
    disas_host(f, code_rx, size, (uintptr_t)code_rx);
}

/* -- The lowering table --------------------------------------------------- */

#define LOWER(fn, ...)                                                         \
    {                                                                          \
        .ct = {__VA_ARGS__}, .emit = fn                                        \
    }
#define LOWER_CLOBBERS(clob, fn, ...)                                          \
    {                                                                          \
        .ct = {__VA_ARGS__}, .clobbers = (clob), .emit = fn                    \
    }

/*
 * One entry per op: its lowering at each type it has.  INT: the same
 * constraints and emitter at i32 and i64 (the emitter reads the type);
 * I64, I32: ops of one width; HOST: ops on host words (TCG_TYPE_REG).
 * An op whose constraints differ by type spells out both.
 */
#define INT(fn, ...)                                                           \
    {                                                                          \
        [TCG_TYPE_I32] = LOWER(fn, __VA_ARGS__), [TCG_TYPE_I64] =              \
                                                     LOWER(fn, __VA_ARGS__)    \
    }
#define INT_CLOBBERS(clob, fn, ...)                                            \
    {                                                                          \
        [TCG_TYPE_I32] = LOWER_CLOBBERS(clob, fn, __VA_ARGS__),                \
        [TCG_TYPE_I64] = LOWER_CLOBBERS(clob, fn, __VA_ARGS__)                 \
    }
#define I32(fn, ...)                                                           \
    {                                                                          \
        [TCG_TYPE_I32] = LOWER(fn, __VA_ARGS__)                                \
    }
#define I64(fn, ...)                                                           \
    {                                                                          \
        [TCG_TYPE_I64] = LOWER(fn, __VA_ARGS__)                                \
    }
#define I64_CLOBBERS(clob, fn, ...)                                            \
    {                                                                          \
        [TCG_TYPE_I64] = LOWER_CLOBBERS(clob, fn, __VA_ARGS__)                 \
    }
#define HOST(fn, ...)                                                          \
    {                                                                          \
        [TCG_TYPE_REG] = LOWER(fn, __VA_ARGS__)                                \
    }

/*
 * Entries for a host without BMI1/BMI2/LZCNT/POPCNT; apply_features()
 * adjusts the few that differ.  Every op is lowered except the core ops
 * tcg.c handles itself, at every integer type it has; no vector type.
 */
static const TCGLowering lower_base[NB_OPS][TCG_TYPE_COUNT] = {
    /* Control flow */
    [INDEX_op_br] = HOST(lower_br, NULL),
    [INDEX_op_brcond] = INT(lower_brcond, "r", "re"),
    [INDEX_op_goto_tb] = HOST(lower_goto_tb, NULL),
    [INDEX_op_exit_tb] = HOST(lower_exit_tb, NULL),
    [INDEX_op_goto_ptr] = HOST(lower_goto_ptr, "r"),
    [INDEX_op_mb] = HOST(lower_mb, NULL),

    /* Host memory */
    [INDEX_op_ld8u] = INT(lower_ld8u, "r", "r"),
    [INDEX_op_ld8s] = INT(lower_ld8s, "r", "r"),
    [INDEX_op_ld16u] = INT(lower_ld16u, "r", "r"),
    [INDEX_op_ld16s] = INT(lower_ld16s, "r", "r"),
    [INDEX_op_ld32u_i64] = I64(lower_ld32u, "r", "r"),
    [INDEX_op_ld32s_i64] = I64(lower_ld32s, "r", "r"),
    [INDEX_op_ld] = INT(lower_ld, "r", "r"),
    [INDEX_op_st8] = INT(lower_st8, "re", "r"),
    [INDEX_op_st16] = INT(lower_st16, "re", "r"),
    [INDEX_op_st32_i64] = I64(lower_st32, "re", "r"),
    [INDEX_op_st] = INT(lower_st, "re", "r"),

    /* Guest memory: the slow path is a call */
    [INDEX_op_qemu_ld] = INT_CLOBBERS(CALL_CLOBBERED, lower_qemu_ld, "L", "L"),
    [INDEX_op_qemu_st] = INT_CLOBBERS(CALL_CLOBBERED, lower_qemu_st, "L", "L"),
    [INDEX_op_qemu_ld2_i64] =
        I64_CLOBBERS(CALL_CLOBBERED, lower_qemu_ld2, "L", "L", "L"),
    [INDEX_op_qemu_st2_i64] =
        I64_CLOBBERS(CALL_CLOBBERED, lower_qemu_st2, "L", "L", "L"),

    /* Arithmetic */
    [INDEX_op_add] = INT(lower_add, "r", "r", "re"),
    [INDEX_op_sub] = INT(lower_sub, "r", "0", "re"),
    [INDEX_op_neg] = INT(lower_neg, "r", "0"),
    /* a 64-bit and also takes a zero-extended imm32 (a 32-bit and) */
    [INDEX_op_and] = {[TCG_TYPE_I32] = LOWER(lower_and, "r", "0", "re"),
                      [TCG_TYPE_I64] = LOWER(lower_and, "r", "0", "reZ")},
    [INDEX_op_or] = INT(lower_or, "r", "0", "re"),
    [INDEX_op_xor] = INT(lower_xor, "r", "0", "re"),
    [INDEX_op_andc] = INT(lower_andc, "r", "0", "r"),
    [INDEX_op_orc] = INT(lower_orc, "r", "0", "r"),
    [INDEX_op_not] = INT(lower_not, "r", "0"),
    [INDEX_op_shl] = INT(lower_shl, "C", "0", "ci"),
    [INDEX_op_shr] = INT(lower_shr, "C", "0", "ci"),
    [INDEX_op_sar] = INT(lower_sar, "C", "0", "ci"),
    [INDEX_op_rotl] = INT(lower_rotl, "C", "0", "ci"),
    [INDEX_op_rotr] = INT(lower_rotr, "C", "0", "ci"),
    [INDEX_op_mul] = INT(lower_mul, "r", "0", "re"),
    [INDEX_op_muluh] = INT_CLOBBERS(REG(X86_RAX), lower_muluh, "d", "a", "q"),
    [INDEX_op_mulsh] = INT_CLOBBERS(REG(X86_RAX), lower_mulsh, "d", "a", "q"),
    [INDEX_op_mulu2] = INT(lower_mulu2, "a", "d", "0", "q"),
    [INDEX_op_muls2] = INT(lower_muls2, "a", "d", "0", "q"),
    [INDEX_op_add2] = INT(lower_add2, "&r", "&r", "r", "r", "re", "re"),
    [INDEX_op_sub2] = INT(lower_sub2, "&r", "&r", "r", "r", "re", "re"),
    [INDEX_op_div] = INT_CLOBBERS(REG(X86_RDX), lower_div, "a", "0", "q"),
    [INDEX_op_divu] = INT_CLOBBERS(REG(X86_RDX), lower_divu, "a", "0", "q"),
    [INDEX_op_rem] = INT_CLOBBERS(REG(X86_RAX), lower_rem, "d", "a", "q"),
    [INDEX_op_remu] = INT_CLOBBERS(REG(X86_RAX), lower_remu, "d", "a", "q"),
    [INDEX_op_ext8s] = INT(lower_ext8s, "r", "r"),
    [INDEX_op_ext8u] = INT(lower_ext8u, "r", "r"),
    [INDEX_op_ext16s] = INT(lower_ext16s, "r", "r"),
    [INDEX_op_ext16u] = INT(lower_ext16u, "r", "r"),
    [INDEX_op_ext32s_i64] = I64(lower_ext32s, "r", "r"),
    [INDEX_op_ext32u_i64] = I64(lower_ext32u, "r", "r"),
    [INDEX_op_bswap16] = INT(lower_bswap16, "r", "0"),
    [INDEX_op_bswap32] = INT(lower_bswap32, "r", "0"),
    [INDEX_op_bswap64_i64] = I64(lower_bswap64, "r", "0"),
    [INDEX_op_clz] = INT(lower_clz, "&r", "r", "rW"),
    [INDEX_op_ctz] = INT(lower_ctz, "&r", "r", "rW"),
    [INDEX_op_deposit] = INT(lower_deposit, "r", "0", "r"),
    [INDEX_op_extract] = INT(lower_extract, "r", "r"),
    [INDEX_op_sextract] = INT(lower_sextract, "r", "r"),
    [INDEX_op_extract2] = INT(lower_extract2, "r", "0", "r"),
    [INDEX_op_setcond] = INT(lower_setcond, "r", "r", "re"),
    [INDEX_op_negsetcond] = INT(lower_negsetcond, "r", "r", "re"),
    [INDEX_op_movcond] = INT(lower_movcond, "r", "r", "re", "r", "0"),

    /* Width changes */
    [INDEX_op_extu_i32_i64] = I64(lower_ext32u, "r", "r"),
    [INDEX_op_ext_i32_i64] = I64(lower_ext32s, "r", "r"),
    [INDEX_op_extrl_i64_i32] = I32(lower_ext32u, "r", "r"),
    [INDEX_op_extrh_i64_i32] = I32(lower_extrh, "r", "0"),
};

/* The table the backend hands out: lower_base adjusted for the host. */
static TCGLowering lower_table[NB_OPS][TCG_TYPE_COUNT];

X86HostFeatures x86_lower_features;

/* Entries that change with a host feature (at both integer types). */
static void apply_features(const X86HostFeatures *f)
{
    static const TCGOpcode shifts[] = {
        INDEX_op_shl,
        INDEX_op_shr,
        INDEX_op_sar,
    };

    memcpy(lower_table, lower_base, sizeof(lower_table));
    for (TCGType t = TCG_TYPE_I32; t <= TCG_TYPE_I64; t++) {
        if (f->bmi2) {
            /* shlx/shrx/sarx: three operands, count in any register. */
            for (size_t i = 0; i < G_N_ELEMENTS(shifts); i++) {
                lower_table[shifts[i]][t].ct[0] = "r";
                lower_table[shifts[i]][t].ct[1] = "r";
                lower_table[shifts[i]][t].ct[2] = "ri";
            }
        }
        if (f->bmi1) {
            lower_table[INDEX_op_andc][t].ct[1] = "r";
        }
        if (f->popcnt) {
            lower_table[INDEX_op_ctpop][t] =
                (TCGLowering)LOWER(lower_ctpop, "r", "r");
        }
    }
    x86_lower_features = *f;
}

void tcg_backend_x86_64_configure(void)
{
    apply_features(&x86_host);
}

__attribute__((constructor)) static void x86_backend_init(void)
{
    static const char known[] =
#define X86_HOST_FEATURE(name, leaf, sub, reg, bit) " " #name
#include "tcg/x86_64-host-features.def"
#undef X86_HOST_FEATURE
        ;

    if (!x86_host_detect()) {
        error_report("PEREGRINE_X86_HOST: unknown feature in \"%s\" "
                     "(known: all none%s)",
                     getenv("PEREGRINE_X86_HOST"), known);
    }
    tcg_backend_x86_64_configure();
}

const TCGBackend tcg_backend_x86_64 = {
    .name = "x86_64",
    .nb_regs = X86_REG__COUNT,
    .reg_names = reg_names,
    .reserved_regs = REG(X86_RSP) | REG(X86_ENV_REG) | REG(X86_TMP_REG),
    .call_clobbered_regs = CALL_CLOBBERED,
    .alloc_order = alloc_order,
    .nb_alloc_order = G_N_ELEMENTS(alloc_order),
    .call_iarg_regs = call_iarg_regs,
    .nb_call_iarg_regs = G_N_ELEMENTS(call_iarg_regs),
    .call_oarg_reg = X86_RAX,
    .env_reg = X86_ENV_REG,
    .frame_reg = X86_RSP,
    .frame_offset = 0,
    .frame_size = X86_FRAME_SPILL,
    .lower = lower_table,
    .parse_constraint = parse_constraint,
    .const_match = const_match,
    .emit_prologue = x86_emit_prologue,
    .tb_start = x86_tb_start,
    .emit_mov = backend_mov,
    .emit_movi = backend_movi,
    .emit_ld = backend_ld,
    .emit_st = backend_st,
    .emit_call = backend_call,
    .patch_reloc = x86_patch_reloc,
    .patch_goto_tb = x86_patch_goto_tb,
    .finish = x86_finish,
    .exec = x86_exec,
    .dump_code = backend_dump_code,
};
