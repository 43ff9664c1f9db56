#!/usr/bin/env python3
"""cycles.py — calls between source files go one way: no two files of src/ call each other.

A cycle is a set of files in which each reaches the others through calls (or data
references): A uses a symbol defined in B and B, directly or through others, one defined in A.
The graph comes from the objects of a build: each global symbol is mapped to the object that
defines it (nm), each undefined reference of an object to that definer. The strongly
connected components of more than one file are the cycles.

usage: cycles.py BUILD_DIR [--allow FILE]...
  Prints each cycle (the files, and for each edge inside it the symbols used) and exits 1 when
  one is found outside the allowed files (--allow takes a path relative to src/, e.g.
  dyld/load.c; a cycle every one of whose files is allowed is reported but not counted).
"""
import os
import subprocess
import sys
from collections import defaultdict


def objects(build):
    for root, _dirs, files in os.walk(build):
        for f in files:
            if f.endswith(".c.o"):
                yield os.path.join(root, f)


def source_of(obj):
    """CMake's object path .../CMakeFiles/<target>.dir/src/x/y.c.o -> src/x/y.c, for machrun's
    own objects (not the tests', whose paths run through __/src, nor the exec shim's, a .so
    of its own that defines execve and friends)."""
    p = obj.replace(os.sep, "/")
    i = p.find(".dir/src/")
    if i < 0 or "/machrun-exec.dir/" in p:
        return None
    return p[i + 5:-2]


def symbols(objs):
    """{object: (defined global symbols, undefined symbols)}, from two nm runs over all."""
    out = {o: (set(), set()) for o in objs}
    for flag, k in (("--defined-only", 0), ("--undefined-only", 1)):
        args = ["nm", "-A", "-g", flag] if k == 0 else ["nm", "-A", flag]
        for i in range(0, len(objs), 200):
            text = subprocess.run(args + objs[i:i + 200], capture_output=True, text=True).stdout
            for line in text.splitlines():
                obj, _, rest = line.partition(":")
                f = rest.split()
                if obj in out and f and (k == 1 or len(f) >= 3):
                    out[obj][k].add(f[-1])
    return out


def sccs(nodes, edges):
    """Tarjan's algorithm, iterative."""
    index, low, on, stack, out, counter = {}, {}, set(), [], [], [0]
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(edges[w]))))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    build, allow = argv[1], set()
    args = argv[2:]
    while args:
        if args[0] == "--allow" and len(args) > 1:
            allow.add("src/" + args[1])
            args = args[2:]
        else:
            print(__doc__, file=sys.stderr)
            return 2
    definer, uses = {}, {}
    objs = sorted(o for o in objects(build) if source_of(o))
    for obj, (d, u) in symbols(objs).items():
        src = source_of(obj)
        uses[src] = u
        for s in d:
            definer.setdefault(s, src)
    edges = defaultdict(set)
    why = defaultdict(set)
    for src, u in uses.items():
        edges[src]
        for s in u:
            t = definer.get(s)
            if t and t != src:
                edges[src].add(t)
                why[(src, t)].add(s)
    bad = 0
    for comp in sccs(set(uses), edges):
        allowed = all(f in allow for f in comp)
        bad += not allowed
        print(("allowed cycle: " if allowed else "cycle: ") + " ".join(comp))
        for a in comp:
            for b in comp:
                if (a, b) in why:
                    print(f"  {a} -> {b}: {' '.join(sorted(why[(a, b)]))}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
