"""Rating data for the ALS lesson: a synthetic generator and a MovieLens file reader.

No Textual here, and no data is bundled: `synthetic_ratings` plants a known low-rank structure,
and `load_movielens` reads files the learner has downloaded from https://grouplens.org.
"""

from tutor.data.movielens import Ratings, RatingsFileError, load_movielens
from tutor.data.ridge import ridge_rows
from tutor.data.synthetic import split_ratings, synthetic_ratings

__all__ = ["Ratings", "RatingsFileError", "load_movielens", "ridge_rows", "split_ratings", "synthetic_ratings"]
