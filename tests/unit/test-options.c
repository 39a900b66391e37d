/*
 * Unit tests of the command line (softmmu/options.c) and the key=value
 * syntax under it (util/keyval.c): what a user types ends up in the
 * MachineConfig, and every mistake is one "<option>: <why>" message.
 */
#include <glib.h>
#include <stdarg.h>
#include <string.h>

#include "softmmu/options.h"
#include "util/keyval.h"
#include "util/log.h"

/* Parse a NULL-terminated list of words after the program name. */
static OptionsResult parse_words(MachineConfig *c, char **err,
                                 const char *first, ...)
{
    GPtrArray *argv = g_ptr_array_new();
    va_list ap;
    OptionsResult r;
    FILE *devnull = fopen("/dev/null", "w");

    g_ptr_array_add(argv, (char *)"peregrine");
    va_start(ap, first);
    for (const char *w = first; w; w = va_arg(ap, const char *)) {
        g_ptr_array_add(argv, (char *)w);
    }
    va_end(ap);
    *err = NULL;
    r = options_parse(argv->len, (char **)argv->pdata, c, devnull, err);
    fclose(devnull);
    g_ptr_array_free(argv, true);
    return r;
}

/* Expect an error whose text starts with PREFIX. */
static void expect_error(const char *prefix, const char *first, ...)
{
    MachineConfig c;
    GPtrArray *argv = g_ptr_array_new();
    va_list ap;
    char *err = NULL;
    FILE *devnull = fopen("/dev/null", "w");

    machine_config_init(&c);
    g_ptr_array_add(argv, (char *)"peregrine");
    va_start(ap, first);
    for (const char *w = first; w; w = va_arg(ap, const char *)) {
        g_ptr_array_add(argv, (char *)w);
    }
    va_end(ap);
    g_assert_cmpint(
        options_parse(argv->len, (char **)argv->pdata, &c, devnull, &err), ==,
        OPTIONS_ERROR);
    g_assert_nonnull(err);
    if (!g_str_has_prefix(err, prefix)) {
        g_error("error '%s' does not start with '%s'", err, prefix);
    }
    g_assert_null(strchr(err, '\n'));
    g_free(err);
    fclose(devnull);
    g_ptr_array_free(argv, true);
    machine_config_free(&c);
}

static void test_defaults_match_qemu(void)
{
    MachineConfig c;
    char *err;

    machine_config_init(&c);
    g_assert_cmpint(parse_words(&c, &err, NULL), ==, OPTIONS_RUN);
    g_assert_cmpstr(c.machine, ==, "pc");
    g_assert_cmpstr(c.cpu_model, ==, "qemu64");
    g_assert_cmpuint(c.ram_size, ==, 128 << 20);
    g_assert_cmpuint(c.smp_cpus, ==, 1);
    g_assert_cmpstr(c.boot_order, ==, "cad");
    g_assert_cmpuint(c.nb_serial, ==, 0);
    machine_config_free(&c);
}

static void test_linux_boot_line_is_recorded(void)
{
    MachineConfig c;
    char *err;

    machine_config_init(&c);
    g_assert_cmpint(parse_words(&c, &err, "-kernel", "bzImage", "-initrd",
                                "initrd.gz", "-append",
                                "console=ttyS0 panic=-1", "-m", "512",
                                "-nographic", "-no-reboot", "-smp", "2",
                                "-serial", "file:/tmp/x.log", NULL),
                    ==, OPTIONS_RUN);
    g_assert_cmpstr(c.kernel, ==, "bzImage");
    g_assert_cmpstr(c.initrd, ==, "initrd.gz");
    g_assert_cmpstr(c.append, ==, "console=ttyS0 panic=-1");
    g_assert_cmpuint(c.ram_size, ==, 512 << 20);
    g_assert_true(c.nographic);
    g_assert_true(c.no_reboot);
    g_assert_cmpuint(c.smp_cpus, ==, 2);
    g_assert_cmpuint(c.nb_serial, ==, 1);
    g_assert_cmpint(c.serial[0].kind, ==, CHARDEV_FILE);
    g_assert_cmpstr(c.serial[0].path, ==, "/tmp/x.log");
    machine_config_free(&c);
}

