#!/usr/bin/env bash
# cs_tests.sh — the codesign tests (issue 10), one CASE per CTest test.
# usage: cs_tests.sh CASE MACHRUN CS_TOOL FIXTURES WORKDIR OTOOL LIPO SRCDIR
set -uo pipefail
case_=$1 M=$2 T=$3 FX=$4 W=$5/$1 OTOOL=$6 LIPO=$7 SRC=$8
rm -rf "$W" && mkdir -p "$W" && cd "$W" || exit 1

fail() { echo "FAIL ($case_): $*" >&2; exit 1; }
# run CMD... capturing stdout/stderr/rc into out/err/rc
run() { "$@" >"$W/out" 2>"$W/err"; rc=$?; out=$(cat "$W/out"); err=$(cat "$W/err"); }
expect_rc() { local want=$1; shift; run "$@"; [ "$rc" = "$want" ] || fail "$* -> exit $rc (want $want); stderr: $err"; }
expect_err() { [ "$err" = "$1" ] || fail "stderr was [$err], want [$1]"; }
be32() { od -An -tu1 -j "$2" -N4 "$1" | awk '{print $1*16777216+$2*65536+$3*256+$4}'; }
text_off() { "$OTOOL" -l "$1" | awk '/sectname __text/{f=1} f&&/^ *offset/{print $2; exit}'; }
sig_off() { "$OTOOL" -l "$@" | awk '/LC_CODE_SIGNATURE/{f=1} f&&/dataoff/{print $2; exit}'; }
flip() { # flip the low bit of the byte at offset $2 of file $1
    local b; b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
    printf "\\$(printf '%03o' $(( b ^ 1 )))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }
cdhash_of() { # independent cdhash: sha256 of the slot-0 CodeDirectory bytes, first 20 bytes
    local d cd len; d=$(sig_off "$1"); cd=$(be32 "$1" $((d + 16))); len=$(be32 "$1" $((d + cd + 4)))
    dd if="$1" bs=1 skip=$((d + cd)) count="$len" status=none | sha256sum | cut -c1-40; }

case "$case_" in
lld_verify)   # binaries signed ad hoc by ld64.lld-19 verify, silently; -vv says so
    for f in hello.lld hello.lld.arm64 hello.fat; do
        expect_rc 0 "$M" codesign -v "$FX/$f"; expect_err ""
        expect_rc 0 "$M" codesign --verify --verbose "$FX/$f"
        expect_err "$FX/$f: valid on disk
$FX/$f: satisfies its Designated Requirement"
    done ;;
tamper)       # one byte changed in __text (or in the signature's page hashes) is rejected
    cp "$FX/hello.lld" t1 && flip t1 "$(text_off t1)"
    expect_rc 1 "$M" codesign -v t1
    expect_err "t1: invalid signature (code or signature have been modified)"
    expect_rc 1 "$M" codesign -vv t1
    [[ "$err" == *"t1: page 0 (offset 0x0) hash mismatch"* ]] || fail "no reason with -vv: $err"
    "$T" corrupt "$FX/hello.lld" t2 cdhash || fail "cs_tool corrupt"
    expect_rc 1 "$M" codesign -v t2
    expect_err "t2: invalid signature (code or signature have been modified)"
    # the arm64 slice of a universal file: every architecture is verified
    cp "$FX/hello.fat" t3
    off=$("$OTOOL" -f t3 | awk '/cputype 16777228/{f=1} f&&/offset/{print $2; exit}')
    toff=$("$OTOOL" -arch arm64 -l t3 | awk '/sectname __text/{f=1} f&&/^ *offset/{print $2; exit}')
    flip t3 $((off + toff))
    expect_rc 1 "$M" codesign -v t3
    expect_err "t3: invalid signature (code or signature have been modified)"
    expect_rc 1 "$M" codesign -vv t3
    [[ "$err" == *"In architecture: arm64"* ]] || fail "arch not named: $err" ;;
