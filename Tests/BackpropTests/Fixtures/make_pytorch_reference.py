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
the derivative is defined and the same in both libraries. Matrices are well conditioned, with
distinct eigenvalues and singular values where a decomposition is differentiated.
"""

import json
import os
import warnings

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
# kl_div_mean takes the "mean" reduction on purpose, which PyTorch warns about.
warnings.filterwarnings("ignore", message="reduction: 'mean' divides")

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


# The families below draw their inputs from a generator of their own, and the cotangents keep
# coming from the first one, so that adding functions here leaves the committed records of the
# functions above unchanged.
cotangent_generator = generator
generator = torch.Generator().manual_seed(20261206)


def well_conditioned(*shape):
    """Normal matrices (the last two axes square) with 3 added to the diagonal: far from singular."""
    return normal(*shape) * 0.6 + 3 * torch.eye(shape[-1])


def spread_spectrum(n):
    """A random orthogonal basis times a diagonal with gaps of at least 0.6 and no zero:
    distinct eigenvalues and singular values, away from the degenerate points of eigh and svd."""
    q, _ = torch.linalg.qr(normal(n, n))
    values = torch.linspace(-1.4, 2.3, n) + 0.11
    return q @ torch.diag(values) @ q.T + 0.2 * normal(n, n)


def symmetric(a):
    return (a + a.mT) / 2


def positive_definite(b):
    """B·Bᵀ + n·I: how PyTorch users feed cholesky a matrix that is surely positive definite."""
    return b @ b.mT + b.shape[-2] * torch.eye(b.shape[-2])


def diagonal_signs(r):
    """The signs of R's diagonal, constant: multiplying Q's columns and R's rows by them makes
    the QR factors unique, whatever sign convention each library's Householder steps take."""
    return torch.sign(torch.diagonal(r, dim1=-2, dim2=-1)).detach()


def qr_unique(a):
    q, r = torch.linalg.qr(a)
    s = diagonal_signs(r)
    return torch.cat([(q * s.unsqueeze(-2)).reshape(-1), (r * s.unsqueeze(-1)).reshape(-1)])


# Linear algebra (torch.linalg). Outputs whose sign or basis is not unique (eigenvectors,
# singular vectors, QR factors) enter only through functions that do not depend on that choice.
function("linalg_solve_vector", "linalg", [well_conditioned(3, 3), normal(3)])(torch.linalg.solve)
function("linalg_solve_matrix", "linalg", [well_conditioned(3, 3), normal(3, 2)])(torch.linalg.solve)
function("linalg_solve_batched_vectors", "linalg", [well_conditioned(2, 3, 3), normal(2, 3)])(torch.linalg.solve)
function("linalg_solve_broadcast_rhs", "linalg", [well_conditioned(2, 3, 3), normal(3, 2)])(torch.linalg.solve)
function("linalg_inverse", "linalg", [well_conditioned(3, 3)])(torch.linalg.inv)
function("linalg_inverse_batched", "linalg", [well_conditioned(2, 2, 2)])(torch.linalg.inv)
function("linalg_det", "linalg", [normal(3, 3)])(torch.linalg.det)
function("linalg_det_batched", "linalg", [well_conditioned(2, 3, 3)])(torch.linalg.det)
function("linalg_slogdet", "linalg", [normal(3, 3) - 2 * torch.eye(3)])(
    lambda a: (lambda s: s.sign * s.logabsdet)(torch.linalg.slogdet(a)))
function("linalg_cholesky", "linalg", [normal(3, 3)])(lambda b: torch.linalg.cholesky(positive_definite(b)))
function("linalg_cholesky_batched", "linalg", [normal(2, 2, 3)])(lambda b: torch.linalg.cholesky(positive_definite(b)))
function("linalg_solve_triangular_upper", "linalg", [well_conditioned(3, 3), normal(3, 2)])(
    lambda a, b: torch.linalg.solve_triangular(a, b, upper=True))
function("linalg_solve_triangular_lower", "linalg", [well_conditioned(3, 3), normal(3, 2)])(
    lambda a, b: torch.linalg.solve_triangular(a, b, upper=False))
function("linalg_solve_triangular_lower_unit", "linalg", [normal(3, 3), normal(3, 2)])(
    lambda a, b: torch.linalg.solve_triangular(a, b, upper=False, unitriangular=True))
function("linalg_qr_square", "linalg", [well_conditioned(3, 3)])(qr_unique)
function("linalg_qr_tall", "linalg", [normal(4, 3)])(qr_unique)
function("linalg_qr_wide", "linalg", [well_conditioned(3, 3)[:, [0, 1, 2, 0]] + 0.5 * normal(3, 4)])(qr_unique)
function("linalg_qr_product", "linalg", [normal(2, 3, 2)])(lambda a: (lambda q, r: q @ r)(*torch.linalg.qr(a)))
function("linalg_eigh_values", "linalg", [spread_spectrum(4)])(lambda a: torch.linalg.eigvalsh(symmetric(a)))
function("linalg_eigh_vectors_squared", "linalg", [spread_spectrum(3)])(
    lambda a: torch.linalg.eigh(symmetric(a)).eigenvectors ** 2)
function("linalg_eigh_matrix_function", "linalg", [spread_spectrum(3)])(
    lambda a: (lambda e: e.eigenvectors @ torch.diag_embed(torch.exp(e.eigenvalues)) @ e.eigenvectors.mT)(
        torch.linalg.eigh(symmetric(a))))
