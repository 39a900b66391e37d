/*
 * Interrupt lines between devices: a device raises or lowers a line, the
 * receiver's handler sees the new level.  Edge-triggered receivers look
 * for a 0 -> 1 change themselves; irq_pulse() is raise then lower.
 *
 * Context: lines are set on the vCPU thread (device callbacks, timers),
 * never concurrently.  An IRQLine with a NULL handler ignores levels.
 */
#ifndef HW_IRQ_H
#define HW_IRQ_H

#include <stdbool.h>

typedef struct IRQLine IRQLine;

/* Called when line N of OPAQUE's set changes to LEVEL (0 or 1). */
typedef void IRQHandler(void *opaque, int n, int level);

/* COUNT lines numbered 0 .. COUNT - 1 that call HANDLER(OPAQUE, n, level). */
IRQLine **irq_new_array(IRQHandler *handler, void *opaque, int count);
IRQLine *irq_new(IRQHandler *handler, void *opaque, int n);

/* Set LINE to LEVEL (non-zero = 1).  LINE may be NULL (not wired). */
void irq_set(IRQLine *line, int level);

static inline void irq_raise(IRQLine *line)
{
    irq_set(line, 1);
}
static inline void irq_lower(IRQLine *line)
{
    irq_set(line, 0);
}
static inline void irq_pulse(IRQLine *line)
{
    irq_set(line, 1);
    irq_set(line, 0);
}

#endif /* HW_IRQ_H */
