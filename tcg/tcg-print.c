/*
 * Printing the IR for -d op / -d op_opt and for the optimizer tests.
 *
 * One op per line: "<op>_<type> <args>", e.g. "add_i64 rax,rax,$0x1": the
 * op's row name, an underscore and its type (TCGOp.type: i32, i64, v64,
 * v128, v256) when its row exists at several types; a row with one type
 * prints its name alone, which carries the width ("ext32s_i64",
 * "extrl_i64_i32", "br").  Then outputs, inputs and constant arguments,
 * comma-separated: globals by name, TB temps as loc<N>, EBB temps as tmp<N>
 * (N = temp index), constants as $0x<hex> (i32 constants as 32-bit
 * values), labels as $L<id>, conditions and MemOps by name.  Calls print
 * as "call <helper>,<out>,<in>...", insn_start as " ---- <pc> <cc_op>".
 * The names come from tcg-opc.def (tcg_op_name) and TCG_COND_LIST.
 */
#include <inttypes.h>

#include "tcg-internal.h"

/* Print temp TS as an operand. */
static int print_temp(const TCGContext *s, FILE *f, const TCGTemp *ts)
{
    size_t idx = (size_t)(ts - s->temps);

    switch (ts->kind) {
    case TEMP_FIXED:
    case TEMP_GLOBAL:
        return fprintf(f, "%s", ts->name);
    case TEMP_TB:
        return fprintf(f, "loc%zu", idx);
    case TEMP_EBB:
        return fprintf(f, "tmp%zu", idx);
    case TEMP_CONST:
        if (ts->type == TCG_TYPE_I32) {
            return fprintf(f, "$0x%" PRIx32, (uint32_t)ts->val);
        }
        return fprintf(f, "$0x%" PRIx64, (uint64_t)ts->val);
    }
    return 0;
}

/* "uq", "sl", "ub+be+al" then ":mmu_idx". */
static int print_memop(FILE *f, MemOpIdx oi)
{
    static const char size_names[] = "bwlqo";
    MemOp mop = get_memop(oi);
    unsigned size = mop & MO_SIZE;

    return fprintf(f, "%c%c%s%s:%u", (mop & MO_SIGN) ? 's' : 'u',
                   size < 5 ? size_names[size] : '?',
                   (mop & MO_BSWAP) ? "+be" : "", (mop & MO_ALIGN) ? "+al" : "",
                   get_mmuidx(oi));
}

static int print_bswap_flags(FILE *f, TCGArg flags)
{
    int n = fprintf(f, "$");

    if (!flags) {
        return n + fprintf(f, "0");
    }
    n += fprintf(f, "%s%s%s", (flags & TCG_BSWAP_IZ) ? "iz" : "",
                 (flags & TCG_BSWAP_OZ) ? (flags & 1 ? "|oz" : "oz") : "",
                 (flags & TCG_BSWAP_OS) ? (flags & 3 ? "|os" : "os") : "");
    return n;
}

/* Print constant argument I (0-based among cargs) of OP. */
static int print_carg(FILE *f, const TCGOp *op, int i, TCGArg a)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];

    if (i == 0 && (def->flags & TCG_OPF_COND)) {
        return fprintf(f, "%s", tcg_cond_name((TCGCond)a));
    }
    if (i == 0 && (def->flags & TCG_OPF_MEMOP)) {
        return print_memop(f, (MemOpIdx)a);
    }
    if (i == 0 && (def->flags & TCG_OPF_BSWAP)) {
        return print_bswap_flags(f, a);
    }
    if (i == def->nb_cargs - 1 && (def->flags & TCG_OPF_LABEL)) {
        return fprintf(f, "$L%u", arg_label(a)->id);
    }
    return fprintf(f, "$0x%" PRIx64, (uint64_t)a);
}

/* " ---- <pc> <cc_op>" for insn_start, as the start of a guest insn. */
static int print_insn_start(FILE *f, const TCGOp *op)
{
    int n = fprintf(f, " ----");

    for (int i = 0; i < TCG_INSN_START_WORDS; i++) {
        n += fprintf(f, " 0x%" PRIx64, (uint64_t)op->args[i]);
    }
    return n;
}

/* "call name,out,in,in" */
static int print_call(const TCGContext *s, FILE *f, const TCGOp *op)
{
    const TCGHelperInfo *info = tcg_call_info(op);
    int n = fprintf(f, "call %s", info->name);

    for (int i = 0; i < op->callo + op->calli; i++) {
        n += fprintf(f, ",");
        n += print_temp(s, f, arg_temp(op->args[i]));
    }
    return n;
}

/* "  sync: 0  dead: 1 2" */
static int print_liveness(FILE *f, const TCGOp *op)
{
    int nb_o = tcg_op_nb_oargs(op);
    int nb = nb_o + tcg_op_nb_iargs(op);
    int n = 0;
    bool any = false;

    for (int i = 0; i < nb_o; i++) {
        if (NEED_SYNC_ARG(op->life, i)) {
            n += fprintf(f, any ? " %d" : "  sync: %d", i);
            any = true;
        }
    }
    any = false;
    for (int i = 0; i < nb; i++) {
        if (IS_DEAD_ARG(op->life, i)) {
            n += fprintf(f, any ? " %d" : "  dead: %d", i);
            any = true;
        }
    }
    return n;
}

int tcg_dump_op(TCGContext *s, FILE *f, const TCGOp *op, bool with_liveness)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    int nb_o, nb_i, n;

    if (op->opc == INDEX_op_insn_start) {
        return print_insn_start(f, op);
    }
    if (op->opc == INDEX_op_call) {
        n = print_call(s, f, op);
    } else {
        nb_o = def->nb_oargs;
        nb_i = def->nb_iargs;
        n = fprintf(f, "%s ", tcg_op_name(op->opc, op->type));
        for (int i = 0; i < def->nb_args; i++) {
            if (i > 0) {
                n += fprintf(f, ",");
            }
            if (i < nb_o + nb_i) {
                n += print_temp(s, f, arg_temp(op->args[i]));
            } else {
                n += print_carg(f, op, i - nb_o - nb_i, op->args[i]);
            }
        }
    }
    if (with_liveness) {
        n += print_liveness(f, op);
    }
    return n;
}

void tcg_dump_ops(TCGContext *s, FILE *f, bool with_liveness)
{
    TCGOp *op;

    tcg_for_each_op(s, op)
    {
        tcg_dump_op(s, f, op, with_liveness);
        fputc('\n', f);
    }
}
