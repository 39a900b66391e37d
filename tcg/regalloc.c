/*
 * Register allocation and code emission: one forward pass over the ops
 * after liveness, asking the backend to emit each op with registers that
 * satisfy its constraints.
 *
 * State: each temp's TCGTempVal (dead / in a register / in memory / a
 * constant not yet materialized) and s->reg_to_temp[].  A register that
 * holds no temp is free; values copied into a register only for one op
 * (an input in the wrong register class, an input aliased to an output)
 * are not recorded and die with the op.
 *
 * Invariants at block boundaries: at a label, globals and TB temps are in
 * memory and nothing is in a register (except fixed temps); a conditional
 * branch stores them but keeps register copies for the fall-through path.
 * Spills go to the backend's frame area, 8 bytes per temp, assigned on the
 * first store; a TB temp keeps its slot for the TB, an EBB temp gives it
 * back when it dies.
 */
#include <glib.h>
#include <string.h>

#include "tcg-internal.h"
#include "util/error.h"

/* Sync actions after storing a temp. */
enum { KEEP = 0, FREE = 1, DEAD = -1 };

/* -- Constraint parsing ---------------------------------------------------- */

/* Parse one constraint string into CT (operand N of OPC at TYPE). */
static void parse_one(TCGContext *s, TCGOpcode opc, TCGType type, int n,
                      const char *str, int nb_oargs)
{
    TCGArgConstraint *ct = tcg_op_ct(s, opc, type, n);
    const TCGBackend *b = s->backend;

    ct->alias_index = -1;
    for (const char *p = str; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            int o = *p - '0';
            TCGArgConstraint *oct = tcg_op_ct(s, opc, type, o);

            if (n < nb_oargs || o >= nb_oargs) {
                internal_error("%s: bad alias '%s' for operand %d",
                               tcg_op_name(opc, type), str, n);
            }
            ct->ialias = true;
            ct->alias_index = o;
            ct->regs |= oct->regs;
            oct->oalias = true;
            oct->alias_index = n;
        } else if (*p == '&') {
            ct->newreg = true;
        } else if (*p == 'i') {
            ct->ct |= TCG_CT_CONST;
        } else if (!b->parse_constraint(*p, ct)) {
            internal_error("backend %s: unknown constraint '%c' for %s",
                           b->name, *p, tcg_op_name(opc, type));
        }
    }
}

void tcg_parse_constraints(TCGContext *s)
{
    const TCGBackend *b = s->backend;

    s->op_cts =
        g_new0(TCGArgConstraint, NB_OPS * TCG_TYPE_COUNT * TCG_MAX_OP_ARGS);
    for (int opc = 0; opc < NB_OPS; opc++) {
        const TCGOpDef *def = &tcg_op_defs[opc];

        for (int t = 0; t < TCG_TYPE_COUNT; t++) {
            const TCGLowering *low = &b->lower[opc][t];

            if (!low->emit) {
                continue;
            }
            for (int n = 0; n < def->nb_oargs + def->nb_iargs; n++) {
                if (!low->ct[n]) {
                    internal_error("backend %s: %s operand %d has no "
                                   "constraint",
                                   b->name, tcg_op_name(opc, t), n);
                }
                parse_one(s, opc, t, n, low->ct[n], def->nb_oargs);
            }
        }
    }
}

/* -- Moving values --------------------------------------------------------- */

/* Give TS a frame slot if it has no memory home yet. */
static void temp_allocate_frame(TCGContext *s, TCGTemp *ts)
{
    intptr_t off = (s->current_frame_offset + 7) & ~(intptr_t)7;

    if (s->nb_free_frame_slots > 0) {
        ts->mem_base = s->frame_temp;
        ts->mem_offset = s->free_frame_slots[--s->nb_free_frame_slots];
        ts->mem_allocated = true;
        return;
    }
    if (off + 8 > s->frame_end) {
        /* out of spill slots: finish the TB for nothing, report -2 */
        s->gen_overflow = true;
        off = s->frame_start;
    }
    ts->mem_base = s->frame_temp;
    ts->mem_offset = off;
    ts->mem_allocated = true;
    s->current_frame_offset = off + 8;
}

