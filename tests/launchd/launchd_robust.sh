#!/usr/bin/env bash
# launchd_robust.sh — machrun launchd under stress (issue 23), at a time scale of 4: a long
# RunAtLoad job loaded without the client waiting for it (and with only its standard
# descriptors), a job stuck before its exec, 200 idle clients and a half-line client not slowing `launchctl list`, a job
# that ignores SIGTERM stopped while the loop keeps answering and a crash loop keeps
# respawning, a second supervisor on the same socket refused, a `kill -9` of the supervisor
# and a restart adopting the KeepAlive job instead of running a second copy, and launchctl
# refused by a server that closes at once exiting 1 with a message (never SIGPIPE's 141).
# Every wait polls for its condition with a generous limit.
# usage: launchd_robust.sh MACHRUN WORK
set -u
machrun=$1 work=$2
rm -rf "$work"; mkdir -p "$work/agents" "$work/empty"; cd "$work" || exit 1
export MACHRUN_LAUNCHD_SOCKET="$work/launchd.sock" MACHRUN_LAUNCHD_TIME_SCALE=4 XDG_STATE_HOME="$work/state"
export MACHRUN_LAUNCHD_CLIENT_TIMEOUT=2
fails=0
ok() { echo "ok   - $1"; }
bad() { echo "FAIL - $1"; fails=$((fails + 1)); }
lc() { timeout 20 "$machrun" launchctl "$@"; }
ms() { echo $(( $(date +%s%N) / 1000000 )); }
# poll CMD... until it succeeds, for at most $1 seconds
until_ok() { local limit=$1; shift; local end=$(( $(ms) + limit * 1000 ))
  while [ "$(ms)" -lt $end ]; do "$@" && return 0; sleep 0.05; done; "$@"; }
plist() {
  local f=$1; shift
  { echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo '<plist version="1.0"><dict>'; echo "$@"; echo '</dict></plist>'; } > "$f"
}
alive() { kill -0 "$1" 2>/dev/null; }
gone() { ! kill -0 "$1" 2>/dev/null; }
jobpid() { lc list | awk -v l="$1" '$3 == l {print $1}'; }
# the job's own marker argument: counts copies whichever supervisor started them
copies() { pgrep -fc -- "$1" 2>/dev/null || true; }
cleanup() {
  [ -n "${lpid:-}" ] && kill -TERM "$lpid" 2>/dev/null
  [ -n "${holder:-}" ] && kill "$holder" 2>/dev/null
  [ -n "${half:-}" ] && kill "$half" 2>/dev/null
  [ -n "${fake:-}" ] && kill "$fake" 2>/dev/null
  sleep 0.5
  for m in "$mark" "sleep $keepmark" "sleep $longmark"; do pkill -KILL -f -- "$m" 2>/dev/null; done
  true
}
trap cleanup EXIT
mark="-marker-$$" keepmark="600.$$1" longmark="3137.$$2"

plist agents/keep.plist '<key>Label</key><string>test.keep</string>
<key>ProgramArguments</key><array><string>/bin/sleep</string><string>'"$keepmark"'</string></array>
<key>KeepAlive</key><true/><key>ThrottleInterval</key><integer>1</integer>'
plist agents/crash.plist '<key>Label</key><string>test.crash</string>
<key>ProgramArguments</key><array><string>/bin/sh</string><string>-c</string><string>echo run >> '"$work"'/crash.count; exit 3</string></array>
<key>KeepAlive</key><true/><key>ThrottleInterval</key><integer>1</integer>'
plist long.plist '<key>Label</key><string>test.long</string>
<key>ProgramArguments</key><array><string>/bin/sleep</string><string>'"$longmark"'</string></array>
<key>RunAtLoad</key><true/>'
plist stubborn.plist '<key>Label</key><string>test.stubborn</string>
<key>ProgramArguments</key><array><string>/bin/sh</string><string>-c</string><string>trap "" TERM; while :; do sleep 0.1; done</string><string>stubborn'"$mark"'</string></array>
<key>RunAtLoad</key><true/><key>ExitTimeOut</key><integer>8</integer>'

start_launchd() { "$machrun" launchd --foreground --dir "$work/agents" >> launchd.out 2>> launchd.log & lpid=$!
  until_ok 10 lc list >/dev/null; }
start_launchd

