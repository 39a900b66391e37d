/*
 * The Peregrine side of the host-differential tester: a machine with only
 * RAM, one x86 CPU of model "max" and the code generator, set up in long
 * mode with 4-level identity page tables, running a DtSeq until its final
 * HLT or a fault.
 *
 * Guest-physical addresses equal the native ones (difftest.h); the page
 * tables live in RAM the native side does not have (DT_PT_ADDR).  The
 * sequence's bytes are written through the memory API, which drops any
 * translation of the previous sequence at the same address.
 *
 * How a run ends: at CPL 0 the final HLT makes cpu_exec return EXCP_HLT;
 * at CPL 3 it raises #GP.  Exceptions are caught by the harness's own
 * do_interrupt (dt_catch_exception), which records the vector and asks the
 * loop to return, the way the native side's signal handler does: the test
 * compares the state at the faulting instruction, not a guest handler's.
 */
#include <glib.h>
#include <string.h>

#include "difftest.h"
#include "exec/exec-all.h"
#include "hw/i386/pc.h"
#include "target/i386/translate.h"

#define DT_RAM_SIZE (16u << 20)
#define DT_PT_ADDR  UINT64_C(0x00900000) /* PML4, PDPT, PD, PT */

/* Page-table entry bits (SDM vol. 3, 4.5). */
#define PTE_P  0x001u
#define PTE_RW 0x002u
#define PTE_US 0x004u
#define PTE_PS 0x080u

static Machine dt_machine;
static MachineConfig dt_cfg;
static CPUState *dt_cpu;
static CPUTargetOps dt_ops; /* the CPU's hooks with the harness's own */
static int dt_vector;       /* exception caught in the current run */

static CPUX86State *dt_env(void)
{
    return &((X86CPU *)dt_cpu)->env;
}

/* CPUTargetOps.do_interrupt: record the exception and stop the loop. */
static void dt_catch_exception(CPUState *cpu)
{
    dt_vector = cpu->exception_index;
    cpu_exit(cpu);
}

static void st64(uint64_t addr, uint64_t val)
{
    address_space_write(&dt_machine.as_memory, addr, &val, 8);
}

/*
 * Identity-map the first 16 MiB: 2 MiB pages, except the 2 MiB holding
 * the code and sandbox, which goes through a page table of 4 KiB pages.
 * Everything is user-accessible and writable.
 */
static void dt_build_page_tables(void)
{
    uint64_t pml4 = DT_PT_ADDR, pdpt = pml4 + 0x1000, pd = pdpt + 0x1000;
    uint64_t pt = pd + 0x1000, flags = PTE_P | PTE_RW | PTE_US;
    unsigned code_pde = DT_CODE_ADDR >> 21;

    st64(pml4, pdpt | flags);
    st64(pdpt, pd | flags);
    for (unsigned i = 0; i < DT_RAM_SIZE >> 21; i++) {
        st64(pd + 8 * i,
             i == code_pde ? pt | flags : ((uint64_t)i << 21) | flags | PTE_PS);
    }
    for (unsigned j = 0; j < 512; j++) {
        st64(pt + 8 * j,
             (((uint64_t)code_pde << 21) + ((uint64_t)j << 12)) | flags);
    }
}

bool dt_peregrine_init(char **err)
{
    const char *backend = g_getenv("PEREGRINE_DIFFTEST_BACKEND");

    dt_cfg.cpu_model = (char *)"max";
    dt_cfg.cpu_features = g_ptr_array_new();
    dt_machine.cfg = &dt_cfg;
    memory_region_init(&dt_machine.system, "system", UINT64_C(1) << 32);
    memory_region_init(&dt_machine.io, "io", 0x10000);
    if (!memory_region_init_ram(&dt_machine.ram, "ram", DT_RAM_SIZE)) {
        *err = g_strdup_printf("cannot allocate guest RAM");
        return false;
    }
    memory_region_add_subregion(&dt_machine.system, 0, &dt_machine.ram);
    address_space_init(&dt_machine.as_memory, &dt_machine.system, "memory");
    address_space_init(&dt_machine.as_io, &dt_machine.io, "I/O");
    if (!tcg_exec_init(64 << 20, false, backend ? backend : "x86_64", err)) {
        return false;
    }
    dt_cpu = pc_cpu_create(&dt_machine, 0, err);
    if (!dt_cpu) {
        return false;
    }
    dt_ops = *dt_cpu->ops;
    dt_ops.do_interrupt = dt_catch_exception;
    dt_cpu->ops = &dt_ops;
    dt_build_page_tables();
    return true;
}

