/*
 * Random IR programs on the x86-64 backend and on the TCI interpreter:
 * the CPU state they leave must agree bit for bit.
 *
 * A program works on eight i64 globals in env plus TB temps of both
 * widths.  Each step is a random pure value op (tcg_gen_op_by_opc, so ops
 * a backend lacks are expanded as in real use), with operands drawn from
 * the pools and constants sometimes in place of temps; inputs the IR
 * leaves undefined are made defined first (shift counts masked, divisors
 * made positive and odd).  Forward conditional branches skip a few steps,
 * helper calls and host loads/stores of env are mixed in.  The same seed
 * builds the same program in each context.  Runs with all host features
 * (split W^X code buffer) and with BMI1/BMI2/LZCNT/POPCNT forced off (one
 * RWX mapping of 1 MiB, which fills up and is flushed).
 */
#include <glib.h>
#include <stddef.h>
#include <string.h>

#include "tcg/tcg-op.h"
#include "tcg/tcg-region.h"
#include "tcg/x86_64-backend.h"
#include "tcg/x86_64-host.h"

#define NB_GLOBALS 8
#define NB_T32     6
#define NB_T64     4
#define STEPS      60
#define PROGRAMS   1500

typedef struct RandEnv {
    uint64_t r[NB_GLOBALS];
    uint64_t mem[4]; /* host ld/st target */
} RandEnv;

typedef struct Backend {
    TCGContext ctx;
    TCGv_i64 g[NB_GLOBALS];
} Backend;

static Backend x86, tci;

static void backend_init(Backend *b, const TCGBackend *be)
{
    static const char *const names[NB_GLOBALS] = {
        "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7",
    };

    tcg_context_init(&b->ctx, be);
    tcg_region_commit(tcg_prologue_init(&b->ctx, tcg_region_ptr()));
    for (int i = 0; i < NB_GLOBALS; i++) {
        b->g[i] = tcg_global_mem_new_i64(tcg_env(), offsetof(RandEnv, r[i]),
                                         names[i]);
    }
}

/* -- Program generation ---------------------------------------------------- */

static uint64_t helper_mix(uint64_t a, uint64_t b)
{
    return (a ^ (b >> 7)) * 0x9e3779b97f4a7c15ull + (b << 3);
}

static const TCGHelperInfo info_mix = TCG_HELPER_INFO(
    helper_mix, TCG_CALL_NO_SIDE_EFFECTS, TCG_HT_I64, TCG_HT_I64, TCG_HT_I64);

typedef struct Pools {
    TCGTemp *t32[NB_T32];
    TCGTemp *t64[NB_GLOBALS + NB_T64]; /* globals first */
} Pools;

static uint64_t rand64(GRand *rng)
{
    uint64_t v = (uint64_t)g_rand_int(rng) << 32 | g_rand_int(rng);

    switch (g_rand_int_range(rng, 0, 4)) {
    case 0:
        return g_rand_int_range(rng, -3, 300);
    case 1:
        return v >> g_rand_int_range(rng, 0, 64);
    case 2:
        return (uint64_t)1 << g_rand_int_range(rng, 0, 64);
    default:
        return v;
    }
}

/* A source operand of TYPE: a pool temp, or sometimes a constant. */
static TCGTemp *pick_src(GRand *rng, Pools *p, TCGType type)
{
    if (g_rand_int_range(rng, 0, 5) == 0) {
        return tcg_constant_internal(type, type == TCG_TYPE_I32
                                               ? (int64_t)(int32_t)rand64(rng)
                                               : (int64_t)rand64(rng));
    }
    if (type == TCG_TYPE_I32) {
        return p->t32[g_rand_int_range(rng, 0, NB_T32)];
    }
    return p->t64[g_rand_int_range(rng, 0, NB_GLOBALS + NB_T64)];
}

static TCGTemp *pick_dst(GRand *rng, Pools *p, TCGType type)
{
    if (type == TCG_TYPE_I32) {
        return p->t32[g_rand_int_range(rng, 0, NB_T32)];
    }
    return p->t64[g_rand_int_range(rng, 0, NB_GLOBALS + NB_T64)];
}

