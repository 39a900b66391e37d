/*
 * The host-differential tester: random integer instruction sequences run
 * natively and in Peregrine from the same registers, flags and memory, in
 * 64-bit mode and in 32-bit compatibility mode; every general register,
 * the defined arithmetic flags and DF, the sandbox memory, and where and
 * how the run stopped (the final HLT, or a fault such as #DE) must match.
 *
 * The parts: difftest-gen.c (the instruction forms and the generator),
 * difftest-native.c/.S (the host run), difftest-peregrine.c (the emulator
 * run).  This file compares, reports and counts.
 *
 * Environment:
 *   PEREGRINE_FULL=1             ten times the default instruction count
 *   PEREGRINE_DIFFTEST_INSNS=N   instructions per mode (default 500000)
 *   PEREGRINE_DIFFTEST_SEED=S    base seed (printed); each sequence's own
 *                                seed is printed with a mismatch
 *   PEREGRINE_DIFFTEST_ONE=S     run only the sequence with seed S
 *   PEREGRINE_DIFFTEST_BACKEND=tci  run Peregrine on the TCI backend
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "difftest.h"
#include "perturb.h"
#include "target/i386/insn-flags.h"
#include "util/disas.h"

#define DEFAULT_INSNS_PER_MODE 500000
#define MAX_REPORTS            5

static const char *const reg_names[16] = {
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
    "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15",
};

/* -- Comparison ------------------------------------------------------------ */

/* Index of the instruction starting at byte OFF of SEQ, or -1. */
static int insn_at(const DtSeq *seq, uint64_t off)
{
    for (int i = 0; i <= seq->ninsns; i++) {
        if (seq->off[i] == off) {
            return i;
        }
    }
    return -1;
}

static void describe_stop(GString *s, const char *who, const DtResult *res)
{
    if (res->vector == -1) {
        g_string_append_printf(s, "  %s: reached the end\n", who);
    } else if (res->vector < 256) {
        g_string_append_printf(
            s, "  %s: exception %d at +%#" G_GINT64_MODIFIER "x\n", who,
            res->vector, res->rip_off);
    } else {
        g_string_append_printf(s,
                               "  %s: stopped without an exception "
                               "(cpu_exec %#x) at +%#" G_GINT64_MODIFIER "x\n",
                               who, res->vector - 256, res->rip_off);
    }
}

/*
 * Compare the native result N with Peregrine's P for SEQ.  Returns true
 * when they agree; otherwise appends what differs to WHY.
 */
static bool dt_compare(const DtSeq *seq, const DtResult *n, const DtResult *p,
                       GString *why)
{
    size_t start = why->len;
    int nregs = seq->mode == 64 ? 16 : 8;
    uint64_t rmask = seq->mode == 64 ? ~0ull : 0xffffffffull;
    int at = n->vector == -1 ? seq->ninsns : insn_at(seq, n->rip_off);
    uint64_t fmask, nflags;
    int shown = 0;

    if (n->vector != p->vector || n->rip_off != p->rip_off || at < 0) {
        describe_stop(why, "native", n);
        describe_stop(why, "peregrine", p);
        if (at < 0) {
            g_string_append(why, "  (native stopped inside an instruction)\n");
        }
        return false;
    }
    for (int i = 0; i < nregs; i++) {
        if ((n->regs.r[i] ^ p->regs.r[i]) & rmask) {
            g_string_append_printf(why,
                                   "  %-4s native %016" G_GINT64_MODIFIER
                                   "x peregrine %016" G_GINT64_MODIFIER "x\n",
                                   reg_names[i], n->regs.r[i], p->regs.r[i]);
        }
    }
    fmask = seq->flag_mask[at];
    nflags = perturb_undefined(n->regs.rflags, DT_ARITH_FLAGS & ~fmask);
    if ((nflags ^ p->regs.rflags) & fmask) {
        g_string_append_printf(why,
                               "  rflags native %#06" G_GINT64_MODIFIER
                               "x peregrine %#06" G_GINT64_MODIFIER
                               "x (compared bits %#06" G_GINT64_MODIFIER "x)\n",
                               nflags & fmask, p->regs.rflags & fmask, fmask);
    }
    if (p->regs.rflags & seq->flag_zero[at]) {
        g_string_append_printf(why,
                               "  rflags peregrine %#06" G_GINT64_MODIFIER
                               "x: undefined flags %#06x are not the 0 "
                               "insn-flags.def documents\n",
                               p->regs.rflags & seq->flag_zero[at],
                               seq->flag_zero[at]);
    }
    for (size_t i = 0; i < DT_DATA_SIZE; i++) {
        if (n->data[i] != p->data[i] && shown++ < 16) {
            g_string_append_printf(why,
                                   "  memory %#" G_GINT64_MODIFIER
                                   "x: native %02x peregrine %02x (was %02x)\n",
                                   DT_DATA_ADDR + i, n->data[i], p->data[i],
                                   seq->data[i]);
        }
    }
    if (shown > 16) {
        g_string_append_printf(why, "  ... %d differing bytes in all\n", shown);
    }
    return why->len == start;
}

