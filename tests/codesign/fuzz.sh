#!/usr/bin/env bash
# fuzz.sh — a short libFuzzer run of fuzz_codesign from seeds made from the fixtures.
# usage: fuzz.sh FUZZER MACHRUN FIXTURES WORKDIR SRCDIR
set -euo pipefail
fuzzer=$1 M=$2 FX=$3 W=$4 SRC=$5
rm -rf "$W" && mkdir -p "$W/seeds" "$W/corpus"
cp "$FX/hello.lld" "$FX/hello.zig" "$W/seeds/"
cp "$FX/hello.zig" "$W/seeds/signed"
"$M" codesign -s - --entitlements "$SRC/ent.plist" --digest-algorithm=sha1,sha256 "$W/seeds/signed"
cd "$W"
"$fuzzer" -runs=20000 -max_len=40000 -seed=1 corpus seeds
