/*
 * The TCG optimizer: one forward pass over a TB's ops, before liveness.
 *
 * Contract: a rule only simplifies.  It keeps the op's type (an i32 op
 * becomes an i32 mov, never an i64 op), never introduces an op the backend
 * lacks, and never folds an input the IR leaves undefined (division by
 * zero, shift counts >= width: tcg_alu_eval refuses them).  Order of
 * reasoning per op: constants (every input known: evaluate with the shared
 * semantics of tcg-alu.c), then copies (inputs are replaced by the best
 * known copy; a mov between copies disappears), then known bits (z_mask:
 * bits that may be 1; o_mask: bits known to be 1; s_mask: high bits known
 * to equal the sign bit, i64 values only).
 *
 * What is known about temps is forgotten at every used label and after
 * every unconditional block end; a conditional branch keeps it (the
 * fall-through path has one predecessor).  A helper that may write
 * globals makes every global unknown.  Code after br/exit_tb/goto_ptr is
 * removed up to the next label that is still branched to; labels nobody
 * branches to are removed, joining their blocks; a last pass removes the
 * blocks no path from the entry reaches (loops whose only way in was
 * folded away).  insn_start ops always stay (one record per guest insn).
 *
 * Each fold_<family> returns true when it has rewritten or removed the op;
 * otherwise the op stays and its output gets the masks the fold computed.
 * Last, an op that stays is compared with the recent pure ops of its EBB
 * (common subexpressions): same op, same inputs not written since, result
 * still in its temp -> a mov from that temp.
 */
#include <glib.h>
#include <string.h>

#include "tcg-internal.h"
#include "tcg/tcg-alu.h"
#include "tcg/tcg-op.h"

/* -- Per-temp knowledge ---------------------------------------------------- */

typedef struct TempOptInfo {
    bool is_const;      /* value is `val` */
    uint64_t val;       /* the constant, sign-extended for i32 */
    TCGTemp *prev_copy; /* circular list of temps holding the same value */
    TCGTemp *next_copy;
    uint64_t z_mask; /* bits that may be 1 */
    uint64_t o_mask; /* bits known to be 1 */
    uint64_t s_mask; /* left-aligned bits equal to bit 63 (i64), or 0 */
} TempOptInfo;

/* A recent pure op, for common subexpressions. */
typedef struct CSEEntry {
    uint16_t key;                 /* cse_key: the op and its type */
    TCGArg args[TCG_MAX_OP_ARGS]; /* inputs then constants, as in the op */
    unsigned in_ver[4];           /* write counts of the inputs when recorded */
    TCGTemp *out;                 /* where the result is */
    unsigned out_ver;             /* write count of OUT after the op */
} CSEEntry;

#define CSE_ENTRIES 32

/* The state of the pass. */
typedef struct OptContext {
    TCGContext *s;
    TempOptInfo *infos; /* [TCG_MAX_TEMPS], valid where generation matches */
    unsigned *gen;      /* generation each info was set up in */
    unsigned cur_gen;   /* bumped to forget everything */
    TCGType type;       /* type of the op being folded */
    uint64_t z_mask;    /* result masks the fold computed for output 0 */
    uint64_t o_mask;
    uint64_t s_mask;
    TCGOp *removed;            /* the last op the folds removed */
    unsigned *ver;             /* writes seen per temp (s->opt_ver) */
    CSEEntry cse[CSE_ENTRIES]; /* ring of recent pure ops of this EBB */
    int cse_next;              /* next slot to fill */
    int cse_count;             /* valid entries */
} OptContext;

/* Bits of a value of TYPE. */
static uint64_t type_mask(TCGType type)
{
    return type == TCG_TYPE_I32 ? 0xffffffffull : ~0ull;
}

/* s_mask of a 64-bit constant: its sign bit and the copies above it. */
static uint64_t smask_from_value(uint64_t v)
{
    int rep = __builtin_clrsbll((long long)v);

    /* 0 and -1 are all sign bits (and a shift by 64 is undefined). */
    return rep >= 63 ? ~0ull : ~(~0ull >> (rep + 1));
}

/* s_mask of a value sign-extended from BITS to 64. */
static uint64_t smask_from_bits(unsigned bits)
{
    return bits >= 64 ? 1ull << 63 : ~0ull << (bits - 1);
}

static inline TempOptInfo *info_of(OptContext *ctx, TCGTemp *ts)
{
    size_t idx = temp_idx(ts);
    TempOptInfo *ti = &ctx->infos[idx];

    if (ctx->gen[idx] == ctx->cur_gen) {
        return ti;
    }
    ctx->gen[idx] = ctx->cur_gen;
    memset(ti, 0, sizeof(*ti));
    ti->prev_copy = ti->next_copy = ts;
    if (ts->kind == TEMP_CONST) {
        ti->is_const = true;
        ti->val = (uint64_t)ts->val;
        ti->z_mask = ti->o_mask = (uint64_t)ts->val;
        ti->s_mask = ts->type == TCG_TYPE_I64 ? smask_from_value(ti->val) : 0;
    } else {
        ti->z_mask = ~0ull;
    }
    return ti;
}

static bool arg_is_const(OptContext *ctx, TCGArg a)
{
    return info_of(ctx, arg_temp(a))->is_const;
}

static uint64_t arg_val(OptContext *ctx, TCGArg a)
{
    return info_of(ctx, arg_temp(a))->val;
}

