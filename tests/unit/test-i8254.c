/*
 * Tests of hw/timer/i8254.c with the virtual clock stepped by hand: what
 * the guest tests cannot check because QEMU's model differs from the 8254
 * there (null count, the output after a control word, counting held by a
 * low gate, BCD), and channel 0's IRQ0 edges in mode 2 and mode 0.
 * Ports are reached through the machine's I/O address space.
 */
#include <glib.h>

#include "hw/devices.h"
#include "softmmu/timer.h"

#define PIT_NS_PER_TICK 838.0952 /* 1 / 1.193182 MHz */

static Machine *m;
static int irq_level, irq_edges;

static void irq0_handler(void *opaque, int n, int level)
{
    if (level && !irq_level) {
        irq_edges++;
    }
    irq_level = level;
}

static void outb(uint16_t port, uint8_t v)
{
    g_assert_cmpint(address_space_st(&m->as_io, port, 1, v), ==, MEMTX_OK);
}

static uint8_t inb(uint16_t port)
{
    uint64_t v;

    g_assert_cmpint(address_space_ld(&m->as_io, port, 1, &v), ==, MEMTX_OK);
    return v;
}

/* Step the virtual clock to TICKS PIT ticks and run what expired. */
static void step_to_ticks(double ticks)
{
    clock_virtual_set_ns((int64_t)(ticks * PIT_NS_PER_TICK) + 1);
    while (timers_run_expired()) {
    }
}

static void setup(void)
{
    timers_init();
    clock_virtual_stop();
    clock_virtual_set_ns(0);
    m = g_new0(Machine, 1);
    memory_region_init(&m->io, "io", 0x10000);
    address_space_init(&m->as_io, &m->io, "I/O");
    irq_level = 0;
    irq_edges = 0;
    i8254_init(m, irq_new(irq0_handler, NULL, 0));
}

static uint8_t status(int ch)
{
    outb(0x43, 0xe0 | 0x20 | (2 << ch));
    return inb(0x40 + ch);
}

static uint16_t latch(int ch)
{
    uint16_t lo;

    outb(0x43, ch << 6);
    lo = inb(0x40 + ch);
    return lo | inb(0x40 + ch) << 8;
}

static void test_control_word_sets_null_count_and_mode0_output_low(void)
{
    setup();
    outb(0x43, 0x30); /* ch0, lo/hi, mode 0 */
    g_assert_cmphex(status(0), ==, 0x70);
    outb(0x40, 0x10);
    g_assert_cmphex(status(0), ==, 0x70); /* LSB only: not loaded yet */
    outb(0x40, 0x00);
    g_assert_cmphex(status(0), ==, 0x30);
    step_to_ticks(0x10);
    g_assert_cmphex(status(0), ==, 0xb0); /* terminal count: output up */
    g_assert_cmpint(irq_edges, ==, 1);
}

static void test_low_gate_holds_a_mode0_count(void)
{
    setup();
    outb(0x61, 0x00); /* gate 2 low */
    outb(0x43, 0xb0);
    outb(0x42, 0x00);
    outb(0x42, 0x10); /* 0x1000 */
    step_to_ticks(100);
    g_assert_cmphex(latch(2), ==, 0x1000);
    outb(0x61, 0x01); /* gate high at tick 100 */
    step_to_ticks(150);
    g_assert_cmphex(latch(2), ==, 0x1000 - 50);
    outb(0x61, 0x00); /* held again */
    step_to_ticks(400);
    g_assert_cmphex(latch(2), ==, 0x1000 - 50);
    g_assert_false(inb(0x61) & 0x20);
    outb(0x61, 0x01);
    step_to_ticks(400 + 0x1000 - 50);
    g_assert_true(inb(0x61) & 0x20); /* ran out after its 0x1000 ticks */
}

static void test_bcd_count_reads_in_decimal(void)
{
    setup();
    outb(0x43, 0x31); /* ch0, lo/hi, mode 0, BCD */
    outb(0x40, 0x00);
    outb(0x40, 0x10); /* 1000 decimal */
    step_to_ticks(1);
    g_assert_cmphex(latch(0), ==, 0x0999);
    step_to_ticks(1000);
    g_assert_cmphex(latch(0), ==, 0x0000);
    step_to_ticks(1001);
    g_assert_cmphex(latch(0), ==, 0x9999); /* wraps at 10000 */
}

static void test_mode2_gives_one_irq0_edge_per_period(void)
{
    setup();
    outb(0x43, 0x34); /* ch0, lo/hi, mode 2 */
    outb(0x40, 100);
    outb(0x40, 0);
    g_assert_cmpint(irq_level, ==, 1); /* mode 2 starts high */
    irq_edges = 0;
    for (int t = 50; t <= 1000; t += 50) {
        step_to_ticks(t + 0.5);
    }
    g_assert_cmpint(irq_edges, ==, 10);
    /* A timer run late, past a whole low pulse, still makes the edge. */
    clock_virtual_set_ns((int64_t)(1150 * PIT_NS_PER_TICK));
    timers_run_expired();
    g_assert_cmpint(irq_edges, ==, 11);
}

static void test_read_back_latches_count_once(void)
{
    uint8_t lo;

    setup();
    outb(0x43, 0x34);
    outb(0x40, 0x00);
    outb(0x40, 0x20); /* 0x2000 */
    step_to_ticks(0x100);
    outb(0x43, 0xd2); /* read-back: count of ch0 */
    step_to_ticks(0x180);
    lo = inb(0x40);
    g_assert_cmphex(lo | inb(0x40) << 8, ==, 0x2000 - 0x100);
    g_assert_cmphex(latch(0), ==, 0x2000 - 0x180);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/i8254/control-word-null-count-and-output",
                    test_control_word_sets_null_count_and_mode0_output_low);
    g_test_add_func("/i8254/low-gate-holds-mode0-count",
                    test_low_gate_holds_a_mode0_count);
    g_test_add_func("/i8254/bcd-count-reads-in-decimal",
                    test_bcd_count_reads_in_decimal);
    g_test_add_func("/i8254/mode2-one-irq0-edge-per-period",
                    test_mode2_gives_one_irq0_edge_per_period);
    g_test_add_func("/i8254/read-back-latches-count-once",
                    test_read_back_latches_count_once);
    return g_test_run();
}