static void test_fw_cfg_files_are_recorded(void)
{
    MachineConfig c;
    char *err;
    FwCfgFileConfig *f;

    machine_config_init(&c);
    g_assert_cmpint(parse_words(&c, &err, "-fw_cfg", "opt/a,file=/tmp/a",
                                "-fw_cfg", "name=opt/b,string=hi", NULL),
                    ==, OPTIONS_RUN);
    g_assert_cmpuint(c.fw_cfg_files->len, ==, 2);
    f = g_ptr_array_index(c.fw_cfg_files, 0);
    g_assert_cmpstr(f->name, ==, "opt/a");
    g_assert_cmpstr(f->file, ==, "/tmp/a");
    g_assert_null(f->string);
    f = g_ptr_array_index(c.fw_cfg_files, 1);
    g_assert_cmpstr(f->name, ==, "opt/b");
    g_assert_cmpstr(f->string, ==, "hi");
    machine_config_free(&c);

    expect_error("-fw_cfg: 'opt/a': needs one of file= or string=", "-fw_cfg",
                 "opt/a", NULL);
    expect_error("-fw_cfg: 'name=opt/a,file=x,string=y': needs one of",
                 "-fw_cfg", "name=opt/a,file=x,string=y", NULL);
    expect_error("-fw_cfg: 'name=etc/x,string=y': user file names must "
                 "start with 'opt/'",
                 "-fw_cfg", "name=etc/x,string=y", NULL);
    expect_error("-fw_cfg: unknown parameter 'size'", "-fw_cfg",
                 "name=opt/a,size=3", NULL);
    expect_error("-fw_cfg: 'name=opt/a,string=2': name given twice", "-fw_cfg",
                 "name=opt/a,string=1", "-fw_cfg", "name=opt/a,string=2", NULL);
}

static void test_double_dash_and_size_suffixes(void)
{
    MachineConfig c;
    char *err;

    machine_config_init(&c);
    g_assert_cmpint(parse_words(&c, &err, "--m", "size=1.5G", NULL), ==,
                    OPTIONS_RUN);
    g_assert_cmpuint(c.ram_size, ==, UINT64_C(3) << 29);
    g_assert_cmpint(parse_words(&c, &err, "-m", "2048K", NULL), ==,
                    OPTIONS_RUN);
    g_assert_cmpuint(c.ram_size, ==, 2 << 20);
    machine_config_free(&c);
}

static void test_bad_values_are_one_line_errors(void)
{
    expect_error("-bogus: unknown option", "-bogus", NULL);
    expect_error("-m: 'lots' is not a size", "-m", "lots", NULL);
    expect_error("-m: '0': RAM size must be", "-m", "0", NULL);
    expect_error("-m: '3.5' is not a size", "-m", "3.5", NULL);
    expect_error("-m: requires an argument", "-m", NULL);
    expect_error("-m: unknown parameter 'foo'", "-m", "foo=1", NULL);
    expect_error("-smp: topology 2 sockets", "-smp", "3,sockets=2", NULL);
    expect_error("-smp: cpus must be at least 1", "-smp", "0", NULL);
    expect_error("-accel: 'kvm': only the tcg", "-accel", "kvm", NULL);
    expect_error("-enable-kvm: KVM is not supported", "-enable-kvm", NULL);
    expect_error("-accel: split-wx: 'maybe' is not on or off", "-accel",
                 "tcg,split-wx=maybe", NULL);
    expect_error("-cpu: 'pentium9'", "-cpu", "pentium9", NULL);
    expect_error("-d: 'nonsense': unknown log item", "-d", "in_asm,nonsense",
                 NULL);
    expect_error("-device: 'e1000'", "-device", "e1000", NULL);
    expect_error("-device: iosize: 'big' is not a number", "-device",
                 "isa-debug-exit,iosize=big", NULL);
    expect_error("-serial: 'tcp::4444': this back end is not implemented",
                 "-serial", "tcp::4444", NULL);
    expect_error("-drive: format: 'vmdk'", "-drive", "file=a,format=vmdk",
                 NULL);
    expect_error("-drive: 'if=ide': a disk drive needs file=", "-drive",
                 "if=ide", NULL);
    expect_error("-hda: IDE index 0 is already in use", "-hda", "a.img", "-hda",
                 "b.img", NULL);
    expect_error("-rtc: base: 'yesterday'", "-rtc", "base=yesterday", NULL);
    expect_error("-boot: order: 'z' is not", "-boot", "z", NULL);
}

