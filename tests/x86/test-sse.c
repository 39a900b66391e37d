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
 * either way).  This is a small runner
 * of its own (the general tests/x86 harness was not on main yet).
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

/* -- The state both sides start from and end in ------------------------------------- */

#define DATA_SIZE 128

typedef struct TestState {
    uint8_t xmm[16][16];   /* 0 */
    uint64_t mm[8];        /* 256 */
    uint64_t gpr[4];       /* 320: rax rcx rdx rbx */
    uint64_t rsi, rdi;     /* 352, 360: memory operand bases */
    uint64_t flags;        /* 368 */
    uint32_t mxcsr;        /* 376 */
    uint32_t host_mxcsr;   /* 380: native stub scratch */
} TestState;

_Static_assert(offsetof(TestState, mm) == 256 && offsetof(TestState, gpr) == 320
                   && offsetof(TestState, rsi) == 352
                   && offsetof(TestState, flags) == 368
                   && offsetof(TestState, mxcsr) == 376
                   && offsetof(TestState, host_mxcsr) == 380,
               "the native stub hard-codes these offsets");

#define ARITH_FLAGS 0x8d5u

/* -- Native side: a generated stub ------------------------------------------------------ */

typedef struct Code {
    uint8_t *p;
    size_t len;
} Code;

static void emit(Code *c, const uint8_t *b, size_t n)
{
    memcpy(c->p + c->len, b, n);
    c->len += n;
}

#define EMIT(c, ...) emit((c), (const uint8_t[]){__VA_ARGS__}, \
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

#define R15(c, pfx, w, reg, disp, ...)                                     \
    emit_r15((c), (pfx), (w), (const uint8_t[]){__VA_ARGS__},              \
             sizeof((const uint8_t[]){__VA_ARGS__}), (reg), (disp))

static uint8_t *native_page;

typedef void NativeFn(TestState *st);

/* Build "load state; INSN; store state; ret" and return it. */
static NativeFn *native_build(const uint8_t *insn, size_t n)
{
    Code c = {native_page, 0};

    EMIT(&c, 0x53, 0x55, 0x41, 0x54, 0x41, 0x55, 0x41, 0x56, 0x41, 0x57);
    EMIT(&c, 0x49, 0x89, 0xff);                          /* mov r15, rdi */
    R15(&c, 0, false, 3, 380, 0x0f, 0xae);               /* stmxcsr host */
    R15(&c, 0, false, 2, 376, 0x0f, 0xae);               /* ldmxcsr */
    for (int i = 0; i < 16; i++) {
        R15(&c, 0xf3, false, i, 16 * i, 0x0f, 0x6f);     /* movdqu xmm, m */
    }
    for (int i = 0; i < 8; i++) {
        R15(&c, 0, false, i, 256 + 8 * i, 0x0f, 0x6f);   /* movq mm, m */
    }
    for (int i = 0; i < 4; i++) {
        R15(&c, 0, true, i, 320 + 8 * i, 0x8b);          /* mov r64, m */
    }
    R15(&c, 0, true, 6, 352, 0x8b);                      /* rsi */
    R15(&c, 0, true, 7, 360, 0x8b);                      /* rdi */
    R15(&c, 0, false, 6, 368, 0xff);                     /* push [flags] */
    EMIT(&c, 0x9d);                                      /* popfq */
    emit(&c, insn, n);
    EMIT(&c, 0x9c);                                      /* pushfq */
    R15(&c, 0, false, 0, 368, 0x8f);                     /* pop [flags] */
    for (int i = 0; i < 16; i++) {
        R15(&c, 0xf3, false, i, 16 * i, 0x0f, 0x7f);
    }
    for (int i = 0; i < 8; i++) {
        R15(&c, 0, false, i, 256 + 8 * i, 0x0f, 0x7f);
    }
    for (int i = 0; i < 4; i++) {
        R15(&c, 0, true, i, 320 + 8 * i, 0x89);
    }
    R15(&c, 0, false, 3, 376, 0x0f, 0xae);               /* stmxcsr */
    R15(&c, 0, false, 2, 380, 0x0f, 0xae);               /* ldmxcsr host */
    EMIT(&c, 0x0f, 0x77);                                /* emms */
    EMIT(&c, 0x41, 0x5f, 0x41, 0x5e, 0x41, 0x5d, 0x41, 0x5c, 0x5d, 0x5b, 0xc3);
    return (NativeFn *)(void *)native_page;
}

