"""PyTorch float64 reference values for the tensor API helpers of issue 19, item 3:
scalar-variable arithmetic, expand, diagonal, strided and negative-index slicing,
squeeze/unsqueeze and batched matmul. Each case prints the value of f(x) and the gradient
of sum(w * f(x)) with w_i = 0.3 + 0.5 sin(3i + 1), the weights the Swift tests use.

Run: /work/venv/bin/python Benchmarks/peers/tensor_api_shapes_reference.py
The numbers are pasted into Tests/AutoDiffTests/Tensor/TensorShapeHelperTests.swift.
"""
import math
import torch

torch.set_default_dtype(torch.float64)


def point(shape, offset=0.0):
    n = math.prod(shape)
    return torch.tensor([math.sin(0.7 * i + 0.3 + offset) for i in range(n)]).reshape(shape)


def weights(n):
    return torch.tensor([0.3 + 0.5 * math.sin(3 * i + 1) for i in range(n)])


def show(name, f, *inputs):
    xs = [t.clone().requires_grad_(True) for t in inputs]
    y = f(*xs)
    w = weights(y.numel()).reshape(y.shape)
    (y * w).sum().backward()
    print(f"// {name}")
    print(f"value {list(y.shape)}: {[float(v) for v in y.detach().flatten()]}")
    for i, x in enumerate(xs):
        print(f"gradient {i}: {[float(v) for v in x.grad.flatten()]}")


lr, c = 0.25, 1.5
show("scalar arithmetic: (x * lr + c) / c - c / (x + 2) + (c - x) * lr", lambda x: (x * lr + c) / c - c / (x + 2) + (c - x) * lr, point([2, 3]))
show("expand [3, 1] -> [2, 3, 4]", lambda x: x.expand(2, 3, 4), point([3, 1]))
show("diagonal of [3, 4]", lambda x: torch.diagonal(x), point([3, 4]))
show("x[:, 1::2] of [3, 5]", lambda x: x[:, 1::2], point([3, 5]))
show("x[-2:] of [4, 2]", lambda x: x[-2:], point([4, 2]))
show("x[::-2] along axis 1 of [2, 5] (numpy semantics; torch.flip then ::2)", lambda x: torch.flip(x, [1])[:, ::2], point([2, 5]))
show("squeeze(1).unsqueeze(0) of [2, 1, 3]", lambda x: x.squeeze(1).unsqueeze(0) * x.squeeze(1).unsqueeze(0), point([2, 1, 3]))
show("bmm [2, 2, 3] x [2, 3, 2]", lambda a, b: torch.bmm(a, b), point([2, 2, 3]), point([2, 3, 2], 1.0))
