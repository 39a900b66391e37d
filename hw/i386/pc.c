/*
 * The "pc" machine: an i440FX-style PC.  This file is the wiring: the
 * memory map, then one init call per device, then the boot image.  It
 * reads top to bottom.
 *
 * Memory map (as QEMU's pc machine):
 *   0 .. below_4g          RAM (below_4g = RAM size, or 3 GiB when RAM
 *                          would reach the 0xe0000000 PCI hole)
 *   0xa0000 .. 0xbffff     legacy VGA window over RAM (reads all ones
 *                          until a display exists)
 *   0xe0000 .. 0xfffff     the last 128 KiB of the BIOS image ("isa-bios")
 *   4 GiB - bios size      the BIOS image
 *   4 GiB ..               the rest of RAM
 * Ports: PIC 0x20/0xa0 and ELCR 0x4d0, PIT 0x40 and port 0x61, RTC 0x70,
 * i8042 0x60/0x64 (keyboard IRQ1, aux IRQ12), port 0x92; the A20 gate is
 * open while the i8042's output port or port 0x92 opens it,
 * COM1 0x3f8 (COM2-4 0x2f8, 0x3e8, 0x2e8), debugcon 0xe9, isa-debug-exit
 * where -device puts it.
 * Interrupts: ISA IRQ n goes to PIC input n and IOAPIC pin n, IRQ0 to
 * IOAPIC pin 2 (QEMU's and real chipsets' wiring, which the MADT's
 * interrupt source override describes).  COM1/COM3 on IRQ4, COM2/COM4 on
 * IRQ3, the PIT on IRQ0, the RTC on IRQ8 (both through the HPET, whose
 * legacy replacement mode takes IRQ0 and IRQ8 over).
 * MMIO: IOAPIC 0xfec00000, HPET 0xfed00000, local APICs 0xfee00000.
 */
#include <string.h>

#include <glib.h>

#include "exec/guest-image.h"
#include "hw/devices.h"
#include "hw/i386/acpi-build.h"
#include "hw/i386/boot.h"
#include "hw/i386/pc.h"
#include "hw/i386/x86-intc.h"
#include "hw/nvram/fw_cfg.h"
#include "hw/pci/pci.h"
#include "softmmu/timer.h"
#include "util/file.h"
#include "util/keyval.h"
#include "util/log.h"

#define PCI_HOLE_START   UINT64_C(0xe0000000)
#define LOWMEM_WITH_HOLE UINT64_C(0xc0000000)
#define FOUR_GIB         (UINT64_C(1) << 32)
#define PHYS_ADDR_SPACE  (UINT64_C(1) << 40)
#define IO_SPACE_SIZE    0x10000
#define VGA_WINDOW       0xa0000
#define VGA_WINDOW_SIZE  0x20000
#define ISA_BIOS_SIZE    0x20000
#define ISA_BIOS_BASE    0x100000 - ISA_BIOS_SIZE
#define PM_IO_BASE       0x600 /* PIIX4 PM block, as SeaBIOS puts it */
#define SCI_IRQ          9
#define PCI_RESET_PORT   0xcf9 /* PIIX reset control register */
#define PCI_RESET_VALUE  0x06  /* RST_CPU | SYS_RST: a hard reset */

static const uint16_t serial_ports[MAX_SERIAL_PORTS] = {
    0x3f8,
    0x2f8,
    0x3e8,
    0x2e8,
};
static const char *const serial_names[MAX_SERIAL_PORTS] = {
    "serial0",
    "serial1",
    "serial2",
    "serial3",
};
static const int serial_irqs[MAX_SERIAL_PORTS] = {4, 3, 4, 3};

#define KBD_IRQ 1
#define AUX_IRQ 12

/* The A20 inputs: the i8042's output port and port 0x92, ORed. */
enum { A20_I8042, A20_PORT92, A20_INPUTS };
static bool a20_in[A20_INPUTS];

static bool G_GNUC_PRINTF(2, 3) fail(char **err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    *err = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    return false;
}

/* -- Memory ------------------------------------------------------------- */

