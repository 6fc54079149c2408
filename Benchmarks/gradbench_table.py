#!/usr/bin/env python3
"""The ratio table of Benchmarks/gradbench.sh: AutoDiff against `manual` and the best AD
peer, per eval, function and size, from one sitting's GradBench logs.

Usage: gradbench_table.py LOGDIR [--peers PEERS.md] [--md OUT.md]

LOGDIR holds EVAL.PART/EVAL-TOOL.jsonl as written by the kit's bench.sh; the logs are read
with the kit's summarize.py (from $GB_WORK). Peers are ADOL-C, CoDiPack, CppAD, Adept,
PyTorch and JAX (the issue's list); `finite` (finite differences, not AD) is shown only
where no AD peer has the eval. With --peers, a peer that did not run in this sitting is
taken from that file's table (the kit's PEERS.md: medians measured earlier on these
machines) and marked "(PEERS.md)".
"""

import argparse
import math
import os
import re
import sys
from collections import OrderedDict

GB_WORK = os.environ.get("GB_WORK", os.path.expanduser("~/gradbench-work"))
sys.path.insert(0, GB_WORK)
import summarize  # noqa: E402  (the kit's log reader)

OURS = "autodiff"
PEERS = ["adol-c", "codipack", "cppad", "adept", "pytorch", "jax"]
UNITS = {"ns": 1, "µs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9}


def parse_time(cell):
    """'1.13 ms ✓ (1×)' -> 1.13e6 if the cell is valid (✓), else None."""
    m = re.match(r"\s*([0-9.e+]+)\s*(ns|µs|us|ms|s)\s*✓", cell)
    return float(m.group(1)) * UNITS[m.group(2)] if m else None


def read_peers_md(path):
    """-> {eval: {(size, function): {tool: ns}}} from PEERS.md's per-eval tables."""
    table, ev, tools = {}, None, None
    for line in open(path, encoding="utf-8"):
        h = re.match(r"### (\w+)\s*$", line)
        if h:
            ev, tools = h.group(1), None
            continue
        if ev is None or not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[:2] == ["size", "function"]:
            tools = cells[2:]
            continue
        if tools is None or set(cells[0]) <= set("-"):
            continue
        row = table.setdefault(ev, {}).setdefault((cells[0], cells[1]), {})
        for tool, cell in zip(tools, cells[2:]):
            t = parse_time(cell)
            if t is not None:
                row[tool] = t
    return table


def size_of(description):
    """The eval's description of a size, with a bare number (hello's inputs echo the
    previous output: 4 from one tool, 4.0 from another) in one spelling."""
    if not re.fullmatch(r"-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?", description):
        return description
    value = float(description)
    return str(int(value)) if value.is_integer() else repr(value)


def fmt(ns):
    return summarize.fmt(ns) if ns is not None else "–"


def ratio(a, b):
    return f"{a / b:.3g}×" if a is not None and b else "–"


def geomean(xs):
    return math.exp(sum(map(math.log, xs)) / len(xs)) if xs else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("logdir")
    ap.add_argument("--peers", help="PEERS.md for peers that did not run in this sitting")
    ap.add_argument("--md", help="also write the table here")
    args = ap.parse_args()

    data, runs = summarize.collect(args.logdir)
    earlier = read_peers_md(args.peers) if args.peers else {}
    out = []
    summary = []
    for ev in data:
        tools = data[ev]
        valid = lambda r: r["success"] and r["valid"] is not False and r["median_ns"]
        index = {t: {(size_of(r["description"]), r["function"]): r for r in recs}
                 for t, recs in tools.items()}
        keys = list(OrderedDict.fromkeys(
            (size_of(r["description"]), r["function"]) for t in [OURS, "manual"] + PEERS if t in tools
            for r in tools[t]))
        out.append(f"### {ev}\n")
        out.append("| size | function | autodiff | manual | ours ÷ manual | best peer | ours ÷ best peer |")
        out.append("|---|---|---|---|---|---|---|")
        per_function = OrderedDict()
        for key in keys:
            ours = index.get(OURS, {}).get(key)
            ours_ns = ours["median_ns"] if ours and valid(ours) else None
            ours_cell = fmt(ours_ns) if ours_ns else (summarize.status_mark(ours) if ours else "")
            man = index.get("manual", {}).get(key)
            man_ns = man["median_ns"] if man and valid(man) else None
            if man_ns is None:  # manual from PEERS.md if it did not run now
                man_ns = earlier.get(ev, {}).get(key, {}).get("manual")
                man_cell = f"{fmt(man_ns)} (PEERS.md)" if man_ns else "–"
            else:
                man_cell = fmt(man_ns)
            best = None  # (ns, tool, source)
            for t in PEERS:
                r = index.get(t, {}).get(key)
                ns, src = (r["median_ns"], "") if r and valid(r) else (None, "")
                if ns is None and t not in tools:
                    ns, src = earlier.get(ev, {}).get(key, {}).get(t), " (PEERS.md)"
                if ns and (best is None or ns < best[0]):
                    best = (ns, t, src)
            if best is None:  # no AD peer: finite differences, if present
                r = index.get("finite", {}).get(key)
                ns = r["median_ns"] if r and valid(r) else earlier.get(ev, {}).get(key, {}).get("finite")
                if ns:
                    best = (ns, "finite", "" if r else " (PEERS.md)")
            best_cell = f"{fmt(best[0])} {best[1]}{best[2]}" if best else "–"
            out.append(
                f"| {key[0]} | {key[1]} | {ours_cell} | {man_cell} | {ratio(ours_ns, man_ns)} | "
                f"{best_cell} | {ratio(ours_ns, best[0] if best else None)} |")
            f = per_function.setdefault(key[1], {"man": [], "peer": [], "sizes": 0, "ok": 0})
            f["sizes"] += 1
            if ours_ns:
                f["ok"] += 1
                if man_ns:
                    f["man"].append(ours_ns / man_ns)
                if best:
                    f["peer"].append(ours_ns / best[0])
        out.append("")
        out.append("Runs (part, tool, outcome, wall s): " + "; ".join(
            f"{p}/{t}: {o} ({w}s)" for p, t, o, w, _ in runs[ev]))
        out.append("")
        for fn, f in per_function.items():
            summary.append((ev, fn, f))
    head = [
        "### Summary: geometric means over sizes (autodiff valid / sizes)\n",
        "| eval | function | valid | ours ÷ manual | ours ÷ best peer |",
        "|---|---|---|---|---|",
    ]
    for ev, fn, f in summary:
        gm, gp = geomean(f["man"]), geomean(f["peer"])
        head.append(
            f"| {ev} | {fn} | {f['ok']}/{f['sizes']} | {f'{gm:.3g}×' if gm else '–'} | "
            f"{f'{gp:.3g}×' if gp else '–'} |")
    text = "\n".join(head + [""] + out)
    print(text)
    if args.md:
        with open(args.md, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")


if __name__ == "__main__":
    main()
