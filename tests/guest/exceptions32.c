/*
 * Exceptions in 32-bit protected mode, each with its vector, error code
 * and saved EIP (SDM vol. 3, chapter 6): faults report the faulting
 * instruction, traps the next one; selector error codes name the
 * selector; IDT error codes are vector * 8 + 2 (+ EXT for events not
 * caused by the program); a fault while delivering a contributory fault
 * becomes #DF(0).  Also LAR/LSL/VERR/VERW/ARPL/SGDT results.
 */
#include "desc.h"
#include "guest.h"

extern char de_insn[], ud_insn[], int3_next[], into_next[];

static void do_div0(void)
{
    __asm__ volatile("xor %%ecx, %%ecx\n\t"
                     ".globl de_insn\n"
                     "de_insn: divl %%ecx"
                     :
                     : "a"(1), "d"(0)
                     : "ecx");
}

static void do_ud2(void)
{
    __asm__ volatile(".globl ud_insn\nud_insn: ud2");
}

static void do_int3(void)
{
    __asm__ volatile("int3\n.globl int3_next\nint3_next:");
}

static void do_into(void)
{
    __asm__ volatile("mov $0x7f, %%al\n\t"
                     "add $1, %%al\n\t" /* OF = 1 */
                     "into\n.globl into_next\ninto_next:"
                     :
                     :
                     : "eax");
}

static uint16_t sel_to_load;

static void load_ds(void)
{
    __asm__ volatile("mov %0, %%ds" : : "r"(sel_to_load));
}

static void load_ss(void)
{
    __asm__ volatile("mov %0, %%ss" : : "r"(sel_to_load));
}

static void int_0x60(void)
{
    __asm__ volatile("int $0x60");
}

static void jmp_far_sel(void)
{
    static struct __attribute__((packed)) {
        uint32_t off;
        uint16_t sel;
    } ptr;

    ptr.sel = sel_to_load;
    __asm__ volatile("ljmp *%0" : : "m"(ptr));
}

/* Expect FN to raise VECTOR with ERROR (and, if EIP, at EIP). */
static void expect(void (*fn)(void), uint32_t vector, uint32_t error,
                   uint32_t eip, const char *what)
{
    uint32_t caught = guest_try(fn);
    int ok = caught && last_exc.vector == vector && last_exc.error == error
             && (!eip || last_exc.eip == eip);

    if (!ok) {
        puts_dbg("# got vector ");
        put_hex(caught ? last_exc.vector : 0xffffffff);
        puts_dbg(" error ");
        put_hex(last_exc.error);
        puts_dbg(" eip ");
        put_hex(last_exc.eip);
        puts_dbg("\n");
    }
    check(ok, what);
}

static void test_selector_faults(void)
{
    sel_to_load = 0x80; /* beyond the GDT limit */
    expect(load_ds, 13, 0x80, 0, "MOV DS beyond the GDT limit: #GP(sel)");
    gdt_set_seg(GDT_FREE, 0, 0xfffff, ACC_S | ACC_DATA, 0xc); /* P = 0 */
    sel_to_load = GDT_FREE * 8;
    expect(load_ds, 11, GDT_FREE * 8, 0, "MOV DS, not present: #NP(sel)");
    expect(load_ss, 12, GDT_FREE * 8, 0, "MOV SS, not present: #SS(sel)");
    sel_to_load = KERNEL_CS;
    expect(load_ss, 13, KERNEL_CS, 0, "MOV SS, code segment: #GP(sel)");
    sel_to_load = 0;
    expect(load_ss, 13, 0, 0, "MOV SS, null: #GP(0)");
    sel_to_load = GDT_FREE * 8 | 4; /* LDT with a null LDTR */
    expect(load_ds, 13, GDT_FREE * 8 | 4, 0,
           "MOV DS, LDT selector, no LDT: #GP(sel)");
    gdt_set_seg(GDT_FREE + 1, (uint32_t)&tss, 0x40, ACC_P | ACC_TSS32, 0);
    sel_to_load = (GDT_FREE + 1) * 8;
    expect(jmp_far_sel, 10, (GDT_FREE + 1) * 8, 0,
           "JMP to a TSS shorter than 104 bytes: #TS(sel)");
}