/* The legacy VGA window: nothing decodes it yet, as on a PC without VGA. */
static uint64_t vga_window_read(void *opaque, hwaddr addr, unsigned size)
{
    return UINT64_MAX;
}

static void vga_window_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
}

static const MemoryRegionOps vga_window_ops = {
    .read = vga_window_read,
    .write = vga_window_write,
    .valid = {.min_size = 1, .max_size = 8, .unaligned = true},
    .impl = {.min_size = 1, .max_size = 8, .unaligned = true},
};

static bool pc_memory_init(Machine *m, char **err)
{
    uint64_t ram = m->cfg->ram_size;
    static MemoryRegion vga_window;

    memory_region_init(&m->system, "system", PHYS_ADDR_SPACE);
    memory_region_init(&m->io, "io", IO_SPACE_SIZE);
    if (!memory_region_init_ram(&m->ram, "pc.ram", ram)) {
        return fail(err,
                    "-m: cannot allocate %" G_GUINT64_FORMAT
                    " MiB of guest RAM: %s",
                    ram >> 20, g_strerror(errno));
    }
    m->below_4g = ram >= PCI_HOLE_START ? LOWMEM_WITH_HOLE : ram;
    m->above_4g = ram - m->below_4g;
    memory_region_init_alias(&m->ram_below_4g, "ram-below-4g", &m->ram, 0,
                             m->below_4g);
    memory_region_add_subregion(&m->system, 0, &m->ram_below_4g);
    if (m->above_4g) {
        memory_region_init_alias(&m->ram_above_4g, "ram-above-4g", &m->ram,
                                 m->below_4g, m->above_4g);
        memory_region_add_subregion(&m->system, FOUR_GIB, &m->ram_above_4g);
    }
    memory_region_init_io(&vga_window, "vga-window", &vga_window_ops, NULL,
                          VGA_WINDOW_SIZE);
    memory_region_add_subregion_overlap(&m->system, VGA_WINDOW, &vga_window, 1);
    address_space_init(&m->as_memory, &m->system, "memory");
    address_space_init(&m->as_io, &m->io, "I/O");
    return true;
}

/* -- Devices ------------------------------------------------------------ */

/* An A20 input moved: open or close the gate of every CPU. */
static void pc_a20_handler(void *opaque, int n, int level)
{
    Machine *m = opaque;
    bool was = a20_in[A20_I8042] || a20_in[A20_PORT92];

    a20_in[n] = level;
    if ((a20_in[A20_I8042] || a20_in[A20_PORT92]) != was) {
        for (int i = 0; i < m->nb_cpus; i++) {
            x86_cpu_set_a20(m->cpus[i], !was);
        }
    }
}

static bool pc_open_chardev(const ChardevConfig *cfg, ChardevKind def,
                            const char *what, Chardev **out, char **err)
{
    g_autofree char *why = NULL;
    bool failed;

    *out = chardev_open(cfg, def, &failed, &why);
    if (failed) {
        return fail(err, "%s %s", what, why);
    }
    return true;
}

/* A numeric -device property, or DEF. */
static uint64_t device_prop(const DeviceConfig *d, const char *key,
                            uint64_t def)
{
    for (unsigned i = 1; i < d->props->len; i++) {
        KeyVal *p = &g_array_index(d->props, KeyVal, i);

        if (!strcmp(p->key, key)) {
            return g_ascii_strtoull(p->val, NULL, 0);
        }
    }
    return def;
}

/* The clock of the ACPI PM timer: guest time. */
static int64_t pc_pm_clock_ns(void)
{
    return clock_get_ns(CLOCK_VIRTUAL);
}

static void pc_pci_init(Machine *m)
{
    PCIBus *bus = pci_i440fx_init(m);

    piix3_init(bus);
    piix4_pm_init(m, bus, PM_IO_BASE, pc_pm_clock_ns);
}