/* The bytes, the disassembly and the initial state of SEQ. */
static void describe_seq(GString *s, const DtSeq *seq, uint64_t seed)
{
    char *dis = NULL;
    size_t dislen = 0;
    FILE *f = open_memstream(&dis, &dislen);

    g_string_append_printf(s,
                           "  seed %#" G_GINT64_MODIFIER "x "
                           "(PEREGRINE_DIFFTEST_ONE=%#" G_GINT64_MODIFIER
                           "x reruns it), %d-bit mode, CPL %d, %d insns\n",
                           seed, seed, seq->mode, seq->cpl, seq->ninsns);
    g_string_append(s, "  bytes:");
    for (size_t i = 0; i <= seq->len; i++) {
        g_string_append_printf(s, " %02x", seq->code[i]);
    }
    g_string_append(s, "\n");
    disas_guest(f, seq->code, seq->len + 1, DT_CODE_ADDR, seq->mode);
    fclose(f);
    g_string_append(s, dis);
    free(dis);
    g_string_append(s, "  initial state:");
    for (int i = 0; i < 16; i++) {
        g_string_append_printf(s, "%s %s=%" G_GINT64_MODIFIER "x",
                               i % 4 ? "" : "\n   ", reg_names[i],
                               seq->init.r[i]);
    }
    g_string_append_printf(s, "\n    rflags=%#" G_GINT64_MODIFIER "x\n",
                           seq->init.rflags);
}

/*
 * The first instruction after which the two sides disagree: SEQ cut after
 * 1, 2, ... instructions (HLT in place of the rest) is run on both.
 * Returns the instruction's index, or -1 if every prefix agrees.
 */
static int first_divergence(const DtSeq *seq)
{
    DtSeq *cut = g_new(DtSeq, 1);
    DtResult *n = g_new(DtResult, 1), *p = g_new(DtResult, 1);
    g_autoptr(GString) why = g_string_new(NULL);
    int found = -1;

    for (int k = 1; k <= seq->ninsns && found < 0; k++) {
        *cut = *seq;
        cut->ninsns = k;
        cut->len = seq->off[k];
        cut->code[cut->len] = 0xf4;
        dt_native_run(cut, n);
        dt_peregrine_run(cut, p);
        if (!dt_compare(cut, n, p, why)) {
            found = k - 1;
        }
    }
    g_free(cut);
    g_free(n);
    g_free(p);
    return found;
}

/* -- The random run -------------------------------------------------------- */

typedef struct DtStats {
    uint64_t seqs, insns, faults, mismatches;
    uint64_t *per_form; /* executed instructions per form */
} DtStats;

static uint64_t env_u64(const char *name, uint64_t def)
{
    const char *v = g_getenv(name);

    return v ? g_ascii_strtoull(v, NULL, 0) : def;
}

/* Run the sequence of SEED in MODE on both sides; count and report. */
static void run_one(DtSeq *seq, DtResult *n, DtResult *p, uint64_t seed,
                    int mode, DtStats *st)
{
    DtRng r;
    g_autoptr(GString) why = g_string_new(NULL);
    int at;

    dt_rng_seed(&r, seed);
    dt_generate(seq, &r, mode, 16 + dt_rng_below(&r, 48));
    dt_native_run(seq, n);
    dt_peregrine_run(seq, p);
    at = n->vector == -1 ? seq->ninsns : insn_at(seq, n->rip_off);
    st->seqs++;
    st->insns += at > 0 ? at : 0;
    st->faults += n->vector != -1;
    for (int i = 0; i < at; i++) {
        st->per_form[seq->form[i]]++;
    }
    if (!dt_compare(seq, n, p, why)) {
        if (st->mismatches++ < MAX_REPORTS) {
            GString *msg = g_string_new("MISMATCH\n");

            int k = first_divergence(seq);

            describe_seq(msg, seq, seed);
            g_string_append(msg, why->str);
            if (k >= 0) {
                char *dis = NULL;
                size_t dislen = 0;
                FILE *f = open_memstream(&dis, &dislen);

                disas_guest(f, seq->code + seq->off[k],
                            seq->off[k + 1] - seq->off[k],
                            DT_CODE_ADDR + seq->off[k], seq->mode);
                fclose(f);
                g_string_append_printf(msg,
                                       "  first difference after "
                                       "instruction %d (form \"%s\"):\n%s",
                                       k, dt_form_name(seq->form[k]), dis);
                free(dis);
            }
            g_test_message("%s", msg->str);
            g_string_free(msg, TRUE);
        }
    }
}

