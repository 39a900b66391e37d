/*
 * The guest side of the x87 differential test (a 32-bit multiboot kernel
 * for tests/guest's runner): runs the cases of x87-cases.h in the
 * emulator and compares each result hash with the host's
 * (x87-expected.c, written by x87-expect at build time).  A mismatch
 * prints the case number and its result bytes; `x87-expect SEED --show N`
 * prints what the host computed for it.
 */
#include "guest.h"
#include "x87-cases.h"

__asm__(X87_STUBS_ASM);
extern const uint8_t x87_case_stubs[];

extern const uint64_t x87_seed;
extern const uint32_t x87_count;
extern const uint32_t x87_expected[];
extern const int64_t x87_perturbed_bits;

static X87Case the_case;
static uint8_t img[108], mem[16];

static uint32_t run_case(const X87Case *c)
{
    uint32_t f = c->eflags | 2;

    for (int i = 0; i < 16; i++) {
        mem[i] = c->mem[i];
    }
    __asm__ volatile("frstor %0" : : "m"(*(const uint8_t(*)[108])c->image));
    for (int k = 0; k < c->nops; k++) {
        const void *stub = x87_case_stubs + x87_stub_offset(c->ops[k]);

        __asm__ volatile("push %[f]\n\tpopfl\n\t"
                         "call *%[stub]\n\t"
                         "pushfl\n\tpop %[f]"
                         : [f] "+r"(f)
                         : [stub] "r"(stub), "S"(mem)
                         : "memory", "cc");
    }
    __asm__ volatile("fnsave %0\n\tfninit" : "=m"(img));
    return f;
}

static void put_dec(uint32_t v)
{
    char buf[12];
    int n = 0;

    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) {
        outb(DEBUGCON_PORT, buf[--n]);
    }
}

static void put_bytes(const uint8_t *p, int n)
{
    for (int i = 0; i < n; i++) {
        outb(DEBUGCON_PORT, "0123456789abcdef"[p[i] >> 4]);
        outb(DEBUGCON_PORT, "0123456789abcdef"[p[i] & 15]);
        outb(DEBUGCON_PORT, ' ');
    }
    puts_dbg("\n");
}

int guest_main(uint32_t magic, uint32_t info)
{
    uint32_t bad = 0, ops = 0;

    for (uint32_t i = 0; i < x87_count; i++) {
        uint32_t f;

        x87_gen_case(x87_seed, i, &the_case);
        f = run_case(&the_case);
        ops += the_case.nops;
        if (x87_hash_result(&the_case, img, mem, f) == x87_expected[i]) {
            continue;
        }
        if (++bad <= 10) {
            puts_dbg("case ");
            put_hex(i);
            puts_dbg(" ops");
            for (int k = 0; k < the_case.nops; k++) {
                puts_dbg(" ");
                put_hex(the_case.ops[k][0] << 8 | the_case.ops[k][1]);
            }
            puts_dbg("\nout: ");
            put_bytes(img, 108);
            puts_dbg("mem out: ");
            put_bytes(mem, 16);
            puts_dbg("eflags out: ");
            put_hex(f & 0x8d5);
            puts_dbg("\n");
        }
    }
    puts_dbg("cases: ");
    put_dec(x87_count);
    puts_dbg(", instructions run: ");
    put_dec(ops);
    puts_dbg(", mismatching cases: ");
    put_dec(bad);
    puts_dbg("\n");
    if (x87_perturbed_bits >= 0) {
        puts_dbg("PEREGRINE_TEST_PERTURB: ");
        put_dec((uint32_t)x87_perturbed_bits);
        puts_dbg(" undefined bits flipped in host results (x87, when "
                 "x87-expect ran)\n");
    }
    check(bad == 0, "x87 results (registers, status, control and tag words "
                    "but the condition codes the SDM leaves undefined, "
                    "memory operand, EFLAGS) equal the host's");
    return failures;
}
