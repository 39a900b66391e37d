/*
 * The TCG test harness (see tcg-test.h).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "tcg-test.h"
#include "tcg/x86_64-backend.h"
#include "util/log.h"

static const TCGBackend *backend_list[5];
const TCGBackend *const *test_backends = backend_list;

/* Fill the backend list once. */
__attribute__((constructor)) static void test_backends_init(void)
{
    int n = 0;

    backend_list[n++] = &tcg_backend_tci;
    backend_list[n++] = &tcg_backend_tci_min;
    backend_list[n++] = &tcg_backend_tci_2addr;
    backend_list[n++] = &tcg_backend_x86_64;
    backend_list[n] = NULL;
    if (getenv("PEREGRINE_TEST_LOG")) {
        log_set_items(getenv("PEREGRINE_TEST_LOG"), NULL);
    }
}

guint64 test_seed(guint64 default_seed)
{
    const char *env = getenv("PEREGRINE_TEST_SEED");

    return env ? g_ascii_strtoull(env, NULL, 0) : default_seed;
}

/* -- Test softmmu ---------------------------------------------------------- */

uint8_t test_guest_mem[TEST_PAGES * 4096];

static CPUTLBEntry test_tlb_table[TEST_MMU_MODES][TEST_TLB_SIZE];

sigjmp_buf *test_fault_jmp;

/* An access to the fault page unwinds like a guest exception. */
static void test_maybe_fault(uint64_t addr)
{
    if (addr >= TEST_FAULT_PAGE && addr < TEST_FAULT_PAGE + 4096) {
        g_assert(test_fault_jmp);
        siglongjmp(*test_fault_jmp, 1);
    }
}

/* Host address of guest ADDR (the test only uses its own pages). */
static uint8_t *test_host_addr(uint64_t addr, unsigned size)
{
    g_assert_cmpuint(addr, >=, TEST_GUEST_BASE);
    g_assert_cmpuint(addr + size, <=, TEST_GUEST_BASE + sizeof(test_guest_mem));
    return test_guest_mem + (addr - TEST_GUEST_BASE);
}

static uint64_t test_ld_mmu(void *env, uint64_t addr, MemOpIdx oi,
                            uintptr_t retaddr)
{
    unsigned size = memop_size(get_memop(oi));
    uint64_t v = 0;

    test_maybe_fault(addr);
    ((TestCPU *)env)->slow_loads++;
    memcpy(&v, test_host_addr(addr, size), size);
    return v;
}

static void test_st_mmu(void *env, uint64_t addr, uint64_t val, MemOpIdx oi,
                        uintptr_t retaddr)
{
    unsigned size = memop_size(get_memop(oi));

    test_maybe_fault(addr);
    ((TestCPU *)env)->slow_stores++;
    memcpy(test_host_addr(addr, size), &val, size);
}

static const TCGMemHelpers test_mem_helpers = {
    .ld = {test_ld_mmu, test_ld_mmu, test_ld_mmu, test_ld_mmu},
    .st = {test_st_mmu, test_st_mmu, test_st_mmu, test_st_mmu},
};

/* TLB entries: pages 0-1 plain RAM, page 2 absent, page 3 MMIO. */
static void test_tlb_fill(void)
{
    for (int m = 0; m < TEST_MMU_MODES; m++) {
        for (int i = 0; i < TEST_TLB_SIZE; i++) {
            test_tlb_table[m][i] = (CPUTLBEntry){
                .addr_read = ~0ull, .addr_write = ~0ull, .addr_code = ~0ull};
        }
        for (int p = 0; p < TEST_PAGES; p++) {
            uint64_t page = TEST_GUEST_BASE + p * TARGET_PAGE_SIZE;
            CPUTLBEntry *e =
                &test_tlb_table[m][(page >> TARGET_PAGE_BITS) % TEST_TLB_SIZE];
            uint64_t flags = p == TEST_PAGE_MMIO ? TLB_MMIO : 0;

            if (p == TEST_PAGE_MISS) {
                continue;
            }
            e->addr_read = page | flags;
            e->addr_write = page | flags;
            e->addr_code = page;
            e->addend = (uintptr_t)test_guest_mem + p * TARGET_PAGE_SIZE - page;
        }
    }
}

void test_cpu_init(TestCPU *cpu)
{
    memset(cpu, 0, sizeof(*cpu));
    test_tlb_fill();
    for (int m = 0; m < TEST_MMU_MODES; m++) {
        cpu->tlb[m].mask = (TEST_TLB_SIZE - 1) << CPU_TLB_ENTRY_BITS;
        cpu->tlb[m].table = test_tlb_table[m];
    }
}

/* -- Helpers --------------------------------------------------------------- */

