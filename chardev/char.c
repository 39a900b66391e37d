/*
 * Character back ends (include/chardev/char.h).  Input is read from the
 * input descriptor only when the machine loop saw it readable and the
 * receiver has room, so stdin is never set non-blocking (it may share its
 * open file description with stdout on a terminal).  The raw terminal and
 * the Ctrl-A escapes of mon:stdio are not implemented yet.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "chardev/char.h"
#include "softmmu/main-loop.h"

struct Chardev {
    ChardevKind kind;
    int fd; /* output; -1 for null */
    bool owns_fd;
    int in_fd; /* input; -1 for none */
    ChardevCanReceive *can_receive;
    ChardevReceive *receive;
    void *opaque;
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
    chr->in_fd = -1;
    switch (kind) {
    case CHARDEV_STDIO:
    case CHARDEV_MON_STDIO:
        chr->fd = STDOUT_FILENO;
        chr->in_fd = STDIN_FILENO;
        break;
    case CHARDEV_FILE:
        chr->fd =
            open(cfg->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
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
            return; /* a closed pipe: the guest's output goes nowhere */
        }
        buf += n;
        len -= n;
    }
}

static int chardev_can_read(void *opaque)
{
    Chardev *chr = opaque;

    return chr->can_receive(chr->opaque);
}

static void chardev_read(void *opaque)
{
    Chardev *chr = opaque;
    uint8_t buf[256];
    int room = chr->can_receive(chr->opaque);
    ssize_t n;

    if (room <= 0) {
        return;
    }
    n = read(chr->in_fd, buf, MIN((size_t)room, sizeof(buf)));
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
        return;
    }
    if (n <= 0) {
        main_loop_remove_fd_handler(chr->in_fd); /* end of input */
        return;
    }
    chr->receive(chr->opaque, buf, n);
}

void chardev_set_receiver(Chardev *chr, ChardevCanReceive *can_receive,
                          ChardevReceive *receive, void *opaque)
{
    if (!chr || chr->in_fd < 0) {
        return;
    }
    chr->can_receive = can_receive;
    chr->receive = receive;
    chr->opaque = opaque;
    main_loop_set_fd_handler(chr->in_fd, chardev_can_read, chardev_read, chr);
}

void chardev_accept_input(Chardev *chr)
{
    if (chr && chr->receive) {
        main_loop_can_read_changed();
    }
}

void chardev_close(Chardev *chr)
{
    if (chr && chr->receive) {
        main_loop_remove_fd_handler(chr->in_fd);
    }
    if (chr && chr->owns_fd) {
        close(chr->fd);
    }
    g_free(chr);
}
