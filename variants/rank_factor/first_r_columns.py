"""You took the first r columns of A as C. They need not be independent: in a matrix with columns a, 2a, b, ... the first two are parallel and span only one direction, so no R can rebuild b. Choose r independent columns (walk left to right and keep a column only when it is not a combination of those already kept), or take C from the SVD."""

import numpy as np


def rank_factorization(A, tol=None):
    A = np.asarray(A, dtype=float)
    m, n = A.shape
    if A.size == 0:
        return np.zeros((m, 0)), np.zeros((0, n))
    s = np.linalg.svd(A, compute_uv=False)
    if tol is None:
        tol = s[0] * max(m, n) * np.finfo(float).eps
    r = int(np.sum(s > tol))
    if r == 0:
        return np.zeros((m, 0)), np.zeros((0, n))
    C = A[:, :r]
    R = np.linalg.lstsq(C, A, rcond=None)[0]
    return C, R
