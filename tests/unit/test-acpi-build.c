/*
 * Unit tests of the ACPI tables (hw/i386/acpi-build.c and the AML emitter
 * hw/acpi/aml.c), read back from guest RAM the way an OS finds them:
 * the RSDP by scanning the BIOS area, then the XSDT and RSDT, every
 * checksum, the FADT's PM registers and reset register, the MADT's APICs
 * and overrides, and the DSDT's _S5.  Where ACPICA's iasl is installed,
 * it must disassemble the DSDT without errors.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "hw/i386/acpi-build.h"
#include "test-machine.h"

static const AcpiConfig test_cfg = {
    .nb_cpus = 3,
    .pm_base = 0x600,
    .sci_irq = 9,
    .pm_timer_32bit = false,
    .s5_slp_typ = 0,
    .reset_port = 0xcf9,
    .reset_value = 0x06,
    .hpet = true,
    .below_4g = 64 << 20,
};

static uint16_t get16(const uint8_t *p)
{
    return p[0] | p[1] << 8;
}

static uint32_t get32(const uint8_t *p)
{
    return get16(p) | (uint32_t)get16(p + 2) << 16;
}

static uint64_t get64(const uint8_t *p)
{
    return get32(p) | (uint64_t)get32(p + 4) << 32;
}

static uint8_t sum(const uint8_t *p, size_t len)
{
    uint8_t s = 0;

    while (len--) {
        s += *p++;
    }
    return s;
}

typedef struct Fixture {
    MachineConfig cfg;
    Machine *m;
    uint64_t rsdp;
} Fixture;

static void setup(Fixture *f, gconstpointer data)
{
    machine_config_init(&f->cfg);
    f->cfg.ram_size = 64 << 20;
    f->m = test_machine_new(&f->cfg);
    f->rsdp = acpi_build(f->m, &test_cfg);
}

static void teardown(Fixture *f, gconstpointer data)
{
    machine_config_free(&f->cfg);
}

/* A table by its address: checks its length and checksum. */
static const uint8_t *table(Fixture *f, uint64_t addr, const char *sig)
{
    const uint8_t *t = test_machine_ram(f->m, addr);

    g_assert_cmpmem(t, 4, sig, 4);
    g_assert_cmpuint(get32(t + 4), >=, 36);
    g_assert_cmpuint(sum(t, get32(t + 4)), ==, 0);
    return t;
}

/* The table with signature SIG listed in the XSDT, or NULL. */
static const uint8_t *find(Fixture *f, const char *sig)
{
    const uint8_t *rsdp = test_machine_ram(f->m, f->rsdp);
    const uint8_t *xsdt = table(f, get64(rsdp + 24), "XSDT");

    for (uint32_t off = 36; off < get32(xsdt + 4); off += 8) {
        const uint8_t *t = test_machine_ram(f->m, get64(xsdt + off));

        if (!memcmp(t, sig, 4)) {
            return table(f, get64(xsdt + off), sig);
        }
    }
    return NULL;
}

static void test_rsdp_found_by_scanning(Fixture *f, gconstpointer data)
{
    uint64_t found = 0;
    const uint8_t *p, *rsdt, *xsdt;

    for (uint64_t a = 0xe0000; a < 0x100000 && !found; a += 16) {
        if (!memcmp(test_machine_ram(f->m, a), "RSD PTR ", 8)) {
            found = a;
        }
    }
    g_assert_cmphex(found, ==, f->rsdp);
    p = test_machine_ram(f->m, found);
    g_assert_cmpuint(sum(p, 20), ==, 0);
    g_assert_cmpuint(p[15], ==, 2);
    g_assert_cmpuint(get32(p + 20), ==, 36);
    g_assert_cmpuint(sum(p, 36), ==, 0);
    rsdt = table(f, get32(p + 16), "RSDT");
    xsdt = table(f, get64(p + 24), "XSDT");
    g_assert_cmpuint((get32(rsdt + 4) - 36) / 4, ==, 3);
    g_assert_cmpuint((get32(xsdt + 4) - 36) / 8, ==, 3);
    for (unsigned i = 0; i < 3; i++) {
        g_assert_cmphex(get32(rsdt + 36 + i * 4), ==, get64(xsdt + 36 + i * 8));
    }
}

static void test_fadt_pm_and_reset(Fixture *f, gconstpointer data)
{
    const uint8_t *fadt = find(f, "FACP");
    const uint8_t *facs;

    g_assert_nonnull(fadt);
    g_assert_cmpuint(get32(fadt + 4), ==, 244);
    g_assert_cmpuint(get16(fadt + 46), ==, 9);    /* SCI_INT */
    g_assert_cmphex(get32(fadt + 56), ==, 0x600); /* PM1a_EVT */
    g_assert_cmphex(get32(fadt + 64), ==, 0x604); /* PM1a_CNT */
    g_assert_cmphex(get32(fadt + 76), ==, 0x608); /* PM_TMR */
    g_assert_cmpuint(fadt[89], ==, 2);
    g_assert_cmpuint(fadt[91], ==, 4);
    g_assert_cmphex(get32(fadt + 112) & (1u << 8), ==, 0);  /* 24-bit */
    g_assert_cmphex(get32(fadt + 112) & (1u << 10), !=, 0); /* reset reg */
    g_assert_cmpuint(fadt[116], ==, 1);                     /* I/O space */
    g_assert_cmphex(get64(fadt + 120), ==, 0xcf9);
    g_assert_cmphex(fadt[128], ==, 0x06);
    g_assert_cmphex(get64(fadt + 172 + 4), ==, 0x604); /* X_PM1a_CNT */
    g_assert_cmphex(get64(fadt + 140), ==, get32(fadt + 40));
    table(f, get32(fadt + 40), "DSDT");
    /* The FACS by X_FIRMWARE_CTRL only (FIRMWARE_CTRL must then be 0). */
    g_assert_cmphex(get32(fadt + 36), ==, 0);
    facs = test_machine_ram(f->m, get64(fadt + 132));
    g_assert_cmpmem(facs, 4, "FACS", 4);
    g_assert_cmphex(get64(fadt + 132) & 63, ==, 0);
}

