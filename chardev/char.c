/*
 * Character back ends (include/chardev/char.h): output only for now.
 * Input, the raw terminal and the Ctrl-A escapes of mon:stdio come with the
 * serial console of the PC platform work.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "chardev/char.h"

struct Chardev {
    ChardevKind kind;
    int fd;                     /* -1 for null */
    bool owns_fd;
};

Chardev *chardev_open(const ChardevConfig *cfg, ChardevKind def, bool *failed,
                      char **err)
{
    ChardevKind kind = cfg->kind == CHARDEV_DEFAULT ? def : cfg->kind;
    Chardev *chr;

    *failed = false;
    if (kind == CHARDEV_NONE || kind == CHARDEV_DEFAULT) {
        return NULL;
    }
    chr = g_new0(Chardev, 1);
    chr->kind = kind;
    chr->fd = -1;
    switch (kind) {
    case CHARDEV_STDIO:
    case CHARDEV_MON_STDIO:
        chr->fd = STDOUT_FILENO;
        break;
    case CHARDEV_FILE:
        chr->fd = open(cfg->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                       0666);
        if (chr->fd < 0) {
            *err = g_strdup_printf("%s: %s", cfg->path, g_strerror(errno));
            *failed = true;
            g_free(chr);
            return NULL;
        }
        chr->owns_fd = true;
        break;
    default:
        break;
    }
    return chr;
}

void chardev_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    if (!chr || chr->fd < 0) {
        return;
    }
    while (len > 0) {
        ssize_t n = write(chr->fd, buf, len);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return;     /* a closed pipe: the guest's output goes nowhere */
        }
        buf += n;
        len -= n;
    }
}

void chardev_close(Chardev *chr)
{
    if (chr && chr->owns_fd) {
        close(chr->fd);
    }
    g_free(chr);
}
