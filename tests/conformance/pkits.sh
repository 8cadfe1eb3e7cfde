#!/bin/sh
# NIST PKITS (249 path-validation cases) through `certdeck verify`.
# Each case's verdict (exit 0 / 1) is compared with the PDF's expectation;
# a disagreement must be listed, with its cause, in pkits-known.txt beside
# this file, else the runner fails. Prints "PKITS: N/249 agree" and the
# counts by category. SHARED is set by `make check-conformance`.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${CERTDECK:=$top_srcdir/src/certdeck}"
SUITE=${SHARED:-$top_srcdir/../shared}/testdata/nist-pkits
if [ ! -f "$SUITE/pkits.json" ]; then
  echo "SKIP: no PKITS suite at $SUITE"
  exit 77
fi
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is needed to read pkits.json"; exit 77; }
exec python3 - "$SUITE" "$CERTDECK" "$(dirname "$0")/pkits-known.txt" <<'PY'
import json, os, subprocess, sys
from collections import Counter

suite, certdeck, known_file = sys.argv[1:4]
known = {}
with open(known_file) as f:
    for line in f:
        if line.strip() and not line.startswith("#"):
            case, category, why = line.rstrip("\n").split("\t", 2)
            known[case] = (category, why)

def category(case):
    for feature in ("cert-policies", "delta-crl", "crl-distribution-points",
                    "name-constraints", "crl"):
        if feature in case["features"]:
            return feature
    return "basic"

cases = json.load(open(os.path.join(suite, "pkits.json")))["testcases"]
agree, total, unexplained = 0, Counter(), []
by_cat = Counter()
explained = Counter()
for case in cases:
    cat = category(case)
    total[cat] += 1
    args = [certdeck, "verify", "--brief",
            "--trust", os.path.join(suite, "certs", case["trust_anchor"]),
            "--time", case["validation_time"]]
    for i in case["intermediates"]:
        args += ["--untrusted", os.path.join(suite, "certs", i)]
    for c in case["crls"]:
        args += ["--crl", os.path.join(suite, "crls", c)]
    args.append(os.path.join(suite, "certs", case["leaf"]))
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        unexplained.append((case["id"], cat, "error: " + p.stderr.strip()))
        continue
    got = "SUCCESS" if p.returncode == 0 else "FAILURE"
    if got == case["expected_result"]:
        agree += 1
        by_cat[cat] += 1
        if case["id"] in known:
            print("note: %s agrees now; remove it from pkits-known.txt" % case["id"])
    elif case["id"] in known:
        explained[known[case["id"]][0]] += 1
    else:
        unexplained.append((case["id"], cat, "expected %s, got %s: %s" % (
            case["expected_result"], got, p.stdout.strip())))

print("PKITS: %d/%d agree" % (agree, len(cases)))
for cat in sorted(total):
    print("  %-24s %3d/%-3d agree" % (cat, by_cat[cat], total[cat]))
print("explained disagreements by cause (pkits-known.txt):")
for cause, n in sorted(explained.items()):
    print("  %-24s %3d" % (cause, n))
for case, cat, what in unexplained:
    print("UNEXPLAINED %s (%s): %s" % (case, cat, what))
sys.exit(1 if unexplained else 0)
PY
