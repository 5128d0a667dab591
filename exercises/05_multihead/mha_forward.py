"""Exercise mha-forward: multi-head self-attention.

Instead of one attention over all the columns of the projections,
split them into n_heads heads of d_head columns each, where d_head is
the number of columns of W_Q divided by n_heads. Each head attends on
its own, with its own softmax; their outputs are placed side by side
and mixed back to d_model by W_O. The usual layout has n_heads *
d_head = d_model, so the parameter count is that of one wide head,
but the heads may also be narrower (W_Q of shape (12, 6) with three
heads gives d_head = 2, not 12 / 3).

This file imports your softmax from exercise attn-softmax (your file
attn_softmax.py). If you would rather not, delete the import and
define softmax(x, axis=-1) here.
"""

import numpy as np

from attn_softmax import softmax


def multi_head_attention(X, W_Q, W_K, W_V, W_O, n_heads,
                         causal=False):
    """Return the (n, d_model) output of multi-head self-attention on
    X.

    X: (n, d_model), one row per position.
    W_Q, W_K, W_V: (d_model, n_heads * d_head).
    W_O: (n_heads * d_head, d_model).
    n_heads: an int >= 1 that divides the number of columns of W_Q;
        raise ValueError otherwise. d_head = W_Q.shape[1] // n_heads.
    causal: when True, position i attends only to positions j <= i.

    Head h uses columns h*d_head:(h+1)*d_head of W_Q, W_K and W_V:
        Q_h = X @ W_Q[:, cols]
        K_h = X @ W_K[:, cols]
        V_h = X @ W_V[:, cols]
        head_h = softmax(Q_h @ K_h.T / sqrt(d_head)) @ V_h
    Each head_h is (n, d_head); the softmax is over the keys and must
    stay stable for large scores. The output is
        concat(head_0, ..., head_{n_heads-1}) @ W_O,
    the heads side by side in order of h. That equals the sum over h
    of head_h @ W_O[h*d_head:(h+1)*d_head, :].
    """
    raise NotImplementedError
