/*
 * The exceptions of the x87, MMX and SSE instructions, 32-bit protected
 * mode at ring 0, each checked for vector, error code and saved EIP
 * (SDM vol. 3, 2.5 and table 2-2; vol. 1, 8.7, 11.5 and 13.4; vol. 2,
 * "Exceptions Type 1-4"):
 *   - CR4.OSFXSR clear: SSE instructions and LDMXCSR raise #UD, MMX ones
 *     and x87 ones do not;
 *   - CR0.EM: x87 instructions raise #NM, MMX and SSE ones #UD;
 *   - CR0.TS: x87, MMX and SSE instructions raise #NM at the instruction;
 *   - an unmasked SIMD floating-point exception raises #XM with
 *     CR4.OSXMMEXCPT and #UD without it, sets the MXCSR flag and leaves the
 *     destination unchanged; masked, no exception and the default result;
 *   - MOVAPS/MOVDQA/ADDPS with a misaligned 16-byte memory operand raise
 *     #GP(0); MOVUPS and scalar ADDSS do not; LDMXCSR with a reserved bit
 *     raises #GP(0);
 *   - an unmasked x87 exception with CR0.NE: no fault at the instruction
 *     that causes it, #MF at the next waiting x87 instruction (saved EIP =
 *     that instruction), none at FNSTSW/FNCLEX; with CR0.NE clear (and
 *     interrupts off, so the IRQ 13 path stays out of it) no #MF.
 *
 * Built twice: the QEMU build (-DQEMU_7_2) leaves out what QEMU 7.2 does
 * not do as the SDM says, so that QEMU still checks the rest of the
 * program: it raises no #XM (it only sets the MXCSR flags and writes the
 * result), no #GP for LDMXCSR with reserved bits, no #MF at a waiting
 * x87 instruction other than FWAIT, updates FIP at FNSTSW, and aborts
 * (an assertion in its FERR# path) on an unmasked x87 exception with
 * CR0.NE clear.
 */
#include "desc.h"
#include "guest.h"

#define CR0_MP         (1u << 1)
#define CR0_EM         (1u << 2)
#define CR0_TS         (1u << 3)
#define CR0_NE         (1u << 5)
#define CR4_OSFXSR     (1u << 9)
#define CR4_OSXMMEXCPT (1u << 10)

#ifdef QEMU_7_2
#define SDM_ONLY 0
#else
#define SDM_ONLY 1 /* the checks QEMU 7.2 fails */
#endif

#define EXC_GP 13
#define EXC_NM 7
#define EXC_UD 6
#define EXC_MF 16
#define EXC_XM 19

#define MXCSR_ZE (1u << 2)
#define MXCSR_IE (1u << 0)
#define MXCSR_ZM (1u << 9)
#define MXCSR_IM (1u << 7)

/* -- Control registers ----------------------------------------------------- */

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

static uint32_t read_cr4(void)
{
    uint32_t v;

    __asm__ volatile("mov %%cr4, %0" : "=r"(v));
    return v;
}

