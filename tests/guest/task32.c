/*
 * Hardware task switching with 32-bit TSSs (SDM vol. 3, chapter 7):
 *   - INT n through an IDT task gate and CALL through a GDT task gate
 *     nest: the new task has NT set, its TSS's back link names the old
 *     task, both TSSs are busy; IRET with NT returns to the old task;
 *   - JMP to a TSS does not nest: the old TSS is no longer busy, NT is
 *     clear, and a JMP back resumes the old task after its JMP;
 *   - a JMP to a busy TSS is #GP(selector);
 *   - every switch sets CR0.TS and the registers come from the TSS;
 *   - #DF through a task gate (what 32-bit Linux does): a #GP whose IDT
 *     gate is not present becomes #DF, the double-fault task runs with
 *     error code 0 on its stack and IRETs back to the faulting task.
 */
#include "desc.h"
#include "guest.h"

#define TSS_A_SEL      (GDT_FREE * 8)
#define TSS_DF_SEL     ((GDT_FREE + 1) * 8)
#define GATE_A_SEL     ((GDT_FREE + 2) * 8)
#define TASK_VECTOR    0x40
#define TYPE_TSS_AVAIL 0x9
#define TYPE_TSS_BUSY  0xb
#define NT             0x4000u
#define CR0_TS         0x8u

static struct tss32 tss_a __attribute__((aligned(16)));
static struct tss32 tss_df __attribute__((aligned(16)));
static uint8_t stack_a[4096] __attribute__((aligned(16)));
static uint8_t stack_df[4096] __attribute__((aligned(16)));

/* What the task saw when it ran. */
static volatile struct {
    uint32_t runs, eflags, link, tr, ebx, main_type, self_type, err;
} seen;

static unsigned gdt_type(uint16_t sel)
{
    return (gdt[sel >> 3] >> 40) & 0xf;
}

static uint32_t read_cr0(void)
{
    uint32_t v;

    __asm__ volatile("mov %%cr0, %0" : "=r"(v));
    return v;
}

static void clts(void)
{
    __asm__ volatile("clts");
}

static void record(struct tss32 *self, uint16_t self_sel)
{
    uint16_t tr;

    seen.runs++;
    __asm__ volatile("pushf; pop %0" : "=r"(seen.eflags));
    __asm__ volatile("str %0" : "=r"(tr));
    seen.tr = tr;
    seen.link = self->link;
    seen.main_type = gdt_type(TSS_SEL);
    seen.self_type = gdt_type(self_sel);
}

/* Task A's first instructions keep EBX as the TSS gave it. */
volatile uint32_t entry_ebx;
void task_a_nested_entry(void), task_a_jumped_entry(void);
__asm__(".text\n"
        "task_a_nested_entry: mov %ebx, entry_ebx\n\t"
        "call task_a_nested\n"
        "task_a_jumped_entry: mov %ebx, entry_ebx\n\t"
        "call task_a_jumped\n");

/* Task A when entered by INT or CALL: returns with IRET (NT set). */
void __attribute__((noreturn, used)) task_a_nested(void);
void task_a_nested(void)
{
    for (;;) {
        record(&tss_a, TSS_A_SEL);
        __asm__ volatile("iret");
    }
}

/* Task A when entered by JMP: jumps back to the main task. */
void __attribute__((noreturn, used)) task_a_jumped(void);
void task_a_jumped(void)
{
    for (;;) {
        record(&tss_a, TSS_A_SEL);
        __asm__ volatile("ljmp %0, $0" : : "i"(TSS_SEL));
    }
}

/* The double-fault task: sees the error code, repairs the IDT, returns. */
static void __attribute__((noreturn)) task_df(void)
{
    for (;;) {
        record(&tss_df, TSS_DF_SEL);
        seen.err = *(volatile uint32_t *)(stack_df + sizeof(stack_df) - 4);
        idt_reset_gate(13);
        __asm__ volatile("iret");
    }
}

/* A fresh TSS starting at ENTRY on STACK_TOP, flat ring-0 segments, EBX =
 * the given value; its descriptor at GDT index INDEX, available. */
static void task_setup(struct tss32 *t, int index, void (*entry)(void),
                       uint8_t *stack_top, uint32_t ebx)
{
    uint32_t cr3;

    for (unsigned i = 0; i < sizeof(*t); i++) {
        ((volatile uint8_t *)t)[i] = 0;
    }
    __asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
    t->cr3 = cr3;
    t->eip = (uint32_t)entry;
    t->eflags = 0x2;
    t->esp = (uint32_t)stack_top;
    t->ebx = ebx;
    t->cs = KERNEL_CS;
    t->ss = t->ds = t->es = t->fs = t->gs = KERNEL_DS;
    t->iomap = sizeof(*t);
    gdt_set_seg(index, (uint32_t)t, sizeof(*t) - 1, ACC_P | ACC_TSS32, 0);
}

static void reset_seen(void)
{
    seen.runs = seen.eflags = seen.link = seen.tr = 0;
    seen.main_type = seen.self_type = seen.err = 0;
    entry_ebx = 0;
}

