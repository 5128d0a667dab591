"""Reference solution for als-biased: ALS on mu + b_user[i] + b_item[j] + U[i] . V[j].

Each half-step is a ridge regression per row on the features [1, V[j]]: the leading 1 carries
the bias, so a user's bias and factors are fitted together, every row's (k+1) x (k+1) system
built with one matrix product and solved in one batched call.
"""

import numpy as np


def _half_step(W, targets, features, lam):
    """Row i minimizes sum_j W[i, j] (targets[i, j] - x . features[j])^2 + lam ||x||^2."""
    n, d = features.shape
    G = (W @ (features[:, :, None] * features[:, None, :]).reshape(n, d * d)).reshape(-1, d, d)
    G += lam * np.eye(d)
    return np.linalg.solve(G, (targets @ features)[:, :, None])[:, :, 0]


def als_biased(R, mask, k, lam=10.0, iters=20, seed=0):
    mask = np.asarray(mask, dtype=bool)
    if not lam > 0:
        raise ValueError(f"lam must be > 0, got {lam}")
    if not mask.any():
        raise ValueError("nothing is observed: the mean rating is undefined")
    R = np.where(mask, np.asarray(R, dtype=float), 0.0)
    m, n = R.shape
    mu = float(R[mask].mean())
    # Both orientations, contiguous, so that each half-step's products run at full speed.
    W, Wt = mask.astype(float), np.ascontiguousarray(mask.T, dtype=float)
    centred, centred_t = np.where(mask, R - mu, 0.0), np.ascontiguousarray(np.where(mask, R - mu, 0.0).T)
    rng = np.random.default_rng(seed)
    b_item, V = np.zeros(n), 0.1 * rng.standard_normal((n, k))
    b_user, U = np.zeros(m), np.zeros((m, k))
    for _ in range(iters):
        # Targets R - mu - b_item[j] on observed entries only: subtract W * b_item from the centred ratings.
        users = _half_step(W, centred - W * b_item, np.hstack([np.ones((n, 1)), V]), lam)
        b_user, U = users[:, 0], users[:, 1:]
        items = _half_step(Wt, centred_t - Wt * b_user, np.hstack([np.ones((m, 1)), U]), lam)
        b_item, V = items[:, 0], items[:, 1:]
    return mu, b_user, b_item, U, V
