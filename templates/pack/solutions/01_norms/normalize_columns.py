"""Reference solution for normalize-columns. `pack validate` checks that it passes every check;
`pack release` leaves it out of the student copy."""

import numpy as np


def normalize_columns(A):
    A = np.asarray(A, dtype=float)
    norms = np.linalg.norm(A, axis=0)
    return A / np.where(norms == 0, 1.0, norms)
