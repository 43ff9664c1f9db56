#!/usr/bin/env bash
# launchd_tests.sh — machrun launchd and launchctl on real property lists, with a time scale
# of 20 (a 1-second ThrottleInterval lasts 50 ms): a crash-looping job restarted at the
# throttle rate, a SuccessfulExit=false job that exits 0 once and stays down, a Mach-O job
# writing its StandardOutPath, unload stopping a job for good, list and print showing the
# last exit status, lint rejecting broken plists with a reason, a binary plist, and stopping
# the supervisor stopping its jobs.
# usage: launchd_tests.sh MACHRUN WORK SRC ZIG
set -u
machrun=$1 work=$2 src=$3 zig=$4
rm -rf "$work"; mkdir -p "$work/agents"; cd "$work" || exit 1
export MACHRUN_LAUNCHD_SOCKET="$work/launchd.sock" MACHRUN_LAUNCHD_TIME_SCALE=20 XDG_STATE_HOME="$work/state"
fails=0
ok() { echo "ok   - $1"; }
bad() { echo "FAIL - $1"; fails=$((fails + 1)); }
lc() { "$machrun" launchctl "$@"; }
plist() { # file label then key/value XML
  local f=$1; shift
  { echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">'
    echo '<plist version="1.0"><dict>'; echo "$@"; echo '</dict></plist>'; } > "$f"
}

"$zig" cc -target x86_64-macos -O1 "$src/writer.c" -o writer.macho || exit 1
"$zig" cc -target x86_64-macos -O1 "$src/socketjob.c" -o socketjob.macho || exit 1
mkdir -p watched queue

