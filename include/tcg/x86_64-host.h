/*
 * The x86-64 host CPU's optional features, as the code generator sees them.
 *
 * Detected once at start-up with CPUID (x86_host_detect); the x86-64
 * backend's lowering reads x86_host to choose between forms (SHLX or shl
 * by cl, LZCNT or BSR+CMOV, ...).  Any feature can be forced off to test
 * the fallback paths, either from the environment:
 *
 *     PEREGRINE_X86_HOST=-bmi2,-lzcnt     (or "none": all off)
 *
 * or with x86_host_restrict().  A feature the CPU lacks is never forced on.
 * Changing features after code was generated affects only later code.
 *
 * Implemented in tcg/x86_64/x86_64-host.c.
 */
#ifndef TCG_X86_64_HOST_H
#define TCG_X86_64_HOST_H

#include <stdbool.h>
#include <stdio.h>

typedef struct X86HostFeatures {
#define X86_HOST_FEATURE(name, leaf, sub, reg, bit) bool name;
#include "tcg/x86_64-host-features.def"
#undef X86_HOST_FEATURE
} X86HostFeatures;

/* The features the backend may use.  All false until x86_host_detect(). */
extern X86HostFeatures x86_host;

/*
 * Read CPUID into x86_host, then apply PEREGRINE_X86_HOST.  Idempotent;
 * call before generating code.  Returns false if PEREGRINE_X86_HOST names
 * an unknown feature (the known ones in it are still applied).
 */
bool x86_host_detect(void);

/* The features the CPU has, ignoring any restriction. */
X86HostFeatures x86_host_cpu(void);

/* Use only the features in ALLOWED that the CPU has. */
void x86_host_restrict(const X86HostFeatures *allowed);

/*
 * Apply a restriction written as in PEREGRINE_X86_HOST ("-bmi2,-lzcnt",
 * "none", "all" = the CPU's features).  Returns false on an unknown name.
 */
bool x86_host_parse(const char *spec);

/* Print "bmi1 bmi2 -lzcnt ..." (a '-' marks a feature not in use). */
void x86_host_print(FILE *out);

#endif /* TCG_X86_64_HOST_H */
