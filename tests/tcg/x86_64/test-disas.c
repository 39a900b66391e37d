/*
 * Tests of the disassembler wrapper (util/disas.c) on known bytes.
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "util/disas.h"

/* Run FN into a memory stream and return what it printed (g_free it). */
static char *capture_guest(const uint8_t *bytes, size_t size, uint64_t addr,
                           int mode, int *count)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    *count = disas_guest(f, bytes, size, addr, mode);
    fclose(f);
    return buf;
}

static void test_guest_16bit_reset_vector(void)
{
    /* The BIOS reset vector: ljmp $0xf000,$0xe05b. */
    static const uint8_t code[] = {0xea, 0x5b, 0xe0, 0x00, 0xf0};
    int n;
    g_autofree char *s = capture_guest(code, sizeof(code), 0xfff0, 16, &n);

    g_assert_cmpint(n, ==, 1);
    g_assert_nonnull(strstr(s, "0x000000000000fff0:"));
    g_assert_nonnull(strstr(s, "ljmp"));
    g_assert_nonnull(strstr(s, "0xf000"));
    g_assert_nonnull(strstr(s, "0xe05b"));
}

static void test_guest_64bit_lines_per_insn(void)
{
    /* push %rbp; mov %rsp,%rbp; ret */
    static const uint8_t code[] = {0x55, 0x48, 0x89, 0xe5, 0xc3};
    int n;
    g_autofree char *s = capture_guest(code, sizeof(code), 0x1000, 64, &n);
    g_auto(GStrv) lines = g_strsplit(s, "\n", -1);

    g_assert_cmpint(n, ==, 3);
    g_assert_nonnull(strstr(lines[0], "push %rbp"));
    g_assert_nonnull(strstr(lines[1], "0x0000000000001001:"));
    g_assert_nonnull(strstr(lines[1], "mov %rsp, %rbp"));
    g_assert_nonnull(strstr(lines[2], "ret"));
}

static void test_guest_mode_changes_decoding(void)
{
    /* 0x40 is inc %eax in 32-bit mode, a REX prefix in 64-bit mode. */
    static const uint8_t code[] = {0x40, 0x90};
    int n;
    g_autofree char *s32 = capture_guest(code, sizeof(code), 0, 32, &n);
    g_autofree char *s64 = NULL;
    g_autofree char *bad = NULL;

    g_assert_cmpint(n, ==, 2);
    g_assert_nonnull(strstr(s32, "inc %eax"));
    s64 = capture_guest(code, sizeof(code), 0, 64, &n);
    g_assert_cmpint(n, ==, 1);
    g_assert_nonnull(strstr(s64, "nop"));
    bad = capture_guest(code, 2, 0, 8, &n);
    g_assert_cmpint(n, ==, -1);
    g_assert_cmpstr(bad, ==, "");
}

static void test_invalid_bytes_print_as_byte(void)
{
    static const uint8_t code[] = {0x0f, 0x0b, 0x0f, 0xff};
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    disas_host(f, code, sizeof(code), 0x7f0000000000ull);
    fclose(f);
    g_assert_nonnull(strstr(buf, "ud2"));
    g_assert_nonnull(strstr(buf, ".byte 0x0f"));
    g_free(buf);
}

static void test_insn_length(void)
{
    static const uint8_t movabs[] = {0x48, 0xb8, 1, 2, 3, 4, 5, 6, 7, 8};
    static const uint8_t mov16[] = {0xb8, 0x34, 0x12, 0x00, 0x00};
    static const uint8_t lock_nop[] = {0xf0, 0x90};
    static const uint8_t long_prefixes[16] = {
        0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
        0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x90,
    };

    g_assert_cmpint(disas_insn_length(movabs, sizeof(movabs), 64), ==, 10);
    g_assert_cmpint(disas_insn_length(movabs, 5, 64), ==, 0);
    g_assert_cmpint(disas_insn_length(mov16, sizeof(mov16), 16), ==, 3);
    g_assert_cmpint(disas_insn_length(mov16, sizeof(mov16), 32), ==, 5);
    g_assert_cmpint(disas_insn_length(lock_nop, 2, 64), ==, 0);
    /* More than 15 bytes: #UD on hardware (SDM vol. 2, 2.3.11). */
    g_assert_cmpint(disas_insn_length(long_prefixes, 16, 64), ==, 0);
    g_assert_cmpint(disas_insn_length(long_prefixes + 1, 15, 64), ==, 15);
    g_assert_cmpint(disas_insn_length(mov16, sizeof(mov16), 12), ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/disas/guest_16bit_reset_vector",
                    test_guest_16bit_reset_vector);
    g_test_add_func("/disas/guest_64bit_lines_per_insn",
                    test_guest_64bit_lines_per_insn);
    g_test_add_func("/disas/guest_mode_changes_decoding",
                    test_guest_mode_changes_decoding);
    g_test_add_func("/disas/invalid_bytes_print_as_byte",
                    test_invalid_bytes_print_as_byte);
    g_test_add_func("/disas/insn_length", test_insn_length);
    return g_test_run();
}
