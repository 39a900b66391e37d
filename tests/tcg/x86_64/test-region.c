/*
 * Tests of the code buffer (tcg/region.c): code written through the RW
 * view runs through the RX view, with split-wx on and off; bump pointer,
 * floor, reset and high water; the views carry the protections W^X asks.
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "tcg/tcg-region.h"
#include "x86_64-emit.h"

/* Write "mov $VAL, %eax; ret" at the bump pointer; return its RX address. */
static int (*emit_return_const(int val))(void)
{
    uint8_t *at = tcg_region_ptr();
    X86Code c = {.pp = &at, .rx_diff = tcg_splitwx_diff};
    const void *rx = tcg_splitwx_to_rx(at);

    emit_movi(&c, X86_RAX, (uint32_t)val, true);
    emit8(&c, OPC_RET);
    tcg_region_commit(at);
    tcg_region_flush_icache(rx, at - (uint8_t *)tcg_splitwx_to_rw(rx));
    return (int (*)(void))rx;
}

/* The permission string ("r-xs") of the mapping holding ADDR, or "". */
static void maps_perms(const void *addr, char perms[5])
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];

    strcpy(perms, "");
    g_assert_nonnull(f);
    while (fgets(line, sizeof(line), f)) {
        unsigned long lo, hi;
        char p[5];
        if (sscanf(line, "%lx-%lx %4s", &lo, &hi, p) == 3
            && (uintptr_t)addr >= lo && (uintptr_t)addr < hi) {
            strcpy(perms, p);
            break;
        }
    }
    fclose(f);
}

static void run_code_through_rx(bool split)
{
    int (*f1)(void), (*f2)(void);
    char perms[5];

    g_assert_cmpint(tcg_region_init(4 * TCG_REGION_MIB, split), ==, 0);
    g_assert_true(tcg_region_split_wx() == split);
    g_assert_cmpuint(tcg_region_size(), ==, 4 * TCG_REGION_MIB);
    g_assert_true(split ? tcg_splitwx_diff != 0 : tcg_splitwx_diff == 0);

    f1 = emit_return_const(42);
    f2 = emit_return_const(-7);
    g_assert_true(tcg_region_contains_rx((const void *)f1));
    g_assert_true(tcg_region_contains_rx((const void *)f2));
    g_assert_cmpuint((uintptr_t)f2 % TCG_REGION_TB_ALIGN, ==, 0);
    g_assert_cmpint(f1(), ==, 42);
    g_assert_cmpint(f2(), ==, -7);

    maps_perms((const void *)f1, perms);
    g_assert_cmpstr(perms, ==, split ? "r-xs" : "rwxp");
    if (split) {
        maps_perms(tcg_splitwx_to_rw((const void *)f1), perms);
        g_assert_cmpstr(perms, ==, "rw-s");
    }
    tcg_region_destroy();
}

static void test_split_wx_off_runs_code(void)
{
    run_code_through_rx(false);
}

static void test_split_wx_on_runs_code(void)
{
    run_code_through_rx(true);
}

static void test_reset_returns_to_floor(void)
{
    int (*prologue)(void), (*f)(void), (*g)(void);

    g_assert_cmpint(tcg_region_init(0, true), ==, 0);
    g_assert_cmpuint(tcg_region_size(), ==, TCG_REGION_DEFAULT_SIZE);
    prologue = emit_return_const(1);
    tcg_region_set_floor();
    f = emit_return_const(2);
    g_assert_cmpuint(tcg_region_used(), >, 0);
    tcg_region_reset();
    g_assert_cmpuint(tcg_region_flush_count(), ==, 1);
    g = emit_return_const(3);
    /* The TB after the flush reuses the space; the prologue survives. */
    g_assert_true(g == f);
    g_assert_cmpint(prologue(), ==, 1);
    g_assert_cmpint(g(), ==, 3);
    tcg_region_destroy();
}

static void test_size_is_clamped(void)
{
    g_assert_cmpint(tcg_region_init(1, false), ==, 0);
    g_assert_cmpuint(tcg_region_size(), ==, TCG_REGION_MIN_SIZE);
    g_assert_cmpint(tcg_region_init((size_t)8 << 30, false), ==, 0);
    g_assert_cmpuint(tcg_region_size(), ==, TCG_REGION_MAX_SIZE);
    g_assert_true((uint8_t *)tcg_region_high_water() + TCG_REGION_HIGHWATER
                  == (uint8_t *)tcg_region_ptr() + tcg_region_size());
    tcg_region_destroy();
    tcg_region_destroy();
}

static void test_buffer_is_near_text(void)
{
    uint8_t *at;
    X86Code c = {.pp = &at};

    g_assert_cmpint(tcg_region_init(0, true), ==, 0);
    at = tcg_region_ptr();
    c.rx_diff = tcg_splitwx_diff;
    /* Both ends of the buffer reach the emulator's code with a rel32. */
    g_assert_true(x86_rip_reachable(&c, (uintptr_t)&tcg_region_init));
    at += tcg_region_size() - 16;
    g_assert_true(x86_rip_reachable(&c, (uintptr_t)&tcg_region_init));
    tcg_region_destroy();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/region/split_wx_off_runs_code",
                    test_split_wx_off_runs_code);
    g_test_add_func("/region/split_wx_on_runs_code",
                    test_split_wx_on_runs_code);
    g_test_add_func("/region/reset_returns_to_floor",
                    test_reset_returns_to_floor);
    g_test_add_func("/region/size_is_clamped", test_size_is_clamped);
    g_test_add_func("/region/buffer_is_near_text", test_buffer_is_near_text);
    return g_test_run();
}
