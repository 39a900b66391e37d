/*
 * bench-tcg: translation throughput of the code generator.
 *
 * Builds many blocks shaped like translated x86 code (guest registers as
 * globals, lazy flags stored to cc_* globals, guest loads and stores,
 * compare-and-branch, helper calls, goto_tb/exit_tb endings) and measures
 * IR ops per second through optimize + liveness + register allocation +
 * emission, for each backend.  Printed, not a test.
 *
 * Usage: bench-tcg [blocks]   (default 20000)
 */
#include <glib.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "tcg/tcg-backend.h"
#include "tcg/tcg-op.h"
#include "tcg/x86_64-backend.h"

/* A guest CPU shaped like x86: 16 registers, flags state, a TLB. */
typedef struct BenchCPU {
    uint64_t regs[16];
    uint64_t cc_dst, cc_src;
    uint32_t cc_op;
    uint64_t pc;
    CPUTLBDescFast tlb[4];
} BenchCPU;

typedef struct Bench {
    TCGContext *s;
    uint8_t *code;
    size_t code_size;
    TCGv_i64 regs[16];
    TCGv_i64 cc_dst, cc_src, pc;
    TCGv_i32 cc_op;
} Bench;

static uint64_t bench_helper(void *env, uint64_t a)
{
    return a;
}

static const TCGHelperInfo bench_info = TCG_HELPER_INFO(
    bench_helper, TCG_CALL_WRITES_GLOBALS, TCG_HT_I64, TCG_HT_PTR, TCG_HT_I64);

static uint64_t bench_ld(void *env, uint64_t addr, MemOpIdx oi, uintptr_t ra)
{
    return 0;
}

static void bench_st(void *env, uint64_t addr, uint64_t v, MemOpIdx oi,
                     uintptr_t ra)
{
}

static const TCGMemHelpers bench_mem = {
    .ld = {bench_ld, bench_ld, bench_ld, bench_ld},
    .st = {bench_st, bench_st, bench_st, bench_st},
};

static const char *const reg_names[16] = {
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
    "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15",
};

