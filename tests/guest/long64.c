/*
 * Events and system calls in long mode (SDM vol. 3, 6.14; vol. 2B):
 *   - the 64-bit interrupt frame: SS:RSP always pushed, the stack aligned
 *     to 16 bytes before the push, RSP0 from the TSS on a change to CPL 0;
 *   - an IST entry switches stacks even without a privilege change;
 *   - SYSCALL/SYSRET with STAR, LSTAR and SFMASK, from CPL 3 and back
 *     (RCX and R11 carry RIP and RFLAGS; SYSCALL with EFER.SCE clear is
 *     #UD);
 *   - SWAPGS exchanges GS_BASE and KERNEL_GS_BASE (#GP(0) at CPL 3);
 *   - RDFSBASE/WRFSBASE/RDGSBASE/WRGSBASE with CR4.FSGSBASE (#UD without),
 *     when CPUID offers them.
 */
#include "boot_gdt.h"
#include "guest.h"
#include "paging64.h"
#include "trap64.h"

#define UD                 6
#define GP                 13
#define MSR_STAR           0xc0000081u
#define MSR_LSTAR          0xc0000082u
#define MSR_SFMASK         0xc0000084u
#define MSR_FS_BASE        0xc0000100u
#define MSR_GS_BASE        0xc0000101u
#define MSR_KERNEL_GS_BASE 0xc0000102u
#define EFER_SCE           1ull
#define RFLAGS_TF          0x100ull
#define RFLAGS_DF          0x400ull
#define CR4_FSGSBASE       (1ull << 16)

#define VA_CODE  (TEST_VA + 0x10000)
#define VA_STACK (TEST_VA + 0x11000)

static uint8_t user_code[4096] __attribute__((aligned(4096)));
static uint8_t user_stack[4096] __attribute__((aligned(4096)));
static uint8_t ist_stack[4096] __attribute__((aligned(16)));

/* -- Frames ------------------------------------------------------------ */

uint64_t fault_rsp;
void fault_even(void *unused), fault_odd(void *unused);
void syscall_entry(void);

__asm__(".text\n"
        "fault_even:\n\t" /* RSP = 16n + 8 (after CALL) */
        "mov %rsp, fault_rsp(%rip)\n\t"
        "ud2\n"
        "fault_odd:\n\t"
        "push %rax\n\t"
        "mov %rsp, fault_rsp(%rip)\n\t"
        "ud2\n");

static void test_frames(void)
{
    Trap t;

    trap_catch(fault_even, 0, &t);
    check(t.vector == UD && t.rsp == fault_rsp && t.ss == BOOT_DS
              && t.cs == BOOT_CS64 && t.frame == (fault_rsp & ~15ull) - 40,
          "CPL 0 fault, RSP = 8 mod 16: SS:RSP pushed, frame 16-aligned");
    trap_catch(fault_odd, 0, &t);
    check(t.vector == UD && t.rsp == fault_rsp
              && t.frame == (fault_rsp & ~15ull) - 40,
          "CPL 0 fault, RSP = 0 mod 16: the frame right below RSP");

    trap_set_ist(UD, 1, (uint64_t)(ist_stack + sizeof(ist_stack)));
    trap_catch(fault_odd, 0, &t);
    check(t.vector == UD && t.rsp == fault_rsp
              && t.frame == (uint64_t)(ist_stack + sizeof(ist_stack)) - 40,
          "a gate with IST 1 switches to IST1 at the same CPL");
    trap_set_ist(UD, 0, 0);
    trap_catch(fault_odd, 0, &t);
    check(t.frame == (fault_rsp & ~15ull) - 40,
          "with IST 0 again the frame is on the current stack");
}

/* -- SYSCALL / SYSRET ---------------------------------------------------- */

volatile uint64_t sc_rcx, sc_r11, sc_rsp, sc_rax, sc_rflags, sc_calls;
volatile uint16_t sc_cs, sc_ss;
uint8_t sc_stack[512] __attribute__((aligned(16)));

/* Records what SYSCALL gave the kernel, then SYSRET (RSP back first). */
__asm__(".text\n"
        "syscall_entry:\n\t"
        "mov %rcx, sc_rcx(%rip)\n\t"
        "mov %r11, sc_r11(%rip)\n\t"
        "mov %rsp, sc_rsp(%rip)\n\t"
        "mov %rax, sc_rax(%rip)\n\t"
        "mov %cs, sc_cs(%rip)\n\t"
        "mov %ss, sc_ss(%rip)\n\t"
        "incq sc_calls(%rip)\n\t"
        "lea sc_stack+512(%rip), %rsp\n\t"
        "pushfq\n\t"
        "popq sc_rflags(%rip)\n\t"
        "mov sc_rsp(%rip), %rsp\n\t"
        "sysretq\n");

static void syscall_at_cpl0(void *unused)
{
    __asm__ volatile("syscall" : : : "rcx", "r11", "memory");
}

