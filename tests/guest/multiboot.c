/*
 * What a multiboot v1 loader hands over (Multiboot Specification 0.6.96,
 * 3.2 and 3.3): the magic in eax, flat 32-bit segments, paging off,
 * interrupts off, and an information structure with the memory sizes, the
 * command line, the modules and a memory map.
 */
#include "guest.h"

struct mb_info {
    uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
    uint32_t mods_count, mods_addr, syms[4], mmap_length, mmap_addr;
};

static int has(const char *s, const char *sub)
{
    for (; *s; s++) {
        const char *a = s, *b = sub;

        while (*b && *a == *b) {
            a++, b++;
        }
        if (!*b) {
            return 1;
        }
    }
    return 0;
}

int guest_main(uint32_t magic, uint32_t info_addr)
{
    const struct mb_info *mbi = (const struct mb_info *)info_addr;
    uint32_t cr0, eflags;
    uint16_t cs, ds;

    __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
    __asm__ volatile("pushf; pop %0" : "=r"(eflags));
    __asm__ volatile("mov %%cs, %0; mov %%ds, %1" : "=r"(cs), "=r"(ds));

    check(magic == MULTIBOOT_BOOTLOADER_MAGIC, "eax holds 0x2badb002");
    check((cr0 & 1) && !(cr0 & 0x80000000u), "protected mode, paging off");
    check(!(eflags & 0x200), "interrupts off");
    check(mbi->flags & 1, "memory sizes given");
    check(mbi->mem_lower == 639 || mbi->mem_lower == 640,
          "mem_lower is the 640 KiB of conventional memory");
    /* The runner gives 64 MiB: upper memory is 63 MiB minus what the
     * firmware keeps (QEMU: 64512 KiB; Peregrine: 64512 KiB). */
    check(mbi->mem_upper >= 60000 && mbi->mem_upper <= 64512,
          "mem_upper matches -m 64");
    check((mbi->flags & 4) && has((const char *)mbi->cmdline, "guest-arg=1"),
          "command line from -append");
    check((mbi->flags & 64) && mbi->mmap_length >= 2 * 24,
          "memory map present");
    return failures;
}
