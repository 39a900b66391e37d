/*
 * The x86 CPU's interrupt dispatch (include/hw/i386/x86-cpu-board.h, the part
 * that is not the local APIC's own registers) and the board's interrupt
 * wiring.
 *
 * As on a PC: the PICs' INTR reaches the boot CPU through LINT0 of its
 * local APIC (ExtINT, the "virtual wire"), or straight to the CPU when
 * that APIC is disabled in IA32_APIC_BASE.  Taking an interrupt asks the
 * APIC first; an ExtINT answer runs the PIC's acknowledge cycle.
 * ISA IRQ n drives PIC input n and IOAPIC pin n, except IRQ0 -> pin 2
 * (and IRQ2, the cascade, reaches no IOAPIC pin).
 */
#include <glib.h>

#include "hw/i386/x86-intc.h"
#include "hw/intc/apic.h"
#include "hw/intc/i8259.h"
#include "hw/intc/ioapic.h"
#include "target/i386/cpu.h"

#define BSP_INDEX       0
#define PIT_ISA_IRQ     0
#define PIT_IOAPIC_PIN  2
#define CASCADE_ISA_IRQ 2

static struct {
    Machine *machine;
    PICPair *pic;
    bool pic_intr; /* the PICs' INTR output */
} intc;

static CPUState *bsp(void)
{
    return intc.machine->nb_cpus ? intc.machine->cpus[BSP_INDEX] : NULL;
}

/* The PICs' INTR pin changed. */
static void pic_intr_handler(void *opaque, int n, int level)
{
    CPUState *cpu = bsp();

    intc.pic_intr = level;
    if (apic_hw_enabled(BSP_INDEX)) {
        apic_set_lint(BSP_INDEX, 0, level);
    } else if (cpu && level) {
        cpu_interrupt(cpu, CPU_INTERRUPT_HARD);
    } else if (cpu) {
        cpu_reset_interrupt(cpu, CPU_INTERRUPT_HARD);
    }
}

static void isa_irq_handler(void *opaque, int n, int level)
{
    Machine *m = opaque;

    irq_set(i8259_input(intc.pic, n), level);
    if (n != CASCADE_ISA_IRQ) {
        irq_set(m->ioapic_in[n == PIT_ISA_IRQ ? PIT_IOAPIC_PIN : n], level);
    }
}

void x86_intc_init(Machine *m)
{
    IRQLine **isa = irq_new_array(isa_irq_handler, m, ISA_NUM_IRQS);

    intc.machine = m;
    intc.pic = i8259_init(m, irq_new(pic_intr_handler, NULL, 0));
    ioapic_init(m);
    apic_init(m);
    for (int i = 0; i < ISA_NUM_IRQS; i++) {
        m->isa_irq[i] = isa[i];
    }
    g_free(isa);
}

int x86_intc_get_vector(CPUState *cpu)
{
    int v;

    if (apic_hw_enabled(cpu->cpu_index)) {
        v = apic_get_interrupt(cpu->cpu_index);
        return v == APIC_VECTOR_EXTINT ? i8259_acknowledge(intc.pic) : v;
    }
    if (cpu->cpu_index == BSP_INDEX && intc.pic_intr) {
        return i8259_acknowledge(intc.pic);
    }
    return -1;
}