uint64_t test_helper_mix(uint64_t a, uint64_t b)
{
    return (a ^ (b * 0x9e3779b97f4a7c15ull)) + (a >> 7);
}

uint32_t test_helper_mix32(uint32_t a, uint32_t b)
{
    return (a * 31) ^ (b + 0x1234567);
}

uint64_t test_helper_read_r3(void *env)
{
    TestCPU *cpu = env;

    cpu->helper_calls++;
    return cpu->regs[3] * 3 + 1;
}

uint64_t test_helper_bump_r5(void *env, uint64_t a)
{
    TestCPU *cpu = env;

    cpu->helper_calls++;
    cpu->regs[5] += a;
    return cpu->regs[2] ^ a;
}

/* Raises a guest fault when A is a multiple of 5, else returns A + 1. */
uint64_t test_helper_raise_if(void *env, uint64_t a)
{
    ((TestCPU *)env)->helper_calls++;
    if (a % 5 == 0) {
        g_assert(test_fault_jmp);
        siglongjmp(*test_fault_jmp, 1);
    }
    return a + 1;
}

const TCGHelperInfo test_info_mix =
    TCG_HELPER_INFO(test_helper_mix, TCG_CALL_NO_SIDE_EFFECTS, TCG_HT_I64,
                    TCG_HT_I64, TCG_HT_I64);
const TCGHelperInfo test_info_mix32 =
    TCG_HELPER_INFO(test_helper_mix32, TCG_CALL_NO_SIDE_EFFECTS, TCG_HT_I32,
                    TCG_HT_I32, TCG_HT_I32);
const TCGHelperInfo test_info_read_r3 = TCG_HELPER_INFO(
    test_helper_read_r3, TCG_CALL_READS_GLOBALS, TCG_HT_I64, TCG_HT_PTR);
const TCGHelperInfo test_info_raise_if =
    TCG_HELPER_INFO(test_helper_raise_if, TCG_CALL_READS_GLOBALS, TCG_HT_I64,
                    TCG_HT_PTR, TCG_HT_I64);
const TCGHelperInfo test_info_bump_r5 =
    TCG_HELPER_INFO(test_helper_bump_r5, TCG_CALL_WRITES_GLOBALS, TCG_HT_I64,
                    TCG_HT_PTR, TCG_HT_I64);

/* -- Contexts -------------------------------------------------------------- */

static const char *const reg_names[TEST_NB_REGS] = {
    "r0", "r1", "r2",  "r3",  "r4",  "r5",  "r6",  "r7",
    "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};
static const char *const reg32_names[TEST_NB_REGS32] = {
    "e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7",
};

TestTCG *test_tcg_new(const TCGBackend *backend)
{
    TestTCG *tt = g_new0(TestTCG, 1);

    tt->backend = backend;
    tt->s = g_new0(TCGContext, 1);
    tcg_context_init(tt->s, backend);
    tt->s->tlb_fast_offset = offsetof(TestCPU, tlb);
    tt->s->mem_helpers = &test_mem_helpers;
    tt->code_size = 4 << 20;
    tt->code = mmap(NULL, tt->code_size, PROT_READ | PROT_WRITE | PROT_EXEC,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    g_assert(tt->code != MAP_FAILED);
    tt->tb = tcg_prologue_init(tt->s, tt->code);
    tt->tb = (uint8_t *)(((uintptr_t)tt->tb + 63) & ~(uintptr_t)63);
    for (int i = 0; i < TEST_NB_REGS; i++) {
        tt->r[i] = tcg_global_mem_new_i64(
            tcg_env(), offsetof(TestCPU, regs) + 8 * i, reg_names[i]);
    }
    for (int i = 0; i < TEST_NB_REGS32; i++) {
        tt->e[i] = tcg_global_mem_new_i32(
            tcg_env(), offsetof(TestCPU, regs32) + 4 * i, reg32_names[i]);
    }
    return tt;
}

void test_tcg_free(TestTCG *tt)
{
    tcg_context_destroy(tt->s);
    munmap(tt->code, tt->code_size);
    g_free(tt->s);
    g_free(tt);
}

void test_tcg_start(TestTCG *tt)
{
    tcg_func_start(tt->s);
}

void *test_tcg_gen(TestTCG *tt)
{
    int size = tcg_gen_code(
        tt->s, tt->tb, tt->code + tt->code_size - 2 * TCG_REGION_HIGHWATER);

    g_assert_cmpint(size, >, 0);
    return tt->tb;
}

uintptr_t test_tcg_run(TestTCG *tt, TestCPU *cpu)
{
    void *code = test_tcg_gen(tt);

    return tcg_exec_tb(tt->s, cpu, code);
}
