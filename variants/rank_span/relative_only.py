"""You compared the residual with tol * ||y||, without the max(1, ...). For a tiny y (norm near 1e-8) that bound is around 1e-16, below rounding error, so almost nothing counts as inside. Use tol * max(1, ||y||)."""

import numpy as np


def in_column_space(X, y, tol=1e-8):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.shape[1] == 0:
        return bool(np.linalg.norm(y) <= tol * np.linalg.norm(y))
    w = np.linalg.lstsq(X, y, rcond=None)[0]
    return bool(np.linalg.norm(X @ w - y) <= tol * np.linalg.norm(y))


def lowrank_param_count(m, n, k):
    if not 0 <= k <= min(m, n):
        raise ValueError("bad k")
    return k * (m + n)