/* Forget TS's register; its value is now in memory (or a constant). */
static void temp_free_or_dead(TCGContext *s, TCGTemp *ts, int free_or_dead)
{
    if (ts->kind == TEMP_FIXED) {
        return;
    }
    if (ts->val_type == TEMP_VAL_REG) {
        s->reg_to_temp[ts->reg] = NULL;
    }
    switch (ts->kind) {
    case TEMP_CONST:
        ts->val_type = TEMP_VAL_CONST;
        break;
    case TEMP_EBB:
        ts->val_type = free_or_dead < 0 ? TEMP_VAL_DEAD : TEMP_VAL_MEM;
        if (free_or_dead < 0 && ts->mem_allocated && !s->gen_overflow) {
            /* a dead EBB temp's value is never read again: recycle its
               slot (TB temps keep theirs, a loop may read them again) */
            s->free_frame_slots[s->nb_free_frame_slots++] = ts->mem_offset;
            ts->mem_allocated = false;
        }
        break;
    default:
        ts->val_type = TEMP_VAL_MEM;
        break;
    }
}

static void temp_dead(TCGContext *s, TCGTemp *ts)
{
    temp_free_or_dead(s, ts, DEAD);
}

static TCGReg tcg_reg_alloc(TCGContext *s, uint64_t required,
                            uint64_t allocated);

/* Put constant or memory-held TS into register REG (REG is free). */
static void temp_load_to(TCGContext *s, TCGTemp *ts, TCGReg reg)
{
    const TCGBackend *b = s->backend;

    switch (ts->val_type) {
    case TEMP_VAL_CONST:
        /* the memory copy, if coherent, holds the same constant */
        b->emit_movi(s, ts->type, reg, ts->val);
        break;
    case TEMP_VAL_MEM:
        if (!ts->mem_allocated) {
            internal_error("temp %zu read before written", temp_idx(ts));
        }
        b->emit_ld(s, ts->type, reg, ts->mem_base->reg, ts->mem_offset);
        ts->mem_coherent = true;
        break;
    case TEMP_VAL_REG:
        b->emit_mov(s, ts->type, reg, ts->reg);
        s->reg_to_temp[ts->reg] = NULL;
        break;
    case TEMP_VAL_DEAD:
        internal_error("temp %zu read while dead", temp_idx(ts));
    }
    ts->val_type = TEMP_VAL_REG;
    ts->reg = reg;
    s->reg_to_temp[reg] = ts;
}

/* Make sure TS is in a register of DESIRED; returns the register. */
static TCGReg temp_load(TCGContext *s, TCGTemp *ts, uint64_t desired,
                        uint64_t allocated)
{
    TCGReg reg;

    if (ts->val_type == TEMP_VAL_REG && ((desired >> ts->reg) & 1)) {
        return ts->reg;
    }
    reg = tcg_reg_alloc(s, desired, allocated);
    temp_load_to(s, ts, reg);
    return reg;
}

/* Copy TS's value into REG without moving TS there. */
static void temp_copy_to(TCGContext *s, TCGTemp *ts, TCGReg reg)
{
    const TCGBackend *b = s->backend;

    switch (ts->val_type) {
    case TEMP_VAL_REG:
        if (ts->reg != reg) {
            b->emit_mov(s, ts->type, reg, ts->reg);
        }
        break;
    case TEMP_VAL_CONST:
        b->emit_movi(s, ts->type, reg, ts->val);
        break;
    case TEMP_VAL_MEM:
        if (!ts->mem_allocated) {
            internal_error("temp %zu read before written", temp_idx(ts));
        }
        b->emit_ld(s, ts->type, reg, ts->mem_base->reg, ts->mem_offset);
        break;
    case TEMP_VAL_DEAD:
        internal_error("temp %zu read while dead", temp_idx(ts));
    }
}

