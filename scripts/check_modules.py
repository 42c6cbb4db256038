#!/usr/bin/env python3
"""Checks the core crate's module structure.

1. No cycles between modules: an edge A -> B is any `crate::B...` (or
   `super::...`) path written in A's files. Modules are compared at two
   levels: the top-level stages (`crate::ingest`, `crate::report`, ...) and the
   files inside each stage. A folder's `mod.rs` may re-export its children
   (`pub use child::X`) without that counting as an edge.
2. No function longer than MAX_LINES lines outside tests.

Usage: scripts/check_modules.py [--graph] [SRC_DIR]
"""
import os
import re
import sys

MAX_LINES = 150

def module_of(path, src):
    rel = os.path.relpath(path, src)[:-3]  # drop .rs
    parts = rel.split(os.sep)
    if parts[-1] == "mod":
        parts = parts[:-1]
    if parts == ["lib"]:
        return ()
    return tuple(parts)

def strip_tests(text):
    """Drops `#[cfg(test)] mod tests { ... }` blocks and comments."""
    text = re.sub(r"//[^\n]*", "", text)
    out, i = [], 0
    for m in re.finditer(r"#\[cfg\(test\)\]\s*mod\s+\w+\s*\{", text):
        if m.start() < i:
            continue
        out.append(text[i:m.start()])
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        i = j
    out.append(text[i:])
    return "".join(out)

PATH = re.compile(r"\b(crate|super)((?:::\w+)+)")
USE_GROUP = re.compile(r"\buse\s+(crate|super)((?:::\w+)*)::\{([^;]*)\};", re.S)

def refs(module, text, modules, is_mod_rs):
    """Modules referred to from `module`'s text."""
    found = set()
    def resolve(root, segs):
        base = list(module) if root == "crate" else None
        if root == "crate":
            base = []
        else:
            # super from a file module: parent of module; from mod.rs: parent as well
            base = list(module[:-1])
            while segs and segs[0] == "super":
                base = base[:-1]
                segs = segs[1:]
        target = tuple(base + segs)
        # longest prefix that is a module
        while target and target not in modules:
            target = target[:-1]
        return target
    for m in USE_GROUP.finditer(text):
        root, prefix = m.group(1), [s for s in m.group(2).split("::") if s]
        for item in re.split(r",", m.group(3)):
            item = item.strip()
            if not item:
                continue
            segs = prefix + [s for s in re.split(r"::", item.split(" as ")[0].strip("{} \n")) if s and s != "self"]
            found.add(resolve(root, segs))
    text = USE_GROUP.sub("", text)
    for m in PATH.finditer(text):
        if is_mod_rs:
            # `pub use child::...` / `pub mod` in mod.rs are declarations
            line_start = text.rfind("\n", 0, m.start()) + 1
            if re.match(r"\s*pub(\(crate\))?\s+use\s+self::", text[line_start:m.start() + 20]):
                continue
        segs = [s for s in m.group(2).split("::") if s]
        found.add(resolve(m.group(1), segs))
    return found

def long_functions(path, text):
    lines = text.split("\n")
    bad = []
    fn = re.compile(r"^(\s*)(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)")
    i = 0
    while i < len(lines):
        m = fn.match(lines[i])
        if m:
            indent = m.group(1)
            j = i
            # find the opening brace, then the closing line at the same indent
            while j < len(lines) and "{" not in lines[j] and not lines[j].rstrip().endswith(";"):
                j += 1
            if j < len(lines) and lines[j].rstrip().endswith(";") and "{" not in lines[j]:
                i = j + 1
                continue
            k = j
            while k < len(lines) and not (lines[k].startswith(indent + "}") and len(lines[k]) - len(lines[k].lstrip()) == len(indent)):
                if k > j and lines[k].strip() == "}" and len(lines[k]) - len(lines[k].lstrip()) < len(indent):
                    break
                k += 1
            if j == k or lines[j].rstrip().endswith("}"):
                k = j
            n = k - i + 1
            if n > MAX_LINES:
                bad.append((path, i + 1, m.group(7), n))
        i += 1
    return bad

def cycles(nodes, edges):
    """Strongly connected components with more than one node (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(10000)
    def visit(v):
        index[v] = low[v] = counter[0]; counter[0] += 1
        stack.append(v); on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w); low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))
    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out

def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show = "--graph" in sys.argv
    src = args[0] if args else os.path.join(os.path.dirname(__file__), "..", "crates", "rapport", "src")
    files = {}
    for root, _, names in os.walk(src):
        for n in names:
            if n.endswith(".rs"):
                p = os.path.join(root, n)
                files[module_of(p, src)] = (p, open(p, encoding="utf-8").read())
    modules = set(files)
    failures = 0
    stage_edges, file_edges = {}, {}
    for mod, (path, text) in files.items():
        body = strip_tests(text)
        for t in refs(mod, body, modules, path.endswith("mod.rs") or path.endswith("lib.rs")):
            if not t or t == mod or not mod:
                continue
            if t[0] != mod[0]:
                stage_edges.setdefault(mod[0], set()).add(t[0])
            elif len(mod) > 1 and len(t) > 1 and t[:2] != mod[:2]:
                file_edges.setdefault(mod[:2], set()).add(t[:2])
        for f in long_functions(path, body):
            print(f"{f[0]}:{f[1]}: fn {f[2]} is {f[3]} lines (limit {MAX_LINES})")
            failures += 1
    if show:
        for a in sorted(stage_edges):
            print(f"{a} -> {', '.join(sorted(stage_edges[a]))}")
        for a in sorted(file_edges):
            print(f"{'::'.join(a)} -> {', '.join('::'.join(b) for b in sorted(file_edges[a]))}")
    for comp in cycles({m[0] for m in modules if m}, stage_edges):
        print("module cycle between stages: " + " <-> ".join(comp))
        failures += 1
    for comp in cycles({m[:2] for m in modules if len(m) > 1}, file_edges):
        print("module cycle inside a stage: " + " <-> ".join("::".join(c) for c in comp))
        failures += 1
    if failures:
        print(f"{failures} structure problem(s)", file=sys.stderr)
        return 1
    print(f"ok: {len(modules)} modules, no cycles, no function over {MAX_LINES} lines")
    return 0

if __name__ == "__main__":
    sys.exit(main())
