/*
 * Descriptor tables for the 32-bit guest tests: a GDT (flat ring-0 and
 * ring-3 segments, a TSS, free slots for tests), an IDT whose 256 vectors
 * all reach exc_dispatch, a 32-bit TSS with a ring-0 stack and an I/O
 * permission bitmap, and ways to catch exceptions and to run code at
 * ring 3.
 *
 * After desc_init(): CS = KERNEL_CS, data = KERNEL_DS, TR = TSS_SEL, every
 * vector recorded in last_exc; guest_try() turns an exception into a
 * return value.
 */
#ifndef GUEST_DESC_H
#define GUEST_DESC_H

#include <stdint.h>

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define USER_CS   0x1b
#define USER_DS   0x23
#define TSS_SEL   0x28
#define GDT_FREE  6 /* first GDT index tests may use */
#define GDT_SIZE  16

/* Access bytes (descriptor bits 8-15). */
#define ACC_P          0x80
#define ACC_DPL(n)     ((n) << 5)
#define ACC_S          0x10
#define ACC_CODE       0x0a /* execute/read */
#define ACC_DATA       0x02 /* read/write */
#define ACC_TSS32      0x09
#define ACC_LDT        0x02
#define ACC_CALLGATE32 0x0c
#define ACC_TASKGATE   0x05
#define ACC_INTGATE32  0x0e
#define ACC_TRAPGATE32 0x0f

/* A 32-bit TSS (SDM vol. 3, figure 7-2) with an I/O bitmap after it. */
struct tss32 {
    uint16_t link, r0;
    uint32_t esp0;
    uint16_t ss0, r1;
    uint32_t esp1;
    uint16_t ss1, r2;
    uint32_t esp2;
    uint16_t ss2, r3;
    uint32_t cr3, eip, eflags;
    uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint16_t es, r4, cs, r5, ss, r6, ds, r7, fs, r8, gs, r9, ldt, r10;
    uint16_t trap, iomap;
    uint8_t iobitmap[8192 / 8 * 8 + 1]; /* ports 0-65535, then 0xff */
} __attribute__((packed));

extern struct tss32 tss;
extern uint64_t gdt[GDT_SIZE];

/* What the last exception was. */
struct exc_record {
    uint32_t vector, error, eip, cs, count;
};
extern volatile struct exc_record last_exc;

/* The frame exc_dispatch sees (pusha, vector, error code, CPU frame). */
struct exc_frame {
    uint32_t edi, esi, ebp, esp_pusha, ebx, edx, ecx, eax;
    uint32_t vector, error;
    uint32_t eip, cs, eflags;
    uint32_t esp, ss; /* only when the exception came from ring 3 */
};

typedef void exc_handler(struct exc_frame *f);

/* Build and load GDT, IDT and TSS; reload the segment registers. */
void desc_init(void);

/* GDT[INDEX] = a segment BASE/LIMIT (byte limit < 1 MiB or G applied) with
 * ACCESS byte and FLAGS nibble (0xc: G and D/B). */
void gdt_set_seg(int index, uint32_t base, uint32_t limit, uint8_t access,
                 uint8_t flags);
/* GDT[INDEX] = a gate (call or task) to SEL:OFF. */
void gdt_set_gate(int index, uint16_t sel, uint32_t off, uint8_t access,
                  uint8_t params);
/* IDT[VEC] = a gate to SEL:OFF with ACCESS (type, DPL, P). */
void idt_set_gate(int vec, uint16_t sel, uint32_t off, uint8_t access);
/* Put IDT[VEC] back to the default catching stub (interrupt gate, DPL 3). */
void idt_reset_gate(int vec);

/* Let handler H see vector VEC first (NULL: the default). */
void set_exc_handler(int vec, exc_handler *h);

/*
 * Call FN at ring 0; returns 0 if it returned, or 1 when an exception
 * interrupted it (last_exc says which), with the stack as at the call.
 */
uint32_t guest_try(void (*fn)(void));

/*
 * Run FN at ring 3 with EFLAGS.IOPL = IOPL on the user stack; FN ends with
 * user_return().  An exception at ring 3 also comes back.  Returns as
 * guest_try does.
 */
uint32_t run_user(void (*fn)(void), unsigned iopl);
void user_return(void) __attribute__((noreturn));

/* The vector user_return uses (an interrupt gate with DPL 3). */
#define USER_RETURN_VECTOR 0x81

#endif /* GUEST_DESC_H */
