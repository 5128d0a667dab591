"""The ratings data of the ALS lesson: synthetic generator, split, MovieLens reader, and the
`latent-tutor data` command (fetch from a local HTTP server, import, check, keep)."""

import hashlib
import http.server
import io
import threading
import zipfile
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

from tutor.cli import main
from tutor.data import RatingsFileError, load_movielens, movielens, split_ratings, synthetic_ratings


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
    with pytest.raises(RatingsFileError, match=r"u\.data: no such file"):
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


# -- `latent-tutor data`: fetch, import, check, keep ------------------------------------------

SMALL_CSV = ("userId,movieId,rating,timestamp\n"
             + "".join(f"{u},{m},{(u * m) % 10 / 2 + 0.5},9649827{u}{m}\n"
                       for u in range(1, 5) for m in (1, 3, 6, 47, 50))
             ).encode()
SMALL = movielens.Release("ml-latest-small", "MovieLens latest-small", "http://127.0.0.1:1/unused.zip",
                          hashlib.md5(SMALL_CSV).hexdigest(), 20)


def zipped(csv: bytes, name: str = "ml-latest-small/ratings.csv") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ml-latest-small/README.txt", "test data, made by the tests")
        archive.writestr(name, csv)
    return buffer.getvalue()


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, bytes]] = {}  # shared by every request's handler

    def do_GET(self):  # the http.server API names it
        if self.path == "/cut.zip":  # promise more than is sent, then hang up
            body = zipped(SMALL_CSV)
            self.send_response(200)
            self.send_header("Content-Length", str(len(body) * 2))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        body = self.routes.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Handler.routes = {
        "/ml-latest-small.zip": zipped(SMALL_CSV),
        "/ratings.csv": SMALL_CSV,
        "/corrupt.zip": zipped(SMALL_CSV.replace(b"\n4,50,", b"\n4,51,")),
        "/notzip.zip": b"PK\x03\x04 this is not really a zip",
        "/no-ratings.zip": zipped(SMALL_CSV, name="ml-latest-small/movies.csv"),
    }
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    home = tmp_path / "data-home"
    monkeypatch.setenv(movielens.DATA_ENV, str(home))
    return home


def leftovers(home: Path) -> list[str]:
    return sorted(p.name for p in home.rglob("*") if p.is_file())


def test_the_real_release_is_checked_against_its_published_checksum():
    assert movielens.LATEST_SMALL.md5 == "325a6f09399d1c45671f187505e1a100"
    assert movielens.LATEST_SMALL.ratings == 100_836
    assert movielens.LATEST_SMALL.url == "https://files.grouplens.org/datasets/movielens/ml-latest-small.zip"
    with pytest.raises(movielens.DataError, match="does not check out"):  # the test file is not the real one
        movielens.check_ratings(SMALL_CSV)


def test_data_home_is_the_user_data_folder(monkeypatch):
    monkeypatch.delenv(movielens.DATA_ENV, raising=False)
    from platformdirs import user_data_path

    assert movielens.data_home() == user_data_path("latent-tutor", appauthor=False)
    assert movielens.ratings_path().parts[-3:] == ("movielens", "ml-latest-small", "ratings.csv")


def test_fetch_downloads_checks_and_keeps(server, data_home):
    calls = []
    path, summary = movielens.fetch(f"{server}/ml-latest-small.zip", SMALL, progress=lambda d, t: calls.append((d, t)))
    assert path == movielens.ratings_path() and path.read_bytes() == SMALL_CSV
    assert (summary.ratings, summary.users, summary.items) == (20, 4, 5)
    assert calls[0][0] == 0 and calls[-1][0] == calls[-1][1] > 0
    assert leftovers(data_home) == ["ratings.csv"]
    assert movielens.is_present()
    ratings = movielens.load()
    assert ratings.R.shape == (4, 5) and ratings.mask.sum() == 20
    train, test = movielens.split(ratings, seed=0)
    assert test.sum() == 4 and not np.any(train & test) and np.array_equal(train | test, ratings.mask)
    again = movielens.split(ratings, seed=0)
    assert np.array_equal(again[1], test)


def test_fetch_takes_a_plain_ratings_csv_from_a_mirror(server, data_home):
    path, _ = movielens.fetch(f"{server}/ratings.csv", SMALL)
    assert path.read_bytes() == SMALL_CSV


