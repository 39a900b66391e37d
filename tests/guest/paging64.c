/*
 * 4-level paging in long mode (SDM vol. 3, chapter 4): #PF error codes and
 * CR2 for every combination of P, W/R, U/S, I/D and RSVD; accessed and
 * dirty bits; INVLPG against a stale translation; global pages across a
 * CR3 reload; CR0.WP; SMEP and SMAP when CPUID offers them; 2 MiB pages
 * (with their A and D bits) and 1 GiB pages.
 */
#include "guest.h"
#include "paging64.h"
#include "trap64.h"

#define PF       14
#define ERR_P    1
#define ERR_W    2
#define ERR_U    4
#define ERR_RSVD 8
#define ERR_ID   16

static uint8_t frame_a[4096] __attribute__((aligned(4096)));
static uint8_t frame_b[4096] __attribute__((aligned(4096)));
static uint8_t user_code[4096] __attribute__((aligned(4096)));
static uint8_t user_stack[4096] __attribute__((aligned(4096)));

#define VA_DATA  (TEST_VA + 0x1000)
#define VA_CODE  (TEST_VA + 0x10000)
#define VA_STACK (TEST_VA + 0x11000)
#define VA_LARGE (TEST_VA + 0x800000) /* a 2 MiB page */
#define PA_LARGE 0x400000ull          /* free RAM at 4 MiB */

static volatile uint64_t sink;

/*
 * A reserved-bit fault's error code.  SDM vol. 3, 4.7: reserved bits are
 * only checked in present entries, so RSVD comes with P.  QEMU 7.2's TCG
 * reports RSVD without P; on it the test accepts that (noted in the log).
 */
static uint64_t rsvd_err(uint64_t err)
{
    static int noted;

    if (on_peregrine()) {
        return err;
    }
    if (!noted) {
        puts_dbg("# this emulator reports RSVD faults without P: accepted\n");
        noted = 1;
    }
    return err & ~(uint64_t)ERR_P;
}

static void do_read(void *p)
{
    sink = *(volatile uint8_t *)p;
}
static void do_write(void *p)
{
    *(volatile uint8_t *)p = 0x5a;
}
static void do_exec(void *p)
{
    ((void (*)(void))p)();
}

static void report_trap(int v, const Trap *t)
{
    puts_dbg("  vector ");
    put_hex((uint32_t)v);
    puts_dbg(" error ");
    put_hex((uint32_t)t->error_code);
    puts_dbg(" cr2 ");
    put_hex((uint32_t)t->cr2);
    puts_dbg("\n");
}

static void expect_pf(void (*fn)(void *), uint64_t va, uint64_t err,
                      const char *what)
{
    Trap t;
    int v = trap_catch(fn, (void *)va, &t);
    int ok = v == PF && t.error_code == err && t.cr2 == va;

    check(ok, what);
    if (!ok) {
        report_trap(v, &t);
    }
}

static void expect_ok(void (*fn)(void *), uint64_t va, const char *what)
{
    Trap t;
    int v = trap_catch(fn, (void *)va, &t);

    check(v == -1, what);
    if (v != -1) {
        report_trap(v, &t);
    }
}

/* User code: one access to [rdi], then UD2 (vector 6 = it succeeded). */
static const uint8_t user_read[] = {0x8a, 0x07, 0x0f, 0x0b};
static const uint8_t user_write[] = {0x88, 0x07, 0x0f, 0x0b};
static const uint8_t user_jump[] = {0xff, 0xe7};

static void expect_user_pf(const uint8_t *code, unsigned len, uint64_t va,
                           uint64_t err, const char *what)
{
    Trap t;
    int v =
        trap_run_user(code, len, user_code, VA_CODE, VA_STACK + 4096, va, &t);
    int ok = v == PF && t.error_code == err && t.cr2 == va;

    check(ok, what);
    if (!ok) {
        report_trap(v, &t);
    }
}

