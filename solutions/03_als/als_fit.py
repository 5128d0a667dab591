"""Reference solution for als-fit.

The observed entries are listed once, by row and by column. Each half-step then solves every
row's k x k ridge system in one batch: rows are grouped by the power of two of their number of
observed entries, each group's observed factor rows are gathered into a zero-padded stack
(padding at most doubles the work), and np.linalg.solve takes the whole stack of systems.
"""

import numpy as np


def _observed(mask, R):
    """The observed entries in row order: CSR row pointers, column indices, values."""
    rows, cols = np.nonzero(mask)
    ptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=mask.shape[0]))])
    return ptr, cols, R[rows, cols]


def _solve_rows(ptr, cols, vals, fixed, lam):
    """Row i minimizes sum over its observed j of (vals - x . fixed[j])^2 + lam ||x||^2."""
    counts = np.diff(ptr)
    k = fixed.shape[1]
    X = np.zeros((counts.size, k))  # rows with nothing observed keep zeros
    group = np.zeros(counts.size, dtype=int)
    seen = counts > 0
    group[seen] = np.floor(np.log2(counts[seen])).astype(int) + 1
    for g in np.unique(group[seen]):
        idx = np.flatnonzero(group == g)
        count = counts[idx]
        slot = np.arange(count.max())
        valid = slot < count[:, None]  # (rows, width): which padded slots hold an entry
        at = np.where(valid, ptr[idx, None] + slot, 0)
        F = fixed[cols[at]] * valid[:, :, None]  # (rows, width, k), zero rows for padding
        r = np.where(valid, vals[at], 0.0)
        Ft = F.transpose(0, 2, 1)
        G = Ft @ F + lam * np.eye(k)
        X[idx] = np.linalg.solve(G, Ft @ r[:, :, None])[:, :, 0]
    return X


def update_factors(R, mask, fixed, lam):
    mask = np.asarray(mask, dtype=bool)
    R = np.where(mask, np.asarray(R, dtype=float), 0.0)
    return _solve_rows(*_observed(mask, R), np.asarray(fixed, dtype=float), lam)


def als(R, mask, k, lam=0.1, iters=20, seed=0):
    mask = np.asarray(mask, dtype=bool)
    R = np.where(mask, np.asarray(R, dtype=float), 0.0)
    m, n = R.shape
    rng = np.random.default_rng(seed)
    U = rng.standard_normal((m, k)) / np.sqrt(k)
    V = rng.standard_normal((n, k)) / np.sqrt(k)
    by_row, by_col = _observed(mask, R), _observed(mask.T, R.T)
    for _ in range(iters):
        U = _solve_rows(*by_row, V, lam)
        V = _solve_rows(*by_col, U, lam)
    return U, V


def rmse(R, mask, U, V):
    mask = np.asarray(mask, dtype=bool)
    rows, cols = np.nonzero(mask)
    if rows.size == 0:
        raise ValueError("no observed entries: the RMSE is undefined")
    predicted = np.sum(np.asarray(U, dtype=float)[rows] * np.asarray(V, dtype=float)[cols], axis=1)
    return float(np.sqrt(np.mean((np.asarray(R, dtype=float)[rows, cols] - predicted) ** 2)))
