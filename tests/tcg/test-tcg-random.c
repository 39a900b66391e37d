/*
 * Random IR programs: the reference evaluator, the optimized op list and
 * every backend (optimized and not) must leave the same CPU state, guest
 * memory and exit value.
 *
 * Programs mix i32 and i64 ops (every pure op, with inputs kept inside the
 * IR's defined ranges), host loads/stores, guest loads/stores through the
 * test TLB (fast pages, a missing page, an MMIO page, unaligned and
 * page-crossing addresses, big-endian, 128-bit pairs), helper calls of each
 * side-effect class, forward branches, counted loops (backward branches),
 * labels, early exits and goto_tb.  Some accesses hit a page whose slow path
 * raises a guest fault (siglongjmp): the state at the fault must match too,
 * which checks that globals are in memory before every op that may raise.
 *
 * PEREGRINE_TEST_SEED sets the first seed, PEREGRINE_TEST_PROGRAMS the
 * count (default 10000), PEREGRINE_TEST_PROGRAM_OPS the length bound
 * (default 50); a failure prints the seed that reproduces it.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "ref-eval.h"
#include "tcg-test.h"

#define NB_TB_TEMPS  4
#define NB_EBB_TEMPS 4
#define MAX_LABELS   4

/* The generator's view of one program being built. */
typedef struct Gen {
    GRand *rng;
    TestTCG *tt;
    TCGTemp *tb_temps[2][NB_TB_TEMPS]; /* [is64][n] */
    TCGTemp *ebb[2][NB_EBB_TEMPS];
    bool ebb_defined[2][NB_EBB_TEMPS];
    TCGLabel *labels[MAX_LABELS];
    bool placed[MAX_LABELS];
    int nb_labels;
    bool unreachable; /* after a br, before the next label */
    /* the last pure op, repeated now and then to give CSE work */
    bool last_valid;
    TCGOpcode last_opc;
    TCGType last_type;
    TCGTemp *last_in[4];
    TCGArg last_c[2];
    uint64_t pc;
} Gen;

static int rnd(Gen *g, int n)
{
    return (int)g_rand_int_range(g->rng, 0, n);
}

static bool chance(Gen *g, int percent)
{
    return rnd(g, 100) < percent;
}

/* An interesting value: edges, small numbers, random bits. */
static uint64_t rnd_value(Gen *g)
{
    static const uint64_t edges[] = {
        0,
        1,
        2,
        0x7f,
        0x80,
        0xff,
        0x8000,
        0xffff,
        0x7fffffff,
        0x80000000,
        0xffffffff,
        0x8000000000000000ull,
        0x7fffffffffffffffull,
        ~0ull,
    };

    switch (rnd(g, 4)) {
    case 0:
        return edges[rnd(g, G_N_ELEMENTS(edges))];
    case 1:
        return (uint64_t)(int64_t)(rnd(g, 33) - 16);
    default:
        return (uint64_t)g_rand_int(g->rng) << 32 | g_rand_int(g->rng);
    }
}

static TCGType type_of(bool is64)
{
    return is64 ? TCG_TYPE_I64 : TCG_TYPE_I32;
}

/* -- Operands -------------------------------------------------------------- */

/* A temp of the given width that holds a defined value. */
static TCGTemp *pick_input(Gen *g, bool is64)
{
    int k = rnd(g, 10);

    if (k < 2) {
        return tcg_constant_internal(type_of(is64), (int64_t)rnd_value(g));
    }
    if (k < 5) {
        int n = rnd(g, NB_EBB_TEMPS);

        if (g->ebb_defined[is64][n]) {
            return g->ebb[is64][n];
        }
    }
    if (k < 7) {
        return g->tb_temps[is64][rnd(g, NB_TB_TEMPS)];
    }
    return is64 ? tcgv_i64_temp(g->tt->r[rnd(g, TEST_NB_REGS)])
                : tcgv_i32_temp(g->tt->e[rnd(g, TEST_NB_REGS32)]);
}

/* A temp to write (globals, TB temps, EBB temps), avoiding AVOID. */
static TCGTemp *pick_output(Gen *g, bool is64, TCGTemp *avoid)
{
    for (;;) {
        int k = rnd(g, 10);
        TCGTemp *t;

        if (k < 4) {
            int n = rnd(g, NB_EBB_TEMPS);

            g->ebb_defined[is64][n] = true;
            t = g->ebb[is64][n];
        } else if (k < 6) {
            t = g->tb_temps[is64][rnd(g, NB_TB_TEMPS)];
        } else {
            t = is64 ? tcgv_i64_temp(g->tt->r[rnd(g, TEST_NB_REGS)])
                     : tcgv_i32_temp(g->tt->e[rnd(g, TEST_NB_REGS32)]);
        }
        if (t != avoid) {
            return t;
        }
    }
}

