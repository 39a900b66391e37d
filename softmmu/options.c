/*
 * The command line (include/softmmu/options.h).
 *
 * One table lists every option with its argument, help text, status and
 * handler.  A handler checks its value and records it in the
 * MachineConfig; it never acts on the machine, so parsing can be unit-tested
 * and an error always comes before anything has started.  Errors are one
 * line, "<option>: <why>", printed by main with the "peregrine: " prefix.
 */
#include <stdarg.h>
#include <string.h>

#include "config-host.h"
#include "softmmu/options.h"
#include "util/keyval.h"
#include "util/log.h"

typedef bool (*OptionHandler)(MachineConfig *c, const char *arg, FILE *out,
                              char **err);

typedef struct OptionDef {
    const char *name;    /* without the leading dash */
    const char *argname; /* shown in -help; NULL: takes no argument */
    const char *help;
    OptionStatus status;
    OptionHandler handle; /* NULL for OPT_NOT_YET rows */
} OptionDef;

/* Set by handlers of informational options (-help, -version, X help). */
static bool exit_after_parse;

static bool G_GNUC_PRINTF(2, 3) fail(char **err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    *err = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    return false;
}

static void set_string(char **field, const char *val)
{
    g_free(*field);
    *field = g_strdup(val);
}

/* The key to name in a message: none when it was the implied one. */
static const char *msg_key(const KeyVal *kv, const char *implied)
{
    return implied && !strcmp(kv->key, implied) ? NULL : kv->key;
}

static bool unknown_key(const char *key, const char *known, char **err)
{
    return fail(err, "unknown parameter '%s' (known: %s)", key, known);
}

/* -- Chardev specifications (-serial, -monitor, -debugcon) -------------- */

static bool parse_chardev(const char *arg, ChardevConfig *cd, char **err)
{
    g_free(cd->path);
    cd->path = NULL;
    if (!strcmp(arg, "stdio")) {
        cd->kind = CHARDEV_STDIO;
    } else if (!strcmp(arg, "mon:stdio")) {
        cd->kind = CHARDEV_MON_STDIO;
    } else if (!strcmp(arg, "null")) {
        cd->kind = CHARDEV_NULL;
    } else if (!strcmp(arg, "none")) {
        cd->kind = CHARDEV_NONE;
    } else if (g_str_has_prefix(arg, "file:")) {
        if (arg[5] == '\0') {
            return fail(err, "file: needs a path");
        }
        cd->kind = CHARDEV_FILE;
        cd->path = g_strdup(arg + 5);
    } else if (g_str_has_prefix(arg, "tcp:") || g_str_has_prefix(arg, "unix:")
               || g_str_has_prefix(arg, "pty") || g_str_has_prefix(arg, "vc")
               || g_str_has_prefix(arg, "chardev:")
               || g_str_has_prefix(arg, "telnet:")
               || g_str_has_prefix(arg, "udp:")
               || g_str_has_prefix(arg, "pipe:")) {
        return fail(err,
                    "'%s': this back end is not implemented yet "
                    "(stdio, mon:stdio, null, none and file:PATH are)",
                    arg);
    } else {
        return fail(err,
                    "'%s': unknown back end (stdio, mon:stdio, null, "
                    "none or file:PATH)",
                    arg);
    }
    return true;
}

/* -- Informational options ---------------------------------------------- */

static bool opt_help(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    options_print_help(out);
    exit_after_parse = true;
    return true;
}

static bool opt_version(MachineConfig *c, const char *arg, FILE *out,
                        char **err)
{
    fprintf(out,
            "Peregrine emulator version %s\n"
            "A full-system x86-64 PC emulator that accepts "
            "qemu-system-x86_64 command lines.\n",
            PEREGRINE_VERSION);
    exit_after_parse = true;
    return true;
}

/* -- Machine and CPU ---------------------------------------------------- */

static bool opt_machine(MachineConfig *c, const char *arg, FILE *out,
                        char **err)
{
    GArray *kv;
    bool ok = true;

    if (!strcmp(arg, "help")) {
        fprintf(out,
                "Supported machines are:\n"
                "pc                   Standard PC (i440FX + PIIX) (default)\n");
        exit_after_parse = true;
        return true;
    }
    kv = keyval_parse(arg, "type", err);
    if (!kv) {
        return false;
    }
    for (unsigned i = 0; ok && i < kv->len; i++) {
        KeyVal *p = &g_array_index(kv, KeyVal, i);

        if (!strcmp(p->key, "type")) {
            if (strcmp(p->val, "pc") && strcmp(p->val, "pc-i440fx-7.2")) {
                ok = fail(err, "'%s': unknown machine (try -machine help)",
                          p->val);
            } else {
                set_string(&c->machine, "pc");
            }
        } else if (!strcmp(p->key, "accel")) {
            if (strcmp(p->val, "tcg")) {
                ok = fail(err, "accel=%s: only tcg is supported", p->val);
            }
        } else {
            ok = unknown_key(p->key, "type, accel", err);
        }
    }
    keyval_free(kv);
    return ok;
}

static const char *const cpu_models[][2] = {
    {"qemu64", "QEMU Virtual CPU version 2.5+ (default)"},
    {"max", "Enables all features Peregrine implements"},
};

