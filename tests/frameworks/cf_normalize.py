#!/usr/bin/env python3
"""cf_normalize.py MACHRUN PROGRAM — CFStringNormalize against Python's unicodedata: feeds
lines (every code point with a decomposition or a combining class, Hangul, scripts, and
seeded random sequences of bases and combining marks out of order) to PROGRAM under machrun
and compares its NFD, NFKD, NFC and NFKC with unicodedata's, line by line."""
import random
import subprocess
import sys
import unicodedata as ud

lines = []
interesting = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and
               (ud.decomposition(chr(c)) or ud.combining(chr(c)))]
for i in range(0, len(interesting), 40):
    lines.append("".join(chr(c) for c in interesting[i:i + 40]))
lines += ["한국어 텍스트 정규화", "\u1100\u1161\u11a8 \u1112\u1161\u11ab", "Ça déjà vu — ﬁnal ﬀ ²³ ｆｕｌｌ",
          "Ελληνικά ᾅ ἄ", "Tiếng Việt có dấu", "देवनागरी क़ ख़", "e\u0301\u0323 o\u0308\u0304 a\u0328\u0301",
          "👩‍👩‍👧 ✅ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\u0041\u030a\u212b\u00c5", "\u1e9b\u0323 \u0387 \u00b7"]
rnd = random.Random(20261203)
marks = [c for c in interesting if ud.combining(chr(c))][:300]
bases = [c for c in range(0x41, 0x250) if ud.category(chr(c)).startswith("L")] + list(range(0x1100, 0x1113))
for _ in range(400):
    s = []
    for _ in range(rnd.randint(1, 12)):
        s.append(chr(rnd.choice(bases)) if rnd.random() < 0.4 else chr(rnd.choice(marks)))
    lines.append("".join(s))
inp = "".join(l + "\n" for l in lines).encode()
r = subprocess.run(sys.argv[1:], input=inp, capture_output=True, timeout=120)
got = r.stdout.decode().splitlines()
bad = 0
for i, l in enumerate(lines):
    want = " ".join(ud.normalize(f, l).encode().hex() for f in ("NFD", "NFKD", "NFC", "NFKC"))
    if i >= len(got) or got[i] != want:
        bad += 1
        if bad <= 5:
            print("line %d %r:\n  want %s\n  got  %s" % (i, l[:20], want[:120], (got[i] if i < len(got) else "(none)")[:120]))
print("%d lines (%d code points with a decomposition or class), %d wrong; status %d" %
      (len(lines), len(interesting), bad, r.returncode))
sys.exit(1 if bad or r.returncode else 0)