/* True if argument A is the constant V (compared in the op's width). */
static bool arg_is_val(OptContext *ctx, TCGArg a, int64_t v)
{
    uint64_t m = type_mask(ctx->type);

    return arg_is_const(ctx, a) && ((arg_val(ctx, a) ^ (uint64_t)v) & m) == 0;
}

static bool temps_are_copies(OptContext *ctx, TCGTemp *a, TCGTemp *b)
{
    TCGTemp *t;

    if (a == b) {
        return true;
    }
    for (t = info_of(ctx, a)->next_copy; t != a;
         t = info_of(ctx, t)->next_copy) {
        if (t == b) {
            return true;
        }
    }
    return false;
}

static bool args_are_copies(OptContext *ctx, TCGArg a, TCGArg b)
{
    return temps_are_copies(ctx, arg_temp(a), arg_temp(b));
}

/* Forget what is known about TS (it is being overwritten). */
static void reset_temp(OptContext *ctx, TCGTemp *ts)
{
    TempOptInfo *ti = info_of(ctx, ts);

    ctx->ver[temp_idx(ts)]++;
    if (ti->next_copy != ts) {
        info_of(ctx, ti->next_copy)->prev_copy = ti->prev_copy;
        info_of(ctx, ti->prev_copy)->next_copy = ti->next_copy;
    }
    if (ts->kind == TEMP_CONST) {
        return;
    }
    memset(ti, 0, sizeof(*ti));
    ti->prev_copy = ti->next_copy = ts;
    ti->z_mask = ~0ull;
}

/* Forget everything (a label with predecessors, a block end). */
static void reset_all(OptContext *ctx)
{
    TCGContext *s = ctx->s;

    if (++s->opt_cur_gen == 0) {
        /* wrapped: every entry becomes stale for real */
        memset(s->opt_gen, 0, sizeof(unsigned) * TCG_MAX_TEMPS);
        s->opt_cur_gen = 1;
    }
    ctx->cur_gen = s->opt_cur_gen;
    ctx->cse_count = ctx->cse_next = 0;
}

/* A helper may have written the globals. */
static void reset_globals(OptContext *ctx)
{
    for (int i = 0; i < ctx->s->nb_globals; i++) {
        TCGTemp *ts = &ctx->s->temps[i];

        if (ts->kind == TEMP_GLOBAL) {
            reset_temp(ctx, ts);
        }
    }
}

/* Rank of a temp as a replacement: constants, then longest-lived. */
static int copy_rank(const TCGTemp *ts)
{
    switch (ts->kind) {
    case TEMP_CONST:
        return 4;
    case TEMP_FIXED:
        return 3;
    case TEMP_GLOBAL:
        return 2;
    case TEMP_TB:
        return 1;
    default:
        return 0;
    }
}

/* The best temp holding the same value as TS. */
static TCGTemp *find_better_copy(OptContext *ctx, TCGTemp *ts)
{
    TCGTemp *best = ts;

    for (TCGTemp *t = info_of(ctx, ts)->next_copy; t != ts;
         t = info_of(ctx, t)->next_copy) {
        if (copy_rank(t) > copy_rank(best)) {
            best = t;
        }
    }
    return best;
}

/* -- Rewriting ops --------------------------------------------------------- */

static void remove_op(OptContext *ctx, TCGOp *op)
{
    tcg_op_remove(ctx->s, op);
    ctx->removed = op;
}

/* Turn OP into "mov DST, SRC" (or drop it if they are already copies). */
static bool opt_gen_mov(OptContext *ctx, TCGOp *op, TCGArg dst, TCGArg src)
{
    TCGTemp *d = arg_temp(dst), *sr = arg_temp(src);
    TempOptInfo *di, *si;

    if (temps_are_copies(ctx, d, sr)) {
        remove_op(ctx, op);
        return true;
    }
    reset_temp(ctx, d);
    memset(op->args, 0, sizeof(op->args));
    op->opc = INDEX_op_mov;
    op->args[0] = dst;
    op->args[1] = src;

    di = info_of(ctx, d);
    si = info_of(ctx, sr);
    di->z_mask = si->z_mask;
    di->o_mask = si->o_mask;
    di->s_mask = si->s_mask;
    di->is_const = si->is_const;
    di->val = si->val;
    /* join SRC's copy list */
    di->next_copy = si->next_copy;
    di->prev_copy = sr;
    info_of(ctx, si->next_copy)->prev_copy = d;
    si->next_copy = d;
    return true;
}

/* Turn OP into "mov DST, $VAL". */
static bool opt_gen_movi(OptContext *ctx, TCGOp *op, TCGArg dst, uint64_t val)
{
    TCGTemp *c = tcg_constant_internal(ctx->type, (int64_t)val);

    return opt_gen_mov(ctx, op, dst, temp_arg(c));
}

/* Replace argument N with constant VAL of the op's type. */
static void set_arg_const(OptContext *ctx, TCGOp *op, int n, uint64_t val)
{
    op->args[n] = temp_arg(tcg_constant_internal(ctx->type, (int64_t)val));
}

/* -- Shared predicates ----------------------------------------------------- */

