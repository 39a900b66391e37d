/*
 * Assembly half of desc.c: one 16-byte entry stub per vector (pushing a
 * dummy error code for the vectors without one, then the vector), the
 * common path to exc_dispatch, and the non-local returns guest_try and
 * run_user land on (exc_resume).
 */
#define KERNEL_DS 0x10
#define USER_CS 0x1b
#define USER_DS 0x23
#define USER_RETURN_VECTOR 0x81

    .text
    .balign 16
    .globl exc_stubs
exc_stubs:
    vec = 0
    .rept 256
    .balign 16
    .if (vec == 8) || ((vec >= 10) && (vec <= 14)) || (vec == 17) || (vec == 21)
    .else
    pushl $0
    .endif
    pushl $vec
    jmp exc_common
    vec = vec + 1
    .endr

exc_common:
    pusha
    mov %esp, %eax
    push %eax
    cld
    call exc_dispatch
    add $4, %esp
    popa
    add $8, %esp
    iret

/* uint32_t guest_try(void (*fn)(void)) */
    .globl guest_try
guest_try:
    push %ebp
    push %ebx
    push %esi
    push %edi
    mov %esp, try_esp
    movl $resume, exc_resume
    call *20(%esp)
    movl $0, exc_resume
    xor %eax, %eax
    jmp done

/* uint32_t run_user(void (*fn)(void), unsigned iopl) */
    .globl run_user
run_user:
    push %ebp
    push %ebx
    push %esi
    push %edi
    mov %esp, try_esp
    movl $resume, exc_resume
    mov 20(%esp), %ecx
    mov 24(%esp), %edx
    mov $USER_DS, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %fs
    mov %ax, %gs
    push $USER_DS
    push $user_stack_top
    pushf
    pop %eax
    and $~0x3200, %eax          /* IF and IOPL clear */
    shl $12, %edx
    or %edx, %eax
    push %eax
    push $USER_CS
    push %ecx
    iret

resume:
    mov try_esp, %esp
    mov $KERNEL_DS, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %fs
    mov %ax, %gs
    mov %ax, %ss
    mov $1, %eax
    cmpl $USER_RETURN_VECTOR, last_exc
    jne done
    xor %eax, %eax
done:
    pop %edi
    pop %esi
    pop %ebx
    pop %ebp
    ret

    .globl user_return
user_return:
    int $USER_RETURN_VECTOR
1:  jmp 1b

    .bss
    .balign 16
    .space 8192
    .globl user_stack_top
user_stack_top:
    .section .note.GNU-stack, "", @progbits