static bool opt_cpu(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    g_auto(GStrv) parts = g_strsplit(arg, ",", -1);
    bool known = false;

    if (!strcmp(arg, "help")) {
        fprintf(out, "Available CPU models:\n");
        for (unsigned i = 0; i < G_N_ELEMENTS(cpu_models); i++) {
            fprintf(out, "  %-10s %s\n", cpu_models[i][0], cpu_models[i][1]);
        }
        exit_after_parse = true;
        return true;
    }
    if (!strcmp(parts[0], "host")) {
        return fail(err, "'host' needs KVM, which Peregrine does not use; "
                         "try -cpu max");
    }
    for (unsigned i = 0; i < G_N_ELEMENTS(cpu_models); i++) {
        known |= !strcmp(parts[0], cpu_models[i][0]);
    }
    if (!known) {
        return fail(err, "'%s': unknown CPU model (try -cpu help)", parts[0]);
    }
    set_string(&c->cpu_model, parts[0]);
    g_ptr_array_set_size(c->cpu_features, 0);
    for (char **f = parts + 1; *f; f++) {
        const char *eq = strchr(*f, '=');

        if (**f == '+' || **f == '-') {
            if ((*f)[1] == '\0') {
                return fail(err, "'%s': empty feature name", *f);
            }
            g_ptr_array_add(c->cpu_features, g_strdup(*f));
        } else if (eq && (!strcmp(eq + 1, "on") || !strcmp(eq + 1, "off"))) {
            g_ptr_array_add(c->cpu_features,
                            g_strdup_printf("%c%.*s", eq[2] == 'n' ? '+' : '-',
                                            (int)(eq - *f), *f));
        } else {
            return fail(err,
                        "'%s': a feature is +name, -name or "
                        "name=on|off",
                        *f);
        }
    }
    return true;
}

/* RAM limits: QEMU's pc needs at least 1 MiB; 1 TiB is our host budget. */
#define RAM_MIN (UINT64_C(1) << 20)
#define RAM_MAX (UINT64_C(1) << 40)

static bool opt_m(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    GArray *kv = keyval_parse(arg, "size", err);
    bool ok = true;

    if (!kv) {
        return false;
    }
    for (unsigned i = 0; ok && i < kv->len; i++) {
        KeyVal *p = &g_array_index(kv, KeyVal, i);
        uint64_t size;

        if (!strcmp(p->key, "size")) {
            ok = keyval_parse_size(msg_key(p, "size"), p->val, 1 << 20, &size,
                                   err);
            if (ok && (size < RAM_MIN || size > RAM_MAX)) {
                ok = fail(err, "'%s': RAM size must be between 1M and 1T",
                          p->val);
            }
            if (ok && size % 4096) {
                ok = fail(err, "'%s': RAM size must be a multiple of 4K",
                          p->val);
            }
            if (ok) {
                c->ram_size = size;
            }
        } else if (!strcmp(p->key, "slots") || !strcmp(p->key, "maxmem")) {
            ok = fail(err, "%s: memory hotplug is not implemented yet", p->key);
        } else {
            ok = unknown_key(p->key, "size", err);
        }
    }
    keyval_free(kv);
    return ok;
}

#define MAX_CPUS 255

static bool opt_smp(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    static const char *const keys[] = {
        "cpus", "maxcpus", "sockets", "dies", "cores", "threads",
    };
    uint64_t v[G_N_ELEMENTS(keys)] = {0};
    GArray *kv = keyval_parse(arg, "cpus", err);
    bool ok = true;

    if (!kv) {
        return false;
    }
    for (unsigned i = 0; ok && i < kv->len; i++) {
        KeyVal *p = &g_array_index(kv, KeyVal, i);
        unsigned k;

        for (k = 0; k < G_N_ELEMENTS(keys); k++) {
            if (!strcmp(p->key, keys[k])) {
                break;
            }
        }
        if (k == G_N_ELEMENTS(keys)) {
            ok = unknown_key(p->key,
                             "cpus, maxcpus, sockets, dies, cores, "
                             "threads",
                             err);
        } else {
            ok = keyval_parse_uint(msg_key(p, "cpus"), p->val, MAX_CPUS, &v[k],
                                   err);
            if (ok && v[k] == 0) {
                ok = fail(err, "%s must be at least 1", p->key);
            }
        }
    }
    keyval_free(kv);
    if (!ok) {
        return false;
    }

    /* QEMU's rules: missing counts are derived from the others. */
    uint64_t sockets = v[2], dies = v[3] ? v[3] : 1, cores = v[4],
             threads = v[5];
    uint64_t cpus = v[0], maxcpus = v[1];
    uint64_t given = (sockets ? sockets : 1) * dies * (cores ? cores : 1)
                     * (threads ? threads : 1);

    if (!cpus) {
        cpus = maxcpus ? maxcpus : given;
    }
    if (!maxcpus) {
        maxcpus = cpus;
    }
    if (!threads) {
        threads = 1;
    }
    if (!cores) {
        cores = sockets ? maxcpus / (sockets * dies * threads) : 1;
    }
    if (!sockets) {
        sockets = maxcpus / (dies * cores * threads);
    }
    if (maxcpus < cpus) {
        return fail(err, "maxcpus (%llu) must be at least cpus (%llu)",
                    (unsigned long long)maxcpus, (unsigned long long)cpus);
    }
    if (sockets * dies * cores * threads != maxcpus || maxcpus > MAX_CPUS) {
        return fail(err,
                    "topology %llu sockets * %llu dies * %llu cores * "
                    "%llu threads does not give %llu CPUs (at most %d)",
                    (unsigned long long)sockets, (unsigned long long)dies,
                    (unsigned long long)cores, (unsigned long long)threads,
                    (unsigned long long)maxcpus, MAX_CPUS);
    }
    c->smp_cpus = cpus;
    c->smp_max_cpus = maxcpus;
    c->smp_sockets = sockets;
    c->smp_dies = dies;
    c->smp_cores = cores;
    c->smp_threads = threads;
    return true;
}

