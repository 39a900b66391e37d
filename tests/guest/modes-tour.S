/*
 * The mode tour of modes.c: from the 32-bit protected mode multiboot
 * gives, through real mode -> 16-bit protected mode -> 32-bit protected
 * mode -> IA-32e (compatibility mode as CR0.PG is set, then 64-bit mode)
 * -> compatibility mode -> 32-bit protected mode with paging off -> real
 * mode, and back to 32-bit protected mode to return to C (SDM vol. 3,
 * 9.8 and 9.9, 10.8.5).
 *
 * At each step a record of 8 dwords at TOUR_RESULTS + 32 * step holds
 * CR0, EFER[31:0], CS, the bytes PUSH imm8 takes (the default operand
 * size), two probes and a marker (modes.c says what each step probes).
 * The records live below 1 MiB so that real mode reaches them; so does
 * the 16-bit code (rm_blob, copied to TOUR_BLOB and run there with CS
 * base TOUR_BLOB).  The IDTR holds the real-mode IVT for the whole tour:
 * an exception on the way is a triple fault, which fails the test.
 *
 * Selectors: the GDT of desc.c (0x08 32-bit code, 0x10 data) plus the
 * tour's own entries that modes.c installs (TOUR_*_SEL).
 */
#include "modes-tour.h"

#define REC(step, field) (TOUR_RESULTS + 4 * ((step) * 8 + (field)))
#define OFF(label) ((label) - rm_blob_start)
#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define MSR_EFER 0xc0000080
#define PROBE 0x5eed1234

/* CR0, EFER, CS and the marker, in 16-, 32- and 64-bit code (CR0 is
 * read into CR0REG: a 64-bit register in 64-bit mode). */
.macro rec_regs step, cr0reg=%eax
    mov %cr0, \cr0reg
    movl %eax, REC(\step, 0)
    mov $MSR_EFER, %ecx
    rdmsr
    movl %eax, REC(\step, 1)
    xor %eax, %eax
    mov %cs, %ax
    movl %eax, REC(\step, 2)
    movl $(TOUR_MARK + \step), REC(\step, 6)
.endm

/* The bytes PUSH imm8 (6a ib, default operand size) moves the stack. */
.macro rec_push16 step
    mov %sp, %cx
    .byte 0x6a, 1
    mov %sp, %dx
    sub %dx, %cx
    add %cx, %sp
    movzwl %cx, %ecx
    movl %ecx, REC(\step, 3)
.endm

.macro rec_push32 step
    mov %esp, %ecx
    .byte 0x6a, 1
    mov %esp, %edx
    sub %edx, %ecx
    add %ecx, %esp
    movl %ecx, REC(\step, 3)
.endm

.macro rec_push64 step
    mov %rsp, %rcx
    .byte 0x6a, 1
    mov %rsp, %rdx
    sub %rdx, %rcx
    add %rcx, %rsp
    movl %ecx, REC(\step, 3)
.endm

/* Probe: 0x48 after MOV EAX, 5 is DEC EAX outside 64-bit mode. */
.macro probe_dec step
    mov $5, %eax
    .byte 0x48
    movl %eax, REC(\step, 4)
.endm

/* -- 32-bit entry (called from C) -------------------------------------------- */

    .text
    .code32
    .globl mode_tour
/* void mode_tour(uint32_t cr3): CR3 = a PML4 identity-mapping low memory. */
mode_tour:
    push %ebp
    push %ebx
    push %esi
    push %edi
    mov 20(%esp), %eax
    mov %eax, tour_cr3
    mov %esp, tour_esp
    sidt tour_idtr
    cld
    mov $rm_blob_start, %esi
    mov $TOUR_BLOB, %edi
    mov $(rm_blob_end - rm_blob_start), %ecx
    rep movsb
    lidt ivt_desc
    ljmp $TOUR_CODE16_SEL, $OFF(to_real1)

/* -- 16-bit code, run at TOUR_BLOB -------------------------------------------- */

    .code16
rm_blob_start:
/* 16-bit protected mode, on the way to real mode: 64 KiB segments. */
to_real1:
    mov $TOUR_DATA16_SEL, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %fs
    mov %ax, %gs
    mov %ax, %ss
    mov $TOUR_STACK, %esp
    mov %cr0, %eax
    and $~1, %eax
    mov %eax, %cr0
    ljmp $(TOUR_BLOB >> 4), $OFF(real1)