/* A register already holding constant VAL of TYPE, or -1. */
static TCGReg find_const_reg(TCGContext *s, TCGType type, int64_t val)
{
    for (TCGReg r = 0; r < s->backend->nb_regs; r++) {
        TCGTemp *t = s->reg_to_temp[r];

        if (t && t->kind == TEMP_CONST && t->type == type && t->val == val) {
            return r;
        }
    }
    return -1;
}

/*
 * Store the constant TS holds into its slot: a store-immediate if the
 * backend has one, else from a register already holding the value, else
 * through a register (TS then lives there).
 */
static void sync_const(TCGContext *s, TCGTemp *ts, uint64_t allocated)
{
    const TCGBackend *b = s->backend;
    TCGReg r;

    if (!ts->mem_allocated) {
        temp_allocate_frame(s, ts);
    }
    if (b->emit_sti
        && b->emit_sti(s, ts->type, ts->val, ts->mem_base->reg,
                       ts->mem_offset)) {
        ts->mem_coherent = true;
        return;
    }
    r = find_const_reg(s, ts->type, ts->val);
    if (r >= 0) {
        b->emit_st(s, ts->type, r, ts->mem_base->reg, ts->mem_offset);
        ts->mem_coherent = true;
        return;
    }
    temp_load(s, ts, ~s->reserved_regs, allocated);
}

/*
 * Make TS's memory slot current, then keep it, free its register, or kill
 * it (FREE_OR_DEAD).  ALLOCATED: registers a constant may not be put in.
 */
static void temp_sync(TCGContext *s, TCGTemp *ts, uint64_t allocated,
                      int free_or_dead)
{
    if (!temp_readonly(ts) && ts->val_type == TEMP_VAL_CONST
        && !ts->mem_coherent) {
        sync_const(s, ts, allocated);
    }
    if (!temp_readonly(ts) && ts->val_type == TEMP_VAL_REG
        && !ts->mem_coherent) {
        if (!ts->mem_allocated) {
            temp_allocate_frame(s, ts);
        }
        s->backend->emit_st(s, ts->type, ts->reg, ts->mem_base->reg,
                            ts->mem_offset);
        ts->mem_coherent = true;
    }
    if (free_or_dead) {
        temp_free_or_dead(s, ts, free_or_dead);
    }
}

/* Spill whatever REG holds. */
static void tcg_reg_free(TCGContext *s, TCGReg reg, uint64_t allocated)
{
    TCGTemp *ts = s->reg_to_temp[reg];

    if (ts) {
        temp_sync(s, ts, allocated | (1ull << reg), FREE);
    }
}

/*
 * A register in REQUIRED and not in ALLOCATED: a free one in allocation
 * order, else the first candidate after spilling it.
 */
static TCGReg tcg_reg_alloc(TCGContext *s, uint64_t required,
                            uint64_t allocated)
{
    const TCGBackend *b = s->backend;
    uint64_t set = required & ~allocated & ~s->reserved_regs;

    for (int i = 0; i < b->nb_alloc_order; i++) {
        TCGReg reg = b->alloc_order[i];

        if (((set >> reg) & 1) && !s->reg_to_temp[reg]) {
            return reg;
        }
    }
    for (int i = 0; i < b->nb_alloc_order; i++) {
        TCGReg reg = b->alloc_order[i];

        if ((set >> reg) & 1) {
            tcg_reg_free(s, reg, allocated);
            return reg;
        }
    }
    internal_error("no register in set 0x%" G_GINT64_MODIFIER "x",
                   (guint64)set);
}

/* Point output temp TS at REG (its old register, if any, is released). */
static void temp_set_reg(TCGContext *s, TCGTemp *ts, TCGReg reg)
{
    if (ts->val_type == TEMP_VAL_REG && ts->reg != reg) {
        s->reg_to_temp[ts->reg] = NULL;
    }
    ts->val_type = TEMP_VAL_REG;
    ts->reg = reg;
    ts->mem_coherent = false;
    s->reg_to_temp[reg] = ts;
}

