/*
 * The host CPU's CPUID, for the code that adapts to it: the x86-64
 * backend's feature detection, the guest TSC rate, RDRAND/RDSEED.
 * Guest-visible CPUID comes from Peregrine's CPU models, never from here.
 */
#ifndef UTIL_HOST_CPUID_H
#define UTIL_HOST_CPUID_H

#include <stdbool.h>
#include <stdint.h>

/* Registers of CPUID leaf LEAF, subleaf SUB, in OUT[0..3] = EAX, EBX, ECX,
 * EDX.  False (OUT zeroed) when the leaf is above the host's maximum for
 * its range (basic or extended). */
bool host_cpuid(uint32_t leaf, uint32_t sub, uint32_t out[4]);

/* Bit BIT of register REG (0 EAX .. 3 EDX) of LEAF/SUB; false if absent. */
bool host_cpuid_bit(uint32_t leaf, uint32_t sub, unsigned reg, unsigned bit);

#endif /* UTIL_HOST_CPUID_H */