static bool opt_accel(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    GArray *kv;
    bool ok = true;

    if (!strcmp(arg, "help")) {
        fprintf(out, "Accelerators supported in Peregrine:\ntcg\n");
        exit_after_parse = true;
        return true;
    }
    kv = keyval_parse(arg, "accel", err);
    if (!kv) {
        return false;
    }
    for (unsigned i = 0; ok && i < kv->len; i++) {
        KeyVal *p = &g_array_index(kv, KeyVal, i);
        uint64_t mb;

        if (!strcmp(p->key, "accel")) {
            if (strcmp(p->val, "tcg")) {
                ok = fail(err, "'%s': only the tcg accelerator is supported",
                          p->val);
            }
        } else if (!strcmp(p->key, "tb-size")) {
            ok = keyval_parse_uint(p->key, p->val, 1024, &mb, err);
            if (ok && mb < 1) {
                ok = fail(err, "tb-size: at least 1 (MiB)");
            }
            if (ok) {
                c->tb_size = mb << 20;
            }
        } else if (!strcmp(p->key, "split-wx")) {
            ok = keyval_parse_bool(p->key, p->val, &c->split_wx, err);
        } else if (!strcmp(p->key, "backend")) {
            if (!strcmp(p->val, "native")) {
                c->tcg_backend = TCG_BACKEND_NATIVE;
            } else if (!strcmp(p->val, "tci")) {
                c->tcg_backend = TCG_BACKEND_TCI;
            } else {
                ok = fail(err, "backend: '%s' is not native or tci", p->val);
            }
        } else if (!strcmp(p->key, "thread")) {
            if (strcmp(p->val, "single")) {
                ok = fail(err,
                          "thread=%s: multi-threaded TCG is not "
                          "implemented yet",
                          p->val);
            }
        } else {
            ok = unknown_key(p->key, "tb-size, split-wx, backend, thread", err);
        }
    }
    keyval_free(kv);
    return ok;
}

static bool opt_enable_kvm(MachineConfig *c, const char *arg, FILE *out,
                           char **err)
{
    return fail(err, "KVM is not supported: Peregrine translates guest code "
                     "(leave the option out)");
}

static bool opt_icount(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    GArray *kv = keyval_parse(arg, "shift", err);
    bool ok = true;

    if (!kv) {
        return false;
    }
    for (unsigned i = 0; ok && i < kv->len; i++) {
        KeyVal *p = &g_array_index(kv, KeyVal, i);
        uint64_t shift;

        if (!strcmp(p->key, "shift")) {
            if (!strcmp(p->val, "auto")) {
                c->icount_shift = -1;
            } else if ((ok = keyval_parse_uint(msg_key(p, "shift"), p->val, 10,
                                               &shift, err))) {
                c->icount_shift = shift;
            }
        } else if (!strcmp(p->key, "sleep")) {
            ok = keyval_parse_bool(p->key, p->val, &c->icount_sleep, err);
        } else if (!strcmp(p->key, "align")) {
            ok = keyval_parse_bool(p->key, p->val, &c->icount_align, err);
        } else {
            ok = unknown_key(p->key, "shift, sleep, align", err);
        }
    }
    keyval_free(kv);
    c->icount = ok;
    return ok;
}

static bool opt_name(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    set_string(&c->name, arg);
    return true;
}

/* -- Boot --------------------------------------------------------------- */

static bool opt_kernel(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    set_string(&c->kernel, arg);
    return true;
}

static bool opt_initrd(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    set_string(&c->initrd, arg);
    return true;
}

static bool opt_append(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    set_string(&c->append, arg);
    return true;
}

static bool opt_bios(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    set_string(&c->bios, arg);
    return true;
}

static bool opt_L(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    if (!strcmp(arg, "help")) {
        fprintf(out, "%s\n", PEREGRINE_DATADIR);
        fprintf(out, "/usr/share/seabios\n");
        exit_after_parse = true;
        return true;
    }
    set_string(&c->firmware_dir, arg);
    return true;
}

static bool check_boot_order(const char *key, const char *val, char **err)
{
    for (const char *p = val; *p; p++) {
        if (!strchr("acdn", *p)) {
            return fail(err, "%s: '%c' is not a boot device (a, c, d or n)",
                        key, *p);
        }
        if (strchr(p + 1, *p)) {
            return fail(err, "%s: boot device '%c' given twice", key, *p);
        }
    }
    return true;
}

static bool opt_boot(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    GArray *kv = keyval_parse(arg, "order", err);
    bool ok = true;

    if (!kv) {
        return false;
    }
    for (unsigned i = 0; ok && i < kv->len; i++) {
        KeyVal *p = &g_array_index(kv, KeyVal, i);

        if (!strcmp(p->key, "order")) {
            ok = check_boot_order("order", p->val, err);
            set_string(&c->boot_order, p->val);
        } else if (!strcmp(p->key, "once")) {
            ok = check_boot_order("once", p->val, err);
            set_string(&c->boot_once, p->val);
        } else if (!strcmp(p->key, "menu")) {
            ok = keyval_parse_bool(p->key, p->val, &c->boot_menu, err);
        } else if (!strcmp(p->key, "strict") || !strcmp(p->key, "splash")
                   || !strcmp(p->key, "splash-time")
                   || !strcmp(p->key, "reboot-timeout")) {
            ok = fail(err, "%s: not implemented yet", p->key);
        } else {
            ok = unknown_key(p->key, "order, once, menu", err);
        }
    }
    keyval_free(kv);
    return ok;
}