/* A fresh temp holding SRC masked to a valid shift count. */
static TCGTemp *shift_count(TCGType type, TCGTemp *src)
{
    TCGTemp *t = tcg_temp_new_internal(type, TEMP_TB);
    int w = type == TCG_TYPE_I64 ? 64 : 32;
    TCGTemp *m = tcg_constant_internal(type, w - 1);

    tcg_gen_op_by_opc(INDEX_op_and, type, (TCGTemp *[]){t, src, m}, NULL);
    return t;
}

/* A fresh temp holding SRC made a positive odd divisor. */
static TCGTemp *divisor(TCGType type, TCGTemp *src)
{
    bool is64 = type == TCG_TYPE_I64;
    TCGTemp *t = tcg_temp_new_internal(type, TEMP_TB);

    tcg_gen_op_by_opc(
        INDEX_op_and, type,
        (TCGTemp *[]){
            t, src, tcg_constant_internal(type, is64 ? INT64_MAX : INT32_MAX)},
        NULL);
    tcg_gen_op_by_opc(INDEX_op_or, type,
                      (TCGTemp *[]){t, t, tcg_constant_internal(type, 1)},
                      NULL);
    return t;
}

/* An op at a type. */
typedef struct TypedOp {
    TCGOpcode opc;
    TCGType type;
} TypedOp;

/* The ops a step may be: pure value ops (at each of their types). */
static bool is_value_op(TCGOpcode opc)
{
    const TCGOpDef *def = &tcg_op_defs[opc];

    return !(def->flags
             & (TCG_OPF_NOT_PRESENT | TCG_OPF_BB_END | TCG_OPF_SIDE_EFFECTS
                | TCG_OPF_MEMOP | TCG_OPF_CALL))
           && def->nb_oargs > 0 && !g_str_has_prefix(def->name, "ld");
}

static void gen_value_op(GRand *rng, Pools *p, TCGOpcode opc, TCGType type)
{
    const TCGOpDef *def = &tcg_op_defs[opc];
    const char *n = def->name;
    int w = type == TCG_TYPE_I64 ? 64 : 32;
    TCGTemp *a[TCG_MAX_OP_ARGS];
    TCGArg c[4] = {0};

    for (int k = 0; k < def->nb_oargs; k++) {
        TCGType ot =
            opc == INDEX_op_extrl_i64_i32 || opc == INDEX_op_extrh_i64_i32
                ? TCG_TYPE_I32
                : type;
        do {
            a[k] = pick_dst(rng, p, ot);
        } while (k == 1 && a[1] == a[0]);
    }
    for (int i = 0; i < def->nb_iargs; i++) {
        TCGType it = opc == INDEX_op_extu_i32_i64 || opc == INDEX_op_ext_i32_i64
                         ? TCG_TYPE_I32
                         : type;
        a[def->nb_oargs + i] = pick_src(rng, p, it);
    }
    if (g_str_has_prefix(n, "sh") || g_str_has_prefix(n, "sar")
        || g_str_has_prefix(n, "rot")) {
        a[def->nb_oargs + 1] = shift_count(type, a[def->nb_oargs + 1]);
    } else if (g_str_has_prefix(n, "div") || g_str_has_prefix(n, "rem")) {
        a[def->nb_oargs + 1] = divisor(type, a[def->nb_oargs + 1]);
    } else if (g_str_has_prefix(n, "deposit") || g_str_has_prefix(n, "extract")
               || g_str_has_prefix(n, "sextract")) {
        c[0] = g_rand_int_range(rng, 0, w);
        c[1] = g_rand_int_range(rng, 1, w - c[0] + 1);
        if (g_str_has_prefix(n, "extract2")) {
            c[1] = 0;
        }
    } else if (g_str_has_prefix(n, "bswap")) {
        c[0] = g_rand_boolean(rng) ? TCG_BSWAP_OZ : TCG_BSWAP_OS;
    } else if (strstr(n, "setcond") || g_str_has_prefix(n, "movcond")) {
        c[0] = g_rand_int_range(rng, TCG_COND_NEVER, TCG_COND_COUNT);
    }
    tcg_gen_op_by_opc(opc, type, a, c);
}

