/*
 * Disassembly for the logs (-d in_asm, -d out_asm) and for tests.
 *
 * A thin wrapper over the Zydis library (Debian libzydis-dev).  Output is
 * in AT&T syntax, like QEMU's logs, one instruction per line:
 *
 *     0x000000000000fff0:  ljmp $0xf000, $0xe05b
 *
 * Bytes that do not decode are printed as ".byte 0x.." and skipped one at
 * a time.  Safe to call from any thread (no shared state).
 */
#ifndef UTIL_DISAS_H
#define UTIL_DISAS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Print SIZE bytes of host (x86-64) code at CODE to OUT; RUNTIME_ADDR is the
 * address the code runs at (branch targets are shown relative to it).
 */
void disas_host(FILE *out, const void *code, size_t size,
                uint64_t runtime_addr);

/*
 * Print SIZE bytes of guest code BYTES, fetched from guest address ADDR,
 * decoded as MODE-bit code (16, 32 or 64).  Returns the number of
 * instructions printed, or -1 for a bad MODE (nothing printed).
 */
int disas_guest(FILE *out, const void *bytes, size_t size, uint64_t addr,
                int mode);

/*
 * Length in bytes of the instruction at BYTES (at most SIZE bytes are
 * read) when decoded as MODE-bit code; 0 when the bytes are not a valid
 * instruction (or are cut short by SIZE, or MODE is bad).
 */
int disas_insn_length(const void *bytes, size_t size, int mode);

#endif /* UTIL_DISAS_H */
