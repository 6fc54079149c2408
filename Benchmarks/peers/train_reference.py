"""Reference losses for `autodiff train` (Sources/AutoDiffTeaching/Training): the same
two spirals, the same MLP 2 -> 32 -> 32 -> 2 (tanh) with the same initial weights, trained
10 full-batch Adam steps in PyTorch float64.

Nothing is exported from Swift: the data and the weights are regenerated here from the
same SplitMix64 seed, with Swift's own recipes for `Double.random(in:using:)` (a
half-open range masks 53 bits; a closed range draws from 0...2^53 with Lemire's
multiply-shift rejection), Box-Muller noise, and Glorot-uniform weights drawn layer by
layer, weight ([inputs, outputs]) before bias (zeros). The printed losses are pasted into
Tests/AutoDiffTeachingTests/Training/SpiralTrainingTests.swift.

Run: /work/venv/bin/python Benchmarks/peers/train_reference.py [--seed 1 --points 200]
"""
import argparse
import math

import torch

MASK64 = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK64

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def next_below(self, bound):
        """Swift's RandomNumberGenerator.next(upperBound:) (Lemire 2019)."""
        product = self.next() * bound
        low = product & MASK64
        if low < bound:
            threshold = ((1 << 64) - bound) % bound
            while low < threshold:
                product = self.next() * bound
                low = product & MASK64
        return product >> 64

    def uniform_half_open(self, lower, upper):
        """Double.random(in: lower..<upper)."""
        while True:
            unit = float(self.next() & ((1 << 53) - 1)) * (2.0 ** -53)
            value = (upper - lower) * unit + lower
            if value != upper:
                return value

    def uniform_closed(self, lower, upper):
        """Double.random(in: lower...upper)."""
        r = self.next_below((1 << 53) + 1)
        if r == 1 << 53:
            return upper
        return (upper - lower) * (float(r) * (2.0 ** -53)) + lower


def spirals(count, noise, generator):
    per_class = count // 2
    points, labels = [], []
    for label in range(2):
        for i in range(per_class):
            t = 0.05 + 0.95 * float(i) / float(per_class - 1)
            angle = 3 * math.pi * t + math.pi * float(label)
            u1 = 1 - generator.uniform_half_open(0.0, 1.0)
            u2 = generator.uniform_half_open(0.0, 1.0)
            radius = math.sqrt(-2 * math.log(u1))
            nx, ny = radius * math.cos(2 * math.pi * u2), radius * math.sin(2 * math.pi * u2)
            points.append([t * math.cos(angle) + noise * nx, t * math.sin(angle) + noise * ny])
            labels.append(label)
    return torch.tensor(points, dtype=torch.float64), torch.tensor(labels)


def dense(inputs, outputs, generator):
    bound = math.sqrt(6 / float(inputs + outputs))
    weight = [generator.uniform_closed(-bound, bound) for _ in range(inputs * outputs)]
    w = torch.tensor(weight, dtype=torch.float64).reshape(inputs, outputs).requires_grad_()
    b = torch.zeros(outputs, dtype=torch.float64, requires_grad=True)
    return w, b


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--points", type=int, default=200)
    parser.add_argument("--learning-rate", type=float, default=0.02)
    parser.add_argument("--noise", type=float, default=0.03)
    parser.add_argument("--steps", type=int, default=10)
    arguments = parser.parse_args()

    generator = SplitMix64(arguments.seed)
    x, y = spirals(arguments.points, arguments.noise, generator)
    layers = [dense(2, 32, generator), dense(32, 32, generator), dense(32, 2, generator)]
    parameters = [p for layer in layers for p in layer]

    def model(x):
        h = torch.tanh(x @ layers[0][0] + layers[0][1])
        h = torch.tanh(h @ layers[1][0] + layers[1][1])
        return h @ layers[2][0] + layers[2][1]

    optimizer = torch.optim.Adam(parameters, lr=arguments.learning_rate)
    losses = []
    for _ in range(arguments.steps):
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    with torch.no_grad():
        losses.append(torch.nn.functional.cross_entropy(model(x), y).item())
    print(f"# torch {torch.__version__}, seed {arguments.seed}, {arguments.points} points, "
          f"lr {arguments.learning_rate}: loss before step k, k = 0 ... {arguments.steps}")
    print(f"first weight: {layers[0][0][0, 0].item()!r}, first point: {x[0].tolist()!r}")
    for k, value in enumerate(losses):
        print(f"{k:2d} {value!r}")


if __name__ == "__main__":
    main()
