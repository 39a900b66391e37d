/*
 * fw_cfg, the firmware configuration device (include/hw/nvram/fw_cfg.h),
 * as QEMU's docs/specs/fw_cfg.rst describes it for the PC:
 *
 *   0x510  selector, 16-bit write: selects an item and rewinds its offset
 *   0x511  data, 8-bit read: the next byte of the item, 0 past its end
 *          (writes are ignored: no item is writable)
 *   0x514  DMA address, 64-bit big-endian, written as two 32-bit halves
 *          (high at 0x514, low at 0x518); the low write starts a transfer
 *          of the FWCfgDmaAccess structure at that guest address.  Reads
 *          give the signature "QEMU CFG".
 *
 * A DMA transfer is done at once, on the vCPU thread, through the memory
 * API (address_space_read/write), so it reaches the execution engine's
 * translated-code invalidation like any device write into RAM.  Guest
 * addresses that are not RAM read as all ones and drop writes; no length
 * reaches host memory outside guest RAM.
 *
 * Invariant: `files` is sorted by name and file number i has selector
 * FW_CFG_FILE_FIRST + i (items are only added before the guest runs).
 */
#include <string.h>

#include <glib.h>

#include "hw/nvram/fw_cfg.h"
#include "util/bytes.h"
#include "util/log.h"

/* FWCfgDmaAccess.control bits (fw_cfg.rst "DMA interface"). */
#define FW_CFG_DMA_CTL_ERROR  0x01
#define FW_CFG_DMA_CTL_READ   0x02
#define FW_CFG_DMA_CTL_SKIP   0x04
#define FW_CFG_DMA_CTL_SELECT 0x08
#define FW_CFG_DMA_CTL_WRITE  0x10

#define FW_CFG_DMA_SIGNATURE   "QEMU CFG"
#define FW_CFG_DMA_ACCESS_SIZE 16 /* be32 control, be32 length, be64 addr */
#define FW_CFG_DIR_ENTRY_SIZE  64 /* be32 size, be16 select, u16, name */

typedef struct FWCfgItem {
    uint8_t *data; /* owned; NULL when len == 0 */
    uint32_t len;
} FWCfgItem;

typedef struct FWCfgFile {
    char name[FW_CFG_MAX_FILE_NAME];
    FWCfgItem item;
} FWCfgFile;

struct FWCfgState {
    /* Guest-visible state. */
    uint16_t cur_key;       /* selected item, FW_CFG_INVALID if none */
    uint32_t cur_offset;    /* next byte of it to read */
    uint32_t dma_addr_high; /* high half of the DMA address register */

    /* Items. */
    GHashTable *items; /* key (not files) -> FWCfgItem* */
    GPtrArray *files;  /* of FWCfgFile*, sorted by name */

    MemoryRegion io;      /* 0x510-0x511 */
    MemoryRegion dma_io;  /* 0x514-0x51b */
    AddressSpace *dma_as; /* guest memory for DMA */
};

/* -- Items -------------------------------------------------------------- */

static void item_free(gpointer p)
{
    FWCfgItem *it = p;

    g_free(it->data);
    g_free(it);
}

/* The selected item, or NULL (nothing there: reads give 0). */
static const FWCfgItem *fw_cfg_cur_item(FWCfgState *s)
{
    uint16_t key = s->cur_key & ~FW_CFG_WRITE_CHANNEL;

    if (s->cur_key == FW_CFG_INVALID) {
        return NULL;
    }
    if (key >= FW_CFG_FILE_FIRST && key < FW_CFG_ARCH_LOCAL) {
        unsigned i = key - FW_CFG_FILE_FIRST;

        return i < s->files->len
                   ? &((FWCfgFile *)g_ptr_array_index(s->files, i))->item
                   : NULL;
    }
    return g_hash_table_lookup(s->items, GUINT_TO_POINTER(key));
}

void fw_cfg_add_bytes(FWCfgState *s, uint16_t key, const void *data, size_t len)
{
    FWCfgItem *it = g_new0(FWCfgItem, 1);

    g_assert(len <= UINT32_MAX);
    it->data = len ? g_memdup2(data, len) : NULL;
    it->len = len;
    g_hash_table_replace(s->items, GUINT_TO_POINTER(key), it);
}

void fw_cfg_add_i16(FWCfgState *s, uint16_t key, uint16_t value)
{
    uint16_t le = GUINT16_TO_LE(value);

    fw_cfg_add_bytes(s, key, &le, sizeof(le));
}

void fw_cfg_add_i32(FWCfgState *s, uint16_t key, uint32_t value)
{
    uint32_t le = GUINT32_TO_LE(value);

    fw_cfg_add_bytes(s, key, &le, sizeof(le));
}

void fw_cfg_add_i64(FWCfgState *s, uint16_t key, uint64_t value)
{
    uint64_t le = GUINT64_TO_LE(value);

    fw_cfg_add_bytes(s, key, &le, sizeof(le));
}

