/*
 * The reference evaluator (see ref-eval.h).
 */
#include <glib.h>
#include <string.h>

#include "ref-eval.h"
#include "tcg/tcg-alu.h"

/* Run state: values of non-global temps and the environment. */
typedef struct RefState {
    TCGContext *s;
    void *env;
    const TCGMemHelpers *mem;
    uint64_t vals[TCG_MAX_TEMPS];
    GHashTable *labels; /* TCGLabel * -> its set_label op */
} RefState;

/* Memory slot of global TS. */
static uint8_t *global_slot(RefState *st, const TCGTemp *ts)
{
    g_assert(ts->mem_base->kind == TEMP_FIXED);
    return (uint8_t *)st->env + ts->mem_offset;
}

static uint64_t get(RefState *st, TCGArg a)
{
    TCGTemp *ts = arg_temp(a);
    uint64_t v = 0;

    switch (ts->kind) {
    case TEMP_CONST:
        return ts->type == TCG_TYPE_I32 ? (uint32_t)ts->val : (uint64_t)ts->val;
    case TEMP_FIXED:
        g_assert(ts == st->s->env_temp);
        return (uintptr_t)st->env;
    case TEMP_GLOBAL:
        memcpy(&v, global_slot(st, ts), ts->type == TCG_TYPE_I32 ? 4 : 8);
        return v;
    default:
        return st->vals[temp_idx(ts)];
    }
}

static void set(RefState *st, TCGArg a, uint64_t v)
{
    TCGTemp *ts = arg_temp(a);

    if (ts->type == TCG_TYPE_I32) {
        v = (uint32_t)v;
    }
    if (ts->kind == TEMP_GLOBAL) {
        memcpy(global_slot(st, ts), &v, ts->type == TCG_TYPE_I32 ? 4 : 8);
    } else {
        g_assert(ts->kind == TEMP_EBB || ts->kind == TEMP_TB);
        st->vals[temp_idx(ts)] = v;
    }
}

/* Host loads and stores at base + offset. */
static bool ref_host_ldst(RefState *st, const TCGOp *op)
{
    uint8_t *a = (uint8_t *)(uintptr_t)(get(st, op->args[1]) + op->args[2]);
    uint64_t v = 0;
    int size = 0;
    bool sign = false, store = false;

    switch (op->opc) {
    case INDEX_op_ld8u:
        size = 1;
        break;
    case INDEX_op_ld8s:
        size = 1;
        sign = true;
        break;
    case INDEX_op_ld16u:
        size = 2;
        break;
    case INDEX_op_ld16s:
        size = 2;
        sign = true;
        break;
    case INDEX_op_ld32u_i64:
        size = 4;
        break;
    case INDEX_op_ld32s_i64:
        size = 4;
        sign = true;
        break;
    case INDEX_op_ld:
        size = op->type == TCG_TYPE_I64 ? 8 : 4;
        break;
    case INDEX_op_st8:
        size = 1;
        store = true;
        break;
    case INDEX_op_st16:
        size = 2;
        store = true;
        break;
    case INDEX_op_st32_i64:
        size = 4;
        store = true;
        break;
    case INDEX_op_st:
        size = op->type == TCG_TYPE_I64 ? 8 : 4;
        store = true;
        break;
    default:
        return false;
    }
    if (store) {
        v = get(st, op->args[0]);
        memcpy(a, &v, size);
        return true;
    }
    memcpy(&v, a, size);
    if (sign && size < 8) {
        v = (uint64_t)((int64_t)(v << (64 - 8 * size)) >> (64 - 8 * size));
    }
    set(st, op->args[0], v);
    return true;
}

