"""You divided a column of zeros by its norm of 0, which gives NaN: leave zero columns at zero, e.g. divide by np.where(norms == 0, 1, norms)."""

import numpy as np


def normalize_columns(A):
    A = np.asarray(A, dtype=float)
    return A / np.linalg.norm(A, axis=0)
