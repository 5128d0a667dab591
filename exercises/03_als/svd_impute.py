"""Exercise svd-impute: fill the gaps, then truncate the SVD.

The truncated SVD needs a complete matrix, but a ratings matrix is
mostly unknown. The classic shortcut fills every unknown rating with
a guess, the item's mean rating, and takes the best rank-k
approximation of the filled matrix as the prediction.
"""

import numpy as np


def impute_svd(R, mask, k):
    """Return the (m, n) rank-k prediction made by filling and
    truncating.

    R: a 2-D array (m, n) of ratings; entries where mask is False may
       hold anything, even NaN.
    mask: a boolean array (m, n), True where observed.
    k: the rank kept, an int with 0 <= k <= min(m, n).

    First fill: keep every observed entry, and put in each unobserved
    entry (i, j) the mean of the observed ratings of item j, that is
    of column j. An item with no observed rating is filled with the
    mean of all observed ratings; when nothing at all is observed,
    fill with 0.

    Then return the best rank-k approximation of the filled matrix
    (as in the svd-truncate exercise). k = 0 gives zeros.

    Raises ValueError unless 0 <= k <= min(m, n).
    """
    raise NotImplementedError
