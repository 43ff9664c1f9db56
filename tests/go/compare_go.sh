#!/usr/bin/env bash
# compare_go.sh — build a Go program for darwin/amd64 and for linux/amd64 with Debian's Go
# 1.19 (CGO off), run the first under machrun and the second directly, and require the same
# stdout, stderr and exit status.
# usage: compare_go.sh MACHRUN GO SRCDIR WORKDIR
set -u
machrun=$1 go=$2 src=$3 work=$4
export GOCACHE="${MACHRUN_CACHE:-$HOME/.cache/machrun}/go-build" GOPATH="$work/gopath" GOFLAGS=-mod=mod GOTOOLCHAIN=local
rm -rf "$work"; mkdir -p "$work/run"
( cd "$src" && GOOS=darwin GOARCH=amd64 CGO_ENABLED=0 "$go" build -o "$work/prog.macho" . ) || exit 1
( cd "$src" && GOOS=linux GOARCH=amd64 CGO_ENABLED=0 "$go" build -o "$work/prog.linux" . ) || exit 1
cd "$work/run"
"$work/prog.linux" > ../linux.out 2> ../linux.err; ls=$?
"$machrun" "$work/prog.macho" > ../mac.out 2> ../mac.err; ms=$?
fail=0
cmp -s ../linux.out ../mac.out || { echo "stdout differs:"; diff ../linux.out ../mac.out | head -20; fail=1; }
cmp -s ../linux.err ../mac.err || { echo "stderr differs:"; diff ../linux.err ../mac.err | head -20; fail=1; }
[ $ls = $ms ] || { echo "status differs: $ls vs $ms"; fail=1; }
[ $fail = 0 ] && echo "identical: $(wc -l < ../mac.out) lines, status $ms"
exit $fail