/* -- Drives ------------------------------------------------------------- */

static DriveConfig *drive_new(MachineConfig *c)
{
    DriveConfig *d = g_new0(DriveConfig, 1);

    d->index = -1;
    g_ptr_array_add(c->drives, d);
    return d;
}

static void drive_free(gpointer p)
{
    DriveConfig *d = p;

    g_free(d->file);
    g_free(d->format);
    g_free(d->id);
    g_free(d);
}

/* One -drive key; returns false with *err set. */
static bool drive_set(DriveConfig *d, const KeyVal *p, char **err)
{
    uint64_t v;

    if (!strcmp(p->key, "file")) {
        set_string(&d->file, p->val);
    } else if (!strcmp(p->key, "format")) {
        if (strcmp(p->val, "raw") && strcmp(p->val, "qcow2")) {
            return fail(err, "format: '%s' is not raw or qcow2", p->val);
        }
        set_string(&d->format, p->val);
    } else if (!strcmp(p->key, "if")) {
        if (!strcmp(p->val, "ide")) {
            d->iface = DRIVE_IF_IDE;
        } else if (!strcmp(p->val, "none")) {
            d->iface = DRIVE_IF_NONE;
        } else {
            return fail(err, "if=%s: not implemented yet (ide and none are)",
                        p->val);
        }
    } else if (!strcmp(p->key, "media")) {
        if (!strcmp(p->val, "disk")) {
            d->media = DRIVE_MEDIA_DISK;
        } else if (!strcmp(p->val, "cdrom")) {
            d->media = DRIVE_MEDIA_CDROM;
        } else {
            return fail(err, "media: '%s' is not disk or cdrom", p->val);
        }
    } else if (!strcmp(p->key, "index")) {
        if (!keyval_parse_uint(p->key, p->val, 3, &v, err)) {
            return false;
        }
        d->index = v;
    } else if (!strcmp(p->key, "readonly")) {
        return keyval_parse_bool(p->key, p->val, &d->readonly, err);
    } else if (!strcmp(p->key, "snapshot")) {
        return keyval_parse_bool(p->key, p->val, &d->snapshot, err);
    } else if (!strcmp(p->key, "id")) {
        set_string(&d->id, p->val);
    } else if (!strcmp(p->key, "cache") || !strcmp(p->key, "aio")
               || !strcmp(p->key, "discard")) {
        /* Host caching hints: no guest-visible effect; accepted as QEMU
         * scripts pass them routinely. */
    } else {
        return unknown_key(p->key,
                           "file, format, if, media, index, "
                           "readonly, snapshot, id, cache",
                           err);
    }
    return true;
}

static bool opt_drive(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    GArray *kv = keyval_parse(arg, NULL, err);
    DriveConfig *d;
    bool ok = true;

    if (!kv) {
        return false;
    }
    d = drive_new(c);
    for (unsigned i = 0; ok && i < kv->len; i++) {
        ok = drive_set(d, &g_array_index(kv, KeyVal, i), err);
    }
    keyval_free(kv);
    if (ok && !d->file && d->media != DRIVE_MEDIA_CDROM) {
        ok = fail(err, "'%s': a disk drive needs file=", arg);
    }
    return ok;
}

/* -hda..-hdd and -cdrom: a drive at a fixed IDE index. */
static bool add_ide_drive(MachineConfig *c, const char *file, int index,
                          DriveMedia media, char **err)
{
    DriveConfig *d;

    for (unsigned i = 0; i < c->drives->len; i++) {
        d = g_ptr_array_index(c->drives, i);
        if (d->iface == DRIVE_IF_IDE && d->index == index) {
            return fail(err, "IDE index %d is already in use", index);
        }
    }
    d = drive_new(c);
    d->file = g_strdup(file);
    d->index = index;
    d->media = media;
    d->readonly = media == DRIVE_MEDIA_CDROM;
    return true;
}

#define DEF_HD_OPT(letter, idx)                                                \
    static bool opt_hd##letter(MachineConfig *c, const char *arg, FILE *out,   \
                               char **err)                                     \
    {                                                                          \
        return add_ide_drive(c, arg, idx, DRIVE_MEDIA_DISK, err);              \
    }
DEF_HD_OPT(a, 0)
DEF_HD_OPT(b, 1)
DEF_HD_OPT(c, 2)
DEF_HD_OPT(d, 3)
#undef DEF_HD_OPT

static bool opt_cdrom(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    return add_ide_drive(c, arg, 2, DRIVE_MEDIA_CDROM, err);
}

static bool opt_snapshot(MachineConfig *c, const char *arg, FILE *out,
                         char **err)
{
    c->snapshot = true;
    return true;
}

/* -- Devices and back ends ---------------------------------------------- */

static void fw_cfg_file_free(gpointer p)
{
    FwCfgFileConfig *f = p;

    g_free(f->name);
    g_free(f->file);
    g_free(f->string);
    g_free(f);
}