function("linalg_svd_values", "linalg", [normal(3, 4)])(torch.linalg.svdvals)
function("linalg_svd_values_batched", "linalg", [torch.stack([spread_spectrum(3), spread_spectrum(3)])])(torch.linalg.svdvals)
function("linalg_svd_reconstruction", "linalg", [normal(4, 3)])(
    lambda a: (lambda u, s, vh: u @ torch.diag_embed(s ** 2) @ vh)(*torch.linalg.svd(a, full_matrices=False)))
function("linalg_svd_vectors_squared", "linalg", [spread_spectrum(3)])(
    lambda a: (lambda u, s, vh: torch.cat([(u ** 2).reshape(-1), (vh ** 2).reshape(-1)]))(*torch.linalg.svd(a)))
function("linalg_trace", "linalg", [normal(3, 3)])(lambda a: torch.trace(a) ** 2)
function("linalg_diagonal", "linalg", [normal(2, 3, 4)])(lambda a: torch.diagonal(a, dim1=-2, dim2=-1) ** 2)
function("linalg_diagonal_offset", "linalg", [normal(3, 4)])(lambda a: torch.diagonal(a, offset=1) ** 2)
function("linalg_diag_embed", "linalg", [normal(2, 3)])(lambda v: torch.diag_embed(v) @ torch.diag_embed(v + 1))
function("linalg_tril", "linalg", [normal(3, 4)])(lambda a: torch.tril(a) ** 2)
function("linalg_triu_offset", "linalg", [normal(2, 3, 3)])(lambda a: torch.triu(a, diagonal=1) ** 2 + torch.tril(a, diagonal=-1))
function("linalg_vector_norm_1", "linalg", [away(3, 4)])(lambda a: torch.linalg.vector_norm(a, ord=1))
function("linalg_vector_norm_3_axis", "linalg", [away(3, 4)])(lambda a: torch.linalg.vector_norm(a, ord=3, dim=1))
function("linalg_vector_norm_inf", "linalg", [distinct(3, 4)])(
    lambda a: torch.linalg.vector_norm(a, ord=float("inf"), dim=0, keepdim=True))
function("linalg_matrix_norm_fro", "linalg", [normal(2, 3, 3)])(lambda a: torch.linalg.matrix_norm(a))
function("linalg_matrix_norm_nuclear", "linalg", [spread_spectrum(3)])(lambda a: torch.linalg.matrix_norm(a, ord="nuc"))
function("linalg_matrix_norm_spectral", "linalg", [spread_spectrum(3)])(lambda a: torch.linalg.matrix_norm(a, ord=2))
function("linalg_matrix_norm_1", "linalg", [distinct(3, 3)])(lambda a: torch.linalg.matrix_norm(a, ord=1))
function("linalg_matrix_norm_inf", "linalg", [distinct(3, 3)])(lambda a: torch.linalg.matrix_norm(a, ord=float("inf")))

# einsum.
function("einsum_matmul", "einsum", [normal(2, 3), normal(3, 4)])(lambda a, b: torch.einsum("ij,jk->ik", a, b))
function("einsum_batched", "einsum", [normal(2, 2, 3), normal(2, 3, 2)])(lambda a, b: torch.einsum("bij,bjk->bik", a, b))
function("einsum_trace", "einsum", [normal(3, 3)])(lambda a: torch.einsum("ii->", a) * torch.einsum("ij->", a))
function("einsum_diagonal", "einsum", [normal(3, 3)])(lambda a: torch.einsum("ii->i", a) ** 2)
function("einsum_outer", "einsum", [normal(3), normal(2)])(lambda a, b: torch.einsum("i,j->ij", a, b))
function("einsum_ellipsis", "einsum", [normal(2, 1, 2, 3), normal(3, 3, 2)])(lambda a, b: torch.einsum("...ij,...jk->...ik", a, b))
function("einsum_three_operands", "einsum", [normal(3), normal(3, 4), normal(4)])(lambda x, m, y: torch.einsum("i,ij,j->", x, m, y))
function("einsum_implicit", "einsum", [normal(2, 3), normal(3, 2)])(lambda a, b: torch.einsum("ij,jk", a, b) ** 2)
function("einsum_permute_sum", "einsum", [normal(2, 3, 4)])(lambda a: torch.einsum("abc->ca", a) ** 2)

# Activations.
KINKED = torch.tensor([-4.2, -2.5, -1.1, -0.3, 0.4, 1.7, 2.6, 3.8])
function("gelu", "activation", [normal(2, 3)])(F.gelu)
function("gelu_tanh", "activation", [normal(2, 3)])(lambda a: F.gelu(a, approximate="tanh"))
function("silu", "activation", [normal(2, 3)])(F.silu)
function("mish", "activation", [normal(2, 3)])(F.mish)
function("softsign", "activation", [normal(2, 3)])(F.softsign)
function("logsigmoid", "activation", [normal(2, 3)])(F.logsigmoid)
function("leaky_relu", "activation", [away(2, 3)])(lambda a: F.leaky_relu(a, negative_slope=0.2) * a)
function("elu", "activation", [away(2, 3)])(lambda a: F.elu(a, alpha=0.7))
function("selu", "activation", [away(2, 3)])(F.selu)


def hardsigmoid(a):
    """F.hardsigmoid by its documented definition, clamp(x/6 + 1/2, 0, 1). PyTorch's own backward
    kernel multiplies by the float32 constant 1.0f/6.0f, 3e-8 relative from 1/6 in float64, and
    has no second derivative; the definition's derivatives are exact, and its values are
    F.hardsigmoid's (checked below)."""
    return torch.clamp(a / 6 + 0.5, 0, 1)