static void write_cr4(uint32_t v)
{
    __asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

/* CR0 with MP and NE, EM and TS clear; CR4 with OSFXSR and OSXMMEXCPT. */
static void fpu_on(void)
{
    write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
    write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
    __asm__ volatile("fninit");
}

/* -- The instructions under test, each at a global label ------------------- */

/* The operands: 16-byte aligned, and the same bytes one byte further. */
static uint8_t opnd[48] __attribute__((aligned(16)));
static uint32_t mxcsr_in, mxcsr_out;
static uint32_t xmm1_out[4];

#define INSN_FN(fn, label, body)                                               \
    extern char label[];                                                       \
    static void fn(void)                                                       \
    {                                                                          \
        __asm__ volatile(".globl " #label "\n" #label ":\n\t" body             \
                         :                                                     \
                         : "S"(opnd)                                           \
                         : "memory");                                          \
    }

INSN_FN(do_addps, addps_insn, "addps %%xmm0, %%xmm1")
INSN_FN(do_ldmxcsr, ldmxcsr_insn, "ldmxcsr (%%esi)")
INSN_FN(do_paddb, paddb_insn, "paddb %%mm0, %%mm1\n\temms")
INSN_FN(do_fld1, fld1_insn, "fld1\n\tfstp %%st(0)")
INSN_FN(do_movaps_mis, movaps_insn, "movaps 1(%%esi), %%xmm2")
INSN_FN(do_movdqa_mis, movdqa_insn, "movdqa %%xmm2, 1(%%esi)")
INSN_FN(do_addps_mis, addps_mis_insn, "addps 1(%%esi), %%xmm2")
INSN_FN(do_movups_mis, movups_insn, "movups 1(%%esi), %%xmm2")
INSN_FN(do_addss_mis, addss_insn, "addss 1(%%esi), %%xmm2")

/* xmm1 = opnd[0..15] / opnd[16..31] (DIVPS) with MXCSR = mxcsr_in; the
 * MXCSR after it in mxcsr_out and xmm1 in xmm1_out (also after #XM). */
extern char divps_insn[];
static void do_divps(void)
{
    __asm__ volatile("ldmxcsr %0\n\t"
                     "movaps (%%esi), %%xmm1\n\t"
                     "movaps 16(%%esi), %%xmm0\n\t"
                     ".globl divps_insn\n"
                     "divps_insn:\n\t"
                     "divps %%xmm0, %%xmm1\n\t"
                     :
                     : "m"(mxcsr_in), "S"(opnd)
                     : "memory");
}

static void save_divps_results(void)
{
    static const uint32_t mxcsr_default = 0x1f80;

    __asm__ volatile("stmxcsr %0\n\t"
                     "movups %%xmm1, %1\n\t"
                     "ldmxcsr %2"
                     : "=m"(mxcsr_out), "=m"(xmm1_out)
                     : "m"(mxcsr_default));
}

/* An unmasked x87 divide by zero; FWAIT is the next waiting instruction. */
extern char fdiv_insn[], fwait_insn[];
static void do_fdiv_fwait(void)
{
    static const uint16_t fcw = 0x037b; /* ZM clear */

    __asm__ volatile("fninit\n\tfldcw %0\n\tfldz\n\tfld1\n"
                     ".globl fdiv_insn\nfdiv_insn:\n\t"
                     "fdiv %%st(1), %%st\n\t"
                     "fnstsw %%ax\n\t" /* not waiting: no #MF */
                     "nop\n"
                     ".globl fwait_insn\nfwait_insn:\n\t"
                     "fwait"
                     :
                     : "m"(fcw)
                     : "eax", "memory");
}

/* The same, then FNCLEX before the FWAIT: nothing pending, no #MF. */
static void do_fdiv_fnclex_fwait(void)
{
    static const uint16_t fcw = 0x037b;

    __asm__ volatile("fninit\n\tfldcw %0\n\tfldz\n\tfld1\n\t"
                     "fdiv %%st(1), %%st\n\t"
                     "fnclex\n\t"
                     "fwait"
                     :
                     : "m"(fcw)
                     : "memory");
}

/* The next x87 arithmetic instruction (not FWAIT) also takes the #MF. */
extern char fadd_insn[];
static void do_fdiv_fadd(void)
{
    static const uint16_t fcw = 0x037b;

    __asm__ volatile("fninit\n\tfldcw %0\n\tfldz\n\tfld1\n\t"
                     "fdiv %%st(1), %%st\n"
                     ".globl fadd_insn\nfadd_insn:\n\t"
                     "fadd %%st(1), %%st"
                     :
                     : "m"(fcw)
                     : "memory");
}

/* -- Checking -------------------------------------------------------------- */

/* Run FN; expect VECTOR (with error code ERROR) at EIP, or (VECTOR < 0)
 * no exception. */
static void expect(void (*fn)(void), int vector, uint32_t error,
                   const char *eip, const char *what)
{
    uint32_t caught = guest_try(fn);
    int ok = vector < 0 ? !caught
                        : caught && last_exc.vector == (uint32_t)vector
                              && last_exc.error == error
                              && last_exc.eip == (uint32_t)eip;

    if (!ok) {
        puts_dbg("# got ");
        puts_dbg(caught ? "vector " : "no exception");
        if (caught) {
            put_hex(last_exc.vector);
            puts_dbg(" error ");
            put_hex(last_exc.error);
            puts_dbg(" eip ");
            put_hex(last_exc.eip);
        }
        puts_dbg("\n");
    }
    check(ok, what);
}

static void test_osfxsr_clear(void)
{
    fpu_on();
    write_cr4(read_cr4() & ~CR4_OSFXSR);
    expect(do_addps, EXC_UD, 0, addps_insn, "CR4.OSFXSR clear: ADDPS #UD");
    expect(do_ldmxcsr, EXC_UD, 0, ldmxcsr_insn,
           "CR4.OSFXSR clear: LDMXCSR #UD");
    expect(do_paddb, -1, 0, 0, "CR4.OSFXSR clear: MMX PADDB runs");
    expect(do_fld1, -1, 0, 0, "CR4.OSFXSR clear: x87 FLD1 runs");
    fpu_on();
    expect(do_addps, -1, 0, 0, "CR4.OSFXSR set: ADDPS runs");
}

static void test_em_and_ts(void)
{
    fpu_on();
    write_cr0(read_cr0() | CR0_EM);
    expect(do_fld1, EXC_NM, 0, fld1_insn, "CR0.EM: x87 FLD1 #NM");
    expect(do_paddb, EXC_UD, 0, paddb_insn, "CR0.EM: MMX PADDB #UD");
    expect(do_addps, EXC_UD, 0, addps_insn, "CR0.EM: SSE ADDPS #UD");
    fpu_on();
    write_cr0(read_cr0() | CR0_TS);
    expect(do_fld1, EXC_NM, 0, fld1_insn, "CR0.TS: x87 FLD1 #NM");
    expect(do_paddb, EXC_NM, 0, paddb_insn, "CR0.TS: MMX PADDB #NM");
    expect(do_addps, EXC_NM, 0, addps_insn, "CR0.TS: SSE ADDPS #NM");
    expect(do_ldmxcsr, EXC_NM, 0, ldmxcsr_insn, "CR0.TS: LDMXCSR #NM");
    __asm__ volatile("clts");
    expect(do_addps, -1, 0, 0, "after CLTS: ADDPS runs");
    fpu_on();
}

static void put32(int off, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        opnd[off + i] = (uint8_t)(v >> (8 * i));
    }
}