static void test_error_codes(void)
{
    uint64_t rsvd = 1ull << 51;

    write_cr0(read_cr0() | CR0_WP);
    map_page(VA_DATA, 0, 0);
    expect_pf(do_read, VA_DATA, 0, "#PF read, not present: error 0, CR2");
    expect_pf(do_write, VA_DATA, ERR_W, "#PF write, not present: W");
    map_page(VA_DATA, (uint64_t)frame_a, PTE_P);
    expect_pf(do_write, VA_DATA, ERR_P | ERR_W,
              "#PF write to a read-only page with CR0.WP: P W");
    map_page(VA_DATA, (uint64_t)frame_a, PTE_P | PTE_RW | rsvd);
    expect_pf(do_read, VA_DATA, rsvd_err(ERR_P | ERR_RSVD),
              "#PF read, reserved bit 51: P RSVD");
    expect_pf(do_write, VA_DATA, rsvd_err(ERR_P | ERR_W | ERR_RSVD),
              "#PF write, reserved bit 51: P W RSVD");
    map_page(VA_DATA, (uint64_t)frame_a, PTE_P | PTE_RW | PTE_NX);
    expect_pf(do_read, VA_DATA, rsvd_err(ERR_P | ERR_RSVD),
              "#PF read, XD set while EFER.NXE is clear: P RSVD");

    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
    frame_a[0] = 0xc3; /* ret */
    map_page(VA_DATA, (uint64_t)frame_a, PTE_P | PTE_RW | PTE_NX);
    expect_ok(do_read, VA_DATA, "XD page readable with EFER.NXE");
    expect_pf(do_exec, VA_DATA, ERR_P | ERR_ID,
              "#PF fetch from XD page: P I/D");
    map_page(VA_DATA, 0, 0);
    expect_pf(do_exec, VA_DATA, ERR_ID, "#PF fetch, not present: I/D");
    map_page(VA_DATA, (uint64_t)frame_a, PTE_P | rsvd);
    expect_pf(do_exec, VA_DATA, rsvd_err(ERR_P | ERR_RSVD | ERR_ID),
              "#PF fetch, reserved bit: P RSVD I/D");
    map_page(VA_DATA, (uint64_t)frame_a, PTE_P);
    expect_ok(do_exec, VA_DATA, "fetch from a present page without XD");

    /* CPL 3. */
    map_page(VA_CODE, (uint64_t)user_code, PTE_P | PTE_US);
    map_page(VA_STACK, (uint64_t)user_stack, PTE_P | PTE_RW | PTE_US);
    map_page(VA_DATA, (uint64_t)frame_a, PTE_P | PTE_RW);
    expect_user_pf(user_read, sizeof(user_read), VA_DATA, ERR_P | ERR_U,
                   "#PF user read of a supervisor page: P U");
    map_page(VA_DATA, (uint64_t)frame_a, PTE_P | PTE_US);
    expect_user_pf(user_write, sizeof(user_write), VA_DATA,
                   ERR_P | ERR_W | ERR_U,
                   "#PF user write to a read-only user page: P W U");
    map_page(VA_DATA, 0, 0);
    expect_user_pf(user_read, sizeof(user_read), VA_DATA, ERR_U,
                   "#PF user read, not present: U");
    expect_user_pf(user_write, sizeof(user_write), VA_DATA, ERR_W | ERR_U,
                   "#PF user write, not present: W U");
    map_page(VA_DATA, (uint64_t)frame_a, PTE_P | PTE_US | PTE_NX);
    expect_user_pf(user_jump, sizeof(user_jump), VA_DATA,
                   ERR_P | ERR_U | ERR_ID,
                   "#PF user fetch from XD page: P U I/D");
    map_page(VA_DATA, (uint64_t)frame_a, PTE_P | PTE_US | rsvd);
    expect_user_pf(user_read, sizeof(user_read), VA_DATA,
                   rsvd_err(ERR_P | ERR_U | ERR_RSVD),
                   "#PF user read, reserved bit: P U RSVD");
    map_page(VA_DATA, (uint64_t)frame_a, PTE_P | PTE_US | PTE_RW);
    {
        Trap t;
        int v = trap_run_user(user_write, sizeof(user_write), user_code,
                              VA_CODE, VA_STACK + 4096, VA_DATA, &t);

        check(v == 6, "user write to a writable user page (then UD2)");
    }
}

