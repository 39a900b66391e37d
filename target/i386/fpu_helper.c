/*
 * x87 helpers: the data instructions run on the host FPU, the control
 * instructions (FNINIT, FNCLEX, FLDCW, FNSTSW, FLDENV/FNSTENV,
 * FRSTOR/FNSAVE, FWAIT) are written out here.
 *
 * The host is an x86-64 CPU with the same 80-bit FPU, so an x87 data
 * instruction is executed natively, which makes every result bit-exact
 * (transcendentals, NaN propagation, precision and rounding control,
 * condition codes, stack faults, masked and unmasked responses): the
 * guest's whole x87 state is loaded into the host FPU with FRSTOR, the
 * instruction's own opcode and ModRM run from a table of stubs (a memory
 * operand is redirected to a host buffer holding the guest bytes), and
 * FNSAVE reads the state back.  Cost: one FRSTOR + FNSAVE pair per x87
 * instruction (a few hundred host cycles).
 *
 * What the host must not see: a pending unmasked exception of the guest
 * (it would trap in the emulator).  The guest's sticky exception flags are
 * therefore cleared in the image the host runs and ORed back afterwards;
 * the host's own FPU is re-initialized by FNSAVE and its control word
 * restored.  Pending guest exceptions are handled before a waiting
 * instruction runs: #MF when CR0.NE, else FERR# (x86_fpu_ferr).
 *
 * The last-instruction pointers (FIP/FCS, FDP/FDS, FOP) are the guest's:
 * emit-fpu.c passes the instruction's offset and its operand's effective
 * address.  FDP/FDS change only for instructions with a memory operand.
 */
#include <inttypes.h>
#include <string.h>

#include "exec/cpu-common.h"
#include "exec/exec-all.h"
#include "target/i386/fpu_helper.h"
#include "target/i386/helper.h"
#include "util/error.h"
#include "util/log.h"

#define CR0_NE_MASK (1u << 5)

/* -- The stub table -------------------------------------------------------- */

/*
 * For each escape byte D8..DF, 72 four-byte stubs "opcode, ModRM; ret":
 * first the eight memory forms (ModRM.reg = 0..7, operand [rdi]), then
 * the 64 register forms (ModRM C0..FF).  Invalid forms are never called
 * (the decoder rejects them).
 */
#define X87_STUBS_PER_ESC 72
#define X87_STUB_SIZE     4

__asm__(".pushsection .text\n"
        ".balign 16\n"
        ".globl peregrine_x87_stubs\n"
        ".hidden peregrine_x87_stubs\n"
        "peregrine_x87_stubs:\n"
        ".set x87_esc, 0xd8\n"
        ".rept 8\n"
        "  .set x87_modrm, 0x07\n"
        "  .rept 8\n"
        "    .byte x87_esc, x87_modrm, 0xc3, 0xcc\n"
        "    .set x87_modrm, x87_modrm + 8\n"
        "  .endr\n"
        "  .set x87_modrm, 0xc0\n"
        "  .rept 64\n"
        "    .byte x87_esc, x87_modrm, 0xc3, 0xcc\n"
        "    .set x87_modrm, x87_modrm + 1\n"
        "  .endr\n"
        "  .set x87_esc, x87_esc + 1\n"
        ".endr\n"
        ".popsection\n");

extern const uint8_t peregrine_x87_stubs[];

static const void *x87_stub(uint32_t fop, bool mem)
{
    unsigned esc = (fop >> 8) & 7, modrm = fop & 0xff;
    unsigned slot = mem ? (modrm >> 3) & 7 : 8 + (modrm & 0x3f);

    return peregrine_x87_stubs
           + (esc * X87_STUBS_PER_ESC + slot) * X87_STUB_SIZE;
}

/* -- State views ----------------------------------------------------------- */

void x87_update_es(CPUX86State *env)
{
    if (env->fpus & ~env->fpuc & FPUS_EXC) {
        env->fpus |= FPUS_ES | FPUS_B;
    } else {
        env->fpus &= ~(FPUS_ES | FPUS_B);
    }
}

uint16_t x87_get_fsw(const CPUX86State *env)
{
    return (env->fpus & ~FPUS_TOP) | ((env->fpstt & 7) << 11);
}