assert torch.allclose(hardsigmoid(KINKED), F.hardsigmoid(KINKED), rtol=1e-15, atol=0)
function("hardsigmoid", "activation", [KINKED.clone()])(lambda a: hardsigmoid(a) * a)
function("hardswish", "activation", [KINKED.clone()])(F.hardswish)
function("activation_composition", "activation", [normal(4)])(lambda a: F.silu(F.gelu(a) * 2) + F.mish(F.logsigmoid(a)))

# Losses (torch.nn.functional).
LABELS = torch.tensor([1, 0, 4, 2])
CLASS_WEIGHTS = torch.tensor([0.5, 1.5, 1.0, 2.0, 0.7])
function("cross_entropy_weighted_ignore", "loss", [normal(4, 5)])(
    lambda a: F.cross_entropy(a, LABELS, weight=CLASS_WEIGHTS, ignore_index=4))
function("cross_entropy_label_smoothing", "loss", [normal(4, 5)])(lambda a: F.cross_entropy(a, LABELS, label_smoothing=0.2))
function("cross_entropy_weighted_smoothing", "loss", [normal(4, 5)])(
    lambda a: F.cross_entropy(a, LABELS, weight=CLASS_WEIGHTS, label_smoothing=0.1))
function("cross_entropy_probabilities", "loss", [normal(3, 4), normal(3, 4)])(
    lambda a, t: F.cross_entropy(a, torch.softmax(t, dim=1), label_smoothing=0.1))
function("cross_entropy_none", "loss", [normal(4, 5)])(lambda a: F.cross_entropy(a, LABELS, weight=CLASS_WEIGHTS, reduction="none"))
function("cross_entropy_sum", "loss", [normal(4, 5)])(lambda a: F.cross_entropy(a, LABELS, reduction="sum"))
function("nll_loss", "loss", [normal(4, 5)])(lambda a: F.nll_loss(torch.log_softmax(a, dim=1), LABELS, weight=CLASS_WEIGHTS))
function("nll_loss_none", "loss", [normal(4, 5)])(lambda a: F.nll_loss(a, LABELS, ignore_index=0, reduction="none"))
function("huber_loss", "loss", [torch.tensor([0.1, -0.9, 1.6, -0.2, 0.35, -2.0]), normal(6) * 0.01])(
    lambda a, b: F.huber_loss(a, b, delta=0.5))
function("huber_loss_none", "loss", [torch.tensor([0.1, -0.9, 1.6, -0.2, 0.35, -2.0]), normal(6) * 0.01])(
    lambda a, b: F.huber_loss(a, b, delta=0.5, reduction="none"))
function("smooth_l1_loss", "loss", [torch.tensor([0.1, -0.9, 1.6, -0.2, 0.55, -2.0]), normal(6) * 0.01])(
    lambda a, b: F.smooth_l1_loss(a, b, beta=0.7, reduction="sum"))
function("kl_div_batchmean", "loss", [normal(3, 4), normal(3, 4)])(
    lambda a, t: F.kl_div(torch.log_softmax(a, dim=1), torch.softmax(t, dim=1), reduction="batchmean"))
function("kl_div_log_target", "loss", [normal(3, 4), normal(3, 4)])(
    lambda a, t: F.kl_div(torch.log_softmax(a, dim=1), torch.log_softmax(t, dim=1), reduction="batchmean", log_target=True))
function("kl_div_none", "loss", [normal(2, 3), positive(2, 3)])(lambda a, t: F.kl_div(a, t, reduction="none"))
function("mse_loss_sum_rows", "loss", [normal(3, 2), normal(3, 2)])(lambda a, b: F.mse_loss(a, b, reduction="sum") / 3)

# Tensor operations.
WITH_ZERO = torch.tensor([[1.3, 0.0, -0.7, 1.1], [0.5, 2.0, 1.1, -0.6]])
function("prod", "tensor", [normal(2, 3)])(lambda a: a.prod())
function("prod_axis", "tensor", [normal(2, 3)])(lambda a: a.prod(dim=1))
function("prod_with_zero", "tensor", [WITH_ZERO.clone()])(lambda a: a.prod(dim=1))
function("cumprod", "tensor", [normal(2, 3)])(lambda a: torch.cumprod(a, dim=1))
function("cumprod_with_zero", "tensor", [WITH_ZERO.clone()])(lambda a: torch.cumprod(a, dim=1))
function("sort_values", "tensor", [distinct(2, 4)])(lambda a: torch.sort(a, dim=1, descending=True).values * torch.arange(4.0))
function("topk_values", "tensor", [distinct(2, 5)])(lambda a: torch.topk(a, 2, dim=1).values ** 2)
function("cummax_values", "tensor", [distinct(2, 4)])(lambda a: torch.cummax(a, dim=1).values ** 2)
function("logcumsumexp", "tensor", [normal(2, 4)])(lambda a: torch.logcumsumexp(a, dim=1))
function("roll", "tensor", [normal(3, 4)])(lambda a: torch.roll(a, shifts=(1, -2), dims=(0, 1)) * torch.arange(12.0).reshape(3, 4))
function("repeat", "tensor", [normal(2, 3)])(lambda a: a.repeat(2, 1, 2) ** 2)
function("tile", "tensor", [normal(2, 2)])(lambda a: torch.tile(a, (3,)) * torch.arange(6.0))
function("repeat_interleave", "tensor", [normal(2, 3)])(lambda a: torch.repeat_interleave(a, 2, dim=1) ** 2)
function("repeat_interleave_counts", "tensor", [normal(3, 2)])(
    lambda a: torch.repeat_interleave(a, torch.tensor([2, 0, 1]), dim=0) ** 2)
