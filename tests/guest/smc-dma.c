/*
 * Self-modifying code by DMA (the execution engine's SMC handling): the fw_cfg
 * device writes new code over code that has already run, and running it
 * again runs the new code.  The new code is the -fw_cfg file
 * opt/peregrine/code the runner passes: "mov $0x600d, %eax; ret".
 *   - into a page of its own, executed before and after;
 *   - into the page of the code that starts the DMA (its own translated
 *     block is invalidated while it runs).
 */
#include "fw_cfg.h"

#define NEW_CODE_LEN 6
#define NEW_RESULT   0x600d

int far_target(void);
int near_target(void);
int dma_into_own_page(uint16_t sel);

/* A page of its own holding "mov $1, %eax; ret". */
__asm__(".section .text.dma_far, \"ax\"\n\t"
        ".balign 4096\n"
        "far_target:\n\t"
        "movl $1, %eax\n\t"
        "ret\n\t"
        ".balign 4096\n\t"
        ".text");

int dma_code(uint16_t sel, void *dest);

__attribute__((used)) int dma_code(uint16_t sel, void *dest)
{
    return fw_cfg_dma((uint32_t)sel << 16 | FW_CFG_DMA_CTL_SELECT
                          | FW_CFG_DMA_CTL_READ,
                      dest, NEW_CODE_LEN);
}

/*
 * One page holding near_target ("mov $2, %eax; ret") and the caller that
 * runs it, starts the DMA over it, and runs it again; returns the sum of
 * both results.
 */
__asm__(".section .text.dma_near, \"ax\"\n\t"
        ".balign 4096\n"
        "near_target:\n\t"
        "movl $2, %eax\n\t"
        "ret\n"
        "dma_into_own_page:\n\t"
        "pushl %ebx\n\t"
        "call near_target\n\t"
        "movl %eax, %ebx\n\t"
        "pushl $near_target\n\t"
        "pushl 12(%esp)\n\t" /* sel */
        "call dma_code\n\t"
        "addl $8, %esp\n\t"
        "call near_target\n\t"
        "addl %ebx, %eax\n\t"
        "popl %ebx\n\t"
        "ret\n\t"
        ".balign 4096\n\t"
        ".text");

int guest_main(uint32_t magic, uint32_t info)
{
    uint32_t size = 0;
    uint16_t sel = fw_cfg_find_file("opt/peregrine/code", &size);

    check(sel >= 0x20 && size == NEW_CODE_LEN,
          "directory lists opt/peregrine/code (6 bytes)");
    check(far_target() == 1, "the original code runs");
    check(far_target() == 1, "the original code runs again (translated)");
    check(dma_code(sel, (void *)far_target) == 0,
          "DMA writes the new code over it");
    check(far_target() == NEW_RESULT, "the code written by DMA runs after it");
    check(dma_into_own_page(sel) == 2 + NEW_RESULT,
          "DMA into the page of the running code: the new code runs");
    return failures;
}
