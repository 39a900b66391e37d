/*
 * The x86 CPU as the execution engine sees it (CPUTargetOps) and as the pc
 * board creates it (include/hw/i386/x86-cpu-board.h).
 *
 * What is here: translation hooks (translate.c), event delivery and HLT
 * wake-up (excp_helper.c), the MMU index and the page walk
 * (mmu_helper.c), and the state a kernel starts in.
 */
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "exec/exec-all.h"
#include "hw/i386/x86-cpu-board.h"
#include "target/i386/helper.h"
#include "target/i386/translate.h"
#include "util/error.h"
#include "util/log.h"

static X86CPU *x86_cpu(CPUState *cpu)
{
    return (X86CPU *)cpu;
}

/* The MMU index from hflags only, so it matches the TB key (cpu.h). */
static int x86_mmu_index(CPUState *cpu, bool ifetch)
{
    uint32_t hf = x86_cpu(cpu)->env.hflags;

    if ((hf & HF_CPL_MASK) == 3) {
        return MMU_USER_IDX;
    }
    return (hf & HF_AC_MASK) ? MMU_KNOSMAP_IDX : MMU_KSMAP_IDX;
}

static const CPUTargetOps x86_cpu_ops = {
    .name = "x86_64",
    .translate_code = x86_translate_code,
    .get_tb_cpu_state = x86_get_tb_cpu_state,
    .restore_state_to_opc = x86_restore_state_to_opc,
    .synchronize_from_tb = x86_synchronize_from_tb,
    .exec_interrupt = x86_cpu_exec_interrupt,
    .do_interrupt = x86_cpu_do_interrupt,
    .tlb_fill = x86_cpu_tlb_fill,
    .mmu_index = x86_mmu_index,
    .has_work = x86_cpu_has_work,
};

CPUState *x86_cpu_create(const X86CPUConfig *cfg, int index, char **err)
{
    static bool tcg_globals_made;
    const X86CPUModel *model = x86_cpu_model_by_name(cfg->model);
    X86CPU *cpu;

    if (!model) {
        *err = g_strdup_printf("-cpu %s: unknown CPU model", cfg->model);
        return NULL;
    }
    if (cfg->features && cfg->features->len) {
        *err = g_strdup_printf("-cpu %s,%s: feature flags are not "
                               "implemented yet",
                               cfg->model,
                               (char *)g_ptr_array_index(cfg->features, 0));
        return NULL;
    }
    cpu = g_new0(X86CPU, 1);
    cpu->env.model = model;
    cpu->io_as = cfg->io;
    cpu_x86_reset(&cpu->env);
    cpu_common_init(&cpu->parent, &x86_cpu_ops, &cpu->env, cfg->memory, index);
    if (index != 0) {
        /* Application processors wait for INIT and a startup IPI. */
        cpu->env.wait_sipi = true;
        cpu->parent.halted = true;
    }
    if (!tcg_globals_made) {
        x86_tcg_init();
        tcg_globals_made = true;
    }
    return &cpu->parent;
}

/* A flat 4 GiB segment: base 0, limit 4 GiB - 1, 32-bit, page granular. */
static void load_flat_seg(SegmentCache *sc, uint16_t selector, unsigned type)
{
    sc->selector = selector;
    sc->base = 0;
    sc->limit = 0xffffffff;
    sc->flags = DESC_P_MASK | DESC_S_MASK | DESC_B_MASK | DESC_G_MASK
                | type << DESC_TYPE_SHIFT;
}

uint64_t x86_cpu_get_tsc(CPUState *cs)
{
    return cpu_x86_get_tsc(&x86_cpu(cs)->env);
}

bool x86_cpu_has_tsc_deadline(CPUState *cs)
{
    const CPUX86State *env = &x86_cpu(cs)->env;

    return env->model
           && (env->model->features & X86_FEAT_BIT(X86_FEAT_TSC_DEADLINE));
}

void x86_cpu_set_a20(CPUState *cs, bool enabled)
{
    CPUX86State *env = &x86_cpu(cs)->env;
    uint64_t mask = enabled ? ~UINT64_C(0) : ~(UINT64_C(1) << 20);

    if (env->a20_mask != mask) {
        env->a20_mask = mask;
        tlb_flush(cs);
    }
}

void x86_cpu_apply_boot_entry(CPUState *cs, const BootEntry *entry)
{
    /* SDM vol. 3, 2.5: CR0.ET is fixed to 1; CR4.PAE (bit 5) for IA-32e. */
    const uint64_t cr0_et = 1u << 4, cr4_pae = 1u << 5;
    CPUX86State *env = &x86_cpu(cs)->env;

    switch (entry->kind) {
    case BOOT_ENTRY_RESET:
        return;
    case BOOT_ENTRY_MULTIBOOT:
        /* Multiboot spec 3.2: CS execute/read, the others read/write, all
         * flat; CR0.PE set, paging off; IF and VM clear. */
        load_flat_seg(&env->segs[R_CS], 0x08, 0xb);
        for (int seg = 0; seg < X86_NB_SEGS; seg++) {
            if (seg != R_CS) {
                load_flat_seg(&env->segs[seg], 0x10, 0x3);
            }
        }
        env->cr[0] = (env->cr[0] & ~CR0_PG_MASK) | CR0_PE_MASK;
        env->regs[R_EAX] = entry->eax;
        env->regs[R_EBX] = entry->ebx;
        break;
    case BOOT_ENTRY_LINUX32:
    case BOOT_ENTRY_LINUX64:
        /* Linux boot.rst, "32-bit/64-bit boot protocol": the caches match
         * the descriptors the loader wrote at gdt_base. */
        load_flat_seg(&env->segs[R_CS], LINUX_BOOT_CS, 0xb);
        for (int seg = 0; seg < X86_NB_SEGS; seg++) {
            if (seg != R_CS) {
                load_flat_seg(&env->segs[seg], LINUX_BOOT_DS, 0x3);
            }
        }
        env->gdt.base = entry->gdt_base;
        env->gdt.limit = entry->gdt_limit;
        env->cr[0] = CR0_PE_MASK | cr0_et;
        if (entry->kind == BOOT_ENTRY_LINUX64) {
            env->segs[R_CS].flags =
                (env->segs[R_CS].flags & ~DESC_B_MASK) | DESC_L_MASK;
            env->cr[3] = entry->cr3;
            env->cr[4] |= cr4_pae;
            env->efer |= MSR_EFER_LME | MSR_EFER_LMA;
            env->cr[0] |= CR0_PG_MASK;
        }
        for (int r = 0; r < X86_NB_REGS; r++) {
            env->regs[r] = 0;
        }
        env->regs[R_ESI] = entry->rsi;
        break;
    }
    env->rip = entry->eip;
    env->eflags = 0;
    cpu_x86_update_hflags(env);
}
