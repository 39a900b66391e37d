/*
 * Single-stepping with EFLAGS.TF in 32-bit protected mode (SDM vol. 3,
 * 18.3.1.4): a #DB trap after each instruction that starts with TF set,
 * saving the address of the next instruction, with DR6.BS set; POPF
 * setting TF traps only after the following instruction, POPF clearing
 * it still traps; a REP string instruction traps after every iteration
 * (saving its own address until the last); MOV SS holds the trap back
 * until after the next instruction (SDM vol. 3, 6.8.3).
 *
 * The #DB handler records the saved EIP and DR6 of each trap.
 */
#include "desc.h"
#include "guest.h"

#define DR6_BS    (1u << 14)
#define DR6_INIT  0xffff0ff0u
#define MAX_TRAPS 16

extern char seq_s2[], seq_s3[], seq_s4[], seq_s5[], seq_s6[], seq_s7[];
extern char rep_insn[], rep_next[];
extern char movss_load[], movss_nop[], movss_after[];
void step_sequence(void);
void step_rep_movsb(void);
void step_mov_ss(void);

uint8_t rep_src[8] = "abcdefg", rep_dst[8];

/* Set TF with POPF, run some instructions, clear TF with POPF. */
__asm__(".text\n"
        ".globl step_sequence\n"
        "step_sequence:\n\t"
        "pushf\n\t"
        "orl $0x100, (%esp)\n\t"
        "popf\n\t" /* no trap: TF was clear */
        "nop\n"
        "seq_s2: mov $1, %eax\n"
        "seq_s3: add %eax, %eax\n"
        "seq_s4: pushf\n"
        "seq_s5: andl $~0x100, (%esp)\n"
        "seq_s6: popf\n" /* traps: TF was set */
        "seq_s7: ret\n");

/* REP MOVSB with ECX = 5 under TF. */
__asm__(".text\n"
        ".globl step_rep_movsb\n"
        "step_rep_movsb:\n\t"
        "push %esi\n\t"
        "push %edi\n\t"
        "mov $rep_src, %esi\n\t"
        "mov $rep_dst, %edi\n\t"
        "mov $5, %ecx\n\t"
        "cld\n\t"
        "pushf\n\t"
        "orl $0x100, (%esp)\n\t"
        "popf\n\t"
        "nop\n"
        "rep_insn: rep movsb\n"
        "rep_next: pushf\n\t"
        "andl $~0x100, (%esp)\n\t"
        "popf\n\t"
        "pop %edi\n\t"
        "pop %esi\n\t"
        "ret\n");

/* MOV SS under TF: the trap after it waits for the NOP. */
__asm__(".text\n"
        ".globl step_mov_ss\n"
        "step_mov_ss:\n\t"
        "mov %ss, %eax\n\t"
        "pushf\n\t"
        "orl $0x100, (%esp)\n\t"
        "popf\n\t"
        "nop\n"
        "movss_load: mov %eax, %ss\n"
        "movss_nop: nop\n"
        "movss_after: pushf\n\t"
        "andl $~0x100, (%esp)\n\t"
        "popf\n\t"
        "ret\n");

static volatile uint32_t n_traps;
static volatile uint32_t trap_eip[MAX_TRAPS], trap_dr6[MAX_TRAPS];

static void db_handler(struct exc_frame *f)
{
    uint32_t dr6;

    __asm__ volatile("mov %%dr6, %0" : "=r"(dr6));
    if (n_traps < MAX_TRAPS) {
        trap_eip[n_traps] = f->eip;
        trap_dr6[n_traps] = dr6;
    }
    n_traps++;
    /* DR6 is sticky: the handler clears it (SDM vol. 3, 18.2.3). */
    __asm__ volatile("mov %0, %%dr6" : : "r"(DR6_INIT));
}

static void reset_traps(void)
{
    n_traps = 0;
    for (int i = 0; i < MAX_TRAPS; i++) {
        trap_eip[i] = trap_dr6[i] = 0;
    }
}

static void report_traps(void)
{
    for (uint32_t i = 0; i < n_traps && i < MAX_TRAPS; i++) {
        puts_dbg("  #DB at ");
        put_hex(trap_eip[i]);
        puts_dbg(" dr6 ");
        put_hex(trap_dr6[i]);
        puts_dbg("\n");
    }
}

static void test_sequence(void)
{
    const char *want[] = {seq_s2, seq_s3, seq_s4, seq_s5, seq_s6, seq_s7};
    int eips_ok = 1, bs_ok = 1;

    reset_traps();
    step_sequence();
    check(n_traps == 6, "six #DB traps over nop, mov, add, pushf, and, popf");
    for (int i = 0; i < 6; i++) {
        eips_ok &= trap_eip[i] == (uint32_t)want[i];
        bs_ok &= (trap_dr6[i] & DR6_BS) != 0;
    }
    check(eips_ok, "each #DB saves the address of the next instruction");
    check(bs_ok, "DR6.BS is set by each single-step trap");
    if (!eips_ok || n_traps != 6) {
        report_traps();
    }
}

static void test_rep(void)
{
    int iter_ok = 1;

    reset_traps();
    step_rep_movsb();
    /* nop, then 5 iterations, then pushf and and and popf. */
    check(n_traps == 9, "REP MOVSB with ECX = 5: one #DB per iteration");
    for (int i = 1; i <= 4; i++) {
        iter_ok &= trap_eip[i] == (uint32_t)rep_insn;
    }
    check(trap_eip[0] == (uint32_t)rep_insn && iter_ok,
          "the traps of the nop and iterations 1-4 save the REP address");
    check(trap_eip[5] == (uint32_t)rep_next,
          "the trap of the last iteration saves the next instruction");
    check(rep_dst[0] == 'a' && rep_dst[4] == 'e' && rep_dst[5] == 0,
          "REP MOVSB under TF copied 5 bytes");
    if (n_traps != 9 || !iter_ok) {
        report_traps();
    }
}

static void test_mov_ss(void)
{
    int before_nop = 0, after_nop = 0;

    reset_traps();
    step_mov_ss();
    for (uint32_t i = 0; i < n_traps && i < MAX_TRAPS; i++) {
        before_nop |= trap_eip[i] == (uint32_t)movss_nop;
        after_nop |= trap_eip[i] == (uint32_t)movss_after;
    }
    check(!before_nop, "no #DB between MOV SS and the next instruction");
    check(after_nop, "the #DB comes after the instruction following MOV SS");
    if (before_nop || !after_nop) {
        report_traps();
    }
}

int guest_main(uint32_t magic, uint32_t info)
{
    uint32_t dr6;

    desc_init();
    __asm__ volatile("mov %%dr6, %0" : "=r"(dr6));
    check((dr6 & DR6_BS) == 0, "DR6.BS is clear before single-stepping");
    set_exc_handler(1, db_handler);
    test_sequence();
    test_rep();
    test_mov_ss();
    return failures;
}
