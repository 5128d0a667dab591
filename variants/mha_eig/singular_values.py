"""You returned singular values of B @ A where eigenvalues are asked for. They agree only for symmetric positive matrices: singular values are never negative and never complex, while a head's eigenvalues can be both. Use np.linalg.eigvals(B @ A)."""

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
    return np.linalg.svd(B @ A, compute_uv=False)


def copying_score(A, B):
    w = factored_eigvals(A, B)
    total = float(np.abs(w).sum())
    return float(np.real(w).sum()) / total if total > 0 else 0.0

