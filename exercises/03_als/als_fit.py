"""Exercise als-fit: alternating least squares, and how well it fits.

Approximate R by U @ V.T over the observed entries. Holding V fixed,
the best U is a ridge regression per row (the als-update exercise);
holding U fixed, the best V is the same problem on the transposed
matrix. Alternating the two never increases the objective

    sum over observed (i, j) of (R[i, j] - U[i] . V[j])^2
      + lam * (||U||^2 + ||V||^2).
"""

import numpy as np


def update_factors(R, mask, fixed, lam):
    """Given: a working (unbatched) half-step, as in the als-update
    exercise.

    Row i of the result minimizes sum over observed j of (R[i, j] - x
    . fixed[j])^2 + lam ||x||^2; a row with nothing observed gets
    zeros. Replace it with your own batched version if you like.
    """
    R = np.asarray(R, dtype=float)
    fixed = np.asarray(fixed, dtype=float)
    k = fixed.shape[1]
    X = np.zeros((R.shape[0], k))
    for i in range(R.shape[0]):
        seen = np.asarray(mask[i], dtype=bool)
        if seen.any():
            F = fixed[seen]
            G = F.T @ F + lam * np.eye(k)
            X[i] = np.linalg.solve(G, F.T @ R[i, seen])
    return X


def als(R, mask, k, lam=0.1, iters=20, seed=0):
    """Fit R ~ U @ V.T on the observed entries by alternating least
    squares.

    R: (m, n) ratings; entries where mask is False may hold anything
       (even NaN).
    mask: (m, n) booleans, True where observed.
    k: the number of latent factors. lam: the ridge penalty (> 0).
       iters: the number of
    rounds, each updating U (with V fixed) and then V (with U fixed).
    seed: fixes the initial factors, drawn from
    np.random.default_rng(seed).

    Returns (U, V) with U of shape (m, k) and V of shape (n, k). The
    run must be reproducible and continue itself: als(..., iters=5,
    seed=s) is where als(..., iters=4, seed=s) was one round earlier,
    so the objective can only go down as iters grows. Any initial
    scale works. A user or item with no observed rating ends with a
    zero row (never NaN).
    """
    raise NotImplementedError


def rmse(R, mask, U, V):
    """Return the root mean squared error of U @ V.T against R over
    the observed entries only.

    sqrt(mean over (i, j) with mask[i, j] of (R[i, j] - U[i] .
    V[j])^2), a float. Raises ValueError when nothing is observed.
    """
    raise NotImplementedError
