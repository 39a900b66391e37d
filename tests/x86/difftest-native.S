/*
 * The native side of the host-differential tester: load a DtRegs into the
 * host CPU and jump to the generated code, in 64-bit mode or, through a
 * far jump to the host's 32-bit user code segment (selector 0x23 on Linux
 * x86-64), in compatibility mode.
 *
 * There is no normal return path: every sequence ends with HLT, which
 * faults at CPL 3.  The fault handler (difftest-native.c) stores the state
 * from the signal context and sends the thread to dt_native_recover, which
 * restores the host stack and returns from dt_native_enter.
 *
 * Invariant: nothing between the register loads and the jump changes a
 * loaded register or flag (popfq, mov to rsp and the jumps do not).
 */
    .text

/* void dt_native_enter(const DtRegs *in, uint64_t entry, int compat) */
    .globl dt_native_enter
    .type dt_native_enter, @function
dt_native_enter:
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, dt_host_rsp(%rip)
    /* Where the final indirect jump goes: the code, or the far jump. */
    lea dt_far_jump(%rip), %rax
    test %edx, %edx
    cmovz %rsi, %rax
    mov %rax, dt_target(%rip)
    mov %esi, dt_far(%rip)
    movw $0x23, dt_far+4(%rip)
    test %edx, %edx
    jz 1f
    /* Compatibility mode checks null data selectors (SDM vol. 3, 5.4.1):
     * give DS and ES the flat user data segment. */
    mov $0x2b, %eax
    mov %eax, %ds
    mov %eax, %es
1:
    mov %rdi, %rsp
    pop %rax
    pop %rcx
    pop %rdx
    pop %rbx
    add $8, %rsp                /* rsp is loaded last */
    pop %rbp
    pop %rsi
    pop %rdi
    pop %r8
    pop %r9
    pop %r10
    pop %r11
    pop %r12
    pop %r13
    pop %r14
    pop %r15
    popfq
    mov -104(%rsp), %rsp        /* in->r[4]: 13 slots below the end */
    jmp *dt_target(%rip)

    .globl dt_far_jump
dt_far_jump:
    ljmpl *dt_far(%rip)
    .size dt_native_enter, .-dt_native_enter

/* Where the fault handler resumes the thread, on the host stack. */
    .globl dt_native_recover
    .type dt_native_recover, @function
dt_native_recover:
    mov dt_host_rsp(%rip), %rsp
    xor %eax, %eax
    mov %eax, %ds
    mov %eax, %es
    cld
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    ret
    .size dt_native_recover, .-dt_native_recover

    .bss
    .balign 8
    .globl dt_host_rsp
dt_host_rsp:
    .quad 0
dt_target:
    .quad 0
dt_far:                         /* m16:32 far pointer: offset, selector */
    .long 0
    .word 0

    .section .note.GNU-stack, "", @progbits
