/*
 * Character back ends: where a serial port, the debug console or the
 * monitor sends its bytes and gets its input from.
 *
 * A Chardev is opened from a ChardevConfig (stdio, null, file:PATH);
 * devices write bytes with chardev_write.  Output is unbuffered at the
 * device's pace: each write reaches the file descriptor, so a guest's last
 * words before a crash are never lost.  Input (stdio and mon:stdio read
 * standard input; the others have none) is polled by the machine loop and
 * handed to the device that registered a receiver, never more than it
 * says it can take.  The terminal stays in its mode (no raw mode and no
 * Ctrl-A escapes yet).
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

/* How many bytes the device takes now; what arrived. */
typedef int ChardevCanReceive(void *opaque);
typedef void ChardevReceive(void *opaque, const uint8_t *buf, size_t len);

/*
 * Send CHR's input to RECEIVE(OPAQUE) (CHR may be NULL: no input).  Only
 * one device receives from a back end; on end of file input just stops.
 * Context: the machine loop calls RECEIVE on the vCPU thread.
 */
void chardev_set_receiver(Chardev *chr, ChardevCanReceive *can_receive,
                          ChardevReceive *receive, void *opaque);

/* The receiver has room again after saying it had none (CHR may be NULL). */
void chardev_accept_input(Chardev *chr);

void chardev_close(Chardev *chr);

#endif /* CHARDEV_CHAR_H */
