/*
 * Triple fault: with an IDT limit of 0, #UD cannot be delivered (#GP), nor
 * can that #GP (#DF), nor the #DF: the processor shuts down (SDM vol. 3,
 * 6.15, interrupt 8).  Under -no-reboot the emulator then exits with
 * status 0 without reaching isa-debug-exit; reaching the end of this
 * program is a failure.
 */
#include "guest.h"

int guest_main(uint32_t magic, uint32_t info)
{
    struct __attribute__((packed)) {
        uint16_t limit;
        uint32_t base;
    } idtr = {0, 0};

    puts_dbg("# expecting a triple fault\n");
    __asm__ volatile("lidt %0\n\tud2" : : "m"(idtr));
    puts_dbg("FAIL - execution continued after the triple fault\n");
    return 1;
}
