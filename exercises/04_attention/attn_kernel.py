"""Exercise attn-kernel: kernel regression is attention.

Nadaraya-Watson regression predicts y at a query point q as a
weighted average of the training targets y_i, with weights
    softmax over i of -|q - x_i|^2 / (2 h^2)
for a bandwidth h > 0: the training inputs are the keys, the
training targets the values. A small h listens to the nearest
points only, a large one averages everything.

This file imports your softmax from exercise attn-softmax (your file
attn_softmax.py). If you would rather not, delete the import and
define softmax(x, axis=-1) here.
"""

import numpy as np

from attn_softmax import softmax


def kernel_regression(x_train, y_train, x_query, bandwidth):
    """Return the Nadaraya-Watson predictions at the query points.

    x_train: (n,) numbers or (n, d) points; x_query: (q,) or (q, d),
        with as many dimensions as x_train.
    y_train: (n,) targets, or (n, p) for p targets per point.
    bandwidth: the kernel width h, a number > 0.

    For each query, the weights over the n training points are the
    softmax of -|x_q - x_i|^2 / (2 h^2) (squared Euclidean distance),
    and the prediction is those weights times y_train. The result
    has shape (q,) for a 1-D y_train and (q, p) for a 2-D one.

    It must stay finite for bandwidths down to 1e-12. There it is
    nearest-neighbour regression: the nearest training point gets
    all the weight, and points exactly tied for nearest share it
    equally. Raise ValueError unless bandwidth > 0.
    """
    raise NotImplementedError