static void test_accessed_dirty(void)
{
    volatile uint64_t *pte = pte_of(VA_DATA);
    volatile uint64_t *pde = pde_of(VA_DATA);

    *pde &= ~PTE_A;
    map_page(VA_DATA, (uint64_t)frame_a, PTE_P | PTE_RW);
    check(!(*pte & (PTE_A | PTE_D)), "a new entry has neither A nor D");
    do_read((void *)VA_DATA);
    check((*pte & PTE_A) && !(*pte & PTE_D), "a read sets A, not D");
    check(*pde & PTE_A, "a read sets A in the page directory entry");
    do_write((void *)VA_DATA);
    check(*pte & PTE_D, "a write after a read sets D");
    check(frame_a[0] == 0x5a, "the write reached the frame");
    map_page(VA_DATA, (uint64_t)frame_a, PTE_P | PTE_RW);
    do_write((void *)VA_DATA);
    check((*pte & (PTE_A | PTE_D)) == (PTE_A | PTE_D),
          "a first write sets A and D");
}

static void test_invlpg_and_global(void)
{
    frame_a[100] = 0xaa;
    frame_b[100] = 0xbb;
    map_page(VA_DATA, (uint64_t)frame_a, PTE_P | PTE_RW);
    check(*(volatile uint8_t *)(VA_DATA + 100) == 0xaa, "mapped to frame A");
    *pte_of(VA_DATA) = (uint64_t)frame_b | PTE_P | PTE_RW;
    check(*(volatile uint8_t *)(VA_DATA + 100) == 0xaa,
          "without INVLPG the stale translation is used");
    invlpg(VA_DATA);
    check(*(volatile uint8_t *)(VA_DATA + 100) == 0xbb,
          "after INVLPG the new translation is used");

    write_cr4(read_cr4() | CR4_PGE);
    map_page(VA_DATA, (uint64_t)frame_a, PTE_P | PTE_RW | PTE_G);
    check(*(volatile uint8_t *)(VA_DATA + 100) == 0xaa, "global page mapped");
    *pte_of(VA_DATA) = (uint64_t)frame_b | PTE_P | PTE_RW | PTE_G;
    write_cr3(read_cr3());
    if (on_peregrine()) {
        check(*(volatile uint8_t *)(VA_DATA + 100) == 0xaa,
              "a global translation survives a CR3 reload");
    } else {
        puts_dbg("# not checked on this emulator: global entries across CR3 "
                 "(QEMU flushes them, which the SDM allows)\n");
    }
    invlpg(VA_DATA);
    check(*(volatile uint8_t *)(VA_DATA + 100) == 0xbb,
          "INVLPG drops a global translation");
    map_page(VA_DATA, (uint64_t)frame_a, PTE_P | PTE_RW);
    check(*(volatile uint8_t *)(VA_DATA + 100) == 0xaa, "non-global mapped");
    *pte_of(VA_DATA) = (uint64_t)frame_b | PTE_P | PTE_RW;
    write_cr3(read_cr3());
    check(*(volatile uint8_t *)(VA_DATA + 100) == 0xbb,
          "a CR3 reload drops a non-global translation");
    write_cr4(read_cr4() & ~CR4_PGE);
}

static void test_wp(void)
{
    map_page(VA_DATA, (uint64_t)frame_a, PTE_P);
    write_cr0(read_cr0() & ~CR0_WP);
    expect_ok(do_write, VA_DATA,
              "CR0.WP clear: supervisor write to a read-only page");
    check(frame_a[0] == 0x5a, "the write with WP clear reached the frame");
    write_cr0(read_cr0() | CR0_WP);
    expect_pf(do_write, VA_DATA, ERR_P | ERR_W,
              "CR0.WP set: supervisor write to a read-only page faults");
}

