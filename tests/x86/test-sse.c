/*
 * Host-differential test of the MMX/SSE instructions: every MMX/SSE row of
 * insn-table.def is encoded with random registers, register or memory
 * operands, immediates and REX.W, then run natively (a generated stub
 * loads the state, runs the bytes, stores the state) and by Peregrine (the
 * x86 CPU in 64-bit mode, state set directly, the bytes followed by HLT).
 * XMM0-15, MM0-7, RAX/RCX/RDX/RBX, MXCSR, the arithmetic flags and the
 * memory operand's 128 bytes must match exactly.
 *
 * Inputs are biased to what floating point gets wrong: NaNs (quiet and
 * signalling), infinities, denormals, zeros, integer-boundary values; MXCSR
 * takes all four rounding modes with DAZ/FZ on and off (exceptions stay
 * masked: an unmasked one would be a SIGFPE on the host side).
 *
 * Usage: test-sse --tap [BACKEND] (x86_64 or tci; default x86_64).
 * PEREGRINE_SSE_COUNT sets the number of instructions (default 200,000;
 * 2,000,000 with PEREGRINE_FULL=1), PEREGRINE_SSE_SEED the seed (printed
 * either way).
 *
 * The host is the oracle wherever the SDM defines the result the same for
 * every vendor.  DPPS/DPPD are the exception: which of several NaNs reaches
 * which lane is implementation dependent (SDM vol. 2, DPPS), and AMD and
 * Intel differ there; their expected values come from a model of the SDM's
 * pseudo-code run one scalar host operation at a time (dp_reference), and
 * the host's answer only cross-checks that model.  Each other MMX/SSE
 * floating-point result is one operation whose NaN the SDM defines for
 * every vendor (vol. 1, table 4-7: the first source operand's; MINPS/MAXPS
 * and the comparisons by their own pages), and Peregrine computes it with
 * the same host instruction.
 *
 * PEREGRINE_TEST_PERTURB=1 (perturb.h) flips the architecturally undefined
 * bits of the host's results before comparing: in this state there are
 * none (the arithmetic flags after COMISS/UCOMISS, PTEST and PCMPxSTRx are
 * all defined), so the count it reports is 0.
 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "exec/exec-all.h"
#include "hw/i386/pc.h"
#include "target/i386/helper.h"
#include "target/i386/translate.h"

#include "perturb.h"

/* -- The state both sides start from and end in ---------------------------- */

#define DATA_SIZE 128

typedef struct TestState {
    uint8_t xmm[16][16]; /* 0 */
    uint64_t mm[8];      /* 256 */
    uint64_t gpr[4];     /* 320: rax rcx rdx rbx */
    uint64_t rsi, rdi;   /* 352, 360: memory operand bases */
    uint64_t flags;      /* 368 */
    uint32_t mxcsr;      /* 376 */
    uint32_t host_mxcsr; /* 380: native stub scratch */
} TestState;

_Static_assert(offsetof(TestState, mm) == 256 && offsetof(TestState, gpr) == 320
                   && offsetof(TestState, rsi) == 352
                   && offsetof(TestState, flags) == 368
                   && offsetof(TestState, mxcsr) == 376
                   && offsetof(TestState, host_mxcsr) == 380,
               "the native stub hard-codes these offsets");

#define ARITH_FLAGS 0x8d5u

/* -- Native side: a generated stub ----------------------------------------- */

typedef struct Code {
    uint8_t *p;
    size_t len;
} Code;

static void emit(Code *c, const uint8_t *b, size_t n)
{
    memcpy(c->p + c->len, b, n);
    c->len += n;
}

#define EMIT(c, ...)                                                           \
    emit((c), (const uint8_t[]){__VA_ARGS__},                                  \
         sizeof((const uint8_t[]){__VA_ARGS__}))

/* [PFX] REX(B=1 for r15, R from REG, W) OPC... modrm(10, reg, r15) disp32 */
static void emit_r15(Code *c, int pfx, bool w, const uint8_t *opc, size_t n,
                     int reg, int32_t disp)
{
    if (pfx) {
        EMIT(c, (uint8_t)pfx);
    }
    EMIT(c, (uint8_t)(0x41 | (w ? 8 : 0) | ((reg & 8) ? 4 : 0)));
    emit(c, opc, n);
    EMIT(c, (uint8_t)(0x80 | (reg & 7) << 3 | 7), (uint8_t)disp,
         (uint8_t)(disp >> 8), (uint8_t)(disp >> 16), (uint8_t)(disp >> 24));
}

#define R15(c, pfx, w, reg, disp, ...)                                         \
    emit_r15((c), (pfx), (w), (const uint8_t[]){__VA_ARGS__},                  \
             sizeof((const uint8_t[]){__VA_ARGS__}), (reg), (disp))

static uint8_t *native_page;

typedef void NativeFn(TestState *st);

