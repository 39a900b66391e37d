/*
 * The hook between the loaders that put guest images in memory (-kernel:
 * hw/i386/pc.c) and what wants to know about those images (the -perfmap /
 * -jitdump profiler, accel/tcg/perf.c, which takes their ELF symbols).
 * A loader includes this header and nothing of the profiler's.
 */
#ifndef EXEC_GUEST_IMAGE_H
#define EXEC_GUEST_IMAGE_H

#include <stddef.h>
#include <stdint.h>

/*
 * A loader put IMAGE (LEN bytes: the file as read, an ELF or a bzImage)
 * in guest memory.  Its ELF symbol table, if it has one, names guest code
 * in profiles; anything else is ignored.  IMAGE is only read during the
 * call.
 */
void guest_image_loaded(const uint8_t *image, size_t len);

#endif /* EXEC_GUEST_IMAGE_H */
