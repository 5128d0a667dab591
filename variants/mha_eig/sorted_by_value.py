"""You sorted the eigenvalues by their value (their real part), largest first. The order asked for is by absolute value: -5 comes before 3. Sort by np.abs(w), decreasing."""

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
    return w[np.argsort(-np.real(w), kind="stable")]


def copying_score(A, B):
    w = factored_eigvals(A, B)
    total = float(np.abs(w).sum())
    return float(np.real(w).sum()) / total if total > 0 else 0.0

