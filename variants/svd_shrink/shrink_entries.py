"""You shrank the entries of A toward zero (sign(a) * max(|a| - lam, 0)). That is the proximal step of the sum of absolute entries, which makes a matrix sparse. The nuclear norm penalizes singular values: shrink those, and rebuild with A's singular vectors."""

import numpy as np


def shrink_singular_values(A, lam):
    if lam < 0:
        raise ValueError("lam < 0")
    A = np.asarray(A, dtype=float)
    return np.sign(A) * np.maximum(np.abs(A) - lam, 0.0)
