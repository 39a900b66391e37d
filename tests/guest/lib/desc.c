/*
 * Descriptor tables and exception catching for the 32-bit guest tests
 * (desc.h); the vector stubs and the non-local returns are in
 * desc-stubs.S.
 */
#include <stddef.h>

#include "desc.h"
#include "guest.h"

uint64_t gdt[GDT_SIZE] __attribute__((aligned(8)));
static uint64_t idt[256] __attribute__((aligned(8)));
struct tss32 tss __attribute__((aligned(16)));
volatile struct exc_record last_exc;

/* desc-stubs.S */
extern char exc_stubs[];
uint32_t exc_resume; /* where the next caught exception continues */
uint32_t try_esp;    /* guest_try's stack at the call */

static exc_handler *handlers[256];
static uint8_t kstack[8192] __attribute__((aligned(16)));

void gdt_set_seg(int index, uint32_t base, uint32_t limit, uint8_t access,
                 uint8_t flags)
{
    uint32_t lo = (limit & 0xffff) | (base << 16);
    uint32_t hi = ((base >> 16) & 0xff) | ((uint32_t)access << 8)
                  | (limit & 0xf0000) | ((uint32_t)flags << 20)
                  | (base & 0xff000000u);

    gdt[index] = ((uint64_t)hi << 32) | lo;
}

static uint64_t gate(uint16_t sel, uint32_t off, uint8_t access, uint8_t params)
{
    uint32_t lo = (off & 0xffff) | ((uint32_t)sel << 16);
    uint32_t hi = (off & 0xffff0000u) | ((uint32_t)access << 8) | params;

    return ((uint64_t)hi << 32) | lo;
}

void gdt_set_gate(int index, uint16_t sel, uint32_t off, uint8_t access,
                  uint8_t params)
{
    gdt[index] = gate(sel, off, access, params);
}

void idt_set_gate(int vec, uint16_t sel, uint32_t off, uint8_t access)
{
    idt[vec] = gate(sel, off, access, 0);
}

void idt_reset_gate(int vec)
{
    idt_set_gate(vec, KERNEL_CS, (uint32_t)exc_stubs + 16 * vec,
                 ACC_P | ACC_DPL(3) | ACC_INTGATE32);
}

void set_exc_handler(int vec, exc_handler *h)
{
    handlers[vec] = h;
}

void exc_dispatch(struct exc_frame *f);

void exc_dispatch(struct exc_frame *f)
{
    last_exc.vector = f->vector;
    last_exc.error = f->error;
    last_exc.eip = f->eip;
    last_exc.cs = f->cs;
    last_exc.count++;
    if (handlers[f->vector]) {
        handlers[f->vector](f);
        return;
    }
    if (exc_resume) {
        f->eip = exc_resume;
        f->cs = KERNEL_CS;
        f->eflags &= ~0x24100u; /* TF, NT, VM */
        exc_resume = 0;
        return;
    }
    puts_dbg("FAIL - unexpected exception ");
    put_hex(f->vector);
    puts_dbg(" error ");
    put_hex(f->error);
    puts_dbg(" at ");
    put_hex(f->eip);
    puts_dbg("\n");
    guest_exit(1);
}

struct __attribute__((packed)) pseudo_desc {
    uint16_t limit;
    uint32_t base;
};

void desc_init(void)
{
    struct pseudo_desc gdtr = {sizeof(gdt) - 1, (uint32_t)gdt};
    struct pseudo_desc idtr = {sizeof(idt) - 1, (uint32_t)idt};

    gdt[0] = 0;
    gdt_set_seg(1, 0, 0xfffff, ACC_P | ACC_S | ACC_CODE, 0xc);
    gdt_set_seg(2, 0, 0xfffff, ACC_P | ACC_S | ACC_DATA, 0xc);
    gdt_set_seg(3, 0, 0xfffff, ACC_P | ACC_DPL(3) | ACC_S | ACC_CODE, 0xc);
    gdt_set_seg(4, 0, 0xfffff, ACC_P | ACC_DPL(3) | ACC_S | ACC_DATA, 0xc);
    tss.esp0 = (uint32_t)(kstack + sizeof(kstack));
    tss.ss0 = KERNEL_DS;
    tss.iomap = offsetof(struct tss32, iobitmap);
    tss.iobitmap[sizeof(tss.iobitmap) - 1] = 0xff;
    gdt_set_seg(5, (uint32_t)&tss, sizeof(tss) - 1, ACC_P | ACC_TSS32, 0);
    for (int v = 0; v < 256; v++) {
        idt_reset_gate(v);
    }
    __asm__ volatile("lgdt %0\n\t"
                     "ljmp $0x08, $1f\n"
                     "1:\n\t"
                     "mov $0x10, %%eax\n\t"
                     "mov %%eax, %%ds\n\t"
                     "mov %%eax, %%es\n\t"
                     "mov %%eax, %%fs\n\t"
                     "mov %%eax, %%gs\n\t"
                     "mov %%eax, %%ss\n\t"
                     "lidt %1\n\t"
                     "xor %%eax, %%eax\n\t"
                     "lldt %%ax\n\t"
                     "mov $0x28, %%eax\n\t"
                     "ltr %%ax\n\t"
                     :
                     : "m"(gdtr), "m"(idtr)
                     : "eax", "memory");
}
