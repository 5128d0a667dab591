"""Computed values, formulas and figures for lessons/06-lora.md.

The weights here are synthetic: a random "pretrained" matrix, and a "fine-tuned" one that
differs from it by a rank-4 change plus small noise, built that way on purpose.
"""

import numpy as np
import sympy as sp

from tutor.lessonkit import Figure, figure, formula, value

D_OUT, D_IN, PLANTED, NOISE = 64, 48, 4, 0.003
_rng = np.random.default_rng(6)
W = _rng.standard_normal((D_OUT, D_IN)) / np.sqrt(D_IN)
_U = np.linalg.qr(_rng.standard_normal((D_OUT, PLANTED)))[0]
_V = np.linalg.qr(_rng.standard_normal((D_IN, PLANTED)))[0]
PLANTED_STRENGTHS = np.array([1.2, 0.9, 0.6, 0.4])
DELTA = _U @ np.diag(PLANTED_STRENGTHS) @ _V.T + NOISE * _rng.standard_normal((D_OUT, D_IN))
W_TUNED = W + DELTA
X = _rng.standard_normal((10, D_IN))  # ten inputs, one per row
RANKS = np.arange(1, 17)
ALPHA, R = 16.0, 8


def _lora_from_delta(delta, r):
    U, s, Vt = np.linalg.svd(delta, full_matrices=False)
    return U[:, :r] * s[:r], Vt[:r]  # B = U_r S_r, A = V_r^T


def _relative_error(matrix, r):
    s = np.linalg.svd(matrix, compute_uv=False)
    return float(np.sqrt((s[r:] ** 2).sum() / (s**2).sum()))


def _lora_forward(X, W, A, B, alpha):
    return X @ W.T + (alpha / A.shape[0]) * (X @ A.T) @ B.T


def _lora_merge(W, A, B, alpha):
    return W + (alpha / A.shape[0]) * B @ A


# -- parameter counts -----------------------------------------------------------------------------

@value
def full_params_4096():
    return 4096 * 4096


@value
def lora_params_4096():
    return 8 * (4096 + 4096)


@value
def lora_share_4096():
    return f"{100 * 8 * (4096 + 4096) / 4096**2:.2f}%"


@value
def d_out():
    return D_OUT


@value
def d_in():
    return D_IN


# -- the synthetic fine-tuning --------------------------------------------------------------------

@value
def planted_rank():
    return PLANTED


@value
def noise_level():
    return f"{NOISE:g}"


@value
def w_singular_values():
    return ", ".join(f"{v:.2f}" for v in np.linalg.svd(W, compute_uv=False)[:6])


@value
def delta_singular_values():
    return ", ".join(f"{v:.3f}" for v in np.linalg.svd(DELTA, compute_uv=False)[:6])


@value
def w_rank4_error():
    return f"{100 * _relative_error(W, PLANTED):.0f}%"


@value
def delta_rank4_error():
    return f"{100 * _relative_error(DELTA, PLANTED):.1f}%"


@value
def w_rank16_error():
    return f"{100 * _relative_error(W, 16):.0f}%"


@figure
def spectra():
    return Figure.row([Figure.spectrum(np.linalg.svd(W, compute_uv=False), "W (pretrained)", k=PLANTED),
                       Figure.spectrum(np.linalg.svd(DELTA, compute_uv=False), "ΔW = W' - W", k=PLANTED)],
                      f"Singular values of the {D_OUT} x {D_IN} weights and of their change")


@figure
def error_by_rank():
    return Figure.line(RANKS, {"ΔW": [_relative_error(DELTA, r) for r in RANKS],
                               "W": [_relative_error(W, r) for r in RANKS]},
                       "Relative error of the best rank-r approximation", xlabel="r", ylabel="relative error")


# -- from a weight difference to LoRA factors ----------------------------------------------------

@value
def from_delta_output_error():
    B, A = _lora_from_delta(DELTA, PLANTED)
    exact = X @ W_TUNED.T
    lora = X @ W.T + X @ A.T @ B.T
    return f"{np.linalg.norm(lora - exact) / np.linalg.norm(exact):.4f}"


@value
def from_delta_params():
    return PLANTED * (D_OUT + D_IN)


@value
def full_params():
    return D_OUT * D_IN


@value
def split_difference():
    B, A = _lora_from_delta(DELTA, PLANTED)
    U, s, Vt = np.linalg.svd(DELTA, full_matrices=False)
    B2, A2 = U[:, :PLANTED] * np.sqrt(s[:PLANTED]), np.sqrt(s[:PLANTED])[:, None] * Vt[:PLANTED]
    return f"{np.abs(B @ A - B2 @ A2).max():.1e}"


# -- scaling, initialisation, merging -------------------------------------------------------------

@value
def alpha():
    return f"{ALPHA:g}"


@value
def rank():
    return R


@value
def scale():
    return f"{ALPHA / R:g}"


@value
def init_difference():
    A = np.random.default_rng(60).standard_normal((R, D_IN)) / np.sqrt(D_IN)  # random A, B = 0
    B = np.zeros((D_OUT, R))
    return f"{np.abs(_lora_forward(X, W, A, B, ALPHA) - X @ W.T).max():g}"


@value
def unscaled_factor_error():
    """Putting the SVD factors of delta into a layer that scales by alpha / r."""
    B, A = _lora_from_delta(DELTA, R)
    wrong = _lora_merge(W, A, B, ALPHA) - W_TUNED
    return f"{np.linalg.norm(wrong) / np.linalg.norm(DELTA):.2f}"


@value
def merge_difference():
    B, A = _lora_from_delta(DELTA, R)
    B = B / (ALPHA / R)
    merged = X @ _lora_merge(W, A, B, ALPHA).T
    return f"{np.abs(merged - _lora_forward(X, W, A, B, ALPHA)).max():.1e}"


@value
def unmerged_extra_multiplications():
    n = X.shape[0]
    return n * R * (D_IN + D_OUT)


@value
def merged_multiplications():
    return X.shape[0] * D_IN * D_OUT


@formula
def lora_update():
    B, A = sp.Symbol("B", commutative=False), sp.Symbol("A", commutative=False)
    return sp.Eq(sp.Symbol("ΔW"), B * A, evaluate=False)


@formula
def lora_layer():
    x, W = sp.Symbol("x", commutative=False), sp.Symbol("W", commutative=False)
    B, A = sp.Symbol("B", commutative=False), sp.Symbol("A", commutative=False)
    alpha, r = sp.symbols("α r", positive=True)
    return sp.Eq(sp.Symbol("h"), W * x + alpha / r * B * A * x, evaluate=False)


@formula
def lora_rows():
    X, Wt = sp.Symbol("X", commutative=False), sp.Symbol("Wᵀ", commutative=False)
    At, Bt = sp.Symbol("Aᵀ", commutative=False), sp.Symbol("Bᵀ", commutative=False)
    alpha, r = sp.symbols("α r", positive=True)
    return sp.Eq(sp.Symbol("H"), X * Wt + alpha / r * X * At * Bt, evaluate=False)


@formula
def merged():
    W, B, A = (sp.Symbol(name, commutative=False) for name in ("W", "B", "A"))
    alpha, r = sp.symbols("α r", positive=True)
    return sp.Eq(sp.Symbol("W_merged"), W + alpha / r * B * A, evaluate=False)


@formula
def param_count():
    r, d_in, d_out = sp.symbols("r d_in d_out", positive=True, integer=True)
    return sp.Eq(sp.Symbol("parameters"), r * (d_in + d_out), evaluate=False)
