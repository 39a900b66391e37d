/*
 * The 64-bit guest tests' page-table library (paging64.h).
 */
#include "paging64.h"

extern uint64_t boot_pdpt[512];

/* Page tables for the TEST_VA window: one directory, tables as needed. */
static uint64_t test_pd[512] __attribute__((aligned(4096)));
static uint64_t test_pts[8][512] __attribute__((aligned(4096)));
static unsigned test_pts_used;

volatile uint64_t *pdpte_of(uint64_t va)
{
    return &boot_pdpt[(va >> 30) & 511];
}

volatile uint64_t *pde_of(uint64_t va)
{
    if (!(boot_pdpt[1] & PTE_P)) {
        boot_pdpt[1] = (uint64_t)test_pd | PTE_P | PTE_RW | PTE_US;
    }
    return &test_pd[(va >> 21) & 511];
}

volatile uint64_t *pte_of(uint64_t va)
{
    volatile uint64_t *pde = pde_of(va);

    if (!(*pde & PTE_P) || (*pde & PTE_PS)) {
        uint64_t *pt = test_pts[test_pts_used++ & 7];

        for (int i = 0; i < 512; i++) {
            pt[i] = 0;
        }
        *pde = (uint64_t)pt | PTE_P | PTE_RW | PTE_US;
        write_cr3(read_cr3());
    }
    return (uint64_t *)(*pde & 0xffffffffff000ull) + ((va >> 12) & 511);
}

void map_page(uint64_t va, uint64_t pa, uint64_t flags)
{
    *pte_of(va) = pa | flags;
    invlpg(va);
}

int on_peregrine(void)
{
    uint32_t r[12];
    const char *want = "Peregrine";
    const char *brand = (const char *)r;

    cpuid(0x80000002, 0, r);
    cpuid(0x80000003, 0, r + 4);
    cpuid(0x80000004, 0, r + 8);
    for (int i = 0; want[i]; i++) {
        if (brand[i] != want[i]) {
            return 0;
        }
    }
    return 1;
}
