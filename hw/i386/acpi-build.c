/*
 * The pc machine's ACPI tables (include/hw/i386/acpi-build.h), laid out
 * from ACPI_TABLES_BASE:
 *
 *   RSDP (ACPI 2.0, 36 bytes, 16-byte aligned) -> RSDT and XSDT
 *   FACS (64-byte aligned; required without HW_REDUCED_ACPI)
 *   DSDT: \_SB.PCI0 (PNP0A03, bus 0, its I/O and memory windows, _PRT
 *         routing slot s pin p to GSI 16 + ((s + p) & 3)), the ISA
 *         devices under it (keyboard, mouse, RTC, COM1), and \_S5
 *   FACP (revision 3, 244 bytes): PM1a event/control and the PM timer of
 *         the PIIX4 PM function, the SCI, the reset register
 *   APIC (MADT): one local APIC per CPU, the IOAPIC, overrides IRQ0 ->
 *         GSI 2 and the SCI level/active-high, LINT1 as NMI
 *   HPET, when the machine has one
 *
 * Field offsets and values are from the ACPI 6.x specification, chapter
 * 5.2.  Every table's checksum makes its bytes sum to 0.
 */
#include <string.h>

#include <glib.h>

#include "hw/acpi/aml.h"
#include "hw/i386/acpi-build.h"
#include "util/bytes.h"

#define ACPI_OEM_ID       "PEREGR"
#define ACPI_OEM_TABLE_ID "PEREGRIN"
#define ACPI_CREATOR_ID   "PRGN"
#define ACPI_HEADER_SIZE  36
#define ACPI_FADT_SIZE    244
#define ACPI_FACS_SIZE    64

/* FADT flags (5.2.9, table 5.10). */
#define FADT_WBINVD        (1u << 0)
#define FADT_PROC_C1       (1u << 2)
#define FADT_PWR_BUTTON    (1u << 4) /* no fixed-feature power button */
#define FADT_SLP_BUTTON    (1u << 5)
#define FADT_FIX_RTC       (1u << 6)
#define FADT_TMR_VAL_EXT   (1u << 8)
#define FADT_RESET_REG_SUP (1u << 10)
/* IAPC_BOOT_ARCH: legacy ISA devices and an 8042 are present. */
#define FADT_BOOT_LEGACY_DEVICES (1u << 0)
#define FADT_BOOT_8042           (1u << 1)

#define GAS_SYSTEM_IO 1

/* MADT structures (5.2.12). */
enum {
    MADT_LOCAL_APIC = 0,
    MADT_IO_APIC = 1,
    MADT_INT_OVERRIDE = 2,
    MADT_LOCAL_APIC_NMI = 4,
};
#define MADT_PCAT_COMPAT      1u
#define MADT_FLAGS_LEVEL_HIGH 0x000d /* polarity 01 high, trigger 11 level */

#define PCI_GSI_BASE 16
#define PCI_MMIO_END 0xfebfffffu

static uint8_t checksum(const uint8_t *p, size_t len)
{
    uint8_t sum = 0;

    while (len--) {
        sum += *p++;
    }
    return -sum;
}

/* -- Building into one buffer ---------------------------------------------- */

typedef struct Tables {
    GByteArray *buf; /* bytes from ACPI_TABLES_BASE */
} Tables;

/* Room for LEN bytes at the next ALIGN boundary; returns its offset. */
static unsigned tables_alloc(Tables *t, size_t len, unsigned align)
{
    unsigned old = t->buf->len;
    unsigned off = (old + align - 1) & ~(align - 1);

    g_byte_array_set_size(t->buf, off + len);
    memset(t->buf->data + old, 0, off + len - old);
    return off;
}

static uint32_t addr_of(unsigned off)
{
    return ACPI_TABLES_BASE + off;
}

/* A table of LEN bytes with its header filled (checksum at the end). */
static unsigned table_begin(Tables *t, const char *sig, size_t len, uint8_t rev)
{
    unsigned off = tables_alloc(t, len, 16);
    uint8_t *h = t->buf->data + off;

    memcpy(h, sig, 4);
    put_le32(h + 4, len);
    h[8] = rev;
    memcpy(h + 10, ACPI_OEM_ID, 6);
    memcpy(h + 16, ACPI_OEM_TABLE_ID, 8);
    put_le32(h + 24, 1);
    memcpy(h + 28, ACPI_CREATOR_ID, 4);
    put_le32(h + 32, 1);
    return off;
}