/* Build "load state; INSN; store state; ret" and return it. */
static NativeFn *native_build(const uint8_t *insn, size_t n)
{
    Code c = {native_page, 0};

    EMIT(&c, 0x53, 0x55, 0x41, 0x54, 0x41, 0x55, 0x41, 0x56, 0x41, 0x57);
    EMIT(&c, 0x49, 0x89, 0xff);            /* mov r15, rdi */
    R15(&c, 0, false, 3, 380, 0x0f, 0xae); /* stmxcsr host */
    R15(&c, 0, false, 2, 376, 0x0f, 0xae); /* ldmxcsr */
    for (int i = 0; i < 16; i++) {
        R15(&c, 0xf3, false, i, 16 * i, 0x0f, 0x6f); /* movdqu xmm, m */
    }
    for (int i = 0; i < 8; i++) {
        R15(&c, 0, false, i, 256 + 8 * i, 0x0f, 0x6f); /* movq mm, m */
    }
    for (int i = 0; i < 4; i++) {
        R15(&c, 0, true, i, 320 + 8 * i, 0x8b); /* mov r64, m */
    }
    R15(&c, 0, true, 6, 352, 0x8b);  /* rsi */
    R15(&c, 0, true, 7, 360, 0x8b);  /* rdi */
    R15(&c, 0, false, 6, 368, 0xff); /* push [flags] */
    EMIT(&c, 0x9d);                  /* popfq */
    emit(&c, insn, n);
    EMIT(&c, 0x9c);                  /* pushfq */
    R15(&c, 0, false, 0, 368, 0x8f); /* pop [flags] */
    for (int i = 0; i < 16; i++) {
        R15(&c, 0xf3, false, i, 16 * i, 0x0f, 0x7f);
    }
    for (int i = 0; i < 8; i++) {
        R15(&c, 0, false, i, 256 + 8 * i, 0x0f, 0x7f);
    }
    for (int i = 0; i < 4; i++) {
        R15(&c, 0, true, i, 320 + 8 * i, 0x89);
    }
    R15(&c, 0, false, 3, 376, 0x0f, 0xae); /* stmxcsr */
    R15(&c, 0, false, 2, 380, 0x0f, 0xae); /* ldmxcsr host */
    EMIT(&c, 0x0f, 0x77);                  /* emms */
    EMIT(&c, 0x41, 0x5f, 0x41, 0x5e, 0x41, 0x5d, 0x41, 0x5c, 0x5d, 0x5b, 0xc3);
    return (NativeFn *)(void *)native_page;
}

/* -- Peregrine side -------------------------------------------------------- */

#define GUEST_CODE 0x1000
#define GUEST_DATA 0x10000
#define RAM_SIZE   (1u << 20)

static Machine machine;
static MachineConfig config;
static CPUState *cpu;
static CPUX86State *env;

static void guest_init(const char *backend)
{
    g_autofree char *err = NULL;

    config.cpu_model = (char *)"max";
    config.cpu_features = g_ptr_array_new();
    machine.cfg = &config;
    memory_region_init(&machine.system, "system", UINT64_C(1) << 32);
    memory_region_init(&machine.io, "io", 0x10000);
    g_assert_true(memory_region_init_ram(&machine.ram, "ram", RAM_SIZE));
    memory_region_add_subregion(&machine.system, 0, &machine.ram);
    address_space_init(&machine.as_memory, &machine.system, "memory");
    address_space_init(&machine.as_io, &machine.io, "io");
    if (!tcg_exec_init(32 << 20, false, backend, &err)
        || !(cpu = pc_cpu_create(&machine, 0, &err))) {
        g_error("%s", err);
    }
    env = &((X86CPU *)cpu)->env;
}

/* 64-bit mode, CPL 0, flat; paging off (the CPU maps linear = physical). */
static void guest_long_mode(void)
{
    for (int i = 0; i < X86_NB_SEGS; i++) {
        env->segs[i] = (SegmentCache){
            .selector = i == R_CS ? 0x08 : 0x10,
            .base = 0,
            .limit = 0xffffffff,
            .flags = DESC_P_MASK | DESC_S_MASK | DESC_G_MASK
                     | (i == R_CS ? DESC_L_MASK | 0xbu << DESC_TYPE_SHIFT
                                  : DESC_B_MASK | 0x3u << DESC_TYPE_SHIFT),
        };
    }
    env->cr[0] = CR0_PE_MASK | 0x10;
    env->cr[4] = CR4_OSFXSR_MASK | CR4_OSXMMEXCPT_MASK;
    env->efer = MSR_EFER_LME | MSR_EFER_LMA;
    env->eflags = 0;
    cpu_x86_update_hflags(env);
}

static void guest_run(TestState *st, uint8_t *data, const uint8_t *insn,
                      size_t n)
{
    uint8_t code[32];
    int r;

    memcpy(code, insn, n);
    code[n] = 0xf4; /* hlt */
    g_assert_cmpint(
        address_space_write(&machine.as_memory, GUEST_CODE, code, n + 1), ==,
        0);
    g_assert_cmpint(
        address_space_write(&machine.as_memory, GUEST_DATA, data, DATA_SIZE),
        ==, 0);
    for (int i = 0; i < 16; i++) {
        memcpy(&env->xmm_regs[i], st->xmm[i], 16);
    }
    for (int i = 0; i < 8; i++) {
        env->fpregs[i].mmx = st->mm[i];
    }
    for (int i = 0; i < 4; i++) {
        env->regs[i] = st->gpr[i];
    }
    env->regs[R_ESI] = GUEST_DATA;
    env->regs[R_EDI] = GUEST_DATA + 64;
    env->regs[R_ESP] = 0x8000;
    cpu_load_eflags(env, st->flags, ~0u);
    env->mxcsr = st->mxcsr;
    env->rip = GUEST_CODE;
    cpu->halted = false;
    r = cpu_exec(cpu);
    g_assert_cmpint(r, ==, EXCP_HLT);
    g_assert_cmphex(env->rip, ==, GUEST_CODE + n + 1);

    for (int i = 0; i < 16; i++) {
        memcpy(st->xmm[i], &env->xmm_regs[i], 16);
    }
    for (int i = 0; i < 8; i++) {
        st->mm[i] = env->fpregs[i].mmx;
    }
    for (int i = 0; i < 4; i++) {
        st->gpr[i] = env->regs[i];
    }
    st->flags = cpu_compute_eflags(env);
    st->mxcsr = env->mxcsr;
    g_assert_cmpint(
        address_space_read(&machine.as_memory, GUEST_DATA, data, DATA_SIZE), ==,
        0);
}

/* -- Random inputs --------------------------------------------------------- */

static GRand *rng;

static uint32_t rnd(uint32_t n)
{
    return g_rand_int_range(rng, 0, (gint32)n);
}

static uint64_t rnd64(void)
{
    return (uint64_t)g_rand_int(rng) << 32 | g_rand_int(rng);
}

