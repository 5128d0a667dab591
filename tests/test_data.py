"""The ratings data of the ALS lesson: synthetic generator, split, MovieLens reader."""

import numpy as np
import pytest

from tutor.data import RatingsFileError, load_movielens, split_ratings, synthetic_ratings


def test_synthetic_has_planted_rank_and_density():
    R, mask = synthetic_ratings(40, 30, 3, density=1.0, noise=0.0, seed=1)
    s = np.linalg.svd(R, compute_uv=False)
    assert np.sum(s > s[0] * 1e-10) == 3
    R, mask = synthetic_ratings(200, 100, 4, density=0.25, noise=0.5, seed=2)
    assert mask.dtype == bool and R.shape == mask.shape == (200, 100)
    assert abs(mask.mean() - 0.25) < 0.02
    assert np.all(R[~mask] == 0.0)
    assert abs(R[mask].mean() - 3.0) < 0.2


def test_synthetic_is_reproducible_and_validates():
    a, b = synthetic_ratings(10, 8, 2, 0.5, 0.1, seed=7), synthetic_ratings(10, 8, 2, 0.5, 0.1, seed=7)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    with pytest.raises(ValueError):
        synthetic_ratings(5, 5, 6, 0.5, 0.1)
    with pytest.raises(ValueError):
        synthetic_ratings(5, 5, 2, 1.5, 0.1)


def test_split_partitions_observed_entries():
    _, mask = synthetic_ratings(50, 40, 3, 0.3, 0.1, seed=3)
    train, test = split_ratings(mask, holdout=0.2, seed=0)
    assert not np.any(train & test)
    assert np.array_equal(train | test, mask)
    assert test.sum() == round(0.2 * mask.sum())


def test_reads_u_data(tmp_path):
    path = tmp_path / "u.data"
    path.write_text("196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t302\t5\t881251000\n")
    data = load_movielens(path)
    assert data.R.shape == (2, 2)
    assert list(data.user_ids) == [186, 196] and list(data.item_ids) == [242, 302]
    assert data.R[data.user_index(196), data.item_index(302)] == 5.0
    assert data.mask.sum() == 3 and not data.mask[data.user_index(186), data.item_index(242)]


def test_reads_ratings_csv_and_keeps_last_duplicate(tmp_path):
    path = tmp_path / "ratings.csv"
    path.write_text("userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,3,4.0,964981247\n2,1,3.5,1\n1,3,2.5,2\n")
    data = load_movielens(path)
    assert data.R.shape == (2, 2)
    assert data.R[data.user_index(1), data.item_index(3)] == 2.5
    assert data.R[data.user_index(2), data.item_index(1)] == 3.5
    assert data.mask.sum() == 3


def test_missing_file_is_named(tmp_path):
    with pytest.raises(RatingsFileError, match="u.data: no such file"):
        load_movielens(tmp_path / "u.data")


@pytest.mark.parametrize("name, text, where", [
    ("u.data", "196\t242\t3\t881250949\n186\t302\n", "u.data:2"),
    ("u.data", "196\t242\tthree\t881250949\n", "u.data:1"),
    ("ratings.csv", "user,movie,rating\n1,1,4,0\n", "ratings.csv:1"),
    ("ratings.csv", "userId,movieId,rating,timestamp\n1,1,4.0,1\n1,x,4.0,1\n", "ratings.csv:3"),
])
def test_malformed_line_is_named(tmp_path, name, text, where):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(RatingsFileError, match=where):
        load_movielens(path)