static void run_random(int mode)
{
    uint64_t target =
        env_u64("PEREGRINE_DIFFTEST_INSNS",
                DEFAULT_INSNS_PER_MODE * (g_getenv("PEREGRINE_FULL") ? 10 : 1));
    uint64_t base = env_u64("PEREGRINE_DIFFTEST_SEED", 0xd1ff7e57);
    const char *one = g_getenv("PEREGRINE_DIFFTEST_ONE");
    DtSeq *seq = g_new0(DtSeq, 1);
    DtResult *n = g_new0(DtResult, 1), *p = g_new0(DtResult, 1);
    DtStats st = {.per_form = g_new0(uint64_t, dt_form_count())};
    int unused = 0, valid = 0;

    if (one) {
        uint64_t seed = g_ascii_strtoull(one, NULL, 0);

        /* The seed carries its mode: run it in the mode it was made for. */
        if ((int)(seed & 0xff) == mode) {
            run_one(seq, n, p, seed, mode, &st);
        }
    } else {
        g_test_message("%d-bit mode: base seed %#" G_GINT64_MODIFIER "x, "
                       "%" G_GINT64_MODIFIER "u instructions",
                       mode, base, target);
        for (uint64_t i = 0; st.insns < target; i++) {
            run_one(seq, n, p, ((base + i) << 8) | (uint64_t)mode, mode, &st);
        }
    }
    g_test_message("%d-bit mode: %" G_GINT64_MODIFIER
                   "u sequences, %" G_GINT64_MODIFIER
                   "u instructions, %" G_GINT64_MODIFIER
                   "u ended by a fault, %" G_GINT64_MODIFIER "u mismatches",
                   mode, st.seqs, st.insns, st.faults, st.mismatches);
    if (!one) {
        GString *list = g_string_new(NULL);

        for (int i = 0; i < dt_form_count(); i++) {
            if (!dt_form_in_mode(i, mode)) {
                continue;
            }
            valid++;
            if (!st.per_form[i]) {
                g_string_append_printf(list, " [%s]", dt_form_name(i));
                unused++;
            } else if (g_test_verbose()) {
                g_test_message("  %-24s %" G_GINT64_MODIFIER "u",
                               dt_form_name(i), st.per_form[i]);
            }
        }
        g_test_message("%d-bit mode: %d of %d forms executed%s%s", mode,
                       valid - unused, valid, unused ? "; never:" : "",
                       list->str);
        g_string_free(list, TRUE);
        /* A long enough run executes every form of the table. */
        if (target >= 100000) {
            g_assert_cmpint(unused, ==, 0);
        }
    }
    g_assert_cmpuint(st.mismatches, ==, 0);
    g_free(st.per_form);
    g_free(seq);
    g_free(n);
    g_free(p);
}

static void test_random_sequences_match_the_host_64(void)
{
    run_random(64);
}

static void test_random_sequences_match_the_host_compat(void)
{
    run_random(32);
}

/* -- The harness itself ---------------------------------------------------- */

/* A hand-written sequence: BYTES in MODE at CPL, with registers from
 * REGS (rsp set to the stack) and zeroed memory. */
static void fixed_seq(DtSeq *seq, int mode, int cpl, const uint8_t *bytes,
                      size_t len, int ninsns, const uint64_t *regs)
{
    memset(seq, 0, sizeof(*seq));
    seq->mode = mode;
    seq->cpl = cpl;
    memcpy(seq->code, bytes, len);
    seq->code[len] = 0xf4;
    seq->len = len;
    seq->ninsns = ninsns;
    seq->off[ninsns] = len;
    for (int i = 0; i <= ninsns; i++) {
        seq->flag_mask[i] = DT_ARITH_FLAGS | DT_DF;
    }
    memcpy(seq->init.r, regs, sizeof(seq->init.r));
    seq->init.r[4] = DT_RSP_START;
    seq->init.rflags = 0x202;
}

/* Both sides give the expected values for known code: the runners really
 * run it (in the mode asked for) and a fault is reported where it is. */
