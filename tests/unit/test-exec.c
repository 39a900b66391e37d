/*
 * Unit tests of the execution engine (accel/tcg) on "toy", a tiny made-up
 * guest ISA, so the engine is tested apart from the x86 frontend: TB lookup
 * and reuse, chaining and unchaining on invalidation, self-modifying code,
 * DMA into code, code-buffer flushes, the TLB (fill, flush, MMIO,
 * page-crossing accesses) and precise fault restoration.
 *
 * Usage: test-exec --tap BACKEND   (x86_64 or tci; one backend per process
 * because the code buffer is set up once).
 *
 * Toy: eight 64-bit registers and a pc.  Encodings (little-endian):
 *   01 d i32    r[d] = sext(i32)          05 i32      jmp rel32 (direct)
 *   02 d s      r[d] += r[s]              06 s        jmp r[s] (indirect)
 *   03 d s      r[d] = mem64[r[s]]        07 s i8     if r[s] != 0 jmp rel8
 *   04 d s      mem64[r[d]] = r[s]        08          halt
 *   09 d i8     r[d] += sext(i8)          0a d s      mem8[r[d]] = r[s]
 *   0b s        trap 5 if r[s] == 0       other       trap 6
 * Relative jumps count from the next instruction.  Memory: 64 KiB RAM at
 * virtual and physical 0 (virtual 0x40000-0x4ffff maps to physical
 * `remap` + offset), a device at virtual 0x100000, faults (trap 14)
 * elsewhere.  A trap stores the pc of the faulting instruction in r6, its
 * number in r7, and continues at 0xf000.
 */
#include <glib.h>
#include <string.h>

#include "exec/exec-all.h"
#include "exec/translator.h"
#include "tcg/tcg-op.h"

#define RAM_SIZE 0x10000
#define DEV_VADDR 0x100000
#define DEV_PADDR 0x200000
#define REMAP_VADDR 0x40000
#define TRAP_HANDLER 0xf000

typedef struct ToyEnv {
    uint64_t r[8];
    uint64_t pc;
    uint64_t fault_addr;
    unsigned traps;             /* traps delivered */
} ToyEnv;

typedef struct ToyCPU {
    CPUState parent;
    ToyEnv env;
} ToyCPU;

static ToyCPU toy;
static MemoryRegion sysmem, ram, dev;
static AddressSpace as;
static hwaddr remap = 0x8000;   /* physical base of the remapped window */
static unsigned dev_reads, dev_writes;
static uint64_t dev_last_write;

/* -- The device ---------------------------------------------------------- */

static uint64_t dev_read(void *opaque, hwaddr addr, unsigned size)
{
    dev_reads++;
    return 0x1122334455667788ull >> (8 * (addr & 7));
}

static void dev_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    dev_writes++;
    dev_last_write = val;
}

static const MemoryRegionOps dev_ops = {
    .read = dev_read,
    .write = dev_write,
    .valid = { .min_size = 1, .max_size = 8, .unaligned = true },
    .impl = { .min_size = 1, .max_size = 8, .unaligned = true },
};

/* -- The translator ------------------------------------------------------- */

static TCGv_i64 cpu_r[8], cpu_pc;

static void helper_trap(void *env, uint64_t n)
{
    cpu_raise_exception_ra(env_cpu(env), (int)n, GETPC());
}

static void helper_trap_if_zero(void *env, uint64_t v)
{
    if (v == 0) {
        cpu_raise_exception_ra(env_cpu(env), 5, GETPC());
    }
}

static void helper_halt(void *env)
{
    CPUState *cpu = env_cpu(env);

    cpu->halted = true;
    cpu->exception_index = EXCP_HLT;
    cpu_loop_exit(cpu);
}

static const TCGHelperInfo info_trap =
    TCG_HELPER_INFO(helper_trap, 0, TCG_HT_VOID, TCG_HT_PTR, TCG_HT_I64);
static const TCGHelperInfo info_trap_if_zero =
    TCG_HELPER_INFO(helper_trap_if_zero, TCG_CALL_READS_GLOBALS, TCG_HT_VOID,
                    TCG_HT_PTR, TCG_HT_I64);
static const TCGHelperInfo info_halt =
    TCG_HELPER_INFO(helper_halt, 0, TCG_HT_VOID, TCG_HT_PTR);

typedef struct ToyDisas {
    DisasContextBase base;
} ToyDisas;