sign_zig)     # ad hoc sign an unsigned zig-built program
    cp "$FX/hello.zig" z
    expect_rc 1 "$M" codesign -v z; expect_err "z: code object is not signed at all"
    expect_rc 0 "$M" z one; want=$out
    expect_rc 0 "$M" codesign -s - z; expect_err ""
    expect_rc 0 "$M" codesign -v z
    "$OTOOL" -l z | grep -q "cmd LC_CODE_SIGNATURE" || fail "llvm-otool-19 -l shows no LC_CODE_SIGNATURE"
    d=$(sig_off z); sz=$(stat -c %s z)
    [ $(( d % 16 )) = 0 ] && [ "$d" -ge "$(stat -c %s "$FX/hello.zig")" ] || fail "signature offset $d"
    le_end=$("$OTOOL" -l z | awk '/segname __LINKEDIT/{f=1} f&&/fileoff/{o=$2} f&&/filesize/{print o+$2; exit}')
    [ "$le_end" = "$sz" ] || fail "__LINKEDIT ends at $le_end, file is $sz bytes"
    expect_rc 0 "$M" z one; [ "$out" = "$want" ] || fail "signed program prints [$out], unsigned [$want]"
    # already signed: only with -f, as Apple
    cp z z.before
    expect_rc 1 "$M" codesign -s - z; expect_err "z: is already signed"
    cmp -s z z.before || fail "a refused signing changed the file"
    expect_rc 0 "$M" codesign -f -s - --identifier com.example.hello z
    expect_err "z: replacing existing signature"
    expect_rc 0 "$M" codesign -v z
    expect_rc 0 "$M" codesign -dv z
    [[ "$err" == *$'\nIdentifier=com.example.hello\n'* ]] || fail "identifier: $err"
    # no room for the load command: fail clearly, leave the file alone
    cp "$FX/hello.zig.nopad" n
    expect_rc 1 "$M" codesign -s - n
    [[ "$err" == "n: no room in the header padding for LC_CODE_SIGNATURE"* ]] || fail "nopad: $err"
    cmp -s n "$FX/hello.zig.nopad" || fail "nopad file modified"
    # other hash types and two CodeDirectories (sha1 at slot 0, sha256 at 0x1000)
    for h in sha1 sha256Truncated sha384 sha1,sha256; do
        cp "$FX/hello.zig" h
        expect_rc 0 "$M" codesign -s - --digest-algorithm=$h h
        expect_rc 0 "$M" codesign -v h
        expect_rc 0 "$M" codesign -dvvv h
        [[ "$err" == *"Hash choices=$h"* ]] || fail "$h: $err"
        flip h "$(text_off h)"
        expect_rc 1 "$M" codesign -v h
    done ;;
pages_vs_lld) # our page hashes of an lld-signed binary equal lld's own
    cp "$FX/hello.lld" p
    expect_rc 0 "$M" codesign -f -s - p
    "$T" pages "$FX/hello.lld" > lld.pages && "$T" pages p > ours.pages || fail "cs_tool pages"
    [ "$(wc -l < lld.pages)" = "$(wc -l < ours.pages)" ] && [ "$(wc -l < lld.pages)" -ge 3 ] || fail "page counts differ"
    # page 0 holds the header, which records the signature's own size (lld's is smaller:
    # no requirements or CMS blobs); every other page must be identical
    diff <(tail -n +2 lld.pages) <(tail -n +2 ours.pages) || fail "page hashes differ from lld's"
    # and page 0 of each is the hash of its own file's first page
    [ "$(head -1 ours.pages)" = "$(head -c 4096 p | sha256sum | cut -c1-64)" ] || fail "our page 0"
    [ "$(head -1 lld.pages)" = "$(head -c 4096 "$FX/hello.lld" | sha256sum | cut -c1-64)" ] || fail "lld page 0" ;;
cms)          # a Developer ID style signature: -dvv names the CMS certificates, leaf first.
    # machrun reads CMS with libcrypto opened on first use (src/hostlib): this runs that path.
    openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -days 3650 \
        -subj "/CN=machrun Test Root CA" 2>/dev/null || fail "openssl root"
    openssl req -newkey rsa:2048 -nodes -keyout int.key -out int.csr -subj "/CN=machrun Test Intermediate" 2>/dev/null
    printf 'basicConstraints=CA:TRUE\n' > ca.ext
    openssl x509 -req -in int.csr -CA root.pem -CAkey root.key -CAcreateserial -out int.pem -days 3650 \
        -extfile ca.ext 2>/dev/null || fail "openssl intermediate"
    openssl req -newkey rsa:2048 -nodes -keyout leaf.key -out leaf.csr \
        -subj "/CN=Developer ID Application: machrun Tests (TEAM123456)" 2>/dev/null
    openssl x509 -req -in leaf.csr -CA int.pem -CAkey int.key -CAcreateserial -out leaf.pem -days 3650 2>/dev/null \
        || fail "openssl leaf"
    cat int.pem root.pem > chain.pem && printf 'cd' > cd.bin
    openssl cms -sign -binary -in cd.bin -signer leaf.pem -inkey leaf.key -certfile chain.pem -outform DER \
        -out sig.der 2>/dev/null || fail "openssl cms"
    python3 "$SRC/add_cms.py" "$FX/hello.lld" d "$(pwd)/sig.der" || fail "add_cms.py"
    expect_rc 0 "$M" codesign -dvv d
    [[ "$err" == *$'\nSignature size='"$(stat -c %s sig.der)"$'\nAuthority=Developer ID Application: machrun Tests (TEAM123456)\nAuthority=machrun Test Intermediate\nAuthority=machrun Test Root CA\n'* ]] \
        || fail "authorities: $err"
    expect_rc 0 "$M" codesign -dv d
    [[ "$err" != *Authority=* ]] || fail "-dv printed authorities: $err" ;;
