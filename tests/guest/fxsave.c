/*
 * FPU/SSE context switching through FXSAVE/FXRSTOR and XSAVE, 32-bit
 * protected mode, checked byte for byte against the images the host CPU
 * writes for the same states (fx_expected, from fxsave-expect.c):
 *   - FXSAVE of two states (x87 stack, tags, flags, control word, MXCSR,
 *     XMM0-7; bytes 288-511 left alone);
 *   - a lazy switch: CR0.TS set, the next x87 instruction raises #NM, the
 *     handler clears TS, saves the old state and loads the new one, and
 *     the instruction re-runs on the new state;
 *   - with CR0.TS clear no #NM; FXSAVE itself raises #NM with TS or EM;
 *     WAIT raises #NM only with both MP and TS (SDM vol. 3, table 2-2);
 *   - XSAVE and XSAVEC of x87+SSE with CR4.OSXSAVE and XCR0 = 3, and
 *     XRSTOR back (when CPUID reports them; run with -cpu max);
 *   - an unmasked x87 exception with CR0.NE raises #MF at the next waiting
 *     instruction, with FIP naming the instruction that caused it (FOP is
 *     not checked: qemu 7.2 does not record it).
 */
#include "fxsave-state.h"
#include "guest.h"

#define CR0_MP (1u << 1)
#define CR0_EM (1u << 2)
#define CR0_TS (1u << 3)
#define CR0_NE (1u << 5)
#define CR4_OSFXSR (1u << 9)
#define CR4_OSXSAVE (1u << 18)

extern const uint8_t fx_expected[5][640];

static uint8_t buf[640] __attribute__((aligned(64)));
static uint8_t saved_old[640] __attribute__((aligned(64)));
static uint8_t img_new[640] __attribute__((aligned(64)));

/* -- Descriptor tables ----------------------------------------------------- */

static uint64_t gdt[3] = {
    0, 0x00cf9a000000ffffull, 0x00cf92000000ffffull, /* flat code, data */
};
static uint64_t idt[32];

void nm_entry(void);
void mf_entry(void);
void bad_entry0(void);

/* The #NM entry and one stub per other vector (4 + 5 bytes each). */
__asm__(".text\n"
        ".globl nm_entry\n"
        "nm_entry:\n\tpusha\n\tcall nm_handler\n\tpopa\n\tiret\n"
        ".globl mf_entry\n"
        "mf_entry:\n\tpusha\n\tcall mf_handler\n\tpopa\n\tiret\n"
        ".globl bad_entry0\n"
        ".balign 16\n"
        "bad_entry0:\n"
        ".set vec, 0\n"
        ".rept 32\n\tpush $vec\n\tjmp bad_common\n\t.balign 16\n"
        ".set vec, vec + 1\n.endr\n"
        "bad_common:\n\tcall bad_exception\n");

static volatile int nm_count;
static volatile int switch_pending;

static uint32_t read_cr0(void)
{
    uint32_t v;

    __asm__ volatile("mov %%cr0, %0" : "=r"(v));
    return v;
}