/* -- Block boundaries ------------------------------------------------------ */

/* Store every global (and TB temp with WITH_TB) and drop registers. */
static void save_globals(TCGContext *s, uint64_t allocated, bool with_tb)
{
    int n = with_tb ? s->nb_temps : s->nb_globals;

    for (int i = 0; i < n; i++) {
        TCGTemp *ts = &s->temps[i];

        if (ts->kind == TEMP_GLOBAL || (with_tb && ts->kind == TEMP_TB)) {
            temp_sync(s, ts, allocated, FREE);
        }
    }
}

/* Store every global (and TB temp with WITH_TB), keeping registers. */
static void sync_globals(TCGContext *s, uint64_t allocated, bool with_tb)
{
    int n = with_tb ? s->nb_temps : s->nb_globals;

    for (int i = 0; i < n; i++) {
        TCGTemp *ts = &s->temps[i];

        if (ts->kind == TEMP_GLOBAL || (with_tb && ts->kind == TEMP_TB)) {
            temp_sync(s, ts, allocated, KEEP);
        }
    }
}

/* End of a block: memory holds globals and TB temps; registers empty. */
static void tcg_reg_alloc_bb_end(TCGContext *s, uint64_t allocated)
{
    save_globals(s, allocated, true);
    for (int i = 0; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];

        if (ts->kind == TEMP_EBB) {
            temp_dead(s, ts);
        } else if (ts->kind == TEMP_CONST) {
            temp_free_or_dead(s, ts, FREE);
        }
    }
}

/* Place label L here and resolve the branches waiting for it. */
static void tcg_out_label(TCGContext *s, TCGLabel *l)
{
    l->has_value = true;
    l->value_ptr = s->code_ptr;
    for (TCGRelocation *r = l->relocs; r; r = r->next) {
        if (!s->backend->patch_reloc(r->ptr, r->type, (intptr_t)l->value_ptr,
                                     r->addend)) {
            internal_error("branch to $L%u out of range", l->id);
        }
    }
    l->relocs = NULL;
}

void tcg_out_reloc(TCGContext *s, uint8_t *code_rw, int type, TCGLabel *l,
                   intptr_t addend)
{
    TCGRelocation *r;

    if (l->has_value) {
        if (!s->backend->patch_reloc(code_rw, type, (intptr_t)l->value_ptr,
                                     addend)) {
            internal_error("branch to $L%u out of range", l->id);
        }
        return;
    }
    r = tcg_malloc(s, sizeof(*r));
    r->ptr = code_rw;
    r->type = type;
    r->addend = addend;
    r->next = l->relocs;
    l->relocs = r;
}

/* -- Moves ----------------------------------------------------------------- */

/* Outputs: store if liveness asks, free if dead. */
static void finish_output(TCGContext *s, TCGTemp *ts, TCGLifeData life, int n,
                          uint64_t allocated)
{
    if (NEED_SYNC_ARG(life, n)) {
        temp_sync(s, ts, allocated, IS_DEAD_ARG(life, n) ? DEAD : KEEP);
    } else if (IS_DEAD_ARG(life, n)) {
        temp_dead(s, ts);
    }
}