/* Every input is a constant: evaluate and replace by movs. */
static bool fold_const_inputs(OptContext *ctx, TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    uint64_t in[4], out[2];
    TCGOp *op2;

    for (int i = 0; i < def->nb_iargs; i++) {
        if (!arg_is_const(ctx, op->args[def->nb_oargs + i])) {
            return false;
        }
        in[i] = arg_val(ctx, op->args[def->nb_oargs + i]);
    }
    if (!tcg_alu_eval(op->opc, ctx->type, out, in,
                      &op->args[def->nb_oargs + def->nb_iargs])) {
        return false;
    }
    if (def->nb_oargs == 2) {
        op2 = tcg_op_insert_after(ctx->s, op, INDEX_op_mov, ctx->type);
        op2->args[0] = op->args[1];
        op2->args[1] = op->args[1];
        opt_gen_movi(ctx, op2, op->args[1], out[1]);
    }
    return opt_gen_movi(ctx, op, op->args[0], out[0]);
}

/* Put a constant operand second in a commutative op. */
static void swap_commutative(OptContext *ctx, TCGOp *op, int a, int b)
{
    TCGArg t;

    if (arg_is_const(ctx, op->args[a]) && !arg_is_const(ctx, op->args[b])) {
        t = op->args[a];
        op->args[a] = op->args[b];
        op->args[b] = t;
    }
}

/* The result is known from the masks alone: it is a constant. */
static bool fold_known_bits(OptContext *ctx, TCGOp *op)
{
    uint64_t m = type_mask(ctx->type);

    if ((ctx->z_mask & m) == (ctx->o_mask & m)) {
        return opt_gen_movi(ctx, op, op->args[0], ctx->o_mask & m);
    }
    return false;
}

/* Masks of input N. */
static TempOptInfo *in_info(OptContext *ctx, TCGOp *op, int n)
{
    return info_of(ctx, arg_temp(op->args[n]));
}

/* -- Folds: arithmetic ----------------------------------------------------- */

static bool fold_add(OptContext *ctx, TCGOp *op)
{
    swap_commutative(ctx, op, 1, 2);
    if (fold_const_inputs(ctx, op)) {
        return true;
    }
    /* add d, x, $0 -> mov d, x */
    return arg_is_val(ctx, op->args[2], 0)
           && opt_gen_mov(ctx, op, op->args[0], op->args[1]);
}

static bool fold_sub(OptContext *ctx, TCGOp *op)
{
    if (fold_const_inputs(ctx, op)) {
        return true;
    }
    /* sub d, x, x -> mov d, $0 */
    if (args_are_copies(ctx, op->args[1], op->args[2])) {
        return opt_gen_movi(ctx, op, op->args[0], 0);
    }
    if (arg_is_const(ctx, op->args[2])) {
        if (arg_is_val(ctx, op->args[2], 0)) {
            return opt_gen_mov(ctx, op, op->args[0], op->args[1]);
        }
        /* sub d, x, $c -> add d, x, $-c */
        op->opc = INDEX_op_add;
        set_arg_const(ctx, op, 2, -arg_val(ctx, op->args[2]));
    }
    return false;
}

static bool fold_neg_not(OptContext *ctx, TCGOp *op)
{
    TempOptInfo *a = in_info(ctx, op, 1);

    if (fold_const_inputs(ctx, op)) {
        return true;
    }
    if (op->opc == INDEX_op_not) {
        ctx->z_mask = ~a->o_mask;
        ctx->o_mask = ~a->z_mask;
        ctx->s_mask = a->s_mask;
    }
    return false;
}

static bool fold_mul(OptContext *ctx, TCGOp *op)
{
    swap_commutative(ctx, op, 1, 2);
    if (fold_const_inputs(ctx, op)) {
        return true;
    }
    /* mul d, x, $0 -> mov d, $0 */
    if (arg_is_val(ctx, op->args[2], 0)) {
        return opt_gen_movi(ctx, op, op->args[0], 0);
    }
    /* mul d, x, $1 -> mov d, x */
    return arg_is_val(ctx, op->args[2], 1)
           && opt_gen_mov(ctx, op, op->args[0], op->args[1]);
}

/* mulu2/muls2/muluh/mulsh/add2/sub2: constants only. */
static bool fold_const_only(OptContext *ctx, TCGOp *op)
{
    return fold_const_inputs(ctx, op);
}

static bool fold_divide(OptContext *ctx, TCGOp *op)
{
    bool is_rem = op->opc == INDEX_op_rem || op->opc == INDEX_op_remu;

    if (fold_const_inputs(ctx, op)) {
        return true;
    }
    if (!arg_is_val(ctx, op->args[2], 1)) {
        return false;
    }
    /* div d, x, $1 -> mov d, x;  rem d, x, $1 -> mov d, $0 */
    return is_rem ? opt_gen_movi(ctx, op, op->args[0], 0)
                  : opt_gen_mov(ctx, op, op->args[0], op->args[1]);
}

/* -- Folds: logic ---------------------------------------------------------- */

static bool fold_and(OptContext *ctx, TCGOp *op)
{
    TempOptInfo *a, *b;

    swap_commutative(ctx, op, 1, 2);
    if (fold_const_inputs(ctx, op)) {
        return true;
    }
    a = in_info(ctx, op, 1);
    b = in_info(ctx, op, 2);
    /* and d, x, x -> mov d, x */
    if (args_are_copies(ctx, op->args[1], op->args[2])) {
        return opt_gen_mov(ctx, op, op->args[0], op->args[1]);
    }
    /* and d, x, $m -> mov d, x when m keeps every bit x may have */
    if (b->is_const && ((a->z_mask & ~b->val) & type_mask(ctx->type)) == 0) {
        return opt_gen_mov(ctx, op, op->args[0], op->args[1]);
    }
    ctx->z_mask = a->z_mask & b->z_mask;
    ctx->o_mask = a->o_mask & b->o_mask;
    ctx->s_mask = a->s_mask & b->s_mask;
    return fold_known_bits(ctx, op);
}

