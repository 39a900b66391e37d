/*
 * Lazy flags (cc_helper.c) against the host CPU: for random operands, the
 * flags cc_compute_all derives from (cc_op, dst, src, src2) must equal the
 * O/S/Z/A/P/C the host's own instruction produced.  Defined flags only:
 * the undefined ones (A after logic ops) come from insn-flags.def, are
 * perturbed in the host's result under PEREGRINE_TEST_PERTURB=1 and
 * masked; those documented as cleared must be clear.
 */
#include <glib.h>

#include "target/i386/cpu.h"
#include "target/i386/insn-flags.h"
#include "perturb.h"

#define FLAGS (CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C)

/* Run "OP src, dst" natively at width SUFFIX with CF preset to CIN. */
#define HOST_BINOP(name, insn, type, suffix)                                   \
    static uint64_t name(uint64_t a, uint64_t b, int cin, uint64_t *res)       \
    {                                                                          \
        type d = (type)a, sv = (type)b;                                        \
        uint64_t f;                                                            \
        __asm__ volatile("bt $0, %q3\n\t" insn suffix                          \
                         " %2, %0\n\tpushfq\n\tpopq %1"                        \
                         : "+r"(d), "=r"(f)                                    \
                         : "r"(sv), "r"((uint64_t)cin)                         \
                         : "cc");                                              \
        *res = (uint64_t)d;                                                    \
        return f & FLAGS;                                                      \
    }

HOST_BINOP(host_addb, "add", uint8_t, "b")
HOST_BINOP(host_addl, "add", uint32_t, "l")
HOST_BINOP(host_addq, "add", uint64_t, "q")
HOST_BINOP(host_subw, "sub", uint16_t, "w")
HOST_BINOP(host_subq, "sub", uint64_t, "q")
HOST_BINOP(host_adcb, "adc", uint8_t, "b")
HOST_BINOP(host_adcq, "adc", uint64_t, "q")
HOST_BINOP(host_sbbl, "sbb", uint32_t, "l")
HOST_BINOP(host_sbbq, "sbb", uint64_t, "q")
HOST_BINOP(host_andl, "and", uint32_t, "l")

typedef struct BinCase {
    const char *name;
    uint64_t (*host)(uint64_t, uint64_t, int, uint64_t *);
    CCOp op;
    bool carry_in;    /* ADC/SBB: src2 = CF in */
    X86Mnemonic mnem; /* its flags row */
} BinCase;

static const BinCase bin_cases[] = {
    {"addb", host_addb, CC_OP_ADDB, false, X86_INSN_ADD},
    {"addl", host_addl, CC_OP_ADDL, false, X86_INSN_ADD},
    {"addq", host_addq, CC_OP_ADDQ, false, X86_INSN_ADD},
    {"subw", host_subw, CC_OP_SUBW, false, X86_INSN_SUB},
    {"subq", host_subq, CC_OP_SUBQ, false, X86_INSN_SUB},
    {"adcb", host_adcb, CC_OP_ADCB, true, X86_INSN_ADC},
    {"adcq", host_adcq, CC_OP_ADCQ, true, X86_INSN_ADC},
    {"sbbl", host_sbbl, CC_OP_SBBL, true, X86_INSN_SBB},
    {"sbbq", host_sbbq, CC_OP_SBBQ, true, X86_INSN_SBB},
    {"andl", host_andl, CC_OP_LOGICL, false, X86_INSN_AND},
};

/* Operands biased to edges: 0, 1, -1, sign boundaries, random. */
static uint64_t operand(GRand *r)
{
    static const uint64_t edge[] = {0,
                                    1,
                                    0x7f,
                                    0x80,
                                    0xff,
                                    0x7fff,
                                    0x8000,
                                    0xffff,
                                    0x7fffffff,
                                    0x80000000,
                                    0xffffffff,
                                    0x7fffffffffffffffull,
                                    0x8000000000000000ull,
                                    ~0ull};

    if (g_rand_int_range(r, 0, 3) == 0) {
        return edge[g_rand_int_range(r, 0, G_N_ELEMENTS(edge))];
    }
    return ((uint64_t)g_rand_int(r) << 32) | g_rand_int(r);
}

static void test_arith_flags_match_the_host(void)
{
    GRand *r = g_rand_new_with_seed(0xcc0de);

    for (size_t k = 0; k < G_N_ELEMENTS(bin_cases); k++) {
        const BinCase *c = &bin_cases[k];
        X86FlagEffect fl = x86_insn_flags(c->mnem, 64, X86_COUNT_UNKNOWN);
        uint64_t mask = FLAGS & ~fl.undefined;

        for (int i = 0; i < 20000; i++) {
            uint64_t a = operand(r), b = operand(r), res, want, got;
            int cin = c->carry_in ? g_rand_int_range(r, 0, 2) : 0;

            want = perturb_undefined(c->host(a, b, cin, &res), fl.undefined);
            got = cc_compute_all(res, b, cin, c->op);
            if ((want & mask) != (got & mask) || (got & fl.zero)) {
                g_test_message("%s a=%#" G_GINT64_MODIFIER
                               "x b=%#" G_GINT64_MODIFIER
                               "x cin=%d: host %#" G_GINT64_MODIFIER
                               "x, lazy %#" G_GINT64_MODIFIER "x",
                               c->name, a, b, cin, want, got);
                g_assert_cmphex(want & mask, ==, got & mask);
                g_assert_cmphex(got & fl.zero, ==, 0);
            }
        }
    }
    g_rand_free(r);
}

static void test_inc_keeps_carry_and_sets_overflow_at_the_sign_boundary(void)
{
    /* inc al from 0x7f: O=1 S=1 A=1, C preserved (1 here). */
    uint64_t f = cc_compute_all(0x80, 1, 0, CC_OP_INCB);

    g_assert_cmphex(f & (CC_O | CC_S | CC_A | CC_C | CC_Z), ==,
                    CC_O | CC_S | CC_A | CC_C);
    /* dec eax from 0x80000000: O=1, result 0x7fffffff. */
    f = cc_compute_all(0x7fffffff, 0, 0, CC_OP_DECL);
    g_assert_cmphex(f & (CC_O | CC_S | CC_C), ==, CC_O);
}

static void test_eflags_round_trip(void)
{
    CPUX86State env = {0};

    cpu_load_eflags(&env, 0x8d7 | DF_MASK | IF_MASK, IF_MASK);
    g_assert_cmpint(env.cc_op, ==, CC_OP_EFLAGS);
    g_assert_cmpint(env.df, ==, -1);
    g_assert_cmphex(cpu_compute_eflags(&env), ==,
                    0x8d5 | EFLAGS_FIXED1 | DF_MASK | IF_MASK);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86/cc/arith-flags-match-host",
                    test_arith_flags_match_the_host);
    g_test_add_func(
        "/x86/cc/inc-dec",
        test_inc_keeps_carry_and_sets_overflow_at_the_sign_boundary);
    g_test_add_func("/x86/cc/eflags-round-trip", test_eflags_round_trip);
    ret = g_test_run();
    perturb_report("cc-helper");
    return ret;
}