/* mov: rename registers when the source dies, constants stay lazy. */
static void tcg_reg_alloc_mov(TCGContext *s, const TCGOp *op)
{
    TCGTemp *ots = arg_temp(op->args[0]);
    TCGTemp *its = arg_temp(op->args[1]);
    TCGLifeData life = op->life;
    TCGReg reg;

    if (ots->kind == TEMP_FIXED) {
        internal_error("mov into fixed temp %s", ots->name);
    }
    if (its->val_type == TEMP_VAL_CONST || its->kind == TEMP_CONST) {
        /* the output becomes a lazy constant; a sync stores it directly */
        if (ots->val_type == TEMP_VAL_REG) {
            s->reg_to_temp[ots->reg] = NULL;
        }
        ots->val_type = TEMP_VAL_CONST;
        ots->val = its->val;
        ots->mem_coherent = false;
        finish_output(s, ots, life, 0, 0);
        return;
    }
    if (its->val_type != TEMP_VAL_REG) {
        temp_load(s, its, ~s->reserved_regs, 0);
    }
    if (IS_DEAD_ARG(life, 1) && !temp_readonly(its)) {
        reg = its->reg;
        temp_dead(s, its);
    } else {
        reg = tcg_reg_alloc(s, ~s->reserved_regs, 1ull << its->reg);
        s->backend->emit_mov(s, ots->type, reg, its->reg);
        if (IS_DEAD_ARG(life, 1)) {
            temp_dead(s, its);
        }
    }
    temp_set_reg(s, ots, reg);
    finish_output(s, ots, life, 0, 0);
}

/* -- Generic ops ----------------------------------------------------------- */

/* Operand state of the op being allocated. */
typedef struct AllocState {
    const TCGArgConstraint *cts;  /* the op's constraints, at its type */
    TCGArg args[TCG_MAX_OP_ARGS]; /* what the backend's emit receives */
    int const_args[TCG_MAX_OP_ARGS];
    uint64_t i_allocated; /* registers holding inputs */
    uint64_t i_live;      /* of those, temps live after the op */
    uint64_t o_allocated; /* registers chosen for outputs */
} AllocState;

/* True if constant TS may be passed as an immediate under CT. */
static bool const_ok(TCGContext *s, const TCGTemp *ts,
                     const TCGArgConstraint *ct)
{
    uint32_t backend_ct = ct->ct & ~(uint32_t)TCG_CT_CONST;

    if (ct->ct & TCG_CT_CONST) {
        return true;
    }
    return backend_ct && s->backend->const_match
           && s->backend->const_match(ts->val, ts->type, backend_ct);
}

/* An input aliased to an output: its register will be overwritten. */
static TCGReg alloc_aliased_input(TCGContext *s, AllocState *a, TCGTemp *ts,
                                  const TCGArgConstraint *ct, bool dead)
{
    TCGReg reg;

    if (dead && !temp_readonly(ts)) {
        return temp_load(s, ts, ct->regs, a->i_allocated);
    }
    reg = tcg_reg_alloc(s, ct->regs, a->i_allocated);
    temp_copy_to(s, ts, reg);
    return reg;
}

/* Inputs: immediates where allowed, else registers in the right class. */
static void alloc_inputs(TCGContext *s, const TCGOp *op, AllocState *a,
                         int nb_o, int nb_i)
{
    for (int i = nb_o; i < nb_o + nb_i; i++) {
        TCGTemp *ts = arg_temp(op->args[i]);
        const TCGArgConstraint *ct = &a->cts[i];
        bool dead = IS_DEAD_ARG(op->life, i);
        TCGReg reg;

        if (ts->val_type == TEMP_VAL_CONST && !ct->ialias
            && const_ok(s, ts, ct)) {
            a->args[i] = (TCGArg)ts->val;
            a->const_args[i] = 1;
            continue;
        }
        if (ct->ialias) {
            reg = alloc_aliased_input(s, a, ts, ct, dead);
        } else if (ts->val_type == TEMP_VAL_REG
                   && !((ct->regs >> ts->reg) & 1)) {
            reg = tcg_reg_alloc(s, ct->regs, a->i_allocated);
            temp_copy_to(s, ts, reg);
        } else {
            reg = temp_load(s, ts, ct->regs, a->i_allocated);
        }
        a->args[i] = (TCGArg)reg;
        a->i_allocated |= 1ull << reg;
        if (!dead && ts->val_type == TEMP_VAL_REG && ts->reg == reg) {
            a->i_live |= 1ull << reg;
        }
    }
}

