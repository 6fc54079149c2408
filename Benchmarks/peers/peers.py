"""Issue-7 peers: W2t, W3, W4, W5 and the tiny-function overhead in JAX (jit) and PyTorch.

The same numbers as `AutoDiffBenchmarks perf` (Benchmarks/AutoDiffBenchmarks/
PerformanceWorkloads.swift): inputs xᵢ = 0.5 + 0.3·sin(i), checksums printed so equal work
is visible. Two threads for everyone. Run from a virtual environment outside the repo:

    OMP_NUM_THREADS=2 ../venv/bin/python Benchmarks/peers/peers.py [--tsv] [jax] [torch]

W1 and W2 are scalar element loops timed against plain Double; a Python peer of a
million-step scalar loop measures the interpreter, so they have none here.
Output: a readable table, or with --tsv one line per row:
    workload<TAB>implementation<TAB>variant<TAB>seconds<TAB>checksum
"""
import math
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")
os.environ.setdefault(
    "XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=2")

ROWS = []


def interleaved_medians(bodies, runs=9):
    """Medians of several bodies timed in interleaved rounds, after one warm-up each
    (which also triggers JAX compilation), like Timing.swift's interleavedMedians."""
    for b in bodies:
        b()
    samples = [[] for _ in bodies]
    for _ in range(runs):
        for i, b in enumerate(bodies):
            t = time.perf_counter()
            b()
            samples[i].append(time.perf_counter() - t)
    return [sorted(s)[len(s) // 2] for s in samples]


def row(workload, impl, variant, seconds, checksum):
    ROWS.append((workload, impl, variant, seconds, checksum))


def point(n):
    return [0.5 + 0.3 * math.sin(i) for i in range(n)]


W4_SHAPES = [(8, 1024), (1024, 8), (256, 256)]


# ---------------------------------------------------------------- JAX

def run_jax():
    import jax
    import jax.numpy as jnp
    import numpy as np

    jax.config.update("jax_enable_x64", True)
    impl = f"JAX {jax.__version__} jit"

    def block(v):
        return jax.block_until_ready(v)

    # W2t
    def rosen(x):
        head, tail = x[:-1], x[1:]
        t = tail - head * head
        u = 1 - head
        return jnp.sum(100 * (t * t) + u * u)

    x = jnp.asarray(point(100_000), dtype=jnp.float64)
    value, grad = jax.jit(rosen), jax.jit(jax.grad(rosen))
    out = {}
    tv, tg = interleaved_medians([
        lambda: out.__setitem__("v", block(value(x))),
        lambda: out.__setitem__("g", block(grad(x))),
    ], runs=21)
    row("W2t", impl, "tensor value", tv, f"{float(out['v']):.12g}")
    row("W2t", impl, "tensor gradient", tg, f"Σg={float(jnp.sum(out['g'])):.12g}")

    # W3
    for name, dtype in [("Float32", jnp.float32), ("Float64", jnp.float64)]:
        def det(shape, offset, scale=0.1):
            n = math.prod(shape)
            i = np.arange(n, dtype=np.float64)
            return jnp.asarray((scale * np.sin(0.37 * i + offset)).reshape(shape), dtype=dtype)

        params = [det([784, 256], 1), det([256], 2), det([256, 256], 3), det([256], 4),
                  det([256, 10], 5), det([10], 6)]
        inputs = det([128, 784], 7, scale=1)
        targets = np.zeros((128, 10))
        for i in range(128):
            targets[i, (i * 7) % 10] = 1
        targets = jnp.asarray(targets, dtype=dtype)

        def loss(p):
            w1, b1, w2, b2, w3, b3 = p
            h1 = jnp.tanh(inputs @ w1 + b1)
            h2 = jnp.tanh(h1 @ w2 + b2)
            logits = h2 @ w3 + b3
            return -jnp.sum(targets * jax.nn.log_softmax(logits, axis=1)) / 128

        @jax.jit
        def step(p):
            l, g = jax.value_and_grad(loss)(p)
            return [a - 0.01 * b for a, b in zip(p, g)], l

        state = {"p": params, "l": None}

        def one():
            state["p"], state["l"] = step(state["p"])
            block(state["l"])

        (t,) = interleaved_medians([one], runs=15)
        row("W3", impl, f"MLP SGD step, {name}", t, f"loss {float(state['l']):.6g}")

    # W4
    for n, m in W4_SHAPES:
        xs = jnp.asarray(point(n), dtype=jnp.float64)
        idx = (np.arange(n)[None, :] + np.arange(m)[:, None]) % n
        scale = np.arange(1, m + 1, dtype=np.float64)[:, None]

        def F(v, idx=idx, scale=scale):
            return jnp.sum(jnp.sin(v[None, :] * scale) * v[idx], axis=1)

        fwd, rev, plain = jax.jit(jax.jacfwd(F)), jax.jit(jax.jacrev(F)), jax.jit(F)
        res = {}
        tp, tf, tr = interleaved_medians([
            lambda: res.__setitem__("p", block(plain(xs))),
            lambda: res.__setitem__("f", block(fwd(xs))),
            lambda: res.__setitem__("r", block(rev(xs))),
        ])
        w = f"W4 {n}×{m}"
        row(w, impl, "plain F(x)", tp, f"ΣF={float(jnp.sum(res['p'])):.12g}")
        row(w, impl, "jacfwd", tf, f"ΣJ={float(jnp.sum(res['f'])):.12g}")
        row(w, impl, "jacrev", tr, f"ΣJ={float(jnp.sum(res['r'])):.12g}")

    # W5
    def g(v):
        return jnp.sum(jnp.sin(v * jnp.roll(v, -1)) + v ** 4 / 4)

    x5 = jnp.asarray(point(200), dtype=jnp.float64)
    hess = jax.jit(jax.hessian(g))
    res = {}
    (th,) = interleaved_medians([lambda: res.__setitem__("h", block(hess(x5)))], runs=15)
    row("W5", impl, "hessian", th, f"ΣH={float(jnp.sum(res['h'])):.12g}")

    # Tiny-function overhead: one jitted call per point.
    def tiny(v):
        return jnp.sin(v) * v + jnp.exp(-(v * v))

    pts = [jnp.float64(p) for p in point(200)]
    f, df, jv = jax.jit(tiny), jax.jit(jax.grad(tiny)), jax.jit(
        lambda v: jax.jvp(tiny, (v,), (jnp.float64(1),))[1])
    sums = {}

    def loop(fn, key):
        def body():
            s = 0.0
            for p in pts:
                s += float(fn(p))
            sums[key] = s
        return body

    tp, tf, tr = interleaved_medians([loop(f, "p"), loop(jv, "f"), loop(df, "r")], runs=9)
    k = len(pts)
    row("tiny", impl, "plain f(x) per call", tp / k, f"Σf={sums['p']:.12g} (200 pts)")
    row("tiny", impl, "forward jvp per call", tf / k, f"Σf'={sums['f']:.12g} (200 pts)")
    row("tiny", impl, "reverse grad per call", tr / k, f"Σf'={sums['r']:.12g} (200 pts)")


# ---------------------------------------------------------------- PyTorch

def run_torch():
    import torch
    from torch.func import hessian, jacfwd, jacrev, jvp

    torch.set_num_threads(2)
    impl = f"PyTorch {torch.__version__}"
    d = torch.float64

    # W2t
    def rosen(x):
        head, tail = x[:-1], x[1:]
        t = tail - head * head
        u = 1 - head
        return torch.sum(100 * (t * t) + u * u)

    x = torch.tensor(point(100_000), dtype=d)
    out = {}

    def value():
        with torch.no_grad():
            out["v"] = rosen(x)

    def grad():
        xg = x.detach().requires_grad_(True)
        rosen(xg).backward()
        out["g"] = xg.grad

    tv, tg = interleaved_medians([value, grad], runs=21)
    row("W2t", impl, "tensor value", tv, f"{float(out['v']):.12g}")
    row("W2t", impl, "tensor gradient", tg, f"Σg={float(out['g'].sum()):.12g}")

    # W3: the same step as Benchmarks/AutoDiffBenchmarks/MLP.swift
    for name, dtype in [("Float32", torch.float32), ("Float64", torch.float64)]:
        def det(shape, offset, scale=0.1):
            n = math.prod(shape)
            i = torch.arange(n, dtype=torch.float64)
            return (scale * torch.sin(0.37 * i + offset)).reshape(shape).to(dtype)

        params = [det([784, 256], 1), det([256], 2), det([256, 256], 3), det([256], 4),
                  det([256, 10], 5), det([10], 6)]
        for p in params:
            p.requires_grad_(True)
        inputs = det([128, 784], 7, scale=1)
        labels = torch.tensor([(i * 7) % 10 for i in range(128)])
        opt = torch.optim.SGD(params, lr=0.01)
        state = {}

        def step(params=params, inputs=inputs, labels=labels, opt=opt, state=state):
            w1, b1, w2, b2, w3, b3 = params
            h1 = torch.tanh(inputs @ w1 + b1)
            h2 = torch.tanh(h1 @ w2 + b2)
            logits = h2 @ w3 + b3
            loss = torch.nn.functional.cross_entropy(logits, labels)
            opt.zero_grad()
            loss.backward()
            opt.step()
            state["l"] = loss.item()

        (t,) = interleaved_medians([step], runs=15)
        row("W3", impl, f"MLP SGD step, {name}", t, f"loss {state['l']:.6g}")

    # W4 by torch.func
    for n, m in W4_SHAPES:
        xs = torch.tensor(point(n), dtype=d)
        idx = (torch.arange(n)[None, :] + torch.arange(m)[:, None]) % n
        scale = torch.arange(1, m + 1, dtype=d)[:, None]

        def F(v, idx=idx, scale=scale):
            return torch.sum(torch.sin(v[None, :] * scale) * v[idx], dim=1)

        res = {}
        tp, tf, tr = interleaved_medians([
            lambda: res.__setitem__("p", F(xs)),
            lambda: res.__setitem__("f", jacfwd(F)(xs)),
            lambda: res.__setitem__("r", jacrev(F)(xs)),
        ])
        w = f"W4 {n}×{m}"
        row(w, impl, "plain F(x)", tp, f"ΣF={float(res['p'].sum()):.12g}")
        row(w, impl, "jacfwd", tf, f"ΣJ={float(res['f'].sum()):.12g}")
        row(w, impl, "jacrev", tr, f"ΣJ={float(res['r'].sum()):.12g}")

    # W5
    def g(v):
        return torch.sum(torch.sin(v * torch.roll(v, -1)) + v ** 4 / 4)

    x5 = torch.tensor(point(200), dtype=d)
    res = {}
    (th,) = interleaved_medians([lambda: res.__setitem__("h", hessian(g)(x5))], runs=9)
    row("W5", impl, "hessian", th, f"ΣH={float(res['h'].sum()):.12g}")

    # Tiny-function overhead
    def tiny(v):
        return torch.sin(v) * v + torch.exp(-(v * v))

    pts = [torch.tensor(p, dtype=d) for p in point(200)]
    one = torch.tensor(1.0, dtype=d)
    sums = {}

    def plain():
        s = 0.0
        with torch.no_grad():
            for p in pts:
                s += float(tiny(p))
        sums["p"] = s

    def forward():
        s = 0.0
        for p in pts:
            s += float(jvp(tiny, (p,), (one,))[1])
        sums["f"] = s

    def reverse():
        s = 0.0
        for p in pts:
            v = p.detach().requires_grad_(True)
            tiny(v).backward()
            s += float(v.grad)
        sums["r"] = s

    tp, tf, tr = interleaved_medians([plain, forward, reverse], runs=9)
    k = len(pts)
    row("tiny", impl, "plain f(x) per call", tp / k, f"Σf={sums['p']:.12g} (200 pts)")
    row("tiny", impl, "forward jvp per call", tf / k, f"Σf'={sums['f']:.12g} (200 pts)")
    row("tiny", impl, "reverse backward per call", tr / k, f"Σf'={sums['r']:.12g} (200 pts)")


def main():
    args = sys.argv[1:]
    tsv = "--tsv" in args
    which = [a for a in args if not a.startswith("--")] or ["jax", "torch"]
    if "jax" in which:
        run_jax()
    if "torch" in which:
        run_torch()
    for w, impl, variant, seconds, checksum in ROWS:
        if tsv:
            print(f"{w}\t{impl}\t{variant}\t{seconds!r}\t{checksum}")
        else:
            t = f"{seconds * 1e6:.1f} µs" if seconds < 1e-3 else f"{seconds * 1e3:.2f} ms"
            print(f"{w:<12}{impl + ' ' + variant:<48}{t:<14}{checksum}")


if __name__ == "__main__":
    main()