void x87_set_fsw(CPUX86State *env, uint16_t fsw)
{
    env->fpstt = (fsw & FPUS_TOP) >> 11;
    env->fpus = fsw & ~FPUS_TOP;
    x87_update_es(env);
}

uint16_t x87_canonical_fcw(uint16_t fcw)
{
    return (fcw & 0x1f3f) | 0x0040;
}

/* Tag of a non-empty register (SDM vol. 1, figure 8-7): 0 valid, 1 zero,
 * 2 special (NaN, infinity, denormal, unnormal, pseudo-denormal). */
static unsigned x87_tag_of(const X87Reg *r)
{
    unsigned exp = r->f.sexp & 0x7fff;

    if (exp == 0x7fff) {
        return 2;
    }
    if (exp == 0) {
        return r->f.mant == 0 ? 1 : 2;
    }
    return (r->f.mant >> 63) ? 0 : 2;
}

uint16_t x87_get_ftw(const CPUX86State *env)
{
    uint16_t ftw = 0;

    for (int i = 0; i < 8; i++) {
        unsigned tag = env->fptags[i] ? 3 : x87_tag_of(&env->fpregs[i]);

        ftw |= tag << (2 * i);
    }
    return ftw;
}

void x87_set_ftw(CPUX86State *env, uint16_t ftw)
{
    for (int i = 0; i < 8; i++) {
        env->fptags[i] = ((ftw >> (2 * i)) & 3) == 3;
    }
}

void x87_reset(CPUX86State *env)
{
    env->fpuc = FPUC_INIT;
    env->fpus = 0;
    env->fpstt = 0;
    memset(env->fptags, 1, sizeof(env->fptags));
    env->fpop = 0;
    env->fpip = env->fpdp = 0;
    env->fpcs = env->fpds = 0;
}

/* -- Guest memory ---------------------------------------------------------- */

void x87_read_bytes(CPUX86State *env, uint64_t addr, void *buf, unsigned n,
                    uintptr_t ra)
{
    CPUState *cs = env_cpu(env);
    int mmu_idx = cs->ops->mmu_index(cs, false);
    uint8_t *p = buf;

    for (unsigned i = 0; i < n;) {
        unsigned chunk = n - i >= 8 ? 8 : 1;
        uint64_t v = cpu_ld_mmu(cs, addr + i, chunk, mmu_idx, ra);

        memcpy(p + i, &v, chunk);
        i += chunk;
    }
}

void x87_write_bytes(CPUX86State *env, uint64_t addr, const void *buf,
                     unsigned n, uintptr_t ra)
{
    CPUState *cs = env_cpu(env);
    int mmu_idx = cs->ops->mmu_index(cs, false);
    const uint8_t *p = buf;

    /* Probe both ends (a write of the byte already there) first. */
    cpu_st_mmu(cs, addr, cpu_ld_mmu(cs, addr, 1, mmu_idx, ra), 1, mmu_idx, ra);
    cpu_st_mmu(cs, addr + n - 1, cpu_ld_mmu(cs, addr + n - 1, 1, mmu_idx, ra),
               1, mmu_idx, ra);
    for (unsigned i = 0; i < n;) {
        unsigned chunk = n - i >= 8 ? 8 : 1;
        uint64_t v = 0;

        memcpy(&v, p + i, chunk);
        cpu_st_mmu(cs, addr + i, v, chunk, mmu_idx, ra);
        i += chunk;
    }
}

/* -- Pending exceptions ---------------------------------------------------- */

void x86_fpu_ferr(CPUX86State *env)
{
    qlog_mask(LOG_UNIMP,
              "x87: FERR# asserted (CR0.NE clear) at rip 0x%" PRIx64
              ": IRQ13 is not wired yet, the instruction proceeds "
              "as with IGNNE#\n",
              env->rip);
}

/* A waiting x87 instruction: deliver a pending unmasked exception. */
static void x87_check_pending(CPUX86State *env, uintptr_t ra)
{
    if (!(env->fpus & FPUS_ES)) {
        return;
    }
    if (env->cr[0] & CR0_NE_MASK) {
        x86_raise_exception_ra(env, EXCP10_COPR, ra);
    }
    x86_fpu_ferr(env);
}

/* -- Native execution ------------------------------------------------------ */