#define DISAS_JUMPED DISAS_TARGET_0 /* the insn ended the TB with a jump */

static void toy_goto(DisasContextBase *db, unsigned n, vaddr dest)
{
    if (translator_use_goto_tb(db, dest)) {
        tcg_gen_goto_tb(n);
        tcg_gen_movi_i64(cpu_pc, dest);
        tcg_gen_exit_tb(db->tb, n);
    } else {
        tcg_gen_movi_i64(cpu_pc, dest);
        tcg_gen_lookup_and_goto_ptr();
    }
}

static void toy_init_disas_context(DisasContextBase *db, CPUState *cpu)
{
}

static void toy_insn_start(DisasContextBase *db, CPUState *cpu)
{
    tcg_gen_insn_start(db->pc_next, 0);
}

static void toy_translate_insn(DisasContextBase *db, CPUState *cpu)
{
    vaddr pc = db->pc_next;
    uint8_t op = translator_ldub(cpu, db, pc);
    uint8_t a = 0, b = 0;
    int32_t imm;
    TCGLabel *l;

    switch (op) {
    case 0x01:
        a = translator_ldub(cpu, db, pc + 1) & 7;
        imm = translator_ldl(cpu, db, pc + 2);
        tcg_gen_movi_i64(cpu_r[a], imm);
        db->pc_next = pc + 6;
        return;
    case 0x02: case 0x03: case 0x04: case 0x0a:
        a = translator_ldub(cpu, db, pc + 1) & 7;
        b = translator_ldub(cpu, db, pc + 2) & 7;
        db->pc_next = pc + 3;
        if (op == 0x02) {
            tcg_gen_add_i64(cpu_r[a], cpu_r[a], cpu_r[b]);
        } else if (op == 0x03) {
            tcg_gen_qemu_ld_i64(cpu_r[a], cpu_r[b], 0, MO_UQ);
        } else {
            tcg_gen_qemu_st_i64(cpu_r[b], cpu_r[a], 0,
                                op == 0x04 ? MO_UQ : MO_UB);
        }
        return;
    case 0x05:
        imm = translator_ldl(cpu, db, pc + 1);
        toy_goto(db, 0, pc + 5 + imm);
        db->pc_next = pc + 5;
        db->is_jmp = DISAS_JUMPED;
        return;
    case 0x06:
        a = translator_ldub(cpu, db, pc + 1) & 7;
        tcg_gen_mov_i64(cpu_pc, cpu_r[a]);
        tcg_gen_lookup_and_goto_ptr();
        db->pc_next = pc + 2;
        db->is_jmp = DISAS_JUMPED;
        return;
    case 0x07:
        a = translator_ldub(cpu, db, pc + 1) & 7;
        imm = (int8_t)translator_ldub(cpu, db, pc + 2);
        db->pc_next = pc + 3;
        l = gen_new_label();
        tcg_gen_brcondi_i64(TCG_COND_EQ, cpu_r[a], 0, l);
        toy_goto(db, 0, pc + 3 + imm);
        tcg_gen_set_label(l);
        toy_goto(db, 1, pc + 3);
        db->is_jmp = DISAS_JUMPED;
        return;
    case 0x08:
        db->pc_next = pc + 1;
        tcg_gen_movi_i64(cpu_pc, pc + 1);
        tcg_gen_call1(&info_halt, NULL, tcg_env());
        db->is_jmp = DISAS_NORETURN;
        return;
    case 0x09:
        a = translator_ldub(cpu, db, pc + 1) & 7;
        imm = (int8_t)translator_ldub(cpu, db, pc + 2);
        tcg_gen_addi_i64(cpu_r[a], cpu_r[a], imm);
        db->pc_next = pc + 3;
        return;
    case 0x0b:
        a = translator_ldub(cpu, db, pc + 1) & 7;
        tcg_gen_call2(&info_trap_if_zero, NULL, tcg_env(), cpu_r[a]);
        db->pc_next = pc + 2;
        return;
    default:
        tcg_gen_call2(&info_trap, NULL, tcg_env(), tcg_constant_i64(6));
        db->pc_next = pc + 1;
        db->is_jmp = DISAS_NORETURN;
        return;
    }
}

static void toy_tb_stop(DisasContextBase *db, CPUState *cpu)
{
    if (db->is_jmp == DISAS_TOO_MANY) {
        toy_goto(db, 0, db->pc_next);
    }
}