/* Build program SEED in the current context. */
static void gen_program(Backend *b, guint32 seed)
{
    GRand *rng = g_rand_new_with_seed(seed);
    Pools p;
    GArray *ops = g_array_new(false, false, sizeof(TypedOp));
    TCGLabel *pending = NULL;
    int pending_left = 0;

    for (TCGOpcode opc = 0; opc < NB_OPS; opc++) {
        for (TCGType t = TCG_TYPE_I32; t <= TCG_TYPE_I64; t++) {
            if (is_value_op(opc) && tcg_op_has_type(opc, t)) {
                g_array_append_val(ops, ((TypedOp){opc, t}));
            }
        }
    }
    for (int i = 0; i < NB_GLOBALS; i++) {
        p.t64[i] = tcgv_i64_temp(b->g[i]);
    }
    for (int i = 0; i < NB_T64; i++) {
        p.t64[NB_GLOBALS + i] = tcg_temp_new_internal(TCG_TYPE_I64, TEMP_TB);
        tcg_gen_op_by_opc(
            INDEX_op_xor, TCG_TYPE_I64,
            (TCGTemp *[]){p.t64[NB_GLOBALS + i], p.t64[i], p.t64[i + 1]}, NULL);
    }
    for (int i = 0; i < NB_T32; i++) {
        p.t32[i] = tcg_temp_new_internal(TCG_TYPE_I32, TEMP_TB);
        tcg_gen_op_by_opc(
            i & 1 ? INDEX_op_extrh_i64_i32 : INDEX_op_extrl_i64_i32,
            TCG_TYPE_I32, (TCGTemp *[]){p.t32[i], p.t64[i]}, NULL);
    }

    for (int step = 0; step < STEPS; step++) {
        int what = g_rand_int_range(rng, 0, 20);

        if (pending && --pending_left == 0) {
            tcg_gen_set_label(pending);
            pending = NULL;
        }
        if (what == 0 && !pending) {
            /* Skip the next few steps when a random condition holds. */
            bool is64 = g_rand_boolean(rng);
            TCGType t = is64 ? TCG_TYPE_I64 : TCG_TYPE_I32;
            TCGCond cond = g_rand_int_range(rng, TCG_COND_EQ, TCG_COND_COUNT);
            TCGTemp *x = pick_dst(rng, &p, t), *y = pick_src(rng, &p, t);
            pending = gen_new_label();
            pending_left = g_rand_int_range(rng, 1, 6);
            if (is64) {
                tcg_gen_brcond_i64(cond, temp_tcgv_i64(x), temp_tcgv_i64(y),
                                   pending);
            } else {
                tcg_gen_brcond_i32(cond, temp_tcgv_i32(x), temp_tcgv_i32(y),
                                   pending);
            }
        } else if (what == 1) {
            TCGTemp *d = pick_dst(rng, &p, TCG_TYPE_I64);
            tcg_gen_callN(&info_mix, d, 2,
                          (TCGTemp *[]){pick_src(rng, &p, TCG_TYPE_I64),
                                        pick_src(rng, &p, TCG_TYPE_I64)});
        } else if (what == 2) {
            int slot = g_rand_int_range(rng, 0, 4);
            TCGTemp *v = pick_dst(rng, &p, TCG_TYPE_I32);
            tcg_gen_st8_i32(temp_tcgv_i32(v), tcg_env(),
                            offsetof(RandEnv, mem[slot]) + 3);
            tcg_gen_ld16s_i32(temp_tcgv_i32(pick_dst(rng, &p, TCG_TYPE_I32)),
                              tcg_env(), offsetof(RandEnv, mem[slot]) + 2);
        } else {
            TypedOp op =
                g_array_index(ops, TypedOp, g_rand_int_range(rng, 0, ops->len));
            gen_value_op(rng, &p, op.opc, op.type);
        }
    }
    if (pending) {
        tcg_gen_set_label(pending);
    }
    /* Fold the i32 and i64 temps into the globals. */
    for (int i = 0; i < NB_T32; i++) {
        TCGTemp *e = tcg_temp_new_internal(TCG_TYPE_I64, TEMP_TB);
        tcg_gen_op_by_opc(INDEX_op_extu_i32_i64, TCG_TYPE_I64,
                          (TCGTemp *[]){e, p.t32[i]}, NULL);
        tcg_gen_op_by_opc(
            INDEX_op_rotl, TCG_TYPE_I64,
            (TCGTemp *[]){p.t64[i], p.t64[i],
                          tcg_constant_internal(TCG_TYPE_I64, 17)},
            NULL);
        tcg_gen_op_by_opc(INDEX_op_xor, TCG_TYPE_I64,
                          (TCGTemp *[]){p.t64[i], p.t64[i], e}, NULL);
    }
    for (int i = 0; i < NB_T64; i++) {
        tcg_gen_op_by_opc(
            INDEX_op_add, TCG_TYPE_I64,
            (TCGTemp *[]){p.t64[i], p.t64[i], p.t64[NB_GLOBALS + i]}, NULL);
    }
    tcg_gen_exit_tb(NULL, 0);
    g_array_free(ops, true);
    g_rand_free(rng);
}

