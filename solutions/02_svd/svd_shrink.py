"""Reference solution for svd-shrink."""

import numpy as np


def shrink_singular_values(A, lam):
    if lam < 0:
        raise ValueError(f"lam must be >= 0, got {lam}")
    A = np.asarray(A, dtype=float)
    if A.ndim != 2:
        raise ValueError(f"A must be a 2-D array, got {A.ndim} dimension(s)")
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    return (U * np.maximum(s - lam, 0.0)) @ Vt
