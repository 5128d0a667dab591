"""Computed values, formulas and figures for lessons/04-attention.md."""

import numpy as np
import sympy as sp

from tutor.lessonkit import Figure, figure, formula, value

_rng = np.random.default_rng(4)
# Four keys and values in two dimensions, one query.
VALUES = np.array([[1.0, 0.0], [4.0, 1.0], [3.0, 3.0], [0.0, 2.0]])
KEYS = _rng.standard_normal((4, 2))
QUERY = np.array([1.5, -0.5])
TOKENS = ["the", "cat", "sat", "on", "the", "mat"]
SEQUENCE = _rng.standard_normal((len(TOKENS), 8))


def _softmax(x, axis=-1):
    top = np.max(x, axis=axis, keepdims=True)
    e = np.exp(x - np.where(np.isfinite(top), top, 0.0))
    return e / e.sum(axis=axis, keepdims=True)


def _weights():
    return _softmax(KEYS @ QUERY / np.sqrt(2))


@value
def weights():
    return ", ".join(f"{w:.3f}" for w in _weights())


@value
def weight_sum():
    return f"{_weights().sum():.6f}"


@value
def output():
    o = _weights() @ VALUES
    return f"({o[0]:.3f}, {o[1]:.3f})"


@value
def target():
    return "(6, -1)"


@value
def values_text():
    return ", ".join(f"({v[0]:g}, {v[1]:g})" for v in VALUES)


@value
def regression_weights():
    w = np.linalg.lstsq(VALUES.T, np.array([6.0, -1.0]), rcond=None)[0]
    return ", ".join(f"{v:.3f}" for v in w)


@value
def regression_weight_sum():
    return f"{np.linalg.lstsq(VALUES.T, np.array([6.0, -1.0]), rcond=None)[0].sum():.3f}"


@value
def naive_large():
    x = np.array([1000.0, 1001.0, 1002.0])
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(x)
        w = e / e.sum()
    return ", ".join(str(v) for v in w)


@value
def stable_large():
    return ", ".join(f"{v:.4f}" for v in _softmax(np.array([1000.0, 1001.0, 1002.0])))


@value
def small_example():
    return ", ".join(f"{v:.4f}" for v in _softmax(np.array([0.0, 1.0, 2.0])))


@formula
def attention_output():
    i, n = sp.symbols("i n", integer=True, positive=True)
    return sp.Eq(sp.Symbol("o"), sp.Sum(sp.Symbol("a_i") * sp.Symbol("v_i", commutative=False), (i, 1, n)), evaluate=False)


@formula
def attention_weights():
    i, j, n = sp.symbols("i j n", integer=True, positive=True)
    d = sp.Symbol("d_k", positive=True)
    return sp.Eq(sp.Symbol("a_i"), sp.exp(sp.Symbol("q·kᵢ") / sp.sqrt(d)) / sp.Sum(sp.exp(sp.Symbol("q·kⱼ") / sp.sqrt(d)), (j, 1, n)),
                 evaluate=False)


@formula
def shift():
    i, j, n = sp.symbols("i j n", integer=True, positive=True)
    x_i, x_j, c = sp.Symbol("x_i"), sp.Symbol("xⱼ"), sp.Symbol("c")
    return sp.Eq(sp.exp(x_i) / sp.Sum(sp.exp(x_j), (j, 1, n)), sp.exp(x_i - c) / sp.Sum(sp.exp(x_j - c), (j, 1, n)),
                 evaluate=False)


@formula
def logsumexp():
    j, n = sp.symbols("j n", integer=True, positive=True)
    m, x_j = sp.Symbol("m"), sp.Symbol("xⱼ")
    return sp.Eq(sp.log(sp.Sum(sp.exp(x_j), (j, 1, n))), m + sp.log(sp.Sum(sp.exp(x_j - m), (j, 1, n))), evaluate=False)


def _pattern(causal):
    scores = SEQUENCE @ SEQUENCE.T / np.sqrt(SEQUENCE.shape[1])
    if causal:
        scores = np.where(np.tril(np.ones(scores.shape, dtype=bool)), scores, -np.inf)
    return _softmax(scores)


@figure
def patterns():
    return Figure.row([Figure.attention(_pattern(False), "no mask", labels=TOKENS),
                       Figure.attention(_pattern(True), "causal mask", labels=TOKENS)],
                      "Self-attention weights of six positions (rows: queries, columns: keys)")