static bool pc_devices_init(Machine *m, char **err)
{
    const MachineConfig *c = m->cfg;
    /* Without -serial, COM1 goes to stdio under -nographic, as in QEMU. */
    ChardevKind serial_default =
        c->nographic ? CHARDEV_MON_STDIO : CHARDEV_NULL;
    unsigned nb_serial = c->nb_serial ? c->nb_serial : 1;

    pc_pci_init(m);
    i8042_init(m, m->isa_irq[KBD_IRQ], m->isa_irq[AUX_IRQ],
               irq_new(pc_a20_handler, m, A20_I8042));
    port92_init(m, irq_new(pc_a20_handler, m, A20_PORT92));
    if (c->nodefaults && !c->nb_serial) {
        nb_serial = 0;
    }
    for (unsigned i = 0; i < nb_serial; i++) {
        if (!pc_open_chardev(&c->serial[i], serial_default, "-serial",
                             &m->serial[i], err)) {
            return false;
        }
        if (c->serial[i].kind != CHARDEV_NONE) {
            serial_init(m, serial_names[i], serial_ports[i], m->serial[i],
                        m->isa_irq[serial_irqs[i]]);
        }
    }
    if (c->debugcon.kind != CHARDEV_DEFAULT) {
        if (!pc_open_chardev(&c->debugcon, CHARDEV_NONE, "-debugcon",
                             &m->debugcon, err)) {
            return false;
        }
        if (c->debugcon.kind != CHARDEV_NONE) {
            debugcon_init(m, m->debugcon);
        }
    }
    for (unsigned i = 0; i < c->devices->len; i++) {
        const DeviceConfig *d = g_ptr_array_index(c->devices, i);

        if (!strcmp(d->driver, "isa-debug-exit")) {
            uint64_t base = device_prop(d, "iobase", 0x501);
            uint64_t size = device_prop(d, "iosize", 2);

            if (base > 0xffff || size == 0 || base + size > 0x10000) {
                return fail(
                    err,
                    "-device isa-debug-exit: iobase 0x%" G_GINT64_MODIFIER
                    "x / iosize 0x%" G_GINT64_MODIFIER
                    "x outside the I/O space",
                    base, size);
            }
            debugexit_init(m, base, size);
        }
    }
    return true;
}

/* -- Firmware configuration ------------------------------------------------ */

/* "etc/e820": the memory map as QEMU gives it to firmware (packed 20-byte
 * entries: address, length, type; little-endian). */
static void pc_fw_cfg_add_e820(FWCfgState *fw, Machine *m)
{
    E820Entry e820[E820_MAX_ENTRIES];
    unsigned n = pc_e820_table(m, e820);
    uint8_t table[E820_MAX_ENTRIES * 20];
    g_autofree char *err = NULL;

    for (unsigned i = 0; i < n; i++) {
        uint64_t addr = GUINT64_TO_LE(e820[i].addr);
        uint64_t size = GUINT64_TO_LE(e820[i].size);
        uint32_t type = GUINT32_TO_LE(e820[i].type);

        memcpy(table + i * 20, &addr, 8);
        memcpy(table + i * 20 + 8, &size, 8);
        memcpy(table + i * 20 + 16, &type, 4);
    }
    if (!fw_cfg_add_file(fw, "etc/e820", table, n * 20, &err)) {
        g_error("fw_cfg: %s", err);
    }
}

static bool pc_fw_cfg_init(Machine *m, char **err)
{
    const MachineConfig *c = m->cfg;
    static const uint8_t uuid[16];
    FWCfgState *fw = fw_cfg_init_io(m);

    fw_cfg_add_bytes(fw, FW_CFG_UUID, uuid, sizeof(uuid));
    fw_cfg_add_i64(fw, FW_CFG_RAM_SIZE, c->ram_size);
    fw_cfg_add_i16(fw, FW_CFG_NOGRAPHIC, c->nographic);
    fw_cfg_add_i16(fw, FW_CFG_NB_CPUS, c->smp_cpus);
    fw_cfg_add_i16(fw, FW_CFG_MAX_CPUS, c->smp_max_cpus);
    fw_cfg_add_i16(fw, FW_CFG_BOOT_MENU, c->boot_menu);
    pc_fw_cfg_add_e820(fw, m);
    for (unsigned i = 0; i < c->fw_cfg_files->len; i++) {
        const FwCfgFileConfig *f = g_ptr_array_index(c->fw_cfg_files, i);
        g_autofree char *data = NULL;
        g_autofree char *why = NULL;
        size_t len;

        if (f->file) {
            if (!file_read_all(f->file, &data, &len, &why)) {
                return fail(err, "-fw_cfg %s: %s", f->name, why);
            }
        } else {
            data = g_strdup(f->string);
            len = strlen(data);
        }
        if (!fw_cfg_add_file(fw, f->name, data, len, &why)) {
            return fail(err, "-fw_cfg %s: %s", f->name, why);
        }
    }
    return true;
}