static const TranslatorOps toy_translator = {
    .init_disas_context = toy_init_disas_context,
    .insn_start = toy_insn_start,
    .translate_insn = toy_translate_insn,
    .tb_stop = toy_tb_stop,
};

/* -- The target hooks ----------------------------------------------------- */

static void toy_translate_code(CPUState *cpu, TranslationBlock *tb,
                               int *max_insns, vaddr pc)
{
    ToyDisas dc;

    translator_loop(cpu, tb, max_insns, pc, &toy_translator, &dc.base);
}

static void toy_get_tb_cpu_state(CPUState *cpu, vaddr *pc, uint64_t *cs_base,
                                 uint32_t *flags)
{
    *pc = toy.env.pc;
    *cs_base = 0;
    *flags = 0;
}

static void toy_restore_state_to_opc(CPUState *cpu, const TranslationBlock *tb,
                                     const uint64_t *data)
{
    toy.env.pc = data[0];
}

static bool toy_exec_interrupt(CPUState *cpu, uint32_t req)
{
    return false;
}

static void toy_do_interrupt(CPUState *cpu)
{
    toy.env.r[6] = toy.env.pc;          /* the restored pc of the fault */
    toy.env.r[7] = cpu->exception_index;
    toy.env.traps++;
    toy.env.pc = TRAP_HANDLER;
}

static bool toy_tlb_fill(CPUState *cpu, vaddr addr, int size,
                         MMUAccessType access, int mmu_idx, bool probe,
                         uintptr_t retaddr)
{
    vaddr page = addr & TARGET_PAGE_MASK;

    if (page >= REMAP_VADDR && page < REMAP_VADDR + 0x10000) {
        tlb_set_page(cpu, page, remap + (page - REMAP_VADDR),
                     PAGE_READ | PAGE_WRITE | PAGE_EXEC, mmu_idx,
                     TARGET_PAGE_SIZE);
        return true;
    }
    if (page < RAM_SIZE) {
        tlb_set_page(cpu, page, page, PAGE_READ | PAGE_WRITE | PAGE_EXEC,
                     mmu_idx, TARGET_PAGE_SIZE);
        return true;
    }
    if (page == DEV_VADDR) {
        tlb_set_page(cpu, page, DEV_PADDR, PAGE_READ | PAGE_WRITE, mmu_idx,
                     TARGET_PAGE_SIZE);
        return true;
    }
    if (probe) {
        return false;
    }
    toy.env.fault_addr = addr;
    cpu_raise_exception_ra(cpu, 14, retaddr);
}

static int toy_mmu_index(CPUState *cpu, bool ifetch)
{
    return 0;
}

static bool toy_has_work(CPUState *cpu)
{
    return false;
}

static const CPUTargetOps toy_ops = {
    .name = "toy",
    .translate_code = toy_translate_code,
    .get_tb_cpu_state = toy_get_tb_cpu_state,
    .restore_state_to_opc = toy_restore_state_to_opc,
    .exec_interrupt = toy_exec_interrupt,
    .do_interrupt = toy_do_interrupt,
    .tlb_fill = toy_tlb_fill,
    .mmu_index = toy_mmu_index,
    .has_work = toy_has_work,
};

/* -- Test harness --------------------------------------------------------- */

static uint8_t *ram_host(void)
{
    return memory_region_get_host(&ram);
}

/* Assemble BYTES at ADDR (through the bus, as a loader would). */
static void put(hwaddr addr, const uint8_t *bytes, size_t len)
{
    g_assert_cmpint(address_space_write(&as, addr, bytes, len), ==,
                    MEMTX_OK);
}

#define PUT(addr, ...)                                                   \
    put(addr, (const uint8_t[]){ __VA_ARGS__ },                          \
        sizeof((const uint8_t[]){ __VA_ARGS__ }))

#define I32(v) (uint8_t)(v), (uint8_t)((v) >> 8), (uint8_t)((v) >> 16),    \
               (uint8_t)((uint32_t)(v) >> 24)

/* Reset the CPU and RAM; the trap handler is a halt. */
static void toy_reset(void)
{
    memset(&toy.env, 0, sizeof(toy.env));
    memset(ram_host(), 0xff, RAM_SIZE);
    tb_flush(&toy.parent);
    memset(&tb_stats, 0, sizeof(tb_stats));
    toy.parent.halted = false;
    toy.parent.exception_index = EXCP_NONE;
    remap = 0x8000;
    PUT(TRAP_HANDLER, 0x08);
}