SCATTER_INDEX = torch.tensor([[2, 0], [1, 1], [0, 2]])
function("scatter", "tensor", [normal(3, 3), normal(3, 2)])(
    lambda a, s: a.scatter(1, torch.tensor([[2, 0], [1, 0], [0, 2]]), s) ** 2)
function("scatter_reduce_sum", "tensor", [normal(3, 3), normal(3, 2)])(
    lambda a, s: a.scatter_reduce(1, SCATTER_INDEX, s, reduce="sum") ** 2)
function("scatter_reduce_mean", "tensor", [normal(3, 3), normal(3, 2)])(
    lambda a, s: a.scatter_reduce(1, SCATTER_INDEX, s, reduce="mean") ** 2)
function("scatter_reduce_mean_exclude_self", "tensor", [normal(3, 3), normal(3, 2)])(
    lambda a, s: a.scatter_reduce(1, SCATTER_INDEX, s, reduce="mean", include_self=False) ** 2)
function("scatter_reduce_amax", "tensor", [distinct(3, 3), distinct(3, 2) + 0.1])(
    lambda a, s: a.scatter_reduce(1, SCATTER_INDEX, s, reduce="amax") ** 2)
function("scatter_reduce_amin_exclude_self", "tensor", [distinct(3, 3), distinct(3, 2) + 0.1])(
    lambda a, s: a.scatter_reduce(1, SCATTER_INDEX, s, reduce="amin", include_self=False) ** 2)
function("scatter_reduce_prod", "tensor", [normal(3, 3), normal(3, 2)])(
    lambda a, s: a.scatter_reduce(1, SCATTER_INDEX, s, reduce="prod"))
MASK = torch.tensor([[True, False, True], [False, False, True]])
function("masked_fill", "tensor", [normal(2, 3)])(lambda a: a.masked_fill(MASK, 0.5) * a)
function("mask_select", "tensor", [normal(2, 3)])(lambda a: a[MASK] ** 2)
function("mask_select_rows", "tensor", [normal(3, 2)])(lambda a: a[torch.tensor([True, False, True])] ** 2)
function("advanced_indexing", "tensor", [normal(3, 4)])(lambda a: a[torch.tensor([0, 2, 2]), torch.tensor([1, 0, 1])] ** 2)
function("advanced_indexing_broadcast", "tensor", [normal(3, 4, 2)])(
    lambda a: a[torch.tensor([[2], [0]]), torch.tensor([1, 3, -1])] ** 2)
function("one_hot", "tensor", [normal(3, 4)])(lambda a: (F.one_hot(torch.tensor([2, 0, 3]), 4).to(torch.float64) * a).sum(1) ** 2)

# Padding modes, grouped, one-dimensional and transposed convolutions, pooling options.
function("pad_reflect", "convolution", [normal(1, 1, 3, 4)])(lambda a: F.pad(a, (2, 1, 1, 2), mode="reflect") ** 2)
function("pad_replicate", "convolution", [normal(1, 1, 2, 3)])(lambda a: F.pad(a, (2, 1, 1, 2), mode="replicate") ** 2)
function("pad_circular", "convolution", [normal(1, 1, 2, 3)])(lambda a: F.pad(a, (2, 1, 1, 2), mode="circular") ** 2)
function("conv2d_grouped", "convolution", [normal(1, 4, 4, 4), normal(4, 2, 3, 3), normal(4)])(
    lambda x, w, b: F.conv2d(x, w, b, padding=1, groups=2))
function("conv2d_depthwise", "convolution", [normal(1, 3, 4, 4), normal(6, 1, 2, 2)])(
    lambda x, w: F.conv2d(x, w, stride=2, groups=3))
function("conv1d", "convolution", [normal(2, 2, 6), normal(3, 2, 3), normal(3)])(
    lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1))
function("conv1d_dilation_groups", "convolution", [normal(1, 4, 7), normal(2, 2, 2)])(
    lambda x, w: F.conv1d(x, w, dilation=2, groups=2))
function("conv_transpose2d", "convolution", [normal(1, 2, 3, 3), normal(2, 3, 3, 3), normal(3)])(
    lambda x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1))
function("conv_transpose2d_groups", "convolution", [normal(1, 2, 2, 2), normal(2, 1, 2, 2)])(
    lambda x, w: F.conv_transpose2d(x, w, stride=1, groups=2, dilation=2))
function("max_pool2d_dilation", "convolution", [distinct(1, 1, 5, 5)])(lambda x: F.max_pool2d(x, 2, stride=1, dilation=2))
function("max_pool2d_ceil_mode", "convolution", [distinct(1, 2, 5, 5)])(lambda x: F.max_pool2d(x, 2, ceil_mode=True))
function("avg_pool2d_exclude_padding", "convolution", [normal(1, 1, 4, 4)])(
    lambda x: F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False))
function("avg_pool2d_ceil_mode", "convolution", [normal(1, 1, 5, 5)])(lambda x: F.avg_pool2d(x, 2, ceil_mode=True))

# Layers as functions of their inputs and parameters.
function("layer_norm", "layer", [normal(2, 3, 4), normal(4), normal(4)])(lambda x, w, b: F.layer_norm(x, (4,), w, b))
function("layer_norm_two_axes", "layer", [normal(2, 2, 3)])(lambda x: F.layer_norm(x, (2, 3)))
function("batch_norm_training", "layer", [normal(4, 3), positive(3), normal(3)])(
    lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True))
