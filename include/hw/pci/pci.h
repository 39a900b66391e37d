/*
 * PCI bus 0 of the pc machine: an i440FX-style host bridge with
 * configuration mechanism #1 (PCI Local Bus 3.0, 3.2.2.3.2: address at
 * 0xcf8, data at 0xcfc-0xcff), and the functions on it (hw/pci/pci.c,
 * hw/pci/piix.c).
 *
 * A function is 256 bytes of configuration space plus a mask of the bits
 * the guest may write; its config_write hook runs after a write (to remap
 * a BAR-like register).  Context: called on the vCPU thread, the only
 * thread that runs device code (no lock is taken).
 */
#ifndef HW_PCI_PCI_H
#define HW_PCI_PCI_H

#include <stdint.h>

#include "hw/machine.h"

#define PCI_VENDOR_ID             0x00
#define PCI_DEVICE_ID             0x02
#define PCI_COMMAND               0x04
#define PCI_REVISION_ID           0x08
#define PCI_CLASS_PROG            0x09
#define PCI_HEADER_TYPE           0x0e
#define PCI_INTERRUPT_LINE        0x3c
#define PCI_INTERRUPT_PIN         0x3d
#define PCI_HEADER_MULTI_FUNCTION 0x80

#define PCI_DEVFN(slot, fn) ((slot) << 3 | (fn))

typedef struct PCIDevice PCIDevice;
struct PCIDevice {
    uint8_t config[256]; /* little-endian registers */
    uint8_t wmask[256];  /* bits the guest may change */
    /* After a guest write of LEN bytes at ADDR (may be NULL). */
    void (*config_write)(PCIDevice *d, unsigned addr, unsigned len);
    void *opaque; /* the function's own state */
};

typedef struct PCIBus PCIBus;

/*
 * The host bridge (8086:1237 at 00.0) and the configuration ports, plus
 * the PIIX reset control register at 0xcf9 (a byte write with bit 2 set
 * resets the machine).
 */
PCIBus *pci_i440fx_init(Machine *m);

/*
 * Put D at DEVFN on BUS with its identity; the rest of its config space
 * and wmask are the caller's.  The devfn must be free.
 */
void pci_register_device(PCIBus *bus, unsigned devfn, PCIDevice *d,
                         uint16_t vendor, uint16_t device, uint32_t class_code,
                         uint8_t revision);

/* The PIIX3 PCI-to-ISA bridge (8086:7000) at 01.0. */
void piix3_init(PCIBus *bus);

/*
 * The PIIX4 power-management function (8086:7113) at 01.3, its PM
 * register block at PM_BASE and enabled, as firmware would leave it:
 * PM1 status/enable/control (SLP_EN with SLP_TYP 0 = S5 powers off) and
 * the 24-bit ACPI PM timer at 3.579545 MHz counted from CLOCK_NS.
 */
void piix4_pm_init(Machine *m, PCIBus *bus, uint16_t pm_base,
                   int64_t (*clock_ns)(void));

#define PIIX4_PM_S5_SLP_TYP 0
#define PIIX4_PM_TIMER_BITS 24

#endif /* HW_PCI_PCI_H */