/* Run from PC until the CPU halts; returns what cpu_exec returned. */
static int run_from(vaddr pc)
{
    int ret;

    toy.env.pc = pc;
    toy.parent.halted = false;
    ret = cpu_exec(&toy.parent);
    g_assert_cmpint(ret, ==, EXCP_HLT);
    return ret;
}

/* -- Tests ---------------------------------------------------------------- */

/* A counted loop: r0 = 100, r1 += 3 each round. */
static void put_loop(hwaddr at)
{
    PUT(at,
        0x01, 0, I32(100),          /* r0 = 100 */
        0x01, 1, I32(0),            /* r1 = 0   */
        0x01, 2, I32(-1),           /* r2 = -1  */
        /* loop: at + 18 */
        0x09, 1, 3,                 /* r1 += 3  */
        0x02, 0, 2,                 /* r0 += r2 */
        0x07, 0, (uint8_t)-9,       /* if r0 jmp loop */
        0x08);                      /* halt */
}

static void test_loop_reuses_and_chains_tbs(void)
{
    toy_reset();
    put_loop(0x1000);
    run_from(0x1000);
    g_assert_cmpuint(toy.env.r[1], ==, 300);
    g_assert_cmpuint(toy.env.r[0], ==, 0);
    g_assert_cmpuint(toy.env.pc, ==, 0x1000 + 28);
    /* Entry block, loop body, exit: three TBs for 100 iterations. */
    g_assert_cmpuint(tb_stats.translated, <=, 4);
    g_assert_cmpuint(tb_stats.chained, >=, 1);
    /* Chained: the loop stays in generated code, not in the C loop. */
    g_assert_cmpuint(tb_stats.exits_to_loop, <, 10);

    /* The same again is found in the caches, nothing is translated. */
    uint64_t translated = tb_stats.translated;
    toy.env.r[1] = 0;
    run_from(0x1000);
    g_assert_cmpuint(toy.env.r[1], ==, 300);
    g_assert_cmpuint(tb_stats.translated, ==, translated);
}

static void test_dma_into_code_unchains_and_retranslates(void)
{
    toy_reset();
    put_loop(0x1000);
    run_from(0x1000);
    g_assert_cmpuint(toy.env.r[1], ==, 300);
    uint64_t unchained = tb_stats.unchained;

    /* A device writes the loop body: now r1 += 5 per round. */
    PUT(0x1000 + 18, 0x09, 1, 5);
    g_assert_cmpuint(tb_stats.invalidated, >=, 1);
    g_assert_cmpuint(tb_stats.unchained, >, unchained);
    toy.env.r[1] = 0;
    run_from(0x1000);
    g_assert_cmpuint(toy.env.r[1], ==, 500);
}

static void test_store_patches_next_insn_in_same_tb(void)
{
    toy_reset();
    /* r3 = address of the "r1 += 1" below; store byte 7 over its imm8,
     * making it "r1 += 7" before it runs, in the same TB. */
    PUT(0x2000,
        0x01, 3, I32(0x2000 + 6 + 6 + 6 + 3 + 2),  /* r3 = &imm8 below */
        0x01, 4, I32(7),            /* r4 = 7 */
        0x01, 1, I32(0),            /* r1 = 0 */
        0x0a, 3, 4,                 /* mem8[r3] = r4 */
        0x09, 1, 1,                 /* r1 += 1 (patched to 7) */
        0x08);
    run_from(0x2000);
    g_assert_cmpuint(toy.env.r[1], ==, 7);
    g_assert_cmpuint(tb_stats.notdirty_writes, >=, 1);
}

static void test_loop_rewrites_its_own_body(void)
{
    toy_reset();
    /* Each round stores r5 (the round number) into the imm8 of "r1 += k",
     * so the loop adds 1 + 2 + ... + 10 = 55. */
    PUT(0x3000,
        0x01, 0, I32(10),           /* r0 = 10 rounds */
        0x01, 1, I32(0),            /* r1 = 0 */
        0x01, 2, I32(-1),           /* r2 = -1 */
        0x01, 5, I32(0),            /* r5 = 0 */
        0x01, 3, I32(0x3000 + 38),  /* r3 = &imm8 of "r1 += k" */
        /* loop: 0x3000 + 30 */
        0x09, 5, 1,                 /* r5 += 1 */
        0x0a, 3, 5,                 /* mem8[r3] = r5 */
        0x09, 1, 0,                 /* r1 += k (k rewritten) */
        0x02, 0, 2,                 /* r0 -= 1 */
        0x07, 0, (uint8_t)-15,      /* if r0 jmp loop */
        0x08);
    run_from(0x3000);
    g_assert_cmpuint(toy.env.r[1], ==, 55);
}