function("batch_norm2d_training", "layer", [normal(2, 2, 2, 2)])(lambda x: F.batch_norm(x, None, None, training=True))
function("embedding", "layer", [normal(4, 3)])(lambda w: F.embedding(torch.tensor([[2, 0], [2, 3]]), w) ** 2)


def attention(x, in_weight, in_bias, out_weight, out_bias, heads=2, causal=True):
    """nn.MultiheadAttention's computation, batch first, written out (PyTorch's fused
    scaled_dot_product_attention has no second derivative on the CPU)."""
    n, length, e = x.shape
    q, k, v = (x @ in_weight.T + in_bias).chunk(3, dim=-1)
    split = lambda t: t.reshape(n, length, heads, e // heads).transpose(1, 2)
    scores = split(q) @ split(k).mT / (e // heads) ** 0.5
    if causal:
        scores = scores.masked_fill(torch.ones(length, length, dtype=torch.bool).triu(1), float("-inf"))
    attended = torch.softmax(scores, dim=-1) @ split(v)
    return attended.transpose(1, 2).reshape(n, length, e) @ out_weight.T + out_bias


function("multi_head_attention", "layer", [normal(1, 3, 4), normal(12, 4) * 0.5, normal(12) * 0.1, normal(4, 4) * 0.5, normal(4)])(
    attention)
function("multi_head_attention_full", "layer", [normal(2, 2, 4), normal(12, 4) * 0.5, normal(12) * 0.1, normal(4, 4) * 0.5, normal(4)])(
    lambda *a: attention(*a, causal=False))


# Harder cases: combined options, extreme inputs, several zeros, batches on both sides.
function("linalg_solve_batched_both", "linalg", [well_conditioned(2, 3, 3), normal(2, 3, 2)])(torch.linalg.solve)
function("linalg_inverse_4x4", "linalg", [well_conditioned(4, 4)])(lambda a: torch.linalg.inv(a) ** 2)
function("linalg_solve_triangular_right", "linalg", [well_conditioned(3, 3), normal(2, 3)])(
    lambda a, b: torch.linalg.solve_triangular(a, b, upper=True, left=False))
function("linalg_solve_triangular_transposed", "linalg", [well_conditioned(3, 3), normal(3, 2)])(
    lambda a, b: torch.linalg.solve_triangular(a.mT, b, upper=False))
function("linalg_eigh_batched", "linalg", [torch.stack([spread_spectrum(3), spread_spectrum(3)])])(
    lambda a: torch.linalg.eigvalsh(symmetric(a)) ** 2)
function("linalg_svd_batched_wide", "linalg", [normal(2, 2, 3)])(
    lambda a: (lambda u, s, vh: u @ torch.diag_embed(torch.log(s)) @ vh)(*torch.linalg.svd(a, full_matrices=False)))
function("linalg_matrix_norm_keepdim", "linalg", [normal(2, 2, 3)])(
    lambda a: torch.linalg.matrix_norm(a, keepdim=True) * a)
function("linalg_vector_norm_negative_inf", "linalg", [distinct(3, 4)])(
    lambda a: torch.linalg.vector_norm(a, ord=float("-inf"), dim=1))
function("linalg_vector_norm_half", "linalg", [away(2, 3)])(lambda a: torch.linalg.vector_norm(a, ord=0.5, dim=(0, 1)))
function("einsum_frobenius", "einsum", [normal(2, 3), normal(2, 3)])(lambda a, b: torch.einsum("ij,ij->", a, b) ** 2)
function("einsum_hadamard", "einsum", [normal(3), normal(3)])(lambda a, b: torch.einsum("i,i->i", a, b))
function("einsum_transposed_batch", "einsum", [normal(2, 2, 3), normal(2, 4, 3)])(lambda a, b: torch.einsum("bij,bkj->bik", a, b))
function("einsum_broadcast_size_one", "einsum", [normal(1, 3), normal(2, 3)])(lambda a, b: torch.einsum("ij,ij->ij", a, b))
EXTREME = torch.tensor([-40.0, -9.0, -2.2, 0.7, 8.5, 35.0])
function("gelu_extreme", "activation", [EXTREME.clone()])(F.gelu)
function("logsigmoid_extreme", "activation", [EXTREME.clone()])(F.logsigmoid)
function("mish_extreme", "activation", [EXTREME.clone()])(F.mish)
function("silu_extreme", "activation", [EXTREME.clone()])(F.silu)
function("cross_entropy_all_options", "loss", [normal(4, 5)])(
    lambda a: F.cross_entropy(a, LABELS, weight=CLASS_WEIGHTS, ignore_index=0, label_smoothing=0.3))
function("cross_entropy_all_options_none", "loss", [normal(4, 5)])(
    lambda a: F.cross_entropy(a, LABELS, weight=CLASS_WEIGHTS, ignore_index=0, label_smoothing=0.3, reduction="none"))
function("cross_entropy_probabilities_weighted", "loss", [normal(3, 5), normal(3, 5)])(
    lambda a, t: F.cross_entropy(a, torch.softmax(t, dim=1), weight=CLASS_WEIGHTS, label_smoothing=0.2))
function("cross_entropy_probabilities_sum", "loss", [normal(3, 4), normal(3, 4)])(
    lambda a, t: F.cross_entropy(a, torch.softmax(t, dim=1), reduction="sum"))
function("nll_loss_weighted_sum", "loss", [normal(4, 5)])(
    lambda a: F.nll_loss(torch.log_softmax(a, dim=1), LABELS, weight=CLASS_WEIGHTS, reduction="sum"))
function("kl_div_mean", "loss", [normal(2, 3), positive(2, 3)])(lambda a, t: F.kl_div(a, t))
function("kl_div_sum_log_target", "loss", [normal(2, 3), normal(2, 3)])(lambda a, t: F.kl_div(a, t, reduction="sum", log_target=True))
function("huber_loss_sum", "loss", [torch.tensor([0.1, -0.9, 1.6, -0.2, 0.35, -2.0]), normal(6) * 0.01])(
    lambda a, b: F.huber_loss(a, b, delta=2.5, reduction="sum"))
function("smooth_l1_loss_mean_none", "loss", [torch.tensor([0.1, -0.9, 1.6, -0.2, 0.55, -2.0]), normal(6) * 0.01])(
    lambda a, b: F.smooth_l1_loss(a, b, beta=0.7) + F.smooth_l1_loss(a, b, beta=0.2, reduction="none"))
TWO_ZEROS = torch.tensor([[1.3, 0.0, -0.7, 0.0], [0.5, 2.0, 0.0, -0.6]])
function("prod_two_zeros", "tensor", [TWO_ZEROS.clone()])(lambda a: a.prod(dim=1))
function("prod_all_with_zero", "tensor", [WITH_ZERO.clone()])(lambda a: a.prod())
function("cumprod_two_zeros", "tensor", [TWO_ZEROS.clone()])(lambda a: torch.cumprod(a, dim=1))
function("sort_ascending", "tensor", [distinct(3, 3)])(lambda a: torch.sort(a, dim=0).values * torch.arange(9.0).reshape(3, 3))
function("topk_smallest", "tensor", [distinct(2, 5)])(lambda a: torch.topk(a, 3, dim=1, largest=False).values ** 2)
function("cummin_values", "tensor", [distinct(4, 2)])(lambda a: torch.cummin(a, dim=0).values ** 2)
function("logcumsumexp_large", "tensor", [torch.tensor([1000.0, 1000.5, 998.0, 1001.0])])(lambda a: torch.logcumsumexp(a, dim=0))
function("scatter_reduce_amax_exclude_self", "tensor", [distinct(3, 3), distinct(3, 2) + 0.1])(
    lambda a, s: a.scatter_reduce(1, SCATTER_INDEX, s, reduce="amax", include_self=False) ** 2)
function("scatter_reduce_prod_exclude_self", "tensor", [normal(3, 3), normal(3, 2)])(
    lambda a, s: a.scatter_reduce(1, SCATTER_INDEX, s, reduce="prod", include_self=False))
function("pad_reflect_1d", "convolution", [normal(2, 4)])(lambda a: F.pad(a.unsqueeze(0), (3, 2), mode="reflect").squeeze(0) ** 2)
function("conv_transpose2d_rectangular", "convolution", [normal(1, 1, 2, 3), normal(1, 2, 2, 3), normal(2)])(
    lambda x, w, b: F.conv_transpose2d(x, w, b, stride=(2, 1), padding=(1, 0), output_padding=(1, 0)))
function("max_pool2d_all_options", "convolution", [distinct(1, 1, 6, 6)])(
    lambda x: F.max_pool2d(x, 2, stride=2, padding=1, dilation=2, ceil_mode=True))
function("avg_pool2d_ceil_padding", "convolution", [normal(1, 1, 5, 5)])(
    lambda x: F.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True))
function("avg_pool2d_ceil_padding_exclude", "convolution", [normal(1, 1, 5, 5)])(
    lambda x: F.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True, count_include_pad=False))
