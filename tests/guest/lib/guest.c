/*
 * The guest tests' runtime (guest.h).
 */
#include "guest.h"

int failures;

void puts_dbg(const char *s)
{
    while (*s) {
        outb(DEBUGCON_PORT, *s++);
    }
}

void put_hex(uint32_t v)
{
    puts_dbg("0x");
    for (int i = 28; i >= 0; i -= 4) {
        outb(DEBUGCON_PORT, "0123456789abcdef"[(v >> i) & 15]);
    }
}

void check(int cond, const char *what)
{
    puts_dbg(cond ? "ok - " : "FAIL - ");
    puts_dbg(what);
    puts_dbg("\n");
    failures += !cond;
}

void skip(const char *why)
{
    /* run-guest.sh numbers the line: "ok N - # SKIP WHY". */
    puts_dbg("ok - # SKIP ");
    puts_dbg(why);
    puts_dbg("\n");
}

void guest_exit(int code)
{
    puts_dbg(code ? "guest exit: failed\n" : "guest exit: passed\n");
    __asm__ volatile("outl %0, %1"
                     :
                     : "a"((uint32_t)code), "Nd"((uint16_t)DEBUG_EXIT_PORT));
    for (;;) {
        __asm__ volatile("cli; hlt");
    }
}
