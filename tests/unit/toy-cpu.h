/*
 * "toy": a tiny made-up guest ISA for testing the execution engine apart
 * from the x86 frontend (tests/unit/test-exec.c) and for the perf tests
 * (tests/perf/toy-workload.c).
 *
 * Toy: eight 64-bit registers and a pc.  Encodings (little-endian):
 *   01 d i32    r[d] = sext(i32)          05 i32      jmp rel32 (direct)
 *   02 d s      r[d] += r[s]              06 s        jmp r[s] (indirect)
 *   03 d s      r[d] = mem64[r[s]]        07 s i8     if r[s] != 0 jmp rel8
 *   04 d s      mem64[r[d]] = r[s]        08          halt
 *   09 d i8     r[d] += sext(i8)          0a d s      mem8[r[d]] = r[s]
 *   0b s        trap 5 if r[s] == 0       other       trap 6
 * Relative jumps count from the next instruction.  Memory: 64 KiB RAM at
 * virtual and physical 0 (virtual 0x40000-0x4ffff maps to physical
 * `toy_remap` + offset), a device at virtual 0x100000, faults (trap 14)
 * elsewhere.  A trap stores the pc of the faulting instruction in r6, its
 * number in r7, and continues at 0xf000.
 */
#ifndef TESTS_TOY_CPU_H
#define TESTS_TOY_CPU_H

#include "exec/exec-all.h"

#define RAM_SIZE     0x10000
#define DEV_VADDR    0x100000
#define DEV_PADDR    0x200000
#define REMAP_VADDR  0x40000
#define TRAP_HANDLER 0xf000

typedef struct ToyEnv {
    uint64_t r[8];
    uint64_t pc;
    uint64_t fault_addr;
    unsigned traps; /* traps delivered */
} ToyEnv;

typedef struct ToyCPU {
    CPUState parent;
    ToyEnv env;
} ToyCPU;

extern ToyCPU toy;
extern hwaddr remap; /* physical base of the remapped window */
extern unsigned dev_reads, dev_writes;
extern uint64_t dev_last_write;

/*
 * Build the toy machine and the code generator with BACKEND.  Returns
 * false (with the reason in *ERR) if the backend is not available.
 */
bool toy_machine_init(const char *backend, char **err);

/* Host view of the toy's RAM. */
uint8_t *ram_host(void);

/* Store BYTES at guest physical ADDR through the bus (as DMA would). */
void put(hwaddr addr, const uint8_t *bytes, size_t len);

#define PUT(addr, ...)                                                         \
    put(addr, (const uint8_t[]){__VA_ARGS__},                                  \
        sizeof((const uint8_t[]){__VA_ARGS__}))

#define I32(v)                                                                 \
    (uint8_t)(v), (uint8_t)((v) >> 8), (uint8_t)((v) >> 16),                   \
        (uint8_t)((uint32_t)(v) >> 24)

/* Reset the CPU, RAM, the TB cache and the statistics. */
void toy_reset(void);

/* Run from PC until the CPU halts; returns what cpu_exec returned. */
int run_from(vaddr pc);

#endif /* TESTS_TOY_CPU_H */
