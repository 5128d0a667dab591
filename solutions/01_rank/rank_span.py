"""Reference solution for rank-span."""

import numpy as np


def in_column_space(X, y, tol=1e-8):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.ndim != 2 or y.ndim != 1 or X.shape[0] != y.shape[0]:
        raise ValueError(f"X must be (m, n) and y (m,); got {X.shape} and {y.shape}")
    if X.shape[1] == 0:
        residual = np.linalg.norm(y)
    else:
        w = np.linalg.lstsq(X, y, rcond=None)[0]
        residual = np.linalg.norm(X @ w - y)
    return bool(residual <= tol * max(1.0, np.linalg.norm(y)))


def lowrank_param_count(m, n, k):
    if not 0 <= k <= min(m, n):
        raise ValueError(f"k must be between 0 and min(m, n) = {min(m, n)}, got {k}")
    return k * (m + n)
