#!/bin/sh
# One line naming the host CPU, for the head of a test run, so that a
# failure reported from a run can be matched to the host it ran on:
#   host CPU: AuthenticAMD family 25 model 17 stepping 1 (AMD EPYC), AVX2 yes, AVX-512 yes
# From /proc/cpuinfo (the first CPU); "unknown" where a field is missing.
set -u
info=/proc/cpuinfo
field() {
    sed -n "s/^$1[[:space:]]*: *//p" "$info" 2>/dev/null | head -n 1
}
has_flag() {
    if field flags | tr ' ' '\n' | grep -qx "$1"; then echo yes; else echo no; fi
}
vendor=$(field vendor_id)
echo "host CPU: ${vendor:-unknown} family $(field 'cpu family') model $(field model)" \
     "stepping $(field stepping) ($(field 'model name')), AVX2 $(has_flag avx2)," \
     "AVX-512 $(has_flag avx512f)"