display)      # -dv lines as Apple prints them, to stderr
    cp "$FX/hello.zig" z && "$M" codesign -s - z 2>/dev/null || fail "sign"
    real=$(realpath z); n=$(( ($(sig_off z) + 4095) / 4096 ))
    expected="Executable=$real
Identifier=z
Format=Mach-O thin (x86_64)
CodeDirectory v=20400 size=$(( 88 + 2 + (n + 2) * 32 )) flags=0x2(adhoc) hashes=$n+2 location=embedded
Signature=adhoc
Info.plist=not bound
TeamIdentifier=not set
Sealed Resources=none
Internal requirements count=0 size=12"
    for form in "-dv" "-d -v" "-dvv" "--display --verbose"; do
        expect_rc 0 "$M" codesign $form z; [ -z "$out" ] || fail "$form wrote to stdout"
        [ "$err" = "$expected" ] || fail "$form printed:
$err
want:
$expected"
    done
    expect_rc 0 "$M" codesign -dvvv z
    [[ "$err" == *$'\nHash type=sha256 size=32\n'* ]] || fail "Hash type line: $err"
    h=$(cdhash_of z)
    [[ "$err" == *$'\nCDHash='"$h"$'\n'* ]] || fail "CDHash (independent: $h): $err"
    [[ "$err" == *$'\nCandidateCDHash sha256='"$h"$'\n'* ]] || fail "CandidateCDHash: $err"
    expect_rc 0 "$M" codesign -dvvvv z
    [[ "$err" == *$'\nPage size=4096\n'* && "$err" == *$'\nExecutable Segment flags=0x1\n'* ]] || fail "-dvvvv: $err"
    expect_rc 0 "$M" codesign -dv "$FX/hello.lld"
    [[ "$err" == *$'\nCodeDirectory v=20400 size=328 flags=0x20002(adhoc,linker-signed) hashes=7+0 location=embedded\n'* ]] || fail "lld CodeDirectory: $err"
    [[ "$err" == *$'\nIdentifier=hello.lld\n'* && "$err" == *$'\nInternal requirements=none' ]] || fail "lld: $err"
    expect_rc 0 "$M" codesign -dv "$FX/hello.fat"
    [[ "$err" == *$'\nFormat=Mach-O universal (x86_64 arm64)\n'* ]] || fail "fat Format: $err"
    expect_rc 1 "$M" codesign -dv "$FX/hello.zig"; expect_err "$FX/hello.zig: code object is not signed at all" ;;
entitlements) # sign with --entitlements, print them back
    cp "$FX/hello.zig" e
    expect_rc 0 "$M" codesign -s - --entitlements "$SRC/ent.plist" e
    expect_rc 0 "$M" codesign -v e
    expect_rc 0 "$M" codesign -d --entitlements - e
    expect_err "Executable=$(realpath e)"
    diff <(printf '%s\n' "$out") "$SRC/ent.expected" || fail "--entitlements - output"
    expect_rc 0 "$M" codesign -d --entitlements :- e
    cmp -s "$W/out" "$SRC/ent.plist" || fail "--entitlements :- is not the XML signed in"
    expect_rc 0 "$M" codesign -d --entitlements - --xml e
    cmp -s "$W/out" "$SRC/ent.plist" || fail "--xml"
    expect_rc 0 "$M" codesign -d --entitlements - --der e
    [ "$(head -c 5 "$W/out" | od -An -tx1 | tr -d ' ')" = "7081810201" ] || fail "DER entitlements header"
    expect_rc 0 "$M" codesign -dv e
    [[ "$err" == *"hashes="*"+7 location=embedded"* ]] || fail "7 special slots expected: $err"
    # changing the entitlements blob breaks the seal
    d=$(sig_off e); off=$(grep -boa "app-sandbox" e | head -1 | cut -d: -f1)
    [ "$off" -gt "$d" ] || fail "entitlements not in the signature"
    flip e "$off"
    expect_rc 1 "$M" codesign -v e; expect_err "e: invalid signature (code or signature have been modified)"
    printf '<plist version="1.0"><array/></plist>\n' > bad.plist
    cp "$FX/hello.zig" b
    expect_rc 1 "$M" codesign -s - --entitlements bad.plist b
    [[ "$err" == "bad.plist: "* ]] || fail "bad entitlements: $err" ;;
