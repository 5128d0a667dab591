"""Your copying score is NaN for a circuit whose eigenvalues are all 0: 0 / 0. The score of a zero circuit is defined as 0.0; test the denominator before dividing."""

import numpy as np


def _factors(A, B):
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or B.shape != (A.shape[1], A.shape[0]):
        raise ValueError("A must be (m, r) and B (r, m)")
    if A.shape[1] > A.shape[0]:
        raise ValueError("r must be at most m")
    return A, B


def factored_eigvals(A, B):
    A, B = _factors(A, B)
    w = np.linalg.eigvals(B @ A)
    return w[np.argsort(-np.abs(w), kind="stable")]


def copying_score(A, B):
    w = factored_eigvals(A, B)
    with np.errstate(invalid="ignore"):
        return float(np.real(w).sum() / np.abs(w).sum())
