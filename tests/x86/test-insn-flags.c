/*
 * The flags table (target/i386/insn-flags.def): every row consistent, the
 * count rules as the SDM states them, and docs/undefined-flags.md printed
 * from the rows (so the testers and the documentation read the same
 * data).
 *
 * Usage: test-insn-flags --tap DOC       check DOC against the table
 *        test-insn-flags --write DOC     rewrite DOC from the table
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "target/i386/insn-flags.h"

static const char *doc_path;

/* -- The document ---------------------------------------------------------- */

static const char *const rule_text[X86_FLAG_RULE_COUNT] = {
    [X86_FLAG_RULE_FIXED] = "",
    [X86_FLAG_RULE_SHIFT] = "count 0: none changed; > 1: O undefined; "
                            ">= width: C undefined",
    [X86_FLAG_RULE_SAR] = "count 0: none changed; > 1: O undefined",
    [X86_FLAG_RULE_ROTATE] = "count 0: none changed; > 1: O undefined",
    [X86_FLAG_RULE_SHIFT_DOUBLE] = "count 0: none changed; > 1: O "
                                   "undefined; > width: all six undefined",
    [X86_FLAG_RULE_COND] = "reads the flags of its condition",
};

static char *doc_text(void)
{
    GString *s = g_string_new(NULL);

    g_string_append(
        s,
        "# Arithmetic flags: defined, undefined, and Peregrine's values\n"
        "\n"
        "Printed from `target/i386/insn-flags.def` by\n"
        "`build/tests/x86/test-insn-flags --write docs/undefined-flags.md`;\n"
        "the `x86 / insn-flags` test fails when this page and the table\n"
        "differ.  The host-differential testers (tests/x86) mask exactly the\n"
        "undefined flags listed here, and check that the ones Peregrine\n"
        "clears are clear.  The sets are SDM vol. 2's \"Flags Affected\";\n"
        "for shifts and rotates they are those of a masked count of 1, and\n"
        "the count column says how other counts change them.  A flag in no\n"
        "column is unchanged; a mnemonic not listed changes none of\n"
        "O/S/Z/A/P/C.\n"
        "\n"
        "| mnemonic | reads | defines | undefined | count | Peregrine's "
        "value of an undefined flag |\n"
        "|---|---|---|---|---|---|\n");
    for (int m = 0; m < X86_INSN_COUNT; m++) {
        X86FlagRule rule = x86_insn_flags_rule(m);
        X86FlagEffect e;
        char rd[8], df[8], un[8];

        if (!x86_insn_flags_listed(m)) {
            continue;
        }
        e = x86_insn_flags(m, 32,
                           rule == X86_FLAG_RULE_FIXED
                                   || rule == X86_FLAG_RULE_COND
                               ? X86_COUNT_UNKNOWN
                               : 1);
        g_string_append_printf(
            s, "| %s | %s | %s | %s | %s | %s |\n", x86_mnemonic_name(m),
            rule == X86_FLAG_RULE_COND ? "cc" : x86_flags_letters(e.read, rd),
            x86_flags_letters(e.defined, df),
            x86_flags_letters(e.undefined, un), rule_text[rule],
            x86_insn_flags_value(m));
    }
    return g_string_free(s, FALSE);
}

static void test_doc_is_printed_from_the_table(void)
{
    g_autofree char *want = doc_text(), *have = NULL;
    g_autoptr(GError) err = NULL;

    if (!g_file_get_contents(doc_path, &have, NULL, &err)) {
        g_error("%s: %s", doc_path, err->message);
    }
    if (strcmp(want, have)) {
        g_test_message("%s differs from the table; regenerate it with "
                       "test-insn-flags --write %s",
                       doc_path, doc_path);
    }
    g_assert_cmpstr(have, ==, want);
}

/* -- The table ------------------------------------------------------------- */

static void test_rows_are_consistent(void)
{
    for (int m = 0; m < X86_INSN_COUNT; m++) {
        if (!x86_insn_flags_consistent(m)) {
            g_error("insn-flags.def: row %s: defined and undefined overlap, "
                    "or zero names a flag that is never undefined",
                    x86_mnemonic_name(m));
        }
    }
    /* Mnemonics without flags have no effect. */
    g_assert_false(x86_insn_flags_listed(X86_INSN_MOV));
    g_assert_cmphex(x86_insn_flags(X86_INSN_MOV, 64, 0).defined, ==, 0);
}