static bool fold_or(OptContext *ctx, TCGOp *op)
{
    TempOptInfo *a, *b;

    swap_commutative(ctx, op, 1, 2);
    if (fold_const_inputs(ctx, op)) {
        return true;
    }
    a = in_info(ctx, op, 1);
    b = in_info(ctx, op, 2);
    /* or d, x, x -> mov d, x;  or d, x, $0 -> mov d, x */
    if (args_are_copies(ctx, op->args[1], op->args[2])
        || arg_is_val(ctx, op->args[2], 0)) {
        return opt_gen_mov(ctx, op, op->args[0], op->args[1]);
    }
    ctx->z_mask = a->z_mask | b->z_mask;
    ctx->o_mask = a->o_mask | b->o_mask;
    ctx->s_mask = a->s_mask & b->s_mask;
    return fold_known_bits(ctx, op);
}

static bool fold_xor(OptContext *ctx, TCGOp *op)
{
    TempOptInfo *a, *b;

    swap_commutative(ctx, op, 1, 2);
    if (fold_const_inputs(ctx, op)) {
        return true;
    }
    /* xor d, x, x -> mov d, $0 */
    if (args_are_copies(ctx, op->args[1], op->args[2])) {
        return opt_gen_movi(ctx, op, op->args[0], 0);
    }
    /* xor d, x, $0 -> mov d, x */
    if (arg_is_val(ctx, op->args[2], 0)) {
        return opt_gen_mov(ctx, op, op->args[0], op->args[1]);
    }
    /* xor d, x, $-1 -> not d, x */
    if (arg_is_val(ctx, op->args[2], -1)
        && tcg_op_supported(INDEX_op_not, ctx->type)) {
        op->opc = INDEX_op_not;
        op->args[2] = 0;
        return fold_neg_not(ctx, op);
    }
    a = in_info(ctx, op, 1);
    b = in_info(ctx, op, 2);
    ctx->z_mask = a->z_mask | b->z_mask;
    ctx->o_mask = (a->o_mask & ~b->z_mask) | (b->o_mask & ~a->z_mask);
    ctx->s_mask = a->s_mask & b->s_mask;
    return fold_known_bits(ctx, op);
}

static bool fold_andc_orc(OptContext *ctx, TCGOp *op)
{
    bool is_andc = op->opc == INDEX_op_andc;

    if (fold_const_inputs(ctx, op)) {
        return true;
    }
    /* andc d, x, x -> mov d, $0;  orc d, x, x -> mov d, $-1 */
    if (args_are_copies(ctx, op->args[1], op->args[2])) {
        return opt_gen_movi(ctx, op, op->args[0], is_andc ? 0 : ~0ull);
    }
    /* andc d, x, $0 -> mov d, x;  orc d, x, $-1 -> mov d, x */
    return arg_is_val(ctx, op->args[2], is_andc ? 0 : -1)
           && opt_gen_mov(ctx, op, op->args[0], op->args[1]);
}

/* -- Folds: shifts and bit fields ------------------------------------------ */

static bool fold_shift(OptContext *ctx, TCGOp *op)
{
    TempOptInfo *a;
    uint64_t c, m = type_mask(ctx->type);

    if (fold_const_inputs(ctx, op)) {
        return true;
    }
    /* shl d, x, $0 -> mov d, x (every shift and rotate) */
    if (arg_is_val(ctx, op->args[2], 0)) {
        return opt_gen_mov(ctx, op, op->args[0], op->args[1]);
    }
    /* shl d, $0, n -> mov d, $0 (also shr, sar, rotates) */
    if (arg_is_val(ctx, op->args[1], 0)) {
        return opt_gen_movi(ctx, op, op->args[0], 0);
    }
    if (!arg_is_const(ctx, op->args[2])) {
        return false;
    }
    a = in_info(ctx, op, 1);
    c = arg_val(ctx, op->args[2]) & m;
    if (c >= (ctx->type == TCG_TYPE_I32 ? 32 : 64)) {
        return false; /* undefined count: nothing to reason about */
    }
    switch (op->opc) {
    case INDEX_op_shl:
        ctx->z_mask = a->z_mask << c;
        ctx->o_mask = a->o_mask << c;
        break;
    case INDEX_op_shr:
        ctx->z_mask = (a->z_mask & m) >> c;
        ctx->o_mask = (a->o_mask & m) >> c;
        break;
    case INDEX_op_sar:
        if (ctx->type == TCG_TYPE_I64) {
            ctx->s_mask = (uint64_t)((int64_t)(a->s_mask | 1ull << 63) >> c);
        }
        break;
    default:
        break;
    }
    return fold_known_bits(ctx, op);
}

/* Zero extensions and extract: the field is already all there is. */
static bool fold_zero_extend(OptContext *ctx, TCGOp *op, unsigned pos,
                             unsigned len)
{
    TempOptInfo *a = in_info(ctx, op, 1);
    uint64_t field = len >= 64 ? ~0ull : (1ull << len) - 1;

    if (fold_const_inputs(ctx, op)) {
        return true;
    }
    /* ext8u d, x -> mov d, x when x has no bit above the field */
    if (pos == 0 && (a->z_mask & ~field & type_mask(ctx->type)) == 0
        && op->type == arg_temp(op->args[1])->type) {
        return opt_gen_mov(ctx, op, op->args[0], op->args[1]);
    }
    ctx->z_mask = (a->z_mask >> pos) & field;
    ctx->o_mask = (a->o_mask >> pos) & field;
    ctx->s_mask =
        ctx->type == TCG_TYPE_I64 && len < 64 ? smask_from_bits(len + 1) : 0;
    return fold_known_bits(ctx, op);
}

