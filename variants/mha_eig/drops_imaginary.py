"""You kept only the real parts of the eigenvalues (np.real, or a cast to float). A circuit that rotates has complex eigenvalues: a rotation by 90 degrees scaled by 2 has +2i and -2i, which became 0 and 0. Return complex eigenvalues as complex numbers; np.linalg.eigvals already gives a real array when they are all real."""

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
    return np.real(w[np.argsort(-np.abs(w), kind="stable")])


def copying_score(A, B):
    A, B = _factors(A, B)
    w = np.linalg.eigvals(B @ A)
    total = float(np.abs(w).sum())
    return float(np.real(w).sum()) / total if total > 0 else 0.0