/* Guest load of SIZE bytes at ADDR, sign-extended per MOP. */
static uint64_t ref_guest_load(RefState *st, uint64_t addr, MemOpIdx oi)
{
    MemOp mop = get_memop(oi);
    unsigned bits = 8u << (mop & MO_SIZE);
    uint64_t v = st->mem->ld[mop & MO_SIZE](st->env, addr, oi, 0);

    if ((mop & MO_SIGN) && bits < 64) {
        v = (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
    }
    return v;
}

/* qemu_ld/st and their 128-bit pairs. */
static bool ref_guest_ldst(RefState *st, const TCGOp *op)
{
    MemOpIdx oi = (MemOpIdx)op->args[tcg_op_defs[op->opc].nb_args - 1];
    MemOpIdx oi64 = make_memop_idx(
        (get_memop(oi) & ~(MO_SIZE | MO_SIGN)) | MO_64, get_mmuidx(oi));
    uint64_t addr;

    switch (op->opc) {
    case INDEX_op_qemu_ld:
        set(st, op->args[0], ref_guest_load(st, get(st, op->args[1]), oi));
        return true;
    case INDEX_op_qemu_st:
        st->mem->st[get_memop(oi) & MO_SIZE](st->env, get(st, op->args[1]),
                                             get(st, op->args[0]), oi, 0);
        return true;
    case INDEX_op_qemu_ld2_i64:
        addr = get(st, op->args[2]);
        set(st, op->args[0], st->mem->ld[MO_64](st->env, addr, oi64, 0));
        set(st, op->args[1], st->mem->ld[MO_64](st->env, addr + 8, oi64, 0));
        return true;
    case INDEX_op_qemu_st2_i64:
        addr = get(st, op->args[2]);
        st->mem->st[MO_64](st->env, addr, get(st, op->args[0]), oi64, 0);
        st->mem->st[MO_64](st->env, addr + 8, get(st, op->args[1]), oi64, 0);
        return true;
    default:
        return false;
    }
}

typedef uint64_t (*RefHelper)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,
                              uint64_t);

static void ref_call(RefState *st, const TCGOp *op)
{
    const TCGHelperInfo *info =
        (const TCGHelperInfo *)op->args[op->callo + op->calli + 1];
    uint64_t a[6] = {0};
    uint64_t r;

    for (int i = 0; i < op->calli; i++) {
        a[i] = get(st, op->args[op->callo + i]);
    }
    r = ((RefHelper)info->func)(a[0], a[1], a[2], a[3], a[4], a[5]);
    if (op->callo) {
        set(st, op->args[0], r);
    }
}

/* A pure op through the shared semantics. */
static void ref_alu(RefState *st, const TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    uint64_t in[4] = {0}, out[2];

    for (int i = 0; i < def->nb_iargs; i++) {
        in[i] = get(st, op->args[def->nb_oargs + i]);
    }
    if (!tcg_alu_eval(op->opc, op->type, out, in,
                      &op->args[def->nb_oargs + def->nb_iargs])) {
        g_error("ref_eval: %s has undefined inputs",
                tcg_op_name(op->opc, op->type));
    }
    for (int i = 0; i < def->nb_oargs; i++) {
        set(st, op->args[i], out[i]);
    }
}

uintptr_t ref_eval(TCGContext *s, void *env, const TCGMemHelpers *mem)
{
    /* static: a guest fault leaves by siglongjmp and must leak nothing */
    static RefState *st;
    uintptr_t ret = 0;
    TCGOp *op;

    if (!st) {
        st = g_new0(RefState, 1);
        st->labels = g_hash_table_new(NULL, NULL);
    }
    g_hash_table_remove_all(st->labels);
    st->s = s;
    st->env = env;
    st->mem = mem;
    tcg_for_each_op(s, op)
    {
        if (op->opc == INDEX_op_set_label) {
            g_hash_table_insert(st->labels, arg_label(op->args[0]), op);
        }
    }
    for (op = s->first_op; op; op = op->next) {
        const TCGOpDef *def = &tcg_op_defs[op->opc];

        switch (op->opc) {
        case INDEX_op_insn_start:
        case INDEX_op_set_label:
        case INDEX_op_discard:
        case INDEX_op_mb:
        case INDEX_op_goto_tb:
            break;
        case INDEX_op_mov:
            set(st, op->args[0], get(st, op->args[1]));
            break;
        case INDEX_op_exit_tb:
            ret = op->args[0];
            goto done;
        case INDEX_op_goto_ptr:
            goto done;
        case INDEX_op_br:
            op = g_hash_table_lookup(st->labels, arg_label(op->args[0]));
            g_assert(op);
            break;
        case INDEX_op_brcond:
            if (tcg_alu_cond(op->args[2], op->type, get(st, op->args[0]),
                             get(st, op->args[1]))) {
                op = g_hash_table_lookup(st->labels, arg_label(op->args[3]));
                g_assert(op);
            }
            break;
        case INDEX_op_call:
            ref_call(st, op);
            break;
        default:
            if (!ref_host_ldst(st, op) && !ref_guest_ldst(st, op)) {
                g_assert(
                    !(def->flags & (TCG_OPF_SIDE_EFFECTS | TCG_OPF_BB_END)));
                ref_alu(st, op);
            }
            break;
        }
    }
done:
    return ret;
}