function("layer_norm_no_bias", "layer", [normal(3, 4), normal(4)])(lambda x, w: F.layer_norm(x, (4,), w, None, eps=1e-3))
function("embedding_padding_index", "layer", [normal(4, 3)])(
    lambda w: F.embedding(torch.tensor([[0, 1], [2, 0]]), w, padding_idx=0) ** 2)


# Edge geometries and layouts: spatial class axes, unbatched inputs, zero targets, windows
# that PyTorch's ceil mode drops or clips, broadcasting of batches, shifts beyond the size.
SPATIAL_LABELS = torch.tensor([[2, 0, 1], [1, 1, 0]])
function("cross_entropy_spatial", "loss", [normal(2, 3, 3)])(
    lambda a: F.cross_entropy(a, SPATIAL_LABELS, weight=CLASS_WEIGHTS[:3], label_smoothing=0.1))
function("cross_entropy_spatial_none", "loss", [normal(2, 3, 3)])(
    lambda a: F.cross_entropy(a, SPATIAL_LABELS, ignore_index=1, reduction="none"))
function("cross_entropy_unbatched", "loss", [normal(5)])(lambda a: F.cross_entropy(a, torch.tensor(3), label_smoothing=0.2))
function("nll_loss_spatial", "loss", [normal(2, 3, 3)])(lambda a: F.nll_loss(torch.log_softmax(a, dim=1), SPATIAL_LABELS))
function("kl_div_zero_targets", "loss", [normal(2, 3)])(
    lambda a: F.kl_div(torch.log_softmax(a, dim=1), torch.tensor([[0.0, 0.25, 0.75], [0.5, 0.5, 0.0]]), reduction="batchmean"))
function("max_pool2d_ceil_drops_window", "convolution", [distinct(1, 1, 5, 5)])(
    lambda x: F.max_pool2d(x, 2, stride=2, padding=1, ceil_mode=True))
