/*
 * Entry of the bare-metal guest tests: a multiboot v1 header (the loader
 * takes the ELF program headers, so no address fields), a stack, and a
 * call to guest_main(magic, info).  Its return value is the test result
 * reported through isa-debug-exit.
 */
#define MB_MAGIC 0x1badb002
#define MB_FLAGS 0x00000002            /* memory information wanted */

    .section .multiboot, "a"
    .balign 4
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)

    .text
    .globl _start
_start:
    cli
    mov $stack_top, %esp
    push %ebx                           /* multiboot information */
    push %eax                           /* bootloader magic */
    call guest_main
    push %eax
    call guest_exit
1:  hlt
    jmp 1b

    .bss
    .balign 16
    .space 16384
stack_top:
    .section .note.GNU-stack, "", @progbits