static void test_madt_apics_and_overrides(Fixture *f, gconstpointer data)
{
    const uint8_t *madt = find(f, "APIC");
    unsigned lapics = 0, ioapics = 0;
    bool irq0_to_gsi2 = false, sci_level = false;

    g_assert_nonnull(madt);
    g_assert_cmphex(get32(madt + 36), ==, 0xfee00000);
    for (uint32_t off = 44; off < get32(madt + 4); off += madt[off + 1]) {
        const uint8_t *e = madt + off;

        g_assert_cmpuint(e[1], >=, 2);
        switch (e[0]) {
        case 0:
            g_assert_cmpuint(e[3], ==, lapics);
            g_assert_cmpuint(get32(e + 4) & 1, ==, 1);
            lapics++;
            break;
        case 1:
            g_assert_cmphex(get32(e + 4), ==, 0xfec00000);
            g_assert_cmpuint(get32(e + 8), ==, 0);
            ioapics++;
            break;
        case 2:
            irq0_to_gsi2 |= e[3] == 0 && get32(e + 4) == 2;
            sci_level |=
                e[3] == 9 && get32(e + 4) == 9 && get16(e + 8) == 0x000d;
            break;
        }
    }
    g_assert_cmpuint(lapics, ==, 3);
    g_assert_cmpuint(ioapics, ==, 1);
    g_assert_true(irq0_to_gsi2);
    g_assert_true(sci_level);
    g_assert_nonnull(find(f, "HPET"));
}

static const uint8_t *dsdt(Fixture *f, uint32_t *len)
{
    const uint8_t *fadt = find(f, "FACP");
    const uint8_t *d = table(f, get32(fadt + 40), "DSDT");

    *len = get32(d + 4);
    return d;
}

static void test_dsdt_has_s5(Fixture *f, gconstpointer data)
{
    uint32_t len;
    const uint8_t *d = dsdt(f, &len);
    const uint8_t *s5 = memmem(d, len, "_S5_", 4);

    g_assert_nonnull(s5);
    /* Name(\_S5, Package(4) { 0, 0, 0, 0 }): PackageOp, PkgLength, 4. */
    g_assert_cmphex(s5[4], ==, 0x12);
    g_assert_cmpuint(s5[6], ==, 4);
    g_assert_cmpuint(s5[7], ==, test_cfg.s5_slp_typ);
    g_assert_nonnull(memmem(d, len, "_PRT", 4));
}

static void test_dsdt_disassembles(Fixture *f, gconstpointer data)
{
    g_autofree char *iasl = g_find_program_in_path("iasl");
    g_autofree char *dir = NULL;
    g_autofree char *aml = NULL;
    g_autofree char *dsl = NULL;
    g_autofree char *out = NULL;
    g_autofree char *text = NULL;
    GError *err = NULL;
    uint32_t len;
    const uint8_t *d = dsdt(f, &len);
    int status;

    if (!iasl) {
        g_test_skip("iasl (acpica-tools) is not installed");
        return;
    }
    dir = g_dir_make_tmp("test-acpi-XXXXXX", &err);
    g_assert_no_error(err);
    aml = g_build_filename(dir, "dsdt.aml", NULL);
    dsl = g_build_filename(dir, "dsdt.dsl", NULL);
    g_assert_true(g_file_set_contents(aml, (const char *)d, len, &err));
    {
        char *argv[] = {iasl, (char *)"-d", aml, NULL};

        g_assert_true(g_spawn_sync(dir, argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                                   NULL, NULL, &out, NULL, &status, &err));
    }
    g_assert_cmpint(status, ==, 0);
    g_assert_true(g_file_get_contents(dsl, &text, NULL, &err));
    g_assert_nonnull(strstr(text, "Name (\\_S5, Package (0x04)"));
    g_assert_nonnull(strstr(text, "EisaId (\"PNP0A03\")"));
    g_assert_nonnull(strstr(text, "Device (KBD)"));
    g_assert_nonnull(strstr(text, "WordBusNumber"));
    g_assert_nonnull(strstr(text, "IO (Decode16,"));
    g_unlink(aml);
    g_unlink(dsl);
    g_rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(name, fn)                                                          \
    g_test_add("/acpi/" name, Fixture, NULL, setup, fn, teardown)
    ADD("rsdp-found-by-scanning-and-checksums", test_rsdp_found_by_scanning);
    ADD("fadt-pm-registers-and-reset", test_fadt_pm_and_reset);
    ADD("madt-apics-and-overrides", test_madt_apics_and_overrides);
    ADD("dsdt-has-s5-and-prt", test_dsdt_has_s5);
    ADD("dsdt-disassembles-with-iasl", test_dsdt_disassembles);
    return g_test_run();
}
