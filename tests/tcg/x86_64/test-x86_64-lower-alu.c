/*
 * Tests of the x86-64 lowering of arithmetic ops (x86_64-lower-alu.c),
 * through the harness of lower-harness.h instead of the register
 * allocator.  For every ALU op, 300 random instances: registers and
 * immediates as the constraints allow, random values biased to edge
 * cases, i32 inputs with garbage in bits 63:32.  Checked: outputs against
 * a C reference of the op's meaning, and every register that is not an
 * output, a clobber or the scratch keeps its value.  The sweep runs with
 * all host features and with BMI1/BMI2/LZCNT/POPCNT forced off, so both
 * code paths are covered.
 */
#include <glib.h>
#include <string.h>

#include "lower-harness.h"
#include "tcg/x86_64-backend.h"
#include "tcg/x86_64-host.h"
#include "x86_64-emit.h"

/* -- Reference semantics --------------------------------------------------- */

static uint64_t bswap_n(uint64_t v, int bits)
{
    uint64_t r = 0;

    for (int i = 0; i < bits / 8; i++) {
        r = r << 8 | ((v >> (8 * i)) & 0xff);
    }
    return r;
}

static bool cond_holds(TCGCond c, uint64_t a, uint64_t b, int w)
{
    int64_t sa = sx(a, w), sb = sx(b, w);
    uint64_t ua = zx(a, w), ub = zx(b, w);

    switch (c) {
    case TCG_COND_NEVER:
        return false;
    case TCG_COND_ALWAYS:
        return true;
    case TCG_COND_EQ:
        return ua == ub;
    case TCG_COND_NE:
        return ua != ub;
    case TCG_COND_LT:
        return sa < sb;
    case TCG_COND_GE:
        return sa >= sb;
    case TCG_COND_LE:
        return sa <= sb;
    case TCG_COND_GT:
        return sa > sb;
    case TCG_COND_LTU:
        return ua < ub;
    case TCG_COND_GEU:
        return ua >= ub;
    case TCG_COND_LEU:
        return ua <= ub;
    case TCG_COND_GTU:
        return ua > ub;
    default:
        g_assert_not_reached();
    }
}

static uint64_t clz64(uint64_t a)
{
    return __builtin_clzll(a);
}

/* Width in bits of the op's type. */
static int op_width(TCGType type)
{
    return type == TCG_TYPE_I64 ? 64 : 32;
}

/*
 * OUT = OPC(IN, CARGS) at TYPE, outputs zero-extended from the op width.
 * Inputs are as the registers hold them (i32 ones with garbage above bit
 * 31).  Ops are told apart by their printed name ("add_i32").
 */
