"""Reference derivatives for Tests/BackpropTests/Reference/PyTorchReferenceTests.swift, computed
with PyTorch in float64.

Run from the repository root with a Python that has torch (any 2.x):

    python Tests/BackpropTests/Fixtures/make_pytorch_reference.py

It writes pytorch_reference.json beside this script. The tests need no Python; rerun this script
only to change the functions. Each function here has a counterpart of the same name, written with
Backprop, in the Swift test, which fails when a name is on one side only.

For every function f of tensors x1, ..., xn the fixture holds:
- the inputs and the output f(x);
- a cotangent u of the output's shape (1 for a one-element output) and the gradients of
  L = sum(u * f(x)) with respect to each input (vector-Jacobian products);
- where the sizes are small, the Jacobian of f with respect to each input (shape
  output.shape + input.shape) and the Hessian of L with respect to each input
  (shape input.shape + input.shape), the other inputs held fixed.
Scalar functions ("kind": "scalar") take 0-d inputs, the Variables of the Swift side, and have one
Hessian over all of them ("hessian", n x n).

Every number is the shortest decimal that reads back as the same double (Python's repr), written
as a string so that no JSON reader rounds it.

Inputs are drawn away from kinks (relu, abs, max, clamp, pooling windows have no ties and no
element at a kink) and inside domains (log, sqrt, pow and division see positive values), where
the derivative is defined and the same in both libraries.
"""

import json
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

HERE = os.path.dirname(os.path.abspath(__file__))
# Jacobians and Hessians are stored only up to these sizes, to keep the fixture small.
JACOBIAN_LIMIT = 256
HESSIAN_INPUT_LIMIT = 18

generator = torch.Generator().manual_seed(20240611)


def normal(*shape):
    return torch.randn(shape, generator=generator)


def positive(*shape):
    """Uniform in [0.5, 2]."""
    return 0.5 + 1.5 * torch.rand(shape, generator=generator)


def away(*shape):
    """Normal values at least 0.2 from zero: safe for relu, abs and division."""
    x = normal(*shape)
    return torch.sign(x) * (0.2 + x.abs())


def distinct(*shape):
    """A shuffled arithmetic progression with steps of 0.25: no ties, for max, min and pooling."""
    count = 1
    for size in shape:
        count *= size
    order = torch.randperm(count, generator=generator).to(torch.float64)
    return (order * 0.25 - count * 0.125 + 0.1).reshape(*shape)


def scalar(value):
    return torch.tensor(value)


FUNCTIONS = []


def function(name, family, inputs, kind="tensor"):
    def register(f):
        FUNCTIONS.append({"name": name, "family": family, "inputs": inputs, "f": f, "kind": kind})
        return f
    return register


# Arithmetic with broadcasting.
function("add_broadcast_column_row", "arithmetic", [normal(3, 1), normal(1, 4)])(lambda a, b: a + b)
function("subtract_broadcast_vector", "arithmetic", [normal(2, 3), normal(3)])(lambda a, b: a - b)
function("multiply_broadcast_3d", "arithmetic", [normal(2, 1, 3), normal(4, 1)])(lambda a, b: a * b)
function("divide_broadcast", "arithmetic", [normal(2, 3), positive(2, 1)])(lambda a, b: a / b)
function("negate", "arithmetic", [normal(2, 3)])(lambda a: -a)
function("constants", "arithmetic", [positive(5)])(lambda a: (a + 2.5) * -1.5 - 3 / a + (1 - a) / 4)
function("power_tensor_tensor", "arithmetic", [positive(2, 3), normal(3)])(lambda a, b: torch.pow(a, b))
function("power_constants", "arithmetic", [positive(4)])(lambda a: a ** 3 + a ** 0.5 - a ** -2 + a ** 2)
function("reuse", "arithmetic", [normal(2, 2)])(lambda a: a * a + a * (a - 1) / 3)
function("polynomial_0d", "arithmetic", [normal()])(lambda a: 3 * a ** 3 - 2 * a * a + a - 7)

