"""Exercise mha-eig: eigenvalues of a low-rank product, and copying
heads.

A head's full OV circuit, followed through the token embeddings,
is a vocabulary x vocabulary matrix A @ B with A of shape (m, r) and
B of shape (r, m), for r = d_head far below m. If B @ A v = lam v
with lam != 0, then A @ B (A v) = lam (A v): the m x m product and
the small r x r product B @ A have the same nonzero eigenvalues, and
A @ B has m - r more that are 0. A head whose eigenvalues are mostly
positive copies the token it attends to.
"""

import numpy as np


def factored_eigvals(A, B):
    """Return the r eigenvalues of A @ B that can be nonzero, from the
    r x r matrix B @ A, without forming A @ B.

    A: (m, r), B: (r, m), with r <= m.
    Returns an array of shape (r,): the eigenvalues of B @ A (with
    multiplicity), sorted by decreasing absolute value; the order of
    equal absolute values (a complex pair, say) is free. Its dtype is
    real (float) when every eigenvalue is real and complex otherwise,
    as np.linalg.eigvals returns them.

    The checks use m = 20000, where A @ B would need 3.2 GB: more
    memory than your code may use. Raise ValueError if the shapes do
    not fit together like that or if r > m.
    """
    raise NotImplementedError


def copying_score(A, B):
    """Return sum(Re(lam)) / sum(|lam|) over the r eigenvalues of
    factored_eigvals(A, B), a float.

    It is 1 when every eigenvalue is real and positive (a pure
    copying circuit), -1 when every one is real and negative (anti-
    copying), and 0.0 when all of them are 0. Raise ValueError for
    the same shapes as factored_eigvals.
    """
    raise NotImplementedError
