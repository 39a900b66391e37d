/*
 * Device constructors used by the boards.  Each device is one file in
 * hw/<kind>/ with its state, reset and register callbacks; its _init maps
 * it into the machine.
 */
#ifndef HW_DEVICES_H
#define HW_DEVICES_H

#include <stdint.h>

#include "hw/irq.h"
#include "hw/machine.h"

/* isa-debug-exit at IOBASE (IOSIZE ports): a write exits the emulator. */
void debugexit_init(Machine *m, uint16_t iobase, uint16_t iosize);

/* The port 0xe9 debug console writing to CHR. */
void debugcon_init(Machine *m, Chardev *chr);

/*
 * A 16550A UART named NAME at IOBASE connected to CHR (may be NULL: no
 * output, no input), interrupting on IRQ.
 */
void serial_init(Machine *m, const char *name, uint16_t iobase, Chardev *chr,
                 IRQLine *irq);

/* The 8254 PIT at 0x40-0x43 (channel 0 output on IRQ0) and port 0x61. */
void i8254_init(Machine *m, IRQLine *irq0);

/*
 * The MC146818 RTC and CMOS at 0x70/0x71 on IRQ8, started as -rtc says,
 * with the memory size bytes for M's RAM.
 */
void mc146818_init(Machine *m, IRQLine *irq8);

/*
 * The i8042 keyboard controller at 0x60/0x64 with a PS/2 keyboard:
 * keyboard bytes on IRQ1, aux bytes on IRQ12, output port bit 1 on A20.
 */
void i8042_init(Machine *m, IRQLine *irq1, IRQLine *irq12, IRQLine *a20);

/* Port 0x92: fast reset (bit 0) and A20 (bit 1, on the A20 line). */
void port92_init(Machine *m, IRQLine *a20);

/*
 * The HPET at ACPI_HPET_ADDR.  The PIT's IRQ0 and the RTC's IRQ8 pass
 * through it (its legacy replacement mode takes those lines over):
 * *PIT_IRQ and *RTC_IRQ are the lines those devices must drive.
 */
void hpet_init(Machine *m, IRQLine **pit_irq, IRQLine **rtc_irq);

#endif /* HW_DEVICES_H */
