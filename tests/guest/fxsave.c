/*
 * FPU/SSE context switching through FXSAVE/FXRSTOR and XSAVE, 32-bit
 * protected mode, checked byte for byte against the images the SDM's
 * layouts give for the same states (expect_fxsave, expect_xsave) with
 * Peregrine's CPU model where the SDM leaves a field to the processor
 * (MXCSR_MASK).  The x87 register values in them are what the host's x87
 * unit computes for the states' instructions (fx_x87_states, from
 * fxsave-expect.c), which the SDM defines for every vendor; no image is
 * taken from the host's FXSAVE, whose MXCSR_MASK, pointer fields and
 * XSAVE layout follow the host, not the guest.
 *   - FXSAVE of two states (x87 stack, tags, flags, control word, MXCSR,
 *     XMM0-7; bytes 288-511 left alone), and MXCSR_MASK 0x0000ffff;
 *   - a lazy switch: CR0.TS set, the next x87 instruction raises #NM, the
 *     handler clears TS, saves the old state and loads the new one, and
 *     the instruction re-runs on the new state;
 *   - with CR0.TS clear no #NM; FXSAVE itself raises #NM with TS or EM;
 *     WAIT raises #NM only with both MP and TS (SDM vol. 3, table 2-2);
 *   - XSAVE and XSAVEC of x87+SSE with CR4.OSXSAVE and XCR0 = 3, and
 *     XRSTOR back (when CPUID reports them; run with -cpu max);
 *   - an unmasked x87 exception with CR0.NE raises #MF at the next waiting
 *     instruction; FNSTENV and the FXSAVE image show FIP, FCS, FDP, FDS
 *     and FOP of the instruction that caused it (with an exception
 *     pending every vendor saves them).
 *
 * Built twice: the QEMU build (-DQEMU_7_2) skips the FXSAVE pointer
 * fields, which QEMU 7.2 stores as zeros (the hardware and Peregrine store
 * the pointers; its FNSTENV has FIP).
 */
#include "fxsave-state.h"
#include "guest.h"

#define CR0_MP      (1u << 1)
#define CR0_EM      (1u << 2)
#define CR0_TS      (1u << 3)
#define CR0_NE      (1u << 5)
#define CR4_OSFXSR  (1u << 9)
#define CR4_OSXSAVE (1u << 18)

/* The x87 part of state 0, state 1, and state 1 after FLD1 and FXAM. */
extern const FxX87 fx_x87_states[3];

static uint8_t buf[640] __attribute__((aligned(64)));
static uint8_t want[640];
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
static uint8_t mf_image[512] __attribute__((aligned(16)));

/* #MF: FXSAVE with the exception pending, record the x87 environment,
 * clear the exception. */
void __attribute__((used)) mf_handler(void)
{
    uint8_t env[28];

    __asm__ volatile("fxsave %0" : "=m"(mf_image));
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
    struct __attribute__((packed)) {
        uint16_t limit;
        uint32_t base;
    } gdtr =
        {
            sizeof(gdt) - 1,
            (uint32_t)gdt,
        },
      idtr = {sizeof(idt) - 1, (uint32_t)idt};

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
                     :
                     : "m"(gdtr), "m"(idtr)
                     : "eax", "memory");
}

/* -- The images FXSAVE and XSAVE must write -------------------------------- */

/*
 * MXCSR_MASK, the MXCSR bits the processor supports (SDM vol. 1, 11.6.6),
 * in Peregrine's CPU models (MXCSR_SUPPORTED_MASK, target/i386/cpu.h):
 * bits 0-15, DAZ included.  AMD hosts add bit 17 (misaligned SSE mode,
 * 0x0002ffff), which no Peregrine model offers; QEMU 7.2 reports
 * 0x0000ffff too.
 */
#define MODEL_MXCSR_MASK 0x0000ffffu