/* A shift count in [0, width - 1]: a constant or a masked temp. */
static TCGTemp *pick_count(Gen *g, bool is64)
{
    TCGType t = type_of(is64);
    TCGTemp *c;

    if (chance(g, 40)) {
        return tcg_constant_internal(t, rnd(g, is64 ? 64 : 32));
    }
    c = tcg_temp_new_internal(t, TEMP_EBB);
    tcg_gen_op_by_opc(INDEX_op_and, t,
                      (TCGTemp *[]){c, pick_input(g, is64),
                                    tcg_constant_internal(t, is64 ? 63 : 31)},
                      NULL);
    return c;
}

/* A divisor that is never 0 and, for signed division, never -1. */
static TCGTemp *pick_divisor(Gen *g, bool is64)
{
    TCGType t = type_of(is64);
    TCGTemp *d = tcg_temp_new_internal(t, TEMP_EBB);

    tcg_gen_op_by_opc(
        INDEX_op_or, t,
        (TCGTemp *[]){d, pick_input(g, is64), tcg_constant_internal(t, 1)},
        NULL);
    tcg_gen_op_by_opc(
        INDEX_op_and, t,
        (TCGTemp *[]){d, d,
                      tcg_constant_internal(t, is64 ? INT64_MAX : INT32_MAX)},
        NULL);
    return d;
}

/* -- Pure ops -------------------------------------------------------------- */

/* Every pure op at every type it has. */
static const struct {
    TCGOpcode opc;
    TCGType type;
} pure_ops[] = {
/* clang-format off */
#define INT(name)                                                              \
    {INDEX_op_##name, TCG_TYPE_I32}, {INDEX_op_##name, TCG_TYPE_I64}
    /* clang-format on */
    INT(add),
    INT(sub),
    INT(neg),
    INT(and),
    INT(or),
    INT(xor),
    INT(andc),
    INT(orc),
    INT(not ),
    INT(shl),
    INT(shr),
    INT(sar),
    INT(rotl),
    INT(rotr),
    INT(mul),
    INT(muluh),
    INT(mulsh),
    INT(mulu2),
    INT(muls2),
    INT(div),
    INT(divu),
    INT(rem),
    INT(remu),
    INT(add2),
    INT(sub2),
    INT(ext8s),
    INT(ext8u),
    INT(ext16s),
    INT(ext16u),
    INT(bswap16),
    INT(bswap32),
    INT(clz),
    INT(ctz),
    INT(ctpop),
    INT(deposit),
    INT(extract),
    INT(sextract),
    INT(extract2),
    INT(setcond),
    INT(negsetcond),
    INT(movcond),
#undef INT
    {INDEX_op_ext32s_i64, TCG_TYPE_I64},
    {INDEX_op_ext32u_i64, TCG_TYPE_I64},
    {INDEX_op_bswap64_i64, TCG_TYPE_I64},
    {INDEX_op_extu_i32_i64, TCG_TYPE_I64},
    {INDEX_op_ext_i32_i64, TCG_TYPE_I64},
    {INDEX_op_extrl_i64_i32, TCG_TYPE_I32},
    {INDEX_op_extrh_i64_i32, TCG_TYPE_I32},
};

static bool is_shift(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_shl:
    case INDEX_op_shr:
    case INDEX_op_sar:
    case INDEX_op_rotl:
    case INDEX_op_rotr:
        return true;
    default:
        return false;
    }
}

static bool is_division(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_div:
    case INDEX_op_divu:
    case INDEX_op_rem:
    case INDEX_op_remu:
        return true;
    default:
        return false;
    }
}

/* Constant arguments in the defined range for OPC. */
static void pick_cargs(Gen *g, TCGOpcode opc, unsigned w, TCGArg *c)
{
    const TCGOpDef *def = &tcg_op_defs[opc];

    c[0] = c[1] = 0;
    if (def->flags & TCG_OPF_COND) {
        c[0] = TCG_COND_EQ + rnd(g, TCG_COND_COUNT - TCG_COND_EQ);
    } else if (def->flags & TCG_OPF_BSWAP) {
        c[0] = chance(g, 50) ? TCG_BSWAP_OZ : TCG_BSWAP_OS;
    } else if (def->nb_cargs == 2) {
        c[0] = rnd(g, w);
        c[1] = 1 + rnd(g, w - c[0]);
    } else if (def->nb_cargs == 1) {
        c[0] = rnd(g, w);
    }
}

