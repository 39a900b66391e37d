/*
 * The PIIX functions on bus 0 (include/hw/pci/pci.h): the PIIX3 PCI-to-ISA
 * bridge at 01.0 and the PIIX4 power-management function at 01.3 (Intel
 * 82371AB PIIX4 datasheet, 3.4 and 7.x).
 *
 * PM function config registers: PMBA (0x40, I/O base of the 64-byte PM
 * block, bits 15:6; bit 0 reads 1) and PMREGMISC (0x80, bit 0 PMIOSE:
 * the block decodes).  With direct boot no firmware programs them, so
 * reset leaves them as SeaBIOS would: the block at the base the ACPI
 * tables name, enabled.
 *
 * PM block: PMSTS (0x00, write 1 to clear), PMEN (0x02), PMCNTRL (0x04:
 * SCI_EN reads 1, the machine is always in ACPI mode; SUS_TYP 12:10 with
 * SUS_EN bit 13 enters a sleep state, and only S5 = PIIX4_PM_S5_SLP_TYP
 * exists: the machine powers off), PMTMR (0x08: 24-bit counter at
 * 3.579545 MHz, read-only).  TMROF_STS is set when bit 23 of the counter
 * has changed since it was cleared.  The SCI (ISA IRQ 9) is not wired
 * until the interrupt controllers exist: a guest enabling an SCI source
 * is logged under -d unimp.
 */
#include <glib.h>

#include "hw/pci/pci.h"
#include "util/log.h"

#define PIIX4_PMBA      0x40
#define PIIX4_PMREGMISC 0x80
#define PIIX4_PMIOSE    0x01
#define PM_BLOCK_SIZE   64

/* PM block registers. */
#define PMSTS   0x00
#define PMEN    0x02
#define PMCNTRL 0x04
#define PMTMR   0x08

#define PMSTS_TMROF           (1u << 0)
#define PMSTS_WAK             (1u << 15)
#define PMCNTRL_SCI_EN        (1u << 0)
#define PMCNTRL_SUS_TYP_SHIFT 10
#define PMCNTRL_SUS_TYP_MASK  (7u << PMCNTRL_SUS_TYP_SHIFT)
#define PMCNTRL_SUS_EN        (1u << 13)
#define PMCNTRL_WMASK         0x1c07 /* SCI_EN, BRLD_EN_BM, GBL_RLS, SUS_TYP */

#define PM_TIMER_HZ   3579545
#define NS_PER_SEC    1000000000
#define PM_TIMER_MASK ((1u << PIIX4_PM_TIMER_BITS) - 1)

typedef struct PIIX4PMState {
    PCIDevice dev;
    /* PM block registers. */
    uint16_t pmsts;
    uint16_t pmen;
    uint16_t pmcntrl;
    uint64_t tmr_epoch; /* counter >> 23 when TMROF was clear */

    Machine *machine;
    int64_t (*clock_ns)(void);
    MemoryRegion io;
} PIIX4PMState;

/* -- PIIX3 ---------------------------------------------------------------- */

void piix3_init(PCIBus *bus)
{
    PCIDevice *d = g_new0(PCIDevice, 1);

    /* ISA bridge class 06.01.00; header type: multi-function device. */
    pci_register_device(bus, PCI_DEVFN(1, 0), d, 0x8086, 0x7000, 0x060100,
                        0x00);
    d->config[PCI_HEADER_TYPE] = PCI_HEADER_MULTI_FUNCTION;
}

/* -- PIIX4 PM ----------------------------------------------------------- */

static uint64_t pm_timer_ticks(PIIX4PMState *s)
{
    int64_t ns = s->clock_ns();

    /* ns * 3579545 / 1e9 without overflow for centuries of uptime. */
    return (uint64_t)((__int128)ns * PM_TIMER_HZ / NS_PER_SEC);
}

static uint16_t pm_read_status(PIIX4PMState *s)
{
    if ((pm_timer_ticks(s) >> (PIIX4_PM_TIMER_BITS - 1)) != s->tmr_epoch) {
        s->pmsts |= PMSTS_TMROF;
    }
    return s->pmsts;
}

static void pm_write_control(PIIX4PMState *s, uint16_t val)
{
    unsigned typ = (val & PMCNTRL_SUS_TYP_MASK) >> PMCNTRL_SUS_TYP_SHIFT;

    s->pmcntrl =
        (s->pmcntrl & ~PMCNTRL_WMASK) | (val & PMCNTRL_WMASK) | PMCNTRL_SCI_EN;
    if (!(val & PMCNTRL_SUS_EN)) {
        return;
    }
    if (typ == PIIX4_PM_S5_SLP_TYP) {
        machine_request_shutdown(s->machine, SHUTDOWN_GUEST_POWEROFF, 0);
    } else {
        qlog_mask(LOG_UNIMP,
                  "piix4-pm: sleep type %u is not implemented "
                  "yet (only S5)\n",
                  typ);
    }
}

