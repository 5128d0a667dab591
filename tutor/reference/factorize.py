"""Trusted reference algorithms for the rating-matrix exercises, written for clarity and speed.

Hidden checks compare learners' answers with these; the ALS lesson and `bench/als.py` compute
their figures with them, so each algorithm exists once. Every function reads R only where
``mask`` is True (other entries may hold anything, NaN included).

- `baseline_fit`: the baseline predictors mu + b_user[i] + b_item[j], the exact ridge minimizer;
- `biased_als`: alternating exact minimization of biases and factors together;
- `als_plain`: ALS without biases (the als-fit exercise), batched;
- `impute_svd_fit`: fill the gaps with item means, then the best rank-k approximation;
- objectives and RMSE helpers.
"""

from __future__ import annotations

from typing import Literal, overload

import numpy as np
from numpy.typing import ArrayLike

BiasedFit = tuple[float, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
"""(mu, b_user, b_item, U, V): the global mean, both sides' biases and both sides' factors."""


def _clean(R: ArrayLike, mask: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    mask = np.asarray(mask, dtype=bool)
    return np.where(mask, np.asarray(R, dtype=float), 0.0), mask


def observed_mean(R: ArrayLike, mask: ArrayLike) -> float:
    """The mean of the observed ratings; ValueError when nothing is observed."""
    R, mask = _clean(R, mask)
    if not mask.any():
        raise ValueError("nothing is observed")
    return float(R[mask].mean())


def baseline_fit(R: ArrayLike, mask: ArrayLike, lam: float) -> tuple[float, np.ndarray, np.ndarray]:
    """(mu, b_user, b_item) minimizing sum over observed of (R - mu - b_user[i] - b_item[j])^2
    + lam (||b_user||^2 + ||b_item||^2), with mu the observed mean.

    Solved exactly: the normal equations couple users and items only through the mask, so the
    item biases are eliminated and the smaller (users x users or items x items) symmetric
    positive definite system is solved directly.
    """
    if not lam > 0:
        raise ValueError(f"lam must be > 0, got {lam}")
    R, mask = _clean(R, mask)
    mu = observed_mean(R, mask)
    W = mask.astype(float)
    residual = np.where(mask, R - mu, 0.0)
    if W.shape[0] > W.shape[1]:
        mu, b_item, b_user = baseline_fit(R.T, mask.T, lam)
        return mu, b_user, b_item
    count_u, count_i = W.sum(axis=1), W.sum(axis=0)
    sum_u, sum_i = residual.sum(axis=1), residual.sum(axis=0)
    # Items: (count_i + lam) b_item = sum_i - W^T b_user. Substitute into the users' equations.
    A = np.diag(count_u + lam) - (W / (count_i + lam)) @ W.T
    b_user = np.linalg.solve(A, sum_u - W @ (sum_i / (count_i + lam))) if W.shape[0] else np.zeros(0)
    b_item = (sum_i - W.T @ b_user) / (count_i + lam)
    return mu, b_user, b_item


class Observed:
    """The observed entries of (R, mask), listed once by row and once by column.

    A half-step sums outer products over the observed entries only (np.add.reduceat over each
    row's run of entries), so its cost grows with the number of ratings, not with m x n.
    """

    def __init__(self, R: ArrayLike, mask: ArrayLike) -> None:
        R, mask = _clean(R, mask)
        self.shape = R.shape
        self.rows, self.cols = np.nonzero(mask)  # sorted by row
        self.vals = R[self.rows, self.cols]
        self.by_col = np.argsort(self.cols, kind="stable")
        self.mu = float(self.vals.mean()) if self.vals.size else 0.0

    def solve(self, by_rows: bool, targets: np.ndarray, features: np.ndarray, lam: float) -> np.ndarray:
        """For every row (or column, ``by_rows=False``) i: the x minimizing the sum over its
        observed entries e of (targets[e] - x . features[other index of e])^2 + lam ||x||^2.
        ``targets`` follows the order of `vals`; a row with no entry gets zeros."""
        if by_rows:
            own, other, t, count = self.rows, self.cols, targets, self.shape[0]
        else:
            order = self.by_col
            own, other, t, count = self.cols[order], self.rows[order], targets[order], self.shape[1]
        d = features.shape[1]
        G, b = np.zeros((count, d * d)), np.zeros((count, d))
        if own.size:
            F = features[other]
            starts = np.flatnonzero(np.r_[True, own[1:] != own[:-1]])
            G[own[starts]] = np.add.reduceat((F[:, :, None] * F[:, None, :]).reshape(own.size, d * d), starts)
            b[own[starts]] = np.add.reduceat(F * t[:, None], starts)
        G = G.reshape(count, d, d) + lam * np.eye(d)
        return np.linalg.solve(G, b[:, :, None])[:, :, 0]


def ridge_stack(W: np.ndarray, targets: np.ndarray, features: np.ndarray, lam: float) -> np.ndarray:
    """Row i minimizes sum_j W[i, j] (targets[i, j] - x . features[j])^2 + lam ||x||^2.

    ``W`` is 0/1 (the mask as floats) and ``targets`` is 0 where W is 0. Needs lam > 0 for a
    row with nothing observed (it then gets zeros).
    """
    n, d = features.shape
    G = (W @ (features[:, :, None] * features[:, None, :]).reshape(n, d * d)).reshape(-1, d, d)
    G += lam * np.eye(d)
    return np.linalg.solve(G, (targets @ features)[:, :, None])[:, :, 0]


def biased_half_step(R: ArrayLike, mask: ArrayLike, mu: float, b_other: np.ndarray, other: np.ndarray,
                     lam: float) -> tuple[np.ndarray, np.ndarray]:
    """Every row's (bias, factor) jointly, the columns' biases and factors held fixed: a ridge
    regression of R[i, j] - mu - b_other[j] on the features [1, other[j]]."""
    obs = Observed(R, mask)
    solved = _biased_step(obs, True, mu, b_other, other, lam)
    return solved[:, 0], solved[:, 1:]


def _biased_step(obs: Observed, by_rows: bool, mu: float, b_other: np.ndarray, other: np.ndarray,
                 lam: float) -> np.ndarray:
    idx = obs.cols if by_rows else obs.rows
    features = np.hstack([np.ones((other.shape[0], 1)), other])
    return obs.solve(by_rows, obs.vals - mu - b_other[idx], features, lam)


def biased_init(n: int, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The reference start: item biases 0 and item factors N(0, 0.1^2), drawn from the seed."""
    rng = np.random.default_rng(seed)
    return np.zeros(n), 0.1 * rng.standard_normal((n, k))


@overload
def biased_als(R: ArrayLike, mask: ArrayLike, k: int, lam: float = ..., iters: int = ..., seed: int = ..., *,
               trace: Literal[False] = ...) -> BiasedFit: ...
@overload
def biased_als(R: ArrayLike, mask: ArrayLike, k: int, lam: float = ..., iters: int = ..., seed: int = ..., *,
               trace: Literal[True]) -> tuple[float, np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[float]]: ...
def biased_als(R: ArrayLike, mask: ArrayLike, k: int, lam: float = 10.0, iters: int = 20, seed: int = 0, *,
               trace: bool = False) -> BiasedFit | tuple[float, np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                                                         list[float]]:
    """(mu, b_user, b_item, U, V) after ``iters`` rounds, each users then items.

    With ``trace=True`` also returns the objective after every half-step.
    """
    if not lam > 0:
        raise ValueError(f"lam must be > 0, got {lam}")
    obs = Observed(R, mask)
    if not obs.vals.size:
        raise ValueError("nothing is observed")
    mu = obs.mu
    m, n = obs.shape
    b_item, V = biased_init(n, k, seed)
    b_user, U = np.zeros(m), np.zeros((m, k))
    history: list[float] = []
    for _ in range(iters):
        users = _biased_step(obs, True, mu, b_item, V, lam)
        b_user, U = users[:, 0], users[:, 1:]
        if trace:
            history.append(_biased_objective(obs, mu, b_user, b_item, U, V, lam))
        items = _biased_step(obs, False, mu, b_user, U, lam)
        b_item, V = items[:, 0], items[:, 1:]
        if trace:
            history.append(_biased_objective(obs, mu, b_user, b_item, U, V, lam))
    result: BiasedFit = (mu, b_user, b_item, U, V)
    return (*result, history) if trace else result


def _biased_objective(obs: Observed, mu: float, b_user: np.ndarray, b_item: np.ndarray, U: np.ndarray,
                      V: np.ndarray, lam: float) -> float:
    r, c = obs.rows, obs.cols
    predicted = mu + b_user[r] + b_item[c] + np.einsum("ij,ij->i", U[r], V[c])
    fit = np.sum((obs.vals - predicted) ** 2)
    return float(fit + lam * (b_user @ b_user + b_item @ b_item + np.sum(U**2) + np.sum(V**2)))


def biased_objective(R: ArrayLike, mask: ArrayLike, mu: float, b_user: ArrayLike, b_item: ArrayLike, U: ArrayLike,
                     V: ArrayLike, lam: float) -> float:
    """The regularized squared error that biased ALS minimizes."""
    return _biased_objective(Observed(R, mask), mu, np.asarray(b_user, dtype=float), np.asarray(b_item, dtype=float),
                             np.asarray(U, dtype=float), np.asarray(V, dtype=float), lam)


@overload
def als_plain(R: ArrayLike, mask: ArrayLike, k: int, lam: float, iters: int, seed: int = ..., *,
              start: ArrayLike | None = ..., trace: Literal[False] = ...) -> tuple[np.ndarray, np.ndarray]: ...
@overload
def als_plain(R: ArrayLike, mask: ArrayLike, k: int, lam: float, iters: int, seed: int = ..., *,
              start: ArrayLike | None = ..., trace: Literal[True]) -> tuple[np.ndarray, np.ndarray, list[float]]: ...
def als_plain(R: ArrayLike, mask: ArrayLike, k: int, lam: float, iters: int, seed: int = 0, *,
              start: ArrayLike | None = None,
              trace: bool = False) -> tuple[np.ndarray, np.ndarray] | tuple[np.ndarray, np.ndarray, list[float]]:
    """Plain ALS (no biases), users then items; V starts at N(0, 1/k) from the seed, or at ``start``.

    With ``trace=True`` also returns the objective after every half-step.
    """
    obs = Observed(R, mask)
    m, n = obs.shape
    if start is None:
        V = np.random.default_rng(seed).standard_normal((n, k)) / np.sqrt(max(k, 1))
    else:
        V = np.array(start, dtype=float)
    U = np.zeros((m, k))
    history: list[float] = []
    for _ in range(iters):
        U = obs.solve(True, obs.vals, V, lam)
        if trace:
            history.append(_plain_objective(obs, U, V, lam))
        V = obs.solve(False, obs.vals, U, lam)
        if trace:
            history.append(_plain_objective(obs, U, V, lam))
    return (U, V, history) if trace else (U, V)


def _plain_objective(obs: Observed, U: np.ndarray, V: np.ndarray, lam: float) -> float:
    fit = np.sum((obs.vals - np.einsum("ij,ij->i", U[obs.rows], V[obs.cols])) ** 2)
    return float(fit + lam * (np.sum(U**2) + np.sum(V**2)))


def plain_objective(R: ArrayLike, mask: ArrayLike, U: ArrayLike, V: ArrayLike, lam: float) -> float:
    """sum over observed of (R - U V^T)^2 + lam (||U||^2 + ||V||^2)."""
    return _plain_objective(Observed(R, mask), np.asarray(U, dtype=float), np.asarray(V, dtype=float), lam)


def item_mean_fill(R: ArrayLike, mask: ArrayLike) -> np.ndarray:
    """R with every unobserved entry replaced by its column's observed mean (the global observed
    mean for a column with none; 0 when nothing is observed at all)."""
    R, mask = _clean(R, mask)
    if not mask.any():
        return np.zeros(R.shape)
    counts = mask.sum(axis=0)
    means = np.where(counts > 0, R.sum(axis=0) / np.maximum(counts, 1), R[mask].mean())
    return np.where(mask, R, means[None, :])


def truncate(A: np.ndarray, k: int) -> np.ndarray:
    """The best rank-k approximation of A (zeros for k = 0).

    For a long matrix (such as 610 users x 9,724 movies) the top singular vectors come from the
    eigenvectors of the small Gram matrix, several times faster than a full SVD; the kept
    singular values are the large ones, so squaring them loses nothing that matters here.
    """
    if k == 0:
        return np.zeros(A.shape)
    small, large = sorted(A.shape)
    if small >= 200 and large >= 4 * small and k < small // 2:
        wide = A.shape[0] <= A.shape[1]
        B = A if wide else A.T
        _, vectors = np.linalg.eigh(B @ B.T)
        top = vectors[:, ::-1][:, :k]
        result: np.ndarray = top @ (top.T @ B)
        return result if wide else result.T
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    best: np.ndarray = (U[:, :k] * s[:k]) @ Vt[:k]
    return best


def impute_svd_fit(R: ArrayLike, mask: ArrayLike, k: int) -> np.ndarray:
    """Item-mean imputation followed by the best rank-k approximation of the filled matrix."""
    filled = item_mean_fill(R, mask)
    if not 0 <= k <= min(filled.shape):
        raise ValueError(f"k must be between 0 and {min(filled.shape)}, got {k}")
    return truncate(filled, k)


def rmse_on(R: ArrayLike, mask: ArrayLike, predicted: np.ndarray) -> float:
    """The root mean squared error of ``predicted`` (an (m, n) array) over the entries of mask."""
    R, mask = _clean(R, mask)
    return float(np.sqrt(np.mean((R - predicted)[mask] ** 2)))