static void table_end(Tables *t, unsigned off)
{
    uint8_t *h = t->buf->data + off;
    uint32_t len = h[4] | h[5] << 8 | h[6] << 16 | (uint32_t)h[7] << 24;

    h[9] = 0;
    h[9] = checksum(h, len);
}

/* -- DSDT ------------------------------------------------------------------ */

static void dsdt_isa_device(Aml *a, const char *name, const char *hid,
                            const uint16_t *ports, const uint8_t *lens,
                            unsigned nb_ports, int irq)
{
    aml_device_begin(a, name);
    aml_name(a, "_HID");
    aml_eisaid(a, hid);
    aml_name(a, "_CRS");
    aml_buffer_begin(a);
    for (unsigned i = 0; i < nb_ports; i++) {
        aml_res_io(a, ports[i], lens[i]);
    }
    if (irq >= 0) {
        aml_res_irq(a, irq);
    }
    aml_res_end(a);
    aml_end(a);
    aml_end(a);
}

static void dsdt_pci_root(Aml *a, const AcpiConfig *cfg)
{
    static const uint16_t kbd_ports[] = {0x60, 0x64};
    static const uint8_t kbd_lens[] = {1, 1};
    static const uint16_t rtc_ports[] = {0x70};
    static const uint8_t rtc_lens[] = {2};
    static const uint16_t com1_ports[] = {0x3f8};
    static const uint8_t com1_lens[] = {8};

    aml_device_begin(a, "PCI0");
    aml_name(a, "_HID");
    aml_eisaid(a, "PNP0A03");
    aml_name(a, "_ADR");
    aml_integer(a, 0);
    aml_name(a, "_UID");
    aml_integer(a, 0);
    aml_name(a, "_CRS");
    aml_buffer_begin(a);
    aml_res_word_bus(a, 0, 0xff);
    aml_res_io(a, 0xcf8, 8);
    aml_res_word_io(a, 0x0000, 0x0cf7);
    aml_res_word_io(a, 0x0d00, 0xffff);
    aml_res_dword_mem(a, 0xa0000, 0xbffff);
    aml_res_dword_mem(a, cfg->below_4g, PCI_MMIO_END);
    aml_res_end(a);
    aml_end(a);

    /* _PRT: Package { address 0xssssFFFF, pin, source 0, GSI }. */
    aml_name(a, "_PRT");
    aml_package_begin(a, 31 * 4);
    for (unsigned slot = 1; slot < 32; slot++) {
        for (unsigned pin = 0; pin < 4; pin++) {
            aml_package_begin(a, 4);
            aml_integer(a, (uint64_t)slot << 16 | 0xffff);
            aml_integer(a, pin);
            aml_integer(a, 0);
            aml_integer(a, PCI_GSI_BASE + ((slot + pin) & 3));
            aml_end(a);
        }
    }
    aml_end(a);

    aml_device_begin(a, "ISA");
    aml_name(a, "_ADR");
    aml_integer(a, 0x00010000); /* device 1, function 0 */
    dsdt_isa_device(a, "KBD", "PNP0303", kbd_ports, kbd_lens, 2, 1);
    dsdt_isa_device(a, "MOU", "PNP0F13", NULL, NULL, 0, 12);
    dsdt_isa_device(a, "RTC", "PNP0B00", rtc_ports, rtc_lens, 1, 8);
    dsdt_isa_device(a, "COM1", "PNP0501", com1_ports, com1_lens, 1, 4);
    aml_end(a);
    aml_end(a);
}

static unsigned build_dsdt(Tables *t, const AcpiConfig *cfg)
{
    Aml a;
    unsigned off;

    aml_init(&a);
    aml_scope_begin(&a, "\\_SB");
    dsdt_pci_root(&a, cfg);
    aml_end(&a);
    /* \_S5: SLP_TYPa, SLP_TYPb, two reserved. */
    aml_name(&a, "\\_S5");
    aml_package_begin(&a, 4);
    aml_integer(&a, cfg->s5_slp_typ);
    aml_integer(&a, cfg->s5_slp_typ);
    aml_integer(&a, 0);
    aml_integer(&a, 0);
    aml_end(&a);

    off = table_begin(t, "DSDT", ACPI_HEADER_SIZE + a.buf->len, 2);
    memcpy(t->buf->data + off + ACPI_HEADER_SIZE, a.buf->data, a.buf->len);
    table_end(t, off);
    aml_free(&a);
    return off;
}