static void test_harness_runs_known_code_on_both_sides(void)
{
    /* 48 ff c0: inc rax in 64-bit mode; dec eax + inc eax in 32-bit. */
    static const uint8_t inc[] = {0x48, 0xff, 0xc0};
    /* add rbx, rcx; mov [rsp-8], rbx */
    static const uint8_t add_store[] = {0x48, 0x01, 0xcb, 0x48,
                                        0x89, 0x5c, 0x24, 0xf8};
    /* div ecx with ecx = 0: #DE at the second instruction (offset 2). */
    static const uint8_t div0[] = {0x31, 0xd2, 0xf7, 0xf1};
    uint64_t regs[16] = {[0] = 41, [1] = 0x100000000ull, [3] = 5};
    DtSeq *seq = g_new0(DtSeq, 1);
    DtResult *res = g_new0(DtResult, 1);
    void (*const run[2])(const DtSeq *, DtResult *) = {dt_native_run,
                                                       dt_peregrine_run};

    for (int side = 0; side < 2; side++) {
        uint64_t stored;

        fixed_seq(seq, 64, side ? 0 : 3, inc, sizeof(inc), 1, regs);
        run[side](seq, res);
        g_assert_cmpint(res->vector, ==, -1);
        g_assert_cmpuint(res->regs.r[0], ==, 42);

        fixed_seq(seq, 32, 3, inc, sizeof(inc), 2, regs);
        seq->off[1] = 1;
        run[side](seq, res);
        g_assert_cmpint(res->vector, ==, -1);
        g_assert_cmpuint(res->regs.r[0] & 0xffffffff, ==, 41);

        fixed_seq(seq, 64, 3, add_store, sizeof(add_store), 2, regs);
        run[side](seq, res);
        g_assert_cmpint(res->vector, ==, -1);
        g_assert_cmpuint(res->regs.r[3], ==, 0x100000005ull);
        memcpy(&stored, res->data + (DT_RSP_START - 8 - DT_DATA_ADDR), 8);
        g_assert_cmpuint(stored, ==, 0x100000005ull);

        fixed_seq(seq, side ? 32 : 64, 3, div0, sizeof(div0), 2, regs);
        regs[1] = 0;
        memcpy(seq->init.r, regs, sizeof(regs));
        seq->init.r[4] = DT_RSP_START;
        seq->off[1] = 2;
        run[side](seq, res);
        regs[1] = 0x100000000ull;
        g_assert_cmpint(res->vector, ==, 0);
        g_assert_cmpuint(res->rip_off, ==, 2);
        g_assert_cmpuint(res->regs.r[2], ==, 0);
    }
    g_free(seq);
    g_free(res);
}

/* The comparison sees a wrong byte, register or defined flag, or an
 * undefined flag Peregrine documents as cleared but set, and ignores the
 * flags a sequence left undefined. */
static void test_compare_catches_differences(void)
{
    static const uint8_t mul[] = {0x48, 0xf7,
                                  0xe3}; /* mul rbx: SZAP undefined */
    uint64_t regs[16] = {[0] = 3, [3] = 7};
    DtSeq *seq = g_new0(DtSeq, 1);
    DtResult *a = g_new0(DtResult, 1), *b = g_new0(DtResult, 1);
    g_autoptr(GString) why = g_string_new(NULL);

    fixed_seq(seq, 64, 3, mul, sizeof(mul), 1, regs);
    seq->flag_mask[1] = 0x801 | DT_DF;
    dt_native_run(seq, a);
    dt_peregrine_run(seq, b);
    g_assert_true(dt_compare(seq, a, b, why));

    b->regs.rflags ^= 0x40; /* ZF: undefined after MUL */
    g_assert_true(dt_compare(seq, a, b, why));
    b->regs.rflags ^= 0x1; /* CF: defined */
    g_assert_false(dt_compare(seq, a, b, why));
    b->regs.rflags ^= 0x1;
    /* AF: undefined after MUL, and documented as cleared by Peregrine. */
    seq->flag_zero[1] =
        x86_insn_flags(X86_INSN_MUL, 64, X86_COUNT_UNKNOWN).zero;
    g_assert_cmphex(seq->flag_zero[1], ==, 0x10);
    g_assert_false(b->regs.rflags & 0x10);
    b->regs.rflags ^= 0x10;
    g_assert_false(dt_compare(seq, a, b, why));
    b->regs.rflags ^= 0x50;
    b->data[100] ^= 1;
    g_assert_false(dt_compare(seq, a, b, why));
    b->data[100] ^= 1;
    b->regs.r[9]++;
    g_assert_false(dt_compare(seq, a, b, why));
    b->regs.r[9]--;
    b->vector = 6;
    g_assert_false(dt_compare(seq, a, b, why));
    g_free(seq);
    g_free(a);
    g_free(b);
}

int main(int argc, char **argv)
{
    g_autofree char *err = NULL;
    int ret;

    g_test_init(&argc, &argv, NULL);
    if (!dt_native_init(&err) || !dt_peregrine_init(&err)) {
        fprintf(stderr, "difftest: %s\n", err);
        return 1;
    }
    g_test_add_func("/x86/difftest/harness-known-code",
                    test_harness_runs_known_code_on_both_sides);
    g_test_add_func("/x86/difftest/compare-catches-differences",
                    test_compare_catches_differences);
    g_test_add_func("/x86/difftest/random-64",
                    test_random_sequences_match_the_host_64);
    g_test_add_func("/x86/difftest/random-compat",
                    test_random_sequences_match_the_host_compat);
    ret = g_test_run();
    perturb_report("difftest");
    return ret;
}