static void test_xm(void)
{
    int same = 1;

    fpu_on();
    for (int i = 0; i < 4; i++) {
        put32(4 * i, 0x3f800000);                   /* 1.0f */
        put32(16 + 4 * i, i == 2 ? 0 : 0x40000000); /* 2.0f, one 0.0f */
    }

    if (SDM_ONLY) {
        mxcsr_in = 0x1f80 & ~MXCSR_ZM;
        expect(do_divps, EXC_XM, 0, divps_insn,
               "unmasked divide by zero, CR4.OSXMMEXCPT: DIVPS #XM");
        save_divps_results();
        check(mxcsr_out == ((0x1f80 & ~MXCSR_ZM) | MXCSR_ZE),
              "#XM: MXCSR.ZE set, nothing else");
        for (int i = 0; i < 4; i++) {
            same &= xmm1_out[i] == 0x3f800000;
        }
        check(same, "#XM: the destination is unchanged");

        write_cr4(read_cr4() & ~CR4_OSXMMEXCPT);
        mxcsr_in = 0x1f80 & ~MXCSR_ZM;
        expect(do_divps, EXC_UD, 0, divps_insn,
               "unmasked divide by zero, CR4.OSXMMEXCPT clear: DIVPS #UD");
        save_divps_results();
        write_cr4(read_cr4() | CR4_OSXMMEXCPT);
    }

    mxcsr_in = 0x1f80;
    expect(do_divps, -1, 0, 0, "masked divide by zero: no exception");
    save_divps_results();
    check(mxcsr_out == (0x1f80 | MXCSR_ZE) && xmm1_out[2] == 0x7f800000
              && xmm1_out[0] == 0x3f000000,
          "masked: ZE set, 1/0 = +inf, 1/2 = 0.5");

    if (SDM_ONLY) {
        put32(16 + 8, 0x7f800001); /* a signalling NaN */
        mxcsr_in = 0x1f80 & ~MXCSR_IM;
        expect(do_divps, EXC_XM, 0, divps_insn, "unmasked invalid (SNaN): #XM");
        save_divps_results();
        check(mxcsr_out == ((0x1f80 & ~MXCSR_IM) | MXCSR_IE),
              "#XM for a SNaN: MXCSR.IE set");
    }
}

static void test_alignment(void)
{
    fpu_on();
    expect(do_movaps_mis, EXC_GP, 0, movaps_insn,
           "MOVAPS load from a misaligned address: #GP(0)");
    expect(do_movdqa_mis, EXC_GP, 0, movdqa_insn,
           "MOVDQA store to a misaligned address: #GP(0)");
    expect(do_addps_mis, EXC_GP, 0, addps_mis_insn,
           "ADDPS with a misaligned memory operand: #GP(0)");
    expect(do_movups_mis, -1, 0, 0, "MOVUPS from a misaligned address runs");
    expect(do_addss_mis, -1, 0, 0, "ADDSS (32-bit operand) misaligned runs");
    if (SDM_ONLY) {
        put32(0, 0x1f80 | (1u << 16)); /* a reserved bit */
        expect(do_ldmxcsr, EXC_GP, 0, ldmxcsr_insn,
               "LDMXCSR with a reserved bit set: #GP(0)");
    }
}

static void test_mf(void)
{
    uint8_t env[28];
    uint32_t fip;

    fpu_on();
    expect(do_fdiv_fwait, EXC_MF, 0, fwait_insn,
           "CR0.NE: unmasked x87 divide by zero: #MF at the next FWAIT, "
           "not at FDIV or FNSTSW");
    __asm__ volatile("fnstenv %0\n\tfnclex" : "=m"(env));
    fip = env[12] | env[13] << 8 | env[14] << 16 | (uint32_t)env[15] << 24;
    check((env[4] & 0xff) == 0x84 && (env[5] & 0x80),
          "FSW at #MF: B, ES and ZE set");
    if (SDM_ONLY) {
        check(fip == (uint32_t)fdiv_insn, "FIP at #MF names the FDIV");
        expect(do_fdiv_fadd, EXC_MF, 0, fadd_insn,
               "CR0.NE: #MF at the next x87 arithmetic instruction");
        __asm__ volatile("fnclex");
    }
    expect(do_fdiv_fnclex_fwait, -1, 0, 0, "FNCLEX clears it: no #MF");
    if (SDM_ONLY) {
        write_cr0(read_cr0() & ~CR0_NE);
        expect(do_fdiv_fwait, -1, 0, 0, "CR0.NE clear, interrupts off: no #MF");
    }
    fpu_on();
}

int guest_main(uint32_t magic, uint32_t info)
{
    desc_init();
    test_osfxsr_clear();
    test_em_and_ts();
    test_xm();
    test_alignment();
    test_mf();
    return failures;
}
