"""You compared the rank of X with the rank of [X, y]. That ignores the tolerance you were given: the question is whether the least-squares residual ||X @ w - y|| is at most tol * max(1, ||y||)."""

import numpy as np


def in_column_space(X, y, tol=1e-8):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.shape[1] == 0:
        return bool(not np.any(y))
    return bool(np.linalg.matrix_rank(np.column_stack([X, y])) == np.linalg.matrix_rank(X))


def lowrank_param_count(m, n, k):
    if not 0 <= k <= min(m, n):
        raise ValueError("bad k")
    return k * (m + n)