static void test_flush_mid_run_rebuilds(void)
{
    toy_reset();
    put_loop(0x1000);
    run_from(0x1000);
    tb_flush(&toy.parent);
    g_assert_cmpuint(tb_stats.flushes, ==, 1);
    toy.env.r[1] = 0;
    run_from(0x1000);
    g_assert_cmpuint(toy.env.r[1], ==, 300);
    g_assert_cmpuint(tb_stats.translated, >=, 4);
}

static void test_indirect_jump_through_jump_cache(void)
{
    toy_reset();
    /* A loop whose back edge is an indirect jump through r6. */
    PUT(0x4000,
        0x01, 0, I32(50),
        0x01, 1, I32(0),
        0x01, 2, I32(-1),
        0x01, 6, I32(0x4000 + 24),  /* r6 = &loop */
        /* loop: +24 */
        0x09, 1, 2,                 /* r1 += 2 */
        0x02, 0, 2,                 /* r0 -= 1 */
        0x07, 0, 2,                 /* if r0 jmp +2 (to "jmp r6") */
        0x08,                       /* halt */
        0x00,                       /* never reached */
        0x06, 6);                   /* jmp r6 */
    run_from(0x4000);
    g_assert_cmpuint(toy.env.r[1], ==, 100);
    g_assert_cmpuint(tb_stats.exits_to_loop, <, 20);
}