/* Free dead inputs, and drop inputs left in registers the op clobbers. */
static void release_inputs(TCGContext *s, const TCGOp *op, AllocState *a,
                           int nb_o, int nb_i, uint64_t clobbers)
{
    for (int i = nb_o; i < nb_o + nb_i; i++) {
        if (IS_DEAD_ARG(op->life, i)) {
            temp_dead(s, arg_temp(op->args[i]));
        }
    }
    for (TCGReg r = 0; r < TCG_MAX_REGS && (clobbers >> r); r++) {
        if (((clobbers >> r) & 1) && s->reg_to_temp[r]) {
            tcg_reg_free(s, r, a->i_allocated);
            a->i_live &= ~(1ull << r);
        }
    }
}

/* Outputs: aliased, '&' new, or any register not holding a live input. */
static void alloc_outputs(TCGContext *s, const TCGOp *op, AllocState *a,
                          int nb_o)
{
    for (int k = 0; k < nb_o; k++) {
        TCGTemp *ts = arg_temp(op->args[k]);
        const TCGArgConstraint *ct = &a->cts[k];
        TCGReg reg;

        if (temp_readonly(ts)) {
            internal_error("%s writes read-only temp %zu",
                           tcg_op_name(op->opc, op->type), temp_idx(ts));
        }
        if (ct->oalias) {
            reg = (TCGReg)a->args[ct->alias_index];
        } else if (ct->newreg) {
            reg = tcg_reg_alloc(s, ct->regs, a->i_allocated | a->o_allocated);
        } else {
            reg = tcg_reg_alloc(s, ct->regs, a->o_allocated | a->i_live);
        }
        a->o_allocated |= 1ull << reg;
        a->args[k] = (TCGArg)reg;
        temp_set_reg(s, ts, reg);
    }
}

/* Spill the values living in registers the op destroys. */
static void free_clobbers(TCGContext *s, uint64_t clobbers)
{
    for (TCGReg r = 0; r < TCG_MAX_REGS && (clobbers >> r); r++) {
        if ((clobbers >> r) & 1) {
            tcg_reg_free(s, r, 0);
        }
    }
}

/* Globals (and TB temps) to memory as the op's control flow requires. */
static void sync_for_op(TCGContext *s, unsigned flags, uint64_t allocated)
{
    if (flags & TCG_OPF_BB_EXIT) {
        save_globals(s, allocated, false);
    } else if (flags & TCG_OPF_COND_BRANCH) {
        sync_globals(s, allocated, true);
    } else if (flags & TCG_OPF_BB_END) {
        tcg_reg_alloc_bb_end(s, allocated);
    } else if (flags & TCG_OPF_MAY_RAISE) {
        sync_globals(s, allocated, false);
    }
}

/*
 * A two-address commutative op whose first input lives on and whose second
 * dies: exchange them, so the dying value's register becomes the output
 * and no copy is needed.  Returns OP or SWAPPED (filled in).
 */
static const TCGOp *swap_for_alias(const TCGOp *op, const TCGArgConstraint *cts,
                                   TCGOp *swapped)
{
    TCGTemp *in0 = arg_temp(op->args[1]), *in1 = arg_temp(op->args[2]);

    if (!(tcg_op_defs[op->opc].flags & TCG_OPF_COMMUTATIVE) || !cts[1].ialias
        || (IS_DEAD_ARG(op->life, 1) && !temp_readonly(in0))
        || !IS_DEAD_ARG(op->life, 2) || temp_readonly(in1)
        || in1->val_type == TEMP_VAL_CONST) {
        return op;
    }
    *swapped = *op;
    swapped->args[1] = op->args[2];
    swapped->args[2] = op->args[1];
    swapped->life &= ~(DEAD_ARG(1) | DEAD_ARG(2));
    swapped->life |= DEAD_ARG(1) | (IS_DEAD_ARG(op->life, 1) ? DEAD_ARG(2) : 0);
    return swapped;
}

