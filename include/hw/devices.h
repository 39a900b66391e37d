/*
 * Device constructors used by the boards.  Each device is one file in
 * hw/<kind>/ with its state, reset and register callbacks; its _init maps
 * it into the machine.
 */
#ifndef HW_DEVICES_H
#define HW_DEVICES_H

#include <stdint.h>

#include "hw/machine.h"

/* isa-debug-exit at IOBASE (IOSIZE ports): a write exits the emulator. */
void debugexit_init(Machine *m, uint16_t iobase, uint16_t iosize);

/* The port 0xe9 debug console writing to CHR. */
void debugcon_init(Machine *m, Chardev *chr);

/* A 16550A UART named NAME at IOBASE writing to CHR (may be NULL). */
void serial_init(Machine *m, const char *name, uint16_t iobase, Chardev *chr);

#endif /* HW_DEVICES_H */
