"""Reference solution for mha-eig."""

import numpy as np


def _factors(A, B):
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or B.shape != (A.shape[1], A.shape[0]):
        raise ValueError(f"A of shape {A.shape} and B of shape {B.shape} do not form an (m, r) and an (r, m) factor")
    if A.shape[1] > A.shape[0]:
        raise ValueError(f"r = {A.shape[1]} exceeds m = {A.shape[0]}")
    return A, B


def factored_eigvals(A, B):
    A, B = _factors(A, B)
    w = np.linalg.eigvals(B @ A)  # r x r: the nonzero eigenvalues of the m x m product A @ B
    return w[np.argsort(-np.abs(w), kind="stable")]


def copying_score(A, B):
    w = factored_eigvals(A, B)
    total = float(np.abs(w).sum())
    return float(np.real(w).sum()) / total if total > 0 else 0.0