static void test_mmio_and_page_crossing_accesses(void)
{
    toy_reset();
    dev_reads = dev_writes = 0;
    /* A qword at 0x1ffc straddles two RAM pages. */
    memcpy(ram_host() + 0x1ffc, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
    PUT(0x5000,
        0x01, 3, I32(0x1ffc),
        0x03, 0, 3,                 /* r0 = mem64[0x1ffc] */
        0x01, 3, I32(DEV_VADDR + 1),
        0x03, 1, 3,                 /* r1 = device[1] */
        0x01, 4, I32(0x77),
        0x04, 3, 4,                 /* device[1] = 0x77 */
        0x01, 3, I32(0x2ffd),
        0x01, 4, I32(0x0a0b0c),
        0x04, 3, 4,                 /* mem64[0x2ffd] = 0x0a0b0c */
        0x08);
    run_from(0x5000);
    g_assert_cmphex(toy.env.r[0], ==, 0x0807060504030201ull);
    g_assert_cmphex(toy.env.r[1], ==, 0x0011223344556677ull);
    g_assert_cmpuint(dev_reads, ==, 1);
    g_assert_cmpuint(dev_writes, ==, 1);
    g_assert_cmphex(dev_last_write, ==, 0x77);
    g_assert_cmphex(ram_host()[0x2ffd], ==, 0x0c);
    g_assert_cmphex(ram_host()[0x2fff], ==, 0x0a);
    g_assert_cmphex(ram_host()[0x3000], ==, 0);
    g_assert_cmphex(ram_host()[0x3004], ==, 0);
    g_assert_cmphex(ram_host()[0x3005], ==, 0xff);
}

static void test_tlb_flush_sees_new_mapping(void)
{
    toy_reset();
    memcpy(ram_host() + 0x8000, "AAAAAAAA", 8);
    memcpy(ram_host() + 0x9000, "BBBBBBBB", 8);
    PUT(0x6000,
        0x01, 3, I32(REMAP_VADDR),
        0x03, 0, 3,                 /* r0 = mem64[REMAP] */
        0x08);
    run_from(0x6000);
    g_assert_cmphex(toy.env.r[0] & 0xff, ==, 'A');
    /* Without a flush the stale translation stays in the TLB... */
    remap = 0x9000;
    run_from(0x6000);
    g_assert_cmphex(toy.env.r[0] & 0xff, ==, 'A');
    /* ... after it, the new mapping is walked. */
    tlb_flush_page(&toy.parent, REMAP_VADDR);
    run_from(0x6000);
    g_assert_cmphex(toy.env.r[0] & 0xff, ==, 'B');
    g_assert_cmpuint(tb_stats.tlb_page_flushes, ==, 1);
}

static void test_fault_restores_exact_state(void)
{
    toy_reset();
    PUT(0x7000,
        0x01, 0, I32(11),           /* r0 = 11 */
        0x01, 1, I32(0),            /* r1 = 0 */
        0x09, 0, 1,                 /* r0 = 12 (before the fault) */
        0x0b, 1,                    /* trap 5: r1 == 0 */
        0x09, 0, 1,                 /* not executed */
        0x08);
    run_from(0x7000);
    g_assert_cmpuint(toy.env.traps, ==, 1);
    g_assert_cmpuint(toy.env.r[7], ==, 5);
    g_assert_cmpuint(toy.env.r[0], ==, 12);
    g_assert_cmphex(toy.env.r[6], ==, 0x700f);

    toy_reset();
    PUT(0x7000,
        0x01, 0, I32(1),
        0x01, 3, I32(0x123456),     /* unmapped */
        0x09, 0, 1,                 /* r0 = 2 */
        0x03, 1, 3,                 /* page fault */
        0x09, 0, 1,
        0x08);
    run_from(0x7000);
    g_assert_cmpuint(toy.env.r[7], ==, 14);
    g_assert_cmphex(toy.env.fault_addr, ==, 0x123456);
    g_assert_cmphex(toy.env.r[6], ==, 0x700f);
    g_assert_cmpuint(toy.env.r[0], ==, 2);
}

static void test_fetch_fault_on_unmapped_code(void)
{
    toy_reset();
    PUT(0x7c00, 0x05, I32(0x300000 - 0x7c05)); /* jmp 0x300000 */
    run_from(0x7c00);
    g_assert_cmpuint(toy.env.r[7], ==, 14);
    g_assert_cmphex(toy.env.fault_addr, ==, 0x300000);
    g_assert_cmphex(toy.env.r[6], ==, 0x300000);
}

int main(int argc, char **argv)
{
    const char *backend;
    char *err = NULL;

    g_test_init(&argc, &argv, NULL);
    backend = argc > 1 ? argv[1] : "x86_64";

    memory_region_init(&sysmem, "system", UINT64_C(1) << 32);
    g_assert_true(memory_region_init_ram(&ram, "ram", RAM_SIZE));
    memory_region_init_io(&dev, "toy-dev", &dev_ops, NULL, 0x1000);
    memory_region_add_subregion(&sysmem, 0, &ram);
    memory_region_add_subregion(&sysmem, DEV_PADDR, &dev);
    address_space_init(&as, &sysmem, "memory");
    cpu_common_init(&toy.parent, &toy_ops, &toy.env, &as, 0);

    if (!tcg_exec_init(16 << 20, false, backend, &err)) {
        g_test_message("backend %s: %s", backend, err);
        return 77;                      /* skipped */
    }
    for (int i = 0; i < 8; i++) {
        static const char *const names[8] = {
            "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7",
        };
        cpu_r[i] = tcg_global_mem_new_i64(tcg_env(),
                                          offsetof(ToyEnv, r[i]), names[i]);
    }
    cpu_pc = tcg_global_mem_new_i64(tcg_env(), offsetof(ToyEnv, pc), "pc");

    g_test_add_func("/exec/loop-reuses-and-chains-tbs",
                    test_loop_reuses_and_chains_tbs);
    g_test_add_func("/exec/dma-into-code-unchains-and-retranslates",
                    test_dma_into_code_unchains_and_retranslates);
    g_test_add_func("/exec/smc/store-patches-next-insn-in-same-tb",
                    test_store_patches_next_insn_in_same_tb);
    g_test_add_func("/exec/smc/loop-rewrites-its-own-body",
                    test_loop_rewrites_its_own_body);
    g_test_add_func("/exec/flush-mid-run-rebuilds",
                    test_flush_mid_run_rebuilds);
    g_test_add_func("/exec/indirect-jump-through-jump-cache",
                    test_indirect_jump_through_jump_cache);
    g_test_add_func("/exec/tlb/mmio-and-page-crossing",
                    test_mmio_and_page_crossing_accesses);
    g_test_add_func("/exec/tlb/flush-sees-new-mapping",
                    test_tlb_flush_sees_new_mapping);
    g_test_add_func("/exec/fault/restores-exact-state",
                    test_fault_restores_exact_state);
    g_test_add_func("/exec/fault/fetch-fault-on-unmapped-code",
                    test_fetch_fault_on_unmapped_code);
    return g_test_run();
}
