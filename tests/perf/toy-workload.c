/*
 * A guest workload for the perf tests: the toy guest (tests/unit/toy-cpu.h)
 * spins in a loop of a few blocks for about a second of host time, with
 * -perfmap or -jitdump output on.
 *
 * Usage: toy-workload perfmap|jitdump [ROUNDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "exec/perf.h"
#include "toy-cpu.h"

int main(int argc, char **argv)
{
    char *err = NULL;
    long rounds = argc > 2 ? atol(argv[2]) : 1000000000;
    bool jitdump = argc > 1 && !strcmp(argv[1], "jitdump");

    if (argc < 2 || (!jitdump && strcmp(argv[1], "perfmap"))) {
        fprintf(stderr, "usage: toy-workload perfmap|jitdump [ROUNDS]\n");
        return 2;
    }
    if (!perf_init(!jitdump, jitdump, NULL, &err)
        || !toy_machine_init("x86_64", &err)) {
        fprintf(stderr, "toy-workload: %s\n", err);
        return 1;
    }
    toy_reset();
    /* A counted loop that chains to itself: the time is spent in the
     * generated code of one guest block, not in the execution loop. */
    PUT(0x1000, 0x01, 0, I32(rounds), /* r0 = rounds */
        0x01, 2, I32(-1),             /* r2 = -1 */
        /* loop at 0x100c */
        0x09, 1, 1,            /* r1 += 1 */
        0x02, 3, 1,            /* r3 += r1 */
        0x09, 1, 2,            /* r1 += 2 */
        0x02, 4, 3,            /* r4 += r3 */
        0x02, 0, 2,            /* r0 -= 1 */
        0x07, 0, (uint8_t)-18, /* if r0 jmp loop */
        0x08);                 /* halt */
    run_from(0x1000);
    perf_exit();
    printf("toy-workload: r1 = %llu\n", (unsigned long long)toy.env.r[1]);
    return toy.env.r[1] == (uint64_t)rounds * 3 ? 0 : 1;
}