static void tcg_reg_alloc_op(TCGContext *s, const TCGOp *op)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    const TCGLowering *low = &s->backend->lower[op->opc][op->type];
    int nb_o = def->nb_oargs, nb_i = def->nb_iargs;
    TCGOp swapped;
    AllocState a;

    if (!low->emit) {
        internal_error("backend %s cannot lower %s (type %s)", s->backend->name,
                       tcg_op_name(op->opc, op->type), tcg_type_name(op->type));
    }
    memset(&a, 0, sizeof(a));
    a.cts = tcg_op_ct(s, op->opc, op->type, 0);
    op = swap_for_alias(op, a.cts, &swapped);
    free_clobbers(s, low->clobbers);
    alloc_inputs(s, op, &a, nb_o, nb_i);
    release_inputs(s, op, &a, nb_o, nb_i, low->clobbers);
    sync_for_op(s, def->flags, a.i_allocated);
    alloc_outputs(s, op, &a, nb_o);
    for (int i = nb_o + nb_i; i < def->nb_args; i++) {
        a.args[i] = op->args[i];
    }
    s->emit_opc = (TCGOpcode)op->opc;
    low->emit(s, (TCGType)op->type, a.args, a.const_args);
    for (int k = 0; k < nb_o; k++) {
        finish_output(s, arg_temp(op->args[k]), op->life, k, a.o_allocated);
    }
}

/* -- Calls ----------------------------------------------------------------- */

/* Arguments into the calling convention's registers. */
static uint64_t call_load_args(TCGContext *s, const TCGOp *op)
{
    const TCGBackend *b = s->backend;
    uint64_t allocated = 0;
    int nb_o = op->callo, nb_i = op->calli;

    for (int i = 0; i < nb_i; i++) {
        tcg_reg_free(s, b->call_iarg_regs[i], allocated);
        allocated |= 1ull << b->call_iarg_regs[i];
    }
    for (int i = 0; i < nb_i; i++) {
        temp_copy_to(s, arg_temp(op->args[nb_o + i]), b->call_iarg_regs[i]);
    }
    for (int i = 0; i < nb_i; i++) {
        if (IS_DEAD_ARG(op->life, nb_o + i)) {
            temp_dead(s, arg_temp(op->args[nb_o + i]));
        }
    }
    return allocated;
}

/*
 * Before the call: spill what lives in call-clobbered registers (and the
 * return register, should a backend leave it out of that set), and put
 * globals in memory as the helper's class requires (stored and dropped
 * from registers if it may write them, stored if it only reads them).
 */
static void sync_before_call(TCGContext *s, const TCGHelperInfo *info,
                             uint64_t allocated)
{
    const TCGBackend *b = s->backend;

    for (TCGReg r = 0; r < b->nb_regs; r++) {
        if ((b->call_clobbered_regs >> r) & 1) {
            tcg_reg_free(s, r, allocated);
        }
    }
    tcg_reg_free(s, b->call_oarg_reg, allocated);
    if (info->flags & TCG_CALL_NO_SIDE_EFFECTS) {
        return;
    }
    if (info->flags & TCG_CALL_READS_GLOBALS) {
        sync_globals(s, allocated, false);
    } else {
        save_globals(s, allocated, false);
    }
}

/* After the call: the result is in call_oarg_reg. */
static void call_output(TCGContext *s, const TCGOp *op,
                        const TCGHelperInfo *info)
{
    TCGReg reg = s->backend->call_oarg_reg;
    TCGTemp *ts = arg_temp(op->args[0]);

    if (s->reg_to_temp[reg]) {
        internal_error("helper %s: return register not free", info->name);
    }
    temp_set_reg(s, ts, reg);
    finish_output(s, ts, op->life, 0, 0);
}

static void tcg_reg_alloc_call(TCGContext *s, const TCGOp *op)
{
    const TCGHelperInfo *info = tcg_call_info(op);
    uint64_t allocated = call_load_args(s, op);

    sync_before_call(s, info, allocated);
    s->backend->emit_call(s, tcg_call_func(op), info);
    if (op->callo) {
        call_output(s, op, info);
    }
}