# 1. a long RunAtLoad job: load answers at once; the job holds 0-2 and nothing else
t0=$(ms); out=$(lc load "$work/long.plist"); st=$?; t=$(( $(ms) - t0 ))
[ $st = 0 ] && [ $t -lt 1000 ] && ok "load of a long RunAtLoad job returns at once (${t} ms)" || bad "load of a long job: status $st after ${t} ms: $out"
lp=$(jobpid test.long)
fds=$(ls /proc/"$lp"/fd 2>/dev/null | sort -n | tr '\n' ' ')
[ "$fds" = "0 1 2 " ] && ok "the job has its standard descriptors and nothing else" || bad "job $lp descriptors: [$fds]"

# a job whose StandardInPath is a FIFO nobody writes blocks in its own open, not the loop
mkfifo stdin.fifo
plist fifo.plist '<key>Label</key><string>test.fifo</string>
<key>ProgramArguments</key><array><string>/bin/cat</string></array>
<key>StandardInPath</key><string>'"$work"'/stdin.fifo</string><key>RunAtLoad</key><true/>'
t0=$(ms); lc load "$work/fifo.plist" >/dev/null; st=$?; lc list >/dev/null; st2=$?; t=$(( $(ms) - t0 ))
[ $st = 0 ] && [ $st2 = 0 ] && [ $t -lt 1000 ] && ok "a job stuck before exec (FIFO stdin) blocks nobody (${t} ms)" || bad "FIFO job: status $st/$st2 after ${t} ms"
lc unload test.fifo >/dev/null

# 2. 200 idle clients: list still answers at once, and the idle ones are dropped
python3 - "$work/launchd.sock" 200 > idle.out <<'EOF' &
import socket, sys, time
conns = []
for _ in range(int(sys.argv[2])):
    s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); conns.append(s)
print(len(conns), flush=True)
end = time.time() + 30
dropped = 0
for s in conns:
    s.settimeout(max(0.1, end - time.time()))
    try:
        if s.recv(100) == b"": dropped += 1
    except Exception: pass
print("dropped", dropped, flush=True)
time.sleep(30)
EOF
holder=$!
until_ok 10 grep -q '^200$' idle.out
t0=$(ms); out=$(lc list); st=$?; t=$(( $(ms) - t0 ))
[ $st = 0 ] && [ $t -lt 1000 ] && echo "$out" | grep -q test.keep && ok "list with 200 idle clients connected (${t} ms)" || bad "list with 200 idle clients: status $st after ${t} ms"
until_ok 15 grep -q '^dropped 200$' idle.out && ok "idle clients are dropped after the client timeout" || bad "idle clients: $(cat idle.out)"
kill $holder 2>/dev/null; holder=

# 3. a client that sends half a line stalls nobody and is dropped
python3 - "$work/launchd.sock" > half.out <<'EOF' &
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(b"list\ttest.ke")
print("sent", flush=True)
s.settimeout(30)
print("dropped" if s.recv(100) == b"" else "answered", flush=True)
EOF
half=$!
until_ok 10 grep -q sent half.out
t0=$(ms); lc list >/dev/null; st=$?; t=$(( $(ms) - t0 ))
[ $st = 0 ] && [ $t -lt 1000 ] && ok "a half-line client does not stall others (${t} ms)" || bad "list beside a half-line client: status $st after ${t} ms"
until_ok 15 grep -q dropped half.out && ok "the half-line client is dropped after the timeout" || bad "half-line client: $(cat half.out)"
half=

# 4. a job that ignores SIGTERM (ExitTimeOut 8, 2 s at scale 4): the loop keeps going
lc load "$work/stubborn.plist" >/dev/null
until_ok 10 test -n "$(jobpid test.stubborn)"; sp=$(jobpid test.stubborn)
t0=$(ms); lc stop test.stubborn >/dev/null; st=$?; t=$(( $(ms) - t0 ))
[ $st = 0 ] && [ $t -lt 1000 ] && ok "stop of a SIGTERM-ignoring job returns at once (${t} ms)" || bad "stop: status $st after ${t} ms"
t0=$(ms); out=$(lc list); t=$(( $(ms) - t0 ))
alive "$sp" && [ $t -lt 1000 ] && echo "$out" | grep -q "^$sp	.*test.stubborn" && ok "list answers while the job outlives SIGTERM (${t} ms)" || bad "list during the stop: ${t} ms, pid $sp alive: $(alive "$sp" && echo yes)"
c0=$(wc -l < crash.count)
crash_moved() { [ "$(wc -l < crash.count)" -ge $((c0 + 2)) ]; }
until_ok 10 crash_moved && alive "$sp" && ok "the crash loop keeps respawning during the stop" || bad "crash loop during the stop: $c0 -> $(wc -l < crash.count), stubborn alive: $(alive "$sp" && echo yes)"
until_ok 15 gone "$sp" && grep -q "test.stubborn: did not exit within ExitTimeOut" launchd.log && ok "SIGKILL after ExitTimeOut, from the loop" || bad "stubborn job $sp not killed"
lc start test.stubborn >/dev/null
until_ok 10 test -n "$(jobpid test.stubborn | grep -v -- -)"; sp=$(jobpid test.stubborn)
t0=$(ms); lc unload test.stubborn >/dev/null; st=$?; t=$(( $(ms) - t0 ))
[ $st = 0 ] && [ $t -lt 1000 ] && ! lc list | grep -q test.stubborn && alive "$sp" && ok "unload of a SIGTERM-ignoring job returns at once; the job is gone from list (${t} ms)" || bad "unload: status $st after ${t} ms"
until_ok 15 gone "$sp" && ok "the unloaded job is killed after ExitTimeOut" || bad "unloaded stubborn job $sp left running"

