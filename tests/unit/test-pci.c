/*
 * Unit tests of PCI bus 0 (hw/pci/pci.c, hw/pci/piix.c) through the
 * ports a guest uses: configuration mechanism #1 finds the host bridge
 * and the PIIX functions, the PM block decodes where PMBA says, the ACPI
 * PM timer runs at 3.579545 MHz on its clock and wraps at 24 bits,
 * SLP_EN with the S5 type powers the machine off and 0xcf9 resets it.
 */
#include <glib.h>

#include "hw/pci/pci.h"
#include "test-machine.h"

#define PM_BASE 0x600

static int64_t fake_ns;

static int64_t fake_clock(void)
{
    return fake_ns;
}

typedef struct Fixture {
    MachineConfig cfg;
    Machine *m;
} Fixture;

static void setup(Fixture *f, gconstpointer data)
{
    PCIBus *bus;

    machine_config_init(&f->cfg);
    f->cfg.ram_size = 16 << 20;
    f->m = test_machine_new(&f->cfg);
    fake_ns = 0;
    bus = pci_i440fx_init(f->m);
    piix3_init(bus);
    piix4_pm_init(f->m, bus, PM_BASE, fake_clock);
}

static void teardown(Fixture *f, gconstpointer data)
{
    machine_config_free(&f->cfg);
}

static uint64_t in(Fixture *f, uint16_t port, unsigned size)
{
    uint64_t v;

    address_space_ld(&f->m->as_io, port, size, &v);
    return v;
}

static void out(Fixture *f, uint16_t port, unsigned size, uint64_t v)
{
    address_space_st(&f->m->as_io, port, size, v);
}

static uint32_t cfg_read(Fixture *f, unsigned devfn, unsigned reg,
                         unsigned size)
{
    out(f, 0xcf8, 4, 0x80000000u | devfn << 8 | (reg & 0xfc));
    return in(f, 0xcfc + (reg & 3), size);
}

static void cfg_write(Fixture *f, unsigned devfn, unsigned reg, unsigned size,
                      uint32_t v)
{
    out(f, 0xcf8, 4, 0x80000000u | devfn << 8 | (reg & 0xfc));
    out(f, 0xcfc + (reg & 3), size, v);
}

static void test_functions_found(Fixture *f, gconstpointer data)
{
    g_assert_cmphex(cfg_read(f, PCI_DEVFN(0, 0), 0, 4), ==, 0x12378086);
    g_assert_cmphex(cfg_read(f, PCI_DEVFN(1, 0), 0, 4), ==, 0x70008086);
    g_assert_cmphex(cfg_read(f, PCI_DEVFN(1, 0), 0x0e, 1), ==, 0x80);
    g_assert_cmphex(cfg_read(f, PCI_DEVFN(1, 3), 0, 4), ==, 0x71138086);
    g_assert_cmphex(cfg_read(f, PCI_DEVFN(1, 3), 0x0a, 2), ==, 0x0680);
    g_assert_cmphex(cfg_read(f, PCI_DEVFN(2, 0), 0, 4), ==, 0xffffffff);
    g_assert_cmphex(in(f, 0xcf8, 4), ==, 0x80000000u | PCI_DEVFN(2, 0) << 8);
    /* Read-only identity. */
    cfg_write(f, PCI_DEVFN(0, 0), 0, 4, 0);
    g_assert_cmphex(cfg_read(f, PCI_DEVFN(0, 0), 0, 4), ==, 0x12378086);
    /* Enable bit clear: nothing answers. */
    out(f, 0xcf8, 4, 0);
    g_assert_cmphex(in(f, 0xcfc, 4), ==, 0xffffffff);
}

static void test_pm_block_follows_pmba(Fixture *f, gconstpointer data)
{
    g_assert_cmphex(cfg_read(f, PCI_DEVFN(1, 3), 0x40, 4), ==, PM_BASE | 1);
    g_assert_cmphex(in(f, PM_BASE + 4, 2) & 1, ==, 1); /* SCI_EN */
    cfg_write(f, PCI_DEVFN(1, 3), 0x40, 4, 0xb000);
    g_assert_cmphex(in(f, 0xb004, 2) & 1, ==, 1);
    g_assert_cmphex(in(f, PM_BASE + 4, 2), ==, 0xffff); /* unassigned */
    cfg_write(f, PCI_DEVFN(1, 3), 0x80, 1, 0);          /* PMIOSE off */
    g_assert_cmphex(in(f, 0xb004, 2), ==, 0xffff);
}

static void test_pm_timer_rate_and_wrap(Fixture *f, gconstpointer data)
{
    uint32_t t0, t1;

    fake_ns = 1000000000; /* 1 s: 3579545 ticks */
    t0 = in(f, PM_BASE + 8, 4);
    g_assert_cmpuint(t0, ==, 3579545);
    fake_ns += 1000000; /* 1 ms: 3579.545 ticks */
    t1 = in(f, PM_BASE + 8, 4);
    g_assert_cmpuint(t1 - t0, >=, 3579);
    g_assert_cmpuint(t1 - t0, <=, 3580);
    fake_ns = 5000000000; /* 17897725 ticks: wrapped */
    g_assert_cmpuint(in(f, PM_BASE + 8, 4), ==, 17897725 & 0xffffff);
    /* Bit 23 changed since reset: TMROF_STS, cleared by writing 1. */
    g_assert_cmphex(in(f, PM_BASE, 2) & 1, ==, 1);
    out(f, PM_BASE, 2, 1);
    g_assert_cmphex(in(f, PM_BASE, 2) & 1, ==, 0);
}

static void test_s5_powers_off(Fixture *f, gconstpointer data)
{
    /* Another sleep type does nothing. */
    out(f, PM_BASE + 4, 2, 1 << 13 | 1 << 10);
    g_assert_cmpint(f->m->shutdown, ==, SHUTDOWN_NONE);
    /* SLP_TYP without SLP_EN does nothing. */
    out(f, PM_BASE + 4, 2, PIIX4_PM_S5_SLP_TYP << 10);
    g_assert_cmpint(f->m->shutdown, ==, SHUTDOWN_NONE);
    out(f, PM_BASE + 4, 2, PIIX4_PM_S5_SLP_TYP << 10 | 1 << 13);
    g_assert_cmpint(f->m->shutdown, ==, SHUTDOWN_GUEST_POWEROFF);
}

static void test_cf9_resets(Fixture *f, gconstpointer data)
{
    out(f, 0xcf9, 1, 0x02);
    g_assert_cmpint(f->m->shutdown, ==, SHUTDOWN_NONE);
    g_assert_cmphex(in(f, 0xcf9, 1), ==, 0x02);
    out(f, 0xcf9, 1, 0x06);
    g_assert_cmpint(f->m->shutdown, ==, SHUTDOWN_GUEST_RESET);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(name, fn)                                                          \
    g_test_add("/pci/" name, Fixture, NULL, setup, fn, teardown)
    ADD("host-bridge-and-piix-functions-found", test_functions_found);
    ADD("pm-block-follows-pmba-and-pmiose", test_pm_block_follows_pmba);
    ADD("pm-timer-rate-wrap-and-overflow-status", test_pm_timer_rate_and_wrap);
    ADD("s5-powers-off", test_s5_powers_off);
    ADD("cf9-resets", test_cf9_resets);
    return g_test_run();
}
