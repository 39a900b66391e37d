/*
 * Privilege changes in 32-bit protected mode: an interrupt from ring 3
 * switches to the TSS's ring-0 stack and pushes SS:ESP; a far CALL through
 * a call gate reaches ring 0 with the parameters copied and RETF returns
 * to ring 3; port I/O at CPL > IOPL follows the TSS I/O permission bitmap;
 * IOPL-sensitive and privileged instructions fault at ring 3.
 */
#include "desc.h"
#include "guest.h"

#define INT_PROBE    0x40
#define CALLGATE_SEL ((GDT_FREE << 3) | 3)

static struct exc_frame probe;
static uint32_t probe_frame_addr;

static void probe_handler(struct exc_frame *f)
{
    probe = *f;
    probe_frame_addr = (uint32_t)f;
}

static void user_int(void)
{
    __asm__ volatile("int $0x40");
    user_return();
}

/* The ring-0 end of the call gate (desc: two dword parameters). */
uint32_t gate_cpl, gate_sum, gate_old_ss;
extern char gate_entry[];
__asm__(".globl gate_entry\n"
        "gate_entry:\n\t"
        "mov %cs, %eax\n\t"
        "and $3, %eax\n\t"
        "mov %eax, gate_cpl\n\t"
        "mov 8(%esp), %eax\n\t"
        "add 12(%esp), %eax\n\t"
        "mov %eax, gate_sum\n\t"
        "mov 20(%esp), %eax\n\t"
        "mov %eax, gate_old_ss\n\t"
        "lret $8\n");

static uint32_t after_gate_cpl;

static void user_callgate(void)
{
    static const struct __attribute__((packed)) {
        uint32_t off;
        uint16_t sel;
    } ptr = {0, CALLGATE_SEL};
    uint32_t cs;

    __asm__ volatile("push $40\n\t"
                     "push $2\n\t"
                     "lcall *%0"
                     :
                     : "m"(ptr)
                     : "memory");
    __asm__ volatile("mov %%cs, %0" : "=r"(cs));
    after_gate_cpl = cs & 3;
    user_return();
}

static void user_out_allowed(void)
{
    outb(0x80, 1);
    user_return();
}

static void user_out_denied(void)
{
    outb(0x81, 1);
    user_return();
}

static void user_cli(void)
{
    __asm__ volatile("cli");
    user_return();
}

static void user_hlt(void)
{
    __asm__ volatile("hlt");
    user_return();
}

int guest_main(uint32_t magic, uint32_t info)
{
    uint32_t r;

    desc_init();

    set_exc_handler(INT_PROBE, probe_handler);
    r = run_user(user_int, 0);
    check(r == 0 && probe.cs == USER_CS && probe.ss == USER_DS,
          "INT from ring 3 pushes the ring-3 CS and SS");
    check(probe_frame_addr + sizeof(probe) == tss.esp0,
          "the frame is on the TSS ring-0 stack (ESP0)");
    set_exc_handler(INT_PROBE, 0);

    gdt_set_gate(GDT_FREE, KERNEL_CS, (uint32_t)gate_entry,
                 ACC_P | ACC_DPL(3) | ACC_CALLGATE32, 2);
    r = run_user(user_callgate, 0);
    check(r == 0 && gate_cpl == 0, "call gate from ring 3 runs at CPL 0");
    check(gate_sum == 42, "call gate copies the parameters to the new stack");
    check(gate_old_ss == USER_DS, "call gate pushes the caller's SS");
    check(after_gate_cpl == 3, "RETF through the gate returns to ring 3");

    tss.iobitmap[0x81 / 8] |= 1u << (0x81 % 8);
    r = run_user(user_out_allowed, 0);
    check(r == 0, "OUT at CPL 3 > IOPL to a port clear in the bitmap");
    r = run_user(user_out_denied, 0);
    check(r == 1 && last_exc.vector == 13 && last_exc.error == 0,
          "OUT to a port set in the bitmap: #GP(0)");
    r = run_user(user_out_denied, 3);
    check(r == 0, "IOPL 3 bypasses the bitmap");
    r = run_user(user_cli, 0);
    check(r == 1 && last_exc.vector == 13, "CLI at CPL 3 > IOPL: #GP(0)");
    r = run_user(user_hlt, 3);
    check(r == 1 && last_exc.vector == 13, "HLT at CPL 3: #GP(0)");
    return failures;
}