/* SDM vol. 2B, SAL/SAR/SHL/SHR, RCL/RCR/ROL/ROR, SHLD/SHRD. */
static void test_count_rules_follow_the_sdm(void)
{
    const uint16_t all = CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C;
    X86FlagEffect e;

    /* A zero count changes nothing. */
    e = x86_insn_flags(X86_INSN_SHL, 32, 0);
    g_assert_cmphex(e.defined | e.undefined, ==, 0);
    /* Count 1: O defined, A undefined (and cleared by Peregrine). */
    e = x86_insn_flags(X86_INSN_SHR, 8, 1);
    g_assert_cmphex(e.defined, ==, CC_O | CC_S | CC_Z | CC_P | CC_C);
    g_assert_cmphex(e.undefined, ==, CC_A);
    g_assert_cmphex(e.zero, ==, CC_A);
    /* Count > 1: O undefined too. */
    e = x86_insn_flags(X86_INSN_SHL, 32, 5);
    g_assert_cmphex(e.undefined, ==, CC_O | CC_A);
    /* SHL/SHR by the width or more: C undefined; not SAR. */
    e = x86_insn_flags(X86_INSN_SHL, 8, 8);
    g_assert_true(e.undefined & CC_C);
    e = x86_insn_flags(X86_INSN_SHR, 16, 31);
    g_assert_true(e.undefined & CC_C);
    e = x86_insn_flags(X86_INSN_SAR, 8, 9);
    g_assert_true(e.defined & CC_C);
    g_assert_cmphex(e.zero, ==, CC_O | CC_A);
    /* Rotates: C and O for 1, only C for more; RCL/RCR read C. */
    e = x86_insn_flags(X86_INSN_ROL, 8, 1);
    g_assert_cmphex(e.defined, ==, CC_O | CC_C);
    e = x86_insn_flags(X86_INSN_ROR, 64, 63);
    g_assert_cmphex(e.defined, ==, CC_C);
    g_assert_cmphex(e.undefined, ==, CC_O);
    g_assert_cmphex(x86_insn_flags(X86_INSN_RCR, 8, 0).read, ==, CC_C);
    g_assert_cmphex(x86_insn_flags(X86_INSN_ROL, 8, 3).read, ==, 0);
    /* SHLD/SHRD past the operand size: everything undefined. */
    e = x86_insn_flags(X86_INSN_SHLD, 16, 17);
    g_assert_cmphex(e.undefined, ==, all);
    e = x86_insn_flags(X86_INSN_SHRD, 16, 16);
    g_assert_cmphex(e.undefined, ==, CC_O | CC_A);
    /* An unknown count: nothing surely defined, the union undefined. */
    e = x86_insn_flags(X86_INSN_SHL, 32, X86_COUNT_UNKNOWN);
    g_assert_cmphex(e.defined, ==, 0);
    g_assert_cmphex(e.undefined, ==, CC_O | CC_A | CC_C);
    /* Conditions. */
    g_assert_cmphex(x86_cond_flags(0xf), ==, CC_Z | CC_S | CC_O);
    g_assert_cmphex(x86_cond_flags(0x6), ==, CC_C | CC_Z);
}

/* The fixed rows the SDM is plain about. */
static void test_fixed_rows_follow_the_sdm(void)
{
    const uint16_t all = CC_O | CC_S | CC_Z | CC_A | CC_P | CC_C;

    g_assert_cmphex(x86_insn_flags(X86_INSN_DIV, 32, -1).undefined, ==, all);
    g_assert_cmphex(x86_insn_flags(X86_INSN_MUL, 32, -1).undefined, ==,
                    CC_S | CC_Z | CC_A | CC_P);
    g_assert_cmphex(x86_insn_flags(X86_INSN_AND, 32, -1).undefined, ==, CC_A);
    g_assert_cmphex(x86_insn_flags(X86_INSN_BT, 32, -1).defined, ==, CC_C);
    g_assert_cmphex(x86_insn_flags(X86_INSN_BSF, 32, -1).defined, ==, CC_Z);
    g_assert_cmphex(x86_insn_flags(X86_INSN_ADC, 32, -1).read, ==, CC_C);
    g_assert_cmphex(x86_insn_flags(X86_INSN_POPCNT, 32, -1).defined, ==, all);
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--write")) {
        g_autofree char *text = doc_text();
        g_autoptr(GError) err = NULL;

        if (!g_file_set_contents(argv[2], text, -1, &err)) {
            fprintf(stderr, "test-insn-flags: %s\n", err->message);
            return 1;
        }
        return 0;
    }
    g_test_init(&argc, &argv, NULL);
    doc_path = argc > 1 ? argv[1] : "docs/undefined-flags.md";
    g_test_add_func("/x86/flags/rows-are-consistent", test_rows_are_consistent);
    g_test_add_func("/x86/flags/count-rules-follow-the-sdm",
                    test_count_rules_follow_the_sdm);
    g_test_add_func("/x86/flags/fixed-rows-follow-the-sdm",
                    test_fixed_rows_follow_the_sdm);
    g_test_add_func("/x86/flags/doc-is-printed-from-the-table",
                    test_doc_is_printed_from_the_table);
    return g_test_run();
}