static void reference(TCGOpcode opc, TCGType type, uint64_t *out,
                      const uint64_t *in, const TCGArg *cargs)
{
    int w = op_width(type);
    uint64_t a = zx(in[0], w), b = zx(in[1], w);
    unsigned __int128 p;
    const char *name = tcg_op_name(opc, type);

#define IS(n) (g_str_has_prefix(name, n "_i") && (name[strlen(n)] == '_'))
    if (IS("add"))
        out[0] = a + b;
    else if (IS("sub"))
        out[0] = a - b;
    else if (IS("neg"))
        out[0] = -a;
    else if (IS("and"))
        out[0] = a & b;
    else if (IS("or"))
        out[0] = a | b;
    else if (IS("xor"))
        out[0] = a ^ b;
    else if (IS("andc"))
        out[0] = a & ~b;
    else if (IS("orc"))
        out[0] = a | ~b;
    else if (IS("not"))
        out[0] = ~a;
    else if (IS("shl"))
        out[0] = a << b;
    else if (IS("shr"))
        out[0] = a >> b;
    else if (IS("sar"))
        out[0] = (uint64_t)((int64_t)sx(a, w) >> b);
    else if (IS("rotl"))
        out[0] = b ? a << b | a >> (w - b) : a;
    else if (IS("rotr"))
        out[0] = b ? a >> b | a << (w - b) : a;
    else if (IS("mul"))
        out[0] = a * b;
    else if (IS("muluh") || IS("mulu2")) {
        p = (unsigned __int128)a * b;
        if (w == 32) {
            p = (uint64_t)a * b;
        }
        out[IS("mulu2") ? 0 : 1] = (uint64_t)p;
        out[IS("mulu2") ? 1 : 0] = (uint64_t)(p >> w);
    } else if (IS("mulsh") || IS("muls2")) {
        __int128 sp = (__int128)(int64_t)sx(a, w) * (int64_t)sx(b, w);
        out[IS("muls2") ? 0 : 1] = (uint64_t)sp;
        out[IS("muls2") ? 1 : 0] = (uint64_t)(sp >> w);
    } else if (IS("add2") || IS("sub2")) {
        uint64_t al = a, ah = b, bl = zx(in[2], w), bh = zx(in[3], w);
        uint64_t lo = IS("add2") ? al + bl : al - bl;
        uint64_t carry = IS("add2") ? zx(lo, w) < al : al < bl;
        out[0] = lo;
        out[1] = IS("add2") ? ah + bh + carry : ah - bh - carry;
    } else if (IS("div"))
        out[0] = (int64_t)sx(a, w) / (int64_t)sx(b, w);
    else if (IS("divu"))
        out[0] = a / b;
    else if (IS("rem"))
        out[0] = (int64_t)sx(a, w) % (int64_t)sx(b, w);
    else if (IS("remu"))
        out[0] = a % b;
    else if (IS("ext8s"))
        out[0] = sx(a, 8);
    else if (IS("ext8u"))
        out[0] = zx(a, 8);
    else if (IS("ext16s"))
        out[0] = sx(a, 16);
    else if (IS("ext16u"))
        out[0] = zx(a, 16);
    else if (IS("ext32s"))
        out[0] = sx(a, 32);
    else if (IS("ext32u"))
        out[0] = zx(a, 32);
    else if (IS("bswap16") || IS("bswap32") || IS("bswap64")) {
        int bits = IS("bswap16") ? 16 : IS("bswap32") ? 32 : 64;
        uint64_t r = bswap_n(a, bits);
        if (cargs[0] & TCG_BSWAP_OS) {
            r = sx(r, bits);
        } else if (!(cargs[0] & TCG_BSWAP_OZ)) {
            r |= a & ~zx(~0ull, bits); /* IZ: bits above are zero */
        }
        out[0] = r;
    } else if (IS("clz"))
        out[0] = a ? clz64(a) - (64 - w) : b;
    else if (IS("ctz"))
        out[0] = a ? (uint64_t)__builtin_ctzll(a) : b;
    else if (IS("ctpop"))
        out[0] = __builtin_popcountll(a);
    else if (IS("deposit")) {
        uint64_t m = zx(~0ull, cargs[1]) << cargs[0];
        out[0] = (a & ~m) | ((b << cargs[0]) & m);
    } else if (IS("extract"))
        out[0] = zx(a >> cargs[0], cargs[1]);
    else if (IS("sextract"))
        out[0] = sx(a >> cargs[0], cargs[1]);
    else if (IS("extract2"))
        out[0] = cargs[0] ? a >> cargs[0] | b << (w - cargs[0]) : a;
    else if (IS("setcond"))
        out[0] = cond_holds(cargs[0], a, b, w);
    else if (IS("negsetcond"))
        out[0] = -(uint64_t)cond_holds(cargs[0], a, b, w);
    else if (IS("movcond"))
        out[0] = cond_holds(cargs[0], a, b, w) ? zx(in[2], w) : zx(in[3], w);
    else if (opc == INDEX_op_extu_i32_i64)
        out[0] = zx(in[0], 32);
    else if (opc == INDEX_op_ext_i32_i64)
        out[0] = sx(in[0], 32);
    else if (opc == INDEX_op_extrl_i64_i32)
        out[0] = zx(in[0], 32);
    else if (opc == INDEX_op_extrh_i64_i32)
        out[0] = in[0] >> 32;
    else
        g_assert_not_reached();
#undef IS
    for (int k = 0; k < tcg_op_defs[opc].nb_oargs; k++) {
        out[k] = zx(out[k], w);
    }
    if (opc == INDEX_op_extrl_i64_i32 || opc == INDEX_op_extrh_i64_i32) {
        out[0] = zx(out[0], 32);
    }
}

