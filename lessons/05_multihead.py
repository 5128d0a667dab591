"""Computed values, formulas and figures for lessons/05-multihead.md."""

import numpy as np
import sympy as sp

from tutor.lessonkit import Figure, figure, formula, value

D_MODEL, HEADS, D_HEAD = 16, 4, 4
_rng = np.random.default_rng(5)
W_Q, W_K, W_V = (_rng.standard_normal((D_MODEL, HEADS * D_HEAD)) / np.sqrt(D_MODEL) for _ in range(3))
W_O = _rng.standard_normal((HEADS * D_HEAD, D_MODEL)) / np.sqrt(D_MODEL)
X = _rng.standard_normal((8, D_MODEL))
TOKENS = [f"t{i}" for i in range(X.shape[0])]


def _cols(h):
    return slice(h * D_HEAD, (h + 1) * D_HEAD)


def _qk(h):
    return W_Q[:, _cols(h)] @ W_K[:, _cols(h)].T


def _ov(h):
    return W_V[:, _cols(h)] @ W_O[_cols(h), :]


def _projection_params(d_model, heads, d_head):
    return 4 * d_model * heads * d_head


@value
def params_eight_heads():
    return _projection_params(512, 8, 64)


@value
def params_one_head():
    return _projection_params(512, 1, 512)


@value
def d_model():
    return D_MODEL


@value
def heads():
    return HEADS


@value
def d_head():
    return D_HEAD


@value
def qk_ranks():
    return ", ".join(str(int(np.linalg.matrix_rank(_qk(h)))) for h in range(HEADS))


@value
def ov_ranks():
    return ", ".join(str(int(np.linalg.matrix_rank(_ov(h)))) for h in range(HEADS))


@value
def qk_full_rank():
    return int(np.linalg.matrix_rank(W_Q @ W_K.T))


@value
def qk_head0_singular_values():
    s = np.linalg.svd(_qk(0), compute_uv=False)
    return ", ".join(f"{v:.2g}" for v in s[: D_HEAD + 2])


def _factored_singular_values(A, B):
    _, Ra = np.linalg.qr(A)
    _, Rb = np.linalg.qr(B.T)
    return np.linalg.svd(Ra @ Rb.T, compute_uv=False)


@value
def factored_values():
    return ", ".join(f"{v:.6f}" for v in _factored_singular_values(W_Q[:, _cols(0)], W_K[:, _cols(0)].T))


@value
def direct_values():
    return ", ".join(f"{v:.6f}" for v in np.linalg.svd(_qk(0), compute_uv=False)[:D_HEAD])


@value
def big_entries():
    return 4096 * 4096


@value
def big_factor_entries():
    return 2 * 4096 * 64


@formula
def qk_circuit():
    return sp.Eq(sp.Symbol("W_QK[h]", commutative=False),
                 sp.Symbol("W_Q[h]", commutative=False) * sp.Symbol("W_K[h]ᵀ", commutative=False), evaluate=False)


@formula
def ov_circuit():
    return sp.Eq(sp.Symbol("W_OV[h]", commutative=False),
                 sp.Symbol("W_V[h]", commutative=False) * sp.Symbol("W_O[h]", commutative=False), evaluate=False)


@formula
def score():
    return sp.Eq(sp.Symbol("score_h(i, j)"), sp.Symbol("x_iᵀ", commutative=False) * sp.Symbol("W_QK[h]", commutative=False)
                 * sp.Symbol("x_j", commutative=False) / sp.sqrt(sp.Symbol("d_head")), evaluate=False)


@formula
def factored():
    Q = lambda name: sp.Symbol(name, commutative=False)  # noqa: E731
    return sp.Eq(Q("A") * Q("B"), Q("Q_A") * Q("R_A") * Q("R_Bᵀ") * Q("Q_Bᵀ"), evaluate=False)


@figure
def head_patterns():
    patterns = []
    for h in range(HEADS):
        scores = (X @ W_Q[:, _cols(h)]) @ (X @ W_K[:, _cols(h)]).T / np.sqrt(D_HEAD)
        e = np.exp(scores - scores.max(axis=1, keepdims=True))
        patterns.append(e / e.sum(axis=1, keepdims=True))
    return Figure.heads(patterns, "Attention patterns of four heads on the same eight positions",
                        titles=[f"head {h}" for h in range(HEADS)])


@figure
def head_spectra():
    return Figure.row([Figure.spectrum(np.linalg.svd(_qk(h), compute_uv=False), f"W_QK of head {h}", k=D_HEAD)
                       for h in range(HEADS)], f"Singular values of each head's {D_MODEL} x {D_MODEL} W_QK: at most {D_HEAD} are nonzero")