/* True if the EBB temps among the last op's inputs are still defined. */
static bool last_inputs_defined(Gen *g)
{
    const TCGOpDef *def = &tcg_op_defs[g->last_opc];

    for (int i = 0; i < def->nb_iargs; i++) {
        for (int w = 0; w < 2; w++) {
            for (int n = 0; n < NB_EBB_TEMPS; n++) {
                if (g->last_in[i] == g->ebb[w][n] && !g->ebb_defined[w][n]) {
                    return false;
                }
            }
        }
    }
    return true;
}

/* The last pure op again, same inputs, new outputs (CSE or not). */
static bool gen_repeat_op(Gen *g)
{
    const TCGOpDef *def = &tcg_op_defs[g->last_opc];
    bool out64 = g->last_type == TCG_TYPE_I64;
    TCGTemp *a[6] = {NULL};

    if (!g->last_valid || !chance(g, 15) || !last_inputs_defined(g)) {
        return false;
    }
    for (int i = 0; i < def->nb_iargs; i++) {
        a[def->nb_oargs + i] = g->last_in[i];
    }
    a[0] = pick_output(g, out64, NULL);
    if (def->nb_oargs == 2) {
        a[1] = pick_output(g, out64, a[0]);
    }
    tcg_gen_op_by_opc(g->last_opc, g->last_type, a, g->last_c);
    return true;
}

static void gen_pure_op(Gen *g)
{
    int k = rnd(g, G_N_ELEMENTS(pure_ops));
    TCGOpcode opc = pure_ops[k].opc;
    TCGType type = pure_ops[k].type;
    const TCGOpDef *def = &tcg_op_defs[opc];
    bool out64 = type == TCG_TYPE_I64;
    bool in64 = out64;
    TCGTemp *a[6] = {NULL};
    TCGArg c[2];

    if (gen_repeat_op(g)) {
        return;
    }
    if (opc == INDEX_op_extu_i32_i64 || opc == INDEX_op_ext_i32_i64) {
        in64 = false;
    }
    if (opc == INDEX_op_extrl_i64_i32 || opc == INDEX_op_extrh_i64_i32) {
        in64 = true;
    }
    pick_cargs(g, opc, out64 ? 64 : 32, c);
    for (int i = 0; i < def->nb_iargs; i++) {
        TCGTemp **in = &a[def->nb_oargs + i];

        if (i == 1 && is_shift(opc)) {
            *in = pick_count(g, in64);
        } else if (i == 1 && is_division(opc)) {
            *in = pick_divisor(g, in64);
        } else {
            *in = pick_input(g, in64);
        }
    }
    a[0] = pick_output(g, out64, NULL);
    if (def->nb_oargs == 2) {
        a[1] = pick_output(g, out64, a[0]);
    }
    tcg_gen_op_by_opc(opc, type, a, c);
    g->last_valid = true;
    g->last_opc = opc;
    g->last_type = type;
    memcpy(g->last_in, &a[def->nb_oargs], sizeof(g->last_in));
    memcpy(g->last_c, c, sizeof(g->last_c));
}

/* -- Memory ---------------------------------------------------------------- */

/* A guest address inside the test pages, aligned to ALIGN (1: any). */
static TCGTemp *pick_guest_addr(Gen *g, unsigned align)
{
    /* now and then the fault page: the program stops there */
    int page = chance(g, 2) ? TEST_PAGES : rnd(g, TEST_PAGES);
    uint64_t mask =
        (page >= TEST_PAGES - 1 ? 0xff0 : 0xfff) & ~(uint64_t)(align - 1);
    TCGTemp *a = tcg_temp_new_internal(TCG_TYPE_I64, TEMP_EBB);
    TCGTemp *base = tcg_constant_internal(
        TCG_TYPE_I64, TEST_GUEST_BASE + page * TARGET_PAGE_SIZE);

    tcg_gen_op_by_opc(INDEX_op_and, TCG_TYPE_I64,
                      (TCGTemp *[]){a, pick_input(g, true),
                                    tcg_constant_internal(TCG_TYPE_I64, mask)},
                      NULL);
    tcg_gen_op_by_opc(INDEX_op_add, TCG_TYPE_I64, (TCGTemp *[]){a, a, base},
                      NULL);
    return a;
}

