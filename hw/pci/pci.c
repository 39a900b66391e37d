/*
 * PCI bus 0 and the i440FX-style host bridge (include/hw/pci/pci.h).
 *
 * CONFIG_ADDRESS (0xcf8, 32-bit only): bit 31 enable, bus 23:16, device
 * 15:11, function 10:8, register 7:2.  CONFIG_DATA (0xcfc-0xcff, 1, 2 or 4
 * bytes) reaches register + (port & 3) of the addressed function; with
 * the enable bit clear, another bus, or no function there, reads give all
 * ones and writes are dropped.  A byte access to 0xcf9 is the PIIX reset
 * control register (PIIX4 datasheet 4.1.17): writing bit 2 (RST_CPU)
 * resets the machine.
 */
#include <string.h>

#include <glib.h>

#include "hw/pci/pci.h"
#include "util/log.h"

#define CONFIG_ADDRESS_PORT 0xcf8
#define CONFIG_DATA_PORT    0xcfc
#define CONFIG_ENABLE       (1u << 31)
#define RCR_OFFSET          1 /* 0xcf9 in the 0xcf8 region */
#define RCR_RST_CPU         0x04
#define RCR_SYS_RST         0x02

struct PCIBus {
    Machine *machine;
    uint32_t config_address; /* last CONFIG_ADDRESS written */
    uint8_t rcr;             /* reset control register */
    PCIDevice *devices[256]; /* by devfn */
    PCIDevice host;          /* 00.0 */
    MemoryRegion addr_io;    /* 0xcf8-0xcfb */
    MemoryRegion data_io;    /* 0xcfc-0xcff */
};

void pci_register_device(PCIBus *bus, unsigned devfn, PCIDevice *d,
                         uint16_t vendor, uint16_t device, uint32_t class_code,
                         uint8_t revision)
{
    g_assert(devfn < 256 && !bus->devices[devfn]);
    d->config[PCI_VENDOR_ID] = vendor;
    d->config[PCI_VENDOR_ID + 1] = vendor >> 8;
    d->config[PCI_DEVICE_ID] = device;
    d->config[PCI_DEVICE_ID + 1] = device >> 8;
    d->config[PCI_REVISION_ID] = revision;
    d->config[PCI_CLASS_PROG] = class_code;
    d->config[PCI_CLASS_PROG + 1] = class_code >> 8;
    d->config[PCI_CLASS_PROG + 2] = class_code >> 16;
    d->wmask[PCI_COMMAND] = 0xff;
    d->wmask[PCI_INTERRUPT_LINE] = 0xff;
    bus->devices[devfn] = d;
}

/* The function CONFIG_ADDRESS selects, and its register in *REG. */
static PCIDevice *pci_selected(PCIBus *bus, hwaddr port_off, unsigned *reg)
{
    uint32_t a = bus->config_address;

    if (!(a & CONFIG_ENABLE) || ((a >> 16) & 0xff) != 0) {
        return NULL;
    }
    *reg = (a & 0xfc) + port_off;
    return bus->devices[(a >> 8) & 0xff];
}

static uint64_t pci_data_read(void *opaque, hwaddr addr, unsigned size)
{
    unsigned reg;
    PCIDevice *d = pci_selected(opaque, addr, &reg);
    uint64_t v = 0;

    if (!d) {
        return UINT64_MAX;
    }
    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)d->config[(reg + i) & 0xff] << (8 * i);
    }
    return v;
}

static void pci_data_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
    unsigned reg;
    PCIDevice *d = pci_selected(opaque, addr, &reg);

    if (!d) {
        return;
    }
    for (unsigned i = 0; i < size; i++) {
        unsigned r = (reg + i) & 0xff;
        uint8_t m = d->wmask[r];

        d->config[r] = (d->config[r] & ~m) | ((val >> (8 * i)) & m);
    }
    if (d->config_write) {
        d->config_write(d, reg, size);
    }
}

static const MemoryRegionOps pci_data_ops = {
    .read = pci_data_read,
    .write = pci_data_write,
    .valid = {.min_size = 1, .max_size = 4, .unaligned = true},
    .impl = {.min_size = 1, .max_size = 4, .unaligned = true},
};

static uint64_t pci_addr_read(void *opaque, hwaddr addr, unsigned size)
{
    PCIBus *bus = opaque;

    if (addr == 0 && size == 4) {
        return bus->config_address;
    }
    if (addr == RCR_OFFSET && size == 1) {
        return bus->rcr;
    }
    qlog_mask(LOG_GUEST_ERRORS, "pci: %u-byte read of port 0x%x\n", size,
              (unsigned)(CONFIG_ADDRESS_PORT + addr));
    return UINT64_MAX;
}

static void pci_addr_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
    PCIBus *bus = opaque;

    if (addr == 0 && size == 4) {
        bus->config_address = val;
    } else if (addr == RCR_OFFSET && size == 1) {
        bus->rcr = val & RCR_SYS_RST;
        if (val & RCR_RST_CPU) {
            machine_request_shutdown(bus->machine, SHUTDOWN_GUEST_RESET, 0);
        }
    } else {
        qlog_mask(LOG_GUEST_ERRORS, "pci: %u-byte write of port 0x%x\n", size,
                  (unsigned)(CONFIG_ADDRESS_PORT + addr));
    }
}

static const MemoryRegionOps pci_addr_ops = {
    .read = pci_addr_read,
    .write = pci_addr_write,
    .valid = {.min_size = 1, .max_size = 4, .unaligned = true},
    .impl = {.min_size = 1, .max_size = 4, .unaligned = true},
};

PCIBus *pci_i440fx_init(Machine *m)
{
    PCIBus *bus = g_new0(PCIBus, 1);

    bus->machine = m;
    /* 82441FX PMC: host bridge class 06.00.00, revision 2. */
    pci_register_device(bus, PCI_DEVFN(0, 0), &bus->host, 0x8086, 0x1237,
                        0x060000, 0x02);
    memory_region_init_io(&bus->addr_io, "pci-conf-addr", &pci_addr_ops, bus,
                          4);
    memory_region_add_subregion(&m->io, CONFIG_ADDRESS_PORT, &bus->addr_io);
    memory_region_init_io(&bus->data_io, "pci-conf-data", &pci_data_ops, bus,
                          4);
    memory_region_add_subregion(&m->io, CONFIG_DATA_PORT, &bus->data_io);
    return bus;
}
