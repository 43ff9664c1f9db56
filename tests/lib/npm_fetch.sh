# npm_fetch.sh — sourced by the test scripts that run real packages from npm: fetches a pinned
# package once into $MACHRUN_CACHE/npm-tools and prints its unpacked folder. Tests run in
# parallel under CTest and several need the same package, so a fetch holds a lock on the
# package's cache entry and unpacks into a temporary folder renamed into place: a second test
# waits for the first instead of unpacking over it.
# usage: dir=$(npm_fetch package@version) || exit 1
npm_cache="${MACHRUN_CACHE:-$HOME/.cache/machrun}/npm-tools"

npm_fetch() { # package@version -> the unpacked package folder (most are package/, some are not)
  local spec=$1 dir="$npm_cache/${1//\//_}"
  mkdir -p "$npm_cache" || return 1
  (
    flock 9 || exit 1
    # a folder from before the lock existed counts as complete once it holds the unpacked tree
    if [ ! -e "$dir/.complete" ] && [ -n "$(find "$dir" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | head -1)" ]; then
      touch "$dir/.complete"
    fi
    if [ ! -e "$dir/.complete" ]; then
      local tmp
      tmp=$(mktemp -d "$dir.tmp.XXXXXX") && chmod 755 "$tmp" || exit 1
      if ! ( cd "$tmp" && npm pack --silent "$spec" >/dev/null 2>&1 && tar xzf ./*.tgz ); then
        rm -rf "$tmp"; echo "cannot fetch $spec from npm" >&2; exit 1
      fi
      touch "$tmp/.complete" && rm -rf "$dir" && mv "$tmp" "$dir" || exit 1
    fi
  ) 9>"$dir.lock" || return 1
  find "$dir" -mindepth 1 -maxdepth 1 -type d | sort | head -1
}