/* A flat segment of privilege DPL: base 0, 4 GiB, TYPE, extra FLAGS. */
static void dt_load_seg(SegmentCache *sc, uint16_t selector, unsigned type,
                        int dpl, uint32_t flags)
{
    sc->selector = selector;
    sc->base = 0;
    sc->limit = 0xffffffff;
    sc->flags = DESC_P_MASK | DESC_S_MASK | DESC_G_MASK
                | type << DESC_TYPE_SHIFT | (uint32_t)dpl << DESC_DPL_SHIFT
                | flags;
}

/* Long mode with paging, CS for MODE at CPL, the registers of SEQ. */
static void dt_set_state(const DtSeq *seq)
{
    CPUX86State *env = dt_env();
    int cpl = seq->cpl;
    uint16_t cs = cpl ? (seq->mode == 64 ? 0x33 : 0x23) : 0x08;
    uint16_t ds = cpl ? 0x2b : 0x10;

    env->cr[0] = CR0_PE_MASK | CR0_PG_MASK | 0x10 /* ET */ | 0x20 /* NE */
                 | 0x10000 /* WP */;
    env->cr[3] = DT_PT_ADDR;
    env->cr[4] = 0x20; /* PAE */
    env->efer = MSR_EFER_LME | MSR_EFER_LMA;
    dt_load_seg(&env->segs[R_CS], cs, 0xb, cpl,
                seq->mode == 64 ? DESC_L_MASK : DESC_B_MASK);
    dt_load_seg(&env->segs[R_SS], ds, 0x3, cpl, DESC_B_MASK);
    /* What Linux gives a process: null DS/ES in 64-bit mode; the native
     * trampoline loads the flat data selector for compatibility mode. */
    if (cpl && seq->mode == 64) {
        ds = 0;
    }
    dt_load_seg(&env->segs[R_DS], ds, 0x3, cpl, DESC_B_MASK);
    dt_load_seg(&env->segs[R_ES], ds, 0x3, cpl, DESC_B_MASK);
    dt_load_seg(&env->segs[R_FS], 0, 0x3, cpl, DESC_B_MASK);
    dt_load_seg(&env->segs[R_GS], 0, 0x3, cpl, DESC_B_MASK);
    memcpy(env->regs, seq->init.r, sizeof(env->regs));
    env->eflags = IF_MASK;
    cpu_load_eflags(env, seq->init.rflags, 0);
    env->rip = DT_CODE_ADDR;
    env->exception_index = -1;
    cpu_x86_update_hflags(env);
    dt_cpu->halted = false;
    dt_cpu->exception_index = EXCP_NONE;
}

void dt_peregrine_run(const DtSeq *seq, DtResult *out)
{
    CPUX86State *env = dt_env();
    AddressSpace *as = &dt_machine.as_memory;
    int r;

    address_space_write(as, DT_CODE_ADDR, seq->code, seq->len + 1);
    address_space_write(as, DT_DATA_ADDR, seq->data, DT_DATA_SIZE);
    dt_set_state(seq);
    dt_vector = -1;
    r = cpu_exec(dt_cpu);
    memcpy(out->regs.r, env->regs, sizeof(out->regs.r));
    out->regs.rflags = cpu_compute_eflags(env);
    out->rip_off = env->rip - DT_CODE_ADDR;
    if (r == EXCP_HLT) {
        /* HLT at CPL 0 leaves rip after itself. */
        out->rip_off--;
        out->vector = out->rip_off == seq->len ? -1 : 256 + EXCP_HLT;
    } else if (dt_vector == 13 && out->rip_off == seq->len) {
        out->vector = -1;
    } else {
        out->vector = dt_vector >= 0 ? dt_vector : 256 + r;
    }
    address_space_read(as, DT_DATA_ADDR, out->data, DT_DATA_SIZE);
}