/* Sign extensions and sextract (s_mask is tracked for i64 only). */
static bool fold_sign_extend(OptContext *ctx, TCGOp *op, unsigned pos,
                             unsigned len)
{
    TempOptInfo *a = in_info(ctx, op, 1);
    uint64_t want = smask_from_bits(len);

    if (fold_const_inputs(ctx, op)) {
        return true;
    }
    /* ext8s d, x -> mov d, x when x is already sign-extended from 8 bits */
    if (pos == 0 && ctx->type == TCG_TYPE_I64
        && arg_temp(op->args[1])->type == TCG_TYPE_I64
        && (a->s_mask & want) == want) {
        return opt_gen_mov(ctx, op, op->args[0], op->args[1]);
    }
    ctx->s_mask = ctx->type == TCG_TYPE_I64 ? want : 0;
    return false;
}

static bool fold_ext(OptContext *ctx, TCGOp *op)
{
    switch (op->opc) {
    case INDEX_op_ext8u:
        return fold_zero_extend(ctx, op, 0, 8);
    case INDEX_op_ext16u:
        return fold_zero_extend(ctx, op, 0, 16);
    case INDEX_op_ext32u_i64:
    case INDEX_op_extu_i32_i64:
        return fold_zero_extend(ctx, op, 0, 32);
    case INDEX_op_ext8s:
        return fold_sign_extend(ctx, op, 0, 8);
    case INDEX_op_ext16s:
        return fold_sign_extend(ctx, op, 0, 16);
    default:
        return fold_sign_extend(ctx, op, 0, 32);
    }
}

static bool fold_extract(OptContext *ctx, TCGOp *op)
{
    return fold_zero_extend(ctx, op, op->args[2], op->args[3]);
}

static bool fold_sextract(OptContext *ctx, TCGOp *op)
{
    return fold_sign_extend(ctx, op, op->args[2], op->args[3]);
}

static bool fold_extr(OptContext *ctx, TCGOp *op)
{
    return fold_const_inputs(ctx, op);
}

static bool fold_bswap(OptContext *ctx, TCGOp *op)
{
    unsigned bits = op->opc == INDEX_op_bswap16       ? 16
                    : op->opc == INDEX_op_bswap64_i64 ? 64
                                                      : 32;

    if (fold_const_inputs(ctx, op)) {
        return true;
    }
    if ((op->args[2] & TCG_BSWAP_OZ) && bits < 64) {
        ctx->z_mask = (1ull << bits) - 1;
    }
    return false;
}

static bool fold_count_zeros(OptContext *ctx, TCGOp *op)
{
    if (fold_const_inputs(ctx, op)) {
        return true;
    }
    /* clz d, $0, z -> mov d, z (ctz too) */
    if (arg_is_val(ctx, op->args[1], 0)) {
        return opt_gen_mov(ctx, op, op->args[0], op->args[2]);
    }
    return false;
}

static bool fold_ctpop(OptContext *ctx, TCGOp *op)
{
    if (fold_const_inputs(ctx, op)) {
        return true;
    }
    ctx->z_mask = ctx->type == TCG_TYPE_I32 ? 63 : 127;
    return false;
}

static bool fold_deposit(OptContext *ctx, TCGOp *op)
{
    return fold_const_inputs(ctx, op);
}

static bool fold_extract2(OptContext *ctx, TCGOp *op)
{
    return fold_const_inputs(ctx, op);
}

/* -- Folds: conditions and branches ---------------------------------------- */

/*
 * The value of COND(A, B) if it is known without running: 1, 0, or -1 for
 * unknown.  Puts a constant operand second (swapping the condition).
 */
static int fold_cond(OptContext *ctx, TCGArg *a, TCGArg *b, TCGArg *cond)
{
    TCGArg t;

    if (arg_is_const(ctx, *a) && arg_is_const(ctx, *b)) {
        return tcg_alu_cond(*cond, ctx->type, arg_val(ctx, *a),
                            arg_val(ctx, *b));
    }
    if (arg_is_const(ctx, *a)) {
        t = *a;
        *a = *b;
        *b = t;
        *cond = tcg_swap_cond(*cond);
    }
    /* x cond x: true for eq/ge/le/geu/leu, false otherwise */
    if (args_are_copies(ctx, *a, *b)) {
        switch (*cond) {
        case TCG_COND_EQ:
        case TCG_COND_GE:
        case TCG_COND_LE:
        case TCG_COND_GEU:
        case TCG_COND_LEU:
            return 1;
        default:
            return 0;
        }
    }
    /* x <u 0 is false, x >=u 0 is true */
    if (arg_is_val(ctx, *b, 0)) {
        if (*cond == TCG_COND_LTU) {
            return 0;
        }
        if (*cond == TCG_COND_GEU) {
            return 1;
        }
    }
    return -1;
}

