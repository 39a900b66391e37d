/*
 * Entry of the 64-bit bare-metal guest tests.  The program is compiled
 * for x86-64 and converted to an ELF32 file (objcopy -O elf32-i386) so
 * that multiboot loaders take it; this stub starts in the 32-bit
 * protected mode multiboot gives and switches to long mode:
 *   - identity page tables for the first 1 GiB (2 MiB pages, supervisor
 *     only): boot_pml4[0] -> boot_pdpt[0] -> boot_pd;
 *   - CR4.PAE, EFER.LME, CR3, CR0.PG (SDM vol. 3, 10.8.5);
 *   - a far jump to a 64-bit code segment of its own GDT (boot_gdt.h
 *     selectors), then guest_main(magic, info) on a 16 KiB stack.
 * boot_pml4 and boot_pdpt are left for the paging library (paging.c) to
 * extend; boot_pml4[0] allows user access so lower levels decide.
 */
#include "boot_gdt.h"

#define MB_MAGIC 0x1badb002
#define MB_FLAGS 0x00000002            /* memory information wanted */

#define PTE_P  0x001
#define PTE_RW 0x002
#define PTE_US 0x004
#define PTE_PS 0x080

    .section .multiboot, "a"
    .balign 4
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)

    .text
    .code32
    .globl _start
_start:
    cli
    mov %eax, %edi                      /* multiboot magic: argument 1 */
    mov %ebx, %esi                      /* multiboot information: 2 */

    /* 512 PDEs: 2 MiB pages 0 .. 1 GiB, present and writable. */
    mov $boot_pd, %edx
    xor %ecx, %ecx
1:  mov %ecx, %eax
    shl $21, %eax
    or $(PTE_P | PTE_RW | PTE_PS), %eax
    mov %eax, (%edx, %ecx, 8)
    movl $0, 4(%edx, %ecx, 8)
    inc %ecx
    cmp $512, %ecx
    jne 1b
    mov $boot_pd, %eax
    or $(PTE_P | PTE_RW), %eax
    mov %eax, boot_pdpt
    mov $boot_pdpt, %eax
    or $(PTE_P | PTE_RW | PTE_US), %eax
    mov %eax, boot_pml4

    lgdt boot_gdt_desc
    mov %cr4, %eax
    or $0x20, %eax                      /* PAE */
    mov %eax, %cr4
    mov $boot_pml4, %eax
    mov %eax, %cr3
    mov $0xc0000080, %ecx               /* EFER */
    rdmsr
    or $0x100, %eax                     /* LME */
    wrmsr
    mov %cr0, %eax
    or $0x80000000, %eax                /* PG: IA-32e mode becomes active */
    mov %eax, %cr0
    ljmp $BOOT_CS64, $long_entry

    .code64
long_entry:
    mov $BOOT_DS, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    mov %eax, %fs
    mov %eax, %gs
    mov $stack_top, %rsp
    mov %edi, %edi                      /* upper halves are undefined */
    mov %esi, %esi                      /* after the mode switch */
    call guest_main
    mov %eax, %edi
    call guest_exit
2:  hlt
    jmp 2b

    .data
    .balign 8
boot_gdt:
    .quad 0                             /* null */
    .quad 0x00af9b000000ffff            /* BOOT_CS64: 64-bit code, DPL 0 */
    .quad 0x00cf93000000ffff            /* BOOT_DS: flat data, DPL 0 */
    .quad 0x00cf9b000000ffff            /* BOOT_CS32: 32-bit code, DPL 0 */
    .quad 0x00affb000000ffff            /* BOOT_UCS64: 64-bit code, DPL 3 */
    .quad 0x00cff3000000ffff            /* BOOT_UDS: flat data, DPL 3 */
    .globl boot_gdt_tss
boot_gdt_tss:
    .quad 0, 0                          /* BOOT_TSS: filled by trap64.c */
    .quad 0x00cffb000000ffff            /* BOOT_UCS32: 32-bit code, DPL 3 */
    .quad 0x00cff3000000ffff            /* BOOT_UDS2: flat data, DPL 3 */
    .quad 0x00affb000000ffff            /* BOOT_UCS64_2: 64-bit code, DPL 3 */
boot_gdt_end:
    .globl boot_gdt_desc
boot_gdt_desc:
    .word boot_gdt_end - boot_gdt - 1
    .quad boot_gdt

    .bss
    .balign 4096
    .globl boot_pml4, boot_pdpt, boot_pd
boot_pml4:
    .space 4096
boot_pdpt:
    .space 4096
boot_pd:
    .space 4096
    .balign 16
    .space 16384
    .globl stack_top
stack_top:
