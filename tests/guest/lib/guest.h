/*
 * The little runtime of the bare-metal guest tests (32-bit protected
 * mode, loaded by multiboot): port I/O, output on the debug console, and
 * the exit through isa-debug-exit at port 0xf4.
 *
 * A test's guest_main returns 0 for success; the emulator then exits with
 * status (0 << 1) | 1 = 1, which the runner checks.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdint.h>

#define DEBUG_EXIT_PORT            0xf4
#define DEBUGCON_PORT              0xe9
#define MULTIBOOT_BOOTLOADER_MAGIC 0x2badb002

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;

    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint32_t mmio_read32(uint32_t addr)
{
    return *(volatile uint32_t *)(uintptr_t)addr;
}

static inline void mmio_write32(uint32_t addr, uint32_t v)
{
    *(volatile uint32_t *)(uintptr_t)addr = v;
}

/* Print on the debug console. */
void puts_dbg(const char *s);
void put_hex(uint32_t v);

/* Report: "ok"/"FAIL" line for CHECK; counts failures. */
void check(int cond, const char *what);

/* Report a check not made, and WHY: a TAP "ok N # SKIP WHY" line. */
void skip(const char *why);

/* Failures so far. */
extern int failures;

/* End the emulator with test result CODE (0 = pass). */
void guest_exit(int code) __attribute__((noreturn));

/* The test: returns 0 on success. */
int guest_main(uint32_t magic, uint32_t info);

#endif /* GUEST_H */
