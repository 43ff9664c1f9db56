#!/usr/bin/env bash
# setup.sh — install what machrun's build and tests need on Debian 12, once.
# Debian packages (only those missing) and the pinned npm zig, cached under
# $MACHRUN_CACHE (default ~/.cache/machrun) so that reruns download nothing.

# Scripts then source scripts/env.sh for ZIG and the cache folders.
set -euo pipefail

APT_PACKAGES=(build-essential cmake pkg-config git ca-certificates
  clang-19 lld-19 llvm-19 libclang-rt-19-dev
  libssl-dev libplist-dev libseccomp-dev
  golang-1.19-go hyperfine file curl openssl time)

SUDO=
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
# Node.js and npm (for the pinned zig) from Debian only when the machine has none of its own.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=env.sh
. "$here/env.sh"
if [ ! -x "$ZIG" ]; then
  echo "setup: installing zig ($MACHRUN_ZIG_PKG) into $MACHRUN_CACHE/npm" >&2
  mkdir -p "$MACHRUN_CACHE/npm"
  npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$MACHRUN_CACHE/npm" "$MACHRUN_ZIG_PKG" >&2
fi
"$ZIG" version >/dev/null
# LLVM's libc++ for macOS, built once into the cache (the build copies it beside machrun).
"$here/build-libcxx.sh" >/dev/null