# 5. a second supervisor on the same socket is refused; the first stays reachable
out=$(timeout 10 "$machrun" launchd --foreground --dir "$work/empty" 2>&1); st=$?
[ $st = 1 ] && echo "$out" | grep -q "already serving" && ok "a second supervisor is refused: $out" || bad "second supervisor: status $st: $out"
[ -S launchd.sock ] && lc list | grep -q test.keep && ok "the first supervisor is still reachable" || bad "first supervisor unreachable after the second"

# 6. kill -9 of the supervisor, then a restart: the KeepAlive job is adopted, not doubled
kp=$(jobpid test.keep)
kill -9 "$lpid"; wait "$lpid" 2>/dev/null; lpid=
alive "$kp" && ok "the KeepAlive job outlives a kill -9 of its supervisor" || bad "job $kp died with its supervisor"
start_launchd
kp2=$(jobpid test.keep)
[ -n "$kp" ] && [ "$kp2" = "$kp" ] && [ "$(copies "sleep $keepmark")" = 1 ] && ok "the restarted supervisor adopts it: one copy, pid $kp" || bad "after restart: pid $kp -> $kp2, $(copies "sleep $keepmark") copies"
until_ok 10 gone "$lp" && ok "a job the new supervisor does not load is stopped" || bad "test.long ($lp) left behind"
kill -9 "$kp"
respawned() { p=$(jobpid test.keep); [ -n "$p" ] && [ "$p" != - ] && [ "$p" != "$kp" ]; }
until_ok 10 respawned && [ "$(copies "sleep $keepmark")" = 1 ] && ok "an adopted job that dies is respawned (pidfd)" || bad "adopted job not respawned: $(lc list | grep keep)"
kp=$(jobpid test.keep)
kill -TERM "$lpid"; wait "$lpid"; st=$?; lpid=
[ $st = 0 ] && gone "$kp" && [ "$(copies "sleep $keepmark")" = 0 ] && [ "$(copies "$mark")" = 0 ] && ok "stopping the supervisor stops every job" || bad "after stop: status $st, $(copies "sleep $keepmark") keep jobs left"

# 7. launchctl and a server that closes at once: one line, status 1, never SIGPIPE
python3 - "$work/fake.sock" <<'EOF' &
import socket, sys
l = socket.socket(socket.AF_UNIX); l.bind(sys.argv[1]); l.listen(64)
while True:
    c, _ = l.accept(); c.close()
EOF
fake=$!
until_ok 10 test -S fake.sock
big=$(printf 'x%.0s' $(seq 1 2000))
worst=
for i in $(seq 1 20); do
  err=$(MACHRUN_LAUNCHD_SOCKET="$work/fake.sock" timeout 10 "$machrun" launchctl list "$big" "$big" "$big" 2>&1 >/dev/null); st=$?
  { [ $st = 1 ] && [ -n "$err" ]; } || worst="status $st: $err"
done
[ -z "$worst" ] && ok "launchctl refused by a closing server: status 1 and a message ($err)" || bad "launchctl against a closing server: $worst"
kill $fake; fake=
err=$(MACHRUN_LAUNCHD_SOCKET="$work/nowhere.sock" "$machrun" launchctl list 2>&1); st=$?
[ $st = 1 ] && echo "$err" | grep -q "no launchd at" && ok "no launchd: status 1, $err" || bad "no launchd: status $st: $err"

echo "$fails failed"
[ $fails = 0 ]