# Elementwise functions.
function("exp", "unary", [normal(2, 3)])(torch.exp)
function("log", "unary", [positive(2, 3)])(torch.log)
function("sin", "unary", [normal(2, 3)])(torch.sin)
function("cos", "unary", [normal(2, 3)])(torch.cos)
function("tanh", "unary", [normal(2, 3)])(torch.tanh)
function("sqrt", "unary", [positive(2, 3)])(torch.sqrt)
function("abs", "unary", [away(2, 3)])(torch.abs)
function("relu", "unary", [away(2, 3)])(torch.relu)
function("sigmoid", "unary", [normal(2, 3)])(torch.sigmoid)
function("softplus", "unary", [normal(2, 3)])(F.softplus)
function("composition", "unary", [normal(4)])(lambda a: torch.log(1 + torch.exp(torch.sin(a))) * torch.tanh(a))

# Reductions.
function("sum", "reduction", [normal(2, 3)])(lambda a: a.sum())
function("sum_axis_keepdim", "reduction", [normal(2, 3, 2)])(lambda a: a.sum(dim=1, keepdim=True))
function("sum_two_axes", "reduction", [normal(2, 3, 2)])(lambda a: a.sum(dim=(0, 2)))
function("mean", "reduction", [normal(3, 4)])(lambda a: a.mean())
function("mean_axis", "reduction", [normal(3, 4)])(lambda a: a.mean(dim=-1))
function("max", "reduction", [distinct(3, 4)])(lambda a: a.max())
function("max_axis", "reduction", [distinct(3, 4)])(lambda a: a.amax(dim=1))
function("min_axis_keepdim", "reduction", [distinct(3, 4)])(lambda a: a.amin(dim=0, keepdim=True))
function("logsumexp_axis", "reduction", [normal(3, 4)])(lambda a: torch.logsumexp(a, dim=1))
function("variance_population", "reduction", [normal(3, 4)])(lambda a: a.var(dim=1, correction=0))
function("variance_sample", "reduction", [normal(3, 4)])(lambda a: a.var(correction=1))
function("standard_deviation", "reduction", [normal(3, 4)])(lambda a: a.std(dim=0, correction=1))
function("norm", "reduction", [normal(3, 4)])(lambda a: torch.linalg.vector_norm(a))
function("norm_axis", "reduction", [normal(3, 4)])(lambda a: torch.linalg.vector_norm(a, dim=1, keepdim=True))
function("cumulative_sum", "reduction", [normal(3, 4)])(lambda a: torch.cumsum(a, dim=1))

# Matrix products.
function("matmul", "matmul", [normal(2, 3), normal(3, 4)])(torch.matmul)
function("matmul_vector_matrix", "matmul", [normal(3), normal(3, 2)])(torch.matmul)
function("matmul_matrix_vector", "matmul", [normal(2, 3), normal(3)])(torch.matmul)
function("dot", "matmul", [normal(4), normal(4)])(torch.dot)
function("outer", "matmul", [normal(3), normal(2)])(torch.outer)
function("matmul_batched", "matmul", [normal(2, 2, 3), normal(2, 3, 2)])(torch.matmul)
function("matmul_batch_broadcast", "matmul", [normal(2, 1, 2, 3), normal(3, 3, 2)])(torch.matmul)
function("matmul_transposed", "matmul", [normal(3, 2), normal(4, 3)])(lambda a, b: a.T @ b.T)
function("linear_layer", "matmul", [normal(4, 3), normal(2, 3), normal(2)])(lambda x, w, b: torch.tanh(x @ w.T + b))

# Shaping, indexing, gathering, joining.
function("reshape", "shaping", [normal(2, 3)])(lambda a: (a.reshape(3, 2) * torch.arange(6.0).reshape(3, 2)))
function("permute", "shaping", [normal(2, 3, 2)])(lambda a: a.permute(2, 0, 1) ** 2)
function("transpose", "shaping", [normal(2, 3)])(lambda a: a.T @ a)
function("squeeze_unsqueeze", "shaping", [normal(1, 3)])(lambda a: a.squeeze(0).unsqueeze(1) * a)
function("expand", "shaping", [normal(3, 1)])(lambda a: a.expand(3, 4) * torch.arange(12.0).reshape(3, 4))
function("concatenate", "shaping", [normal(2, 2), normal(2, 1)])(lambda a, b: torch.cat([a, b, a], dim=1) ** 2)
function("stack", "shaping", [normal(3), normal(3)])(lambda a, b: torch.stack([a, b * b], dim=1))
function("split", "shaping", [normal(5, 2)])(lambda a: (lambda p: p[0].sum(0) * p[1].sum(0))(torch.split(a, [2, 3])))
function("slice_strided", "shaping", [normal(3, 5)])(lambda a: a[1:, 0::2] ** 2)
function("index_position", "shaping", [normal(3, 4)])(lambda a: a[1] * a[-1, 2])
function("flip", "shaping", [normal(2, 3)])(lambda a: torch.flip(a, dims=[1]) * a)
function("pad", "shaping", [normal(2, 2)])(lambda a: F.pad(a, (1, 2, 0, 1), value=0.5) ** 2)
function("index_select", "shaping", [normal(3, 2)])(lambda a: torch.index_select(a, 0, torch.tensor([2, 0, 2])) ** 2)
function("gather_elements", "shaping", [normal(2, 3)])(lambda a: torch.gather(a, 1, torch.tensor([[2, 0], [1, 1]])) ** 2)
function("pick", "shaping", [normal(3, 4)])(lambda a: torch.gather(a, 1, torch.tensor([[3], [0], [2]])).squeeze(1) ** 3)
function("index_add", "shaping", [normal(3, 2)])(
    lambda a: torch.zeros(4, 2).index_add(0, torch.tensor([1, 3, 1]), a) ** 2)