/* -- The emission loop ----------------------------------------------------- */

/* Reset allocator state for a new TB. */
static void tcg_reg_alloc_start(TCGContext *s)
{
    memset(s->reg_to_temp, 0, sizeof(s->reg_to_temp));
    for (int i = 0; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];

        switch (ts->kind) {
        case TEMP_FIXED:
            ts->val_type = TEMP_VAL_REG;
            s->reg_to_temp[ts->reg] = ts;
            break;
        case TEMP_GLOBAL:
            ts->val_type = TEMP_VAL_MEM;
            break;
        case TEMP_CONST:
            ts->val_type = TEMP_VAL_CONST;
            break;
        default:
            ts->val_type = TEMP_VAL_DEAD;
            ts->mem_allocated = false;
            break;
        }
        ts->mem_coherent = false;
    }
    s->current_frame_offset = s->frame_start;
    s->nb_free_frame_slots = 0;
    s->tb_jmp_insn_offset[0] = s->tb_jmp_insn_offset[1] = UINT16_MAX;
    s->tb_jmp_reset_offset[0] = s->tb_jmp_reset_offset[1] = UINT16_MAX;
    s->nb_insns = 0;
}

/* Record the start of guest instruction data words in OP. */
static void tcg_record_insn_start(TCGContext *s, const TCGOp *op)
{
    int n = s->nb_insns;

    if (n >= TCG_MAX_INSNS) {
        internal_error("TB has more than %d guest instructions", TCG_MAX_INSNS);
    }
    if (n > 0) {
        s->gen_insn_end_off[n - 1] = (uint16_t)tcg_current_code_size(s);
    }
    for (int w = 0; w < TCG_INSN_START_WORDS; w++) {
        s->gen_insn_data[n][w] = op->args[w];
    }
    s->nb_insns = n + 1;
}

/* Allocate and emit one op. */
static void tcg_reg_alloc_one(TCGContext *s, const TCGOp *op)
{
    switch (op->opc) {
    case INDEX_op_mov:
        tcg_reg_alloc_mov(s, op);
        break;
    case INDEX_op_insn_start:
        tcg_record_insn_start(s, op);
        break;
    case INDEX_op_discard:
        temp_dead(s, arg_temp(op->args[0]));
        break;
    case INDEX_op_set_label:
        tcg_reg_alloc_bb_end(s, 0);
        tcg_out_label(s, arg_label(op->args[0]));
        break;
    case INDEX_op_call:
        tcg_reg_alloc_call(s, op);
        break;
    default:
        tcg_reg_alloc_op(s, op);
        break;
    }
}

/* Every branch found its label. */
static void check_labels(TCGContext *s)
{
    for (TCGLabel *l = s->labels; l; l = l->next) {
        if (l->relocs) {
            internal_error("branch to $L%u, which is never placed", l->id);
        }
    }
}

int tcg_reg_alloc_code(TCGContext *s)
{
    const TCGOp *op;
    size_t size;

    tcg_reg_alloc_start(s);
    if (s->backend->tb_start) {
        s->backend->tb_start(s);
    }
    tcg_for_each_op(s, op)
    {
        tcg_reg_alloc_one(s, op);
        if (s->code_ptr > (uint8_t *)s->code_gen_highwater) {
            return -1;
        }
        if (tcg_current_code_size(s) > UINT16_MAX || s->gen_overflow) {
            return -2;
        }
    }
    size = tcg_current_code_size(s);
    if (s->nb_insns > 0) {
        s->gen_insn_end_off[s->nb_insns - 1] = (uint16_t)size;
    }
    if (!s->backend->finish(s)) {
        return -1;
    }
    if (s->code_ptr > (uint8_t *)s->code_gen_highwater + TCG_REGION_HIGHWATER) {
        return -1;
    }
    check_labels(s);
    return (int)tcg_current_code_size(s);
}