@pytest.mark.parametrize("route, reason", [
    ("/corrupt.zip", "does not check out"),
    ("/notzip.zip", "not a readable zip"),
    ("/no-ratings.zip", "holds no ratings.csv"),
    ("/cut.zip", "stopped after"),
    ("/missing.zip", "could not download"),
])
def test_a_bad_download_is_refused_and_leaves_nothing(server, data_home, route, reason):
    with pytest.raises(movielens.DataError, match=reason):
        movielens.fetch(f"{server}{route}", SMALL)
    assert leftovers(data_home) == []
    assert not movielens.is_present()


def test_a_failed_fetch_keeps_the_earlier_good_copy(server, data_home):
    movielens.fetch(f"{server}/ml-latest-small.zip", SMALL)
    with pytest.raises(movielens.DataError):
        movielens.fetch(f"{server}/corrupt.zip", SMALL)
    assert leftovers(data_home) == ["ratings.csv"]
    assert movielens.ratings_path().read_bytes() == SMALL_CSV


def test_an_interrupted_download_leaves_nothing(server, data_home):
    def interrupt(done, total):
        if done:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        movielens.fetch(f"{server}/ml-latest-small.zip", SMALL, progress=interrupt)
    assert leftovers(data_home) == []


def test_import_a_zip_a_csv_or_a_folder(tmp_path, data_home):
    (tmp_path / "ml-latest-small.zip").write_bytes(zipped(SMALL_CSV))
    folder = tmp_path / "unzipped"
    folder.mkdir()
    (folder / "ratings.csv").write_bytes(SMALL_CSV)
    for source in (tmp_path / "ml-latest-small.zip", folder / "ratings.csv", folder):
        movielens.ratings_path().unlink(missing_ok=True)
        path, summary = movielens.import_file(source, SMALL)
        assert path.read_bytes() == SMALL_CSV and summary.ratings == 20
    bad = tmp_path / "ratings.csv"
    bad.write_bytes(SMALL_CSV + b"5,1,4.0,1\n")
    with pytest.raises(movielens.DataError, match=r"21 ratings, expected .* with 20"):
        movielens.import_file(bad, SMALL)
    with pytest.raises(movielens.DataError, match="no such file"):
        movielens.import_file(tmp_path / "nowhere.zip", SMALL)
    assert movielens.ratings_path().read_bytes() == SMALL_CSV


def test_cli_fetch_and_list(server, data_home, monkeypatch, capsys):
    monkeypatch.setattr(movielens, "LATEST_SMALL", SMALL)
    assert main(["data", "list"]) == 0
    assert "not present" in capsys.readouterr().out
    assert main(["data", "fetch", "movielens", "--url", f"{server}/ml-latest-small.zip"]) == 0
    captured = capsys.readouterr()
    assert "20 ratings by 4 users of 5 movies" in captured.out and "downloading: 100%" in captured.err
    assert main(["data", "list"]) == 0
    out = capsys.readouterr().out
    assert "20 ratings" in out and str(movielens.ratings_path()) in out
    movielens.ratings_path().write_bytes(SMALL_CSV[:-10])  # damaged after the fact
    assert main(["data", "list"]) == 0
    assert "does not check out" in capsys.readouterr().out


def test_cli_refuses_a_bad_file_with_exit_1(server, data_home, monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(movielens, "LATEST_SMALL", SMALL)
    assert main(["data", "fetch", "movielens", "--url", f"{server}/corrupt.zip"]) == 1
    assert "does not check out" in capsys.readouterr().err
    (tmp_path / "ratings.csv").write_bytes(b"user,movie\n1,2\n")
    assert main(["data", "fetch", "movielens", "--from", str(tmp_path / "ratings.csv")]) == 1
    assert "not a MovieLens ratings.csv" in capsys.readouterr().err
    assert leftovers(data_home) == []
    (tmp_path / "ml.zip").write_bytes(zipped(SMALL_CSV))
    assert main(["data", "fetch", "movielens", "--from", str(tmp_path / "ml.zip")]) == 0


@pytest.mark.parametrize("argv", [["data"], ["data", "fetch"], ["data", "fetch", "imagenet"],
                                  ["data", "fetch", "movielens", "--url", "http://127.0.0.1:1/x", "--from", "x.zip"]])
def test_cli_usage_errors_exit_2(argv, data_home):
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    assert code == 2
