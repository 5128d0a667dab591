"""Computed values, formulas and figures for lessons/01-rank.md."""

import numpy as np
import sympy as sp

from tutor.lessonkit import Figure, figure, formula, value

EPS = np.finfo(np.float64).eps

# A regression design with two columns and two targets, one inside the span and one outside.
X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
Y_IN = np.array([1.0, 2.0, 3.0])
Y_OUT = np.array([1.0, 0.0, 0.0])

# Four features where the third is the sum of the first two and the fourth is twice the first.
_rng = np.random.default_rng(1)
_base = _rng.integers(-3, 4, size=(6, 2))
FEATURES = np.column_stack([_base[:, 0], _base[:, 1], _base[:, 0] + _base[:, 1], 2 * _base[:, 0]])

# An exact rank-2 matrix of small integers: the product of a 6 x 2 and a 2 x 5 factor.
LEFT = _rng.integers(-3, 4, size=(6, 2))
RIGHT = _rng.integers(-3, 4, size=(2, 5))
PRODUCT = LEFT @ RIGHT

# A noisy rank-3 matrix for the picture of its singular values.
NOISY = _rng.standard_normal((30, 3)) @ _rng.standard_normal((3, 20)) + 0.05 * _rng.standard_normal((30, 20))


def _residual(y):
    w = np.linalg.lstsq(X, y, rcond=None)[0]
    return w, float(np.linalg.norm(X @ w - y))


@value
def in_weights():
    w, _ = _residual(Y_IN)
    return f"({w[0]:.4g}, {w[1]:.4g})"


@value
def in_residual():
    return f"{_residual(Y_IN)[1]:.1e}"


@value
def out_residual():
    return _residual(Y_OUT)[1]


@value
def feature_count():
    return FEATURES.shape[1]


@value
def feature_rank():
    return int(sp.Matrix(FEATURES.tolist()).rank())


@value
def product_exact_rank():
    return int(sp.Matrix(PRODUCT.tolist()).rank())


@value
def product_singular_values():
    s = np.linalg.svd(PRODUCT.astype(float), compute_uv=False)
    return ", ".join(f"{v:.3g}" for v in s)


@value
def product_tolerance():
    s = np.linalg.svd(PRODUCT.astype(float), compute_uv=False)
    return f"{s[0] * max(PRODUCT.shape) * EPS:.2g}"


@value
def product_numerical_rank():
    s = np.linalg.svd(PRODUCT.astype(float), compute_uv=False)
    return int(np.sum(s > s[0] * max(PRODUCT.shape) * EPS))


@value
def product_nonzero_count():
    return int(np.count_nonzero(np.linalg.svd(PRODUCT.astype(float), compute_uv=False)))


@value
def noisy_numerical_rank():
    s = np.linalg.svd(NOISY, compute_uv=False)
    return int(np.sum(s > s[0] * max(NOISY.shape) * EPS))


@value
def noisy_third():
    return f"{np.linalg.svd(NOISY, compute_uv=False)[2]:.3g}"


@value
def noisy_fourth():
    return f"{np.linalg.svd(NOISY, compute_uv=False)[3]:.3g}"


@value
def lora_full():
    return 4096 * 4096


@value
def lora_factored():
    return 4 * (4096 + 4096)


@value
def lora_ratio():
    return f"{4096 * 4096 / (4 * (4096 + 4096)):.0f}"


@formula
def tolerance():
    s, m, n, eps = sp.symbols("s_max m n epsilon", positive=True)
    return sp.Eq(sp.Symbol("tol"), s * sp.Max(m, n) * eps)


@formula
def parameter_count():
    m, n, k = sp.symbols("m n k", positive=True, integer=True)
    return sp.Eq(sp.Symbol("numbers"), k * (m + n))


@figure
def noisy_spectrum():
    return Figure.spectrum(np.linalg.svd(NOISY, compute_uv=False), "Singular values of a 30 x 20 matrix: rank 3 plus noise", k=3)


@figure
def factors():
    return Figure.row([Figure.heatmap(PRODUCT, "A = L R (6 x 5)"), Figure.heatmap(LEFT, "L (6 x 2)"),
                       Figure.heatmap(RIGHT, "R (2 x 5)")], "A matrix of rank 2 and its two factors")


@figure
def features():
    return Figure.matrix(FEATURES, "Six rows of four features (columns 3 and 4 are redundant)", precision=0)