/* Known -device drivers and the properties each accepts. */
static const struct {
    const char *driver;
    const char *props; /* comma separated */
    const char *help;
} device_drivers[] = {
    {"isa-debug-exit", "iobase,iosize",
     "exit the emulator with status (value << 1) | 1 on a port write"},
};

static bool opt_device(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    GArray *kv;
    const char *props = NULL;
    DeviceConfig *dev;

    if (!strcmp(arg, "help")) {
        fprintf(out, "Devices:\n");
        for (unsigned i = 0; i < G_N_ELEMENTS(device_drivers); i++) {
            fprintf(out, "  %-16s %s (properties: %s)\n",
                    device_drivers[i].driver, device_drivers[i].help,
                    device_drivers[i].props);
        }
        exit_after_parse = true;
        return true;
    }
    kv = keyval_parse(arg, "driver", err);
    if (!kv) {
        return false;
    }
    KeyVal *drv = &g_array_index(kv, KeyVal, 0);
    if (strcmp(drv->key, "driver")) {
        keyval_free(kv);
        return fail(err, "'%s': the driver name comes first", arg);
    }
    for (unsigned i = 0; i < G_N_ELEMENTS(device_drivers); i++) {
        if (!strcmp(drv->val, device_drivers[i].driver)) {
            props = device_drivers[i].props;
        }
    }
    if (!props) {
        g_autofree char *name = g_strdup(drv->val);

        keyval_free(kv);
        return fail(err,
                    "'%s': unknown or not yet implemented device "
                    "(try -device help)",
                    name);
    }
    g_auto(GStrv) known = g_strsplit(props, ",", -1);
    for (unsigned i = 1; i < kv->len; i++) {
        KeyVal *p = &g_array_index(kv, KeyVal, i);
        uint64_t v;

        if (!g_strv_contains((const char *const *)known, p->key)) {
            bool r = unknown_key(p->key, props, err);

            keyval_free(kv);
            return r;
        }
        /* Every property of the drivers we have is a number. */
        if (!keyval_parse_uint(p->key, p->val, UINT32_MAX, &v, err)) {
            keyval_free(kv);
            return false;
        }
    }
    dev = g_new0(DeviceConfig, 1);
    dev->driver = g_strdup(drv->val);
    dev->props = kv;
    g_ptr_array_add(c->devices, dev);
    return true;
}

/* QEMU's limit for fw_cfg file names, with the NUL. */
#define FW_CFG_NAME_MAX 56

/*
 * Check F (just parsed from ARG); on success add it to C, else free it.
 */
static bool fw_cfg_file_add(MachineConfig *c, FwCfgFileConfig *f,
                            const char *arg, char **err)
{
    const char *why = NULL;

    if (!f->name || !*f->name) {
        why = "needs name=opt/...";
    } else if (!!f->file == !!f->string) {
        why = "needs one of file= or string=";
    } else if (strlen(f->name) >= FW_CFG_NAME_MAX) {
        why = "the name is longer than 55 characters";
    } else if (!g_str_has_prefix(f->name, "opt/")) {
        why = "user file names must start with 'opt/'";
    }
    for (unsigned i = 0; !why && i < c->fw_cfg_files->len; i++) {
        FwCfgFileConfig *o = g_ptr_array_index(c->fw_cfg_files, i);

        if (!strcmp(o->name, f->name)) {
            why = "name given twice";
        }
    }
    if (why) {
        fw_cfg_file_free(f);
        return fail(err, "'%s': %s", arg, why);
    }
    g_ptr_array_add(c->fw_cfg_files, f);
    return true;
}

static bool opt_fw_cfg(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    GArray *kv = keyval_parse(arg, "name", err);
    FwCfgFileConfig *f;

    if (!kv) {
        return false;
    }
    f = g_new0(FwCfgFileConfig, 1);
    for (unsigned i = 0; i < kv->len; i++) {
        KeyVal *p = &g_array_index(kv, KeyVal, i);
        char **field = !strcmp(p->key, "name")     ? &f->name
                       : !strcmp(p->key, "file")   ? &f->file
                       : !strcmp(p->key, "string") ? &f->string
                                                   : NULL;

        if (!field) {
            bool r = unknown_key(p->key, "name,file,string", err);

            fw_cfg_file_free(f);
            keyval_free(kv);
            return r;
        }
        set_string(field, p->val);
    }
    keyval_free(kv);
    return fw_cfg_file_add(c, f, arg, err);
}

static void device_free(gpointer p)
{
    DeviceConfig *d = p;

    g_free(d->driver);
    keyval_free(d->props);
    g_free(d);
}

static bool opt_serial(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    if (c->nb_serial == MAX_SERIAL_PORTS) {
        return fail(err, "at most %d serial ports", MAX_SERIAL_PORTS);
    }
    return parse_chardev(arg, &c->serial[c->nb_serial++], err);
}

static bool opt_monitor(MachineConfig *c, const char *arg, FILE *out,
                        char **err)
{
    if (strcmp(arg, "none") && strcmp(arg, "null")) {
        return fail(err,
                    "'%s': the monitor is not implemented yet (only "
                    "none; Ctrl-A escapes work on -serial mon:stdio)",
                    arg);
    }
    return parse_chardev(arg, &c->monitor, err);
}

static bool opt_debugcon(MachineConfig *c, const char *arg, FILE *out,
                         char **err)
{
    return parse_chardev(arg, &c->debugcon, err);
}

static bool opt_nographic(MachineConfig *c, const char *arg, FILE *out,
                          char **err)
{
    c->nographic = true;
    return true;
}

