"""Rating data for the ALS lesson (no Textual here); its reference algorithms are in
`tutor.reference`.

- `synthetic_ratings` plants a known low-rank structure (optionally with user and item
  biases) and `split_ratings` holds out a share of the observed entries;
- `movielens` fetches, checks and keeps MovieLens latest-small on the learner's request (its
  licence does not allow shipping it) and reads rating files (`load_movielens`);
"""

from tutor.data.movielens import Ratings, RatingsFileError, load_movielens
from tutor.data.synthetic import split_ratings, synthetic_ratings

__all__ = ["Ratings", "RatingsFileError", "load_movielens", "split_ratings", "synthetic_ratings"]
