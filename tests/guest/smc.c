/*
 * Self-modifying code, 32-bit protected mode (SDM vol. 3, 11.6: a write to
 * a code byte is seen by the instructions fetched after it).
 *   - a store patching the very next instruction;
 *   - a store patching an instruction further on in the same block;
 *   - a loop rewriting the immediate of its own body each iteration.
 */
#include "guest.h"

static int patch_next_insn(void)
{
    int r;

    __asm__ volatile("movb $42, 1f+1\n\t"
                     "1: movl $1, %0\n\t"
                     : "=a"(r)
                     :
                     : "memory");
    return r;
}

static int patch_later_in_same_block(void)
{
    int r, t = 0;

    __asm__ volatile("movb $7, 2f+1\n\t"
                     "addl $1, %1\n\t"
                     "addl $2, %1\n\t"
                     "nop\n\t"
                     "2: movl $3, %0\n\t"
                     : "=a"(r), "+r"(t)
                     :
                     : "memory");
    return r + t; /* 7 + 3 */
}

static int loop_rewrites_body(void)
{
    int sum;

    __asm__ volatile("xorl %%eax, %%eax\n\t"
                     "movl $1, %%ecx\n\t"
                     "3: movb %%cl, 4f+2\n\t"
                     "4: addl $0, %%eax\n\t" /* 83 c0 ib */
                     "incl %%ecx\n\t"
                     "cmpl $11, %%ecx\n\t"
                     "jne 3b\n\t"
                     : "=a"(sum)
                     :
                     : "ecx", "memory");
    return sum; /* 1 + 2 + ... + 10 */
}

int guest_main(uint32_t magic, uint32_t info)
{
    check(magic == MULTIBOOT_BOOTLOADER_MAGIC, "multiboot magic in eax");
    check(patch_next_insn() == 42, "store patches the next instruction");
    check(patch_later_in_same_block() == 10,
          "store patches an instruction later in its block");
    check(loop_rewrites_body() == 55, "loop rewrites its own body");
    return failures;
}