/* -- FADT, MADT, HPET ------------------------------------------------------ */

/* A Generic Address Structure for an I/O port block of BYTES. */
static void put_gas_io(uint8_t *p, uint16_t port, unsigned bytes)
{
    if (!port) {
        return;
    }
    p[0] = GAS_SYSTEM_IO;
    p[1] = bytes * 8;
    p[2] = 0;
    p[3] = bytes == 1 ? 1 : bytes == 2 ? 2 : 3; /* access size */
    put_le64(p + 4, port);
}

static unsigned build_fadt(Tables *t, const AcpiConfig *cfg, unsigned facs,
                           unsigned dsdt)
{
    unsigned off = table_begin(t, "FACP", ACPI_FADT_SIZE, 3);
    uint8_t *f = t->buf->data + off;
    uint32_t flags = FADT_WBINVD | FADT_PROC_C1 | FADT_PWR_BUTTON
                     | FADT_SLP_BUTTON | FADT_FIX_RTC | FADT_RESET_REG_SUP;

    if (cfg->pm_timer_32bit) {
        flags |= FADT_TMR_VAL_EXT;
    }
    /* FIRMWARE_CTRL stays 0: X_FIRMWARE_CTRL gives the FACS (ACPI 5.0,
     * 5.2.9: with X_FIRMWARE_CTRL set, FIRMWARE_CTRL must be zero; Linux
     * installs the FACS twice when both are set). */
    put_le32(f + 40, addr_of(dsdt));
    put_le16(f + 46, cfg->sci_irq);
    /* SMI_CMD 0: the hardware is always in ACPI mode (SCI_EN reads 1). */
    put_le32(f + 56, cfg->pm_base);     /* PM1a_EVT_BLK */
    put_le32(f + 64, cfg->pm_base + 4); /* PM1a_CNT_BLK */
    put_le32(f + 76, cfg->pm_base + 8); /* PM_TMR_BLK */
    f[88] = 4;                          /* PM1_EVT_LEN */
    f[89] = 2;                          /* PM1_CNT_LEN */
    f[91] = 4;                          /* PM_TMR_LEN */
    put_le16(f + 96, 0xfff);            /* C2 not supported */
    put_le16(f + 98, 0xfff);            /* C3 not supported */
    put_le16(f + 109, FADT_BOOT_LEGACY_DEVICES | FADT_BOOT_8042);
    put_le32(f + 112, flags);
    put_gas_io(f + 116, cfg->reset_port, 1);
    f[128] = cfg->reset_value;
    put_le64(f + 132, addr_of(facs));
    put_le64(f + 140, addr_of(dsdt));
    put_gas_io(f + 148, cfg->pm_base, 4);
    put_gas_io(f + 172, cfg->pm_base + 4, 2);
    put_gas_io(f + 208, cfg->pm_base + 8, 4);
    table_end(t, off);
    return off;
}

static unsigned build_madt(Tables *t, const AcpiConfig *cfg)
{
    size_t len = ACPI_HEADER_SIZE + 8 + cfg->nb_cpus * 8 + 12 + 2 * 10 + 6;
    unsigned off = table_begin(t, "APIC", len, 3);
    uint8_t *p = t->buf->data + off + ACPI_HEADER_SIZE;

    put_le32(p, ACPI_LAPIC_ADDR);
    put_le32(p + 4, MADT_PCAT_COMPAT);
    p += 8;
    for (unsigned i = 0; i < cfg->nb_cpus; i++, p += 8) {
        p[0] = MADT_LOCAL_APIC;
        p[1] = 8;
        p[2] = i;           /* ACPI processor UID */
        p[3] = i;           /* APIC id */
        put_le32(p + 4, 1); /* enabled */
    }
    p[0] = MADT_IO_APIC;
    p[1] = 12;
    p[2] = cfg->nb_cpus; /* IOAPIC id after the CPUs' */
    put_le32(p + 4, ACPI_IOAPIC_ADDR);
    put_le32(p + 8, 0); /* GSI base */
    p += 12;
    /* ISA IRQ 0 (PIT) is IOAPIC pin 2; the SCI is level, active high. */
    p[0] = MADT_INT_OVERRIDE;
    p[1] = 10;
    p[2] = 0;
    p[3] = 0;
    put_le32(p + 4, 2);
    put_le16(p + 8, 0);
    p += 10;
    p[0] = MADT_INT_OVERRIDE;
    p[1] = 10;
    p[2] = 0;
    p[3] = cfg->sci_irq;
    put_le32(p + 4, cfg->sci_irq);
    put_le16(p + 8, MADT_FLAGS_LEVEL_HIGH);
    p += 10;
    p[0] = MADT_LOCAL_APIC_NMI;
    p[1] = 6;
    p[2] = 0xff; /* all processors */
    put_le16(p + 3, 0);
    p[5] = 1; /* LINT1 */
    table_end(t, off);
    return off;
}