/* Step 0: real mode. */
real1:
    xor %ax, %ax
    mov %ax, %ds
    mov %ax, %ss
    mov $TOUR_STACK, %esp
    /* Probe 1: a store through ES = 0x05ff at 0x10 lands at 0x6000. */
    mov $(TOUR_SCRATCH >> 4) - 1, %ax
    mov %ax, %es
    movl $PROBE, %es:0x10
    movl TOUR_SCRATCH, %eax
    movl %eax, REC(0, 4)
    /* Probe 2: INT 0x40 through the IVT (the handler records CS). */
    movw $OFF(rm_int40), 0x40 * 4
    movw $(TOUR_BLOB >> 4), 0x40 * 4 + 2
    int $0x40
    rec_regs 0
    rec_push16 0

    /* Step 1: 16-bit protected mode. */
    mov %cr0, %eax
    or $1, %eax
    mov %eax, %cr0
    ljmp $TOUR_CODE16_SEL, $OFF(pm16)
pm16:
    mov $TOUR_DATA16_SEL, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    /* Probe 1: FS's base is 0x6000. */
    mov $TOUR_SCRATCH_SEL, %ax
    mov %ax, %fs
    movl %fs:0, %eax
    movl %eax, REC(1, 4)
    rec_regs 1
    rec_push16 1
    ljmpl $KERNEL_CS, $pm32

rm_int40:
    push %ax
    mov %cs, %ax
    movw %ax, REC(0, 5)
    movw $0x1234, REC(0, 5) + 2
    pop %ax
    iret

/* 32-bit protected mode with paging off, on the way to real mode. */
to_real2:
    mov $TOUR_DATA16_SEL, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %fs
    mov %ax, %gs
    mov %ax, %ss
    mov %cr0, %eax
    and $~1, %eax
    mov %eax, %cr0
    ljmp $(TOUR_BLOB >> 4), $OFF(real2)

/* Step 7: real mode again. */
real2:
    xor %ax, %ax
    mov %ax, %ds
    mov %ax, %ss
    mov $TOUR_STACK, %esp
    mov $(TOUR_SCRATCH >> 4), %ax
    mov %ax, %es
    movl %es:0, %eax
    movl %eax, REC(7, 4)
    rec_regs 7
    rec_push16 7
    /* Back to 32-bit protected mode for the C code. */
    mov %cr0, %eax
    or $1, %eax
    mov %eax, %cr0
    ljmpl $KERNEL_CS, $tour_done
rm_blob_end:

/* -- 32-bit and 64-bit code, in place ------------------------------------------- */

    .code32
/* Step 2: 32-bit protected mode. */
pm32:
    mov $KERNEL_DS, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %fs
    mov %ax, %gs
    mov %ax, %ss
    mov $TOUR_STACK, %esp
    movl TOUR_SCRATCH, %eax
    movl %eax, REC(2, 4)
    rec_regs 2
    rec_push32 2

    /* Step 3: IA-32e mode is active once CR0.PG is set with EFER.LME;
     * CS is still a 32-bit segment, so this is compatibility mode. */
    mov %cr4, %eax
    or $0x20, %eax                      /* PAE */
    mov %eax, %cr4
    mov tour_cr3, %eax
    mov %eax, %cr3
    mov $MSR_EFER, %ecx
    rdmsr
    or $0x100, %eax                     /* LME */
    wrmsr
    mov %cr0, %eax
    or $0x80000000, %eax
    mov %eax, %cr0
    probe_dec 3
    rec_regs 3
    rec_push32 3
    ljmp $TOUR_CODE64_SEL, $long64

    .code64
/* Step 4: 64-bit mode. */
long64:
    movabs $0x123456789abcdef0, %rax
    movl %eax, REC(4, 4)
    shr $32, %rax
    movl %eax, REC(4, 5)
    rec_regs 4, %rax
    rec_push64 4
    /* Step 5: a far return to a 32-bit code segment: compatibility mode. */
    pushq $KERNEL_CS
    mov $compat32, %eax
    push %rax
    lretq

    .code32
compat32:
    probe_dec 5
    rec_regs 5
    rec_push32 5
    /* Step 6: leave IA-32e mode (paging off from compatibility mode, then
     * LME and PAE), staying in 32-bit protected mode. */
    mov %cr0, %eax
    and $0x7fffffff, %eax
    mov %eax, %cr0
    mov $MSR_EFER, %ecx
    rdmsr
    and $~0x100, %eax
    wrmsr
    mov %cr4, %eax
    and $~0x20, %eax
    mov %eax, %cr4
    probe_dec 6
    rec_regs 6
    rec_push32 6
    ljmp $TOUR_CODE16_SEL, $OFF(to_real2)

tour_done:
    mov $KERNEL_DS, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %fs
    mov %ax, %gs
    mov %ax, %ss
    mov tour_esp, %esp
    lidt tour_idtr
    pop %edi
    pop %esi
    pop %ebx
    pop %ebp
    ret

    .data
    .balign 4
ivt_desc:
    .word 0x3ff
    .long 0
tour_idtr:
    .word 0
    .long 0
tour_esp:
    .long 0
tour_cr3:
    .long 0
    .section .note.GNU-stack, "", @progbits
