"""What the Linux boot tests share: fetching the guest (scripts/
linux-guest.sh) and driving an emulator's serial console the way a user
does, typing only after the shell has printed what it waits for."""
import os
import re
import selectors
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
PROMPT = rb"/ # "


def fetch_guest(cache):
    """{'kernel': path, 'initrd': path} of the guest in CACHE, or None
    after printing a TAP skip line when it cannot be fetched."""
    r = subprocess.run([os.path.join(TOP, "scripts/linux-guest.sh"), cache],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr)
        print("1..0 # SKIP the Debian kernel and busybox could not be fetched")
        return None
    return dict(line.split("=", 1) for line in r.stdout.split())


def run_console(cmd, steps, timeout=300):
    """Run CMD with the guest console on its standard input and output.
    STEPS is a list of (regex, bytes): once the output after the previous
    step matches the regex, the bytes are typed.  Returns (everything
    printed, exit status); the emulator is killed after TIMEOUT seconds."""
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    sel = selectors.DefaultSelector()
    sel.register(p.stdout, selectors.EVENT_READ)
    out = b""
    pos = 0
    step = 0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not sel.select(timeout=1):
            continue
        chunk = os.read(p.stdout.fileno(), 65536)
        if not chunk:
            break
        out += chunk
        if step < len(steps):
            m = re.search(steps[step][0], out[pos:])
            if m:
                p.stdin.write(steps[step][1])
                p.stdin.flush()
                pos += m.end()
                step += 1
    try:
        status = p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        status = p.wait()
    return out, status


def print_tap(checks, log):
    """CHECKS: (description, passed) pairs as TAP; on a failure the end of
    LOG follows as comments."""
    for i, (what, ok) in enumerate(checks, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {what}")
    print(f"1..{len(checks)}")
    if not all(ok for _, ok in checks):
        for line in log.splitlines()[-40:]:
            print("# " + line)