/* HPET table (IA-PC HPET specification 1.0a, 3.2.4). */
static unsigned build_hpet(Tables *t)
{
    unsigned off = table_begin(t, "HPET", ACPI_HEADER_SIZE + 20, 1);
    uint8_t *p = t->buf->data + off + ACPI_HEADER_SIZE;

    /* Event timer block id: PCI vendor 8086, legacy-capable, 3 comparators,
     * 64-bit counter, revision 1 (as the capabilities register says). */
    put_le32(p, 0x8086a201);
    p[4] = 0; /* GAS: system memory */
    p[5] = 64;
    put_le64(p + 8, ACPI_HPET_ADDR);
    p[16] = 0;              /* HPET number */
    put_le16(p + 17, 0x80); /* minimum clock tick */
    p[19] = 0;              /* no page protection */
    table_end(t, off);
    return off;
}

/* -- RSDP, RSDT, XSDT ------------------------------------------------------ */

uint64_t acpi_build(Machine *m, const AcpiConfig *cfg)
{
    Tables t = {.buf = g_byte_array_new()};
    unsigned rsdp, facs, dsdt, tables[4], nb = 0, rsdt, xsdt;
    uint8_t *p;

    rsdp = tables_alloc(&t, 36, 16);
    facs = tables_alloc(&t, ACPI_FACS_SIZE, 64);
    memcpy(t.buf->data + facs, "FACS", 4);
    put_le32(t.buf->data + facs + 4, ACPI_FACS_SIZE);
    t.buf->data[facs + 32] = 2; /* version */
    dsdt = build_dsdt(&t, cfg);
    tables[nb++] = build_fadt(&t, cfg, facs, dsdt);
    tables[nb++] = build_madt(&t, cfg);
    if (cfg->hpet) {
        tables[nb++] = build_hpet(&t);
    }

    rsdt = table_begin(&t, "RSDT", ACPI_HEADER_SIZE + nb * 4, 1);
    for (unsigned i = 0; i < nb; i++) {
        put_le32(t.buf->data + rsdt + ACPI_HEADER_SIZE + i * 4,
                 addr_of(tables[i]));
    }
    table_end(&t, rsdt);
    xsdt = table_begin(&t, "XSDT", ACPI_HEADER_SIZE + nb * 8, 1);
    for (unsigned i = 0; i < nb; i++) {
        put_le64(t.buf->data + xsdt + ACPI_HEADER_SIZE + i * 8,
                 addr_of(tables[i]));
    }
    table_end(&t, xsdt);

    /* RSDP (5.2.5.3): the first checksum covers 20 bytes, the extended
     * one all 36. */
    p = t.buf->data + rsdp;
    memcpy(p, "RSD PTR ", 8);
    memcpy(p + 9, ACPI_OEM_ID, 6);
    p[15] = 2;
    put_le32(p + 16, addr_of(rsdt));
    put_le32(p + 20, 36);
    put_le64(p + 24, addr_of(xsdt));
    p[8] = checksum(p, 20);
    p[32] = checksum(p, 36);

    g_assert(t.buf->len <= ACPI_TABLES_SIZE);
    address_space_write(&m->as_memory, ACPI_TABLES_BASE, t.buf->data,
                        t.buf->len);
    g_byte_array_unref(t.buf);
    return addr_of(rsdp);
}
