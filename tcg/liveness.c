/*
 * Liveness analysis: one backward pass over the TB's ops.
 *
 * For every temp it tracks two bits (TCGTemp.state) describing the program
 * point just after the op being visited:
 *   TS_DEAD  no later op reads the value (its register may be reused)
 *   TS_MEM   the value must be in its memory slot (a global at a TB exit,
 *            before a helper that reads globals, before an op that may
 *            raise a guest fault; any global or TB temp at a block end)
 * and records per op which arguments die there (DEAD_ARG) and which outputs
 * must be stored right after it (SYNC_ARG).  Ops without side effects whose
 * outputs are all dead (state exactly TS_DEAD) are removed.
 *
 * Where globals go to memory (the QEMU approach): before every op that may
 * raise (qemu_ld/st, calls not declared TCG_CALL_NO_SIDE_EFFECTS), so an
 * exception unwinding out of the TB finds guest state in env; at every
 * block end and TB exit.  EBB temps die at labels and unconditional
 * branches; they survive a conditional branch on its fall-through path.
 */
#include "tcg-internal.h"

/* At a TB exit: globals must be in memory, nothing else is needed. */
static void la_func_end(TCGContext *s)
{
    for (int i = 0; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];

        ts->state = ts->kind == TEMP_GLOBAL ? TS_DEAD | TS_MEM : TS_DEAD;
    }
}

/* At a block end: globals and TB temps in memory, EBB temps dead. */
static void la_bb_end(TCGContext *s)
{
    for (int i = 0; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];

        if (ts->kind == TEMP_GLOBAL || ts->kind == TEMP_TB) {
            ts->state = TS_DEAD | TS_MEM;
        } else {
            ts->state = TS_DEAD;
        }
    }
}

/*
 * At a conditional branch: the target needs globals and TB temps in
 * memory; the fall-through path keeps using registers and EBB temps.
 */
static void la_bb_sync(TCGContext *s)
{
    for (int i = 0; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];

        if (ts->kind == TEMP_GLOBAL || ts->kind == TEMP_TB) {
            ts->state |= TS_MEM;
        }
    }
}

/* Globals must be in memory here (the op may read them or raise). */
static void la_global_sync(TCGContext *s)
{
    for (int i = 0; i < s->nb_globals; i++) {
        if (s->temps[i].kind == TEMP_GLOBAL) {
            s->temps[i].state |= TS_MEM;
        }
    }
}

/* The op may write globals: their register copies die, memory rules. */
static void la_global_kill(TCGContext *s)
{
    for (int i = 0; i < s->nb_globals; i++) {
        if (s->temps[i].kind == TEMP_GLOBAL) {
            s->temps[i].state = TS_DEAD | TS_MEM;
        }
    }
}

/* True if every output of OP is dead and has no memory requirement. */
static bool outputs_all_dead(const TCGOp *op, int nb_o)
{
    for (int i = 0; i < nb_o; i++) {
        if (arg_temp(op->args[i])->state != TS_DEAD) {
            return false;
        }
    }
    return true;
}

/* Record dead/sync bits for the outputs, then kill them. */
static TCGLifeData la_outputs(TCGOp *op, int nb_o)
{
    TCGLifeData life = 0;

    for (int i = 0; i < nb_o; i++) {
        TCGTemp *ts = arg_temp(op->args[i]);

        if (ts->state & TS_DEAD) {
            life |= DEAD_ARG(i);
        }
        if (ts->state & TS_MEM) {
            life |= SYNC_ARG(i);
        }
        ts->state = TS_DEAD;
    }
    return life;
}

/* Record which inputs die here, then make them all live. */
static TCGLifeData la_inputs(TCGOp *op, int nb_o, int nb_i)
{
    TCGLifeData life = 0;

    for (int i = nb_o; i < nb_o + nb_i; i++) {
        TCGTemp *ts = arg_temp(op->args[i]);

        if (ts->kind != TEMP_CONST && (ts->state & TS_DEAD)) {
            life |= DEAD_ARG(i);
        }
    }
    for (int i = nb_o; i < nb_o + nb_i; i++) {
        arg_temp(op->args[i])->state &= ~TS_DEAD;
    }
    return life;
}

/* Apply a call's global side effects to the state. */
static void la_call_globals(TCGContext *s, const TCGHelperInfo *info)
{
    if (info->flags & TCG_CALL_NO_SIDE_EFFECTS) {
        return;
    }
    if (info->flags & TCG_CALL_READS_GLOBALS) {
        la_global_sync(s);
    } else {
        la_global_kill(s);
    }
}

