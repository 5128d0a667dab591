"""Computed values, formulas and figures for lessons/01-rank.md."""

from functools import cache

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
# A target the features fit exactly, with weights that are one of infinitely many choices.
W_PLANTED = np.array([1.0, 1.0, 0.0, 0.0])
Y_FEATURES = FEATURES @ W_PLANTED

# An exact rank-2 matrix of small integers: the product of a 6 x 2 and a 2 x 5 factor.
LEFT = _rng.integers(-3, 4, size=(6, 2))
RIGHT = _rng.integers(-3, 4, size=(2, 5))
PRODUCT = LEFT @ RIGHT

# A rank-3 matrix plus i.i.d. noise of standard deviation SIGMA in every entry.
SIGMA = 0.05
SIGNAL = _rng.standard_normal((30, 3)) @ _rng.standard_normal((3, 20))
NOISE = SIGMA * _rng.standard_normal((30, 20))
NOISY = SIGNAL + NOISE
SIGNAL_RANK = 3


def _residual(y):
    w = np.linalg.lstsq(X, y, rcond=None)[0]
    return w, float(np.linalg.norm(X @ w - y))


def _vector(v, digits=4):
    return "(" + ", ".join(f"{x:.{digits}g}" for x in v) + ")"


@cache
def _product_s():
    return np.linalg.svd(PRODUCT.astype(float), compute_uv=False)


@cache
def _noisy_s():
    return np.linalg.svd(NOISY, compute_uv=False)


@cache
def _min_norm_weights():
    return np.linalg.lstsq(FEATURES.astype(float), Y_FEATURES.astype(float), rcond=None)[0]


@cache
def _cr():
    """Strang's A = C R for the feature table: C = the pivot columns, R = the nonzero rows of rref."""
    reduced, pivots = sp.Matrix(FEATURES.tolist()).rref()
    r = len(pivots)
    C = FEATURES[:, list(pivots)]
    R = np.array(reduced[:r, :].tolist(), dtype=int)
    return C, R, pivots


# -- what a matrix can reach -----------------------------------------------------------------

@value
def in_weights():
    w, _ = _residual(Y_IN)
    return _vector(w)


@value
def in_residual():
    return f"{_residual(Y_IN)[1]:.1e}"


@value
def out_residual():
    return _residual(Y_OUT)[1]


@value
def out_distance():
    """The distance from Y_OUT to the plane, computed from the plane's normal vector."""
    normal = np.cross(X[:, 0], X[:, 1])
    return abs(float(Y_OUT @ normal)) / float(np.linalg.norm(normal))


# -- redundant features ----------------------------------------------------------------------

@value
def feature_count():
    return FEATURES.shape[1]


@value
def feature_rank():
    return int(sp.Matrix(FEATURES.tolist()).rank())


@value
def null_direction():
    w0 = np.array([1, 1, -1, 0])
    assert not np.any(FEATURES @ w0)
    return _vector(w0)


@value
def planted_weights():
    return _vector(W_PLANTED)


@value
def planted_norm():
    return float(np.linalg.norm(W_PLANTED))


@value
def feature_target():
    return _vector(Y_FEATURES)


@value
def min_norm_weights():
    return _vector(_min_norm_weights())


@value
def min_norm():
    return float(np.linalg.norm(_min_norm_weights()))


@value
def min_norm_residual():
    w = _min_norm_weights()
    return f"{np.linalg.norm(FEATURES @ w - Y_FEATURES):.1e}"


# -- exact and numerical rank ----------------------------------------------------------------

@value
def product_exact_rank():
    return int(sp.Matrix(PRODUCT.tolist()).rank())


@value
def product_singular_values():
    return ", ".join(f"{v:.3g}" for v in _product_s())


@value
def product_tiny_count():
    return int(_product_s().size - product_exact_rank())


@value
def product_tiny_relative():
    s = _product_s()
    return ", ".join(f"{v / s[0]:.2g}" for v in s[product_exact_rank():])


