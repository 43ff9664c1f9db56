#!/bin/sh
# battery.sh MACHRUN BATTERY — the escape battery: run the battery program under profiles
# with `machrun sandbox-exec` and compare each operation's outcome with what the profile
# says. Landlock denials (exec, TCP) surface as EACCES, supervisor ones as EPERM.
set -u
M=$1; B=$2
T=$(mktemp -d /tmp/mrsb.XXXXXX) || exit 1
trap 'kill $SRV 2>/dev/null; rm -rf "$T"' EXIT
fail=0
mkdir -p "$T/pub" "$T/secret" "$T/rw" "$T/re" "$T/ro"
echo p > "$T/pub/p.txt"; echo s > "$T/secret/s.txt"; echo k > "$T/rw/keep"
echo f > "$T/rw/f.txt"; echo f > "$T/rw/f2.txt"; echo a > "$T/rw/a.txt"; echo p > "$T/pub/p2.txt"
echo r > "$T/re/12.txt"; echo r > "$T/re/ab.txt"
cp "$B" "$T/battery"; B="$T/battery"
PORT_OK=$((20000 + $$ % 10000)); PORT_NO=$((PORT_OK + 1)); PORT_BIND=$((PORT_OK + 2))
"$B" serve $PORT_OK 20 & SRV=$!
"$B" serve $PORT_NO 20 & SRV="$SRV $!"
sleep 0.3

check() {  # check NAME EXPECTED-FILE ACTUAL-FILE
    if ! diff -u "$2" "$3" > "$T/diff"; then
        echo "FAIL: $1"; cat "$T/diff"; fail=1
    else
        echo "ok: $1 ($(wc -l < "$2") operations)"
    fi
}

