/*
 * Control registers and MSRs in long mode: RDMSR/WRMSR of unknown MSRs and
 * invalid values raise #GP(0); stored MSRs read back what was written;
 * MOV to CR0/CR4 with invalid values raises #GP(0); DR4 with CR4.DE is #UD;
 * CR4.TSD makes RDTSC and RDTSCP #GP(0) at CPL 3 only.
 *
 * QEMU 7.2's TCG reads unknown MSRs as 0, ignores writes to them, and does
 * not check MSR or CR0 values: those checks (and the TSC write, which it
 * handles differently) run only on Peregrine, with a note on others.
 */
#include "guest.h"
#include "paging64.h"
#include "trap64.h"

#define GP 13
#define UD 6

static uint32_t msr_index;
static uint64_t msr_value;

static void do_rdmsr(void *unused)
{
    msr_value = rdmsr(msr_index);
}
static void do_wrmsr(void *unused)
{
    wrmsr(msr_index, msr_value);
}
static void do_write_cr0(void *v)
{
    write_cr0((uint64_t)v);
}
static void do_write_cr4(void *v)
{
    write_cr4((uint64_t)v);
}
static void do_read_dr4(void *unused)
{
    uint64_t v;

    __asm__ volatile("mov %%dr4, %0" : "=r"(v));
}

static int strict;

/* Run an SDM check that QEMU 7.2 does not make only on Peregrine. */
static int strict_only(const char *what)
{
    if (!strict) {
        puts_dbg("# not checked on this emulator: ");
        puts_dbg(what);
        puts_dbg("\n");
    }
    return strict;
}

static void expect_vector(void (*fn)(void *), void *arg, int vector,
                          const char *what)
{
    Trap t;
    int v = trap_catch(fn, arg, &t);

    check(v == vector && t.error_code == 0, what);
    if (v != vector) {
        puts_dbg("  got vector ");
        put_hex((uint32_t)v);
        puts_dbg("\n");
    }
}

static void expect_wrmsr_gp(uint32_t msr, uint64_t val, const char *what)
{
    if (!strict_only(what)) {
        return;
    }
    msr_index = msr;
    msr_value = val;
    expect_vector(do_wrmsr, 0, GP, what);
}

#define CR4_TSD  (1ull << 2)
#define VA_CODE  (TEST_VA + 0x10000)
#define VA_STACK (TEST_VA + 0x11000)

static uint8_t user_code[4096] __attribute__((aligned(4096)));
static uint8_t user_stack[4096] __attribute__((aligned(4096)));

/* User code: the instruction, then UD2 (vector 6: it completed). */
static const uint8_t user_rdtsc[] = {0x0f, 0x31, 0x0f, 0x0b};
static const uint8_t user_rdtscp[] = {0x0f, 0x01, 0xf9, 0x0f, 0x0b};

/* Run CODE at CPL 3; expect VECTOR (error 0) raised at VA_CODE + AT. */
static void expect_user(const uint8_t *code, unsigned len, int vector,
                        unsigned at, const char *what)
{
    Trap t;
    int v =
        trap_run_user(code, len, user_code, VA_CODE, VA_STACK + 4096, 0, &t);

    check(v == vector && t.error_code == 0 && t.rip == VA_CODE + at, what);
    if (v != vector) {
        puts_dbg("  got vector ");
        put_hex((uint32_t)v);
        puts_dbg("\n");
    }
}

static void do_rdtsc(void *unused)
{
    uint32_t lo, hi;

    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    msr_value = (uint64_t)hi << 32 | lo;
}

/* CR4.TSD: RDTSC (and RDTSCP if offered) work at CPL 3 without it, raise
 * #GP(0) there with it, and still work at CPL 0. */
