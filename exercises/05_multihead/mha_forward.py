"""Exercise mha-forward: multi-head self-attention.

Instead of one attention of width d_model, split the projections into
n_heads smaller heads of width d_head = d_model / n_heads. Each head
attends on its own; their outputs are placed side by side and mixed
back to d_model by W_O. The parameter count is the same as one wide
head.
"""

import numpy as np


def multi_head_attention(X, W_Q, W_K, W_V, W_O, n_heads, causal=False):
    """Return the (n, d_model) output of multi-head self-attention on
    X.

    X: (n, d_model), one row per position.
    W_Q, W_K, W_V: (d_model, n_heads * d_head). W_O: (n_heads *
                   d_head, d_model).
    n_heads: an int >= 1 dividing the number of columns of W_Q; raise
             ValueError otherwise.
    causal: when True, position i attends only to positions j <= i.

    Head h uses columns h*d_head:(h+1)*d_head of W_Q, W_K and W_V:
        Q_h = X @ W_Q[:, cols]
        K_h = X @ W_K[:, cols]
        V_h = X @ W_V[:, cols]
        head_h = softmax(Q_h @ K_h.T / sqrt(d_head)) @ V_h, (n, d_head)
    (softmax over the keys, stable for large scores). The output is
    concat(head_0, ..., head_{n_heads-1}) @ W_O, the heads side by
    side in order of h, which equals the sum over h of head_h @
    W_O[rows h*d_head:(h+1)*d_head].
    """
    raise NotImplementedError