static void gen_guest_access(Gen *g)
{
    bool is64 = chance(g, 50), store = chance(g, 40);
    MemOp size = rnd(g, is64 ? 4 : 3);
    MemOp mop =
        size | (chance(g, 30) ? MO_SIGN : 0) | (chance(g, 15) ? MO_BSWAP : 0);
    unsigned mmu = rnd(g, TEST_MMU_MODES);
    TCGTemp *addr;

    if (chance(g, 8)) {
        addr = pick_guest_addr(g, 16);
        if (store) {
            tcg_gen_qemu_st2_i64(temp_tcgv_i64(pick_input(g, true)),
                                 temp_tcgv_i64(pick_input(g, true)),
                                 temp_tcgv_i64(addr), mmu, MO_128);
        } else {
            TCGTemp *lo = pick_output(g, true, NULL);

            tcg_gen_qemu_ld2_i64(temp_tcgv_i64(lo),
                                 temp_tcgv_i64(pick_output(g, true, lo)),
                                 temp_tcgv_i64(addr), mmu, MO_128);
        }
        return;
    }
    addr = pick_guest_addr(g, chance(g, 20) ? 1 : 1u << size);
    if (store && is64) {
        tcg_gen_qemu_st_i64(temp_tcgv_i64(pick_input(g, true)),
                            temp_tcgv_i64(addr), mmu, mop);
    } else if (store) {
        tcg_gen_qemu_st_i32(temp_tcgv_i32(pick_input(g, false)),
                            temp_tcgv_i64(addr), mmu, mop);
    } else if (is64) {
        tcg_gen_qemu_ld_i64(temp_tcgv_i64(pick_output(g, true, NULL)),
                            temp_tcgv_i64(addr), mmu, mop);
    } else {
        tcg_gen_qemu_ld_i32(temp_tcgv_i32(pick_output(g, false, NULL)),
                            temp_tcgv_i64(addr), mmu, mop);
    }
}

static void gen_host_access(Gen *g)
{
    static const struct {
        TCGOpcode opc;
        bool is64;
    } ops[] = {
        {INDEX_op_ld8u, false},     {INDEX_op_ld8s, false},
        {INDEX_op_ld16u, false},    {INDEX_op_ld16s, false},
        {INDEX_op_ld, false},       {INDEX_op_st8, false},
        {INDEX_op_st16, false},     {INDEX_op_st, false},
        {INDEX_op_ld8u, true},      {INDEX_op_ld8s, true},
        {INDEX_op_ld16u, true},     {INDEX_op_ld16s, true},
        {INDEX_op_ld32u_i64, true}, {INDEX_op_ld32s_i64, true},
        {INDEX_op_ld, true},        {INDEX_op_st8, true},
        {INDEX_op_st16, true},      {INDEX_op_st32_i64, true},
        {INDEX_op_st, true},
    };
    int k = rnd(g, G_N_ELEMENTS(ops));
    TCGOpcode opc = ops[k].opc;
    bool is64 = ops[k].is64;
    bool store = tcg_op_defs[opc].nb_oargs == 0;
    intptr_t ofs = offsetof(TestCPU, scratch) + 8 * rnd(g, 7) + rnd(g, 8);
    TCGTemp *v = store ? pick_input(g, is64) : pick_output(g, is64, NULL);

    tcg_gen_op3(opc, type_of(is64), temp_arg(v), temp_arg(g->tt->s->env_temp),
                ofs);
}

/* -- Calls and control flow ------------------------------------------------ */

/* Inputs are picked before the output: an output becomes "defined" only
   once its op exists. */
static void gen_call(Gen *g)
{
    TCGTemp *env = g->tt->s->env_temp;
    TCGTemp *a, *b;

    switch (rnd(g, 5)) {
    case 4:
        a = pick_input(g, true);
        tcg_gen_callN(&test_info_raise_if, pick_output(g, true, NULL), 2,
                      (TCGTemp *[]){env, a});
        break;
    case 0:
        a = pick_input(g, true);
        b = pick_input(g, true);
        tcg_gen_callN(&test_info_mix, pick_output(g, true, NULL), 2,
                      (TCGTemp *[]){a, b});
        break;
    case 1:
        a = pick_input(g, false);
        b = pick_input(g, false);
        tcg_gen_callN(&test_info_mix32, pick_output(g, false, NULL), 2,
                      (TCGTemp *[]){a, b});
        break;
    case 2:
        tcg_gen_callN(&test_info_read_r3, pick_output(g, true, NULL), 1,
                      (TCGTemp *[]){env});
        break;
    default:
        a = pick_input(g, true);
        tcg_gen_callN(&test_info_bump_r5, pick_output(g, true, NULL), 2,
                      (TCGTemp *[]){env, a});
        break;
    }
}

