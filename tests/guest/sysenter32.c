/*
 * SYSENTER/SYSEXIT in 32-bit protected mode (SDM vol. 2B): SYSENTER from
 * ring 3 enters ring 0 at SYSENTER_EIP on SYSENTER_ESP with CS =
 * SYSENTER_CS and SS = SYSENTER_CS + 8, IF cleared; SYSEXIT returns to
 * ring 3 at EDX with ESP = ECX, CS = SYSENTER_CS + 16 | 3 and SS =
 * SYSENTER_CS + 24 | 3 (the layout desc.h's GDT has).  SYSENTER with
 * SYSENTER_CS = 0 and SYSEXIT at ring 3 are #GP(0).
 */
#include "desc.h"
#include "guest.h"

#define MSR_SYSENTER_CS  0x174
#define MSR_SYSENTER_ESP 0x175
#define MSR_SYSENTER_EIP 0x176

static uint8_t sysenter_stack[1024] __attribute__((aligned(16)));

/* Written by the kernel entry and by the user code after SYSEXIT. */
volatile uint16_t k_cs, k_ss, u_cs, u_ss;
volatile uint32_t k_esp, k_eflags, u_esp_before, u_esp_after, k_calls;

void sysenter_entry(void), user_sysenter(void), user_sysexit(void);

__asm__(".text\n"
        "sysenter_entry:\n\t"
        "mov %cs, k_cs\n\t"
        "mov %ss, k_ss\n\t"
        "mov %esp, k_esp\n\t"
        "incl k_calls\n\t"
        "pushf\n\t"
        "popl k_eflags\n\t"
        "sysexit\n"

        "user_sysenter:\n\t"
        "sti\n\t"
        "mov %esp, u_esp_before\n\t"
        "mov %esp, %ecx\n\t"
        "mov $1f, %edx\n\t"
        "sysenter\n"
        "1: mov %cs, u_cs\n\t"
        "mov %ss, u_ss\n\t"
        "mov %esp, u_esp_after\n\t"
        "jmp user_return\n"

        "user_sysexit:\n\t"
        "sysexit\n");

static void wrmsr(uint32_t msr, uint32_t v)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"(v), "d"(0));
}

int guest_main(uint32_t magic, uint32_t info)
{
    uint32_t r;

    desc_init();
    /* The user code sets IF (IOPL 3) for SYSENTER to clear: no IRQs. */
    outb(0x21, 0xff);
    outb(0xa1, 0xff);
    wrmsr(MSR_SYSENTER_CS, 0);
    r = run_user(user_sysenter, 3);
    check(r == 1 && last_exc.vector == 13 && last_exc.error == 0
              && k_calls == 0,
          "SYSENTER with SYSENTER_CS = 0: #GP(0)");

    wrmsr(MSR_SYSENTER_CS, KERNEL_CS);
    wrmsr(MSR_SYSENTER_ESP,
          (uint32_t)(sysenter_stack + sizeof(sysenter_stack)));
    wrmsr(MSR_SYSENTER_EIP, (uint32_t)sysenter_entry);
    r = run_user(user_sysenter, 3);
    check(r == 0 && k_calls == 1, "SYSENTER from ring 3 and SYSEXIT back");
    check(k_cs == KERNEL_CS && k_ss == KERNEL_DS,
          "SYSENTER: CS = SYSENTER_CS, SS = SYSENTER_CS + 8");
    check(k_esp == (uint32_t)(sysenter_stack + sizeof(sysenter_stack)),
          "SYSENTER: ESP = SYSENTER_ESP");
    check(!(k_eflags & 0x200), "SYSENTER clears IF");
    check(u_cs == USER_CS && u_ss == USER_DS,
          "SYSEXIT: CS = SYSENTER_CS + 16 | 3, SS = SYSENTER_CS + 24 | 3");
    check(u_esp_after == u_esp_before, "SYSEXIT: ESP = ECX");

    r = run_user(user_sysexit, 0);
    check(r == 1 && last_exc.vector == 13 && last_exc.error == 0,
          "SYSEXIT at ring 3: #GP(0)");
    return failures;
}