static uint32_t special32(void)
{
    static const uint32_t pool[] = {
        0,          0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000,
        0x7fc00000, 0xffc00000, 0x7f800001, 0x7fa00000, 0x00000001, 0x807fffff,
        0x00800000, 0x7f7fffff, 0x4f000000, 0xcf000000, 0x3fc00000, 0x4effffff,
        0x5f000000, 0x3effffff, 0x7fffffff, 1,          0xff,
    };

    switch (rnd(4)) {
    case 0:
        return pool[rnd(G_N_ELEMENTS(pool))];
    case 1:
        return g_rand_int(rng);
    case 2:
        return (g_rand_int(rng) & 0x807fffff)
               | (rnd(2) ? 0x3f800000 : 0x4b000000);
    default:
        return rnd(2) ? rnd(300) : (uint32_t) - (int32_t)rnd(300);
    }
}

static uint64_t special64(void)
{
    static const uint64_t pool[] = {
        0,
        0x8000000000000000ull,
        0x3ff0000000000000ull,
        0xbff0000000000000ull,
        0x7ff0000000000000ull,
        0xfff0000000000000ull,
        0x7ff8000000000000ull,
        0x7ff0000000000001ull,
        0x0000000000000001ull,
        0x800fffffffffffffull,
        0x0010000000000000ull,
        0x7fefffffffffffffull,
        0x41e0000000000000ull,
        0xc1e0000000000000ull,
        0x43e0000000000000ull,
        0x3ff8000000000000ull,
        0x41dfffffffc00000ull,
        0x380fffffe0000000ull,
        0x47f0000000000000ull,
    };

    switch (rnd(4)) {
    case 0:
        return pool[rnd(G_N_ELEMENTS(pool))];
    case 1:
        return rnd64();
    case 2:
        return (rnd64() & 0x800fffffffffffffull) | 0x3ff0000000000000ull;
    default:
        return (uint64_t)special32() << 32 | special32();
    }
}

static void random_bytes16(uint8_t *p)
{
    if (rnd(2)) {
        for (int i = 0; i < 4; i++) {
            uint32_t v = special32();

            memcpy(p + 4 * i, &v, 4);
        }
    } else {
        for (int i = 0; i < 2; i++) {
            uint64_t v = special64();

            memcpy(p + 8 * i, &v, 8);
        }
    }
}

static void random_state(TestState *st, uint8_t *data)
{
    memset(st, 0, sizeof(*st));
    for (int i = 0; i < 16; i++) {
        random_bytes16(st->xmm[i]);
    }
    for (int i = 0; i < 8; i++) {
        st->mm[i] = rnd(2) ? special64() : rnd64();
    }
    for (int i = 0; i < 4; i++) {
        st->gpr[i] = rnd(2) ? rnd64() : (uint64_t)(int64_t)((int)rnd(41) - 20);
    }
    for (int i = 0; i < DATA_SIZE; i += 16) {
        random_bytes16(data + i);
    }
    st->flags = (g_rand_int(rng) & ARITH_FLAGS) | 2;
    st->mxcsr = MXCSR_MASKS | rnd(4) << 13 | (rnd(4) == 0 ? MXCSR_DAZ : 0)
                | (rnd(4) == 0 ? MXCSR_FZ : 0) | (rnd(3) == 0 ? rnd(64) : 0);
}

/* -- Encoding a row -------------------------------------------------------- */

static const char *const mnemonic_family[X86_INSN_COUNT] = {
#define X86_INSN(name, family) [X86_INSN_##name] = #family,
#include "target/i386/insn-mnemonics.def"
#undef X86_INSN
};

static bool type_in_reg_field(uint8_t t)
{
    return t == X86_TYPE_V || t == X86_TYPE_P || t == X86_TYPE_G;
}

static bool type_in_rm_field(uint8_t t)
{
    return t == X86_TYPE_W || t == X86_TYPE_U || t == X86_TYPE_Q
           || t == X86_TYPE_N || t == X86_TYPE_E || t == X86_TYPE_M;
}

/* A register number for an operand of type T. */
static unsigned random_reg(uint8_t t)
{
    switch (t) {
    case X86_TYPE_V:
    case X86_TYPE_W:
    case X86_TYPE_U:
        return rnd(16);
    case X86_TYPE_P:
    case X86_TYPE_Q:
    case X86_TYPE_N:
        return rnd(8);
    default:
        return rnd(4); /* rax..rbx: the others are the stub's */
    }
}

/* Where encode_row put the operands. */
typedef struct Operands {
    unsigned reg;  /* ModRM.reg with REX.R */
    unsigned rm;   /* ModRM.rm with REX.B, when a register */
    bool mem;      /* r/m is [rsi + disp] */
    unsigned disp; /* offset of the memory operand in the data buffer */
    uint8_t imm;   /* the immediate byte, when there is one */
} Operands;

/*
 * Encode row E at random into BUF; returns the length and fills *OPS.  A
 * memory operand is [rsi + 16k]: 16-byte aligned inside the data buffer.
 */