/* A label not placed yet (a new one if there is room), or -1. */
static int pick_forward_label(Gen *g)
{
    int n;

    if (g->nb_labels < MAX_LABELS && chance(g, 60)) {
        g->labels[g->nb_labels] = gen_new_label();
        g->placed[g->nb_labels] = false;
        return g->nb_labels++;
    }
    for (int tries = 0; tries < 4 && g->nb_labels; tries++) {
        n = rnd(g, g->nb_labels);
        if (!g->placed[n]) {
            return n;
        }
    }
    return -1;
}

static void gen_branch(Gen *g)
{
    bool is64 = chance(g, 50);
    int l = pick_forward_label(g);
    TCGCond c = TCG_COND_EQ + rnd(g, TCG_COND_COUNT - TCG_COND_EQ);

    if (l < 0) {
        return;
    }
    if (chance(g, 10)) {
        /* ends the block: EBB temps die, what follows is unreachable */
        tcg_gen_br(g->labels[l]);
        memset(g->ebb_defined, 0, sizeof(g->ebb_defined));
        g->unreachable = true;
        g->last_valid = false;
        return;
    }
    tcg_gen_op4(INDEX_op_brcond, type_of(is64), temp_arg(pick_input(g, is64)),
                temp_arg(pick_input(g, is64)), c, label_arg(g->labels[l]));
    g->labels[l]->refs++;
}

/* Place label N: EBB temps die there. */
static void place_label(Gen *g, int n)
{
    tcg_gen_set_label(g->labels[n]);
    g->placed[n] = true;
    g->unreachable = false;
    g->last_valid = false;
    memset(g->ebb_defined, 0, sizeof(g->ebb_defined));
}

static void place_some_label(Gen *g)
{
    for (int n = 0; n < g->nb_labels; n++) {
        if (!g->placed[n]) {
            place_label(g, n);
            return;
        }
    }
}

static void gen_mov(Gen *g)
{
    bool is64 = chance(g, 50);
    TCGTemp *src = pick_input(g, is64);

    tcg_gen_op_by_opc(INDEX_op_mov, type_of(is64),
                      (TCGTemp *[]){pick_output(g, is64, NULL), src}, NULL);
}

/*
 * A counted loop: a backward branch over a few pure ops.  The counter is a
 * TB temp of its own that the body never writes.  Not in unreachable code:
 * the optimizer drops the counter's initialization there but keeps the
 * loop, whose label its own branch still uses.
 */
static void gen_loop(Gen *g)
{
    TCGTemp *cnt;
    TCGLabel *top;
    int body = 1 + rnd(g, 4);

    if (g->unreachable) {
        return;
    }
    cnt = tcg_temp_new_internal(TCG_TYPE_I64, TEMP_TB);
    top = gen_new_label();

    tcg_gen_op_by_opc(
        INDEX_op_mov, TCG_TYPE_I64,
        (TCGTemp *[]){cnt, tcg_constant_internal(TCG_TYPE_I64, 1 + rnd(g, 4))},
        NULL);
    tcg_gen_set_label(top);
    memset(g->ebb_defined, 0, sizeof(g->ebb_defined));
    g->last_valid = false;
    for (int i = 0; i < body; i++) {
        gen_pure_op(g);
    }
    tcg_gen_op_by_opc(
        INDEX_op_sub, TCG_TYPE_I64,
        (TCGTemp *[]){cnt, cnt, tcg_constant_internal(TCG_TYPE_I64, 1)}, NULL);
    tcg_gen_brcond_i64(TCG_COND_NE, temp_tcgv_i64(cnt), tcg_constant_i64(0),
                       top);
}