function("avg_pool2d_ceil_clipped_window", "convolution", [normal(1, 1, 6, 6)])(
    lambda x: F.avg_pool2d(x, 2, stride=2, padding=1, ceil_mode=True))
function("avg_pool2d_ceil_drops_window", "convolution", [normal(1, 1, 5, 5)])(
    lambda x: F.avg_pool2d(x, 2, stride=2, padding=1, ceil_mode=True, count_include_pad=False))
function("conv_transpose2d_all_options", "convolution", [normal(1, 2, 2, 2), normal(2, 1, 2, 2), normal(2)])(
    lambda x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1, groups=2, dilation=2))
function("conv2d_large_padding", "convolution", [normal(1, 1, 2, 2), normal(1, 1, 2, 2)])(
    lambda x, w: F.conv2d(x, w, padding=3))
function("batch_norm1d_sequences", "layer", [normal(2, 2, 3), positive(2), normal(2)])(
    lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True, eps=1e-3))
function("layer_norm_affine_two_axes", "layer", [normal(2, 2, 3), normal(2, 3), normal(2, 3)])(
    lambda x, w, b: F.layer_norm(x, (2, 3), w, b))
function("linalg_solve_broadcast_matrix", "linalg", [well_conditioned(3, 3), normal(2, 3, 2)])(torch.linalg.solve)
function("linalg_solve_triangular_batched_broadcast", "linalg", [well_conditioned(2, 3, 3), normal(3, 2)])(
    lambda a, b: torch.linalg.solve_triangular(a, b, upper=True))
function("linalg_det_2x2_and_1x1", "linalg", [normal(2, 2), normal(1, 1)])(
    lambda a, b: torch.linalg.det(a) * torch.linalg.det(b) + torch.linalg.inv(b).sum())
function("linalg_qr_batched_tall", "linalg", [normal(2, 3, 2)])(lambda a: torch.stack([qr_unique(m) for m in a.unbind()]))
function("linalg_eigh_2x2", "linalg", [torch.tensor([[1.5, 0.3], [-0.2, -0.4]])])(
    lambda a: (lambda e: torch.cat([e.eigenvalues, (e.eigenvectors ** 2).reshape(-1)]))(torch.linalg.eigh(symmetric(a))))
function("linalg_svd_row", "linalg", [normal(1, 4)])(lambda a: torch.linalg.svdvals(a))
function("linalg_matrix_norm_nuclear_batched", "linalg", [normal(2, 2, 3)])(lambda a: torch.linalg.matrix_norm(a, ord="nuc"))
function("linalg_vector_norm_keepdim_dims", "linalg", [normal(2, 3, 2)])(
    lambda a: torch.linalg.vector_norm(a, dim=(0, 2), keepdim=True) * a)
function("linalg_vector_norm_0", "linalg", [torch.tensor([[0.5, 0.0, -1.0], [0.0, 0.0, 2.0]])])(
    lambda a: torch.linalg.vector_norm(a, ord=0, dim=1) * a.sum())
function("einsum_batched_diagonal", "einsum", [normal(2, 3, 3)])(lambda a: torch.einsum("...ii->...i", a) ** 2)
function("einsum_four_operands", "einsum", [normal(2, 3), normal(3, 2), normal(2, 2), normal(2)])(
    lambda a, b, c, d: torch.einsum("ij,jk,kl,l->i", a, b, c, d))
function("einsum_capitals_ellipsis_ranks", "einsum", [normal(2, 3, 4), normal(4)])(lambda a, b: torch.einsum("...K,K->...", a, b))
function("einsum_repeated_in_operand_and_across", "einsum", [normal(3, 3, 2), normal(2, 3)])(
    lambda a, b: torch.einsum("iij,ji->j", a, b))
function("roll_beyond_size", "tensor", [normal(2, 3)])(
    lambda a: torch.roll(a, shifts=(5, -7), dims=(0, 1)) * torch.arange(6.0).reshape(2, 3))
function("repeat_interleave_flattened", "tensor", [normal(2, 2)])(lambda a: torch.repeat_interleave(a, 2) * torch.arange(8.0))
function("masked_fill_broadcast", "tensor", [normal(2, 3)])(lambda a: a.masked_fill(torch.tensor([False, True, False]), -1.0) * a)
function("scatter_reduce_mean_untouched", "tensor", [normal(2, 4), normal(2, 2)])(
    lambda a, s: a.scatter_reduce(1, torch.tensor([[1, 1], [3, 0]]), s, reduce="mean", include_self=False) ** 2)
function("topk_all", "tensor", [distinct(2, 3)])(lambda a: torch.topk(a, 2, dim=0).values * torch.arange(6.0).reshape(2, 3))
function("elu_large_negative", "activation", [torch.tensor([-40.0, -5.0, -0.5, 0.5, 3.0])])(lambda a: F.elu(a) + F.selu(a))

function("scalar_smooth_activations", "scalar", [scalar(0.8), scalar(-1.3)], "scalar")(
    lambda a, b: F.gelu(a) * F.silu(b) + F.mish(a * b) + F.softsign(b) / (1 + a * a) + F.logsigmoid(a - b)
    + F.gelu(b, approximate="tanh"))

function("binary_cross_entropy_with_logits_targets", "loss", [normal(2, 3), normal(2, 3)])(
    lambda a, t: F.binary_cross_entropy_with_logits(a, torch.sigmoid(t)))
ATTENTION_MASK = torch.tensor([[0.0, -0.5, 0.3], [0.2, 0.0, float("-inf")], [-1.0, 0.4, 0.0]])
KEY_PADDING = torch.tensor([[0.0, 0.0, float("-inf")], [0.0, 0.0, 0.0]])   # the first sequence's last key is padding