static size_t encode_row(const X86OpEntry *e, uint8_t *buf, uint8_t *data,
                         Operands *ops)
{
    static const uint8_t pfx_byte[] = {
        [X86_PFX_66] = 0x66,
        [X86_PFX_F3] = 0xf3,
        [X86_PFX_F2] = 0xf2,
    };
    bool mem = false, imm = false, wide = false;
    uint8_t reg_t = 0, rm_t = 0;
    unsigned reg = 0, rm = 0, rex = 0, mod, n = 0, disp = 16 * rnd(4);

    for (int i = 0; i < 3; i++) {
        uint8_t t = e->type[i];

        if (type_in_reg_field(t)) {
            reg_t = t;
        } else if (type_in_rm_field(t)) {
            rm_t = t;
        } else if (t == X86_TYPE_I) {
            imm = true;
        }
        if (e->size[i] == X86_SIZE_y || e->size[i] == X86_SIZE_v) {
            wide = true;
        }
    }
    if (e->mod == X86_MOD_MEM || rm_t == X86_TYPE_M) {
        mem = true;
    } else if (e->mod == X86_MOD_REG || rm_t == X86_TYPE_U
               || rm_t == X86_TYPE_N) {
        mem = false;
    } else {
        mem = rnd(2);
    }
    reg = e->reg >= 0 ? (unsigned)e->reg : random_reg(reg_t);
    rm = mem ? 6 : random_reg(rm_t);
    rex = (reg & 8 ? 4 : 0) | (rm & 8 ? 1 : 0) | (wide && rnd(2) ? 8 : 0);
    mod = mem ? 1 : 3;

    if (e->pfx == X86_PFX_66 || e->pfx == X86_PFX_F3 || e->pfx == X86_PFX_F2) {
        buf[n++] = pfx_byte[e->pfx];
    }
    if (rex) {
        buf[n++] = 0x40 | rex;
    }
    buf[n++] = 0x0f;
    if (e->map == X86_MAP_0F38) {
        buf[n++] = 0x38;
    } else if (e->map == X86_MAP_0F3A) {
        buf[n++] = 0x3a;
    }
    buf[n++] = e->opcode;
    if (e->mnem != X86_INSN_EMMS) {
        buf[n++] = (uint8_t)(mod << 6 | (reg & 7) << 3 | (rm & 7));
        if (mem) {
            buf[n++] = (uint8_t)disp;
        }
    }
    *ops = (Operands){.reg = reg, .rm = rm, .mem = mem, .disp = disp};
    if (imm) {
        ops->imm = (uint8_t)g_rand_int(rng);
        buf[n++] = ops->imm;
    }
    if (e->mnem == X86_INSN_LDMXCSR) {
        /* A value LDMXCSR accepts (reserved bits clear), exceptions masked. */
        uint32_t v = MXCSR_MASKS | rnd(4) << 13 | rnd(2) * MXCSR_DAZ
                     | rnd(2) * MXCSR_FZ | rnd(64);

        memcpy(data + disp, &v, 4);
    }
    return n;
}

/* -- DPPS/DPPD: the SDM's pseudo-code as the oracle ------------------------ */

typedef double HostVec __attribute__((vector_size(16)));

typedef enum ScalarOp {
    SCALAR_MULSS,
    SCALAR_ADDSS,
    SCALAR_MULSD,
    SCALAR_ADDSD,
} ScalarOp;

/* "INSN %[b], %[a]" on the host under MXCSR mx; the flags it leaves go to
 * raised.  One asm statement, so no compiled code runs under mx. */
#define SCALAR_ASM(insn)                                                       \
    __asm__ volatile("stmxcsr %[sv]\n\t"                                       \
                     "ldmxcsr %[mx]\n\t" insn " %[b], %[a]\n\t"                \
                     "stmxcsr %[fl]\n\t"                                       \
                     "ldmxcsr %[sv]"                                           \
                     : [a] "+x"(va), [fl] "=m"(raised), [sv] "=m"(saved)       \
                     : [b] "x"(vb), [mx] "m"(mx))

/*
 * A OP B (A the first source operand, low 32 or 64 bits) by one host
 * scalar instruction under the test's MXCSR MX (exceptions masked, its
 * flags ignored); ORs the flags the operation raises into *FL.
 */
static uint64_t host_scalar(ScalarOp op, uint64_t a, uint64_t b, uint32_t mx,
                            uint32_t *fl)
{
    HostVec va = {0}, vb = {0};
    uint32_t raised, saved;
    uint64_t r;

    memcpy(&va, &a, 8);
    memcpy(&vb, &b, 8);
    mx &= ~MXCSR_FLAGS;
    switch (op) {
    case SCALAR_MULSS:
        SCALAR_ASM("mulss");
        break;
    case SCALAR_ADDSS:
        SCALAR_ASM("addss");
        break;
    case SCALAR_MULSD:
        SCALAR_ASM("mulsd");
        break;
    case SCALAR_ADDSD:
        SCALAR_ASM("addsd");
        break;
    }
    *fl |= raised & MXCSR_FLAGS;
    memcpy(&r, &va, 8);
    return op == SCALAR_MULSD || op == SCALAR_ADDSD ? r : (uint32_t)r;
}

static bool is_nan(uint64_t v, bool dbl)
{
    return dbl ? (v & ~(UINT64_C(1) << 63)) > UINT64_C(0x7ff0000000000000)
               : (v & 0x7fffffffu) > 0x7f800000u;
}

/*
 * The NaNs a partial sum of a dot product may carry.  SDM vol. 2, DPPS:
 * the rules of vol. 1, table 4-7 "do not cover horizontal prioritization
 * of NaNs.  Horizontal propagation of NaNs to the destination and the
 * positioning of those NaNs in the destination is implementation
 * dependent"; at least one NaN reaches the destination.  Zen 4 follows
 * the pseudo-code literally (every lane the same NaN); Peregrine's helper
 * (sse_fp_helper.c) sums each lane in the order it records for Intel
 * hardware, so its lanes may carry different NaNs.
 */
typedef struct NanSet {
    uint64_t nan[4]; /* distinct quiet NaNs */
    unsigned n;
} NanSet;

static void nan_set_add(NanSet *s, uint64_t v)
{
    for (unsigned i = 0; i < s->n; i++) {
        if (s->nan[i] == v) {
            return;
        }
    }
    g_assert_cmpuint(s->n, <, G_N_ELEMENTS(s->nan));
    s->nan[s->n++] = v;
}

/*
 * A + B, rounded on its own (the pseudo-code's Temp2, Temp3, Temp4), with
 * *OUT the NaNs it may carry: when A or B is a NaN, any NaN either may
 * carry (NA, NB; table 4-7 picks A's, another order B's); otherwise its own
 * NaN (the default NaN of inf - inf), if it is one.
 */
static uint64_t dp_sum(uint64_t a, const NanSet *na, uint64_t b,
                       const NanSet *nb, bool dbl, uint32_t mx, uint32_t *fl,
                       NanSet *out)
{
    uint64_t r = host_scalar(dbl ? SCALAR_ADDSD : SCALAR_ADDSS, a, b, mx, fl);

    *out = *na;
    for (unsigned i = 0; i < nb->n; i++) {
        nan_set_add(out, nb->nan[i]);
    }
    if (!out->n && is_nan(r, dbl)) {
        nan_set_add(out, r);
    }
    return r;
}

