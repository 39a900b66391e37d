/*
 * Catching exceptions in the 64-bit guest tests (trap64.h): an IDT of
 * interrupt gates to the stubs of trap64.S, a TSS for faults from CPL 3,
 * and a longjmp-style return from the handler to the catcher.
 */
#include "trap64.h"

#include "boot_gdt.h"
#include "guest.h"

extern const uint64_t trap_stubs[32];
extern uint8_t boot_gdt_tss[16];
void trap_enter_user(uint64_t arg, uint64_t rip, uint64_t rsp)
    __attribute__((noreturn));

static uint64_t idt[32 * 2] __attribute__((aligned(16)));
static uint8_t tss[104] __attribute__((aligned(16)));
static uint8_t rsp0_stack[8192] __attribute__((aligned(16)));

/* The catcher's context (__builtin_setjmp buffer) and the report. */
static void *catch_buf[5];
static int catching;
static Trap caught;

void trap_handler(const uint64_t *frame) __attribute__((noreturn));

void trap_handler(const uint64_t *frame)
{
    uint64_t cr2;

    __asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
    if (!catching) {
        puts_dbg("FAIL - unexpected exception ");
        put_hex((uint32_t)frame[0]);
        puts_dbg(" at rip ");
        put_hex((uint32_t)frame[2]);
        puts_dbg("\n");
        guest_exit(1);
    }
    caught.vector = (int)frame[0];
    caught.error_code = frame[1];
    caught.cr2 = cr2;
    caught.rip = frame[2];
    caught.cs = frame[3];
    caught.rflags = frame[4];
    caught.rsp = frame[5];
    caught.ss = frame[6];
    caught.frame = (uint64_t)&frame[2];
    __builtin_longjmp(catch_buf, 1);
}

void trap_init(void)
{
    uint64_t tss_base = (uint64_t)tss;
    struct __attribute__((packed)) {
        uint16_t limit;
        uint64_t base;
    } idtr = {sizeof(idt) - 1, (uint64_t)idt};

    for (int v = 0; v < 32; v++) {
        uint64_t h = trap_stubs[v];

        /* 64-bit interrupt gate, DPL 0, present (SDM vol. 3, 6.14.1). */
        idt[2 * v] = (h & 0xffff) | (uint64_t)BOOT_CS64 << 16
                     | (uint64_t)0x8e00 << 32 | (h >> 16 & 0xffff) << 48;
        idt[2 * v + 1] = h >> 32;
    }
    /* RSP0 at offset 4 of the 64-bit TSS. */
    *(uint64_t *)(tss + 4) = (uint64_t)(rsp0_stack + sizeof(rsp0_stack));
    *(uint64_t *)boot_gdt_tss = (sizeof(tss) - 1) | (tss_base & 0xffffff) << 16
                                | (uint64_t)0x89 << 40
                                | (tss_base >> 24 & 0xff) << 56;
    *(uint64_t *)(boot_gdt_tss + 8) = tss_base >> 32;
    __asm__ volatile("lidt %0" : : "m"(idtr));
    __asm__ volatile("ltr %w0" : : "r"(BOOT_TSS));
}

void trap_set_ist(int vector, unsigned ist, uint64_t stack_top)
{
    /* IST pointers at TSS offset 0x24 + 8 * (n - 1); the gate's IST field
     * is bits 0-2 of its second dword (SDM vol. 3, 8.7 and 6.14.1). */
    idt[2 * vector] &= ~(7ull << 32);
    if (ist) {
        *(uint64_t *)(tss + 0x24 + 8 * (ist - 1)) = stack_top;
        idt[2 * vector] |= (uint64_t)ist << 32;
    }
}

int trap_catch(void (*fn)(void *), void *arg, Trap *t)
{
    caught.vector = -1;
    if (__builtin_setjmp(catch_buf) == 0) {
        catching = 1;
        fn(arg);
    }
    catching = 0;
    *t = caught;
    return caught.vector;
}

static uint64_t user_arg, user_rip, user_rsp;

static void enter_user(void *unused)
{
    trap_enter_user(user_arg, user_rip, user_rsp);
}

int trap_run_user(const uint8_t *code, unsigned len, void *code_alias,
                  uint64_t code_va, uint64_t stack_top, uint64_t arg, Trap *t)
{
    for (unsigned i = 0; i < len; i++) {
        ((volatile uint8_t *)code_alias)[i] = code[i];
    }
    user_arg = arg;
    user_rip = code_va;
    user_rsp = stack_top;
    return trap_catch(enter_user, 0, t);
}
