"""Your functions accept r > m: with A of shape (3, 5) and B of shape (5, 3), B @ A is 5 x 5 and has five eigenvalues, but A @ B is only 3 x 3 and has three. The small matrix stands in for the product only when r <= m: raise ValueError otherwise."""

import numpy as np


def _factors(A, B):
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or B.shape != (A.shape[1], A.shape[0]):
        raise ValueError("A must be (m, r) and B (r, m)")
    return A, B


def factored_eigvals(A, B):
    A, B = _factors(A, B)
    w = np.linalg.eigvals(B @ A)
    return w[np.argsort(-np.abs(w), kind="stable")]


def copying_score(A, B):
    w = factored_eigvals(A, B)
    total = float(np.abs(w).sum())
    return float(np.real(w).sum()) / total if total > 0 else 0.0