/* discard an EBB temp (it is undefined afterwards), or a barrier. */
static void gen_discard_or_mb(Gen *g)
{
    bool is64 = chance(g, 50);
    int n = rnd(g, NB_EBB_TEMPS);

    if (chance(g, 50)) {
        tcg_gen_mb(TCG_MO_ALL | TCG_BAR_SC);
        return;
    }
    tcg_gen_op1(INDEX_op_discard, type_of(is64), temp_arg(g->ebb[is64][n]));
    g->ebb_defined[is64][n] = false;
}

/* The end: remaining labels, maybe an early exit path and goto_tb. */
static void gen_epilogue(Gen *g)
{
    static uint64_t fake_tb[2] __attribute__((aligned(8)));

    for (int n = 0; n < g->nb_labels; n++) {
        if (!g->placed[n]) {
            place_label(g, n);
            if (chance(g, 50)) {
                gen_pure_op(g);
            }
        }
    }
    if (chance(g, 30)) {
        TCGLabel *l = gen_new_label();

        tcg_gen_op4(INDEX_op_brcond, TCG_TYPE_I64,
                    temp_arg(pick_input(g, true)),
                    temp_arg(pick_input(g, true)), TCG_COND_LTU, label_arg(l));
        l->refs++;
        gen_pure_op(g);
        tcg_gen_exit_tb(&fake_tb[0], 1);
        tcg_gen_set_label(l);
        memset(g->ebb_defined, 0, sizeof(g->ebb_defined));
        g->last_valid = false;
        gen_pure_op(g);
    }
    if (chance(g, 30)) {
        tcg_gen_goto_tb(0);
    }
    tcg_gen_exit_tb(NULL, 0);
}

/* Upper bound of a program's length (PEREGRINE_TEST_PROGRAM_OPS). */
static int program_ops = 50;

/* Build the program of SEED in TT's context. */
static void gen_program(TestTCG *tt, guint64 seed)
{
    Gen g = {.tt = tt, .pc = 0x1000};
    int n;

    g.rng = g_rand_new_with_seed_array(
        (const guint32[]){(guint32)seed, (guint32)(seed >> 32)}, 2);
    test_tcg_start(tt);
    for (int w = 0; w < 2; w++) {
        for (int i = 0; i < NB_TB_TEMPS; i++) {
            g.tb_temps[w][i] = tcg_temp_new_internal(type_of(w), TEMP_TB);
        }
        for (int i = 0; i < NB_EBB_TEMPS; i++) {
            g.ebb[w][i] = tcg_temp_new_internal(type_of(w), TEMP_EBB);
        }
    }
    /* TB temps are defined everywhere: give each a value first */
    for (int w = 0; w < 2; w++) {
        for (int i = 0; i < NB_TB_TEMPS; i++) {
            TCGTemp *src = w ? tcgv_i64_temp(tt->r[rnd(&g, TEST_NB_REGS)])
                             : tcgv_i32_temp(tt->e[rnd(&g, TEST_NB_REGS32)]);

            tcg_gen_op_by_opc(INDEX_op_mov, type_of(w),
                              (TCGTemp *[]){g.tb_temps[w][i], src}, NULL);
        }
    }
    n = 10 + rnd(&g, program_ops);
    for (int i = 0; i < n; i++) {
        int k = rnd(&g, 100);

        if (chance(&g, 10)) {
            tcg_gen_insn_start(g.pc, rnd(&g, 4));
            g.pc += 1 + rnd(&g, 15);
        }
        if (k < 55) {
            gen_pure_op(&g);
        } else if (k < 67) {
            gen_guest_access(&g);
        } else if (k < 73) {
            gen_host_access(&g);
        } else if (k < 80) {
            gen_call(&g);
        } else if (k < 88) {
            gen_branch(&g);
        } else if (k < 94) {
            place_some_label(&g);
        } else if (k < 96) {
            gen_mov(&g);
        } else if (k < 98) {
            gen_loop(&g);
        } else {
            gen_discard_or_mb(&g);
        }
    }
    gen_epilogue(&g);
    g_rand_free(g.rng);
}

/* -- Running and comparing ------------------------------------------------- */

/* Everything a run may change. */
typedef struct Outcome {
    TestCPU cpu;
    uint8_t mem[sizeof(test_guest_mem)];
    uintptr_t ret;
} Outcome;

