/*
 * Mode switches (SDM vol. 3, 9.8, 9.9 and 10.8.5): modes-tour.S goes
 * real mode -> 16-bit protected mode -> 32-bit protected mode -> IA-32e
 * compatibility mode (as CR0.PG is set) -> 64-bit mode -> compatibility
 * mode -> 32-bit protected mode with paging off -> real mode, recording at
 * each step CR0, EFER, CS, the default operand size and a probe of what
 * only that mode does:
 *   real mode: linear = segment * 16 + offset; INT through the IVT;
 *   16-bit protected mode: a selector's descriptor base is used;
 *   compatibility / 32-bit: byte 0x48 is DEC EAX (in 64-bit mode a REX);
 *   64-bit mode: 64-bit registers.
 */
#include "desc.h"
#include "guest.h"
#include "modes-tour.h"

#define CR0_PE   1u
#define CR0_PG   (1u << 31)
#define EFER_LME (1u << 8)
#define EFER_LMA (1u << 10)
#define PROBE    0x5eed1234u

enum {
    REAL1,
    PM16,
    PM32,
    COMPAT_ENTRY,
    LONG64,
    COMPAT,
    PM32_NOPG,
    REAL2,
    NSTEPS
};

struct record {
    uint32_t cr0, efer, cs, push, probe1, probe2, mark, unused;
};

void mode_tour(uint32_t cr3);

static uint64_t pml4[512] __attribute__((aligned(4096)));
static uint64_t pdpt[512] __attribute__((aligned(4096)));
static uint64_t pd[512] __attribute__((aligned(4096)));

static const char *const step_names[NSTEPS] = {
    "real mode",
    "16-bit protected mode",
    "32-bit protected mode",
    "IA-32e entry (compatibility mode)",
    "64-bit mode",
    "compatibility mode",
    "32-bit protected mode, paging off",
    "real mode again",
};

/* check() with "STEP: WHAT" as the description. */
static void check_step(int step, int cond, const char *what)
{
    char buf[128];
    unsigned n = 0;

    for (const char *s = step_names[step]; *s && n < sizeof(buf) - 1; s++) {
        buf[n++] = *s;
    }
    for (const char *s = ": "; *s && n < sizeof(buf) - 1; s++) {
        buf[n++] = *s;
    }
    for (const char *s = what; *s && n < sizeof(buf) - 1; s++) {
        buf[n++] = *s;
    }
    buf[n] = 0;
    check(cond, buf);
}

/* The registers of STEP: CR0.PE/PG, EFER.LME/LMA, CS and operand size. */
static void check_regs(const volatile struct record *r, int step, int pe,
                       int pg, uint32_t efer, uint32_t cs, uint32_t push)
{
    check_step(step, r->mark == TOUR_MARK + (uint32_t)step, "reached");
    check_step(step, !!(r->cr0 & CR0_PE) == pe && !!(r->cr0 & CR0_PG) == pg,
               pe ? (pg ? "CR0.PE and PG set" : "CR0.PE set, PG clear")
                  : "CR0.PE and PG clear");
    check_step(step, (r->efer & (EFER_LME | EFER_LMA)) == efer,
               efer == 0 ? "EFER.LME and LMA clear" : "EFER.LME and LMA set");
    check_step(step, r->cs == cs, "CS holds the expected selector");
    check_step(step, r->push == push,
               push == 2   ? "16-bit operands (PUSH imm8 takes 2 bytes)"
               : push == 4 ? "32-bit operands (PUSH imm8 takes 4 bytes)"
                           : "64-bit stack (PUSH imm8 takes 8 bytes)");
    if (r->mark != TOUR_MARK + (uint32_t)step) {
        puts_dbg("# record: cr0 ");
        put_hex(r->cr0);
        puts_dbg(" efer ");
        put_hex(r->efer);
        puts_dbg(" cs ");
        put_hex(r->cs);
        puts_dbg(" push ");
        put_hex(r->push);
        puts_dbg("\n");
    }
}