def torch_attention(x, in_weight, in_bias, out_weight, out_bias):
    """PyTorch's own nn.MultiheadAttention computation (two heads, batch first) with an additive
    attention mask and a key padding mask; need_weights=True takes its unfused, twice
    differentiable path."""
    seq_first = x.transpose(0, 1)
    output, _ = F.multi_head_attention_forward(
        seq_first, seq_first, seq_first, 4, 2, in_weight, in_bias, None, None, False, 0.0, out_weight, out_bias,
        training=False, key_padding_mask=KEY_PADDING, need_weights=True, attn_mask=ATTENTION_MASK)
    return output.transpose(0, 1)


function("multi_head_attention_masks", "layer", [normal(2, 3, 4), normal(12, 4) * 0.5, normal(12) * 0.1, normal(4, 4) * 0.5, normal(4)])(
    torch_attention)

GRU_CELL, LSTM_CELL = torch.nn.GRUCell(3, 4), torch.nn.LSTMCell(3, 4)


def cell_parameters(weight_ih, weight_hh, bias_ih, bias_hh):
    return {"weight_ih": weight_ih, "weight_hh": weight_hh, "bias_ih": bias_ih, "bias_hh": bias_hh}


function("gru_cell", "layer", [normal(2, 3), normal(2, 4), normal(12, 3) * 0.5, normal(12, 4) * 0.5, normal(12) * 0.1, normal(12) * 0.1])(
    lambda x, h, *weights: torch.func.functional_call(GRU_CELL, cell_parameters(*weights), (x, h)))
function("lstm_cell", "layer", [normal(2, 3), normal(2, 4), normal(2, 4), normal(16, 3) * 0.5, normal(16, 4) * 0.5, normal(16) * 0.1,
                                normal(16) * 0.1])(
    lambda x, h, c, *weights: torch.cat(torch.func.functional_call(LSTM_CELL, cell_parameters(*weights), (x, (h, c))), dim=1))


# PyTorch's conventions exactly at kinks and ties, which Backprop follows: the gradient of a
# tie is shared evenly by max(), maximum, minimum and scatter's amax, goes to the first position
# in max(dim) and to the latest in cummax and cummin, and moves with a stable sort; relu and abs
# give 0 at 0, leaky_relu the slope, hardsigmoid 0 at ±3. (Where PyTorch 2.15 differs from
# Backprop at a kink, the inputs keep away from it: clamp at its bounds and hardswish at ±3,
# where PyTorch now takes the minimum-norm subgradient; elu and selu at 0, whose second
# derivative PyTorch takes from the other side than the first; the infinity norms' ties.)
TIES = torch.tensor([[1.0, 3.0, 3.0, -2.0], [0.5, 0.5, -1.0, 0.5]])
AT_KINKS = torch.tensor([-3.0, -1.0, 0.0, 0.0, 1.0, 3.0])
function("max_dim_ties", "reduction", [TIES.clone()])(lambda a: a.max(dim=1).values ** 2)
function("max_all_ties", "reduction", [torch.tensor([[2.0, -1.0, 2.0], [0.5, 2.0, 1.0]])])(lambda a: a.max() ** 2)
function("cummax_ties", "tensor", [torch.tensor([1.0, 3.0, 2.0, 3.0, 0.5, 3.0])])(lambda a: torch.cummax(a, dim=0).values * torch.arange(1.0, 7.0))
function("cummin_ties", "tensor", [torch.tensor([2.0, 1.0, 1.0, 3.0, 1.0])])(lambda a: torch.cummin(a, dim=0).values * torch.arange(1.0, 6.0))
function("sort_stable_ties", "tensor", [TIES.clone()])(
    lambda a: torch.sort(a, dim=1, descending=True, stable=True).values * torch.arange(8.0).reshape(2, 4))
function("scatter_reduce_amax_ties", "tensor", [torch.tensor([[1.0, 2.0, 0.0], [3.0, 1.0, 1.0], [0.0, 0.0, 2.0]]),
                                                torch.tensor([[0.0, 2.0], [3.0, 3.0], [2.0, 1.0]])])(
    lambda a, s: a.scatter_reduce(1, SCATTER_INDEX, s, reduce="amax") * torch.arange(9.0).reshape(3, 3))
function("maximum_minimum_ties", "selection", [torch.tensor([1.0, 2.0, -1.0]), torch.tensor([1.0, 0.5, -1.0])])(
    lambda a, b: torch.maximum(a, b) * 2 + torch.minimum(a, b) * torch.tensor([1.0, 2.0, 3.0]))
function("relu_abs_at_zero", "unary", [torch.tensor([0.0, -1.0, 0.0, 2.0])])(lambda a: torch.relu(a) * 3 + torch.abs(a))
function("activations_at_kinks", "activation", [AT_KINKS.clone()])(
    lambda a: F.leaky_relu(a, 0.2) + hardsigmoid(a) * 4)


def numbers(tensor):
    return [repr(float(v)) for v in tensor.detach().reshape(-1).tolist()]


def encoded(tensor):
    return {"shape": list(tensor.shape), "values": numbers(tensor)}


def reference(entry):
    f, inputs = entry["f"], [x.clone() for x in entry["inputs"]]
    leaves = [x.clone().requires_grad_(True) for x in inputs]
    output = f(*leaves)
    cotangent = torch.ones_like(output) if output.numel() == 1 else torch.randn(output.shape, generator=cotangent_generator)
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