static bool fold_setcond(OptContext *ctx, TCGOp *op)
{
    bool neg = op->opc == INDEX_op_negsetcond;
    int r = fold_cond(ctx, &op->args[1], &op->args[2], &op->args[3]);

    if (r >= 0) {
        return opt_gen_movi(ctx, op, op->args[0],
                            neg ? -(uint64_t)r : (uint64_t)r);
    }
    if (neg) {
        ctx->s_mask = ctx->type == TCG_TYPE_I64 ? ~0ull : 0;
    } else {
        ctx->z_mask = 1;
    }
    return false;
}

static bool fold_movcond(OptContext *ctx, TCGOp *op)
{
    int r = fold_cond(ctx, &op->args[1], &op->args[2], &op->args[5]);

    /* movcond d, c1, c2, v1, v2 with a known condition -> mov d, v1/v2 */
    if (r >= 0) {
        return opt_gen_mov(ctx, op, op->args[0], op->args[r ? 3 : 4]);
    }
    /* movcond d, c1, c2, v, v -> mov d, v */
    if (args_are_copies(ctx, op->args[3], op->args[4])) {
        return opt_gen_mov(ctx, op, op->args[0], op->args[3]);
    }
    return false;
}

static bool fold_brcond(OptContext *ctx, TCGOp *op)
{
    int r = fold_cond(ctx, &op->args[0], &op->args[1], &op->args[2]);
    TCGLabel *l = arg_label(op->args[3]);

    if (r < 0) {
        return false;
    }
    if (r == 0) {
        /* brcond never taken -> removed */
        remove_op(ctx, op);
        return true;
    }
    /* brcond always taken -> br */
    memset(op->args, 0, sizeof(op->args));
    op->opc = INDEX_op_br;
    op->type = TCG_TYPE_REG;
    op->args[0] = label_arg(l);
    return true;
}

/* -- Folds: memory --------------------------------------------------------- */

/* Loads: the output's masks from the access size and signedness. */
static bool fold_load(OptContext *ctx, TCGOp *op)
{
    unsigned bits;
    bool sign;

    switch (op->opc) {
    case INDEX_op_ld8u:
        bits = 8;
        sign = false;
        break;
    case INDEX_op_ld8s:
        bits = 8;
        sign = true;
        break;
    case INDEX_op_ld16u:
        bits = 16;
        sign = false;
        break;
    case INDEX_op_ld16s:
        bits = 16;
        sign = true;
        break;
    case INDEX_op_ld32u_i64:
        bits = 32;
        sign = false;
        break;
    case INDEX_op_ld32s_i64:
        bits = 32;
        sign = true;
        break;
    case INDEX_op_qemu_ld: {
        MemOp mop = get_memop((MemOpIdx)op->args[2]);

        bits = 8u << (mop & MO_SIZE);
        sign = (mop & MO_SIGN) != 0;
        break;
    }
    default:
        return false;
    }
    if (bits >= 64) {
        return false;
    }
    if (!sign) {
        ctx->z_mask = (1ull << bits) - 1;
    } else if (ctx->type == TCG_TYPE_I64) {
        ctx->s_mask = smask_from_bits(bits);
    }
    return false;
}

/* -- The fold table -------------------------------------------------------- */

typedef bool (*FoldFn)(OptContext *ctx, TCGOp *op);

/* One fold per op, for all of its types (a fold reads ctx->type). */
static const FoldFn fold_table[NB_OPS] = {
    [INDEX_op_add] = fold_add,
    [INDEX_op_sub] = fold_sub,
    [INDEX_op_neg] = fold_neg_not,
    [INDEX_op_not] = fold_neg_not,
    [INDEX_op_mul] = fold_mul,
    [INDEX_op_muluh] = fold_const_only,
    [INDEX_op_mulsh] = fold_const_only,
    [INDEX_op_mulu2] = fold_const_only,
    [INDEX_op_muls2] = fold_const_only,
    [INDEX_op_add2] = fold_const_only,
    [INDEX_op_sub2] = fold_const_only,
    [INDEX_op_div] = fold_divide,
    [INDEX_op_divu] = fold_divide,
    [INDEX_op_rem] = fold_divide,
    [INDEX_op_remu] = fold_divide,
    [INDEX_op_and] = fold_and,
    [INDEX_op_or] = fold_or,
    [INDEX_op_xor] = fold_xor,
    [INDEX_op_andc] = fold_andc_orc,
    [INDEX_op_orc] = fold_andc_orc,
    [INDEX_op_shl] = fold_shift,
    [INDEX_op_shr] = fold_shift,
    [INDEX_op_sar] = fold_shift,
    [INDEX_op_rotl] = fold_shift,
    [INDEX_op_rotr] = fold_shift,
    [INDEX_op_ext8s] = fold_ext,
    [INDEX_op_ext8u] = fold_ext,
    [INDEX_op_ext16s] = fold_ext,
    [INDEX_op_ext16u] = fold_ext,
    [INDEX_op_ext32s_i64] = fold_ext,
    [INDEX_op_ext32u_i64] = fold_ext,
    [INDEX_op_ext_i32_i64] = fold_ext,
    [INDEX_op_extu_i32_i64] = fold_ext,
    [INDEX_op_extrl_i64_i32] = fold_extr,
    [INDEX_op_extrh_i64_i32] = fold_extr,
    [INDEX_op_extract] = fold_extract,
    [INDEX_op_sextract] = fold_sextract,
    [INDEX_op_deposit] = fold_deposit,
    [INDEX_op_extract2] = fold_extract2,
    [INDEX_op_bswap16] = fold_bswap,
    [INDEX_op_bswap32] = fold_bswap,
    [INDEX_op_bswap64_i64] = fold_bswap,
    [INDEX_op_clz] = fold_count_zeros,
    [INDEX_op_ctz] = fold_count_zeros,
    [INDEX_op_ctpop] = fold_ctpop,
    [INDEX_op_setcond] = fold_setcond,
    [INDEX_op_negsetcond] = fold_setcond,
    [INDEX_op_movcond] = fold_movcond,
    [INDEX_op_brcond] = fold_brcond,
    [INDEX_op_ld8u] = fold_load,
    [INDEX_op_ld16u] = fold_load,
    [INDEX_op_ld8s] = fold_load,
    [INDEX_op_ld16s] = fold_load,
    [INDEX_op_ld32u_i64] = fold_load,
    [INDEX_op_ld32s_i64] = fold_load,
    [INDEX_op_qemu_ld] = fold_load,
};

