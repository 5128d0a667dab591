"""You return a count for an impossible k. A rank-k factorization of an m x n matrix needs 0 <= k <= min(m, n); anything else should raise ValueError."""

import numpy as np


def in_column_space(X, y, tol=1e-8):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.shape[1] == 0:
        return bool(np.linalg.norm(y) <= tol * max(1.0, np.linalg.norm(y)))
    w = np.linalg.lstsq(X, y, rcond=None)[0]
    return bool(np.linalg.norm(X @ w - y) <= tol * max(1.0, np.linalg.norm(y)))


def lowrank_param_count(m, n, k):
    return k * (m + n)
