"""Reference trajectories of torch.optim.SGD and torch.optim.Adam for the optimiser tests.

Runs each configuration below for STEPS steps on a small problem defined by closed-form
formulas (no random numbers, so Swift rebuilds it exactly), in float64, and writes the
parameters after every step as a Swift source file of array literals:

    /work/venv/bin/python Benchmarks/peers/optimizer_reference.py \
        > Tests/AutoDiffTests/Optimizers/PyTorchOptimizerReference.swift

The problem (the same formulas are in OptimizerPyTorchTests.swift):
    X[k][j] = cos(0.7k + 0.3j + 0.1)        6×4 inputs
    Y[k][i] = sin(0.5k − 0.4i)              6×3 targets
    W[i][j] = 0.5 sin(1.3i + 0.7j + 0.2)    3×4 initial weights
    b[i]    = 0.1 (i − 1)                   3 initial biases
    loss    = mean((tanh(X Wᵀ + b) − Y)²) + 0.01 Σ W⁴

It also writes, for ModelOptimizerTests.swift, the trajectories of a two-layer model on the
same X and Y (MODEL_STEPS steps, parameters concatenated as W₁, b₁, W₂, b₂ flattened), one
run with gradient clipping and a StepLR schedule (with the norms clip_grad_norm_ returned),
and the learning rates of StepLR, ExponentialLR and CosineAnnealingLR over SCHEDULE_EPOCHS:
    W₁[i][j] = 0.5 sin(1.3i + 0.7j + 0.2)   5×4,   b₁[i] = 0.1 (i − 2)
    W₂[i][j] = 0.4 cos(0.9i − 0.6j + 0.3)   3×5,   b₂[i] = 0.05 i
    loss     = mean((tanh(X W₁ᵀ + b₁) W₂ᵀ + b₂ − Y)²)
"""

import math
import sys

import torch

torch.set_default_dtype(torch.float64)
STEPS = 20

CONFIGURATIONS = [
    ("sgdNesterov", "SGD", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)),
    ("sgdDampened", "SGD", dict(lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01)),
    ("adamAMSGrad", "Adam", dict(lr=0.05, betas=(0.9, 0.95), amsgrad=True, weight_decay=0.01)),
    ("adamDecoupled", "Adam",
     dict(lr=0.05, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1, decoupled_weight_decay=True)),
]


def problem():
    x = torch.tensor([[math.cos(0.7 * k + 0.3 * j + 0.1) for j in range(4)] for k in range(6)])
    y = torch.tensor([[math.sin(0.5 * k - 0.4 * i) for i in range(3)] for k in range(6)])
    w = torch.tensor([[0.5 * math.sin(1.3 * i + 0.7 * j + 0.2) for j in range(4)] for i in range(3)])
    b = torch.tensor([0.1 * (i - 1) for i in range(3)])
    return x, y, w.requires_grad_(), b.requires_grad_()


def loss_of(x, y, w, b):
    return ((torch.tanh(x @ w.T + b) - y) ** 2).mean() + 0.01 * (w ** 4).sum()


def run(kind, options):
    x, y, w, b = problem()
    optimizer = getattr(torch.optim, kind)([w, b], **options)
    trajectory = []
    for _ in range(STEPS):
        optimizer.zero_grad()
        loss_of(x, y, w, b).backward()
        optimizer.step()
        trajectory.append((w.detach().flatten().tolist(), b.detach().tolist()))
    return trajectory


MODEL_STEPS = 10
SCHEDULE_EPOCHS = 16

MODEL_CONFIGURATIONS = [
    ("sgdNesterov", "SGD", dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)),
    ("adam", "Adam", dict(lr=0.05, betas=(0.9, 0.99))),
]

# (name, scheduler, options), each on an SGD optimiser with lr 0.1.
SCHEDULES = [
    ("stepDecay", "StepLR", dict(step_size=3, gamma=0.5)),
    ("exponentialDecay", "ExponentialLR", dict(gamma=0.9)),
    ("cosineAnnealing", "CosineAnnealingLR", dict(T_max=5, eta_min=0.001)),
]


def model():
    w1 = torch.tensor([[0.5 * math.sin(1.3 * i + 0.7 * j + 0.2) for j in range(4)] for i in range(5)])
    b1 = torch.tensor([0.1 * (i - 2) for i in range(5)])
    w2 = torch.tensor([[0.4 * math.cos(0.9 * i - 0.6 * j + 0.3) for j in range(5)] for i in range(3)])
    b2 = torch.tensor([0.05 * i for i in range(3)])
    return [t.requires_grad_() for t in (w1, b1, w2, b2)]