/* -- The pass -------------------------------------------------------------- */

/* Replace each input by its best copy (constants first). */
static void propagate_copies(OptContext *ctx, TCGOp *op)
{
    int nb_o = tcg_op_nb_oargs(op), nb_i = tcg_op_nb_iargs(op);

    for (int i = nb_o; i < nb_o + nb_i; i++) {
        TCGTemp *ts = arg_temp(op->args[i]);
        TCGTemp *best = find_better_copy(ctx, ts);

        if (best != ts) {
            op->args[i] = temp_arg(best);
        }
    }
}

/* The op stays: its outputs get the computed (or unknown) masks. */
static void finish_op(OptContext *ctx, TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    int nb_o = tcg_op_nb_oargs(op);

    for (int i = 0; i < nb_o; i++) {
        reset_temp(ctx, arg_temp(op->args[i]));
    }
    if (nb_o == 1 && op->opc != INDEX_op_call) {
        TempOptInfo *ti = info_of(ctx, arg_temp(op->args[0]));

        ti->z_mask = ctx->z_mask;
        ti->o_mask = ctx->o_mask & ctx->z_mask;
        ti->s_mask = ctx->s_mask;
    }
    if ((def->flags & TCG_OPF_BB_END) && !(def->flags & TCG_OPF_COND_BRANCH)) {
        reset_all(ctx);
    }
}

/* A mov: drop it between copies, else record the copy. */
static void fold_mov(OptContext *ctx, TCGOp *op)
{
    ctx->type = op->type;
    opt_gen_mov(ctx, op, op->args[0], op->args[1]);
}

/* Calls: outputs unknown; globals unknown unless the helper keeps them. */
static void fold_call(OptContext *ctx, TCGOp *op)
{
    const TCGHelperInfo *info = tcg_call_info(op);

    if (!(info->flags & (TCG_CALL_NO_SIDE_EFFECTS | TCG_CALL_READS_GLOBALS))) {
        reset_globals(ctx);
    }
    ctx->z_mask = ~0ull;
    ctx->o_mask = ctx->s_mask = 0;
    finish_op(ctx, op);
}

/* True for ops after which control never falls through. */
static bool is_unconditional_exit(const TCGOp *op)
{
    return op->opc == INDEX_op_br || op->opc == INDEX_op_exit_tb
           || op->opc == INDEX_op_goto_ptr;
}

/* br to the label right after it: drop the br. */
static bool is_branch_to_next(const TCGOp *op)
{
    return op->opc == INDEX_op_br && op->next
           && op->next->opc == INDEX_op_set_label
           && op->next->args[0] == op->args[0];
}

/*
 * Mark the labels some path from the TB's entry reaches (by falling
 * through or by a branch from reached code).  Repeats until no label is
 * newly marked, for backward branches to labels already passed.
 */
static void mark_reachable_labels(TCGContext *s)
{
    bool changed = true;
    TCGOp *op;

    for (TCGLabel *l = s->labels; l; l = l->next) {
        l->reachable = false;
    }
    while (changed) {
        bool live = true;

        changed = false;
        tcg_for_each_op(s, op)
        {
            const TCGOpDef *def = &tcg_op_defs[op->opc];
            TCGLabel *l;

            if (op->opc == INDEX_op_set_label) {
                l = arg_label(op->args[0]);
                live |= l->reachable;
                l->reachable |= live;
                continue;
            }
            if (!live) {
                continue;
            }
            if (def->flags & TCG_OPF_LABEL) {
                l = arg_label(op->args[def->nb_args - 1]);
                changed |= !l->reachable;
                l->reachable = true;
            }
            live = !is_unconditional_exit(op);
        }
    }
}

/*
 * Remove what no path reaches: blocks after an exit whose labels are only
 * branched to from dead code (a loop the folding made unreachable), so
 * liveness and the allocator never see reads of values defined in removed
 * code.  insn_start ops stay: the TB keeps one record per guest insn.
 */
static void remove_unreachable_blocks(TCGContext *s)
{
    TCGOp *op, *next;
    bool live = true;

    mark_reachable_labels(s);
    tcg_for_each_op_safe(s, op, next)
    {
        if (op->opc == INDEX_op_set_label) {
            live |= arg_label(op->args[0])->reachable;
        } else if (!live && op->opc != INDEX_op_insn_start) {
            tcg_op_remove(s, op);
        } else if (is_unconditional_exit(op)) {
            live = false;
        }
    }
    tcg_for_each_op_safe(s, op, next)
    {
        if (op->opc == INDEX_op_set_label
            && arg_label(op->args[0])->refs == 0) {
            tcg_op_remove(s, op);
        }
    }
}

