"""Exercise attn-weights: scaled dot-product attention, with masks.

Each query q scores every key k_j by q . k_j / sqrt(d_k); a softmax
over the keys turns the scores into weights a_j >= 0 with sum 1, and
the output is sum_j a_j v_j, a convex combination of the value
vectors. A mask removes keys a query may not see (their weight is
exactly 0), and a causal mask lets position i see only positions
j <= i.

This file imports your softmax from exercise attn-softmax (your file
attn_softmax.py), so finish that one first. If you would rather not,
delete the import and define softmax(x, axis=-1) here.
"""

import numpy as np

from attn_softmax import softmax


def attention(Q, K, V, mask=None):
    """Return (out, weights) of scaled dot-product attention.

    Q: (n_q, d_k) queries, K: (n_k, d_k) keys, V: (n_k, d_v) values
       (floats or integers).
    mask: None (every key allowed) or a boolean array (n_q, n_k): True
          where query i may attend to key j. Each row of the mask
          allows at least one key.

    weights = softmax(Q @ K.T / sqrt(d_k)) over the keys (each row
    sums to 1), with every weight where mask is False exactly 0 and
    the others renormalized among themselves; out = weights @ V, of
    shape (n_q, d_v). weights has shape (n_q, n_k). Scores may be
    large (around 1e3): the softmax must stay stable. Shapes that do
    not fit raise ValueError (as NumPy's matmul does).
    """
    raise NotImplementedError


def causal_mask(n):
    """Return the (n, n) boolean mask that is True where j <= i.

    True on and below the diagonal: position i may attend to every
    position j up to and including itself.
    """
    raise NotImplementedError
