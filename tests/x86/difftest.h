/*
 * The host-differential tester (tests/x86/difftest.c): what its three parts
 * share.  A generated instruction sequence (difftest-gen.c) runs natively on
 * the host (difftest-native.c) and in Peregrine (difftest-peregrine.c) from
 * the same registers, flags and memory; the results must be equal.
 *
 * Both runs use the same addresses: the code at DT_CODE_ADDR and the data
 * sandbox at DT_DATA_ADDR (below 4 GiB so 32-bit code reaches them; the
 * native side maps them with MAP_FIXED_NOREPLACE).  The sandbox is a data
 * buffer followed by a stack; rsp starts in the middle of the stack and
 * every memory operand the generator makes lies inside the sandbox.
 *
 * Every sequence ends with HLT: at CPL 3 (and natively) it raises #GP, at
 * CPL 0 in Peregrine the CPU halts.  Either way the run "ends" when it gets
 * there; a fault before it (#DE from DIV, #UD) ends it early, and the state
 * at the faulting instruction is what is compared.
 */
#ifndef TESTS_X86_DIFFTEST_H
#define TESTS_X86_DIFFTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DT_CODE_ADDR  UINT64_C(0x00800000) /* code page(s) */
#define DT_CODE_SIZE  0x10000
#define DT_DATA_ADDR  UINT64_C(0x00810000) /* data buffer, then stack */
#define DT_BUF_SIZE   0x1000               /* memory operands land here */
#define DT_STACK_SIZE 0x1000
#define DT_DATA_SIZE  (DT_BUF_SIZE + DT_STACK_SIZE)
#define DT_STACK_TOP  (DT_DATA_ADDR + DT_DATA_SIZE)
#define DT_RSP_START  (DT_DATA_ADDR + DT_BUF_SIZE + DT_STACK_SIZE / 2)

#define DT_MAX_INSNS 96 /* per sequence, snippets included */
#define DT_MAX_CODE  (DT_MAX_INSNS * 16 + 16)

/* O/S/Z/A/P/C and DF: the RFLAGS bits a sequence may define. */
#define DT_ARITH_FLAGS 0x8d5u
#define DT_DF          0x400u

/* The register file as the native trampoline loads and stores it. */
typedef struct DtRegs {
    uint64_t r[16]; /* rax..r15 in ModRM order */
    uint64_t rflags;
} DtRegs;

/* What a run produced. */
typedef struct DtResult {
    DtRegs regs;      /* at the end, or at the faulting instruction */
    int vector;       /* -1: reached the final HLT; else the fault */
    uint64_t rip_off; /* rip - DT_CODE_ADDR where the run stopped */
    uint8_t data[DT_DATA_SIZE];
} DtResult;

/* One generated test case. */
typedef struct DtSeq {
    int mode;                       /* 64, or 32 (compatibility mode) */
    int cpl;                        /* Peregrine's CPL: 0 or 3 */
    uint8_t code[DT_MAX_CODE];      /* the instructions, then HLT */
    size_t len;                     /* bytes before the HLT */
    int ninsns;                     /* instructions before the HLT */
    uint16_t off[DT_MAX_INSNS + 1]; /* start of each; off[ninsns] = len */
    /* Flags the comparison may look at before instruction i (i = ninsns:
     * at the end): DF and the arithmetic flags not left undefined. */
    uint16_t flag_mask[DT_MAX_INSNS + 1];
    /* Of the flags flag_mask leaves out, those Peregrine has cleared. */
    uint16_t flag_zero[DT_MAX_INSNS + 1];
    int16_t form[DT_MAX_INSNS]; /* the form (table index) of each */
    DtRegs init;                /* initial registers and flags */
    uint8_t data[DT_DATA_SIZE]; /* initial sandbox contents */
} DtSeq;

/* -- difftest-gen.c -------------------------------------------------------- */

/* A small deterministic generator (xoshiro256**), seeded per sequence. */
typedef struct DtRng {
    uint64_t s[4];
} DtRng;

void dt_rng_seed(DtRng *r, uint64_t seed);
uint64_t dt_rng_next(DtRng *r);
/* Uniform in [0, n). */
uint32_t dt_rng_below(DtRng *r, uint32_t n);

/*
 * Fill SEQ with a random sequence of about NINSNS instructions for MODE
 * (64 or 32) from the form table, a random initial state and sandbox.
 */
void dt_generate(DtSeq *seq, DtRng *r, int mode, int ninsns);

/* The number of forms in the table and the name of form I (coverage). */
int dt_form_count(void);
const char *dt_form_name(int i);
/* Can form I be generated in MODE (64 or 32)? */
bool dt_form_in_mode(int i, int mode);

/* -- difftest-native.c --------------------------------------------------- */

/*
 * Map the code and data areas at their fixed addresses and install the
 * fault handlers.  Returns false with *ERR set (g_free it) if the host
 * cannot (an address in use, no 32-bit code segment).
 */
bool dt_native_init(char **err);
/* Run SEQ on the host CPU. */
void dt_native_run(const DtSeq *seq, DtResult *out);

/* -- difftest-peregrine.c -------------------------------------------------- */

/* Create the machine, the CPU and the code generator (once). */
bool dt_peregrine_init(char **err);
/* Run SEQ in Peregrine. */
void dt_peregrine_run(const DtSeq *seq, DtResult *out);

#endif /* TESTS_X86_DIFFTEST_H */
