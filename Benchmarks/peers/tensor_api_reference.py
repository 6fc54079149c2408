"""PyTorch float64 reference values for AutoDiff's losses and indexing operations.

Run:  /work/venv/bin/python Benchmarks/peers/tensor_api_reference.py
The tests in Tests/AutoDiffTests/Tensor/TensorLossTests.swift and
TensorIndexingTests.swift paste these numbers; the inputs here and there must match.
"""
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def show(name, t):
    values = t.detach().reshape(-1).tolist()
    print(f"{name} = [" + ", ".join(repr(float(v)) for v in values) + "]")


LOGITS = [[1.5, -0.3, 0.2], [-1.0, 2.0, 0.5], [0.0, 0.0, 0.0], [3.0, -2.0, 1.0]]
LABELS = [0, 1, 2, 2]
Z = [-2.0, -0.5, 0.0, 0.7, 3.0, 40.0]
T = [0.0, 1.0, 0.5, 1.0, 0.2, 0.0]
P = [[0.5, -1.2, 2.0], [0.3, 0.0, -0.7]]
Q = [[1.0, -1.0, 1.5], [0.0, 0.4, -0.2]]
X = [[0.4, -1.3, 2.2], [-0.6, 0.0, 1.1]]
Y = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
W6 = [0.7, -1.1, 0.5, 1.3, -0.4, 0.9]

# crossEntropy(logits:labels:)
for reduction in ["mean", "sum", "none"]:
    logits = torch.tensor(LOGITS, requires_grad=True)
    loss = F.cross_entropy(logits, torch.tensor(LABELS), reduction=reduction)
    show(f"crossEntropy.{reduction}.value", loss)
    if reduction != "none":
        loss.backward()
        show(f"crossEntropy.{reduction}.gradient", logits.grad)
logits = torch.tensor([[1000.0, -1000.0], [-1000.0, 1000.0]], requires_grad=True)
loss = F.cross_entropy(logits, torch.tensor([1, 1]))
loss.backward()
show("crossEntropy.large.value", loss)
show("crossEntropy.large.gradient", logits.grad)

# negativeLogLikelihood(logProbabilities:labels:)
lp = torch.log_softmax(torch.tensor(LOGITS), dim=1).requires_grad_()
loss = F.nll_loss(lp, torch.tensor(LABELS))
loss.backward()
show("negativeLogLikelihood.mean.value", loss)
show("negativeLogLikelihood.mean.gradient", lp.grad)
show("negativeLogLikelihood.none.value", F.nll_loss(lp, torch.tensor(LABELS), reduction="none"))

# binaryCrossEntropy(logits:targets:)
for reduction in ["mean", "sum", "none"]:
    z = torch.tensor(Z, requires_grad=True)
    t = torch.tensor(T, requires_grad=True)
    loss = F.binary_cross_entropy_with_logits(z, t, reduction=reduction)
    show(f"binaryCrossEntropy.{reduction}.value", loss)
    if reduction != "none":
        loss.backward()
        show(f"binaryCrossEntropy.{reduction}.gradientLogits", z.grad)
        show(f"binaryCrossEntropy.{reduction}.gradientTargets", t.grad)
h = torch.autograd.functional.hessian(
    lambda z: F.binary_cross_entropy_with_logits(z, torch.tensor(T), reduction="sum"), torch.tensor(Z))
show("binaryCrossEntropy.sum.hessianDiagonal", torch.diagonal(h))

# meanSquaredError
for reduction in ["mean", "sum"]:
    p = torch.tensor(P, requires_grad=True)
    q = torch.tensor(Q, requires_grad=True)
    loss = F.mse_loss(p, q, reduction=reduction)
    loss.backward()
    show(f"meanSquaredError.{reduction}.value", loss)
    show(f"meanSquaredError.{reduction}.gradientPredictions", p.grad)
    show(f"meanSquaredError.{reduction}.gradientTargets", q.grad)

# gathering(indices:alongAxis:) = index_select
x = torch.tensor(X, requires_grad=True)
g = torch.index_select(x, 1, torch.tensor([2, 0, 2]))
(g * torch.tensor(W6).reshape(2, 3)).sum().backward()
show("gathering.axis1.value", g)
show("gathering.axis1.gradient", x.grad)

# where(condition, a, b)
x = torch.tensor(X, requires_grad=True)
y = torch.tensor(Y, requires_grad=True)
s = torch.where(x > 0, x, y)
(s * torch.tensor(W6).reshape(2, 3)).sum().backward()
show("where.value", s)
show("where.gradientA", x.grad)
show("where.gradientB", y.grad)

# masked_select
x = torch.tensor(X, requires_grad=True)
m = torch.masked_select(x, x > 0)
(m * torch.arange(1.0, m.numel() + 1)).sum().backward()
show("selecting.value", m)
show("selecting.gradient", x.grad)

# clamp
c = torch.tensor([-2.0, -0.5, 0.0, 0.5, 1.0, 2.0], requires_grad=True)
k = torch.clamp(c, -0.5, 1.0)
(k * torch.tensor(W6)).sum().backward()
show("clamped.value", k)
show("clamped.gradient", c.grad)

# norm
n = torch.tensor([3.0, -4.0, 12.0], requires_grad=True)
v = torch.linalg.vector_norm(n)
v.backward()
show("norm.value", v)
show("norm.gradient", n.grad)
n0 = torch.zeros(3, requires_grad=True)
torch.linalg.vector_norm(n0).backward()
show("norm.zero.gradient", n0.grad)
x = torch.tensor(X, requires_grad=True)
r = torch.linalg.vector_norm(x, dim=1)
(r * torch.tensor([0.7, -1.1])).sum().backward()
show("norm.axis1.value", r)
show("norm.axis1.gradient", x.grad)
big = torch.tensor([3e200, 4e200])
show("norm.large.value", torch.linalg.vector_norm(big))

# argmax / argmin
show("argmax.axis1", torch.argmax(torch.tensor(X), dim=1).double())
show("argmin.axis0", torch.argmin(torch.tensor(X), dim=0).double())