@value
def product_tolerance():
    s = _product_s()
    return f"{s[0] * max(PRODUCT.shape) * EPS:.2g}"


@value
def product_numerical_rank():
    s = _product_s()
    return int(np.sum(s > s[0] * max(PRODUCT.shape) * EPS))


@value
def product_nonzero_count():
    return int(np.count_nonzero(_product_s()))


# -- how big is the noise --------------------------------------------------------------------

@value
def sigma():
    return SIGMA


@value
def noisy_numerical_rank():
    s = _noisy_s()
    return int(np.sum(s > s[0] * max(NOISY.shape) * EPS))


@value
def noisy_third():
    return f"{_noisy_s()[SIGNAL_RANK - 1]:.3g}"


@value
def noisy_fourth():
    return f"{_noisy_s()[SIGNAL_RANK]:.3g}"


@value
def noise_edge():
    m, n = NOISY.shape
    return f"{SIGMA * (np.sqrt(m) + np.sqrt(n)):.3f}"


@value
def noise_alone_largest():
    return f"{np.linalg.svd(NOISE, compute_uv=False)[0]:.3f}"


@value
def noisy_fourth_precise():
    return f"{_noisy_s()[SIGNAL_RANK]:.3f}"


@value
def rank_above_edge():
    m, n = NOISY.shape
    return int(np.sum(_noisy_s() > SIGMA * (np.sqrt(m) + np.sqrt(n))))


@value
def sigma_from_tail():
    m, n = NOISY.shape
    tail = _noisy_s()[SIGNAL_RANK:]
    return f"{np.sqrt(np.sum(tail ** 2) / ((m - SIGNAL_RANK) * (n - SIGNAL_RANK))):.4f}"


# -- rank factorization ----------------------------------------------------------------------

@value
def cr_pivots():
    return " and ".join(str(p) for p in _cr()[2])


@value
def cr_exact():
    C, R, _ = _cr()
    return "exactly" if np.array_equal(C @ R, FEATURES) else "not exactly"


@value
def cr_numbers():
    C, R, _ = _cr()
    return C.size + R.size


@value
def feature_numbers():
    return FEATURES.size


# -- what low rank saves ---------------------------------------------------------------------

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
def edge():
    s, m, n = sp.symbols("sigma m n", positive=True)
    return sp.Eq(sp.Symbol("edge"), s * (sp.sqrt(m) + sp.sqrt(n)))


@formula
def sigma_estimate():
    m, n, r = sp.symbols("m n r", positive=True, integer=True)
    i = sp.Symbol("i", integer=True, positive=True)
    tail = sp.Sum(sp.Symbol("s_i") ** 2, (i, r + 1, sp.Min(m, n)))
    return sp.Eq(sp.Symbol("σ_est") ** 2, tail / ((m - r) * (n - r)), evaluate=False)


@formula
def parameter_count():
    m, n, k = sp.symbols("m n k", positive=True, integer=True)
    return sp.Eq(sp.Symbol("numbers"), k * (m + n))


@figure
def noisy_spectrum():
    return Figure.spectrum(_noisy_s(), "Singular values of a 30 x 20 matrix: rank 3 plus noise", k=SIGNAL_RANK)


@figure
def factors():
    return Figure.row([Figure.heatmap(PRODUCT, "A = L R (6 x 5)"), Figure.heatmap(LEFT, "L (6 x 2)"),
                       Figure.heatmap(RIGHT, "R (2 x 5)")], "A matrix of rank 2 and its two factors")


@figure
def features():
    return Figure.matrix(FEATURES, "Four features: column 2 = column 0 + column 1, column 3 = 2 x column 0",
                         precision=0)


@figure
def cr_factors():
    C, R, pivots = _cr()
    return Figure.row([Figure.matrix(C, f"C {C.shape[0]} x {C.shape[1]}", precision=0),
                       Figure.matrix(R, f"R {R.shape[0]} x {R.shape[1]}", precision=0)],
                      f"The feature table as A = C R: C is columns {' and '.join(map(str, pivots))} of A")