static void test_unimplemented_option_says_so(void)
{
    expect_error("-fda: not implemented yet", "-fda", "floppy.img", NULL);
    expect_error("-netdev: not implemented yet", "-netdev", "user,id=n0", NULL);
    expect_error("-display: 'gtk': graphical displays are not implemented",
                 "-display", "gtk", NULL);
}

static void test_informational_options_exit(void)
{
    MachineConfig c;
    char *err;

    machine_config_init(&c);
    g_assert_cmpint(parse_words(&c, &err, "-version", NULL), ==, OPTIONS_EXIT);
    g_assert_cmpint(parse_words(&c, &err, "-d", "help", NULL), ==,
                    OPTIONS_EXIT);
    g_assert_cmpint(parse_words(&c, &err, "--help", NULL), ==, OPTIONS_EXIT);
    g_assert_cmpint(parse_words(&c, &err, "-device", "help", NULL), ==,
                    OPTIONS_EXIT);
    machine_config_free(&c);
}

static void test_drives_and_bare_image(void)
{
    MachineConfig c;
    char *err;
    DriveConfig *d;

    machine_config_init(&c);
    g_assert_cmpint(parse_words(&c, &err, "disk.img", "-cdrom", "x.iso",
                                "-drive",
                                "file=my,,disk.qcow2,format=qcow2,if=ide,"
                                "index=1,snapshot=on",
                                NULL),
                    ==, OPTIONS_RUN);
    g_assert_cmpuint(c.drives->len, ==, 3);
    d = g_ptr_array_index(c.drives, 0);
    g_assert_cmpstr(d->file, ==, "disk.img");
    g_assert_cmpint(d->index, ==, 0);
    d = g_ptr_array_index(c.drives, 1);
    g_assert_cmpint(d->media, ==, DRIVE_MEDIA_CDROM);
    g_assert_true(d->readonly);
    g_assert_cmpint(d->index, ==, 2);
    d = g_ptr_array_index(c.drives, 2);
    g_assert_cmpstr(d->file, ==, "my,disk.qcow2");
    g_assert_cmpstr(d->format, ==, "qcow2");
    g_assert_true(d->snapshot);
    g_assert_cmpint(d->index, ==, 1);
    machine_config_free(&c);
}

