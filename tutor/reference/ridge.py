"""The plain per-row ridge solve: one ALS half-step written the obvious way.

Checks compare learners' half-steps against it and `bench/als.py` times the reference ALS
against it, so there is one copy of the obvious algorithm to trust.
"""

from __future__ import annotations

import numpy as np


def ridge_rows(R: np.ndarray, mask: np.ndarray, fixed: np.ndarray, lam: float) -> np.ndarray:
    """Row i solves min_x sum over observed j of (R[i, j] - x . fixed[j])^2 + lam ||x||^2.

    One ``np.linalg.solve`` per row; a row with nothing observed gets zeros. Entries of R where
    ``mask`` is False are never read, so they may hold anything (NaN included).
    """
    k = fixed.shape[1]
    X = np.zeros((R.shape[0], k))
    for i in range(R.shape[0]):
        seen = mask[i]
        if seen.any():
            F = fixed[seen]
            X[i] = np.linalg.solve(F.T @ F + lam * np.eye(k), F.T @ R[i, seen])
    return X