/* -- Running --------------------------------------------------------------- */

static void run_program(Backend *b, guint32 seed, RandEnv *env)
{
    void *code;
    int size;

    tcg_ctx = &b->ctx;
    tcg_func_start(&b->ctx);
    gen_program(b, seed);
    code = tcg_region_ptr();
    size = tcg_gen_code(&b->ctx, code, tcg_region_high_water());
    if (size == -1) {
        tcg_region_reset();
        /* Both prologues sit below the floor; retry in the empty buffer. */
        tcg_func_start(&b->ctx);
        gen_program(b, seed);
        code = tcg_region_ptr();
        size = tcg_gen_code(&b->ctx, code, tcg_region_high_water());
    }
    g_assert_cmpint(size, >, 0);
    tcg_region_commit((uint8_t *)code + size);
    tcg_exec_tb(&b->ctx, env, tcg_splitwx_to_rx(code));
}

static void init_env(RandEnv *env, guint32 seed)
{
    GRand *rng = g_rand_new_with_seed(seed ^ 0xabcdef);

    for (int i = 0; i < NB_GLOBALS; i++) {
        env->r[i] = rand64(rng);
    }
    for (int i = 0; i < 4; i++) {
        env->mem[i] = rand64(rng);
    }
    g_rand_free(rng);
}

/*
 * Run PROGRAMS programs on both backends and compare.  BUF_MIB is the code
 * buffer size: a small one fills up, so the flush-and-retranslate path
 * (tcg_gen_code returning -1) is taken too.
 */
static void differential(const char *features, bool split_wx, size_t buf_mib)
{
    int mismatches = 0;

    g_assert_true(x86_host_parse(features));
    tcg_backend_x86_64_configure();
    g_assert_cmpint(tcg_region_init(buf_mib * TCG_REGION_MIB, split_wx), ==, 0);
    backend_init(&x86, &tcg_backend_x86_64);
    backend_init(&tci, &tcg_backend_tci);
    tcg_region_set_floor();

    for (guint32 seed = 1; seed <= PROGRAMS; seed++) {
        RandEnv e_x86, e_tci;

        init_env(&e_x86, seed);
        e_tci = e_x86;
        run_program(&x86, seed, &e_x86);
        run_program(&tci, seed, &e_tci);
        if (memcmp(&e_x86, &e_tci, sizeof(e_x86)) != 0) {
            for (int i = 0; i < NB_GLOBALS; i++) {
                if (e_x86.r[i] != e_tci.r[i]) {
                    g_test_message("program %u: r%d x86 %#" G_GINT64_MODIFIER
                                   "x tci %#" G_GINT64_MODIFIER "x",
                                   seed, i, e_x86.r[i], e_tci.r[i]);
                }
            }
            if (++mismatches >= 5) {
                break;
            }
        }
    }
    g_test_message("code buffer flushed %lu times", tcg_region_flush_count());
    if (buf_mib == 1) {
        g_assert_cmpuint(tcg_region_flush_count(), >, 0);
    }
    tcg_context_destroy(&x86.ctx);
    tcg_context_destroy(&tci.ctx);
    tcg_region_destroy();
    g_assert_true(x86_host_parse("all"));
    tcg_backend_x86_64_configure();
    if (mismatches) {
        g_test_fail();
    } else {
        g_test_message("%d random programs agree (features \"%s\", "
                       "split-wx=%s)",
                       PROGRAMS, features, split_wx ? "on" : "off");
    }
}

static void test_random_programs_agree_with_tci(void)
{
    differential("all", true, 64);
}

static void test_random_programs_agree_without_bmi(void)
{
    differential("none", false, 1);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86_64-random/agree_with_tci",
                    test_random_programs_agree_with_tci);
    g_test_add_func("/x86_64-random/agree_with_tci_without_host_features",
                    test_random_programs_agree_without_bmi);
    return g_test_run();
}
