"""W3 peer: the same MLP SGD step as Benchmarks/AutoDiffBenchmarks/MLP.swift, in PyTorch.

Run from a virtual environment outside the repository, e.g.
    python3 -m venv ../venv && ../venv/bin/pip install torch
    OMP_NUM_THREADS=2 ../venv/bin/python Benchmarks/peers/mlp_torch.py
"""
import math
import time

import torch

torch.set_num_threads(2)


def deterministic(shape, offset, scale=0.1, dtype=torch.float64):
    n = math.prod(shape)
    i = torch.arange(n, dtype=torch.float64)
    return (scale * torch.sin(0.37 * i + offset)).reshape(shape).to(dtype)


def run(dtype, runs=15):
    params = [
        deterministic([784, 256], 1, dtype=dtype), deterministic([256], 2, dtype=dtype),
        deterministic([256, 256], 3, dtype=dtype), deterministic([256], 4, dtype=dtype),
        deterministic([256, 10], 5, dtype=dtype), deterministic([10], 6, dtype=dtype),
    ]
    for p in params:
        p.requires_grad_(True)
    x = deterministic([128, 784], 7, scale=1, dtype=dtype)
    labels = torch.tensor([(i * 7) % 10 for i in range(128)])
    opt = torch.optim.SGD(params, lr=0.01)

    def step():
        w1, b1, w2, b2, w3, b3 = params
        h1 = torch.tanh(x @ w1 + b1)
        h2 = torch.tanh(h1 @ w2 + b2)
        logits = h2 @ w3 + b3
        loss = torch.nn.functional.cross_entropy(logits, labels)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    step()
    samples = []
    loss = None
    for _ in range(runs):
        t = time.perf_counter()
        loss = step()
        samples.append(time.perf_counter() - t)
    samples.sort()
    return samples[len(samples) // 2], loss


for name, dtype in [("Float32", torch.float32), ("Float64", torch.float64)]:
    seconds, loss = run(dtype)
    print(f"W3  PyTorch {torch.__version__} MLP SGD step, {name}: {seconds * 1e3:.2f} ms  (loss {loss:.6f})")