/* -- Common subexpressions ------------------------------------------------ */

/* Pure one-output ops that read only their inputs (no memory). */
static bool cse_candidate(const TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];

    return fold_table[op->opc] && fold_table[op->opc] != fold_load
           && def->nb_oargs == 1 && def->nb_iargs <= 4
           && !(def->flags & (TCG_OPF_SIDE_EFFECTS | TCG_OPF_BB_END));
}

/* The op and its type in one compare. */
static uint16_t cse_key(const TCGOp *op)
{
    return op->opc | op->type << 8;
}

/* ENTRY computed OP's value and nothing it used has been written since. */
static bool cse_matches(OptContext *ctx, const CSEEntry *e, const TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];

    if (e->key != cse_key(op)
        || memcmp(e->args, &op->args[1],
                  sizeof(TCGArg) * (def->nb_iargs + def->nb_cargs))
        || ctx->ver[temp_idx(e->out)] != e->out_ver) {
        return false;
    }
    for (int i = 0; i < def->nb_iargs; i++) {
        if (ctx->ver[temp_idx(arg_temp(op->args[1 + i]))] != e->in_ver[i]) {
            return false;
        }
    }
    return true;
}

/* op d, x, y after op e, x, y (x, y, e unchanged) -> mov d, e */
static bool fold_common_subexpr(OptContext *ctx, TCGOp *op)
{
    for (int i = 0; i < ctx->cse_count; i++) {
        const CSEEntry *e = &ctx->cse[i];

        if (cse_matches(ctx, e, op)) {
            return opt_gen_mov(ctx, op, op->args[0], temp_arg(e->out));
        }
    }
    return false;
}

/* Remember OP (already folded, output not yet written) for later ops. */
static void cse_record_inputs(OptContext *ctx, const TCGOp *op, CSEEntry *e)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];

    e->key = cse_key(op);
    memcpy(e->args, &op->args[1],
           sizeof(TCGArg) * (def->nb_iargs + def->nb_cargs));
    for (int i = 0; i < def->nb_iargs; i++) {
        e->in_ver[i] = ctx->ver[temp_idx(arg_temp(op->args[1 + i]))];
    }
}

/* True if OP reads its own output (its result replaces an input). */
static bool writes_an_input(const TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];

    for (int i = 0; i < def->nb_iargs; i++) {
        if (op->args[1 + i] == op->args[0]) {
            return true;
        }
    }
    return false;
}

/* Fold one op that is not a label, call or mov. */
static void fold_one(OptContext *ctx, TCGOp *op)
{
    FoldFn fold = fold_table[op->opc];
    CSEEntry e;
    bool cse;

    ctx->type = op->type;
    ctx->z_mask = ~0ull;
    ctx->o_mask = 0;
    ctx->s_mask = 0;
    if (fold && fold(ctx, op)) {
        return;
    }
    cse = cse_candidate(op);
    if (cse && fold_common_subexpr(ctx, op)) {
        return;
    }
    if (cse) {
        cse_record_inputs(ctx, op, &e);
    }
    finish_op(ctx, op);
    if (cse && !writes_an_input(op)) {
        e.out = arg_temp(op->args[0]);
        e.out_ver = ctx->ver[temp_idx(e.out)];
        ctx->cse[ctx->cse_next] = e;
        ctx->cse_next = (ctx->cse_next + 1) % CSE_ENTRIES;
        ctx->cse_count = MIN(ctx->cse_count + 1, CSE_ENTRIES);
    }
}

void tcg_optimize(TCGContext *s)
{
    OptContext ctx = {.s = s};
    TCGOp *op, *next;
    bool unreachable = false;

    if (!s->opt_infos) {
        s->opt_infos = g_new0(TempOptInfo, TCG_MAX_TEMPS);
        s->opt_gen = g_new0(unsigned, TCG_MAX_TEMPS);
        s->opt_ver = g_new0(unsigned, TCG_MAX_TEMPS);
    }
    ctx.infos = s->opt_infos;
    ctx.gen = s->opt_gen;
    ctx.ver = s->opt_ver;
    reset_all(&ctx);

    tcg_for_each_op_safe(s, op, next)
    {
        if (op->opc == INDEX_op_set_label) {
            /* br $L; set_label $L -> set_label $L (once dead code is gone) */
            if (op->prev && is_branch_to_next(op->prev)) {
                tcg_op_remove(s, op->prev);
                unreachable = false;
            }
            if (arg_label(op->args[0])->refs == 0) {
                tcg_op_remove(s, op);
                continue;
            }
            unreachable = false;
            reset_all(&ctx);
            continue;
        }
        if ((unreachable && op->opc != INDEX_op_insn_start)
            || is_branch_to_next(op)) {
            tcg_op_remove(s, op);
            continue;
        }
        ctx.removed = NULL;
        propagate_copies(&ctx, op);
        switch (op->opc) {
        case INDEX_op_mov:
            fold_mov(&ctx, op);
            break;
        case INDEX_op_call:
            fold_call(&ctx, op);
            break;
        case INDEX_op_discard:
            reset_temp(&ctx, arg_temp(op->args[0]));
            break;
        case INDEX_op_insn_start:
            break;
        default:
            fold_one(&ctx, op);
            break;
        }
        /* the op may have been removed or turned into a br */
        if (ctx.removed != op && is_unconditional_exit(op)) {
            unreachable = true;
        }
    }
    remove_unreachable_blocks(s);
}