/* Width in bits of input I of OPC (conversions differ from the type). */
static int input_width(TCGOpcode opc, TCGType type, int i)
{
    if (opc == INDEX_op_extu_i32_i64 || opc == INDEX_op_ext_i32_i64) {
        return 32;
    }
    if (opc == INDEX_op_extrl_i64_i32 || opc == INDEX_op_extrh_i64_i32) {
        return 64;
    }
    return op_width(type);
}

/* -- Random operands ------------------------------------------------------- */

/* Fix up inputs/constant args so the op is defined (counts in range,
 * nonzero divisors, valid fields). */
static void make_defined(GRand *rng, TCGOpcode opc, TCGType type, uint64_t *in,
                         TCGArg *cargs)
{
    const char *n = tcg_op_defs[opc].name;
    int w = op_width(type);

    if (g_str_has_prefix(n, "sh") || g_str_has_prefix(n, "sa")
        || g_str_has_prefix(n, "rot")) {
        /* An i32 count keeps its garbage above bit 31. */
        in[1] = (w == 32 ? in[1] & ~0xffffffffull : 0) | (in[1] & (w - 1));
    }
    if (g_str_has_prefix(n, "div") || g_str_has_prefix(n, "rem")) {
        int64_t b = sx(in[1], w), a = sx(in[0], w);
        if (b == 0) {
            in[1] = 3;
        } else if (b == -1 && a == (w == 32 ? INT32_MIN : INT64_MIN)) {
            in[1] = 7;
        }
    }
    if (g_str_has_prefix(n, "deposit") || g_str_has_prefix(n, "extract")
        || g_str_has_prefix(n, "sextract")) {
        int pos = g_rand_int_range(rng, 0, w);
        int len = g_rand_int_range(rng, 1, w - pos + 1);
        if (g_rand_boolean(rng)) {
            static const int lens[] = {8, 16, 32};
            len = lens[g_rand_int_range(rng, 0, 3)];
            pos = g_rand_boolean(rng) ? 0 : 8;
            if (pos + len > w) {
                pos = 0, len = len > w ? w : len;
            }
        }
        cargs[0] = pos;
        cargs[1] = len;
    }
    if (g_str_has_prefix(n, "extract2")) {
        cargs[0] = g_rand_int_range(rng, 0, w);
    }
    if (g_str_has_prefix(n, "setcond") || g_str_has_prefix(n, "negsetcond")
        || g_str_has_prefix(n, "movcond")) {
        cargs[0] = g_rand_int_range(rng, TCG_COND_EQ, TCG_COND_COUNT);
        if (g_rand_int_range(rng, 0, 4) == 0) {
            in[1] = in[0];
        }
    }
    if (g_str_has_prefix(n, "bswap")) {
        static const unsigned fl[] = {
            TCG_BSWAP_IZ | TCG_BSWAP_OZ,
            TCG_BSWAP_IZ | TCG_BSWAP_OS,
            TCG_BSWAP_OZ,
            TCG_BSWAP_OS,
            TCG_BSWAP_IZ,
        };
        int bits = g_str_has_prefix(n, "bswap16")   ? 16
                   : g_str_has_prefix(n, "bswap32") ? 32
                                                    : 64;
        cargs[0] = fl[g_rand_int_range(rng, 0, G_N_ELEMENTS(fl))];
        if (cargs[0] & TCG_BSWAP_IZ) {
            in[0] = zx(in[0], bits);
        }
    }
}

/* -- One random instance of an op ------------------------------------------ */

typedef enum { INST_PASS, INST_SKIP, INST_FAIL } InstResult;