plist agents/crash.plist '<key>Label</key><string>test.crash</string>
<key>ProgramArguments</key><array><string>/bin/sh</string><string>-c</string><string>echo run >> '"$work"'/crash.count; exit 3</string></array>
<key>KeepAlive</key><true/><key>ThrottleInterval</key><integer>1</integer>'
plist agents/once.plist '<key>Label</key><string>test.once</string>
<key>ProgramArguments</key><array><string>/bin/sh</string><string>-c</string><string>echo ran >> '"$work"'/once.count; exit 0</string></array>
<key>KeepAlive</key><dict><key>SuccessfulExit</key><false/></dict>'
plist agents/macho.plist '<key>Label</key><string>test.macho</string>
<key>ProgramArguments</key><array><string>'"$work"'/writer.macho</string><string>0</string><string>hello</string><string>from launchd</string></array>
<key>EnvironmentVariables</key><dict><key>GREETING</key><string>hi</string></dict>
<key>StandardOutPath</key><string>'"$work"'/macho.out</string><key>RunAtLoad</key><true/>'
plist agents/sleeper.plist '<key>Label</key><string>test.sleeper</string>
<key>ProgramArguments</key><array><string>/bin/sleep</string><string>100</string></array><key>RunAtLoad</key><true/>
<key>KeepAlive</key><true/>'
port=$((20000 + RANDOM % 20000))
plist agents/sock.plist '<key>Label</key><string>test.socket</string>
<key>ProgramArguments</key><array><string>'"$work"'/socketjob.macho</string></array>
<key>StandardOutPath</key><string>'"$work"'/sock.out</string>
<key>Sockets</key><dict><key>Listener</key><dict><key>SockNodeName</key><string>127.0.0.1</string>
<key>SockServiceName</key><string>'"$port"'</string></dict></dict>'
plist agents/watch.plist '<key>Label</key><string>test.watch</string>
<key>ProgramArguments</key><array><string>/bin/sh</string><string>-c</string><string>echo changed >> '"$work"'/watch.count</string></array>
<key>WatchPaths</key><array><string>'"$work"'/watched</string></array>'
plist agents/queue.plist '<key>Label</key><string>test.queue</string>
<key>ProgramArguments</key><array><string>/bin/sh</string><string>-c</string><string>for f in '"$work"'/queue/*; do cat "$f" >> '"$work"'/queue.out; rm -f "$f"; done</string></array>
<key>QueueDirectories</key><array><string>'"$work"'/queue</string></array><key>ThrottleInterval</key><integer>1</integer>'
plist agents/limits.plist '<key>Label</key><string>test.limits</string>
<key>ProgramArguments</key><array><string>/bin/sh</string><string>-c</string><string>ulimit -n > '"$work"'/limits.out</string></array>
<key>SoftResourceLimits</key><dict><key>NumberOfFiles</key><integer>123</integer></dict><key>RunAtLoad</key><true/>'
plist broken.plist '<key>Label</key><string>broken</string><key>RunAtLoad</key><string>yes</string>
<key>Program</key><string>/bin/true</string>'

"$machrun" launchd --foreground --dir "$work/agents" 2> launchd.log &
lpid=$!
for _ in $(seq 1 50); do [ -S launchd.sock ] && break; sleep 0.1; done
sleep 1.2

n=$(wc -l < crash.count 2>/dev/null || echo 0)
if [ "$n" -ge 4 ] && [ "$n" -le 40 ]; then ok "crash loop restarted at the throttle rate ($n runs in ~1.2 s at 50 ms)"; else bad "crash loop ran $n times"; fi
grep -q "test.crash: throttled:" launchd.log && ok "the throttle is logged with its reason" || bad "no throttle log line"
n=$(wc -l < once.count 2>/dev/null || echo 0)
[ "$n" = 1 ] && ok "SuccessfulExit=false: exited 0 once and stays down" || bad "SuccessfulExit=false job ran $n times"
[ "$(cat macho.out 2>/dev/null)" = "job says: hello from launchd (GREETING=hi)" ] && ok "a Mach-O job wrote its StandardOutPath" || bad "Mach-O job output: [$(cat macho.out 2>/dev/null)]"

out=$(lc list)
echo "$out" | grep -q "^PID	Status	Label$" && ok "list prints PID, Status, Label" || bad "list header: $out"
echo "$out" | grep -qP "^-\t0\ttest.once$" && ok "list shows test.once exited 0" || bad "list: $(echo "$out" | grep once)"
echo "$out" | grep -qP "^\d+\t0\ttest.sleeper$" && ok "list shows the running job's pid" || bad "list: $(echo "$out" | grep sleeper)"
out=$(lc print test.crash)
echo "$out" | grep -q "last exit code = 3" && ok "print shows the last exit code" || bad "print: $out"
spid=$(lc list | awk '$3 == "test.sleeper" {print $1}')
kill -9 "$spid" 2>/dev/null; sleep 0.3
out=$(lc print test.sleeper)
echo "$out" | grep -q "last terminating signal = Killed" && ok "print shows death by a signal" || bad "print after kill: $out"
lc list | grep -qP "^\d+\t-9\ttest.sleeper$" && ok "list shows -9 and the restarted pid" || bad "list after kill: $(lc list | grep sleeper)"

lc unload test.crash >/dev/null
before=$(wc -l < crash.count); sleep 0.5; after=$(wc -l < crash.count)
[ "$before" = "$after" ] && ! lc list | grep -q test.crash && ok "unload stops a job and it stays stopped" || bad "crash job still running after unload ($before -> $after)"

out=$(lc lint broken.plist); st=$?
[ $st = 1 ] && echo "$out" | grep -q "RunAtLoad: must be a boolean" && ok "lint names the key and the problem" || bad "lint: $st $out"
plist nolabel.plist '<key>Program</key><string>/bin/true</string>'
lc lint nolabel.plist | grep -q "Label: missing" && ok "lint: missing Label" || bad "lint missing label"
plist unknown.plist '<key>Label</key><string>x</string><key>Program</key><string>/bin/true</string><key>Bogus</key><true/>'
lc lint unknown.plist | grep -q "Bogus: unknown key" && ok "lint: unknown key" || bad "lint unknown key"
out=$(lc load "$work/broken.plist"); st=$?
[ $st != 0 ] && lc list | grep -q test.sleeper && ok "a bad plist is refused alone; the others keep running" || bad "load broken: $st $out"

python3 -c "import plistlib,sys; plistlib.dump({'Label':'test.binary','ProgramArguments':['/bin/sh','-c','echo bin > $work/bin.out'],'RunAtLoad':True}, open('$work/binary.plist','wb'), fmt=plistlib.FMT_BINARY)"
lc load "$work/binary.plist" >/dev/null
sleep 0.3
[ "$(cat bin.out 2>/dev/null)" = bin ] && ok "a binary plist loads and runs" || bad "binary plist"

[ "$(cat limits.out 2>/dev/null)" = 123 ] && ok "SoftResourceLimits reach the job" || bad "limits: [$(cat limits.out 2>/dev/null)]"
lc list | grep -qP "^-\t0\ttest.socket$" && ok "a Sockets job waits for its first connection" || bad "socket job state: $(lc list | grep socket)"
reply=$(exec 3<>/dev/tcp/127.0.0.1/$port && cat <&3)
[ "$reply" = "hello from an on-demand Mach-O job" ] && ok "a connection starts the Mach-O job, which gets its socket" || bad "socket reply: [$reply]"
sleep 0.3
grep -q "unknown name: 2" sock.out && ok "launch_activate_socket: ENOENT for an unknown name" || bad "sock.out: $(cat sock.out 2>/dev/null)"
touch watched/file; sleep 0.4
[ "$(wc -l < watch.count 2>/dev/null)" -ge 1 ] 2>/dev/null && ok "a change in WatchPaths starts the job" || bad "WatchPaths job did not run"
# each file arrives whole (written beside the folder, then moved in): a job started by a file
# created but not yet written would read it empty, as with launchd
echo one > queue.a; echo two > queue.b; mv queue.a queue/a; mv queue.b queue/b; sleep 0.6
[ "$(ls queue | wc -l)" = 0 ] && grep -q one queue.out && grep -q two queue.out && ok "QueueDirectories runs the job until the folder is empty" || bad "queue: $(ls queue) $(cat queue.out 2>/dev/null)"
lc unload -w test.watch >/dev/null
out=$(lc load "$work/agents/watch.plist"); st=$?
[ $st != 0 ] && echo "$out" | grep -q disabled && ok "unload -w keeps the job disabled across loads" || bad "override: $st $out"
lc load -w "$work/agents/watch.plist" >/dev/null && lc list | grep -q test.watch && ok "load -w enables it again" || bad "load -w"
lc unload test.watch >/dev/null; lc disable gui/$(id -u)/test.watch >/dev/null
out=$(lc load "$work/agents/watch.plist"); st=$?
lc enable test.watch >/dev/null
out2=$(lc load "$work/agents/watch.plist"); st2=$?
[ $st != 0 ] && [ $st2 = 0 ] && ok "disable and enable set the override" || bad "enable/disable: $st $out / $st2 $out2"

spid=$(lc list | awk '$3 == "test.sleeper" {print $1}')
kill -TERM $lpid; wait $lpid; lst=$?
sleep 0.2
if [ -n "$spid" ] && ! kill -0 "$spid" 2>/dev/null && [ $lst = 0 ]; then ok "stopping the supervisor stops its jobs"; else bad "job $spid survived the supervisor (status $lst)"; fi

echo "$fails failed"
[ $fails = 0 ]