static bool opt_display(MachineConfig *c, const char *arg, FILE *out,
                        char **err)
{
    if (strcmp(arg, "none")) {
        return fail(err,
                    "'%s': graphical displays are not implemented yet "
                    "(only none)",
                    arg);
    }
    c->display_none = true;
    return true;
}

static bool opt_vga(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    if (strcmp(arg, "none")) {
        return fail(err,
                    "'%s': display adapters are not implemented yet "
                    "(only none)",
                    arg);
    }
    return true;
}

static bool opt_net(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    if (strcmp(arg, "none")) {
        return fail(err, "'%s': networking is not implemented yet (only none)",
                    arg);
    }
    c->no_network = true;
    return true;
}

static bool opt_nodefaults(MachineConfig *c, const char *arg, FILE *out,
                           char **err)
{
    c->nodefaults = true;
    return true;
}

static bool opt_no_user_config(MachineConfig *c, const char *arg, FILE *out,
                               char **err)
{
    /* Peregrine reads no configuration files, so there is nothing to skip. */
    return true;
}

/* QEMU's -rtc base= date forms: "2006-06-17T16:01:21" or "2006-06-17". */
static bool parse_rtc_date(const char *val)
{
    g_autoptr(GTimeZone) utc = g_time_zone_new_utc();
    g_autofree char *full =
        strchr(val, 'T') ? g_strdup(val) : g_strconcat(val, "T00:00:00", NULL);
    g_autoptr(GDateTime) t = g_date_time_new_from_iso8601(full, utc);

    return t != NULL;
}

static bool opt_rtc(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    GArray *kv = keyval_parse(arg, NULL, err);
    bool ok = true;

    if (!kv) {
        return false;
    }
    for (unsigned i = 0; ok && i < kv->len; i++) {
        KeyVal *p = &g_array_index(kv, KeyVal, i);

        if (!strcmp(p->key, "base")) {
            if (!strcmp(p->val, "utc")) {
                c->rtc_base = RTC_BASE_UTC;
            } else if (!strcmp(p->val, "localtime")) {
                c->rtc_base = RTC_BASE_LOCALTIME;
            } else if (!parse_rtc_date(p->val)) {
                ok = fail(err,
                          "base: '%s' is not utc, localtime or a date "
                          "like 2006-06-17T16:01:21 or 2006-06-17",
                          p->val);
            } else {
                c->rtc_base = RTC_BASE_DATE;
                set_string(&c->rtc_start, p->val);
            }
        } else if (!strcmp(p->key, "clock")) {
            if (!strcmp(p->val, "vm")) {
                c->rtc_clock_vm = true;
            } else if (!strcmp(p->val, "host") || !strcmp(p->val, "rt")) {
                c->rtc_clock_vm = false;
            } else {
                ok = fail(err, "clock: '%s' is not host, rt or vm", p->val);
            }
        } else if (!strcmp(p->key, "driftfix")) {
            if (strcmp(p->val, "none")) {
                ok = fail(err, "driftfix=%s: not implemented yet", p->val);
            }
        } else {
            ok = unknown_key(p->key, "base, clock, driftfix", err);
        }
    }
    keyval_free(kv);
    return ok;
}

/* -- Run control -------------------------------------------------------- */

static bool opt_no_reboot(MachineConfig *c, const char *arg, FILE *out,
                          char **err)
{
    c->no_reboot = true;
    return true;
}

static bool opt_no_shutdown(MachineConfig *c, const char *arg, FILE *out,
                            char **err)
{
    c->no_shutdown = true;
    return true;
}

static bool opt_S(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    c->start_stopped = true;
    return true;
}

static bool opt_s(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    set_string(&c->gdbstub, "tcp::1234");
    return true;
}

static bool opt_gdb(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    if (!g_str_has_prefix(arg, "tcp:") && strcmp(arg, "none")) {
        return fail(err, "'%s': only tcp:[HOST]:PORT is supported", arg);
    }
    set_string(&c->gdbstub, strcmp(arg, "none") ? arg : NULL);
    return true;
}

/* -- Logging and profiling ---------------------------------------------- */

static bool opt_d(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    g_autofree char *bad = NULL;
    uint64_t mask;

    if (!strcmp(arg, "help")) {
        log_print_help(out);
        exit_after_parse = true;
        return true;
    }
    if (!log_parse_items(arg, &mask, &bad)) {
        return fail(err, "'%s': unknown log item (try -d help)", bad);
    }
    c->log_mask |= mask;
    return true;
}

static bool opt_D(MachineConfig *c, const char *arg, FILE *out, char **err)
{
    set_string(&c->log_file, arg);
    return true;
}

static bool opt_perfmap(MachineConfig *c, const char *arg, FILE *out,
                        char **err)
{
    c->perfmap = true;
    return true;
}

static bool opt_jitdump(MachineConfig *c, const char *arg, FILE *out,
                        char **err)
{
    c->jitdump = true;
    return true;
}

static bool opt_perfmap_symbols(MachineConfig *c, const char *arg, FILE *out,
                                char **err)
{
    set_string(&c->perfmap_symbols, arg);
    return true;
}

/* -- The table ---------------------------------------------------------- */

#define WORKS(n, a, h, fn)                                                     \
    {                                                                          \
        n, a, h, OPT_WORKS, fn                                                 \
    }
#define REC(n, a, h, fn)                                                       \
    {                                                                          \
        n, a, h, OPT_RECORDED, fn                                              \
    }