static void test_accel_icount_debug_and_profiling(void)
{
    MachineConfig c;
    char *err;
    DeviceConfig *dev;

    machine_config_init(&c);
    g_assert_cmpint(parse_words(&c, &err, "-accel",
                                "tcg,tb-size=64,split-wx=on,"
                                "backend=tci",
                                "-icount", "shift=auto,sleep=off", "-device",
                                "isa-debug-exit,iobase=0xf4,"
                                "iosize=0x04",
                                "-d", "in_asm,int", "-d", "unimp", "-D",
                                "/tmp/log.txt", "-s", "-S", "-perfmap",
                                "-perfmap-symbols", "System.map", "-cpu",
                                "max,+avx,sse4a=off", NULL),
                    ==, OPTIONS_RUN);
    g_assert_cmpuint(c.tb_size, ==, 64 << 20);
    g_assert_true(c.split_wx);
    g_assert_cmpint(c.tcg_backend, ==, TCG_BACKEND_TCI);
    g_assert_true(c.icount);
    g_assert_cmpint(c.icount_shift, ==, -1);
    g_assert_false(c.icount_sleep);
    g_assert_cmpuint(c.devices->len, ==, 1);
    dev = g_ptr_array_index(c.devices, 0);
    g_assert_cmpstr(dev->driver, ==, "isa-debug-exit");
    g_assert_cmpstr(g_array_index(dev->props, KeyVal, 1).key, ==, "iobase");
    g_assert_cmpstr(g_array_index(dev->props, KeyVal, 1).val, ==, "0xf4");
    g_assert_cmphex(c.log_mask, ==,
                    (1u << LOG_IN_ASM) | (1u << LOG_INT) | (1u << LOG_UNIMP));
    g_assert_cmpstr(c.log_file, ==, "/tmp/log.txt");
    g_assert_cmpstr(c.gdbstub, ==, "tcp::1234");
    g_assert_true(c.start_stopped);
    g_assert_true(c.perfmap);
    g_assert_cmpstr(c.perfmap_symbols, ==, "System.map");
    g_assert_cmpstr(c.cpu_model, ==, "max");
    g_assert_cmpuint(c.cpu_features->len, ==, 2);
    g_assert_cmpstr(g_ptr_array_index(c.cpu_features, 1), ==, "-sse4a");
    machine_config_free(&c);
}

static void test_smp_topology_derivation(void)
{
    MachineConfig c;
    char *err;

    machine_config_init(&c);
    g_assert_cmpint(parse_words(&c, &err, "-smp",
                                "sockets=2,cores=2,"
                                "threads=2",
                                NULL),
                    ==, OPTIONS_RUN);
    g_assert_cmpuint(c.smp_cpus, ==, 8);
    g_assert_cmpint(parse_words(&c, &err, "-smp", "4,maxcpus=8", NULL), ==,
                    OPTIONS_RUN);
    g_assert_cmpuint(c.smp_cpus, ==, 4);
    g_assert_cmpuint(c.smp_max_cpus, ==, 8);
    g_assert_cmpuint(c.smp_sockets, ==, 8);
    machine_config_free(&c);
}

static void test_keyval_escaped_comma_and_flags(void)
{
    char *err = NULL;
    GArray *kv = keyval_parse("tcg,,x,a=1,flag", "accel", &err);

    g_assert_nonnull(kv);
    g_assert_cmpuint(kv->len, ==, 3);
    g_assert_cmpstr(g_array_index(kv, KeyVal, 0).val, ==, "tcg,x");
    g_assert_cmpstr(g_array_index(kv, KeyVal, 2).key, ==, "flag");
    g_assert_cmpstr(g_array_index(kv, KeyVal, 2).val, ==, "on");
    keyval_free(kv);

    g_assert_null(keyval_parse("a=1,a=2", NULL, &err));
    g_assert_cmpstr(err, ==, "'a=1,a=2': parameter 'a' given twice");
    g_free(err);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/options/defaults-match-qemu", test_defaults_match_qemu);
    g_test_add_func("/options/linux-boot-line-is-recorded",
                    test_linux_boot_line_is_recorded);
    g_test_add_func("/options/fw-cfg-files-are-recorded",
                    test_fw_cfg_files_are_recorded);
    g_test_add_func("/options/double-dash-and-size-suffixes",
                    test_double_dash_and_size_suffixes);
    g_test_add_func("/options/bad-values-are-one-line-errors",
                    test_bad_values_are_one_line_errors);
    g_test_add_func("/options/unimplemented-option-says-so",
                    test_unimplemented_option_says_so);
    g_test_add_func("/options/informational-options-exit",
                    test_informational_options_exit);
    g_test_add_func("/options/drives-and-bare-image",
                    test_drives_and_bare_image);
    g_test_add_func("/options/accel-icount-debug-profiling",
                    test_accel_icount_debug_and_profiling);
    g_test_add_func("/options/smp-topology-derivation",
                    test_smp_topology_derivation);
    g_test_add_func("/keyval/escaped-comma-and-flags",
                    test_keyval_escaped_comma_and_flags);
    return g_test_run();
}
