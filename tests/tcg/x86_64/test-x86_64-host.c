/*
 * Tests of host feature detection (tcg/x86_64/x86_64-host.c): CPUID read
 * against /proc/cpuinfo, and forcing features off.
 */
#include <glib.h>
#include <string.h>

#include "tcg/x86_64-host.h"

/* True when /proc/cpuinfo's first "flags" line lists FLAG. */
static bool cpuinfo_has(const char *flag)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;

    if (!g_file_get_contents("/proc/cpuinfo", &text, NULL, NULL)) {
        return false;
    }
    lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++) {
        if (g_str_has_prefix(*l, "flags")) {
            g_auto(GStrv) words = g_strsplit_set(*l, " \t:", -1);
            return g_strv_contains((const char *const *)words, flag);
        }
    }
    return false;
}

static void test_cpuid_matches_cpuinfo(void)
{
    X86HostFeatures cpu = x86_host_cpu();

    if (!g_file_test("/proc/cpuinfo", G_FILE_TEST_EXISTS)) {
        g_test_skip("no /proc/cpuinfo");
        return;
    }
    g_assert_true(cpu.popcnt == cpuinfo_has("popcnt"));
    g_assert_true(cpu.movbe == cpuinfo_has("movbe"));
    g_assert_true(cpu.bmi1 == cpuinfo_has("bmi1"));
    g_assert_true(cpu.bmi2 == cpuinfo_has("bmi2"));
    g_assert_true(cpu.lzcnt == cpuinfo_has("abm"));
}

static void test_features_can_be_forced_off(void)
{
    X86HostFeatures cpu = x86_host_cpu();

    g_assert_true(x86_host_detect());
    g_assert_true(x86_host_parse("-bmi2,-lzcnt"));
    g_assert_false(x86_host.bmi2);
    g_assert_false(x86_host.lzcnt);
    g_assert_true(x86_host.bmi1 == cpu.bmi1);
    g_assert_true(x86_host_parse("none"));
    g_assert_false(x86_host.popcnt || x86_host.movbe || x86_host.bmi1);
    g_assert_true(x86_host_parse("all"));
    g_assert_true(memcmp(&x86_host, &cpu, sizeof(cpu)) == 0);
    g_assert_false(x86_host_parse("-nosuchfeature"));
}

static void test_env_var_restricts(void)
{
    g_setenv("PEREGRINE_X86_HOST", "none,+popcnt", TRUE);
    g_assert_true(x86_host_detect());
    g_assert_true(x86_host.popcnt == x86_host_cpu().popcnt);
    g_assert_false(x86_host.bmi2);
    g_unsetenv("PEREGRINE_X86_HOST");
    g_assert_true(x86_host_detect());
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    x86_host_detect();
    g_test_message("host features: popcnt=%d movbe=%d bmi1=%d bmi2=%d "
                   "lzcnt=%d",
                   x86_host.popcnt, x86_host.movbe, x86_host.bmi1,
                   x86_host.bmi2, x86_host.lzcnt);
    g_test_add_func("/x86_64-host/cpuid_matches_cpuinfo",
                    test_cpuid_matches_cpuinfo);
    g_test_add_func("/x86_64-host/features_can_be_forced_off",
                    test_features_can_be_forced_off);
    g_test_add_func("/x86_64-host/env_var_restricts", test_env_var_restricts);
    return g_test_run();
}