/* Rebuild FW_CFG_FILE_DIR from the sorted file list. */
static void fw_cfg_update_dir(FWCfgState *s)
{
    unsigned n = s->files->len;
    g_autofree uint8_t *dir = g_malloc0(4 + n * FW_CFG_DIR_ENTRY_SIZE);

    put_be32(dir, n);
    for (unsigned i = 0; i < n; i++) {
        const FWCfgFile *f = g_ptr_array_index(s->files, i);
        uint8_t *e = dir + 4 + i * FW_CFG_DIR_ENTRY_SIZE;

        put_be32(e, f->item.len);
        put_be16(e + 4, FW_CFG_FILE_FIRST + i);
        memcpy(e + 8, f->name, FW_CFG_MAX_FILE_NAME);
    }
    fw_cfg_add_bytes(s, FW_CFG_FILE_DIR, dir, 4 + n * FW_CFG_DIR_ENTRY_SIZE);
}

bool fw_cfg_add_file(FWCfgState *s, const char *name, const void *data,
                     size_t len, char **err)
{
    FWCfgFile *f;
    unsigned pos = 0;

    if (strlen(name) >= FW_CFG_MAX_FILE_NAME) {
        *err = g_strdup_printf("name '%s' is longer than %d characters", name,
                               FW_CFG_MAX_FILE_NAME - 1);
        return false;
    }
    if (len > UINT32_MAX) {
        *err = g_strdup_printf("'%s' is larger than 4 GiB", name);
        return false;
    }
    if (s->files->len >= FW_CFG_MAX_FILES) {
        *err = g_strdup_printf("too many files (at most %d)", FW_CFG_MAX_FILES);
        return false;
    }
    for (; pos < s->files->len; pos++) {
        int c =
            strcmp(name, ((FWCfgFile *)g_ptr_array_index(s->files, pos))->name);

        if (c == 0) {
            *err = g_strdup_printf("name '%s' is used twice", name);
            return false;
        }
        if (c < 0) {
            break;
        }
    }
    f = g_new0(FWCfgFile, 1);
    g_strlcpy(f->name, name, sizeof(f->name));
    f->item.data = len ? g_memdup2(data, len) : NULL;
    f->item.len = len;
    g_ptr_array_insert(s->files, pos, f);
    fw_cfg_update_dir(s);
    return true;
}

static void file_free(gpointer p)
{
    FWCfgFile *f = p;

    g_free(f->item.data);
    g_free(f);
}

/* -- The port interface -------------------------------------------------- */

static void fw_cfg_select(FWCfgState *s, uint16_t key)
{
    s->cur_key = key;
    s->cur_offset = 0;
}

static uint8_t fw_cfg_read_byte(FWCfgState *s)
{
    const FWCfgItem *it = fw_cfg_cur_item(s);

    if (!it || s->cur_offset >= it->len) {
        return 0;
    }
    return it->data[s->cur_offset++];
}

static uint64_t fw_cfg_io_read(void *opaque, hwaddr addr, unsigned size)
{
    FWCfgState *s = opaque;

    if (addr == 1 && size == 1) {
        return fw_cfg_read_byte(s);
    }
    qlog_mask(LOG_GUEST_ERRORS, "fw_cfg: %u-byte read of port 0x%x\n", size,
              (unsigned)(FW_CFG_IO_BASE + addr));
    return 0;
}

static void fw_cfg_io_write(void *opaque, hwaddr addr, uint64_t val,
                            unsigned size)
{
    FWCfgState *s = opaque;

    if (addr == 0 && size == 2) {
        fw_cfg_select(s, val);
    } else if (addr == 1 && size == 1) {
        /* Writes through the data port are ignored (fw_cfg.rst). */
        qlog_mask(LOG_GUEST_ERRORS, "fw_cfg: write to the data port "
                                    "ignored\n");
    } else {
        qlog_mask(LOG_GUEST_ERRORS, "fw_cfg: %u-byte write of port 0x%x\n",
                  size, (unsigned)(FW_CFG_IO_BASE + addr));
    }
}

static const MemoryRegionOps fw_cfg_io_ops = {
    .read = fw_cfg_io_read,
    .write = fw_cfg_io_write,
    .valid = {.min_size = 1, .max_size = 2, .unaligned = true},
    .impl = {.min_size = 1, .max_size = 2, .unaligned = true},
};

/* -- The DMA interface --------------------------------------------------- */

/*
 * Copy LEN bytes of the selected item from the current offset to guest
 * ADDR (zeroes past its end), or just advance the offset (SKIP).
 */
