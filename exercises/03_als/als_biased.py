"""Exercise als-biased: ALS with user and item biases.

Biased ALS predicts

    R[i, j] ~ mu + b_user[i] + b_item[j] + U[i] . V[j]

and minimizes, over the observed entries,

    sum of (R[i, j] - mu - b_user[i] - b_item[j] - U[i] . V[j])^2
      + lam * (||b_user||^2 + ||b_item||^2 + ||U||^2 + ||V||^2).

Holding the items fixed, user i's bias and factors come from one
ridge regression: regress R[i, j] - mu - b_item[j] on the k + 1
features [1, V[j]] over the items j that user i rated. The first
coefficient is b_user[i], the other k are U[i].
"""

import numpy as np


def als_biased(R, mask, k, lam=10.0, iters=20, seed=0):
    """Fit biased ALS; return (mu, b_user, b_item, U, V).

    R: a 2-D array (m, n) of ratings; entries where mask is False may
       hold anything, even NaN.
    mask: a boolean array (m, n), True where observed.
    k: the number of latent factors, an int >= 0 (k = 0 fits the
       biases alone).
    lam: the ridge penalty, a number > 0, on biases and factors alike.
    iters: the number of rounds, >= 1.
    seed: fixes the starting point, drawn with
          np.random.default_rng(seed).

    mu is the mean of the observed ratings (a float), b_user has
    shape (m,), b_item (n,), U (m, k) and V (n, k).

    Each round first updates every user's (b_user[i], U[i]) jointly,
    with the items fixed, then every item's (b_item[j], V[j]) jointly,
    with the new users fixed. Each of these is the exact minimizer
    (a ridge regression on [1, V[j]], or on [1, U[i]] for items).

    The run continues itself: iters = t + 1 is the run of iters = t
    plus one more round, so the objective never increases as iters
    grows. A user or item with nothing observed ends with a zero bias
    and a zero factor row (never NaN).

    Raises ValueError when nothing is observed or when lam <= 0.
    """
    raise NotImplementedError
