"""Your copying score divides by the sum of |Re(lam)|, not of |lam|. For a complex eigenvalue 1 + 2i the modulus is sqrt(5), not 1: a head whose eigenvalues are mostly imaginary rotates rather than copies, and its score must be near 0. Use np.abs of the complex eigenvalues."""

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
    total = float(np.abs(np.real(w)).sum())
    return float(np.real(w).sum()) / total if total > 0 else 0.0
