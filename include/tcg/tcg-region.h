/*
 * The code buffer: where translated host code lives.
 *
 * One large mapping, sized by `-accel tcg,tb-size=MB`, filled front to back
 * by a bump pointer and flushed whole when full (tcg_region_reset; the
 * caller first drops every TB, since their code is gone).  The prologue is
 * generated once at the start of the buffer and survives a reset
 * (tcg_region_set_floor).
 *
 * W^X: with split-wx=on the buffer is one memfd mapped twice, read-write
 * (where the generator writes) and read-execute (where the CPU runs).  Every
 * pointer the generator writes through is in the RW view; every address
 * that is executed, called, jumped to or stored as a TB's code pointer is
 * in the RX view.  The two differ by tcg_splitwx_diff (RX - RW), which is 0
 * with split-wx=off (one RWX mapping).  Patch sites (goto_tb chaining) are
 * stored as RX addresses and converted with tcg_splitwx_to_rw().
 *
 * Context: one code buffer per process.  tcg_region_init/destroy run at
 * start-up / exit; the other calls run under the translation lock (the
 * caller's), except the inline conversions, which are pure.
 *
 * Implemented in tcg/region.c.
 */
#ifndef TCG_TCG_REGION_H
#define TCG_TCG_REGION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TCG_REGION_MIB ((size_t)1 << 20)

/* tb-size limits (bytes). */
#define TCG_REGION_DEFAULT_SIZE (256 * TCG_REGION_MIB)
#define TCG_REGION_MIN_SIZE     (1 * TCG_REGION_MIB)
#define TCG_REGION_MAX_SIZE     (1024 * TCG_REGION_MIB)

/*
 * Bytes kept free beyond the high-water mark.  The generator checks the
 * mark between ops; one op (plus the out-of-line slow paths and the
 * constant pool written at the end of a TB) must fit in the margin.
 */
#define TCG_REGION_HIGHWATER 4096

/* Code of each TB starts on this boundary (bytes). */
#define TCG_REGION_TB_ALIGN 16

/* RX address minus RW address of the same byte; 0 without split-wx. */
extern intptr_t tcg_splitwx_diff;

/*
 * Map the code buffer: SIZE bytes (rounded up to the page size, clamped to
 * [TCG_REGION_MIN_SIZE, TCG_REGION_MAX_SIZE]; 0 means the default), as a
 * RW/RX double mapping of one memfd when SPLIT_WX.  The mapping is placed
 * near the emulator's own code when possible, so calls to helpers fit in a
 * rel32.  Returns 0, or a negative errno (the buffer stays unmapped).
 */
int tcg_region_init(size_t size, bool split_wx)
    __attribute__((warn_unused_result));

/* Unmap the buffer (tests and exit).  Safe when not mapped. */
void tcg_region_destroy(void);

/* True when the buffer is split RW/RX. */
bool tcg_region_split_wx(void);

/* Size of the buffer in bytes. */
size_t tcg_region_size(void);

/* Bytes in use (from the start of the buffer to the bump pointer). */
size_t tcg_region_used(void);

/* Number of tcg_region_reset() calls so far (for -d stats). */
unsigned long tcg_region_flush_count(void);

/* Where the next code goes (RW view), aligned to TCG_REGION_TB_ALIGN. */
void *tcg_region_ptr(void);

/* RW address past which the generator must stop and report the buffer
 * full; TCG_REGION_HIGHWATER bytes of room remain after it. */
void *tcg_region_high_water(void);

/*
 * Claim the code just generated, from tcg_region_ptr() to END (RW view,
 * not past high water + TCG_REGION_HIGHWATER): the next code goes after it.
 * An END outside the buffer is an emulator bug (internal_error).
 */
void tcg_region_commit(void *end);

/* Make the current bump pointer the point tcg_region_reset() returns to:
 * called once after the prologue is generated and committed. */
void tcg_region_set_floor(void);

/* Forget all code after the floor.  The caller has dropped every TB. */
void tcg_region_reset(void);

/* True when RX lies within the buffer's executable view. */
bool tcg_region_contains_rx(const void *rx);

/*
 * Make LEN bytes of new code at RX visible to instruction fetch.  Free on
 * x86 (SDM vol. 3, 8.1.3: stores to code are snooped; a jump serializes
 * enough for cross-modifying code on the same thread) but kept so every
 * caller states where coherence is required.
 */
void tcg_region_flush_icache(const void *rx, size_t len);

/* The RX address of RW byte P (NULL stays NULL). */
static inline const void *tcg_splitwx_to_rx(void *rw)
{
    return rw ? (const void *)((uintptr_t)rw + tcg_splitwx_diff) : NULL;
}

/* The RW address of RX byte P (NULL stays NULL). */
static inline void *tcg_splitwx_to_rw(const void *rx)
{
    return rx ? (void *)((uintptr_t)rx - tcg_splitwx_diff) : NULL;
}

#endif /* TCG_TCG_REGION_H */
