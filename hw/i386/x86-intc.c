/*
 * PLACEHOLDER for the interrupt controllers (include/hw/i386/x86-intc.h):
 * the board has no PIC or local APIC yet, so no vector is ever pending,
 * the APIC MSRs are absent (#GP) and CR8 reads back what was written.
 * The PC platform work replaces this file with the real dispatch.
 */
#include "hw/i386/x86-intc.h"

static uint64_t cr8_value;

int x86_intc_get_vector(CPUState *cpu)
{
    return -1;
}

bool x86_apic_msr_read(CPUState *cpu, uint32_t msr, uint64_t *val)
{
    return false;
}

bool x86_apic_msr_write(CPUState *cpu, uint32_t msr, uint64_t val)
{
    return false;
}

uint64_t x86_apic_get_cr8(CPUState *cpu)
{
    return cr8_value;
}

void x86_apic_set_cr8(CPUState *cpu, uint64_t val)
{
    cr8_value = val & 0xf;
}

void x86_apic_reset(CPUState *cpu, bool init)
{
}

int x86_apic_sipi_vector(CPUState *cpu)
{
    return 0;
}