# 1. deny default with carve-outs: literal, subpath, regex, a deny inside an allowed tree
cat > "$T/p1.sb" <<SB
(version 1)
(deny default)
(define T (param "T"))
(define (under p) (string-append T p))
(allow process-exec (literal (param "B")))
(allow process-fork)
(allow file-read* (subpath (under "/pub")) (subpath (under "/rw")))
(allow file-read-metadata (subpath T))
(allow file-write* (subpath (under "/rw")))
(deny file-write* (literal (under "/rw/keep")))
(allow file-read-data (regex #"^/private/tmp/mrsb\.[^/]+/re/[0-9]+\.txt\$"))
(allow network-outbound (remote ip "localhost:$PORT_OK"))
(allow network-bind (local ip "localhost:$PORT_BIND"))
SB
cat > "$T/e1" <<X
read:$T/pub/p.txt ok
read:$T/secret/s.txt EPERM
read:/etc/hostname EPERM
write:$T/pub/p.txt EPERM
write:$T/rw/f.txt ok
create:$T/rw/new.txt ok
create:$T/new.txt EPERM
create:$T/pub/new.txt EPERM
write:$T/rw/keep EPERM
unlink:$T/rw/keep EPERM
unlink:$T/rw/f2.txt ok
unlink:$T/pub/p2.txt EPERM
rename:$T/rw/a.txt:$T/rw/b.txt ok
rename:$T/rw/b.txt:$T/pub/b.txt EPERM
rename:$T/pub/p.txt:$T/rw/stolen EPERM
renameat2:$T/rw/keep:$T/rw/keep2 EPERM
link:$T/secret/s.txt:$T/rw/s-link EPERM
symlink:$T/secret/s.txt:$T/rw/sl ok
read:$T/rw/sl EPERM
mkdir:$T/rw/d ok
rmdir:$T/rw/d ok
mkdir:$T/d EPERM
truncate:$T/rw/f.txt ok
truncate:$T/pub/p.txt EPERM
read:$T/re/12.txt ok
read:$T/re/ab.txt EPERM
openat2:$T/pub/p.txt ENOSYS
exec:$B ok
exec:/bin/true EACCES
fork ok
connect:$PORT_OK ok
connect:$PORT_NO EACCES
bind:$PORT_BIND ok
bind:$PORT_NO EACCES
kill:1 EPERM
kill:$$ EPERM
iouring EPERM
X
ops=$(cut -d' ' -f1 "$T/e1")
# shellcheck disable=SC2086
"$M" sandbox-exec -f "$T/p1.sb" -D T="$T" -D B="$B" "$B" $ops > "$T/a1" 2> "$T/err1"
check "deny-default profile" "$T/e1" "$T/a1"
[ -s "$T/err1" ] && { echo "unexpected stderr:"; cat "$T/err1"; fail=1; }

# 2. allow default with denies: network, fork, writes in one folder
cat > "$T/p2.sb" <<SB
(version 1)
(allow default)
(deny network*)
(deny process-fork)
(deny file-write* (subpath (string-append (param "T") "/ro")))
SB
cat > "$T/e2" <<X
read:/etc/hostname ok
create:$T/ro/x EPERM
create:$T/ok.txt ok
fork EPERM
connect:$PORT_OK EACCES
bind:$PORT_BIND EACCES
kill:$$ ok
iouring EPERM
X
ops=$(cut -d' ' -f1 "$T/e2")
"$M" sandbox-exec -f "$T/p2.sb" -D T="$T" "$B" $ops > "$T/a2" 2>&1
check "allow-default profile" "$T/e2" "$T/a2"

# 3. named profiles
printf '%s\n' "create:$T/nw.txt EPERM" "read:/etc/hostname ok" > "$T/e3"
"$M" sandbox-exec -n no-write "$B" "create:$T/nw.txt" "read:/etc/hostname" > "$T/a3" 2>&1
check "no-write" "$T/e3" "$T/a3"
printf '%s\n' "create:$T/t.txt ok" "create:$HOME/.mrsb-should-not-exist EPERM" > "$T/e4"
"$M" sandbox-exec -n no-write-except-temporary "$B" "create:$T/t.txt" "create:$HOME/.mrsb-should-not-exist" > "$T/a4" 2>&1
check "no-write-except-temporary" "$T/e4" "$T/a4"
printf '%s\n' "connect:$PORT_OK EACCES" "create:$T/nn.txt ok" > "$T/e5"
"$M" sandbox-exec -n no-network "$B" "connect:$PORT_OK" "create:$T/nn.txt" > "$T/a5" 2>&1
check "no-network" "$T/e5" "$T/a5"

# 4. logging names the operation, path and pid
"$M" sandbox-exec --enable-sandbox-logging -f "$T/p1.sb" -D T="$T" -D B="$B" "$B" "read:$T/secret/s.txt" > /dev/null 2> "$T/log"
if grep -q "deny(1) file-read-data $T/secret/s.txt (pid [0-9]*)" "$T/log"; then echo "ok: logging"; else echo "FAIL: logging"; cat "$T/log"; fail=1; fi

# 5. --strict refuses approximations; --explain says why
"$M" sandbox-exec --explain -f "$T/p1.sb" -D T="$T" -D B="$B" > "$T/x1"
if grep -q "supervisor engaged" "$T/x1" && grep -q "(deny file-write\* (literal \"/private$T/rw/keep\")) -> approximated: Landlock does not restrict metadata.*decided by the supervisor" "$T/x1" && grep -q "(allow file-read-data (regex .*) -> supervisor" "$T/x1"; then echo "ok: explain"; else echo "FAIL: explain"; cat "$T/x1"; fail=1; fi
printf '(version 1)(allow default)(deny file-read* (literal "%s/pub/p.txt"))' "$T" > "$T/p6.sb"
if "$M" sandbox-exec --strict -f "$T/p6.sb" "$B" fork > "$T/a6" 2>&1; then echo "FAIL: --strict accepted"; fail=1
elif grep -q "approximated on this system" "$T/a6"; then echo "ok: --strict refuses"; else echo "FAIL: --strict message"; cat "$T/a6"; fail=1; fi
printf '(version 1)(allow default)(deny network*)(deny process-fork)' > "$T/p7.sb"
"$M" sandbox-exec --strict -f "$T/p7.sb" "$B" fork > "$T/a7" 2>&1 && grep -q "fork EPERM" "$T/a7" && echo "ok: --strict exact profile" || { echo "FAIL: --strict exact"; cat "$T/a7"; fail=1; }

# 6. a bad profile: one line naming file, line and column; exit 65
printf '(version 1)\n(allow file-read*\n  (subpath "/x")\n  (literall "/y"))\n' > "$T/bad.sb"
"$M" sandbox-exec -f "$T/bad.sb" /bin/true 2> "$T/e"; rc=$?
if [ $rc = 65 ] && grep -qx "sandbox-exec: $T/bad.sb:4:3: unbound variable: literall" "$T/e"; then echo "ok: parse error"; else echo "FAIL: parse error rc=$rc"; cat "$T/e"; fail=1; fi

exit $fail