/* -- Peregrine side ------------------------------------------------------------------------ */

#define GUEST_CODE 0x1000
#define GUEST_DATA 0x10000
#define RAM_SIZE (1u << 20)

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
        || !(cpu = x86_cpu_create(&machine, 0, &err))) {
        g_error("%s", err);
    }
    env = &((X86CPU *)cpu)->env;
}

/* 64-bit mode, CPL 0, flat; paging off (the CPU maps linear = physical). */
static void guest_long_mode(void)
{
    for (int i = 0; i < X86_NB_SEGS; i++) {
        env->segs[i] = (SegmentCache){
            .selector = i == R_CS ? 0x08 : 0x10, .base = 0, .limit = 0xffffffff,
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
    g_assert_cmpint(address_space_write(&machine.as_memory, GUEST_CODE, code,
                                        n + 1), ==, 0);
    g_assert_cmpint(address_space_write(&machine.as_memory, GUEST_DATA, data,
                                        DATA_SIZE), ==, 0);
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
    g_assert_cmpint(address_space_read(&machine.as_memory, GUEST_DATA, data,
                                       DATA_SIZE), ==, 0);
}

/* -- Random inputs ---------------------------------------------------------------------------- */

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
        0, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000,
        0x7fc00000, 0xffc00000, 0x7f800001, 0x7fa00000, 0x00000001,
        0x807fffff, 0x00800000, 0x7f7fffff, 0x4f000000, 0xcf000000,
        0x3fc00000, 0x4effffff, 0x5f000000, 0x3effffff, 0x7fffffff, 1, 0xff,
    };

    switch (rnd(4)) {
    case 0: return pool[rnd(G_N_ELEMENTS(pool))];
    case 1: return g_rand_int(rng);
    case 2: return (g_rand_int(rng) & 0x807fffff) | (rnd(2) ? 0x3f800000 : 0x4b000000);
    default: return rnd(2) ? rnd(300) : (uint32_t)-(int32_t)rnd(300);
    }
}

static uint64_t special64(void)
{
    static const uint64_t pool[] = {
        0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff0000000000000ull,
        0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull,
        0x7ff0000000000001ull, 0x0000000000000001ull, 0x800fffffffffffffull,
        0x0010000000000000ull, 0x7fefffffffffffffull, 0x41e0000000000000ull,
        0xc1e0000000000000ull, 0x43e0000000000000ull, 0x3ff8000000000000ull,
        0x41dfffffffc00000ull, 0x380fffffe0000000ull, 0x47f0000000000000ull,
    };

    switch (rnd(4)) {
    case 0: return pool[rnd(G_N_ELEMENTS(pool))];
    case 1: return rnd64();
    case 2: return (rnd64() & 0x800fffffffffffffull) | 0x3ff0000000000000ull;
    default: return (uint64_t)special32() << 32 | special32();
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

/* -- Encoding a row ---------------------------------------------------------------------------- */

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
    case X86_TYPE_V: case X86_TYPE_W: case X86_TYPE_U: return rnd(16);
    case X86_TYPE_P: case X86_TYPE_Q: case X86_TYPE_N: return rnd(8);
    default: return rnd(4); /* rax..rbx: the others are the stub's */
    }
}

/*
 * Encode row E at random into BUF; returns the length.  A memory operand
 * is [rsi + 16k]: 16-byte aligned inside the data buffer.
 */
