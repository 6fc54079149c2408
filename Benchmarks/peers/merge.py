"""Merges `AutoDiffBenchmarks perf-tsv` and `peers.py --tsv` into one table of medians
and ratios (used by Benchmarks/run-all.sh). Standard library only.

    python3 Benchmarks/peers/merge.py ours.tsv peers.tsv [--markdown]

Columns: our median, our ratio to our own plain baseline (the issue-7 targets for W1, W2,
W2t and the overhead rows are stated that way), the JAX and PyTorch medians of the
matching row, and ours ÷ the best peer. For W4 and T1 the peers' row is their better mode
(jacfwd or jacrev, whichever is faster on that shape), as the issues' targets say; for
T2's Hessian JAX's jax.hessian (jacfwd over jacrev) or jacrev over jacrev, the faster.
"""
import sys


def read(path):
    rows = []
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 6:
                w, impl, variant, sec, ratio, checksum = parts
            elif len(parts) == 5:
                w, impl, variant, sec, checksum = parts
                ratio = ""
            else:
                continue
            rows.append(dict(w=w, impl=impl, variant=variant, sec=float(sec),
                             ratio=float(ratio) if ratio else None, checksum=checksum))
    return rows


def peer_variants(workload, variant):
    """Which peer rows an AutoDiff row compares with (the fastest of them is used)."""
    v = variant
    if workload == "W2t":
        return ["tensor value"] if v.startswith("tensor value") else ["tensor gradient"]
    if workload == "W3":
        return [v]
    if workload.startswith("W4"):
        if v.startswith("plain"):
            return ["plain F(x)"]
        return ["jacfwd", "jacrev"]  # the best peer mode, whichever our mode is
    if workload == "W5":
        return ["hessian"] if v.startswith("hessian") else []
    if workload == "T1":
        if v.startswith("value"):
            return ["value"]
        return ["jacfwd", "jacrev"]  # the best peer mode, whichever our mode is
    if workload == "T2":
        if v.startswith("value"):
            return ["value"]
        if v.startswith("gradient"):
            return ["gradient"]
        # jax.hessian (= jacfwd(jacrev)) and JAX's jacrev(jacrev): the faster one
        return ["hessian", "hessian jacrev(jacrev)"] if v.startswith("hessian") else []
    if workload == "tiny":
        if v.startswith("plain"):
            return ["plain f(x) per call"]
        if "forward" in v:
            return ["forward jvp per call"]
        return ["reverse grad per call", "reverse backward per call"]
    return []


def fmt(s):
    if s is None:
        return ""
    if s < 1e-6:
        return f"{s * 1e9:.1f} ns"
    if s < 1e-3:
        return f"{s * 1e6:.1f} µs"
    return f"{s * 1e3:.2f} ms"


def ratio(r):
    return f"{r:.2f}×" if r >= 0.1 else f"{r:.2g}×"


def main():
    ours = read(sys.argv[1])
    peers = read(sys.argv[2])
    markdown = "--markdown" in sys.argv
    impls = []
    for p in peers:
        family = p["impl"].split()[0]
        if family not in impls:
            impls.append(family)
    header = ["workload", "variant", "AutoDiff", "×plain"] + impls + ["best peer", "ours/best", "checksum (ours)"]
    lines = []
    for r in ours:
        wanted = peer_variants(r["w"], r["variant"])
        cells = [r["w"], r["variant"], fmt(r["sec"]), f"{r['ratio']:.2f}×" if r["ratio"] is not None else ""]
        best = None
        for family in impls:
            times = [p["sec"] for p in peers
                     if p["w"] == r["w"] and p["impl"].split()[0] == family and p["variant"] in wanted]
            t = min(times) if times else None
            cells.append(fmt(t))
            if t is not None and (best is None or t < best):
                best = t
        cells.append(fmt(best))
        cells.append(ratio(r["sec"] / best) if best else "")
        cells.append(r["checksum"])
        lines.append(cells)
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join("---" for _ in header) + "|")
        for cells in lines:
            print("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    else:
        widths = [max(len(h), *(len(c[i]) for c in lines)) for i, h in enumerate(header)]
        widths[-1] = 0
        print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
        for cells in lines:
            print("  ".join(c.ljust(w) for c, w in zip(cells, widths)))
    print()
    print("Peer checksums:")
    for p in peers:
        print(f"  {p['w']:<12}{p['impl']} {p['variant']}: {fmt(p['sec'])}  {p['checksum']}")


if __name__ == "__main__":
    main()