static void fw_cfg_dma_read(FWCfgState *s, uint64_t addr, uint32_t len,
                            bool skip)
{
    static const uint8_t zeroes[4096];
    const FWCfgItem *it = fw_cfg_cur_item(s);

    while (len) {
        uint32_t avail =
            it && s->cur_offset < it->len ? it->len - s->cur_offset : 0;
        uint32_t n;

        if (avail) {
            n = MIN(len, avail);
            if (!skip) {
                address_space_write(s->dma_as, addr, it->data + s->cur_offset,
                                    n);
            }
            s->cur_offset += n;
        } else {
            n = MIN(len, sizeof(zeroes));
            if (!skip) {
                address_space_write(s->dma_as, addr, zeroes, n);
            }
        }
        addr += n;
        len -= n;
    }
}

/* Run the FWCfgDmaAccess at guest address DESC; write back its control. */
static void fw_cfg_dma_transfer(FWCfgState *s, uint64_t desc)
{
    uint8_t d[FW_CFG_DMA_ACCESS_SIZE];
    uint8_t done[4];
    uint32_t control, length;
    uint64_t addr;

    if (address_space_read(s->dma_as, desc, d, sizeof(d)) != MEMTX_OK) {
        qlog_mask(LOG_GUEST_ERRORS,
                  "fw_cfg: DMA descriptor at 0x%" G_GINT64_MODIFIER
                  "x is not in RAM\n",
                  desc);
        return;
    }
    control = get_be32(d);
    length = get_be32(d + 4);
    addr = (uint64_t)get_be32(d + 8) << 32 | get_be32(d + 12);

    if (control & FW_CFG_DMA_CTL_SELECT) {
        fw_cfg_select(s, control >> 16);
    }
    if (control & FW_CFG_DMA_CTL_WRITE) {
        /* No item is writable: the transfer fails. */
        qlog_mask(LOG_GUEST_ERRORS,
                  "fw_cfg: DMA write to item 0x%x "
                  "refused\n",
                  s->cur_key);
        put_be32(done, FW_CFG_DMA_CTL_ERROR);
    } else {
        if (control & (FW_CFG_DMA_CTL_READ | FW_CFG_DMA_CTL_SKIP)) {
            fw_cfg_dma_read(s, addr, length, !(control & FW_CFG_DMA_CTL_READ));
        }
        put_be32(done, 0);
    }
    address_space_write(s->dma_as, desc, done, sizeof(done));
}

static uint64_t fw_cfg_dma_io_read(void *opaque, hwaddr addr, unsigned size)
{
    uint64_t v = 0;

    /* Byte i of the register is signature byte i (a big-endian value). */
    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)(uint8_t)FW_CFG_DMA_SIGNATURE[addr + i] << (8 * i);
    }
    return v;
}

static void fw_cfg_dma_io_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned size)
{
    FWCfgState *s = opaque;
    /* The guest wrote the big-endian half as bytes: swap to a number. */
    uint32_t half = GUINT32_FROM_BE((uint32_t)val);

    if (size != 4) {
        qlog_mask(LOG_GUEST_ERRORS,
                  "fw_cfg: %u-byte write of the DMA "
                  "address register ignored\n",
                  size);
        return;
    }
    if (addr == 0) {
        s->dma_addr_high = half;
    } else {
        fw_cfg_dma_transfer(s, (uint64_t)s->dma_addr_high << 32 | half);
        s->dma_addr_high = 0;
    }
}

static const MemoryRegionOps fw_cfg_dma_io_ops = {
    .read = fw_cfg_dma_io_read,
    .write = fw_cfg_dma_io_write,
    .valid = {.min_size = 1, .max_size = 8},
    .impl = {.min_size = 1, .max_size = 4},
};

/* -- Construction --------------------------------------------------------- */

static void fw_cfg_reset(FWCfgState *s)
{
    s->cur_key = FW_CFG_INVALID;
    s->cur_offset = 0;
    s->dma_addr_high = 0;
}

FWCfgState *fw_cfg_init_io(Machine *m)
{
    FWCfgState *s = g_new0(FWCfgState, 1);

    s->items = g_hash_table_new_full(NULL, NULL, NULL, item_free);
    s->files = g_ptr_array_new_with_free_func(file_free);
    s->dma_as = &m->as_memory;
    fw_cfg_add_bytes(s, FW_CFG_SIGNATURE, "QEMU", 4);
    fw_cfg_add_i32(s, FW_CFG_ID, FW_CFG_VERSION | FW_CFG_VERSION_DMA);
    fw_cfg_update_dir(s);
    fw_cfg_reset(s);
    memory_region_init_io(&s->io, "fw_cfg", &fw_cfg_io_ops, s, 2);
    memory_region_add_subregion(&m->io, FW_CFG_IO_BASE, &s->io);
    memory_region_init_io(&s->dma_io, "fw_cfg-dma", &fw_cfg_dma_io_ops, s, 8);
    memory_region_add_subregion(&m->io, FW_CFG_DMA_IO_BASE, &s->dma_io);
    return s;
}
