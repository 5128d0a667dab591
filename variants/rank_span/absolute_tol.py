"""You compared the residual with tol alone. For a y with entries near 1e7, rounding alone leaves a residual far above 1e-8 even when y is in the span; the bound is tol * max(1, ||y||), which grows with y."""

import numpy as np


def in_column_space(X, y, tol=1e-8):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.shape[1] == 0:
        return bool(np.linalg.norm(y) <= tol)
    w = np.linalg.lstsq(X, y, rcond=None)[0]
    return bool(np.linalg.norm(X @ w - y) <= tol)


def lowrank_param_count(m, n, k):
    if not 0 <= k <= min(m, n):
        raise ValueError("bad k")
    return k * (m + n)