/* The FNSAVE/FRSTOR image, 32-bit protected-mode format (108 bytes). */
typedef struct __attribute__((packed)) X87Image {
    uint32_t fcw, fsw, ftw;
    uint32_t fip;
    uint16_t fcs, fop;
    uint32_t fdp;
    uint32_t fds;
    uint8_t st[8][10]; /* ST(0)..ST(7) */
} X87Image;

_Static_assert(sizeof(X87Image) == 108, "FNSAVE image is 108 bytes");

/*
 * Run STUB on the host FPU loaded from IMG, with the arithmetic flags
 * FLAGS_IN in EFLAGS (FCMOVcc reads them) and rdi = MEM; IMG receives the
 * state after it.  Returns the arithmetic flags after (FCOMI writes them).
 */
static uint64_t x87_run_host(X87Image *img, const void *stub, void *mem,
                             uint64_t flags_in)
{
    uint16_t host_fcw;
    uint64_t flags_out;

    flags_in = (flags_in & CC_ARITH_MASK) | EFLAGS_FIXED1;
    /* The stub is called below the red zone; DF stays clear (ABI). */
    __asm__ volatile(
        "fnstcw %[hcw]\n\t"
        "frstor %[img]\n\t"
        "sub $128, %%rsp\n\t"
        "push %[fin]\n\t"
        "popfq\n\t"
        "call *%[stub]\n\t"
        "pushfq\n\t"
        "pop %[fout]\n\t"
        "add $128, %%rsp\n\t"
        "fnsave %[img]\n\t"
        "fldcw %[hcw]\n\t"
        : [img] "+m"(*img), [hcw] "=m"(host_fcw), [fout] "=&r"(flags_out)
        : [stub] "r"(stub), "D"(mem), [fin] "r"(flags_in)
        : "memory", "cc", "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)",
          "st(6)", "st(7)");
    return flags_out & CC_ARITH_MASK;
}

/* The guest state as the host runs it: no sticky exception flags. */
static void x87_to_image(const CPUX86State *env, X87Image *img)
{
    memset(img, 0, sizeof(*img));
    img->fcw = env->fpuc;
    img->fsw = x87_get_fsw(env) & ~(FPUS_EXC | FPUS_SF | FPUS_ES | FPUS_B);
    img->ftw = x87_get_ftw(env);
    for (int i = 0; i < 8; i++) {
        memcpy(img->st[i], &env->fpregs[(env->fpstt + i) & 7], 10);
    }
}

/* Take the host's result back, the guest's sticky flags ORed in. */
static void x87_from_image(CPUX86State *env, const X87Image *img)
{
    uint16_t sticky = env->fpus & (FPUS_EXC | FPUS_SF);

    x87_set_fsw(env, (uint16_t)img->fsw | sticky);
    x87_set_ftw(env, (uint16_t)img->ftw);
    for (int i = 0; i < 8; i++) {
        X87Reg *r = &env->fpregs[(env->fpstt + i) & 7];

        memset(r, 0, sizeof(*r));
        memcpy(r, img->st[i], 10);
    }
}

/*
 * Memory operand size of the x87 data forms by [escape & 7][ModRM.reg]:
 * > 0 loaded, < 0 stored, 0 not a native memory form (control
 * instructions, invalid encodings).  SDM vol. 2, tables A-7 .. A-22.
 */
static const int8_t x87_mem_size[8][8] = {
    {4, 4, 4, 4, 4, 4, 4, 4},        /* D8: m32fp arithmetic */
    {4, 0, -4, -4, 0, 0, 0, 0},      /* D9: FLD, FST, FSTP m32fp */
    {4, 4, 4, 4, 4, 4, 4, 4},        /* DA: m32int arithmetic */
    {4, -4, -4, -4, 0, 10, 0, -10},  /* DB: FILD FISTTP FIST FISTP m32, m80 */
    {8, 8, 8, 8, 8, 8, 8, 8},        /* DC: m64fp arithmetic */
    {8, -8, -8, -8, 0, 0, 0, 0},     /* DD: FLD FISTTP FST FSTP m64 */
    {2, 2, 2, 2, 2, 2, 2, 2},        /* DE: m16int arithmetic */
    {2, -2, -2, -2, 10, 8, -10, -8}, /* DF: m16int, FBLD, m64int, FBSTP */
};