/* Reset CPU and guest memory to SEED's initial state. */
static void initial_state(TestCPU *cpu, guint64 seed)
{
    GRand *r = g_rand_new_with_seed((guint32)(seed * 2654435761u));

    test_cpu_init(cpu);
    for (int i = 0; i < TEST_NB_REGS; i++) {
        cpu->regs[i] = (uint64_t)g_rand_int(r) << 32 | g_rand_int(r);
        if (i % 4 == 0) {
            cpu->regs[i] &= 0xff;
        }
    }
    for (int i = 0; i < TEST_NB_REGS32; i++) {
        cpu->regs32[i] = g_rand_int(r);
    }
    for (size_t i = 0; i < sizeof(test_guest_mem); i++) {
        test_guest_mem[i] = (uint8_t)g_rand_int(r);
    }
    g_rand_free(r);
}

static void capture(Outcome *o, const TestCPU *cpu, uintptr_t ret)
{
    o->cpu = *cpu;
    o->cpu.slow_loads = o->cpu.slow_stores = 0;
    memcpy(o->mem, test_guest_mem, sizeof(o->mem));
    o->ret = ret;
}

/* The "exit value" of a run a guest fault ended. */
#define RET_FAULTED ((uintptr_t)0xfa17ed)

/* Run the reference on CPU, catching a guest fault. */
static uintptr_t run_ref(TCGContext *s, TestCPU *cpu)
{
    sigjmp_buf jb;
    uintptr_t ret;

    if (sigsetjmp(jb, 0)) {
        test_fault_jmp = NULL;
        return RET_FAULTED;
    }
    test_fault_jmp = &jb;
    ret = ref_eval(s, cpu, s->mem_helpers);
    test_fault_jmp = NULL;
    return ret;
}

/* Run the generated code of TT on CPU, catching a guest fault. */
static uintptr_t run_code(TestTCG *tt, TestCPU *cpu)
{
    void *code = test_tcg_gen(tt);
    sigjmp_buf jb;
    uintptr_t ret;

    if (sigsetjmp(jb, 0)) {
        test_fault_jmp = NULL;
        return RET_FAULTED;
    }
    test_fault_jmp = &jb;
    ret = tcg_exec_tb(tt->s, cpu, code);
    test_fault_jmp = NULL;
    return ret;
}

/* Describe the first difference of B from A (NULL if none). */
static char *first_difference(const Outcome *a, const Outcome *b)
{
    if (a->ret != b->ret) {
        return g_strdup_printf("exit value %#lx vs %#lx", (unsigned long)a->ret,
                               (unsigned long)b->ret);
    }
    for (int i = 0; i < TEST_NB_REGS; i++) {
        if (a->cpu.regs[i] != b->cpu.regs[i]) {
            return g_strdup_printf("r%d %#llx vs %#llx", i,
                                   (unsigned long long)a->cpu.regs[i],
                                   (unsigned long long)b->cpu.regs[i]);
        }
    }
    for (int i = 0; i < TEST_NB_REGS32; i++) {
        if (a->cpu.regs32[i] != b->cpu.regs32[i]) {
            return g_strdup_printf("e%d %#x vs %#x", i, a->cpu.regs32[i],
                                   b->cpu.regs32[i]);
        }
    }
    if (memcmp(a->cpu.scratch, b->cpu.scratch, sizeof(a->cpu.scratch))) {
        return g_strdup("host scratch memory");
    }
    if (a->cpu.helper_calls != b->cpu.helper_calls) {
        return g_strdup("helper call count");
    }
    for (size_t i = 0; i < sizeof(a->mem); i++) {
        if (a->mem[i] != b->mem[i]) {
            return g_strdup_printf("guest byte %#zx", i);
        }
    }
    return NULL;
}

static TestTCG *contexts[5];
static Outcome *want, *got;

/* Run SEED on context TT (OPTIMIZE or not) and compare with *want. */
static bool check_backend(TestTCG *tt, guint64 seed, bool optimize,
                          const char *what)
{
    TestCPU cpu;
    uintptr_t ret;
    char *diff;

    gen_program(tt, seed);
    tt->s->optimize = optimize;
    initial_state(&cpu, seed);
    ret = run_code(tt, &cpu);
    tt->s->optimize = true;
    capture(got, &cpu, ret);
    diff = first_difference(want, got);
    if (diff) {
        g_test_message(
            "seed %" G_GUINT64_FORMAT ": %s %s differs from the "
            "reference: %s (rerun with PEREGRINE_TEST_SEED=%" G_GUINT64_FORMAT
            " PEREGRINE_TEST_PROGRAMS=1)",
            seed, tt->backend->name, what, diff, seed);
        g_free(diff);
        return false;
    }
    return true;
}

