#!/usr/bin/env python3
"""Print the closing line of a test run: "N passed, N failed[, N skipped]".

Reads each meson test log given (meson-logs/<logbase>.json); a build
directory stands for its meson-logs/testlog.json.  A TAP test
counts each of its subtests ("ok"/"not ok" lines); a test that crashed after
its last subtest, or a non-TAP test, counts as one result of its own.
Exit status: 0 if nothing failed and something ran, 1 otherwise.
"""
import json
import re
import sys

TAP = re.compile(r"^(not )?ok\b(.*)$", re.M)


def count(path):
    passed = failed = skipped = 0
    with open(path) as f:
        for line in f:
            t = json.loads(line)
            ok = t["result"] in ("OK", "EXPECTEDFAIL")
            skip = t["result"] == "SKIP"
            subtests = TAP.findall(t.get("stdout") or "")
            sub_failed = 0
            for neg, rest in subtests:
                if "# SKIP" in rest.upper():
                    skipped += 1
                elif neg:
                    failed += 1
                    sub_failed += 1
                else:
                    passed += 1
            if not subtests:
                passed += ok
                skipped += skip
                failed += not (ok or skip)
            elif not (ok or skip) and sub_failed == 0:
                failed += 1
                print(f"  {t['name']}: {t['result']} after its last subtest",
                      file=sys.stderr)
    return passed, failed, skipped


def main():
    total = [0, 0, 0]
    for arg in sys.argv[1:]:
        path = arg if arg.endswith(".json") else f"{arg}/meson-logs/testlog.json"
        for i, n in enumerate(count(path)):
            total[i] += n
    passed, failed, skipped = total
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
