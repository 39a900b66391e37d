/*
 * The AML emitter (include/hw/acpi/aml.h).  Encodings are from the ACPI
 * 6.x specification, 20.2 (AML grammar) and 6.4 (resource descriptors).
 *
 * Invariant: open[i] is the offset where open term i's body starts (just
 * after its opcode); the PkgLength is inserted there by aml_end, once the
 * body's size is known.
 */
#include <string.h>

#include "hw/acpi/aml.h"

enum {
    AML_ZERO_OP = 0x00,
    AML_ONE_OP = 0x01,
    AML_NAME_OP = 0x08,
    AML_BYTE_PREFIX = 0x0a,
    AML_WORD_PREFIX = 0x0b,
    AML_DWORD_PREFIX = 0x0c,
    AML_STRING_PREFIX = 0x0d,
    AML_QWORD_PREFIX = 0x0e,
    AML_SCOPE_OP = 0x10,
    AML_BUFFER_OP = 0x11,
    AML_PACKAGE_OP = 0x12,
    AML_DUAL_NAME_PREFIX = 0x2e,
    AML_MULTI_NAME_PREFIX = 0x2f,
    AML_EXT_OP_PREFIX = 0x5b,
    AML_DEVICE_OP = 0x82, /* after the ext prefix */
    AML_ROOT_CHAR = 0x5c,
};

/* Resource descriptor tags (6.4.2, 6.4.3). */
enum {
    RES_IRQ_NOFLAGS = 0x22,
    RES_IO = 0x47,
    RES_END = 0x79,
    RES_DWORD_ADDR = 0x87,
    RES_WORD_ADDR = 0x88,
};
enum { RES_TYPE_MEM = 0, RES_TYPE_IO = 1, RES_TYPE_BUS = 2 };
/* General flags of a bridge window: producer, min and max fixed. */
#define RES_FLAGS_WINDOW 0x0c

static void byte(Aml *a, uint8_t b)
{
    g_byte_array_append(a->buf, &b, 1);
}

static void le(Aml *a, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        byte(a, v >> (8 * i));
    }
}

void aml_init(Aml *a)
{
    a->buf = g_byte_array_new();
    a->depth = 0;
}

void aml_free(Aml *a)
{
    g_byte_array_unref(a->buf);
    a->buf = NULL;
}

/* -- Names ---------------------------------------------------------------- */

static void name_seg(Aml *a, const char *seg, size_t len)
{
    g_assert(len >= 1 && len <= 4);
    for (size_t i = 0; i < 4; i++) {
        byte(a, i < len ? seg[i] : '_');
    }
}

/* A NameString: "\_SB.PCI0", "PCI0", "_S5". */
static void name_string(Aml *a, const char *name)
{
    g_auto(GStrv) segs = NULL;
    unsigned n;

    if (*name == '\\') {
        byte(a, AML_ROOT_CHAR);
        name++;
    }
    segs = g_strsplit(name, ".", -1);
    n = g_strv_length(segs);
    if (n == 2) {
        byte(a, AML_DUAL_NAME_PREFIX);
    } else if (n > 2) {
        byte(a, AML_MULTI_NAME_PREFIX);
        byte(a, n);
    }
    for (unsigned i = 0; i < n; i++) {
        name_seg(a, segs[i], strlen(segs[i]));
    }
}

/* -- Data ----------------------------------------------------------------- */

void aml_integer(Aml *a, uint64_t v)
{
    if (v == 0) {
        byte(a, AML_ZERO_OP);
    } else if (v == 1) {
        byte(a, AML_ONE_OP);
    } else if (v <= 0xff) {
        byte(a, AML_BYTE_PREFIX);
        le(a, v, 1);
    } else if (v <= 0xffff) {
        byte(a, AML_WORD_PREFIX);
        le(a, v, 2);
    } else if (v <= 0xffffffff) {
        byte(a, AML_DWORD_PREFIX);
        le(a, v, 4);
    } else {
        byte(a, AML_QWORD_PREFIX);
        le(a, v, 8);
    }
}

void aml_string(Aml *a, const char *s)
{
    byte(a, AML_STRING_PREFIX);
    g_byte_array_append(a->buf, (const uint8_t *)s, strlen(s) + 1);
}

void aml_eisaid(Aml *a, const char *id)
{
    /* Three 5-bit letters, then four hex digits, stored big-endian. */
    uint16_t vendor =
        (id[0] & 0x1f) << 10 | (id[1] & 0x1f) << 5 | (id[2] & 0x1f);
    uint16_t product = g_ascii_strtoull(id + 3, NULL, 16);

    g_assert(strlen(id) == 7);
    byte(a, AML_DWORD_PREFIX);
    byte(a, vendor >> 8);
    byte(a, vendor);
    byte(a, product >> 8);
    byte(a, product);
}