static size_t encode_row(const X86OpEntry *e, uint8_t *buf, uint8_t *data)
{
    static const uint8_t pfx_byte[] = {
        [X86_PFX_66] = 0x66, [X86_PFX_F3] = 0xf3, [X86_PFX_F2] = 0xf2,
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
    if (imm) {
        buf[n++] = (uint8_t)g_rand_int(rng);
    }
    if (e->mnem == X86_INSN_LDMXCSR) {
        /* A value LDMXCSR accepts (reserved bits clear), exceptions masked. */
        uint32_t v = MXCSR_MASKS | rnd(4) << 13 | rnd(2) * MXCSR_DAZ
                     | rnd(2) * MXCSR_FZ | rnd(64);

        memcpy(data + disp, &v, 4);
    }
    return n;
}

/* -- The test ----------------------------------------------------------------------------------- */

static void print_state_diff(const TestState *a, const TestState *b)
{
    for (int i = 0; i < 16; i++) {
        if (memcmp(a->xmm[i], b->xmm[i], 16)) {
            uint64_t x[2], y[2];

            memcpy(x, a->xmm[i], 16);
            memcpy(y, b->xmm[i], 16);
            printf("#   xmm%d: host %016" PRIx64 "%016" PRIx64
                   " peregrine %016" PRIx64 "%016" PRIx64 "\n", i, x[1], x[0],
                   y[1], y[0]);
        }
    }
    for (int i = 0; i < 8; i++) {
        if (a->mm[i] != b->mm[i]) {
            printf("#   mm%d: host %016" PRIx64 " peregrine %016" PRIx64 "\n",
                   i, a->mm[i], b->mm[i]);
        }
    }
    for (int i = 0; i < 4; i++) {
        if (a->gpr[i] != b->gpr[i]) {
            printf("#   gpr%d: host %016" PRIx64 " peregrine %016" PRIx64 "\n",
                   i, a->gpr[i], b->gpr[i]);
        }
    }
    if ((a->flags ^ b->flags) & ARITH_FLAGS) {
        printf("#   eflags: host %03" PRIx64 " peregrine %03" PRIx64 "\n",
               a->flags & ARITH_FLAGS, b->flags & ARITH_FLAGS);
    }
    if (a->mxcsr != b->mxcsr) {
        printf("#   mxcsr: host %04x peregrine %04x\n", a->mxcsr, b->mxcsr);
    }
}

static void test_sse_matches_host(void)
{
    const char *count_env = g_getenv("PEREGRINE_SSE_COUNT");
    const char *seed_env = g_getenv("PEREGRINE_SSE_SEED");
    unsigned long count = count_env ? strtoul(count_env, NULL, 0)
                          : g_getenv("PEREGRINE_FULL") ? 2000000 : 200000;
    guint32 seed = seed_env ? (guint32)strtoul(seed_env, NULL, 0)
                            : g_random_int();
    g_autoptr(GArray) rows = g_array_new(false, false, sizeof(unsigned));
    unsigned long mismatches = 0;
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
        uint8_t gdata[DATA_SIZE];
        TestState in, host, guest;
        size_t n;

        random_state(&in, data);
        n = encode_row(e, insn, data);
        memcpy(gdata, data, DATA_SIZE);
        host = in;
        host.rsi = (uintptr_t)data;
        host.rdi = (uintptr_t)data + 64;
        native_build(insn, n)(&host);
        guest = in;
        guest_run(&guest, gdata, insn, n);

        if (memcmp(host.xmm, guest.xmm, sizeof(host.xmm))
            || memcmp(host.mm, guest.mm, sizeof(host.mm))
            || memcmp(host.gpr, guest.gpr, sizeof(host.gpr))
            || ((host.flags ^ guest.flags) & ARITH_FLAGS)
            || host.mxcsr != guest.mxcsr || memcmp(data, gdata, DATA_SIZE)) {
            if (per_row[row]++ < 2) {
                printf("# mismatch: %s (mxcsr in %04x):",
                       x86_mnemonic_name(e->mnem), in.mxcsr);
                for (size_t i = 0; i < n; i++) {
                    printf(" %02x", insn[i]);
                }
                printf("\n");
                print_state_diff(&host, &guest);
                if (memcmp(data, gdata, DATA_SIZE)) {
                    printf("#   memory differs\n");
                }
            }
            mismatches++;
        }
    }
    printf("# %lu instructions, %lu mismatches\n", count, mismatches);
    g_free(per_row);
    g_rand_free(rng);
    g_assert_cmpuint(mismatches, ==, 0);
}


/* Run INSN (N bytes) then HLT in the guest from the current env state. */
static void guest_exec_bytes(const uint8_t *insn, size_t n)
{
    uint8_t code[32];

    memcpy(code, insn, n);
    code[n] = 0xf4;
    g_assert_cmpint(address_space_write(&machine.as_memory, GUEST_CODE, code,
                                        n + 1), ==, 0);
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
    g_assert_cmpint(address_space_read(&machine.as_memory, GUEST_DATA + 4,
                                       &out, 4), ==, 0);
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
    g_test_add_func("/sse/mmx_switches_x87_state", test_mmx_switches_x87_state);
    g_test_add_func("/sse/ldmxcsr_stmxcsr_round_trip",
                    test_ldmxcsr_stmxcsr_round_trip);
    return g_test_run();
}
