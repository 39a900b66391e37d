/*
 * Page tables and system registers for the 64-bit guest tests.
 *
 * start64.S identity-maps 0 - 1 GiB with supervisor-only 2 MiB pages;
 * this library maps test pages in the window TEST_VA (1 GiB - 2 GiB,
 * boot_pdpt[1], user-accessible at the upper levels so the leaf's flags
 * decide) with 4 KiB pages, or 2 MiB pages there, or a 1 GiB page at
 * TEST_VA_1G (boot_pdpt[2]).  Physical frames are the program's own
 * page-aligned arrays (physical = their identity address).
 */
#ifndef PAGING64_H
#define PAGING64_H

#include <stdint.h>

#define PTE_P  (1ull << 0)
#define PTE_RW (1ull << 1)
#define PTE_US (1ull << 2)
#define PTE_A  (1ull << 5)
#define PTE_D  (1ull << 6)
#define PTE_PS (1ull << 7)
#define PTE_G  (1ull << 8)
#define PTE_NX (1ull << 63)

#define TEST_VA    0x40000000ull /* 1 GiB: the 4 KiB / 2 MiB window */
#define TEST_VA_1G 0x80000000ull /* 2 GiB: a 1 GiB page */

#define CR0_WP   (1ull << 16)
#define CR4_PGE  (1ull << 7)
#define CR4_SMEP (1ull << 20)
#define CR4_SMAP (1ull << 21)
#define MSR_EFER 0xc0000080u
#define EFER_NXE (1ull << 11)

/* Map the 4 KiB page at VA (in the TEST_VA window) to PA with FLAGS
 * (PTE_*; the caller gives PTE_P) and INVLPG it. */
void map_page(uint64_t va, uint64_t pa, uint64_t flags);
/* The 4 KiB page-table entry of VA (map_page made its table). */
volatile uint64_t *pte_of(uint64_t va);
/* The page-directory entry of VA in the TEST_VA window. */
volatile uint64_t *pde_of(uint64_t va);
/* The PDPT entry of VA below 512 GiB. */
volatile uint64_t *pdpte_of(uint64_t va);

static inline void invlpg(uint64_t va)
{
    __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

#define DEFINE_CR(n)                                                           \
    static inline uint64_t read_cr##n(void)                                    \
    {                                                                          \
        uint64_t v;                                                            \
        __asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));                      \
        return v;                                                              \
    }                                                                          \
    static inline void write_cr##n(uint64_t v)                                 \
    {                                                                          \
        __asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory");             \
    }
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return (uint64_t)hi << 32 | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr"
                     :
                     : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
                     : "memory");
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ volatile("cpuid"
                     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(sub));
}

/* Is the emulator Peregrine (CPUID brand string)?  For behaviour the SDM
 * allows but does not require (a TLB keeping entries), which QEMU does
 * differently. */
int on_peregrine(void);

#endif /* PAGING64_H */
