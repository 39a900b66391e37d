/*
 * Interrupt lines (include/hw/irq.h): a line is its receiver's handler,
 * opaque pointer and line number.  Lines do not remember their level;
 * receivers keep the state they need (edge detection, level latches).
 */
#include <glib.h>

#include "hw/irq.h"

struct IRQLine {
    IRQHandler *handler; /* NULL: levels are ignored */
    void *opaque;
    int n; /* the line's number at the receiver */
};

IRQLine *irq_new(IRQHandler *handler, void *opaque, int n)
{
    IRQLine *line = g_new(IRQLine, 1);

    line->handler = handler;
    line->opaque = opaque;
    line->n = n;
    return line;
}

IRQLine **irq_new_array(IRQHandler *handler, void *opaque, int count)
{
    IRQLine **lines = g_new(IRQLine *, count);

    for (int i = 0; i < count; i++) {
        lines[i] = irq_new(handler, opaque, i);
    }
    return lines;
}

void irq_set(IRQLine *line, int level)
{
    if (line && line->handler) {
        line->handler(line->opaque, line->n, level != 0);
    }
}
