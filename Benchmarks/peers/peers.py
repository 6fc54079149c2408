"""Issue-7 peers: W2t, W3, W4, W5, issue 17's T1 (Jacobian of a 64 → 64 tanh layer) and
T2 (Hessian of a 195-parameter MLP loss), and the tiny-function overhead in JAX (jit) and
PyTorch.

The same numbers as `AutoDiffBenchmarks perf` (Benchmarks/AutoDiffBenchmarks/
PerformanceWorkloads.swift, TensorTransformWorkloads.swift): inputs xᵢ = 0.5 + 0.3·sin(i),
weights scale·sin(0.37·i + offset), checksums printed so equal work is visible. Two threads for everyone. Run from a virtual environment outside the repo:

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


def det_np(shape, offset, scale=0.1):
    """MLP.swift's `deterministic`: element i (row-major) is scale·sin(0.37·i + offset)."""
    import numpy as np
    n = math.prod(shape)
    i = np.arange(n, dtype=np.float64)
    return (scale * np.sin(0.37 * i + offset)).reshape(shape)


# T1: f(x) = tanh(W·x + b), W 64×64, b 64 (TensorTransformWorkloads.swift's TanhLayer).
T1_SIZE = 64


def t1_data():
    return det_np([T1_SIZE, T1_SIZE], 11), det_np([T1_SIZE], 12), point(T1_SIZE)


# T2: an 8 → 16 (tanh) → 3 MLP, softmax cross-entropy over a batch of 16, as a function of
# its 195 parameters p = [W1 (8×16), b1 (16), W2 (16×3), b2 (3)] (SmallMLPLoss).
T2_IN, T2_HIDDEN, T2_CLASSES, T2_BATCH = 8, 16, 3, 16
T2_COUNT = T2_IN * T2_HIDDEN + T2_HIDDEN + T2_HIDDEN * T2_CLASSES + T2_CLASSES


def t2_data():
    import numpy as np
    inputs = det_np([T2_BATCH, T2_IN], 7, scale=1)
    targets = np.zeros((T2_BATCH, T2_CLASSES))
    for i in range(T2_BATCH):
        targets[i, i % T2_CLASSES] = 1
    return inputs, targets, det_np([T2_COUNT], 3, scale=0.5)


def t2_unpack(p):
    a = T2_IN * T2_HIDDEN
    b = a + T2_HIDDEN
    c = b + T2_HIDDEN * T2_CLASSES
    return (p[:a].reshape(T2_IN, T2_HIDDEN), p[a:b],
            p[b:c].reshape(T2_HIDDEN, T2_CLASSES), p[c:])


def hessian_checksum(h):
    return f"ΣH={float(h.sum())!r}, Σ|H|={float(abs(h).sum())!r}"


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

    # T1: Jacobian of a 64 → 64 tanh layer
    w_np, b_np, x_list = t1_data()
    w1l, b1l = jnp.asarray(w_np), jnp.asarray(b_np)
    x1 = jnp.asarray(x_list, dtype=jnp.float64)

    def layer(v):
        return jnp.tanh(w1l @ v + b1l)

    plain, fwd, rev = jax.jit(layer), jax.jit(jax.jacfwd(layer)), jax.jit(jax.jacrev(layer))
    res = {}
    tp, tf, tr = interleaved_medians([
        lambda: res.__setitem__("p", block(plain(x1))),
        lambda: res.__setitem__("f", block(fwd(x1))),
        lambda: res.__setitem__("r", block(rev(x1))),
    ], runs=31)
    row("T1", impl, "value", tp, f"Σf={float(jnp.sum(res['p']))!r}")
    row("T1", impl, "jacfwd", tf, f"ΣJ={float(jnp.sum(res['f']))!r}")
    row("T1", impl, "jacrev", tr, f"ΣJ={float(jnp.sum(res['r']))!r}")

    # T2: Hessian of a 195-parameter MLP loss
    inputs_np, targets_np, p_np = t2_data()
    inputs2, targets2, p2 = jnp.asarray(inputs_np), jnp.asarray(targets_np), jnp.asarray(p_np)

    def mlp_loss(p):
        w1, b1, w2, b2 = t2_unpack(p)
        logits = jnp.tanh(inputs2 @ w1 + b1) @ w2 + b2
        return -jnp.sum(targets2 * jax.nn.log_softmax(logits, axis=1)) / T2_BATCH

    value, grad = jax.jit(mlp_loss), jax.jit(jax.grad(mlp_loss))
    hess, hess_rr = jax.jit(jax.hessian(mlp_loss)), jax.jit(jax.jacrev(jax.jacrev(mlp_loss)))
    res = {}
    tv, tg, th, trr = interleaved_medians([
        lambda: res.__setitem__("v", block(value(p2))),
        lambda: res.__setitem__("g", block(grad(p2))),
        lambda: res.__setitem__("h", block(hess(p2))),
        lambda: res.__setitem__("rr", block(hess_rr(p2))),
    ], runs=21)
    row("T2", impl, "value", tv, f"loss={float(res['v'])!r}")
    row("T2", impl, "gradient", tg, f"Σg={float(jnp.sum(res['g']))!r}")
    row("T2", impl, "hessian", th, hessian_checksum(np.asarray(res["h"])))
    row("T2", impl, "hessian jacrev(jacrev)", trr, hessian_checksum(np.asarray(res["rr"])))

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

    # T1: Jacobian of a 64 → 64 tanh layer
    w_np, b_np, x_list = t1_data()
    w1l, b1l = torch.tensor(w_np, dtype=d), torch.tensor(b_np, dtype=d)
    x1 = torch.tensor(x_list, dtype=d)

    def layer(v):
        return torch.tanh(w1l @ v + b1l)

    res = {}

    def plain_layer():
        with torch.no_grad():
            res["p"] = layer(x1)

    tp, tf, tr = interleaved_medians([
        plain_layer,
        lambda: res.__setitem__("f", jacfwd(layer)(x1)),
        lambda: res.__setitem__("r", jacrev(layer)(x1)),
    ], runs=31)
    row("T1", impl, "value", tp, f"Σf={float(res['p'].sum())!r}")
    row("T1", impl, "jacfwd", tf, f"ΣJ={float(res['f'].sum())!r}")
    row("T1", impl, "jacrev", tr, f"ΣJ={float(res['r'].sum())!r}")

    # T2: Hessian of a 195-parameter MLP loss
    inputs_np, targets_np, p_np = t2_data()
    inputs2, targets2 = torch.tensor(inputs_np, dtype=d), torch.tensor(targets_np, dtype=d)
    p2 = torch.tensor(p_np, dtype=d)

    def mlp_loss(p):
        w1, b1, w2, b2 = t2_unpack(p)
        logits = torch.tanh(inputs2 @ w1 + b1) @ w2 + b2
        return -torch.sum(targets2 * torch.log_softmax(logits, dim=1)) / T2_BATCH

    res = {}

    def value():
        with torch.no_grad():
            res["v"] = mlp_loss(p2)

    def grad():
        pg = p2.detach().requires_grad_(True)
        mlp_loss(pg).backward()
        res["g"] = pg.grad

    tv, tg, th = interleaved_medians([
        value, grad, lambda: res.__setitem__("h", hessian(mlp_loss)(p2)),
    ], runs=21)
    row("T2", impl, "value", tv, f"loss={float(res['v'])!r}")
    row("T2", impl, "gradient", tg, f"Σg={float(res['g'].sum())!r}")
    row("T2", impl, "hessian", th, hessian_checksum(res["h"].numpy()))

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