static uint64_t pm_io_read(void *opaque, hwaddr addr, unsigned size)
{
    PIIX4PMState *s = opaque;

    switch (addr) {
    case PMSTS:
        return pm_read_status(s);
    case PMEN:
        return s->pmen;
    case PMCNTRL:
        return s->pmcntrl;
    case PMTMR:
        return pm_timer_ticks(s) & PM_TIMER_MASK;
    default:
        qlog_mask(LOG_UNIMP, "piix4-pm: read of PM register 0x%x\n",
                  (unsigned)addr);
        return 0;
    }
}

static void pm_io_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    PIIX4PMState *s = opaque;

    switch (addr) {
    case PMSTS:
        if (val & PMSTS_TMROF) {
            s->tmr_epoch = pm_timer_ticks(s) >> (PIIX4_PM_TIMER_BITS - 1);
        }
        s->pmsts &= ~val;
        break;
    case PMEN:
        s->pmen = val;
        if (val) {
            qlog_mask(LOG_UNIMP,
                      "piix4-pm: PMEN 0x%x: the SCI is not "
                      "wired yet\n",
                      (unsigned)val);
        }
        break;
    case PMCNTRL:
        pm_write_control(s, val);
        break;
    default:
        qlog_mask(LOG_UNIMP, "piix4-pm: write of PM register 0x%x\n",
                  (unsigned)addr);
        break;
    }
}

static const MemoryRegionOps pm_io_ops = {
    .read = pm_io_read,
    .write = pm_io_write,
    .valid = {.min_size = 1, .max_size = 4},
    /* 16-bit registers are read whole; PMTMR is 32-bit. */
    .impl = {.min_size = 2, .max_size = 4},
};

/* Map the PM block where PMBA and PMIOSE say. */
static void pm_update_mapping(PIIX4PMState *s)
{
    uint8_t *c = s->dev.config;
    uint16_t base = (c[PIIX4_PMBA] | c[PIIX4_PMBA + 1] << 8) & 0xffc0;

    memory_region_transaction_begin();
    memory_region_set_address(&s->io, base);
    memory_region_set_enabled(&s->io, c[PIIX4_PMREGMISC] & PIIX4_PMIOSE);
    memory_region_transaction_commit();
}

static void pm_config_write(PCIDevice *d, unsigned addr, unsigned len)
{
    if (addr < PIIX4_PMREGMISC + 1 && addr + len > PIIX4_PMBA) {
        pm_update_mapping(d->opaque);
    }
}

static void piix4_pm_reset(PIIX4PMState *s, uint16_t pm_base)
{
    s->dev.config[PIIX4_PMBA] = (pm_base & 0xc0) | 0x01;
    s->dev.config[PIIX4_PMBA + 1] = pm_base >> 8;
    s->dev.config[PIIX4_PMREGMISC] = PIIX4_PMIOSE;
    s->pmsts = 0;
    s->pmen = 0;
    s->pmcntrl = PMCNTRL_SCI_EN;
    s->tmr_epoch = pm_timer_ticks(s) >> (PIIX4_PM_TIMER_BITS - 1);
}

void piix4_pm_init(Machine *m, PCIBus *bus, uint16_t pm_base,
                   int64_t (*clock_ns)(void))
{
    PIIX4PMState *s = g_new0(PIIX4PMState, 1);

    s->machine = m;
    s->clock_ns = clock_ns;
    s->dev.opaque = s;
    s->dev.config_write = pm_config_write;
    /* Bridge class 06.80.00, revision 3; INTA routed to IRQ 9. */
    pci_register_device(bus, PCI_DEVFN(1, 3), &s->dev, 0x8086, 0x7113, 0x068000,
                        0x03);
    s->dev.config[PCI_INTERRUPT_PIN] = 1;
    s->dev.config[PCI_INTERRUPT_LINE] = 9;
    s->dev.wmask[PIIX4_PMBA] = 0xc0;
    s->dev.wmask[PIIX4_PMBA + 1] = 0xff;
    s->dev.wmask[PIIX4_PMREGMISC] = PIIX4_PMIOSE;
    piix4_pm_reset(s, pm_base);
    memory_region_init_io(&s->io, "piix4-pm", &pm_io_ops, s, PM_BLOCK_SIZE);
    memory_region_add_subregion(&m->io, pm_base & 0xffc0, &s->io);
    pm_update_mapping(s);
}
