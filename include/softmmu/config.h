/*
 * The machine configuration: everything the command line says, in one
 * struct, filled by options_parse() (softmmu/options.c) and read by the
 * code that builds and runs the machine.
 *
 * Strings are owned by the struct (g_free'd by machine_config_free).  A
 * field the user did not set holds the default named in its comment.
 */
#ifndef SOFTMMU_CONFIG_H
#define SOFTMMU_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

/* Where a serial port, debug console or monitor is connected. */
typedef enum ChardevKind {
    CHARDEV_DEFAULT,   /* not given: the machine decides */
    CHARDEV_NONE,      /* "none": no device at all */
    CHARDEV_NULL,      /* "null": device present, output dropped */
    CHARDEV_STDIO,     /* "stdio" */
    CHARDEV_MON_STDIO, /* "mon:stdio": stdio with the Ctrl-A escape */
    CHARDEV_FILE,      /* "file:PATH": output appended to PATH */
} ChardevKind;

typedef struct ChardevConfig {
    ChardevKind kind;
    char *path; /* CHARDEV_FILE only */
} ChardevConfig;

typedef enum DriveInterface {
    DRIVE_IF_IDE, /* default, as in QEMU's pc machine */
    DRIVE_IF_NONE,
} DriveInterface;

typedef enum DriveMedia {
    DRIVE_MEDIA_DISK,
    DRIVE_MEDIA_CDROM,
} DriveMedia;

typedef struct DriveConfig {
    char *file;   /* image path (NULL: empty CD-ROM drive) */
    char *format; /* "raw", "qcow2" or NULL to probe */
    char *id;     /* NULL unless given */
    DriveInterface iface;
    DriveMedia media;
    int index; /* bus*2+unit on IDE; -1 = next free */
    bool readonly;
    bool snapshot; /* writes go to a temporary overlay */
} DriveConfig;

/* -device DRIVER,prop=val,...: the driver name and its properties. */
typedef struct DeviceConfig {
    char *driver;
    GArray *props; /* of KeyVal (util/keyval.h) */
} DeviceConfig;

/* -fw_cfg [name=]NAME,file=PATH|string=STR: one named fw_cfg file. */
typedef struct FwCfgFileConfig {
    char *name;   /* "opt/..." */
    char *file;   /* contents from this file, or */
    char *string; /* these characters (without the NUL) */
} FwCfgFileConfig;

typedef enum TcgBackendChoice {
    TCG_BACKEND_NATIVE, /* default: the x86-64 host backend */
    TCG_BACKEND_TCI,    /* the bytecode interpreter */
} TcgBackendChoice;

typedef enum RtcBase {
    RTC_BASE_UTC, /* default */
    RTC_BASE_LOCALTIME,
    RTC_BASE_DATE, /* rtc_start holds the date */
} RtcBase;

#define MAX_SERIAL_PORTS 4

typedef struct MachineConfig {
    /* Machine and CPU */
    char *machine;           /* "pc" */
    char *cpu_model;         /* "qemu64" */
    GPtrArray *cpu_features; /* "+feat"/"-feat" strings, in order */
    uint64_t ram_size;       /* bytes; default 128 MiB as in QEMU */
    unsigned smp_cpus;       /* 1 */
    unsigned smp_max_cpus;   /* = smp_cpus */
    unsigned smp_sockets, smp_dies, smp_cores, smp_threads; /* 0: derived */
    char *name;                                             /* -name; NULL */

    /* Accelerator (TCG is the only one) */
    TcgBackendChoice tcg_backend;
    uint64_t tb_size;  /* code buffer bytes; 0 = backend default */
    bool split_wx;     /* RW/RX double mapping of the buffer */
    bool icount;       /* -icount given */
    int icount_shift;  /* ns per insn = 2^shift; -1 = auto */
    bool icount_sleep; /* true */
    bool icount_align; /* false */

    /* Boot */
    char *kernel, *initrd, *append;
    char *bios;         /* NULL: the default firmware */
    char *firmware_dir; /* -L; NULL: the default search path */
    char *boot_order;   /* "cad" unless -boot order= */
    char *boot_once;    /* NULL */
    bool boot_menu;
    GPtrArray *drives; /* of DriveConfig*, in command-line order */
    bool snapshot;     /* -snapshot: every drive is snapshot=on */

    /* Devices and their back ends */
    GPtrArray *devices;      /* of DeviceConfig*, -device in order */
    GPtrArray *fw_cfg_files; /* of FwCfgFileConfig*, -fw_cfg in order */
    ChardevConfig serial[MAX_SERIAL_PORTS];
    unsigned nb_serial; /* how many -serial were given */
    ChardevConfig monitor;
    ChardevConfig debugcon;
    bool nographic;
    bool display_none; /* -display none */
    bool nodefaults;
    bool no_network; /* -net none / -nic none */
    RtcBase rtc_base;
    char *rtc_start;   /* RTC_BASE_DATE: "2006-06-17T16:01:21" */
    bool rtc_clock_vm; /* clock=vm: the RTC follows guest time */

    /* Run control */
    bool no_reboot;     /* a reset exits instead */
    bool no_shutdown;   /* power-off stops instead of exiting */
    bool start_stopped; /* -S */
    char *gdbstub;      /* -gdb DEV or -s ("tcp::1234"); NULL */

    /* Logging (applied by main before anything else runs) */
    uint64_t log_mask; /* -d items as a mask of LogItem bits */
    char *log_file;    /* -D; NULL = stderr */

    /* Profiling */
    bool perfmap;          /* -perfmap: /tmp/perf-PID.map */
    bool jitdump;          /* -jitdump: jit-PID.dump */
    char *perfmap_symbols; /* System.map/kallsyms for guest names */
} MachineConfig;

/* Fill C with the defaults above. */
void machine_config_init(MachineConfig *c);

/* Free everything C owns (not C itself). */
void machine_config_free(MachineConfig *c);

#endif /* SOFTMMU_CONFIG_H */