/* Parts of the 32-bit legacy region (SDM vol. 1, table 10-2). */
#define FX_PART_X87   1u /* bytes 0-23 and 32-159 */
#define FX_PART_MXCSR 2u /* bytes 24-31: MXCSR, MXCSR_MASK */
#define FX_PART_XMM   4u /* bytes 160-287: XMM0-7 outside 64-bit mode */

#define XSTATE_X87 1u
#define XSTATE_SSE 2u

static void put_le(uint8_t *p, uint32_t v, int n)
{
    for (int i = 0; i < n; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

static uint32_t get_le(const uint8_t *p, int n)
{
    uint32_t v = 0;

    for (int i = 0; i < n; i++) {
        v |= (uint32_t)p[i] << (8 * i);
    }
    return v;
}

/*
 * Write the PARTS of state WHICH's legacy-region image into IMG, X its
 * x87 registers (SDM vol. 1, table 10-2, 32-bit layout): FCW at 0, FSW at
 * 2, the abridged tag word at 4 (bit i set: physical register i is not
 * empty), FOP at 6, FIP at 8, FCS at 12, FDP at 16, FDS at 20, MXCSR at
 * 24, MXCSR_MASK at 28, ST(i) at 32 + 16i, XMMi at 160 + 16i.  The pointer
 * fields are zero: every state ends in FLDENV of zeros, and the model
 * saves what FLDENV loaded.  Reserved bytes keep what fx_fill put there.
 */
static void fx_encode(uint8_t *img, const FxX87 *x, int which, unsigned parts)
{
    if (parts & FX_PART_X87) {
        uint8_t ftw = 0;

        for (int i = 0; i < 8; i++) {
            ftw |= ((x->ftw >> (2 * i)) & 3) != 3 ? 1u << i : 0;
        }
        put_le(img, x->fcw, 2);
        put_le(img + 2, x->fsw, 2);
        img[4] = ftw;
        put_le(img + 6, 0, 2);
        put_le(img + 8, 0, 4);
        put_le(img + 12, 0, 2);
        put_le(img + 16, 0, 4);
        put_le(img + 20, 0, 2);
        for (int i = 0; i < 8; i++) {
            for (int b = 0; b < 10; b++) {
                img[32 + 16 * i + b] = x->st[i][b];
            }
        }
    }
    if (parts & FX_PART_MXCSR) {
        put_le(img + 24, fx_state_mxcsr(which), 4);
        put_le(img + 28, MODEL_MXCSR_MASK, 4);
    }
    if (parts & FX_PART_XMM) {
        for (int i = 160; i < 288; i++) {
            img[i] = fx_state_xmm_byte(which, i);
        }
    }
}

/* What fx_fxsave must leave for state WHICH (x87 registers X): the whole
 * 32-bit image (bytes 0-287), bytes 288 on untouched. */
static void expect_fxsave(uint8_t *img, const FxX87 *x, int which)
{
    fx_fill(img, 640);
    fx_encode(img, x, which, FX_PART_X87 | FX_PART_MXCSR | FX_PART_XMM);
}

/*
 * What fx_xsave (COMPACT 0: XSAVE, 1: XSAVEC) must leave for state WHICH
 * with requested-feature bitmap RFBM (XCR0 & EDX:EAX).  The states'
 * x87 and SSE components are not in their initial configuration, so
 * XINUSE has both (SDM vol. 1, 13.6) and every component of RFBM is
 * written at its legacy-region offsets, MXCSR with SSE (13.7, 13.10).
 * XSAVE sets XSTATE_BV's RFBM bits to XINUSE and leaves the rest of the
 * header; XSAVEC writes XSTATE_BV = RFBM & XINUSE and XCOMP_BV = RFBM with
 * bit 63 (compacted), the x87 and SSE components at the same offsets as
 * the standard form.  The area is 576 bytes; the bytes past it untouched.
 */
static void expect_xsave(uint8_t *img, const FxX87 *x, int which, uint32_t rfbm,
                         int compact)
{
    unsigned parts = 0;

    fx_fill(img, 640);
    parts |= rfbm & XSTATE_X87 ? FX_PART_X87 : 0;
    parts |= rfbm & XSTATE_SSE ? FX_PART_MXCSR | FX_PART_XMM : 0;
    fx_encode(img, x, which, parts);
    put_le(img + 512, rfbm & (XSTATE_X87 | XSTATE_SSE), 4);
    if (compact) {
        put_le(img + 520, rfbm, 4);
        put_le(img + 524, 0x80000000u, 4);
    }
}

/* -- Checks ---------------------------------------------------------------- */

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

/* CHECK that GOT is WANT, printing both when it is not. */
static void check_eq(uint32_t got, uint32_t want, const char *what)
{
    if (got != want) {
        puts_dbg("got ");
        put_hex(got);
        puts_dbg(" expected ");
        put_hex(want);
        puts_dbg("\n");
    }
    check(got == want, what);
}

/* Whether IMG is the FXSAVE image of state WHICH, x87 part
 * fx_x87_states[X]. */
static int is_fxsave_of(const uint8_t *img, int x, int which)
{
    expect_fxsave(want, &fx_x87_states[x], which);
    return same(img, want, 640);
}

static void test_fxsave_images(void)
{
    fx_make_state(0);
    fx_fxsave(buf);
    check(is_fxsave_of(buf, 0, 0), "FXSAVE of state 0 is its SDM image");
    check_eq(get_le(buf + 28, 4), MODEL_MXCSR_MASK,
             "FXSAVE's MXCSR_MASK is 0x0000ffff (Peregrine's CPU models)");
    fx_make_state(1);
    fx_fxsave(buf);
    check(is_fxsave_of(buf, 1, 1), "FXSAVE of state 1 is its SDM image");
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
    fx_fld1(); /* #NM first, then it runs on state 1 */
    check(nm_count == before + 1,
          "x87 instruction with CR0.TS raises #NM once");
    check(is_fxsave_of(saved_old, 0, 0),
          "the #NM handler's FXSAVE holds the old state");
    fx_fxsave(buf);
    check(is_fxsave_of(buf, 2, 1),
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
    check(is_fxsave_of(buf, 2, 1), "FXSAVE after the #NM saved the state");
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

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ volatile("cpuid"
                     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(sub));
}

static void test_xsave(void)
{
    uint32_t r[4], xcr0_lo, xcr0_hi, rfbm;

    cpuid(1, 0, r);
    if (!(r[2] & (1u << 26))) {
        skip("XSAVE not in CPUID");
        return;
    }
    __asm__ volatile("mov %%cr4, %0; or %1, %0; mov %0, %%cr4"
                     : "=&r"(r[0])
                     : "i"(CR4_OSXSAVE));
    cpuid(1, 0, r);
    check(r[2] & (1u << 27), "CPUID.1:ECX.OSXSAVE follows CR4.OSXSAVE");
    __asm__ volatile("xsetbv" : : "a"(3), "d"(0), "c"(0));
    __asm__ volatile("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
    check(xcr0_lo == 3 && xcr0_hi == 0, "XGETBV reads the XCR0 XSETBV wrote");
    cpuid(0xd, 0, r);
    check((r[0] & 3) == 3 && r[1] == 576,
          "CPUID 0xD: x87+SSE, 576 bytes for XCR0");
    rfbm = xcr0_lo & 3; /* fx_xsave's EDX:EAX is 3 */
    fx_make_state(0);
    fx_xsave(buf, 0);
    expect_xsave(want, &fx_x87_states[0], 0, rfbm, 0);
    check(same(buf, want, 640), "XSAVE of state 0 is its SDM image");
    fx_make_state(1);
    __asm__ volatile("xrstor %0"
                     :
                     : "m"(*(uint8_t(*)[576])buf), "a"(3), "d"(0));
    fx_fxsave(buf);
    check(is_fxsave_of(buf, 0, 0), "XRSTOR brought state 0 back");
    cpuid(0xd, 1, r);
    if (!(r[0] & 2)) {
        skip("XSAVEC not in CPUID");
        return;
    }
    fx_make_state(0);
    fx_xsave(buf, 1);
    expect_xsave(want, &fx_x87_states[0], 0, rfbm, 1);
    check(same(buf, want, 640), "XSAVEC of state 0 is its SDM image");
}

/*
 * The pointer fields of IMG, the FXSAVE image taken with the exception of
 * the x87 instruction at INSN pending, its memory operand at OPERAND: FIP,
 * FCS, FDP, FDS, and FOP, the low 3 bits of its first byte and its ModRM
 * byte (SDM vol. 1, 8.1.8, 8.1.9; with an exception pending AMD saves
 * them too).  FCS and FDS read 0 when CPUID.(7,0):EBX[13] says the
 * processor deprecates them; Peregrine's models save the selectors.
 */
static void check_pointers(const uint8_t *img, const uint8_t *insn,
                           uint32_t operand)
{
#ifdef QEMU_7_2
    skip("FXSAVE's FIP, FCS, FDP, FDS and FOP: QEMU 7.2 stores zeros");
#else
    uint32_t r[4];
    int fcs_fds_zero = 0;

    cpuid(0, 0, r);
    if (r[0] >= 7) {
        cpuid(7, 0, r);
        fcs_fds_zero = (r[1] >> 13) & 1;
    }
    check_eq(get_le(img + 8, 4), (uint32_t)insn,
             "FXSAVE with the exception pending: FIP is the FDIV's address");
    check_eq(get_le(img + 12, 2), fcs_fds_zero ? 0 : 0x08,
             "FXSAVE with the exception pending: FCS is CS (0 if deprecated)");
    check_eq(get_le(img + 16, 4), operand,
             "FXSAVE with the exception pending: FDP is the operand's "
             "address");
    check_eq(get_le(img + 20, 2), fcs_fds_zero ? 0 : 0x10,
             "FXSAVE with the exception pending: FDS is DS (0 if deprecated)");
    check_eq(get_le(img + 6, 2), (uint32_t)(insn[0] & 7) << 8 | insn[1],
             "FXSAVE with the exception pending: FOP is the FDIV's opcode");
#endif
}

/* An FDIV m32fp by zero with ZE unmasked: #MF at the next FWAIT. */
static void test_mf(void)
{
    static const uint16_t fcw = 0x037b; /* ZE unmasked */
    static const float zero = 0.0f;
    extern const uint8_t fdiv_insn[];

    __asm__ volatile("fninit\n\tfldcw %0\n\tfld1\n"
                     ".globl fdiv_insn\n"
                     "fdiv_insn:\n\t"
                     "fdivs %1\n\t"
                     "nop\n\t"
                     "fwait"
                     :
                     : "m"(fcw), "m"(zero)
                     : "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)",
                       "st(6)", "st(7)");
    check(mf_count == 1, "unmasked divide-by-zero: #MF at the next FWAIT");
    check((mf_fsw & 0x84) == 0x84, "the status word had ZE and ES set");
    check(mf_fip == (uint32_t)fdiv_insn, "FIP is the FDIV's address");
    check_pointers(mf_image, fdiv_insn, (uint32_t)&zero);
    __asm__ volatile("fninit");
}

int guest_main(uint32_t magic, uint32_t info)
{
    setup_tables();
    write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
    __asm__ volatile("mov %%cr4, %%eax; or %0, %%eax; mov %%eax, %%cr4"
                     :
                     : "i"(CR4_OSFXSR)
                     : "eax");
    test_fxsave_images();
    test_lazy_switch();
    test_nm_rules();
    test_mf();
    test_xsave();
    return failures;
}
