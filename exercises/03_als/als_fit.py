"""Exercise als-fit: alternating least squares, and how well it fits.

Approximate R by U @ V.T over the observed entries. Holding V fixed,
the best U is a ridge regression per row: your update_factors from
the als-update exercise. Holding U fixed, the best V is the same
problem on the transposed matrix. Alternating the two never increases
the objective

    sum over observed (i, j) of (R[i, j] - U[i] . V[j])^2
      + lam * (||U||^2 + ||V||^2).

The import below brings in your own update_factors, from your file
of the als-update exercise (als_update.py, beside this one): solve
that exercise first.
"""

import numpy as np

from als_update import update_factors


def als(R, mask, k, lam=0.1, iters=20, seed=0):
    """Fit R ~ U @ V.T on the observed entries by alternating least
    squares.

    R: (m, n) ratings; entries where mask is False may hold anything
       (even NaN).
    mask: (m, n) booleans, True where observed.
    k: the number of latent factors.
    lam: the ridge penalty (> 0).
    iters: the number of rounds, each updating U (with V fixed) and
           then V (with U fixed).
    seed: fixes the initial factors, drawn from
          np.random.default_rng(seed).

    Returns (U, V) with U of shape (m, k) and V of shape (n, k).

    The run must be reproducible and continue itself: als(...,
    iters=5, seed=s) is where als(..., iters=4, seed=s) was one round
    earlier, so the objective can only go down as iters grows. Any
    initial scale works. A user or item with no observed rating ends
    with a zero row (never NaN).
    """
    raise NotImplementedError


def rmse(R, mask, U, V):
    """Return the root mean squared error of U @ V.T against R over
    the observed entries only.

    That is sqrt(mean over (i, j) with mask[i, j] of
    (R[i, j] - U[i] . V[j])^2), a float.

    Raises ValueError when nothing is observed.
    """
    raise NotImplementedError
