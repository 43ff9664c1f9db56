#!/usr/bin/env bash
# npm_tools.sh — real tools shipped as macOS binaries on npm, run under machrun and compared
# with their Linux builds of the same version on the same work. The packages are fetched with
# `npm pack` into $MACHRUN_CACHE/npm-tools once; a missing registry fails the test.
# usage: npm_tools.sh MACHRUN SRCDIR WORKDIR
set -u
machrun=$1 src=$2 work=$3
fails=0
ok() { echo "ok   - $1"; }
bad() { echo "FAIL - $1"; fails=$((fails + 1)); }

. "$(dirname "$0")/../lib/npm_fetch.sh"
fetch() { npm_fetch "$@"; }

rm -rf "$work"; mkdir -p "$work"
cp -r "$src/project" "$work/project"
cd "$work/project" || exit 1

esm=$(fetch @esbuild/darwin-x64@0.28.2) || exit 1
esl=$(fetch @esbuild/linux-x64@0.28.2) || exit 1
"$esl/bin/esbuild" index.js --bundle --minify --platform=node > linux.js 2> linux.err; ls=$?
"$machrun" "$esm/bin/esbuild" index.js --bundle --minify --platform=node > mac.js 2> mac.err; ms=$?
if [ $ls = 0 ] && [ $ms = 0 ] && cmp -s linux.js mac.js && cmp -s linux.err mac.err; then
  ok "esbuild --bundle --minify: identical ($(wc -c < mac.js) bytes)"
else
  bad "esbuild --bundle --minify differs (status $ls/$ms)"; diff <(head -c 2000 linux.js) <(head -c 2000 mac.js) | head; cat mac.err | head -5
fi
"$esl/bin/esbuild" index.js --bundle --format=esm --sourcemap=inline > linux2.js 2>&1
"$machrun" "$esm/bin/esbuild" index.js --bundle --format=esm --sourcemap=inline > mac2.js 2>&1
cmp -s linux2.js mac2.js && ok "esbuild --format=esm --sourcemap: identical" || bad "esbuild esm/sourcemap differs"
"$esl/bin/esbuild" missing.js > linux3.out 2>&1; l3=$?
"$machrun" "$esm/bin/esbuild" missing.js > mac3.out 2>&1; m3=$?
[ $l3 = $m3 ] && cmp -s linux3.out mac3.out && ok "esbuild error on a missing file: same message and status $m3" || bad "esbuild error differs ($l3/$m3)"
if command -v node >/dev/null; then
  out=$(node mac.js)
  [ "$out" = "$(node linux.js)" ] && ok "the bundle runs: $(echo "$out" | head -1)" || bad "bundle output differs"
fi

# --serve answers HTTP on loopback (stdin kept open for the server's lifetime).
port=$((20000 + RANDOM % 20000))
( sleep 6 | timeout 10 "$machrun" "$esm/bin/esbuild" index.js --bundle --platform=node --outdir=dist \
    --serve=127.0.0.1:$port > serve.log 2>&1 & )
got=""
for _ in 1 2 3 4 5 6 7 8 9 10; do
  sleep 0.3
  got=$(curl -s "http://127.0.0.1:$port/index.js" 2>/dev/null | head -c 200)
  [ -n "$got" ] && break
done
case "$got" in *"Shapes report"*|*"__create"*|*"shapes"*) ok "esbuild --serve answers HTTP on loopback";; *) bad "esbuild --serve: no answer"; cat serve.log | head -5;; esac

# --watch rebuilds when a source file changes.
mkdir -p ../watch && cp -r . ../watch/ && cd ../watch || exit 1
( sleep 6 | timeout 8 "$machrun" "$esm/bin/esbuild" index.js --bundle --platform=node --outfile=w.js --watch > watch.log 2>&1 & )
for _ in 1 2 3 4 5 6 7 8 9 10; do sleep 0.3; [ -s w.js ] && break; done
sed -i 's/side: 3/side: 7/' shapes.js
rebuilt=0
for _ in $(seq 1 20); do sleep 0.2; grep -q 'side: 7' w.js 2>/dev/null && { rebuilt=1; break; }; done
[ $rebuilt = 1 ] && ok "esbuild --watch rebuilt after a change" || { bad "esbuild --watch did not rebuild"; cat watch.log | head -5; }
cd ../project || exit 1

agm=$(fetch @ast-grep/cli-darwin-x64@0.51.1) || exit 1
agl=$(fetch @ast-grep/cli-linux-x64-gnu@0.51.1) || exit 1
ag_same() { # label, then ast-grep's arguments
  local label=$1; shift
  "$agl/ast-grep" "$@" > ag.linux 2>&1; local a=$?
  "$machrun" "$agm/ast-grep" "$@" > ag.mac 2>&1; local b=$?
  if [ $a = $b ] && cmp -s ag.linux ag.mac; then ok "ast-grep $label: identical (status $b)"; else bad "ast-grep $label differs ($a/$b)"; diff ag.linux ag.mac | head -5; fi
}
ag_same "run --json" run -p 'console.log($$$A)' --lang js --json=compact -j 1 .
ag_same "run (matches)" run -p '$A.add($$$B)' --lang js -j 1 .
ag_same "rewrite preview" run -p 'const $X = $Y' -r 'let $X = $Y' --lang js -j 1 .
ag_same "no match" run -p 'nothing_like_this($A)' --lang js -j 1 .
ag_same "--version" --version
mkdir -p rules && cat > rules/no-console.yml <<'YML'
id: no-console
language: JavaScript
severity: warning
message: avoid console.log
rule:
  pattern: console.log($$$A)
YML
printf 'ruleDirs:\n  - rules\n' > sgconfig.yml
ag_same "scan with a rule file" scan -j 1 --json=compact
cp -r . ../rewrite-linux; cp -r . ../rewrite-mac
( cd ../rewrite-linux && "$agl/ast-grep" run -p 'const $X = $Y' -r 'let $X = $Y' --lang js -U . >/dev/null 2>&1 )
( cd ../rewrite-mac && "$machrun" "$agm/ast-grep" run -p 'const $X = $Y' -r 'let $X = $Y' --lang js -U . >/dev/null 2>&1 )
diff -r -x '*.mac*' -x '*.linux*' -x 'mac*' -x 'linux*' ../rewrite-linux ../rewrite-mac >/dev/null && ok "ast-grep --update-all rewrites the same files" || bad "ast-grep --update-all differs"

echo "$fails failed"
[ $fails = 0 ]