static void test_syscall(void)
{
    /* std; mov $0x77, %eax; syscall; pushfq; ud2 */
    static const uint8_t code[] = {0xfd, 0xb8, 0x77, 0,    0,   0,
                                   0x0f, 0x05, 0x9c, 0x0f, 0x0b};
    uint64_t top = VA_STACK + 4096, user_rflags;
    Trap t;
    int v;

    wrmsr(MSR_EFER, rdmsr(MSR_EFER) & ~EFER_SCE);
    v = trap_catch(syscall_at_cpl0, 0, &t);
    check(v == UD && sc_calls == 0, "SYSCALL with EFER.SCE clear: #UD");

    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
    wrmsr(MSR_STAR,
          (uint64_t)BOOT_SYSRET_BASE << 48 | (uint64_t)BOOT_CS64 << 32);
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    wrmsr(MSR_SFMASK, RFLAGS_DF | RFLAGS_TF);
    map_page(VA_CODE, (uint64_t)user_code, PTE_P | PTE_US);
    map_page(VA_STACK, (uint64_t)user_stack, PTE_P | PTE_RW | PTE_US);
    v = trap_run_user(code, sizeof(code), user_code, VA_CODE, top, 0, &t);
    check(sc_calls == 1 && sc_rax == 0x77, "SYSCALL from CPL 3 reaches LSTAR");
    check(sc_cs == BOOT_CS64 && sc_ss == BOOT_DS,
          "SYSCALL: CS = STAR[47:32], SS = STAR[47:32] + 8");
    check(sc_rcx == VA_CODE + 8, "SYSCALL: RCX = the next RIP");
    check((sc_r11 & RFLAGS_DF) && (sc_r11 & 2), "SYSCALL: R11 = RFLAGS");
    check(!(sc_rflags & RFLAGS_DF), "SYSCALL: SFMASK cleared DF");
    check(sc_rsp == top, "SYSCALL leaves RSP alone");
    check(v == UD && t.rip == VA_CODE + 9,
          "SYSRET returns to RCX at CPL 3 (then UD2)");
    check(t.cs == BOOT_UCS64_2 && t.ss == BOOT_UDS2,
          "SYSRET: CS = STAR[63:48] + 16 | 3, SS = STAR[63:48] + 8 | 3");
    user_rflags = *(volatile uint64_t *)(user_stack + 4096 - 8);
    check((user_rflags & RFLAGS_DF) && t.rsp == top - 8,
          "SYSRET restores RFLAGS from R11 (DF set again)");
}

/* -- SWAPGS, FSGSBASE ---------------------------------------------------- */

static volatile uint64_t base_a = 0xaaaa5555aaaa5555ull;
static volatile uint64_t base_b = 0xbbbb6666bbbb6666ull;

static uint64_t read_gs0(void)
{
    uint64_t v;

    __asm__ volatile("mov %%gs:0, %0" : "=r"(v));
    return v;
}

static uint64_t read_fs0(void)
{
    uint64_t v;

    __asm__ volatile("mov %%fs:0, %0" : "=r"(v));
    return v;
}

static void test_swapgs(void)
{
    static const uint8_t code[] = {0x0f, 0x01, 0xf8, 0x0f, 0x0b};
    Trap t;
    int v;

    wrmsr(MSR_GS_BASE, (uint64_t)&base_a);
    wrmsr(MSR_KERNEL_GS_BASE, (uint64_t)&base_b);
    check(read_gs0() == base_a, "a GS access uses GS_BASE");
    __asm__ volatile("swapgs" : : : "memory");
    check(rdmsr(MSR_GS_BASE) == (uint64_t)&base_b
              && rdmsr(MSR_KERNEL_GS_BASE) == (uint64_t)&base_a,
          "SWAPGS exchanges GS_BASE and KERNEL_GS_BASE");
    check(read_gs0() == base_b, "after SWAPGS a GS access uses the new base");
    __asm__ volatile("swapgs" : : : "memory");
    check(read_gs0() == base_a, "a second SWAPGS swaps back");
    v = trap_run_user(code, sizeof(code), user_code, VA_CODE, VA_STACK + 4096,
                      0, &t);
    check(v == GP && t.error_code == 0 && t.rip == VA_CODE,
          "SWAPGS at CPL 3: #GP(0)");
}

static void do_rdfsbase(void *unused)
{
    uint64_t v;

    __asm__ volatile("rdfsbase %0" : "=r"(v));
}

static void test_fsgsbase(void)
{
    uint32_t r[4];
    uint64_t v;
    Trap t;

    cpuid(7, 0, r);
    if (!(r[1] & 1)) {
        puts_dbg("FAIL - CPUID does not offer FSGSBASE with -cpu max\n");
        failures++;
        return;
    }
    check(trap_catch(do_rdfsbase, 0, &t) == UD,
          "RDFSBASE with CR4.FSGSBASE clear: #UD");
    write_cr4(read_cr4() | CR4_FSGSBASE);
    __asm__ volatile("wrfsbase %0" : : "r"((uint64_t)&base_b));
    check(rdmsr(MSR_FS_BASE) == (uint64_t)&base_b,
          "WRFSBASE sets the FS_BASE MSR");
    check(read_fs0() == base_b, "an FS access uses the new base");
    __asm__ volatile("rdfsbase %0" : "=r"(v));
    check(v == (uint64_t)&base_b, "RDFSBASE reads it back");
    __asm__ volatile("wrgsbase %0" : : "r"((uint64_t)&base_b));
    __asm__ volatile("rdgsbase %0" : "=r"(v));
    check(v == (uint64_t)&base_b && rdmsr(MSR_GS_BASE) == v
              && read_gs0() == base_b,
          "WRGSBASE / RDGSBASE / GS_BASE agree");
    write_cr4(read_cr4() & ~CR4_FSGSBASE);
}

int guest_main(uint32_t magic, uint32_t info)
{
    trap_init();
    test_frames();
    test_syscall();
    test_swapgs();
    test_fsgsbase();
    return failures;
}