#define NOT_YET(n, a, h)                                                       \
    {                                                                          \
        n, a, h, OPT_NOT_YET, NULL                                             \
    }

static const OptionDef option_table[] = {
    WORKS("help", NULL, "print this help and exit", opt_help),
    WORKS("h", NULL, "same as -help", opt_help),
    WORKS("version", NULL, "print the version and exit", opt_version),

    WORKS("machine", "[type=]pc[,accel=tcg]",
          "select the machine "
          "(-machine help lists them)",
          opt_machine),
    WORKS("M", "pc", "same as -machine", opt_machine),
    WORKS("cpu", "model[,+feat|-feat...]",
          "select the CPU model "
          "(-cpu help lists them)",
          opt_cpu),
    WORKS("m", "[size=]N[KMGT]",
          "guest RAM size; a bare number is MiB "
          "(default 128M)",
          opt_m),
    WORKS("smp", "[cpus=]n[,maxcpus=,sockets=,dies=,cores=,threads=]",
          "number and topology of CPUs", opt_smp),
    WORKS("accel", "tcg[,tb-size=MB][,split-wx=on|off][,backend=native|tci]",
          "accelerator settings: code buffer size, W^X mapping, backend",
          opt_accel),
    WORKS("enable-kvm", NULL, "refused: Peregrine does not use KVM",
          opt_enable_kvm),
    REC("icount", "[shift=]N|auto[,sleep=on|off][,align=on|off]",
        "virtual time from instruction counts (2^N ns per instruction)",
        opt_icount),
    WORKS("name", "string", "name of the guest (for messages)", opt_name),

    WORKS("kernel", "bzImage",
          "boot a Linux kernel or multiboot image directly", opt_kernel),
    WORKS("initrd", "file",
          "initial ram disk (comma-separated modules for "
          "multiboot)",
          opt_initrd),
    WORKS("append", "cmdline", "kernel command line", opt_append),
    REC("bios", "file", "firmware image (default: Debian's SeaBIOS)", opt_bios),
    REC("L", "path",
        "directory for firmware images (-L help lists the "
        "defaults)",
        opt_L),
    REC("boot", "[order=]drives[,once=drives][,menu=on|off]",
        "boot order: a (floppy), c (disk), d (CD-ROM), n (network)", opt_boot),
    REC("drive",
        "file=F[,if=ide|none][,media=disk|cdrom][,format=raw|qcow2]"
        "[,index=i][,readonly=on][,snapshot=on]",
        "add a drive", opt_drive),
    REC("hda", "file", "disk image on IDE primary master", opt_hda),
    REC("hdb", "file", "disk image on IDE primary slave", opt_hdb),
    REC("hdc", "file", "disk image on IDE secondary master", opt_hdc),
    REC("hdd", "file", "disk image on IDE secondary slave", opt_hdd),
    REC("cdrom", "file", "CD-ROM image on IDE secondary master", opt_cdrom),
    REC("snapshot", NULL, "write to temporary files instead of disk images",
        opt_snapshot),
    NOT_YET("fda", "file", "floppy disk image"),
    NOT_YET("fdb", "file", "second floppy disk image"),

    WORKS("device", "driver[,prop=value...]",
          "add a device (-device help "
          "lists them)",
          opt_device),
    WORKS("fw_cfg", "[name=]opt/NAME,file=PATH|string=STR",
          "add a named "
          "file to the fw_cfg device",
          opt_fw_cfg),
    WORKS("serial", "stdio|mon:stdio|null|none|file:PATH",
          "connect the next "
          "serial port (up to 4)",
          opt_serial),
    WORKS("monitor", "none",
          "the monitor (only none; use -serial mon:stdio "
          "for Ctrl-A escapes)",
          opt_monitor),
    WORKS("debugcon", "stdio|null|none|file:PATH",
          "debug console on port "
          "0xe9",
          opt_debugcon),
    WORKS("nographic", NULL, "no display; serial port and monitor on stdio",
          opt_nographic),
    WORKS("display", "none", "display back end (only none)", opt_display),
    WORKS("vga", "none", "display adapter (only none)", opt_vga),
    WORKS("net", "none", "networking (only none)", opt_net),
    WORKS("nic", "none", "networking (only none)", opt_net),
    WORKS("nodefaults", NULL, "create no default devices", opt_nodefaults),
    WORKS("no-user-config", NULL, "read no user configuration (there is none)",
          opt_no_user_config),
    WORKS("rtc",
          "[base=utc|localtime|DATE][,clock=host|rt|vm]"
          "[,driftfix=none]",
          "real-time clock start and clock source", opt_rtc),
    NOT_YET("netdev", "type,...", "network back end"),
    NOT_YET("chardev", "backend,id=...", "character device back end"),
    NOT_YET("usb", NULL, "USB controller"),
    NOT_YET("global", "driver.prop=value", "default device properties"),
    NOT_YET("object", "type,...", "user-creatable objects"),
    NOT_YET("qmp", "dev", "QMP monitor"),
    NOT_YET("daemonize", NULL, "run in the background"),
    NOT_YET("pidfile", "file", "write the process id to file"),

    WORKS("no-reboot", NULL, "exit instead of rebooting", opt_no_reboot),
    REC("no-shutdown", NULL, "stop instead of exiting on guest power-off",
        opt_no_shutdown),
    REC("S", NULL, "do not start the CPU (wait for the debugger)", opt_S),
    REC("s", NULL, "same as -gdb tcp::1234", opt_s),
    REC("gdb", "tcp:[HOST]:PORT", "wait for a gdb connection", opt_gdb),

    WORKS("d", "item,...", "log the named items (-d help lists them)", opt_d),
    WORKS("D", "file", "write the log to file instead of stderr", opt_D),
    WORKS("perfmap", NULL, "write /tmp/perf-PID.map for perf", opt_perfmap),
    WORKS("jitdump", NULL, "write jit-PID.dump for perf inject -j",
          opt_jitdump),
    WORKS("perfmap-symbols", "file",
          "System.map or kallsyms file naming "
          "guest code in -perfmap and -jitdump",
          opt_perfmap_symbols),
};