/* Apply a non-call op's control-flow and fault effects to the state. */
static void la_op_effects(TCGContext *s, TCGOpcode opc, unsigned flags)
{
    if (opc == INDEX_op_goto_tb) {
        /* chained it leaves (globals in memory); unchained it falls
           through to the code after it with everything intact */
        la_global_sync(s);
    } else if (flags & TCG_OPF_BB_EXIT) {
        la_func_end(s);
    } else if (flags & TCG_OPF_COND_BRANCH) {
        la_bb_sync(s);
    } else if (flags & TCG_OPF_BB_END) {
        la_bb_end(s);
    } else if (flags & TCG_OPF_MAY_RAISE) {
        la_global_sync(s);
    }
}

/*
 * Pass 0: a TB temp whose uses all lie in one extended basic block (between
 * two labels, or a label and an unconditional branch or exit) never carries
 * a value across a block boundary, so it is an EBB temp:
 * no stores at block ends, no frame slot kept.  Frontends may then use
 * TB temps for scratch values at no cost.  TCGTemp.state holds the EBB
 * number of the first use, TEMP_MULTI_EBB once a second EBB uses it.
 */
#define TEMP_MULTI_EBB UINTPTR_MAX

/* br, exit_tb, goto_ptr: control never falls through (EBB temps die). */
static bool ends_ebb(const TCGOp *op)
{
    unsigned flags = tcg_op_defs[op->opc].flags;

    return (flags & TCG_OPF_BB_END) && !(flags & TCG_OPF_COND_BRANCH)
           && op->opc != INDEX_op_goto_tb && op->opc != INDEX_op_set_label;
}

static void la_demote_tb_temps(TCGContext *s)
{
    uintptr_t ebb = 1;
    TCGOp *op;

    for (int i = s->nb_globals; i < s->nb_temps; i++) {
        s->temps[i].state = 0;
    }
    tcg_for_each_op(s, op)
    {
        int nb = tcg_op_nb_oargs(op) + tcg_op_nb_iargs(op);

        if (op->opc == INDEX_op_set_label) {
            ebb++;
            continue;
        }
        if (ends_ebb(op)) {
            ebb++; /* what follows, up to a label, is unreachable */
            continue;
        }
        for (int i = 0; i < nb; i++) {
            TCGTemp *ts = arg_temp(op->args[i]);

            if (ts->kind != TEMP_TB) {
                continue;
            }
            if (ts->state == 0) {
                ts->state = ebb;
            } else if (ts->state != ebb) {
                ts->state = TEMP_MULTI_EBB;
            }
        }
    }
    for (int i = s->nb_globals; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];

        if (ts->kind == TEMP_TB && ts->state != TEMP_MULTI_EBB) {
            ts->kind = TEMP_EBB;
        }
    }
}

void tcg_liveness_analysis(TCGContext *s)
{
    TCGOp *op, *prev;

    la_demote_tb_temps(s);
    la_func_end(s);
    for (op = s->last_op; op; op = prev) {
        const TCGOpDef *def = &tcg_op_defs[op->opc];
        int nb_o = tcg_op_nb_oargs(op);
        int nb_i = tcg_op_nb_iargs(op);
        TCGLifeData life;

        prev = op->prev;
        switch (op->opc) {
        case INDEX_op_insn_start:
            op->life = 0;
            continue;
        case INDEX_op_discard:
            arg_temp(op->args[0])->state = TS_DEAD;
            op->life = 0;
            continue;
        case INDEX_op_set_label:
            la_bb_end(s);
            op->life = 0;
            continue;
        case INDEX_op_call: {
            const TCGHelperInfo *info = tcg_call_info(op);

            if ((info->flags & TCG_CALL_NO_SIDE_EFFECTS) && nb_o > 0
                && outputs_all_dead(op, nb_o)) {
                tcg_op_remove(s, op);
                continue;
            }
            life = la_outputs(op, nb_o);
            la_call_globals(s, info);
            break;
        }
        default:
            if (nb_o > 0 && !(def->flags & TCG_OPF_SIDE_EFFECTS)
                && outputs_all_dead(op, nb_o)) {
                tcg_op_remove(s, op);
                continue;
            }
            life = la_outputs(op, nb_o);
            la_op_effects(s, op->opc, def->flags);
            break;
        }
        op->life = life | la_inputs(op, nb_o, nb_i);
    }
}