static void check_nested(const char *how)
{
    puts_dbg(how);
    puts_dbg("\n");
    check(seen.runs == 1, "the task ran once");
    check(seen.tr == TSS_A_SEL, "TR names the new task");
    check(seen.eflags & NT, "the nested task runs with NT set");
    check(seen.link == TSS_SEL, "its back link names the old task");
    check(seen.main_type == TYPE_TSS_BUSY && seen.self_type == TYPE_TSS_BUSY,
          "both TSSs are busy while nested");
    check(gdt_type(TSS_A_SEL) == TYPE_TSS_AVAIL
              && gdt_type(TSS_SEL) == TYPE_TSS_BUSY,
          "after IRET the nested TSS is available again");
    check(entry_ebx == 0x1234abcd, "the task's registers came from its TSS");
}

static void test_int_gate(void)
{
    uint32_t ebx = 0x600dcafe, tr;

    task_setup(&tss_a, GDT_FREE, task_a_nested_entry, stack_a + sizeof(stack_a),
               0x1234abcd);
    idt_set_gate(TASK_VECTOR, TSS_A_SEL, 0, ACC_P | ACC_TASKGATE);
    reset_seen();
    clts();
    __asm__ volatile("int %1" : "+b"(ebx) : "i"(TASK_VECTOR) : "memory");
    check_nested("INT through an IDT task gate");
    check(ebx == 0x600dcafe, "the old task's registers are back after IRET");
    check(read_cr0() & CR0_TS, "the task switch set CR0.TS");
    __asm__ volatile("str %0" : "=r"(tr));
    check((tr & 0xffff) == TSS_SEL, "TR names the old task again");
    clts();
}

static void test_call_gate(void)
{
    task_setup(&tss_a, GDT_FREE, task_a_nested_entry, stack_a + sizeof(stack_a),
               0x1234abcd);
    gdt_set_gate(GDT_FREE + 2, TSS_A_SEL, 0, ACC_P | ACC_TASKGATE, 0);
    reset_seen();
    __asm__ volatile("lcall %0, $0" : : "i"(GATE_A_SEL) : "memory");
    check_nested("CALL through a GDT task gate");
    clts();
}

static void test_jmp(void)
{
    uint32_t eflags;

    task_setup(&tss_a, GDT_FREE, task_a_jumped_entry, stack_a + sizeof(stack_a),
               0x1234abcd);
    reset_seen();
    __asm__ volatile("ljmp %0, $0" : : "i"(TSS_A_SEL) : "memory");
    __asm__ volatile("pushf; pop %0" : "=r"(eflags));
    check(seen.runs == 1 && seen.tr == TSS_A_SEL && entry_ebx == 0x1234abcd,
          "JMP to a TSS runs the task, JMP back resumes after the JMP");
    check(!(seen.eflags & NT), "a jumped-to task runs with NT clear");
    check(seen.main_type == TYPE_TSS_AVAIL && seen.self_type == TYPE_TSS_BUSY,
          "JMP: the old TSS is no longer busy, the new one is");
    check(gdt_type(TSS_A_SEL) == TYPE_TSS_AVAIL
              && gdt_type(TSS_SEL) == TYPE_TSS_BUSY,
          "JMP back: busy bits swapped back");
    check(!(eflags & NT), "the main task resumes with NT clear");
    clts();
}

static void jmp_to_busy(void)
{
    __asm__ volatile("ljmp %0, $0" : : "i"(TSS_SEL));
}

static void load_bad_ds(void)
{
    __asm__ volatile("mov %0, %%ds" : : "r"(0xfff8));
}

static void test_double_fault_task(void)
{
    uint32_t r;

    task_setup(&tss_df, GDT_FREE + 1, task_df, stack_df + sizeof(stack_df), 0);
    idt_set_gate(8, TSS_DF_SEL, 0, ACC_P | ACC_TASKGATE);
    idt_set_gate(13, KERNEL_CS, 0, ACC_INTGATE32); /* not present */
    reset_seen();
    last_exc.vector = 0xff;
    r = guest_try(load_bad_ds);
    check(seen.runs == 1 && seen.tr == TSS_DF_SEL,
          "#GP with a not-present gate: #DF runs the task of IDT[8]");
    check(seen.err == 0, "the #DF task finds error code 0 on its stack");
    check(seen.link == TSS_SEL && (seen.eflags & NT),
          "the #DF task is nested in the faulting task");
    check(seen.main_type == TYPE_TSS_BUSY, "the faulting task stays busy");
    check(r == 1 && last_exc.vector == 13 && last_exc.error == 0xfff8,
          "IRET from the #DF task retries the instruction: #GP(0xfff8)");
    check(gdt_type(TSS_DF_SEL) == TYPE_TSS_AVAIL,
          "the #DF task's TSS is available again");
    idt_reset_gate(8);
    clts();
}

int guest_main(uint32_t magic, uint32_t info)
{
    uint32_t r;

    desc_init();
    test_int_gate();
    test_call_gate();
    test_jmp();
    r = guest_try(jmp_to_busy);
    check(r == 1 && last_exc.vector == 13 && last_exc.error == TSS_SEL,
          "JMP to a busy TSS: #GP(selector)");
    test_double_fault_task();
    return failures;
}