int guest_main(uint32_t magic, uint32_t info)
{
    volatile struct record *rec = (volatile struct record *)TOUR_RESULTS;
    uint32_t cr0;

    desc_init();
    gdt_set_seg(TOUR_CODE16_SEL >> 3, TOUR_BLOB, 0xffff,
                ACC_P | ACC_S | ACC_CODE, 0);
    gdt_set_seg(TOUR_DATA16_SEL >> 3, 0, 0xffff, ACC_P | ACC_S | ACC_DATA, 0);
    gdt_set_seg(TOUR_CODE64_SEL >> 3, 0, 0xfffff, ACC_P | ACC_S | ACC_CODE,
                0xa);
    gdt_set_seg(TOUR_SCRATCH_SEL >> 3, TOUR_SCRATCH, 0xffff,
                ACC_P | ACC_S | ACC_DATA, 0);
    /* Long mode: 0 - 1 GiB identity-mapped with 2 MiB pages. */
    for (uint32_t i = 0; i < 512; i++) {
        pd[i] = ((uint64_t)i << 21) | 0x83; /* P, RW, PS */
    }
    pdpt[0] = (uint32_t)pd | 3;
    pml4[0] = (uint32_t)pdpt | 3;
    for (int i = 0; i < NSTEPS * 8; i++) {
        ((volatile uint32_t *)TOUR_RESULTS)[i] = 0;
    }
    *(volatile uint32_t *)TOUR_SCRATCH = 0;

    mode_tour((uint32_t)pml4);

    check_regs(&rec[REAL1], REAL1, 0, 0, 0, TOUR_BLOB >> 4, 2);
    check_step(REAL1, rec[REAL1].probe1 == PROBE,
               "ES 0x05ff : 0x10 is linear 0x6000");
    check_step(REAL1, rec[REAL1].probe2 == (0x12340000u | (TOUR_BLOB >> 4)),
               "INT 0x40 runs the IVT's handler with its CS");
    check_regs(&rec[PM16], PM16, 1, 0, 0, TOUR_CODE16_SEL, 2);
    check_step(PM16, rec[PM16].probe1 == PROBE,
               "FS:0 reads at the descriptor base 0x6000");
    check_regs(&rec[PM32], PM32, 1, 0, 0, KERNEL_CS, 4);
    check_step(PM32, rec[PM32].probe1 == PROBE, "flat data segment");
    check_regs(&rec[COMPAT_ENTRY], COMPAT_ENTRY, 1, 1, EFER_LME | EFER_LMA,
               KERNEL_CS, 4);
    check_step(COMPAT_ENTRY, rec[COMPAT_ENTRY].probe1 == 4, "0x48 is DEC EAX");
    check_regs(&rec[LONG64], LONG64, 1, 1, EFER_LME | EFER_LMA, TOUR_CODE64_SEL,
               8);
    check_step(LONG64,
               rec[LONG64].probe1 == 0x9abcdef0u
                   && rec[LONG64].probe2 == 0x12345678u,
               "MOVABS fills a 64-bit register");
    check_regs(&rec[COMPAT], COMPAT, 1, 1, EFER_LME | EFER_LMA, KERNEL_CS, 4);
    check_step(COMPAT, rec[COMPAT].probe1 == 4, "0x48 is DEC EAX");
    check_regs(&rec[PM32_NOPG], PM32_NOPG, 1, 0, 0, KERNEL_CS, 4);
    check_step(PM32_NOPG, rec[PM32_NOPG].probe1 == 4, "0x48 is DEC EAX");
    check_regs(&rec[REAL2], REAL2, 0, 0, 0, TOUR_BLOB >> 4, 2);
    check_step(REAL2, rec[REAL2].probe1 == PROBE,
               "ES 0x0600 : 0 is linear 0x6000");

    __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
    check((cr0 & (CR0_PE | CR0_PG)) == CR0_PE,
          "back in 32-bit protected mode after the tour");
    return failures;
}
