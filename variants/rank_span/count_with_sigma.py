"""You counted k * (m + n + 1), storing k singular values beside the two factors. Folded into one factor (A = B C with B of shape (m, k) and C of shape (k, n)), the singular values cost nothing extra: k * (m + n)."""

import numpy as np


def in_column_space(X, y, tol=1e-8):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.shape[1] == 0:
        return bool(np.linalg.norm(y) <= tol * max(1.0, np.linalg.norm(y)))
    w = np.linalg.lstsq(X, y, rcond=None)[0]
    return bool(np.linalg.norm(X @ w - y) <= tol * max(1.0, np.linalg.norm(y)))


def lowrank_param_count(m, n, k):
    if not 0 <= k <= min(m, n):
        raise ValueError("bad k")
    return k * (m + n + 1)