/* Record the last non-control instruction (SDM vol. 1, 8.1.8, 8.1.9). */
static void x87_set_last_insn(CPUX86State *env, uint32_t desc, uint64_t eip)
{
    env->fpop = desc & X87_DESC_FOP_MASK;
    env->fpip = eip;
    env->fpcs = env->segs[R_CS].selector;
}

uint64_t helper_x87_reg(CPUX86State *env, uint32_t desc, uint64_t eip,
                        uint64_t eflags)
{
    X87Image img;
    uint64_t flags;

    x87_check_pending(env, GETPC());
    x87_to_image(env, &img);
    flags = x87_run_host(&img, x87_stub(desc, false), NULL, eflags);
    x87_from_image(env, &img);
    x87_set_last_insn(env, desc, eip);
    return flags;
}

void helper_x87_mem(CPUX86State *env, uint32_t desc, uint64_t eip,
                    uint64_t addr, uint64_t dp)
{
    uintptr_t ra = GETPC();
    uint32_t fop = desc & X87_DESC_FOP_MASK;
    int size = x87_mem_size[(fop >> 8) & 7][(fop >> 3) & 7];
    unsigned n = size < 0 ? -size : size;
    uint8_t buf[16] = {0}, before[16];
    X87Image img;

    if (n == 0) {
        internal_error("x87: memory form 0x%03x has no native size", fop);
    }
    x87_check_pending(env, ra);
    /* A store reads the destination first: the host may leave it as it
     * was (a store with an unmasked exception writes nothing). */
    x87_read_bytes(env, addr, buf, n, ra);
    memcpy(before, buf, sizeof(buf));
    x87_to_image(env, &img);
    x87_run_host(&img, x87_stub(fop, true), buf, 0);
    if (size < 0) {
        bool unmasked = img.fsw & ~img.fcw & FPUS_EXC;

        if (!unmasked || memcmp(buf, before, n) != 0) {
            x87_write_bytes(env, addr, buf, n, ra);
        }
    }
    x87_from_image(env, &img);
    x87_set_last_insn(env, desc, eip);
    env->fpdp = dp;
    env->fpds = env->segs[(desc >> X87_DESC_SEG_SHIFT) & 7].selector;
}

/* -- Control instructions -------------------------------------------------- */

void helper_fwait(CPUX86State *env)
{
    x87_check_pending(env, GETPC());
}

void helper_fninit(CPUX86State *env)
{
    x87_reset(env);
}

void helper_fnclex(CPUX86State *env)
{
    env->fpus &= ~(FPUS_EXC | FPUS_SF | FPUS_ES | FPUS_B);
}

void helper_fldcw(CPUX86State *env, uint64_t fcw)
{
    x87_check_pending(env, GETPC());
    env->fpuc = x87_canonical_fcw(fcw);
    x87_update_es(env);
}

uint64_t helper_fnstsw(CPUX86State *env)
{
    return x87_get_fsw(env);
}

/* -- FLDENV / FNSTENV / FRSTOR / FNSAVE (SDM vol. 1, 8.1.10, figures 8-9..8-12)
 * -- */

/* Real-address and virtual-8086 mode use the real-mode layouts. */
static bool x87_env_real(const CPUX86State *env)
{
    return !(env->cr[0] & CR0_PE_MASK) || (env->eflags & VM_MASK);
}

/* Size of the environment image: 14 bytes (16-bit) or 28 (32-bit). */
static unsigned x87_env_size(uint32_t desc)
{
    return (desc & X87_DESC_OP16) ? 14 : 28;
}

