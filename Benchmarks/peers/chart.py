"""Draws Docs/images/performance.svg: AutoDiff time ÷ best peer time per comparable row,
as horizontal bars on a log scale (left of the 1× line: we are faster).

    python3 Benchmarks/peers/chart.py merged.md > Docs/images/performance.svg

`merged.md` is the output of `Benchmarks/run-all.sh --markdown`. Standard library only.
"""
import math
import sys
from xml.sax.saxutils import escape


def rows(path):
    header = None
    for line in open(path):
        if not line.startswith("|") or line.startswith("|---"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if header is None:
            header = cells
            continue
        r = dict(zip(header, cells))
        if r.get("ours/best", "").endswith("×") and not r["variant"].startswith("plain"):
            yield f"{r['workload']}: {r['variant']}", float(r["ours/best"].rstrip("×"))


def main():
    data = list(rows(sys.argv[1]))
    lo, hi = -4, 2  # 10⁻⁴ … 10²
    left, width, bar, gap, top = 330, 420, 16, 6, 40
    height = top + len(data) * (bar + gap) + 40

    def x(v):
        v = min(max(v, 10 ** lo), 10 ** hi)
        return left + (math.log10(v) - lo) / (hi - lo) * width

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 80}" height="{height}" '
           'font-family="sans-serif" font-size="11">',
           '<rect width="100%" height="100%" fill="white"/>',
           f'<text x="10" y="20" font-size="13" font-weight="bold">AutoDiff time ÷ best peer '
           '(JAX jit or PyTorch), log scale; &lt; 1 is faster</text>']
    for e in range(lo, hi + 1):
        gx = x(10 ** e)
        out.append(f'<line x1="{gx:.1f}" y1="{top - 6}" x2="{gx:.1f}" y2="{height - 30}" '
                   f'stroke="{"black" if e == 0 else "#ddd"}"/>')
        out.append(f'<text x="{gx:.1f}" y="{height - 16}" text-anchor="middle">10^{e}</text>')
    for i, (label, v) in enumerate(data):
        y = top + i * (bar + gap)
        x0, x1 = sorted((x(1), x(v)))
        color = "#2a7ab9" if v <= 1 else "#d9534f"
        out.append(f'<text x="{left - 6}" y="{y + bar - 4}" text-anchor="end">{escape(label[:52])}</text>')
        out.append(f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 1):.1f}" height="{bar}" fill="{color}"/>')
        out.append(f'<text x="{max(x(v), x(1)) + 4:.1f}" y="{y + bar - 4}">{v:g}×</text>')
    out.append("</svg>")
    print("\n".join(out))


if __name__ == "__main__":
    main()