/* What DPPS/DPPD must produce. */
typedef struct DpReference {
    uint8_t v[16];  /* the pseudo-code's result, table 4-7 per operation */
    NanSet nans;    /* when the sum is a NaN: the NaNs a lane may carry */
    bool dbl;       /* DPPD: two 64-bit lanes */
    uint32_t flags; /* the MXCSR flags raised */
} DpReference;

/*
 * DPPS (DBL false) or DPPD of DEST and SRC under IMM and MXCSR MX, as the
 * SDM vol. 2 pseudo-code computes it: Temp1[i] = DEST[i] * SRC[i] where
 * imm8[4 + i] is set, else +0.0; Temp2 = Temp1[0] + Temp1[1]; for DPPS
 * Temp3 = Temp1[2] + Temp1[3] and Temp4 = Temp2 + Temp3; the sum goes to
 * the lanes whose imm8[i] is set, +0.0 to the others.  Each multiply and
 * add rounds and raises flags on its own (one host scalar instruction each
 * under MX: rounding, DAZ and FZ are the test's).
 */
static void dp_reference(const uint8_t *dest, const uint8_t *src, uint8_t imm,
                         uint32_t mx, bool dbl, DpReference *r)
{
    unsigned lanes = dbl ? 2 : 4, size = dbl ? 8 : 4;
    uint64_t t1[4], sum;
    NanSet n1[4] = {{{0}}}, n2, n3;

    memset(r, 0, sizeof(*r));
    r->dbl = dbl;
    for (unsigned i = 0; i < lanes; i++) {
        uint64_t a = 0, b = 0;

        memcpy(&a, dest + size * i, size);
        memcpy(&b, src + size * i, size);
        t1[i] = 0;
        if (imm >> (4 + i) & 1) {
            t1[i] = host_scalar(dbl ? SCALAR_MULSD : SCALAR_MULSS, a, b, mx,
                                &r->flags);
        }
        if (is_nan(t1[i], dbl)) {
            nan_set_add(&n1[i], t1[i]);
        }
    }
    sum = dp_sum(t1[0], &n1[0], t1[1], &n1[1], dbl, mx, &r->flags, &n2);
    r->nans = n2;
    if (!dbl) {
        uint64_t t3 =
            dp_sum(t1[2], &n1[2], t1[3], &n1[3], dbl, mx, &r->flags, &n3);

        sum = dp_sum(sum, &n2, t3, &n3, dbl, mx, &r->flags, &r->nans);
    }
    for (unsigned i = 0; i < lanes; i++) {
        if (imm >> i & 1) {
            memcpy(r->v + size * i, &sum, size);
        }
    }
}

/* Whether lane I of GOT is one R allows: R's value or, where R writes a
 * NaN sum, any NaN the sum may carry. */
static bool dp_lane_ok(const DpReference *r, unsigned i, const uint8_t *got)
{
    unsigned size = r->dbl ? 8 : 4;
    uint64_t want = 0, v = 0;

    memcpy(&want, r->v + size * i, size);
    memcpy(&v, got + size * i, size);
    if (v == want) {
        return true;
    }
    for (unsigned k = 0; is_nan(want, r->dbl) && k < r->nans.n; k++) {
        if (v == r->nans.nan[k]) {
            return true;
        }
    }
    return false;
}

/* Whether the 16 bytes GOT are a result R allows. */
static bool dp_matches(const DpReference *r, const uint8_t *got)
{
    for (unsigned i = 0; i < (r->dbl ? 2u : 4u); i++) {
        if (!dp_lane_ok(r, i, got)) {
            return false;
        }
    }
    return true;
}

/* The result to expect from an implementation that produced GOT: R's, with
 * GOT's lanes where they carry a NaN R allows there. */
static void dp_expect(const DpReference *r, const uint8_t *got, uint8_t *want)
{
    unsigned size = r->dbl ? 8 : 4;

    memcpy(want, r->v, 16);
    for (unsigned i = 0; i < (r->dbl ? 2u : 4u); i++) {
        if (dp_lane_ok(r, i, got)) {
            memcpy(want + size * i, got + size * i, size);
        }
    }
}

/* -- The test -------------------------------------------------------------- */

/* Print where A (named AN) and B (BN) differ, as TAP comment lines. */
static void print_state_diff(const char *an, const TestState *a, const char *bn,
                             const TestState *b)
{
    for (int i = 0; i < 16; i++) {
        if (memcmp(a->xmm[i], b->xmm[i], 16)) {
            uint64_t x[2], y[2];

            memcpy(x, a->xmm[i], 16);
            memcpy(y, b->xmm[i], 16);
            printf("#   xmm%d: %s %016" PRIx64 "%016" PRIx64 " %s %016" PRIx64
                   "%016" PRIx64 "\n",
                   i, an, x[1], x[0], bn, y[1], y[0]);
        }
    }
    for (int i = 0; i < 8; i++) {
        if (a->mm[i] != b->mm[i]) {
            printf("#   mm%d: %s %016" PRIx64 " %s %016" PRIx64 "\n", i, an,
                   a->mm[i], bn, b->mm[i]);
        }
    }
    for (int i = 0; i < 4; i++) {
        if (a->gpr[i] != b->gpr[i]) {
            printf("#   gpr%d: %s %016" PRIx64 " %s %016" PRIx64 "\n", i, an,
                   a->gpr[i], bn, b->gpr[i]);
        }
    }
    if ((a->flags ^ b->flags) & ARITH_FLAGS) {
        printf("#   eflags: %s %03" PRIx64 " %s %03" PRIx64 "\n", an,
               a->flags & ARITH_FLAGS, bn, b->flags & ARITH_FLAGS);
    }
    if (a->mxcsr != b->mxcsr) {
        printf("#   mxcsr: %s %04x %s %04x\n", an, a->mxcsr, bn, b->mxcsr);
    }
}

static void print_insn(const char *what, const X86OpEntry *e, uint32_t mxcsr,
                       const uint8_t *insn, size_t n)
{
    printf("# %s: %s (mxcsr in %04x):", what, x86_mnemonic_name(e->mnem),
           mxcsr);
    for (size_t i = 0; i < n; i++) {
        printf(" %02x", insn[i]);
    }
    printf("\n");
}

