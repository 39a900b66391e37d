/*
 * Reset through the keyboard controller: command 0xfe pulses the output
 * port's reset line (bit 0) low.  Under -no-reboot the emulator then exits
 * with status 0 without reaching isa-debug-exit; reaching the end of this
 * program is a failure.  With the argument "port92" (multiboot command
 * line) the reset goes through port 0x92 bit 0 instead.
 */
#include "guest.h"

struct multiboot_info {
    uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
};

static int has_word(const char *s, const char *w)
{
    for (; *s; s++) {
        const char *a = s, *b = w;

        while (*b && *a == *b) {
            a++;
            b++;
        }
        if (!*b) {
            return 1;
        }
    }
    return 0;
}

int guest_main(uint32_t magic, uint32_t info)
{
    const struct multiboot_info *mbi = (const void *)info;
    const char *cmdline = (mbi->flags & 4) ? (const char *)mbi->cmdline : "";

    if (has_word(cmdline, "port92")) {
        puts_dbg("# expecting a reset through port 0x92\n");
        outb(0x92, inb(0x92) & ~0x01);
        outb(0x92, inb(0x92) | 0x01);
    } else {
        puts_dbg("# expecting a reset through the i8042 (0xfe)\n");
        outb(0x64, 0xfe);
    }
    for (volatile int i = 0; i < 1000000; i++) {
    }
    puts_dbg("FAIL - execution continued after the reset\n");
    return 1;
}
