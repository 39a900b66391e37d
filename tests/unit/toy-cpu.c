/*
 * The toy guest (tests/unit/toy-cpu.h): translator, target hooks and a
 * one-CPU machine for execution-engine tests.
 */
#include <glib.h>
#include <string.h>

#include "exec/translator.h"
#include "tcg/tcg-op.h"
#include "toy-cpu.h"

ToyCPU toy;
hwaddr remap = 0x8000;
unsigned dev_reads, dev_writes;
uint64_t dev_last_write;
static MemoryRegion sysmem, ram, dev;
static AddressSpace as;

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
    .valid = {.min_size = 1, .max_size = 8, .unaligned = true},
    .impl = {.min_size = 1, .max_size = 8, .unaligned = true},
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
    case 0x02:
    case 0x03:
    case 0x04:
    case 0x0a:
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
    toy.env.r[6] = toy.env.pc; /* the restored pc of the fault */
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

uint8_t *ram_host(void)
{
    return memory_region_get_host(&ram);
}

void put(hwaddr addr, const uint8_t *bytes, size_t len)
{
    g_assert_cmpint(address_space_write(&as, addr, bytes, len), ==, MEMTX_OK);
}

void toy_reset(void)
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

int run_from(vaddr pc)
{
    int ret;

    toy.env.pc = pc;
    toy.parent.halted = false;
    ret = cpu_exec(&toy.parent);
    g_assert_cmpint(ret, ==, EXCP_HLT);
    return ret;
}

bool toy_machine_init(const char *backend, char **err)
{
    memory_region_init(&sysmem, "system", UINT64_C(1) << 32);
    g_assert_true(memory_region_init_ram(&ram, "ram", RAM_SIZE));
    memory_region_init_io(&dev, "toy-dev", &dev_ops, NULL, 0x1000);
    memory_region_add_subregion(&sysmem, 0, &ram);
    memory_region_add_subregion(&sysmem, DEV_PADDR, &dev);
    address_space_init(&as, &sysmem, "memory");
    cpu_common_init(&toy.parent, &toy_ops, &toy.env, &as, 0);

    if (!tcg_exec_init(16 << 20, false, backend, err)) {
        return false;
    }
    for (int i = 0; i < 8; i++) {
        static const char *const names[8] = {
            "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7",
        };
        cpu_r[i] =
            tcg_global_mem_new_i64(tcg_env(), offsetof(ToyEnv, r[i]), names[i]);
    }
    cpu_pc = tcg_global_mem_new_i64(tcg_env(), offsetof(ToyEnv, pc), "pc");

    return true;
}