function("scatter_add_elements", "shaping", [normal(2, 2)])(
    lambda a: torch.zeros(2, 3).scatter_add(1, torch.tensor([[2, 0], [1, 1]]), a) ** 2)

# Softmax and losses.
function("softmax", "softmax", [normal(2, 4)])(lambda a: torch.softmax(a, dim=-1))
function("softmax_axis_0", "softmax", [normal(3, 2)])(lambda a: torch.softmax(a, dim=0))
function("log_softmax", "softmax", [normal(2, 4)])(lambda a: torch.log_softmax(a, dim=1))
function("cross_entropy", "softmax", [normal(3, 4)])(lambda a: F.cross_entropy(a, torch.tensor([1, 0, 3])))
function("mean_squared_error", "softmax", [normal(2, 3), normal(2, 3)])(F.mse_loss)
function("binary_cross_entropy_with_logits", "softmax", [normal(4)])(
    lambda a: F.binary_cross_entropy_with_logits(a, torch.tensor([1.0, 0.0, 0.25, 1.0])))

# Convolution and pooling.
function("conv2d", "convolution", [normal(1, 2, 4, 4), normal(2, 2, 3, 3)])(F.conv2d)
function("conv2d_stride_padding_bias", "convolution", [normal(2, 1, 5, 5), normal(3, 1, 3, 3), normal(3)])(
    lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=1))
function("conv2d_dilation", "convolution", [normal(1, 1, 5, 5), normal(1, 1, 2, 2)])(
    lambda x, w: F.conv2d(x, w, dilation=2))
function("max_pool2d", "convolution", [distinct(1, 2, 4, 4)])(lambda x: F.max_pool2d(x, 2))
function("max_pool2d_stride_padding", "convolution", [distinct(1, 1, 5, 5)])(
    lambda x: F.max_pool2d(x, 3, stride=2, padding=1))
function("avg_pool2d", "convolution", [normal(1, 2, 4, 4)])(lambda x: F.avg_pool2d(x, 2))
function("avg_pool2d_padding", "convolution", [normal(1, 1, 4, 4)])(lambda x: F.avg_pool2d(x, 2, stride=2, padding=1))
function("conv_relu_pool", "convolution", [normal(1, 1, 6, 6), normal(2, 1, 3, 3)])(
    lambda x, w: F.max_pool2d(torch.relu(F.conv2d(x, w)), 2))

# Comparisons, selection, clamping.
function("where_greater", "selection", [distinct(2, 3), normal(2, 3) + 0.05])(lambda a, b: torch.where(a > b, a, b) ** 2)
function("where_constant", "selection", [away(2, 3)])(lambda a: torch.where(a > 0, a, torch.tensor(0.0)) * a)
function("mask_multiply", "selection", [away(2, 3)])(lambda a: a * (a <= 0).to(torch.float64) + torch.exp(a))
function("clamp", "selection", [torch.tensor([-1.3, -0.3, 0.2, 0.45, 0.7, 1.9])])(lambda a: torch.clamp(a, -0.5, 0.5) * a)
function("minimum_of_tensors", "selection", [distinct(4), normal(4) + 0.05])(lambda a, b: torch.where(a < b, a, b) * b)

