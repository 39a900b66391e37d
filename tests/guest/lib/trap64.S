/*
 * Exception entry stubs of the 64-bit guest tests (trap64.c): one per
 * vector 0-31, giving trap_handler() a frame with the vector and an error
 * code (0 pushed for vectors whose CPU frame has none).
 */
    .text
    .code64

.macro stub vec, has_err
    .balign 16
trap_stub_\vec:
    .if \has_err == 0
    push $0
    .endif
    push $\vec
    jmp trap_common
.endm

    stub 0, 0
    stub 1, 0
    stub 2, 0
    stub 3, 0
    stub 4, 0
    stub 5, 0
    stub 6, 0
    stub 7, 0
    stub 8, 1
    stub 9, 0
    stub 10, 1
    stub 11, 1
    stub 12, 1
    stub 13, 1
    stub 14, 1
    stub 15, 0
    stub 16, 0
    stub 17, 1
    stub 18, 0
    stub 19, 0
    stub 20, 0
    stub 21, 1
    stub 22, 0
    stub 23, 0
    stub 24, 0
    stub 25, 0
    stub 26, 0
    stub 27, 0
    stub 28, 0
    stub 29, 1
    stub 30, 1
    stub 31, 0

/* (rsp) = vector, 8(rsp) = error code, 16(rsp) = the CPU's frame (rip). */
trap_common:
    mov %rsp, %rdi
    and $-16, %rsp
    call trap_handler                   /* does not return */
1:  hlt
    jmp 1b

    .section .rodata
    .balign 8
    .globl trap_stubs
trap_stubs:
    .irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .quad trap_stub_\v
    .endr

    .text
/* Enter CPL 3 at RSI with RDI kept, RSP = RDX (trap64.c, never returns). */
    .globl trap_enter_user
trap_enter_user:
    pushq $0x2b                         /* SS: BOOT_UDS */
    push %rdx                           /* RSP */
    pushq $0x2                          /* RFLAGS: IF clear */
    pushq $0x23                         /* CS: BOOT_UCS64 */
    push %rsi                           /* RIP */
    iretq