fat)          # universal files: every slice signed, fat header rewritten with alignment
    cp "$FX/hello.fat.mixed" f
    expect_rc 1 "$M" codesign -v f; expect_err "f: code object is not signed at all"
    expect_rc 1 "$M" codesign -s - f; expect_err "f: is already signed"
    expect_rc 0 "$M" codesign -f -s - f
    expect_rc 0 "$M" codesign -v f
    for a in x86_64 arm64; do
        [ -n "$(sig_off -arch $a f)" ] || fail "no LC_CODE_SIGNATURE in the $a slice"
    done
    "$LIPO" -info f | grep -q "x86_64 arm64" || fail "llvm-lipo-19 -info: $("$LIPO" -info f 2>&1)"
    "$OTOOL" -f f > info || fail "llvm-otool-19 -f cannot read the result"
    awk '/offset/{o=$2} /align/{split($2,a,"\\^"); if (o % (2^a[2]) || o == 0) bad=1; n++} END{exit bad || n != 2}' info || fail "slice misaligned: $(cat info)"
    diff <(grep -E "cputype|cpusubtype|capabilities" info) <("$OTOOL" -f "$FX/hello.fat.mixed" | grep -E "cputype|cpusubtype|capabilities") || fail "slice cpu types changed"
    expect_rc 0 "$M" codesign -dv f
    [[ "$err" == *$'\nFormat=Mach-O universal (x86_64 arm64)\n'* && "$err" == *"flags=0x2(adhoc)"* ]] || fail "fat -dv: $err"
    expect_rc 0 "$M" codesign -dv -a arm64 f
    [[ "$err" == *"flags=0x2(adhoc) hashes="* ]] || fail "arm64 slice: $err"
    expect_rc 0 "$M" f x; [ "$out" = "$("$M" "$FX/hello.zig" x)" ] || fail "signed fat program output [$out]" ;;
malformed)    # a malformed signature: one line naming the file, exit 1, no crash
    for k in truncated badmagic count indexoff cdlength hashoffset nslots ident hashtype lcoutside; do
        "$T" corrupt "$FX/hello.lld" "m.$k" $k || fail "cs_tool corrupt $k"
        for op in -v -dv; do
            expect_rc 1 "$M" codesign $op "m.$k"
            [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] && [[ "$err" == "m.$k: "* ]] || fail "$k $op: [$err]"
        done
    done
    expect_rc 1 "$M" codesign -v nonexistent; expect_err "nonexistent: No such file or directory"
    echo "just text" > text
    expect_rc 1 "$M" codesign -v text; expect_err "text: code object is not signed at all"
    head -c 100 "$FX/hello.lld" > short
    expect_rc 1 "$M" codesign -v short
    [[ "$err" == "short: main executable failed strict validation"* ]] || fail "short: $err" ;;
esbuild)      # real third-party binaries from npm: Go's linker signature (arm64), unsigned x64
    cache=${MACHRUN_CACHE:-$HOME/.cache/machrun}/codesign
    mkdir -p "$cache" || fail "cache"
    for pkg in darwin-x64 darwin-arm64; do
        tgz="$cache/esbuild-$pkg-0.28.2.tgz"
        if [ ! -s "$tgz" ]; then
            (cd "$cache" && npm pack "@esbuild/$pkg@0.28.2" >/dev/null 2>&1) || fail "npm pack @esbuild/$pkg@0.28.2 failed (network?)"
        fi
        mkdir -p "$pkg" && tar xzf "$tgz" -C "$pkg" package/bin/esbuild || fail "unpack $tgz"
    done
    x=darwin-x64/package/bin/esbuild a=darwin-arm64/package/bin/esbuild
    expect_rc 1 "$M" codesign -v $x; expect_err "$x: code object is not signed at all"
    expect_rc 0 "$M" codesign -v $a
    expect_rc 0 "$M" codesign -dv $a
    [[ "$err" == *$'\nIdentifier=a.out\n'* && "$err" == *"flags=0x20002(adhoc,linker-signed)"* ]] || fail "arm64 esbuild: $err"
    cp $a a2 && flip a2 $(( $("$OTOOL" -l a2 | awk '/sectname __text/{f=1} f&&/^ *offset/{print $2; exit}') + 100 ))
    expect_rc 1 "$M" codesign -v a2; expect_err "a2: invalid signature (code or signature have been modified)"
    cp $x x2
    expect_rc 0 "$M" codesign -s - x2
    expect_rc 0 "$M" codesign -v x2
    n=$(( ($(sig_off x2) + 4095) / 4096 ))
    expect_rc 0 "$M" codesign -dv x2
    [[ "$err" == *"hashes=$n+2 location=embedded"* ]] || fail "x64 esbuild signed: $err" ;;
*) fail "unknown case" ;;
esac
echo "ok $case_"
