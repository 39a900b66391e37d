/*
 * Exceptions in the 64-bit guest tests: catch the exception a function
 * raises (at CPL 0, or at CPL 3 running a few bytes of user code), with
 * its vector, error code and CR2.
 *
 * trap_init() loads an IDT for vectors 0-31 and a TSS whose RSP0 takes
 * faults from CPL 3.  A caught exception abandons the function: the
 * handler jumps back into trap_catch / trap_catch_user (like longjmp), so
 * the function must not hold locks or expect to be resumed.
 */
#ifndef TRAP64_H
#define TRAP64_H

#include <stdint.h>

typedef struct Trap {
    int vector;          /* exception vector, -1 if none */
    uint64_t error_code; /* pushed error code (0 for vectors without) */
    uint64_t cr2;        /* CR2 when the exception was taken */
    uint64_t rip;        /* faulting instruction */
    uint64_t cs, rflags, rsp, ss; /* the rest of the CPU's frame */
    uint64_t frame;               /* address of the frame's RIP slot */
} Trap;

void trap_init(void);

/* Deliver exception VECTOR on interrupt stack table entry IST (1-7) of the
 * TSS, set to STACK_TOP (0: back to no IST). */
void trap_set_ist(int vector, unsigned ist, uint64_t stack_top);

/* Call FN(ARG) at CPL 0.  Returns the vector it raised (filling *T), or
 * -1 if it returned. */
int trap_catch(void (*fn)(void *), void *arg, Trap *t);

/*
 * Run user code at CPL 3: copy the LEN bytes of CODE to the start of the
 * user page at virtual address CODE_VA (mapped writable at kernel alias
 * CODE_ALIAS, user-executable at CODE_VA) and enter it with RDI = ARG and
 * RSP = STACK_TOP (a user-writable page).  The code must end by raising an
 * exception (UD2: vector 6).  Returns the vector, filling *T.
 */
int trap_run_user(const uint8_t *code, unsigned len, void *code_alias,
                  uint64_t code_va, uint64_t stack_top, uint64_t arg, Trap *t);

#endif /* TRAP64_H */
