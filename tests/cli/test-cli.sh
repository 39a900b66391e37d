#!/bin/sh
# The peregrine binary as a user meets it: informational options exit 0,
# mistakes are one line "peregrine: <what>: <why>" and exit status 1.
# TAP output.  Usage: test-cli.sh PATH/TO/peregrine PATH/TO/README.md
set -u
P=$1
README=$2
n=0
fails=0
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; sed 's/^/# /' "$err"; }

# expect_error NAME PATTERN ARGS...: exit 1, one stderr line matching PATTERN
expect_error() {
    name=$1 pattern=$2
    shift 2
    "$P" "$@" >"$out" 2>"$err"
    rc=$?
    if [ $rc -eq 1 ] && [ "$(wc -l <"$err")" -eq 1 ] && [ ! -s "$out" ] &&
        grep -q "^peregrine: $pattern" "$err"; then
        ok "$name"
    else
        echo "# exit status $rc"
        not_ok "$name"
    fi
}

# expect_output NAME PATTERN ARGS...: exit 0, stdout matching PATTERN
expect_output() {
    name=$1 pattern=$2
    shift 2
    "$P" "$@" >"$out" 2>"$err"
    rc=$?
    if [ $rc -eq 0 ] && grep -q -- "$pattern" "$out" && [ ! -s "$err" ]; then
        ok "$name"
    else
        echo "# exit status $rc"
        sed 's/^/# out: /' "$out" | head -5
        not_ok "$name"
    fi
}

expect_output "version prints the version" "^Peregrine emulator version [0-9]" -version
expect_output "help lists the boot options" "^-kernel bzImage" -help
expect_output "help with two dashes" "^-append cmdline" --help
expect_output "help marks unimplemented options" "^-fda file .*\[not yet\]" -help
expect_output "-d help lists log items" "^in_asm " -d help
expect_output "-device help lists isa-debug-exit" "isa-debug-exit" -device help
expect_output "-machine help lists pc" "^pc " -machine help
expect_error "unknown option" "-bogus: unknown option" -bogus
expect_error "bad RAM size" "-m: 'lots' is not a size" -m lots
expect_error "missing argument" "-kernel: requires an argument" -kernel
expect_error "unknown log item" "-d: 'nope': unknown log item" -d in_asm,nope
expect_error "unimplemented option says so" "-fda: not implemented yet" -fda x.img
expect_error "KVM refused" "-enable-kvm: KVM is not supported" -enable-kvm
expect_error "an unwritable -D file" "-D /nonexistent/dir/log: No such file" -D /nonexistent/dir/log -m 64
expect_error "missing kernel file" "-kernel /nonexistent/bzImage: No such file or directory" -kernel /nonexistent/bzImage
expect_error "kernel that is not bootable" "-kernel $README: neither a Linux bzImage nor a multiboot kernel" -kernel "$README"
expect_error "-fw_cfg file that cannot be read" "-fw_cfg opt/x: /nonexistent/x: No such file" -fw_cfg name=opt/x,file=/nonexistent/x
# A Linux boot header ("HdrS" at 0x202) without the boot flag, and a
# bzImage whose protected-mode part is cut short.
bad=$(mktemp)
trap 'rm -f "$out" "$err" "$bad"' EXIT
head -c 2048 /dev/zero >"$bad"
printf 'HdrS' | dd of="$bad" bs=1 seek=514 conv=notrunc 2>/dev/null
expect_error "malformed bzImage" "-kernel $bad: truncated or malformed Linux boot header" -kernel "$bad"
printf '\125\252' | dd of="$bad" bs=1 seek=510 conv=notrunc 2>/dev/null
printf '\006\002\000\000\000\000\000\000\000\000\000\001' | dd of="$bad" bs=1 seek=518 conv=notrunc 2>/dev/null
printf '\001\000\001\000' | dd of="$bad" bs=1 seek=500 conv=notrunc 2>/dev/null
expect_error "truncated bzImage" "-kernel $bad: truncated: the header promises 1048592 bytes" -kernel "$bad"
expect_error "-initrd without -kernel" "-initrd: needs -kernel" -initrd "$README"
expect_error "-icount is refused" "-icount: instruction-counted virtual time is not implemented yet" -icount 1 -kernel "$README"
expect_error "-s is refused" "-gdb/-s: the gdb stub is not implemented yet" -s -kernel "$README"

# The README's option table lists every option -help knows, as `-name`
# followed by a space, a backtick or a comma.
missing=""
for o in $("$P" -help | sed -n 's/^-\([A-Za-z0-9_-]*\).*/\1/p'); do
    if ! grep -q -e "\`-$o[ \`,]" "$README"; then
        missing="$missing -$o"
    fi
done
if [ -z "$missing" ] && [ -s "$README" ]; then
    ok "README lists every option"
else
    echo "# missing from README:$missing" >"$err"
    not_ok "README lists every option"
fi

echo "1..$n"
[ $fails -eq 0 ]
