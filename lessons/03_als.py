"""Computed values, formulas and figures for lessons/03-als.md.

The ALS here is a compact batched version (every row's ridge system solved in one call); it is
run on synthetic ratings from `tutor.data`, so every number the lesson shows is measured.
"""

from functools import cache

import numpy as np
import sympy as sp

from tutor.data import split_ratings, synthetic_ratings
from tutor.lessonkit import Figure, figure, formula, value

USERS, ITEMS, PLANTED, DENSITY, NOISE = 200, 150, 4, 0.2, 0.5
LAM, ROUNDS, KS = 1.0, 20, tuple(range(1, 13))


def _half_step(R, mask, fixed, lam):
    k = fixed.shape[1]
    outer = (fixed[:, :, None] * fixed[:, None, :]).reshape(fixed.shape[0], k * k)
    G = (mask.astype(float) @ outer).reshape(-1, k, k) + lam * np.eye(k)
    return np.linalg.solve(G, (np.where(mask, R, 0.0) @ fixed)[:, :, None])[:, :, 0]


def _objective(R, mask, U, V, lam):
    return float(np.sum(np.where(mask, R - U @ V.T, 0.0) ** 2) + lam * (np.sum(U**2) + np.sum(V**2)))


def _rmse(R, mask, U, V):
    return float(np.sqrt(np.mean((R - U @ V.T)[mask] ** 2)))


def _als(R, mask, k, lam, rounds, seed=0, trace=False):
    rng = np.random.default_rng(seed)
    U, V = rng.standard_normal((R.shape[0], k)), rng.standard_normal((R.shape[1], k))
    history = []
    for _ in range(rounds):
        U = _half_step(R, mask, V, lam)
        history.append(_objective(R, mask, U, V, lam))
        V = _half_step(R.T, mask.T, U, lam)
        history.append(_objective(R, mask, U, V, lam))
    return (U, V, history) if trace else (U, V)


@cache
def _data():
    R, mask = synthetic_ratings(USERS, ITEMS, PLANTED, DENSITY, NOISE, seed=3)
    train, test = split_ratings(mask, holdout=0.2, seed=3)
    return R, mask, train, test


@cache
def _curve():
    R, _, train, test = _data()
    rows = []
    for k in KS:
        U, V = _als(R, train, k, LAM, ROUNDS)
        rows.append((_rmse(R, train, U, V), _rmse(R, test, U, V)))
    return np.array(rows)


@value
def shape():
    return f"{USERS} x {ITEMS}"


@value
def observed():
    return int(_data()[1].sum())


@value
def observed_share():
    return f"{100 * _data()[1].mean():.1f}%"


@value
def held_out():
    return int(_data()[3].sum())


@value
def planted_rank():
    return PLANTED


@value
def noise():
    return NOISE


@value
def lam():
    return LAM


@value
def rounds():
    return ROUNDS


@value
def objective_trace():
    R, _, train, _ = _data()
    history = _als(R, train, PLANTED, LAM, 4, trace=True)[2]
    return ", ".join(f"{v:.1f}" for v in history)


@value
def best_k():
    return int(KS[int(np.argmin(_curve()[:, 1]))])


@value
def best_held_out():
    return float(_curve()[:, 1].min())


@value
def largest_k():
    return KS[-1]


@value
def largest_k_train():
    return float(_curve()[-1, 0])


@value
def largest_k_held_out():
    return float(_curve()[-1, 1])


@value
def k1_held_out():
    return float(_curve()[0, 1])


@formula
def objective():
    i, j, m, n = sp.symbols("i j m n", integer=True, positive=True)
    fit = sp.Symbol("M_ij") * (sp.Symbol("R_ij") - sp.Symbol("u_i·v_j")) ** 2
    penalty = sp.Symbol("lambda") * (sp.Sum(sp.Symbol("‖u_i‖") ** 2, (i, 1, m)) + sp.Sum(sp.Symbol("‖v_j‖") ** 2, (j, 1, n)))
    return sp.Eq(sp.Symbol("J"), sp.Add(sp.Sum(fit, (j, 1, n), (i, 1, m)), penalty, evaluate=False), evaluate=False)


@formula
def half_step():
    F, r, lam_ = sp.Symbol("F_i", commutative=False), sp.Symbol("r_i", commutative=False), sp.Symbol("lambda")
    I = sp.Symbol("I", commutative=False)
    return sp.Eq(sp.Symbol("u_i", commutative=False),
                 (sp.Symbol("F_iᵀ", commutative=False) * F + lam_ * I) ** -1 * sp.Symbol("F_iᵀ", commutative=False) * r,
                 evaluate=False)


@figure
def mask_picture():
    _, mask, _, _ = _data()
    return Figure.heatmap(mask[:40, :60].astype(float), "Observed ratings of the first 40 users and 60 items (1 = rated)",
                          cmap="sequential")


@figure
def rmse_curve():
    curve = _curve()
    return Figure.line(KS, {"train": curve[:, 0], "held-out": curve[:, 1]},
                       f"RMSE versus the number of factors k (lam = {LAM}, {ROUNDS} rounds)", xlabel="k", ylabel="RMSE")