static void write_cr0(uint32_t v)
{
    __asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

/* #NM: the lazy FPU switch of an operating system. */
void __attribute__((used)) nm_handler(void)
{
    nm_count++;
    write_cr0(read_cr0() & ~(CR0_TS | CR0_EM));
    if (switch_pending) {
        switch_pending = 0;
        fx_fxsave(saved_old);
        __asm__ volatile("fxrstor %0" : : "m"(*(uint8_t(*)[512])img_new));
    }
}

static volatile int mf_count;
static volatile uint32_t mf_fip;
static volatile uint16_t mf_fsw;

/* #MF: record the x87 environment, clear the exception. */
void __attribute__((used)) mf_handler(void)
{
    uint8_t env[28];

    __asm__ volatile("fnstenv %0\n\tfnclex" : "=m"(env));
    mf_count++;
    mf_fsw = (uint16_t)(env[4] | env[5] << 8);
    mf_fip = (uint32_t)env[12] | (uint32_t)env[13] << 8
             | (uint32_t)env[14] << 16 | (uint32_t)env[15] << 24;
}

void __attribute__((used, noreturn)) bad_exception(uint32_t vector)
{
    puts_dbg("FAIL - unexpected exception ");
    put_hex(vector);
    puts_dbg("\n");
    guest_exit(1);
}

static void set_gate(int vec, void (*fn)(void))
{
    uint32_t off = (uint32_t)fn;

    idt[vec] = (off & 0xffff) | (0x08u << 16)
               | ((uint64_t)(0x8e00 | (off & 0xffff0000u)) << 32);
}

static void setup_tables(void)
{
    struct __attribute__((packed)) { uint16_t limit; uint32_t base; } gdtr = {
        sizeof(gdt) - 1, (uint32_t)gdt,
    }, idtr = {sizeof(idt) - 1, (uint32_t)idt};

    for (int v = 0; v < 32; v++) {
        set_gate(v, (void (*)(void))((uint32_t)bad_entry0 + 16 * v));
    }
    set_gate(7, nm_entry);
    set_gate(16, mf_entry);
    __asm__ volatile("lgdt %0\n\t"
                     "ljmp $0x08, $1f\n"
                     "1:\tmov $0x10, %%ax\n\t"
                     "mov %%ax, %%ds\n\tmov %%ax, %%es\n\tmov %%ax, %%ss\n\t"
                     "mov %%ax, %%fs\n\tmov %%ax, %%gs\n\t"
                     "lidt %1"
                     : : "m"(gdtr), "m"(idtr) : "eax", "memory");
}

/* -- Checks ------------------------------------------------------------------- */

/* Compare N bytes; print the first few differences. */
static int same(const uint8_t *a, const uint8_t *b, int n)
{
    int bad = 0;

    for (int i = 0; i < n; i++) {
        if (a[i] != b[i] && ++bad <= 6) {
            puts_dbg("byte ");
            put_hex(i);
            puts_dbg(": ");
            put_hex(a[i]);
            puts_dbg(" expected ");
            put_hex(b[i]);
            puts_dbg("\n");
        }
    }
    return bad == 0;
}

static void test_fxsave_images(void)
{
    fx_make_state(0);
    fx_fxsave(buf);
    check(same(buf, fx_expected[0], 640), "FXSAVE of state 0 equals the host's image");
    fx_make_state(1);
    fx_fxsave(buf);
    check(same(buf, fx_expected[1], 640), "FXSAVE of state 1 equals the host's image");
}

static void test_lazy_switch(void)
{
    int before;

    fx_make_state(1);
    fx_fxsave(img_new);
    fx_make_state(0);
    before = nm_count;
    switch_pending = 1;
    write_cr0(read_cr0() | CR0_TS);
    fx_fld1();                  /* #NM first, then it runs on state 1 */
    check(nm_count == before + 1, "x87 instruction with CR0.TS raises #NM once");
    check(same(saved_old, fx_expected[0], 640),
          "the #NM handler's FXSAVE holds the old state");
    fx_fxsave(buf);
    check(same(buf, fx_expected[2], 640),
          "the faulting FLD1 re-ran on the state FXRSTOR loaded");
    fx_fxsave(buf);
    check(nm_count == before + 1, "no #NM with CR0.TS clear");
}

static void test_nm_rules(void)
{
    int before = nm_count;

    write_cr0(read_cr0() | CR0_TS);
    fx_fxsave(buf);
    check(nm_count == before + 1, "FXSAVE with CR0.TS raises #NM");
    check(same(buf, fx_expected[2], 640), "FXSAVE after the #NM saved the state");
    write_cr0(read_cr0() | CR0_EM);
    fx_fxsave(buf);
    check(nm_count == before + 2, "FXSAVE with CR0.EM raises #NM");
    write_cr0((read_cr0() & ~CR0_MP) | CR0_TS);
    __asm__ volatile("fwait");
    check(nm_count == before + 2, "WAIT with CR0.TS but not MP: no #NM");
    write_cr0(read_cr0() | CR0_MP | CR0_TS);
    __asm__ volatile("fwait");
    check(nm_count == before + 3, "WAIT with CR0.MP and CR0.TS raises #NM");
}

static void test_xsave(void)
{
    uint32_t a, b, c, d, xcr0_lo, xcr0_hi;

    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
    if (!(c & (1u << 26))) {
        check(1, "XSAVE not in CPUID: skipped");
        return;
    }
    __asm__ volatile("mov %%cr4, %0; or %1, %0; mov %0, %%cr4"
                     : "=&r"(a) : "i"(CR4_OSXSAVE));
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
    check(c & (1u << 27), "CPUID.1:ECX.OSXSAVE follows CR4.OSXSAVE");
    __asm__ volatile("xsetbv" : : "a"(3), "d"(0), "c"(0));
    __asm__ volatile("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
    check(xcr0_lo == 3 && xcr0_hi == 0, "XGETBV reads the XCR0 XSETBV wrote");
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0xd), "c"(0));
    check((a & 3) == 3 && b == 576, "CPUID 0xD: x87+SSE, 576 bytes for XCR0");
    fx_make_state(0);
    fx_xsave(buf, 0);
    check(same(buf, fx_expected[3], 640), "XSAVE of state 0 equals the host's image");
    fx_make_state(1);
    __asm__ volatile("xrstor %0" : : "m"(*(uint8_t(*)[576])buf), "a"(3), "d"(0));
    fx_fxsave(buf);
    check(same(buf, fx_expected[0], 640), "XRSTOR brought state 0 back");
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0xd), "c"(1));
    if (a & 2) {
        fx_xsave(buf, 1);
        check(same(buf, fx_expected[4], 640), "XSAVEC of state 0 equals the host's image");
    }
}

static void test_mf(void)
{
    static const uint16_t fcw = 0x037b; /* ZE unmasked */
    extern const uint8_t fdiv_insn[];

    __asm__ volatile("fninit\n\tfldcw %0\n\tfldz\n\tfld1\n"
                     ".globl fdiv_insn\n"
                     "fdiv_insn:\n\t"
                     ".byte 0xd8, 0xf1\n\t"      /* fdiv %st(1), %st */
                     "nop\n\t"
                     "fwait"
                     : : "m"(fcw) : "st", "st(1)", "st(2)", "st(3)",
                       "st(4)", "st(5)", "st(6)", "st(7)");
    check(mf_count == 1, "unmasked divide-by-zero: #MF at the next FWAIT");
    check((mf_fsw & 0x84) == 0x84, "the status word had ZE and ES set");
    check(mf_fip == (uint32_t)fdiv_insn, "FIP is the FDIV's address");
    __asm__ volatile("fninit");
}

int guest_main(uint32_t magic, uint32_t info)
{
    setup_tables();
    write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
    __asm__ volatile("mov %%cr4, %%eax; or %0, %%eax; mov %%eax, %%cr4"
                     : : "i"(CR4_OSFXSR) : "eax");
    test_fxsave_images();
    test_lazy_switch();
    test_nm_rules();
    test_mf();
    test_xsave();
    return failures;
}
