"""You took the residual from the second value np.linalg.lstsq returns. NumPy leaves that array empty when X is rank-deficient or has more columns than rows, which is exactly when the question is interesting. Compute the residual yourself: np.linalg.norm(X @ w - y)."""

import numpy as np


def in_column_space(X, y, tol=1e-8):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.shape[1] == 0:
        return bool(np.linalg.norm(y) <= tol * max(1.0, np.linalg.norm(y)))
    w, residuals, rank, sv = np.linalg.lstsq(X, y, rcond=None)
    if residuals.size == 0:
        return True
    return bool(np.sqrt(residuals[0]) <= tol * max(1.0, np.linalg.norm(y)))


def lowrank_param_count(m, n, k):
    if not 0 <= k <= min(m, n):
        raise ValueError("bad k")
    return k * (m + n)