static Bench *bench_new(const TCGBackend *b)
{
    Bench *bn = g_new0(Bench, 1);

    bn->s = g_new0(TCGContext, 1);
    tcg_context_init(bn->s, b);
    bn->s->tlb_fast_offset = offsetof(BenchCPU, tlb);
    bn->s->mem_helpers = &bench_mem;
    bn->code_size = 64 << 20;
    bn->code = mmap(NULL, bn->code_size, PROT_READ | PROT_WRITE | PROT_EXEC,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (bn->code == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    tcg_prologue_init(bn->s, bn->code);
    for (int i = 0; i < 16; i++) {
        bn->regs[i] = tcg_global_mem_new_i64(
            tcg_env(), offsetof(BenchCPU, regs) + 8 * i, reg_names[i]);
    }
    bn->cc_dst =
        tcg_global_mem_new_i64(tcg_env(), offsetof(BenchCPU, cc_dst), "cc_dst");
    bn->cc_src =
        tcg_global_mem_new_i64(tcg_env(), offsetof(BenchCPU, cc_src), "cc_src");
    bn->pc = tcg_global_mem_new_i64(tcg_env(), offsetof(BenchCPU, pc), "pc");
    bn->cc_op =
        tcg_global_mem_new_i32(tcg_env(), offsetof(BenchCPU, cc_op), "cc_op");
    return bn;
}

static void bench_free(Bench *bn)
{
    tcg_context_destroy(bn->s);
    munmap(bn->code, bn->code_size);
    g_free(bn->s);
    g_free(bn);
}

/* One guest instruction's worth of IR, chosen at random. */
static void gen_insn(Bench *bn, GRand *r, uint64_t pc)
{
    TCGv_i64 d = bn->regs[g_rand_int_range(r, 0, 16)];
    TCGv_i64 a = bn->regs[g_rand_int_range(r, 0, 16)];
    TCGv_i64 t = tcg_temp_ebb_new_i64(), addr = tcg_temp_ebb_new_i64();

    tcg_gen_insn_start(pc, g_rand_int_range(r, 0, 8));
    switch (g_rand_int_range(r, 0, 6)) {
    case 0: /* add d, a: result and flags sources */
        tcg_gen_mov_i64(bn->cc_src, a);
        tcg_gen_add_i64(d, d, a);
        tcg_gen_mov_i64(bn->cc_dst, d);
        tcg_gen_movi_i32(bn->cc_op, 3);
        break;
    case 1: /* mov d, [a + disp] */
        tcg_gen_addi_i64(addr, a, g_rand_int_range(r, -128, 128));
        tcg_gen_qemu_ld_i64(d, addr, 0, MO_LEUQ);
        break;
    case 2: /* mov [a + disp], d */
        tcg_gen_addi_i64(addr, a, g_rand_int_range(r, -128, 128));
        tcg_gen_qemu_st_i64(d, addr, 0, MO_LEUQ);
        break;
    case 3: /* and d, imm; test flags */
        tcg_gen_andi_i64(d, d, 0xff0);
        tcg_gen_mov_i64(bn->cc_dst, d);
        tcg_gen_movi_i32(bn->cc_op, 7);
        break;
    case 4: /* shl/sar/lea mix */
        tcg_gen_shli_i64(t, a, 3);
        tcg_gen_add_i64(d, d, t);
        tcg_gen_sari_i64(t, d, 5);
        tcg_gen_xor_i64(d, d, t);
        break;
    default: /* a helper (string op, cpuid...) */
        tcg_gen_call2(&bench_info, d, tcg_env(), a);
        break;
    }
    tcg_temp_free_i64(t);
    tcg_temp_free_i64(addr);
}

/* A block: ~12 instructions, then a conditional two-way exit. */
static int gen_block(Bench *bn, GRand *r, uint64_t pc)
{
    static uint64_t fake_tb[2] __attribute__((aligned(8)));
    int n = 8 + g_rand_int_range(r, 0, 8);
    TCGLabel *taken;
    int ops;

    tcg_func_start(bn->s);
    taken = gen_new_label();
    for (int i = 0; i < n; i++) {
        gen_insn(bn, r, pc + 3 * i);
    }
    tcg_gen_brcondi_i64(TCG_COND_EQ, bn->cc_dst, 0, taken);
    tcg_gen_goto_tb(0);
    tcg_gen_movi_i64(bn->pc, pc + 3 * n);
    tcg_gen_exit_tb(&fake_tb[0], 0);
    tcg_gen_set_label(taken);
    tcg_gen_goto_tb(1);
    tcg_gen_movi_i64(bn->pc, pc + 0x100);
    tcg_gen_exit_tb(&fake_tb[0], 1);
    ops = bn->s->nb_ops;
    return ops;
}

static void bench_backend(const TCGBackend *b, int blocks)
{
    Bench *bn = bench_new(b);
    GRand *r = g_rand_new_with_seed(42);
    uint8_t *p = bn->code + 4096;
    uint64_t ops = 0, bytes = 0;
    gint64 t0, total = 0;

    for (int i = 0; i < blocks; i++) {
        int size;

        ops += gen_block(bn, r, 0x400000 + 0x1000 * (uint64_t)i);
        t0 = g_get_monotonic_time();
        size = tcg_gen_code(bn->s, p, bn->code + bn->code_size - 65536);
        total += g_get_monotonic_time() - t0;
        if (size < 0) {
            fprintf(stderr, "bench-tcg: %s: code buffer full\n", b->name);
            exit(1);
        }
        bytes += (uint64_t)size;
        p += (size + 15) & ~15;
        if (p > bn->code + bn->code_size / 2) {
            p = bn->code + 4096;
        }
    }
    printf("%-8s %8d blocks %9" G_GUINT64_FORMAT " IR ops  %7.3f s  "
           "%6.2f M ops/s  %6.1f k blocks/s  %5.1f bytes/op\n",
           b->name, blocks, (guint64)ops, total / 1e6,
           ops / (total / 1e6) / 1e6, blocks / (total / 1e6) / 1e3,
           (double)bytes / (double)ops);
    g_rand_free(r);
    bench_free(bn);
}

int main(int argc, char **argv)
{
    int blocks = argc > 1 ? atoi(argv[1]) : 20000;

    printf("IR ops/s through optimize + liveness + regalloc + emission "
           "(timed: tcg_gen_code only)\n");
    bench_backend(&tcg_backend_tci, blocks);
    bench_backend(&tcg_backend_x86_64, blocks);
    return 0;
}