static const OptionDef *find_option(const char *name)
{
    for (unsigned i = 0; i < G_N_ELEMENTS(option_table); i++) {
        if (!strcmp(option_table[i].name, name)) {
            return &option_table[i];
        }
    }
    return NULL;
}

void options_print_help(FILE *out)
{
    static const char *const marks[] = {
        [OPT_WORKS] = "",
        [OPT_RECORDED] = "",
        [OPT_NOT_YET] = " [not yet]",
    };

    fprintf(out, "usage: peregrine [options] [disk_image]\n\n"
                 "Options take one dash or two; values use key=value,... as in "
                 "qemu-system-x86_64.\n\n");
    for (unsigned i = 0; i < G_N_ELEMENTS(option_table); i++) {
        const OptionDef *o = &option_table[i];
        g_autofree char *left =
            g_strdup_printf("-%s%s%s", o->name, o->argname ? " " : "",
                            o->argname ? o->argname : "");

        if (strlen(left) > 28) {
            fprintf(out, "%s\n%-30s%s%s\n", left, "", o->help,
                    marks[o->status]);
        } else {
            fprintf(out, "%-30s%s%s\n", left, o->help, marks[o->status]);
        }
    }
}

/* -- The parser --------------------------------------------------------- */

OptionsResult options_parse(int argc, char **argv, MachineConfig *c, FILE *out,
                            char **err)
{
    exit_after_parse = false;
    for (int i = 1; i < argc; i++) {
        const char *word = argv[i];
        const OptionDef *o;
        const char *arg = NULL;
        char *why = NULL;
        bool ok;

        if (word[0] != '-' || word[1] == '\0') {
            /* A bare word is a disk image, as in QEMU. */
            if (!add_ide_drive(c, word, 0, DRIVE_MEDIA_DISK, &why)) {
                *err = g_strdup_printf("%s: %s", word, why);
                g_free(why);
                return OPTIONS_ERROR;
            }
            continue;
        }
        o = find_option(word + (word[1] == '-' ? 2 : 1));
        if (!o) {
            *err = g_strdup_printf("%s: unknown option (try -help)", word);
            return OPTIONS_ERROR;
        }
        if (o->argname) {
            if (i + 1 >= argc) {
                *err = g_strdup_printf("%s: requires an argument (%s)", word,
                                       o->argname);
                return OPTIONS_ERROR;
            }
            arg = argv[++i];
        }
        if (o->status == OPT_NOT_YET) {
            *err = g_strdup_printf("%s: not implemented yet", word);
            return OPTIONS_ERROR;
        }
        ok = o->handle(c, arg, out, &why);
        if (!ok) {
            *err = g_strdup_printf("%s: %s", word, why);
            g_free(why);
            return OPTIONS_ERROR;
        }
        if (exit_after_parse) {
            return OPTIONS_EXIT;
        }
    }
    return OPTIONS_RUN;
}

/* -- The configuration -------------------------------------------------- */

void machine_config_init(MachineConfig *c)
{
    memset(c, 0, sizeof(*c));
    c->machine = g_strdup("pc");
    c->cpu_model = g_strdup("qemu64");
    c->cpu_features = g_ptr_array_new_with_free_func(g_free);
    c->ram_size = UINT64_C(128) << 20;
    c->smp_cpus = c->smp_max_cpus = 1;
    c->smp_sockets = c->smp_dies = c->smp_cores = c->smp_threads = 1;
    c->boot_order = g_strdup("cad");
    c->icount_sleep = true;
    c->drives = g_ptr_array_new_with_free_func(drive_free);
    c->devices = g_ptr_array_new_with_free_func(device_free);
    c->fw_cfg_files = g_ptr_array_new_with_free_func(fw_cfg_file_free);
}

static void chardev_free(ChardevConfig *cd)
{
    g_free(cd->path);
    cd->path = NULL;
}

void machine_config_free(MachineConfig *c)
{
    g_free(c->machine);
    g_free(c->cpu_model);
    g_ptr_array_unref(c->cpu_features);
    g_free(c->name);
    g_free(c->kernel);
    g_free(c->initrd);
    g_free(c->append);
    g_free(c->bios);
    g_free(c->firmware_dir);
    g_free(c->boot_order);
    g_free(c->boot_once);
    g_ptr_array_unref(c->drives);
    g_ptr_array_unref(c->devices);
    g_ptr_array_unref(c->fw_cfg_files);
    for (unsigned i = 0; i < MAX_SERIAL_PORTS; i++) {
        chardev_free(&c->serial[i]);
    }
    chardev_free(&c->monitor);
    chardev_free(&c->debugcon);
    g_free(c->rtc_start);
    g_free(c->gdbstub);
    g_free(c->log_file);
    g_free(c->perfmap_symbols);
    memset(c, 0, sizeof(*c));
}