def model_loss(x, y, w1, b1, w2, b2):
    return ((torch.tanh(x @ w1.T + b1) @ w2.T + b2 - y) ** 2).mean()


def run_model(kind, options, max_norm=None, schedule=None):
    x, y, _, _ = problem()
    parameters = model()
    optimizer = getattr(torch.optim, kind)(parameters, **options)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, **schedule) if schedule else None
    trajectory, norms = [], []
    for _ in range(MODEL_STEPS):
        optimizer.zero_grad()
        model_loss(x, y, *parameters).backward()
        if max_norm is not None:
            norms.append(torch.nn.utils.clip_grad_norm_(parameters, max_norm).item())
        optimizer.step()
        if scheduler:
            scheduler.step()
        trajectory.append([v for p in parameters for v in p.detach().flatten().tolist()])
    return trajectory, norms


def run_schedule(kind, options):
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    scheduler = getattr(torch.optim.lr_scheduler, kind)(optimizer, **options)
    rates = []
    for _ in range(SCHEDULE_EPOCHS):
        optimizer.step()
        scheduler.step()
        rates.append(optimizer.param_groups[0]["lr"])
    return rates


def write_model_reference(out):
    out.write("\n/// Two-layer model trajectories (W₁, b₁, W₂, b₂ flattened, after each step) and\n")
    out.write("/// learning-rate schedules (the rate after each epoch, from 0.1).\n")
    out.write("enum PyTorchModelReference {\n")
    out.write(f"  static let steps = {MODEL_STEPS}\n")
    out.write(f"  static let epochs = {SCHEDULE_EPOCHS}\n")
    for name, kind, options in MODEL_CONFIGURATIONS:
        trajectory, _ = run_model(kind, options)
        out.write(f"\n  /// torch.optim.{kind}({', '.join(f'{k}={v}' for k, v in options.items())})\n")
        out.write(f"  static let {name}: [[Double]] = [\n")
        for parameters in trajectory:
            out.write(f"    {swift_array(parameters)},\n")
        out.write("  ]\n")
    trajectory, norms = run_model("Adam", dict(lr=0.05), max_norm=0.3, schedule=dict(step_size=3, gamma=0.5))
    out.write("\n  /// torch.optim.Adam(lr=0.05), clip_grad_norm_(max_norm=0.3) before each step,\n")
    out.write("  /// StepLR(step_size=3, gamma=0.5) after it.\n")
    out.write("  static let adamClippedScheduled: [[Double]] = [\n")
    for parameters in trajectory:
        out.write(f"    {swift_array(parameters)},\n")
    out.write("  ]\n")
    out.write("  /// The norms clip_grad_norm_ returned in that run, before clipping.\n")
    out.write(f"  static let adamClippedScheduledNorms: [Double] = {swift_array(norms)}\n")
    for name, kind, options in SCHEDULES:
        out.write(f"\n  /// torch.optim.lr_scheduler.{kind}({', '.join(f'{k}={v}' for k, v in options.items())})\n")
        out.write(f"  static let {name}: [Double] = {swift_array(run_schedule(kind, options))}\n")
    out.write("}\n")


def swift_array(values):
    return "[" + ", ".join(repr(v) for v in values) + "]"


def main():
    out = sys.stdout
    out.write("// Generated by Benchmarks/peers/optimizer_reference.py with PyTorch "
              f"{torch.__version__}; do not edit.\n")
    out.write("// Parameters after each step: (W flattened row-major, b).\n\n")
    out.write("enum PyTorchOptimizerReference {\n")
    out.write(f"  static let steps = {STEPS}\n")
    for name, kind, options in CONFIGURATIONS:
        out.write(f"\n  /// torch.optim.{kind}({', '.join(f'{k}={v}' for k, v in options.items())})\n")
        out.write(f"  static let {name}: [(weights: [Double], bias: [Double])] = [\n")
        for weights, bias in run(kind, options):
            out.write(f"    ({swift_array(weights)},\n     {swift_array(bias)}),\n")
        out.write("  ]\n")
    out.write("}\n")
    write_model_reference(out)


if __name__ == "__main__":
    main()
