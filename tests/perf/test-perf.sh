#!/bin/sh
# perf understands Peregrine's -perfmap and -jitdump: samples taken with
# `perf record -e cpu-clock` in generated code are attributed to the names
# of the guest blocks.  TAP output.  Usage: test-perf.sh TOY-WORKLOAD
set -u
W=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }

if ! command -v perf >/dev/null 2>&1; then
    echo "1..0 # SKIP perf is not installed (Debian package linux-perf)"
    exit 0
fi
if ! perf record -q -e cpu-clock -o "$dir/probe.data" true >/dev/null 2>&1; then
    echo "1..0 # SKIP perf cannot record here (perf_event_paranoid?)"
    exit 0
fi

# -perfmap: perf reads /tmp/perf-PID.map by itself.
perf record -q -e cpu-clock -o "$dir/map.data" "$W" perfmap >"$dir/out" 2>&1
top=$(perf report -i "$dir/map.data" --stdio --sort sym 2>/dev/null |
      grep -v '^#' | grep -m1 '%')
echo "# top entry: $top"
case "$top" in
    *"guest 0x"*) ok "perf report names the hottest code after its guest block" ;;
    *) not_ok "perf report names the hottest code after its guest block" ;;
esac
pid=$(perf report -i "$dir/map.data" --stdio --sort pid 2>/dev/null |
      sed -n 's/.* \([0-9]*\):toy-workload.*/\1/p' | head -n 1)
[ -n "$pid" ] && rm -f "/tmp/perf-$pid.map"

# -jitdump: perf record -k 1, then perf inject -j builds ELF images.
(cd "$dir" && perf record -q -k 1 -e cpu-clock -o jit.data "$W" jitdump \
     >out 2>&1 &&
 perf inject -j -i jit.data -o jit.injected.data >/dev/null 2>&1)
top=$(perf report -i "$dir/jit.injected.data" --stdio --sort dso,sym \
      2>/dev/null | grep -v '^#' | grep -m1 '%')
echo "# top entry: $top"
case "$top" in
    *jitted-*"guest 0x"*) ok "perf inject -j gives the guest blocks' names" ;;
    *) not_ok "perf inject -j gives the guest blocks' names" ;;
esac
ls "$dir"/jit-*.dump >/dev/null 2>&1 && ok "jit-PID.dump written in the current directory" ||
    not_ok "jit-PID.dump written in the current directory"

# A crash loses nothing already written: the map is complete up to the
# kill, and its unwritten tail is blank lines perf skips.
"$W" perfmap >/dev/null 2>&1 &
pid=$!
sleep 1
kill -KILL $pid
wait $pid 2>/dev/null
map=/tmp/perf-$pid.map
if grep -q '^[0-9a-f]* [0-9a-f]* guest 0x100c$' "$map" 2>/dev/null &&
   [ "$(tr -d '\n[:print:]' <"$map" | wc -c)" -eq 0 ]; then
    ok "a killed run's perf map holds its blocks"
else
    not_ok "a killed run's perf map holds its blocks"
fi
rm -f "$map"

echo "1..$n"
[ $fails -eq 0 ]
