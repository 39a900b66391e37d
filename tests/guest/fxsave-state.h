/*
 * The FPU/SSE states of the FXSAVE/XSAVE guest test, shared by the guest
 * program (fxsave.c) and the host program that records the x87 registers
 * the host computes for them (fxsave-expect.c, a 32-bit Linux process).
 * Header-only, freestanding.
 *
 * A state is built by FXRSTOR of a base image (XMM registers, MXCSR),
 * then x87 instructions that leave a varied stack (valid, zero and
 * special tags, TOP != 0, condition codes, sticky flags), then FNSTENV /
 * FLDENV with the instruction and operand pointers cleared: those hold
 * the addresses of the code that ran, which differ between the two
 * programs.  Every sequence ends in an instruction that defines all four
 * condition codes (FXAM on a normal number: qemu 7.2 gets it wrong for
 * denormals; FTST), so the whole status word is defined by the SDM and
 * the same on every vendor's x87 unit.
 */
#ifndef FXSAVE_STATE_H
#define FXSAVE_STATE_H

#include <stdint.h>

#define FX_FILL 0xa5 /* bytes FXSAVE/XSAVE must leave alone */

/*
 * The x87 part of a state as FNSAVE stores it, without the instruction
 * and operand pointers (zero in every state).
 */
typedef struct FxX87 {
    uint16_t fcw;      /* control word */
    uint16_t fsw;      /* status word */
    uint16_t ftw;      /* full tag word: 2 bits per physical register */
    uint8_t st[8][10]; /* ST(0)..ST(7) */
} FxX87;

/* State WHICH's MXCSR. */
static inline uint32_t fx_state_mxcsr(int which)
{
    return which ? 0x3f81 : 0x9fa0;
}

/* Byte I (160-287: XMM0-7) of state WHICH's FXSAVE image. */
static inline uint8_t fx_state_xmm_byte(int which, int i)
{
    return (uint8_t)(i * 7 + which * 13);
}

/* Zero the FIP/FCS/FOP/FDP/FDS fields of the x87 environment. */
static inline void fx_clear_pointers(void)
{
    uint8_t env[28];

    __asm__ volatile("fnstenv %0" : "=m"(env));
    for (int i = 12; i < 28; i++) {
        env[i] = 0;
    }
    __asm__ volatile("fldenv %0" : : "m"(env));
}

/* Build state WHICH (0 or 1) in the FPU and the SSE registers. */
static inline void fx_make_state(int which)
{
    static const uint8_t denormal[10] = {0x21, 0x43, 0x65, 0x87, 0,
                                         0,    0,    0,    0,    0};
    static const uint8_t snan[10] = {1, 0, 0, 0, 0, 0, 0, 0xa0, 0xff, 0x7f};
    static uint8_t base[512] __attribute__((aligned(64)));
    uint16_t fcw = which ? 0x007f : 0x0b7f;
    uint32_t mxcsr = fx_state_mxcsr(which);

    for (int i = 0; i < 512; i++) {
        base[i] = 0;
    }
    base[0] = 0x7f;
    base[1] = 0x03;
    for (int b = 0; b < 4; b++) {
        base[24 + b] = (uint8_t)(mxcsr >> (8 * b));
    }
    for (int i = 160; i < 288; i++) {
        base[i] = fx_state_xmm_byte(which, i);
    }
    __asm__ volatile("fxrstor %0" : : "m"(base));
    if (which == 0) {
        __asm__ volatile("fldcw %0\n\t"
                         "fld1\n\tfldpi\n\tfldl2e\n\t"
                         "fdivrp %%st, %%st(1)\n\t"
                         "fldz\n\tfldt %1\n\tfldl2t\n\t"
                         "fxam"
                         :
                         : "m"(fcw), "m"(denormal)
                         : "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)",
                           "st(6)", "st(7)");
    } else {
        __asm__ volatile("fldcw %0\n\t"
                         "fld1\n\tfld1\n\tfaddp\n\tfsqrt\n\tfchs\n\t"
                         "fldt %1\n\tfadd %%st(0), %%st\n\t"
                         "fldz\n\tfchs\n\tftst"
                         :
                         : "m"(fcw), "m"(snan)
                         : "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)",
                           "st(6)", "st(7)");
    }
    fx_clear_pointers();
}

/*
 * State 1 after one more FLD1 (what the lazy switch in fxsave.c runs),
 * then FXAM: FLD1 leaves C0, C2 and C3 undefined.
 */
static inline void fx_fld1(void)
{
    __asm__ volatile("fld1\n\tfxam"
                     :
                     :
                     : "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)",
                       "st(6)", "st(7)");
    fx_clear_pointers();
}

/*
 * FXSAVE / XSAVE (EDX:EAX = 3) / XSAVEC into BUF pre-filled with zeros
 * where the 32-bit layouts hold state (0-287) and the XSAVE header, with
 * FX_FILL elsewhere (XMM8-15's slots, the reserved and available bytes,
 * past the area), which the instructions must leave alone.  (Zeros, not a
 * pattern, under the state: qemu 7.2 does not write the reserved bytes
 * there, as the hardware does, and the test must pass on it.)
 */
static inline void fx_fill(uint8_t *buf, int n)
{
    for (int i = 0; i < n; i++) {
        buf[i] = i < 288 || (i >= 512 && i < 576) ? 0 : FX_FILL;
    }
}

static inline void fx_fxsave(uint8_t *buf)
{
    fx_fill(buf, 640);
    __asm__ volatile("fxsave %0" : "=m"(*(uint8_t(*)[512])buf));
}

static inline void fx_xsave(uint8_t *buf, int compact)
{
    fx_fill(buf, 640);
    if (compact) {
        __asm__ volatile("xsavec %0"
                         : "=m"(*(uint8_t(*)[576])buf)
                         : "a"(3), "d"(0));
    } else {
        __asm__ volatile("xsave %0"
                         : "=m"(*(uint8_t(*)[576])buf)
                         : "a"(3), "d"(0));
    }
}

#endif /* FXSAVE_STATE_H */