static bool is_dot_product(const X86OpEntry *e)
{
    return e->mnem == X86_INSN_DPPS || e->mnem == X86_INSN_DPPD;
}

/*
 * The arithmetic flags the SDM leaves undefined after an MMX/SSE
 * instruction: none.  COMISS/UCOMISS/COMISD/UCOMISD set ZF, PF, CF and
 * clear OF, SF, AF; PTEST sets ZF, CF and clears the rest; PCMPxSTRx set
 * CF, ZF, SF, OF and clear AF, PF; the others leave the flags alone.
 */
#define SSE_UNDEFINED_FLAGS 0

/*
 * DPPS/DPPD: WANT (the host's state after the instruction) gets the
 * result of dp_reference for the inputs IN/DATA, with GUEST's NaNs in the
 * lanes where the SDM lets the implementation choose.  Returns false (and
 * says why) when the host's own result is not one the model allows: then
 * the model, not Peregrine, is wrong.  VERBOSE: print the difference.
 */
static bool dot_product_expect(const X86OpEntry *e, const uint8_t *insn,
                               size_t n, const Operands *ops,
                               const TestState *in, const uint8_t *data,
                               const TestState *guest, TestState *want,
                               bool verbose)
{
    const uint8_t *src = ops->mem ? data + ops->disp : in->xmm[ops->rm];
    TestState model;
    DpReference r;
    bool host_ok;

    dp_reference(in->xmm[ops->reg], src, ops->imm, in->mxcsr,
                 e->mnem == X86_INSN_DPPD, &r);
    host_ok = dp_matches(&r, want->xmm[ops->reg])
              && want->mxcsr == (in->mxcsr | r.flags);
    model = *want;
    memcpy(model.xmm[ops->reg], r.v, 16);
    model.mxcsr = in->mxcsr | r.flags;
    if (!host_ok && verbose) {
        print_insn("model and host differ", e, in->mxcsr, insn, n);
        print_state_diff("model", &model, "host", want);
    }
    dp_expect(&r, guest->xmm[ops->reg], want->xmm[ops->reg]);
    want->mxcsr = model.mxcsr;
    return host_ok;
}

static void test_sse_matches_host(void)
{
    const char *count_env = g_getenv("PEREGRINE_SSE_COUNT");
    const char *seed_env = g_getenv("PEREGRINE_SSE_SEED");
    unsigned long count = count_env ? strtoul(count_env, NULL, 0)
                          : g_getenv("PEREGRINE_FULL") ? 2000000
                                                       : 200000;
    guint32 seed =
        seed_env ? (guint32)strtoul(seed_env, NULL, 0) : g_random_int();
    g_autoptr(GArray) rows = g_array_new(false, false, sizeof(unsigned));
    unsigned long mismatches = 0, model_mismatches = 0;
    unsigned *per_row;

    printf("# seed %u (PEREGRINE_SSE_SEED), %lu instructions\n", seed, count);
    rng = g_rand_new_with_seed(seed);
    for (unsigned i = 0; i < x86_op_table_size; i++) {
        const X86OpEntry *e = &x86_op_table[i];

        if (!strcmp(mnemonic_family[e->mnem], "sse")
            && (e->feat == X86_FEAT_NONE
                || (env->model->features & X86_FEAT_BIT(e->feat)))) {
            g_array_append_val(rows, i);
        }
    }
    printf("# %u MMX/SSE rows enabled in -cpu max\n", rows->len);
    g_assert_cmpuint(rows->len, >, 0);
    per_row = g_new0(unsigned, x86_op_table_size);

    for (unsigned long k = 0; k < count; k++) {
        unsigned row = g_array_index(rows, unsigned, rnd(rows->len));
        const X86OpEntry *e = &x86_op_table[row];
        uint8_t insn[16], data[DATA_SIZE] __attribute__((aligned(16)));
        uint8_t gdata[DATA_SIZE], idata[DATA_SIZE];
        TestState in, host, guest;
        Operands ops;
        size_t n;

        random_state(&in, data);
        n = encode_row(e, insn, data, &ops);
        memcpy(gdata, data, DATA_SIZE);
        memcpy(idata, data, DATA_SIZE);
        host = in;
        host.rsi = (uintptr_t)data;
        host.rdi = (uintptr_t)data + 64;
        native_build(insn, n)(&host);
        guest = in;
        guest_run(&guest, gdata, insn, n);

        host.flags = perturb_undefined(host.flags, SSE_UNDEFINED_FLAGS);
        if (is_dot_product(e)
            && !dot_product_expect(e, insn, n, &ops, &in, idata, &guest, &host,
                                   model_mismatches < 4)) {
            model_mismatches++;
        }
        if (memcmp(host.xmm, guest.xmm, sizeof(host.xmm))
            || memcmp(host.mm, guest.mm, sizeof(host.mm))
            || memcmp(host.gpr, guest.gpr, sizeof(host.gpr))
            || ((host.flags ^ guest.flags) & ARITH_FLAGS)
            || host.mxcsr != guest.mxcsr || memcmp(data, gdata, DATA_SIZE)) {
            if (per_row[row]++ < 2) {
                print_insn("mismatch", e, in.mxcsr, insn, n);
                print_state_diff(is_dot_product(e) ? "model" : "host", &host,
                                 "peregrine", &guest);
                if (memcmp(data, gdata, DATA_SIZE)) {
                    printf("#   memory differs\n");
                }
            }
            mismatches++;
        }
    }
    printf("# %lu instructions, %lu mismatches, %lu DPPS/DPPD where the "
           "host is outside the model\n",
           count, mismatches, model_mismatches);
    perturb_report("sse");
    g_free(per_row);
    g_rand_free(rng);
    g_assert_cmpuint(model_mismatches, ==, 0);
    g_assert_cmpuint(mismatches, ==, 0);
}

/* -- DPPS/DPPD with NaNs: fixed cases -------------------------------------- */