/* -- Boot --------------------------------------------------------------- */

/* Load -kernel; ACPI_RSDP is where the ACPI tables start (for Linux). */
static bool pc_load_kernel(Machine *m, uint64_t acpi_rsdp, BootEntry *entry,
                           char **err)
{
    const MachineConfig *c = m->cfg;
    g_autofree char *image = NULL;
    g_autofree char *why = NULL;
    size_t len;

    entry->kind = BOOT_ENTRY_RESET;
    if (!c->kernel) {
        if (c->initrd || c->append) {
            return fail(err, "%s: needs -kernel",
                        c->initrd ? "-initrd" : "-append");
        }
        return true;
    }
    if (!file_read_all(c->kernel, &image, &len, &why)) {
        return fail(err, "-kernel %s", why);
    }
    guest_image_loaded((const uint8_t *)image, len);
    if (linux_probe((const uint8_t *)image, len)) {
        return linux_load(m, c->kernel, (const uint8_t *)image, len, acpi_rsdp,
                          false, entry, err);
    }
    if (multiboot_probe((const uint8_t *)image, len)) {
        if (!multiboot_load(m, c->kernel, (const uint8_t *)image, len, entry,
                            &why)) {
            return fail(err, "-kernel %s", why);
        }
        return true;
    }
    return fail(err,
                "-kernel %s: neither a Linux bzImage nor a multiboot "
                "kernel",
                c->kernel);
}

/* -- ACPI ------------------------------------------------------------------ */

static uint64_t pc_acpi_build(Machine *m)
{
    const AcpiConfig acpi = {
        .nb_cpus = m->cfg->smp_cpus,
        .pm_base = PM_IO_BASE,
        .sci_irq = SCI_IRQ,
        .pm_timer_32bit = PIIX4_PM_TIMER_BITS == 32,
        .s5_slp_typ = PIIX4_PM_S5_SLP_TYP,
        .reset_port = PCI_RESET_PORT,
        .reset_value = PCI_RESET_VALUE,
        .hpet = true,
        .below_4g = m->below_4g,
    };

    return acpi_build(m, &acpi);
}

/* -- The machine -------------------------------------------------------- */

bool pc_machine_init(Machine *m, BootEntry *entry, char **err)
{
    IRQLine *pit_irq, *rtc_irq;

    if (m->cfg->bios) {
        return fail(err,
                    "-bios %s: firmware boot is not implemented yet "
                    "(use -kernel)",
                    m->cfg->bios);
    }
    if (m->cfg->drives->len) {
        return fail(err, "disk images: the IDE controller is not "
                         "implemented yet");
    }
    if (!pc_memory_init(m, err)) {
        return false;
    }
    x86_intc_init(m);
    hpet_init(m, &pit_irq, &rtc_irq);
    i8254_init(m, pit_irq);
    mc146818_init(m, rtc_irq);
    return pc_devices_init(m, err) && pc_fw_cfg_init(m, err)
           && pc_load_kernel(m, pc_acpi_build(m), entry, err);
}

/* -- The CPUs' side (include/hw/i386/x86-cpu-board.h) ------------------- */

CPUState *pc_cpu_create(Machine *m, int index, char **err)
{
    X86CPUConfig cfg = {
        .model = m->cfg->cpu_model,
        .features = m->cfg->cpu_features,
        .memory = &m->as_memory,
        .io = &m->as_io,
    };

    return x86_cpu_create(&cfg, index, err);
}

void x86_board_triple_fault(CPUState *cpu)
{
    machine_request_shutdown(current_machine, SHUTDOWN_TRIPLE_FAULT, 0);
}
