"""Reference solution for rank-factor: the SVD, with the singular values folded into C."""

import numpy as np


def rank_factorization(A, tol=None):
    A = np.asarray(A, dtype=float)
    if A.ndim != 2:
        raise ValueError(f"A must be a 2-D array, got {A.ndim} dimension(s)")
    m, n = A.shape
    if A.size == 0:
        return np.zeros((m, 0)), np.zeros((0, n))
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    if tol is None:
        tol = s[0] * max(m, n) * np.finfo(np.float64).eps
    r = int(np.count_nonzero(s > tol))
    return U[:, :r] * s[:r], Vt[:r]
