/*
 * Serial input: COM1 is connected to the emulator's stdio and the runner
 * gives a file on standard input.  The guest echoes every byte it
 * receives until a line "end", polling LSR.DR; the runner checks that
 * standard output equals the input.
 */
#include "guest.h"

#define COM1       0x3f8
#define WAIT_LOOPS 200000000

int guest_main(uint32_t magic, uint32_t info)
{
    char line[8];
    int len = 0, bytes = 0, done = 0;

    /* The FIFOs stay as reset: enabling them would drop what arrived. */
    outb(COM1 + 3, 0x03);
    for (int i = 0; i < WAIT_LOOPS && !done; i++) {
        char c;

        if (!(inb(COM1 + 5) & 0x01)) {
            continue;
        }
        c = inb(COM1);
        bytes++;
        while (!(inb(COM1 + 5) & 0x20)) {
        }
        outb(COM1, c);
        if (c == '\n') {
            done =
                len == 3 && line[0] == 'e' && line[1] == 'n' && line[2] == 'd';
            len = 0;
        } else if (len < 7) {
            line[len++] = c;
        }
    }
    check(done, "the input arrived on COM1 up to the line \"end\"");
    check(bytes > 20, "every byte of the input was received");
    return failures;
}