static void test_tsd(void)
{
    uint32_t r[4];
    int has_rdtscp;

    cpuid(0x80000001, 0, r);
    has_rdtscp = (r[3] >> 27) & 1;
    map_page(VA_CODE, (uint64_t)user_code, PTE_P | PTE_US);
    map_page(VA_STACK, (uint64_t)user_stack, PTE_P | PTE_RW | PTE_US);
    expect_user(user_rdtsc, sizeof(user_rdtsc), UD, 2,
                "CR4.TSD clear: RDTSC at CPL 3 runs");
    write_cr4(read_cr4() | CR4_TSD);
    check(read_cr4() & CR4_TSD, "CR4.TSD can be set");
    expect_user(user_rdtsc, sizeof(user_rdtsc), GP, 0,
                "CR4.TSD set: RDTSC at CPL 3: #GP(0)");
    if (has_rdtscp) {
        expect_user(user_rdtscp, sizeof(user_rdtscp), GP, 0,
                    "CR4.TSD set: RDTSCP at CPL 3: #GP(0)");
    }
    msr_value = 0;
    expect_vector(do_rdtsc, 0, -1, "CR4.TSD set: RDTSC at CPL 0 runs");
    check(msr_value != 0, "CR4.TSD set: RDTSC at CPL 0 reads the counter");
    write_cr4(read_cr4() & ~CR4_TSD);
    if (has_rdtscp) {
        expect_user(user_rdtscp, sizeof(user_rdtscp), UD, 3,
                    "CR4.TSD clear: RDTSCP at CPL 3 runs");
    }
}

static int msr_round_trip(uint32_t msr, uint64_t val)
{
    wrmsr(msr, val);
    return rdmsr(msr) == val;
}

int guest_main(uint32_t magic, uint32_t info)
{
    uint64_t efer;

    trap_init();
    strict = on_peregrine();
    msr_index = 0x12345678;
    if (strict_only("RDMSR of an unknown MSR: #GP(0)")) {
        expect_vector(do_rdmsr, 0, GP, "RDMSR of an unknown MSR: #GP(0)");
    }
    expect_wrmsr_gp(0x12345678, 0, "WRMSR of an unknown MSR: #GP(0)");

    efer = rdmsr(0xc0000080);
    check((efer & 0x500) == 0x500, "EFER: LME and LMA set in long mode");
    check(msr_round_trip(0x277, 0x0001050400070406ull), "PAT reads back");
    expect_wrmsr_gp(0x277, 0x0002000000000000ull,
                    "PAT with reserved memory type 2: #GP(0)");
    check(msr_round_trip(0x200, 0x80000006ull), "MTRR PHYSBASE0 reads back");
    check(msr_round_trip(0x201, 0xff80000800ull), "MTRR PHYSMASK0 reads back");
    check(msr_round_trip(0x250, 0x0606060606060606ull),
          "MTRR FIX64K_00000 reads back");
    expect_wrmsr_gp(0x2ff, 1ull << 20, "MTRR def type reserved bit: #GP(0)");
    check((rdmsr(0xfe) & 0xff) >= 1, "MTRRcap reports variable ranges");
    check(msr_round_trip(0xc0000082, 0xffffffff81000000ull),
          "LSTAR reads back");
    expect_wrmsr_gp(0xc0000082, 0x0000800000000000ull,
                    "LSTAR non-canonical: #GP(0)");
    check(msr_round_trip(0xc0000102, 0x12345000ull),
          "KERNEL_GS_BASE reads back");
    check(msr_round_trip(0x174, 0x10), "SYSENTER_CS reads back");
    if (strict_only("a TSC write moves the counter")) {
        wrmsr(0x10, 1ull << 40);
        msr_index = 0x10;
        do_rdmsr(0);
        check(msr_value >= (1ull << 40)
                  && msr_value < (1ull << 40) + (1ull << 38),
              "a TSC write moves the counter");
    }
    if (strict_only("MOV CR0 with PG set and PE clear: #GP(0)")) {
        expect_vector(do_write_cr0, (void *)(read_cr0() & ~1ull), GP,
                      "MOV CR0 with PG set and PE clear: #GP(0)");
    }
    if (strict_only("MOV CR4 with reserved bit 15: #GP(0)")) {
        expect_vector(do_write_cr4, (void *)(read_cr4() | (1ull << 15)), GP,
                      "MOV CR4 with reserved bit 15: #GP(0)");
    }
    if (strict_only("MOV CR4 clearing PAE in long mode: #GP(0)")) {
        expect_vector(do_write_cr4, (void *)(read_cr4() & ~0x20ull), GP,
                      "MOV CR4 clearing PAE in long mode: #GP(0)");
    }
    {
        uint64_t v = 0x1234;

        __asm__ volatile("mov %0, %%dr0; mov %%dr0, %0" : "+r"(v));
        check(v == 0x1234, "DR0 reads back");
    }
    write_cr4(read_cr4() | (1ull << 3));
    expect_vector(do_read_dr4, 0, UD, "MOV from DR4 with CR4.DE: #UD");
    write_cr4(read_cr4() & ~(1ull << 3));
    test_tsd();
    return failures;
}