/* Random inputs for OPC at TYPE, run, compare with the reference. */
static InstResult run_random_instance(GRand *rng, TCGOpcode opc, TCGType type)
{
    const TCGOpDef *def = &tcg_op_defs[opc];
    int nb_o = def->nb_oargs, nb_i = def->nb_iargs;
    Instance inst;
    uint64_t in[TCG_MAX_OP_ARGS], want[4];

    memset(&inst, 0, sizeof(inst));
    for (int i = 0; i < nb_i; i++) {
        in[i] = harness_rand_value(rng);
        if (input_width(opc, type, i) == 32) {
            /* Garbage above an i32 value. */
            in[i] = zx(in[i], 32) | (uint64_t)g_rand_int(rng) << 32;
        }
    }
    make_defined(rng, opc, type, in, inst.args + nb_o + nb_i);
    if (strstr(def->name, "clz") || strstr(def->name, "ctz")) {
        if (g_rand_boolean(rng)) {
            in[0] = 0;
        }
        if (g_rand_boolean(rng)) {
            in[1] = op_width(type);
        }
    }
    reference(opc, type, want, in, inst.args + nb_o + nb_i);
    if (!harness_choose(rng, &inst, opc, type, in, true)) {
        return INST_SKIP;
    }
    harness_run(rng, &inst, in);

    for (int k = 0; k < nb_o; k++) {
        uint64_t got = zx(harness_reg_out(inst.args[k]), op_width(type));
        if (got != want[k]) {
            g_test_message(
                "%s out%d: got %#" G_GINT64_MODIFIER
                "x want %#" G_GINT64_MODIFIER "x (in %#" G_GINT64_MODIFIER
                "x %#" G_GINT64_MODIFIER "x, args %lu %lu %lu %lu"
                " %lu %lu)",
                tcg_op_name(opc, type), k, got, want[k], in[0],
                nb_i > 1 ? in[1] : 0, inst.args[0], inst.args[1], inst.args[2],
                inst.args[3], inst.args[4], inst.args[5]);
            return INST_FAIL;
        }
    }
    return harness_check_preserved(&inst) ? INST_PASS : INST_FAIL;
}

/* The ops the ALU sweep covers: every lowered op without memory or control
 * flow, at each type it is lowered at. */
static bool is_alu_op(TCGOpcode opc, TCGType type)
{
    const TCGOpDef *def = &tcg_op_defs[opc];

    return tcg_backend_x86_64.lower[opc][type].emit
           && !(def->flags
                & (TCG_OPF_BB_END | TCG_OPF_SIDE_EFFECTS | TCG_OPF_MEMOP))
           && !g_str_has_prefix(def->name, "ld");
}

static void sweep_alu(const char *features)
{
    GRand *rng = g_rand_new_with_seed(0x1234);
    int ops = 0, skipped = 0;

    g_assert_true(x86_host_parse(features));
    tcg_backend_x86_64_configure();
    for (TCGOpcode opc = 0; opc < NB_OPS; opc++) {
        for (TCGType t = TCG_TYPE_I32; t <= TCG_TYPE_I64; t++) {
            if (!is_alu_op(opc, t)) {
                continue;
            }
            ops++;
            for (int n = 0, run = 0; run < 300; n++) {
                InstResult r = run_random_instance(rng, opc, t);
                if (r == INST_FAIL) {
                    g_test_fail();
                    break;
                }
                run += r == INST_PASS;
                skipped += r == INST_SKIP;
                g_assert_cmpint(n, <, 3000);
            }
        }
    }
    g_test_message("%d ops (at a type) x 300 instances with host features "
                   "\"%s\" (%d register choices redrawn)",
                   ops, features, skipped);
    g_assert_cmpint(ops, >=, 80);
    g_rand_free(rng);
    x86_host_parse("all");
    tcg_backend_x86_64_configure();
}

static void test_alu_ops_all_features(void)
{
    sweep_alu("all");
}

static void test_alu_ops_no_features(void)
{
    sweep_alu("none");
}

static void test_alu_ops_bmi1_only(void)
{
    sweep_alu("none,+bmi1");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    harness_init();
    g_test_add_func("/x86_64-lower/alu/all_features",
                    test_alu_ops_all_features);
    g_test_add_func("/x86_64-lower/alu/no_features", test_alu_ops_no_features);
    g_test_add_func("/x86_64-lower/alu/bmi1_only", test_alu_ops_bmi1_only);
    return g_test_run();
}