#define MXCSR_IE 0x01u /* invalid operation flag */
#define MXCSR_PE 0x20u /* precision flag */
#define F32_1    0x3f800000u
#define F64_1    UINT64_C(0x3ff0000000000000)
#define F64_2    UINT64_C(0x4000000000000000)
/* A DPPD operand's dwords: lane 0 = LO, lane 1 = HI. */
#define PD(lo, hi)                                                             \
    (uint32_t)(lo), (uint32_t)((lo) >> 32), (uint32_t)(hi),                    \
        (uint32_t)((hi) >> 32)

typedef struct DotProductCase {
    const char *what;
    uint8_t insn[8]; /* 66 [REX] 0f 3a 40/41 ModRM [disp8] ib */
    uint32_t mxcsr;
    uint32_t dest[4]; /* the ModRM.reg register, lane 0 first */
    uint32_t src[4];  /* the r/m register or [rsi + disp8] */
    unsigned nans;    /* distinct NaNs the sum may carry */
    uint32_t flags;   /* MXCSR flags raised */
} DotProductCase;

static const DotProductCase dot_product_cases[] = {
    {"dpps xmm12, xmm11, 0xa9: NaN products in lanes 1 and 3, the sum in "
     "lanes 0 and 3",
     {0x66, 0x45, 0x0f, 0x3a, 0x40, 0xe3, 0xa9},
     0x1f80,
     {F32_1, 0x7fc00011, 0x40000000, 0x40400000},
     {F32_1, F32_1, F32_1, 0xffe00022},
     2,
     0},
    {"dpps xmm6, xmm6, 0x39: NaN products in lanes 0 and 1",
     {0x66, 0x0f, 0x3a, 0x40, 0xf6, 0x39},
     0x1f80,
     {0x7fffffff, 0x7fc00000, F32_1, 0xbf800000},
     {0x7fffffff, 0x7fc00000, F32_1, 0xbf800000},
     2,
     0},
    {"dpps xmm0, xmm1, 0xff: an SNaN (quieted, IE) and a QNaN product",
     {0x66, 0x0f, 0x3a, 0x40, 0xc1, 0xff},
     0x1f80,
     {0x3fc00000, 0x40000000, 0x7f800001, 0x40800000},
     {0xffc00003, F32_1, F32_1, F32_1},
     2,
     MXCSR_IE},
    {"dpps xmm0, xmm1, 0xf5: one NaN product reaches every written lane",
     {0x66, 0x0f, 0x3a, 0x40, 0xc1, 0xf5},
     0x1f80,
     {F32_1, 0x40000000, 0x40400000, 0x7fc00044},
     {F32_1, F32_1, F32_1, F32_1},
     1,
     0},
    {"dpps xmm0, xmm1, 0xf3: inf - inf (the default NaN) in one pair, a NaN "
     "in the other",
     {0x66, 0x0f, 0x3a, 0x40, 0xc1, 0xf3},
     0x1f80,
     {0x7f800000, 0xff800000, 0x7fc00055, F32_1},
     {F32_1, F32_1, F32_1, F32_1},
     2,
     MXCSR_IE},
    {"dpps xmm0, xmm1, 0xf1, round down: no NaN, each add rounded",
     {0x66, 0x0f, 0x3a, 0x40, 0xc1, 0xf1},
     0x3f80,
     {0x3f800001, 0x33800000, 0xbf800000, 0x33800000},
     {F32_1, F32_1, F32_1, F32_1},
     0,
     MXCSR_PE},
    {"dppd xmm0, xmm1, 0x33: NaN products in both lanes",
     {0x66, 0x0f, 0x3a, 0x41, 0xc1, 0x33},
     0x1f80,
     {PD(UINT64_C(0x7ff8000000000011), UINT64_C(0xfff8000000000022))},
     {PD(F64_1, F64_2)},
     2,
     0},
    {"dppd xmm5, [rsi+0x30], 0xf3: a QNaN and an SNaN (quieted, IE) "
     "product",
     {0x66, 0x0f, 0x3a, 0x41, 0x6e, 0x30, 0xf3},
     0x1f80,
     {PD(UINT64_C(0xfff8000000000005), UINT64_C(0x7ff0000000000007))},
     {PD(F64_2, UINT64_C(0xc008000000000000))},
     2,
     MXCSR_IE},
};

/* The operands of a register-direct or [rsi + disp8] DPPS/DPPD in INSN;
 * its length in *LEN, *DBL set for DPPD. */
static Operands dot_product_operands(const uint8_t *insn, size_t *len,
                                     bool *dbl)
{
    size_t n = 1; /* 66 */
    unsigned rex = 0, modrm;
    Operands o = {0};

    if ((insn[n] & 0xf0) == 0x40) {
        rex = insn[n++];
    }
    g_assert_true(insn[n] == 0x0f && insn[n + 1] == 0x3a
                  && (insn[n + 2] & 0xfe) == 0x40);
    *dbl = insn[n + 2] == 0x41;
    n += 3;
    modrm = insn[n++];
    o.reg = (modrm >> 3 & 7) | (rex & 4 ? 8 : 0);
    o.rm = (modrm & 7) | (rex & 1 ? 8 : 0);
    o.mem = modrm >> 6 != 3;
    g_assert_true(!o.mem || (modrm >> 6 == 1 && (modrm & 7) == 6));
    if (o.mem) {
        o.disp = insn[n++];
        g_assert_cmpuint(o.disp + 16, <=, DATA_SIZE);
    }
    o.imm = insn[n++];
    *len = n;
    return o;
}

/* Run case C natively and in Peregrine; whether both give results the
 * model of the SDM allows, with the flags C expects.  Prints what differs. */
