"""Exercise als-baseline: baseline predictors, mu + b_user + b_item.

Before any latent factor, most of what a rating says is "this user
rates high" and "this movie is liked". The baseline predicts

    R[i, j] ~ mu + b_user[i] + b_item[j],

where mu is the mean of the observed ratings and the biases are
fitted by ridge regression, so that a user or item with few ratings
keeps a bias near 0.
"""

import numpy as np


def baseline(R, mask, lam=10.0):
    """Return (mu, b_user, b_item), the baseline predictors of R.

    R: a 2-D array (m, n) of ratings. Only entries where mask is True
       mean anything: the others may hold any value, even NaN.
    mask: a boolean array (m, n), True where R[i, j] was observed.
    lam: the ridge penalty, a number > 0.

    mu is the mean of the observed ratings (a float). b_user, of
    shape (m,), and b_item, of shape (n,), are the unique minimizer of

        sum over observed (i, j) of
            (R[i, j] - mu - b_user[i] - b_item[j])^2
          + lam * (||b_user||^2 + ||b_item||^2).

    The minimizer is unique because lam > 0; your answer must reach
    it (to about 1e-6), not only come close. A user or an item with
    nothing observed gets a bias of 0.

    Raises ValueError when nothing is observed or when lam <= 0.
    """
    raise NotImplementedError
