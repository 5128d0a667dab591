"""You normalized the rows (axis=1) instead of the columns (axis=0): each column must be divided by its own norm, np.linalg.norm(A, axis=0)."""

import numpy as np


def normalize_columns(A):
    A = np.asarray(A, dtype=float)
    norms = np.linalg.norm(A, axis=1, keepdims=True)
    return A / np.where(norms == 0, 1.0, norms)
