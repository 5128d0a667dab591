"""Computed values, formulas and figures for lessons/02-svd.md."""

import numpy as np
import sympy as sp

from tutor.lessonkit import Figure, figure, formula, value

_rng = np.random.default_rng(2)
# A 12 x 10 matrix with three strong directions plus noise.
A = _rng.standard_normal((12, 3)) @ np.diag([6.0, 4.0, 2.5]) @ _rng.standard_normal((3, 10)) / 3 \
    + 0.3 * _rng.standard_normal((12, 10))
U, S, VT = np.linalg.svd(A, full_matrices=False)
K = 3


def _truncate(k):
    return (U[:, :k] * S[:k]) @ VT[:k]


@value
def singular_values():
    return ", ".join(f"{v:.3g}" for v in S)


@value
def error_direct():
    return f"{np.linalg.norm(A - _truncate(K)):.6f}"


@value
def error_from_s():
    return f"{np.sqrt(np.sum(S[K:] ** 2)):.6f}"


@value
def spectral_error():
    return f"{np.linalg.norm(A - _truncate(K), 2):.6f}"


@value
def next_singular_value():
    return f"{S[K]:.6f}"


@value
def energy_kept():
    return f"{100 * np.sum(S[:K] ** 2) / np.sum(S ** 2):.1f}%"


@value
def values_kept():
    return f"{100 * K * (A.shape[0] + A.shape[1] + 1) / A.size:.0f}%"


@value
def rank_one_error():
    return f"{np.linalg.norm(A - _truncate(1)):.3g}"


def _terms():
    """s_i u_i v_i^T with the order of the (non-commuting) vectors kept."""
    return sp.Symbol("s_i") * sp.Symbol("u_i", commutative=False) * sp.Symbol("vᵢᵀ", commutative=False)


@formula
def decomposition():
    i, r = sp.symbols("i r", integer=True, positive=True)
    return sp.Eq(sp.Symbol("A"), sp.Sum(_terms(), (i, 1, r)), evaluate=False)


@formula
def truncation():
    i, k = sp.symbols("i k", integer=True, positive=True)
    return sp.Eq(sp.Symbol("A_k"), sp.Sum(_terms(), (i, 1, k)), evaluate=False)


@formula
def error():
    i, k, r = sp.symbols("i k r", integer=True, positive=True)
    return sp.Eq(sp.Symbol("‖A − Aₖ‖_F"), sp.sqrt(sp.Sum(sp.Symbol("s_i") ** 2, (i, k + 1, r))), evaluate=False)


@formula
def energy():
    i, k, r = sp.symbols("i k r", integer=True, positive=True)
    s2 = sp.Symbol("s_i") ** 2
    return sp.Eq(sp.Symbol("energy(k)"), sp.Sum(s2, (i, 1, k)) / sp.Sum(s2, (i, 1, r)), evaluate=False)


@figure
def spectrum():
    return Figure.row([Figure.spectrum(S, "Singular values", k=K), Figure.energy(S, "Cumulative energy", k=K)],
                      "The spectrum of A (12 x 10) and the share of energy the first k values capture")


@figure
def reconstructions():
    return Figure.row([Figure.heatmap(A, "A")] + [Figure.heatmap(_truncate(k), f"A_{k}") for k in (1, 2, 3, 5)],
                      "A beside its best approximations of rank 1, 2, 3 and 5")
