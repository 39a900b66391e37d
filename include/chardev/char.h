/*
 * Character back ends: where a serial port, the debug console or the
 * monitor sends its bytes (and, later, gets its input from).
 *
 * A Chardev is opened from a ChardevConfig (stdio, null, file:PATH);
 * devices write bytes with chardev_write.  Output is unbuffered at the
 * device's pace: each write reaches the file descriptor, so a guest's last
 * words before a crash are never lost.
 */
#ifndef CHARDEV_CHAR_H
#define CHARDEV_CHAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "softmmu/config.h"

typedef struct Chardev Chardev;

/*
 * Open the back end CFG describes (CHARDEV_DEFAULT is treated as DEF).
 * Returns NULL for CHARDEV_NONE.  On failure returns NULL and sets *ERR
 * (g_free it) to "<path>: <why>".  *FAILED tells the two NULLs apart.
 */
Chardev *chardev_open(const ChardevConfig *cfg, ChardevKind def, bool *failed,
                      char **err);

/* Write LEN bytes (dropped for "null"). */
void chardev_write(Chardev *chr, const uint8_t *buf, size_t len);

void chardev_close(Chardev *chr);

#endif /* CHARDEV_CHAR_H */