static void test_idt_faults(void)
{
    idt_set_gate(0x60, KERNEL_CS, 0x1234, ACC_DPL(3) | ACC_INTGATE32);
    expect(int_0x60, 11, 0x60 * 8 + 2, 0,
           "INT through a not-present gate: #NP(vec*8+2)");
    idt_reset_gate(0x60);
    /* #GP whose own gate is not present: the #NP is a second
     * contributory fault, so #DF(0). */
    idt_set_gate(13, KERNEL_CS, 0x1234, ACC_INTGATE32);
    sel_to_load = 0x80;
    expect(load_ds, 8, 0, 0, "#NP while delivering #GP: #DF(0)");
    idt_reset_gate(13);
    /* #UD (benign) whose gate has a bad type: #GP(6*8+2 | EXT).  EXT is
     * set by hardware and Peregrine; QEMU leaves it clear, so it is not
     * compared. */
    idt_set_gate(6, KERNEL_CS, 0x1234, ACC_P | 0x01);
    guest_try(do_ud2);
    check(last_exc.vector == 13 && (last_exc.error & ~1u) == 6 * 8 + 2,
          "bad gate type for #UD: #GP(vec*8+2)");
    idt_reset_gate(6);
}

static void test_descriptor_queries(void)
{
    uint32_t v, zf;
    uint16_t sel = 0x1b;
    struct __attribute__((packed)) {
        uint16_t limit;
        uint32_t base;
    } g;

    __asm__ volatile("lar %2, %0\n\tsetz %b1"
                     : "=r"(v), "=q"(zf)
                     : "r"((uint32_t)USER_CS));
    check((zf & 1) && v == 0x00c0fa00, "LAR of the ring-3 code segment");
    gdt_set_seg(GDT_FREE + 2, 0, 0x12345, ACC_P | ACC_S | ACC_DATA, 0x4);
    __asm__ volatile("lsl %2, %0\n\tsetz %b1"
                     : "=r"(v), "=q"(zf)
                     : "r"((uint32_t)(GDT_FREE + 2) * 8));
    check((zf & 1) && v == 0x12345, "LSL of a byte-granular segment");
    __asm__ volatile("lsl %2, %0\n\tsetz %b1"
                     : "=r"(v), "=q"(zf)
                     : "r"((uint32_t)KERNEL_DS));
    check((zf & 1) && v == 0xfffffffe + 1,
          "LSL of a 4 GiB page-granular segment");
    v = 0x5555;
    __asm__ volatile("lar %2, %0\n\tsetz %b1"
                     : "+r"(v), "=q"(zf)
                     : "r"((uint32_t)0x80));
    check(!(zf & 1) && v == 0x5555, "LAR beyond the GDT: ZF=0, unchanged");
    __asm__ volatile("verw %w1\n\tsetz %b0" : "=q"(zf) : "r"(KERNEL_CS));
    check(!(zf & 1), "VERW of a code segment: ZF=0");
    __asm__ volatile("verr %w1\n\tsetz %b0" : "=q"(zf) : "r"(KERNEL_CS));
    check(zf & 1, "VERR of a readable code segment: ZF=1");
    __asm__ volatile("arpl %w2, %w0\n\tsetz %b1"
                     : "+r"(sel), "=q"(zf)
                     : "r"((uint16_t)0x10));
    check(!(zf & 1) && sel == 0x1b, "ARPL with a lower RPL: unchanged, ZF=0");
    sel = 0x10;
    __asm__ volatile("arpl %w2, %w0\n\tsetz %b1"
                     : "+r"(sel), "=q"(zf)
                     : "r"((uint16_t)0x1b));
    check((zf & 1) && sel == 0x13, "ARPL raises the RPL, ZF=1");
    __asm__ volatile("sgdt %0" : "=m"(g));
    check(g.base == (uint32_t)gdt && g.limit == sizeof(gdt) - 1,
          "SGDT reads back LGDT's base and limit");
    __asm__ volatile("str %w0" : "=r"(sel));
    check(sel == TSS_SEL, "STR reads back LTR's selector");
}

int guest_main(uint32_t magic, uint32_t info)
{
    desc_init();
    expect(do_div0, 0, 0, (uint32_t)de_insn, "DIV by zero: #DE at the DIV");
    expect(do_ud2, 6, 0, (uint32_t)ud_insn, "UD2: #UD at the UD2");
    expect(do_int3, 3, 0, (uint32_t)int3_next, "INT3: #BP after the INT3");
    expect(do_into, 4, 0, (uint32_t)into_next, "INTO with OF: #OF after INTO");
    test_selector_faults();
    test_idt_faults();
    test_descriptor_queries();
    return failures;
}