/* Write the environment into BUF in the layout DESC and the mode select. */
static void x87_env_to_buf(const CPUX86State *env, uint32_t desc, uint8_t *buf)
{
    bool op16 = desc & X87_DESC_OP16;
    unsigned w = op16 ? 2 : 4;
    uint32_t f[7] = {
        env->fpuc, x87_get_fsw(env), x87_get_ftw(env), 0, 0, 0, 0,
    };

    if (x87_env_real(env)) {
        /* Linear addresses (20 bits for 16-bit, 32 for 32-bit). */
        uint32_t ip = (uint32_t)(env->fpcs * 16 + env->fpip);
        uint32_t dp = (uint32_t)(env->fpds * 16 + env->fpdp);

        f[3] = ip & 0xffff;
        f[5] = dp & 0xffff;
        if (op16) {
            f[4] = ((ip >> 16) & 0xf) << 12 | (env->fpop & 0x7ff);
            f[6] = ((dp >> 16) & 0xf) << 12;
        } else {
            f[4] = (ip >> 16) << 12 | (env->fpop & 0x7ff);
            f[6] = (dp >> 16) << 12;
        }
    } else {
        f[3] = (uint32_t)env->fpip;
        f[4] = env->fpcs | (op16 ? 0 : (uint32_t)(env->fpop & 0x7ff) << 16);
        f[5] = (uint32_t)env->fpdp;
        f[6] = env->fpds;
        if (op16) {
            f[3] &= 0xffff;
            f[5] &= 0xffff;
        }
    }
    /* The 32-bit layouts' unused upper halves read as ones (what the
     * hardware writes). */
    if (!op16) {
        for (int i = 0; i < 3; i++) {
            f[i] |= 0xffff0000u;
        }
        if (x87_env_real(env)) {
            f[3] |= 0xffff0000u;
            f[5] |= 0xffff0000u;
        } else {
            f[6] |= 0xffff0000u;
        }
    }
    for (int i = 0; i < 7; i++) {
        memcpy(buf + i * w, &f[i], w);
    }
}

static void x87_env_from_buf(CPUX86State *env, uint32_t desc,
                             const uint8_t *buf)
{
    bool op16 = desc & X87_DESC_OP16;
    unsigned w = op16 ? 2 : 4;
    uint32_t f[7] = {0};

    for (int i = 0; i < 7; i++) {
        memcpy(&f[i], buf + i * w, w);
    }
    env->fpuc = x87_canonical_fcw(f[0]);
    x87_set_fsw(env, f[1]);
    x87_set_ftw(env, f[2]);
    if (x87_env_real(env)) {
        unsigned hi = op16 ? 4 : 16;

        env->fpip = (f[3] & 0xffff) | ((f[4] >> 12) & ((1u << hi) - 1)) << 16;
        env->fpdp = (f[5] & 0xffff) | ((f[6] >> 12) & ((1u << hi) - 1)) << 16;
        env->fpop = f[4] & 0x7ff;
        env->fpcs = env->fpds = 0;
    } else {
        env->fpip = f[3];
        env->fpcs = f[4] & 0xffff;
        env->fpop = op16 ? 0 : (f[4] >> 16) & 0x7ff;
        env->fpdp = f[5];
        env->fpds = f[6] & 0xffff;
    }
}

void helper_fldenv(CPUX86State *env, uint64_t addr, uint32_t desc)
{
    uintptr_t ra = GETPC();
    uint8_t buf[28];

    x87_check_pending(env, ra);
    x87_read_bytes(env, addr, buf, x87_env_size(desc), ra);
    x87_env_from_buf(env, desc, buf);
}

void helper_fnstenv(CPUX86State *env, uint64_t addr, uint32_t desc)
{
    uint8_t buf[28];

    x87_env_to_buf(env, desc, buf);
    x87_write_bytes(env, addr, buf, x87_env_size(desc), GETPC());
    /* SDM FSTENV: all exceptions are masked after the store. */
    env->fpuc |= FPUS_EXC;
    x87_update_es(env);
}

void helper_frstor(CPUX86State *env, uint64_t addr, uint32_t desc)
{
    uintptr_t ra = GETPC();
    unsigned n = x87_env_size(desc);
    uint8_t buf[28 + 80];

    x87_check_pending(env, ra);
    x87_read_bytes(env, addr, buf, n + 80, ra);
    x87_env_from_buf(env, desc, buf);
    for (int i = 0; i < 8; i++) {
        X87Reg *r = &env->fpregs[(env->fpstt + i) & 7];

        memset(r, 0, sizeof(*r));
        memcpy(r, buf + n + 10 * i, 10);
    }
}

void helper_fnsave(CPUX86State *env, uint64_t addr, uint32_t desc)
{
    unsigned n = x87_env_size(desc);
    uint8_t buf[28 + 80];

    x87_env_to_buf(env, desc, buf);
    for (int i = 0; i < 8; i++) {
        memcpy(buf + n + 10 * i, &env->fpregs[(env->fpstt + i) & 7], 10);
    }
    x87_write_bytes(env, addr, buf, n + 80, GETPC());
    x87_reset(env);
}