# Scalar functions of Variables.
function("scalar_arithmetic", "scalar", [scalar(2.0), scalar(-3.0)], "scalar")(lambda a, b: a * b + torch.exp(a) / b)
function("scalar_trigonometry", "scalar", [scalar(0.7), scalar(-1.2)], "scalar")(
    lambda a, b: torch.sin(a) * torch.cos(b) + torch.tan(a * b))
function("scalar_power", "scalar", [scalar(1.3), scalar(0.6)], "scalar")(
    lambda a, b: torch.pow(a, b) + a ** 3 + 2 ** b)
function("scalar_rosenbrock", "scalar", [scalar(-0.8), scalar(1.4)], "scalar")(
    lambda a, b: 100 * (b - a * a) ** 2 + (1 - a) ** 2)
function("scalar_activations", "scalar", [scalar(0.4), scalar(-0.9)], "scalar")(
    lambda a, b: torch.sigmoid(a * b) + F.softplus(b) * torch.tanh(a) + torch.relu(a) * torch.abs(b))
function("scalar_logarithm_root", "scalar", [scalar(1.7), scalar(0.3)], "scalar")(
    lambda a, b: torch.log(a) * torch.sqrt(b) + torch.log(a * a + b))
function("scalar_maximum_minimum", "scalar", [scalar(0.4), scalar(-0.9), scalar(1.1)], "scalar")(
    lambda a, b, c: torch.maximum(a * c, b) * torch.minimum(a, c) + torch.maximum(b, torch.tensor(0.5)))
function("scalar_quotients", "scalar", [scalar(1.5), scalar(-0.7)], "scalar")(
    lambda a, b: 1 / a - b / (a + 2) + (3 - a) * (b - 1))


def numbers(tensor):
    return [repr(float(v)) for v in tensor.detach().reshape(-1).tolist()]


def encoded(tensor):
    return {"shape": list(tensor.shape), "values": numbers(tensor)}


def reference(entry):
    f, inputs = entry["f"], [x.clone() for x in entry["inputs"]]
    leaves = [x.clone().requires_grad_(True) for x in inputs]
    output = f(*leaves)
    cotangent = torch.ones_like(output) if output.numel() == 1 else normal(*output.shape)
    gradients = torch.autograd.grad((output * cotangent).sum(), leaves, allow_unused=True)
    record = {
        "name": entry["name"],
        "family": entry["family"],
        "kind": entry["kind"],
        "inputs": [encoded(x) for x in inputs],
        "output": encoded(output),
        "cotangent": encoded(cotangent),
        "gradients": [encoded(g if g is not None else torch.zeros_like(x)) for g, x in zip(gradients, inputs)],
    }
    if entry["kind"] == "scalar":
        point = torch.stack(inputs)
        hessian = torch.autograd.functional.hessian(lambda v: f(*v.unbind()), point)
        record["hessian"] = encoded(hessian)
        return record

    def holding_others(i, g):
        return lambda x: g(*[x if j == i else inputs[j] for j in range(len(inputs))])

    jacobians, hessians = [], []
    for i, x in enumerate(inputs):
        small = output.numel() * x.numel() <= JACOBIAN_LIMIT
        jacobians.append(encoded(torch.autograd.functional.jacobian(holding_others(i, f), x)) if small else None)
        if x.numel() <= HESSIAN_INPUT_LIMIT:
            loss = holding_others(i, lambda *xs: (f(*xs) * cotangent).sum())
            hessians.append(encoded(torch.autograd.functional.hessian(loss, x)))
        else:
            hessians.append(None)
    record["jacobians"] = jacobians
    record["hessians"] = hessians
    return record


def main():
    names = [entry["name"] for entry in FUNCTIONS]
    assert len(names) == len(set(names)), "function names must be unique"
    records = [reference(entry) for entry in FUNCTIONS]
    header = {"torch": torch.__version__, "dtype": "float64", "functionCount": len(records),
              "families": sorted({r["family"] for r in records})}
    # One function per line: compact, yet a change to one function shows as one changed line.
    lines = [json.dumps(record, separators=(",", ":")) for record in records]
    text = ("{\"about\":" + json.dumps(header, separators=(",", ":")) + ",\n\"functions\":[\n"
            + ",\n".join(lines) + "\n]}\n")
    path = os.path.join(HERE, "pytorch_reference.json")
    with open(path, "w") as file:
        file.write(text)
    print(f"wrote {len(records)} functions in {len(header['families'])} families, {len(text)} bytes, to {path}")


if __name__ == "__main__":
    main()