static bool dot_product_case_holds(const DotProductCase *c)
{
    uint8_t data[DATA_SIZE] __attribute__((aligned(16))) = {0};
    uint8_t gdata[DATA_SIZE];
    TestState in = {.flags = 2, .mxcsr = c->mxcsr}, host, guest, want;
    size_t n;
    bool dbl;
    Operands o = dot_product_operands(c->insn, &n, &dbl);
    uint8_t *src = o.mem ? data + o.disp : in.xmm[o.rm];
    DpReference r;
    bool ok;

    memcpy(src, c->src, 16);
    memcpy(in.xmm[o.reg], c->dest, 16);
    memcpy(gdata, data, DATA_SIZE);
    dp_reference(in.xmm[o.reg], src, o.imm, in.mxcsr, dbl, &r);
    host = in;
    host.rsi = (uintptr_t)data;
    host.rdi = (uintptr_t)data + 64;
    native_build(c->insn, n)(&host);
    guest = in;
    guest_run(&guest, gdata, c->insn, n);

    want = in;
    memcpy(want.xmm[o.reg], guest.xmm[o.reg], 16);
    want.mxcsr = in.mxcsr | c->flags;
    ok = r.nans.n == c->nans && r.flags == c->flags
         && dp_matches(&r, host.xmm[o.reg]) && host.mxcsr == want.mxcsr
         && dp_matches(&r, guest.xmm[o.reg])
         && !memcmp(&want, &guest, offsetof(TestState, rsi))
         && guest.mxcsr == want.mxcsr;
    if (!ok) {
        TestState model = in;

        memcpy(model.xmm[o.reg], r.v, 16);
        model.mxcsr = in.mxcsr | r.flags;
        printf("# %s: the model has %u NaNs, flags %02x; expected %u, %02x\n",
               c->what, r.nans.n, r.flags, c->nans, c->flags);
        print_state_diff("model", &model, "host", &host);
        print_state_diff("model", &model, "peregrine", &guest);
    }
    return ok;
}

/*
 * DPPS/DPPD with several NaN products: every lane the immediate writes
 * carries one of them (which one is implementation dependent, SDM vol. 2
 * DPPS), the others are +0.0, and the flags are those of the
 * pseudo-code's multiplies and adds.  The cases include the ones where
 * AMD and Intel hosts differ.
 */
static void test_dot_product_nans_come_from_the_products(void)
{
    bool ok = true;

    for (size_t i = 0; i < G_N_ELEMENTS(dot_product_cases); i++) {
        ok &= dot_product_case_holds(&dot_product_cases[i]);
    }
    g_assert_true(ok);
}

/* Run INSN (N bytes) then HLT in the guest from the current env state. */
static void guest_exec_bytes(const uint8_t *insn, size_t n)
{
    uint8_t code[32];

    memcpy(code, insn, n);
    code[n] = 0xf4;
    g_assert_cmpint(
        address_space_write(&machine.as_memory, GUEST_CODE, code, n + 1), ==,
        0);
    env->rip = GUEST_CODE;
    cpu->halted = false;
    g_assert_cmpint(cpu_exec(cpu), ==, EXCP_HLT);
}

/*
 * SDM vol. 1, 9.5.1: an MMX instruction sets TOP to 0 and tags every x87
 * register valid; the register it writes gets exponent bits all ones (the
 * others keep theirs).  EMMS tags every register empty.  An SSE
 * instruction leaves the x87 state alone.
 */
static void test_mmx_switches_x87_state(void)
{
    static const uint8_t paddb_mm2_mm3[] = {0x0f, 0xfc, 0xd3};
    static const uint8_t emms[] = {0x0f, 0x77};
    static const uint8_t paddb_xmm2_xmm3[] = {0x66, 0x0f, 0xfc, 0xd3};

    env->fpstt = 5;
    memset(env->fptags, 1, sizeof(env->fptags));
    for (int i = 0; i < 8; i++) {
        env->fpregs[i].f.sexp = 0x1234;
    }
    guest_exec_bytes(paddb_xmm2_xmm3, sizeof(paddb_xmm2_xmm3));
    g_assert_cmpuint(env->fpstt, ==, 5);
    g_assert_cmpuint(env->fptags[0], ==, 1);

    guest_exec_bytes(paddb_mm2_mm3, sizeof(paddb_mm2_mm3));
    g_assert_cmpuint(env->fpstt, ==, 0);
    for (int i = 0; i < 8; i++) {
        g_assert_cmpuint(env->fptags[i], ==, 0);
        g_assert_cmphex(env->fpregs[i].f.sexp, ==, i == 2 ? 0xffff : 0x1234);
    }

    guest_exec_bytes(emms, sizeof(emms));
    for (int i = 0; i < 8; i++) {
        g_assert_cmpuint(env->fptags[i], ==, 1);
    }
}

/* LDMXCSR/STMXCSR round-trip the guest MXCSR (DAZ included); the value
 * the floating-point helpers use is the guest's, not the host's. */
static void test_ldmxcsr_stmxcsr_round_trip(void)
{
    /* ldmxcsr [rsi]; stmxcsr [rsi+4]; rsi = GUEST_DATA */
    static const uint8_t code[] = {0x0f, 0xae, 0x16, 0x0f, 0xae, 0x5e, 0x04};
    uint32_t v = 0x7fc0 | MXCSR_FLAGS, out = 0;

    g_assert_cmpint(address_space_write(&machine.as_memory, GUEST_DATA, &v, 4),
                    ==, 0);
    env->regs[R_ESI] = GUEST_DATA;
    guest_exec_bytes(code, sizeof(code));
    g_assert_cmphex(env->mxcsr, ==, v);
    g_assert_cmpint(
        address_space_read(&machine.as_memory, GUEST_DATA + 4, &out, 4), ==, 0);
    g_assert_cmphex(out, ==, v);
    env->mxcsr = MXCSR_INIT;
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    /* Writable and executable at once: two mprotect calls (and their TLB
     * shootdowns) per instruction were a fifth of the run time. */
    native_page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    g_assert_true(native_page != MAP_FAILED);
    guest_init(argc > 1 ? argv[1] : "x86_64");
    guest_long_mode();
    g_test_add_func("/sse/matches_host", test_sse_matches_host);
    g_test_add_func("/sse/dot_product_nans_come_from_the_products",
                    test_dot_product_nans_come_from_the_products);
    g_test_add_func("/sse/mmx_switches_x87_state", test_mmx_switches_x87_state);
    g_test_add_func("/sse/ldmxcsr_stmxcsr_round_trip",
                    test_ldmxcsr_stmxcsr_round_trip);
    return g_test_run();
}