static void test_smep_smap(void)
{
    uint32_t r[4];

    cpuid(7, 0, r);
    frame_a[0] = 0xc3;
    map_page(VA_DATA, (uint64_t)frame_a, PTE_P | PTE_RW | PTE_US);
    if (r[1] & (1u << 7)) {
        write_cr4(read_cr4() | CR4_SMEP);
        expect_pf(do_exec, VA_DATA, ERR_P | ERR_ID,
                  "SMEP: supervisor fetch from a user page: P I/D");
        write_cr4(read_cr4() & ~CR4_SMEP);
        expect_ok(do_exec, VA_DATA, "SMEP off: supervisor fetch allowed");
    } else {
        puts_dbg("# SMEP not offered: not tested\n");
    }
    if (r[1] & (1u << 20)) {
        write_cr4(read_cr4() | CR4_SMAP);
        expect_pf(do_read, VA_DATA, ERR_P,
                  "SMAP: supervisor read of a user page: P");
        expect_pf(do_write, VA_DATA, ERR_P | ERR_W,
                  "SMAP: supervisor write to a user page: P W");
        __asm__ volatile("stac");
        expect_ok(do_read, VA_DATA, "SMAP with EFLAGS.AC (STAC): read allowed");
        __asm__ volatile("clac");
        expect_pf(do_read, VA_DATA, ERR_P,
                  "SMAP after CLAC: read faults again");
        expect_ok(do_exec, VA_DATA, "SMAP does not apply to fetches");
        write_cr4(read_cr4() & ~CR4_SMAP);
    } else {
        puts_dbg("# SMAP not offered: not tested\n");
    }
}

static void test_large_pages(void)
{
    uint32_t r[4];
    volatile uint8_t *phys = (volatile uint8_t *)(PA_LARGE + 0x12345);

    *phys = 0x77;
    *pde_of(VA_LARGE) = PA_LARGE | PTE_P | PTE_RW | PTE_PS;
    invlpg(VA_LARGE + 0x12345);
    check(*(volatile uint8_t *)(VA_LARGE + 0x12345) == 0x77,
          "2 MiB page translates");
    *pde_of(VA_LARGE) = PA_LARGE | PTE_P | PTE_RW | PTE_PS;
    invlpg(VA_LARGE + 0x12345);
    do_read((void *)(VA_LARGE + 0x1000));
    check((*pde_of(VA_LARGE) & (PTE_A | PTE_D)) == PTE_A,
          "2 MiB page: a read sets A, not D");
    do_write((void *)(VA_LARGE + 0x1fffff));
    check((*pde_of(VA_LARGE) & (PTE_A | PTE_D)) == (PTE_A | PTE_D),
          "2 MiB page: a write sets D");
    check(*(volatile uint8_t *)(PA_LARGE + 0x1fffff) == 0x5a,
          "2 MiB page: the write reached the last byte of the frame");
    *pde_of(VA_LARGE) = PA_LARGE | PTE_P | PTE_RW | PTE_PS;
    invlpg(VA_LARGE);
    do_write((void *)(VA_LARGE + 0x100000));
    check((*pde_of(VA_LARGE) & (PTE_A | PTE_D)) == (PTE_A | PTE_D),
          "2 MiB page: a first write sets A and D");
    *pde_of(VA_LARGE) = PA_LARGE | PTE_P | PTE_RW | PTE_PS | (1ull << 13);
    invlpg(VA_LARGE + 0x12345);
    expect_pf(do_read, VA_LARGE + 0x12345, rsvd_err(ERR_P | ERR_RSVD),
              "2 MiB page with bit 13 set: P RSVD");
    *pde_of(VA_LARGE) = 0;
    invlpg(VA_LARGE + 0x12345);

    cpuid(0x80000001, 0, r);
    if (r[3] & (1u << 26)) {
        *pdpte_of(TEST_VA_1G) = PTE_P | PTE_RW | PTE_PS;
        invlpg(TEST_VA_1G + PA_LARGE + 0x12345);
        check(*(volatile uint8_t *)(TEST_VA_1G + PA_LARGE + 0x12345) == 0x77,
              "1 GiB page translates");
        *pdpte_of(TEST_VA_1G) = 0;
        invlpg(TEST_VA_1G + PA_LARGE + 0x12345);
    } else {
        puts_dbg("# 1 GiB pages not offered: not tested\n");
    }
}

int guest_main(uint32_t magic, uint32_t info)
{
    trap_init();
    test_error_codes();
    test_accessed_dirty();
    test_invlpg_and_global();
    test_wp();
    test_smep_smap();
    test_large_pages();
    return failures;
}