/* Reference before and after the optimizer, then every backend. */
/* What the programs contained (printed at the end, as evidence). */
static guint64 stat_ops, stat_removed_by_opt, stat_faults,
    stat_op_count[NB_OPS][TCG_TYPE_COUNT];

static void count_ops(TCGContext *s)
{
    TCGOp *op;

    tcg_for_each_op(s, op)
    {
        stat_ops++;
        stat_op_count[op->opc][op->type]++;
    }
}

static bool check_seed(guint64 seed)
{
    TestTCG *tt = contexts[0];
    TestCPU cpu;
    uintptr_t ret;
    char *diff;
    bool ok = true;
    int before;

    gen_program(tt, seed);
    count_ops(tt->s);
    before = tt->s->nb_ops;
    initial_state(&cpu, seed);
    ret = run_ref(tt->s, &cpu);
    capture(want, &cpu, ret);
    stat_faults += ret == RET_FAULTED;

    tcg_optimize(tt->s);
    stat_removed_by_opt += (guint64)(before - tt->s->nb_ops);
    initial_state(&cpu, seed);
    ret = run_ref(tt->s, &cpu);
    capture(got, &cpu, ret);
    diff = first_difference(want, got);
    if (diff) {
        g_test_message(
            "seed %" G_GUINT64_FORMAT ": optimized IR differs "
            "from the original: %s (PEREGRINE_TEST_SEED=%" G_GUINT64_FORMAT ")",
            seed, diff, seed);
        g_free(diff);
        return false;
    }
    for (int b = 0; contexts[b]; b++) {
        ok &= check_backend(contexts[b], seed, false, "unoptimized");
        ok &= check_backend(contexts[b], seed, true, "optimized");
    }
    return ok;
}

/* Ops of OPC generated, at every type. */
static guint64 op_count(TCGOpcode opc)
{
    guint64 n = 0;

    for (int t = 0; t < TCG_TYPE_COUNT; t++) {
        n += stat_op_count[opc][t];
    }
    return n;
}

static void print_stats(guint64 programs)
{
    g_test_message("%" G_GUINT64_FORMAT " of them stopped by a guest fault",
                   stat_faults);
    g_test_message("%" G_GUINT64_FORMAT " programs, %" G_GUINT64_FORMAT
                   " IR ops (%" G_GUINT64_FORMAT " removed by the optimizer), "
                   "%" G_GUINT64_FORMAT " guest accesses, %" G_GUINT64_FORMAT
                   " calls, %" G_GUINT64_FORMAT " conditional branches",
                   programs, stat_ops, stat_removed_by_opt,
                   op_count(INDEX_op_qemu_ld) + op_count(INDEX_op_qemu_st)
                       + op_count(INDEX_op_qemu_ld2_i64)
                       + op_count(INDEX_op_qemu_st2_i64),
                   op_count(INDEX_op_call), op_count(INDEX_op_brcond));
    for (int opc = 0; opc < NB_OPS; opc++) {
        for (int t = 0; t < TCG_TYPE_COUNT; t++) {
            if (tcg_op_has_type(opc, t) && !stat_op_count[opc][t]
                && !(tcg_op_defs[opc].flags & TCG_OPF_NOT_PRESENT)) {
                g_test_message("op never generated: %s", tcg_op_name(opc, t));
            }
        }
    }
}

static void test_random_programs(void)
{
    const char *count_env = getenv("PEREGRINE_TEST_PROGRAMS");
    const char *ops_env = getenv("PEREGRINE_TEST_PROGRAM_OPS");
    guint64 first = test_seed(1);
    guint64 count = count_env ? g_ascii_strtoull(count_env, NULL, 0) : 10000;
    int failures = 0;

    if (ops_env) {
        program_ops = MAX(1, atoi(ops_env));
    }
    want = g_new0(Outcome, 1);
    got = g_new0(Outcome, 1);
    for (int b = 0; test_backends[b]; b++) {
        contexts[b] = test_tcg_new(test_backends[b]);
    }
    for (guint64 seed = first; seed < first + count && failures < 10; seed++) {
        failures += !check_seed(seed);
    }
    for (int b = 0; contexts[b]; b++) {
        test_tcg_free(contexts[b]);
        contexts[b] = NULL;
    }
    print_stats(count);
    g_free(want);
    g_free(got);
    g_assert_cmpint(failures, ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tcg/random/programs-agree-with-reference",
                    test_random_programs);
    return g_test_run();
}