void aml_name(Aml *a, const char *name)
{
    byte(a, AML_NAME_OP);
    name_string(a, name);
}

/* -- Open terms ------------------------------------------------------------ */

static void open_term(Aml *a, bool is_buffer)
{
    g_assert(a->depth < G_N_ELEMENTS(a->open));
    a->is_buffer[a->depth] = is_buffer;
    a->open[a->depth++] = a->buf->len;
}

void aml_scope_begin(Aml *a, const char *name)
{
    byte(a, AML_SCOPE_OP);
    open_term(a, false);
    name_string(a, name);
}

void aml_device_begin(Aml *a, const char *name)
{
    byte(a, AML_EXT_OP_PREFIX);
    byte(a, AML_DEVICE_OP);
    open_term(a, false);
    name_string(a, name);
}

void aml_package_begin(Aml *a, unsigned nb_elements)
{
    g_assert(nb_elements <= 0xff);
    byte(a, AML_PACKAGE_OP);
    open_term(a, false);
    byte(a, nb_elements);
}

void aml_buffer_begin(Aml *a)
{
    byte(a, AML_BUFFER_OP);
    open_term(a, true);
}

/*
 * PkgLength (20.2.4): the length counts itself.  One byte up to 63;
 * else the low nibble in the lead byte (bits 7-6: extra bytes) and 8
 * bits per extra byte.
 */
static unsigned pkg_length(uint8_t *out, size_t body)
{
    unsigned n = body + 1 <= 0x3f      ? 1
                 : body + 2 <= 0xfff   ? 2
                 : body + 3 <= 0xfffff ? 3
                                       : 4;
    size_t total = body + n;

    g_assert(total <= 0xfffffff);
    if (n == 1) {
        out[0] = total;
        return 1;
    }
    out[0] = (n - 1) << 6 | (total & 0xf);
    for (unsigned i = 1; i < n; i++) {
        out[i] = total >> (4 + 8 * (i - 1));
    }
    return n;
}

void aml_end(Aml *a)
{
    unsigned start;
    bool is_buffer;
    g_autoptr(GByteArray) body = g_byte_array_new();
    uint8_t pl[4];
    unsigned n;

    g_assert(a->depth > 0);
    start = a->open[--a->depth];
    is_buffer = a->is_buffer[a->depth];
    if (is_buffer) {
        Aml size = {.buf = body};

        aml_integer(&size, a->buf->len - start);
    }
    g_byte_array_append(body, a->buf->data + start, a->buf->len - start);
    g_byte_array_set_size(a->buf, start);
    n = pkg_length(pl, body->len);
    g_byte_array_append(a->buf, pl, n);
    g_byte_array_append(a->buf, body->data, body->len);
}

/* -- Resource descriptors -------------------------------------------------- */

void aml_res_io(Aml *a, uint16_t base, uint8_t len)
{
    byte(a, RES_IO);
    byte(a, 0x01); /* 16-bit decode */
    le(a, base, 2);
    le(a, base, 2);
    byte(a, 1); /* alignment */
    byte(a, len);
}

void aml_res_irq(Aml *a, unsigned irq)
{
    byte(a, RES_IRQ_NOFLAGS);
    le(a, 1u << irq, 2);
}

static void word_addr(Aml *a, unsigned type, uint8_t type_flags, uint16_t min,
                      uint16_t max)
{
    byte(a, RES_WORD_ADDR);
    le(a, 13, 2);
    byte(a, type);
    byte(a, RES_FLAGS_WINDOW);
    byte(a, type_flags);
    le(a, 0, 2); /* granularity */
    le(a, min, 2);
    le(a, max, 2);
    le(a, 0, 2); /* translation */
    le(a, max - min + 1, 2);
}

void aml_res_word_bus(Aml *a, uint16_t min, uint16_t max)
{
    word_addr(a, RES_TYPE_BUS, 0, min, max);
}

void aml_res_word_io(Aml *a, uint16_t min, uint16_t max)
{
    word_addr(a, RES_TYPE_IO, 0x03, min, max); /* entire range */
}

void aml_res_dword_mem(Aml *a, uint32_t min, uint32_t max)
{
    byte(a, RES_DWORD_ADDR);
    le(a, 23, 2);
    byte(a, RES_TYPE_MEM);
    byte(a, RES_FLAGS_WINDOW);
    byte(a, 0x03); /* cacheable, read-write */
    le(a, 0, 4);
    le(a, min, 4);
    le(a, max, 4);
    le(a, 0, 4);
    le(a, max - min + 1, 4);
}

void aml_res_end(Aml *a)
{
    byte(a, RES_END);
    byte(a, 0); /* checksum 0: none */
}
