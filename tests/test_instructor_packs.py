"""Packs from anywhere: --pack (repeatable), $LATENT_TUTOR_PACKS, and installed packages that
register under the entry-point group `latent_tutor.packs`; broken ones become warnings."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest
from instructor_support import (
    EXAMPLE_PACK,
    EXAMPLE_PACKAGE,
    EXERCISE,
    REPO,
    cli,
    fake_distribution,
    scaffold,
)


def exercise_ids(listing: dict) -> dict[str, list[str]]:
    """pack name -> its exercise ids, from `list --json`."""
    packs: dict[str, list[str]] = {}
    for lesson in listing["lessons"]:
        packs.setdefault(lesson["pack"], []).extend(ex["id"] for ex in lesson["exercises"])
    return packs


def test_an_entry_point_pack_is_listed_and_broken_plugins_become_warnings(tmp_path):
    site = tmp_path / "site"
    fake_distribution(site, "latent-tutor-example-pack", {"example": "latent_tutor_example"})
    fake_distribution(site, "broken-plugins", {"ghost": "no_such_pack_package", "badpack": "bad_pack"})
    bad = site / "bad_pack"
    bad.mkdir()
    # Packs are located without importing them: this package would fail if it were imported.
    (bad / "__init__.py").write_text("raise RuntimeError('a pack package must not be imported')\n")
    (bad / "pack.toml").write_text('format = 1\nname = "bad"\ntitle = "Bad"\n[[lessons]]\nid = "x"\n')
    result = cli("list", "--json", tmp=tmp_path,
                 env={"PYTHONPATH": os.pathsep.join([str(site), str(EXAMPLE_PACKAGE)])})
    assert result.returncode == 0, result.stderr
    packs = exercise_ids(json.loads(result.stdout))
    assert packs["example-cosine"] == ["cosine-similarity"]
    assert "latent-factors" in packs and "bad" not in packs
    assert "'ghost'" in result.stderr and "no_such_pack_package" in result.stderr
    assert "bad_pack" in result.stderr and "pack.toml" in result.stderr and "lessons[0].title" in result.stderr
    assert "must not be imported" not in result.stderr


def test_a_pip_installed_pack_is_listed_and_checked(tmp_path):
    if importlib.util.find_spec("hatchling") is None:
        pytest.skip("building the example pack needs hatchling (pip install hatchling)")
    site = tmp_path / "site"
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                              "--no-build-isolation", "--target", str(site), str(EXAMPLE_PACKAGE)],
                             capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert install.returncode == 0, install.stderr
    assert (site / "latent_tutor_example" / "pack.toml").is_file()
    env = {"PYTHONPATH": str(site)}
    listing = cli("list", "--json", tmp=tmp_path, env=dict(env))
    assert exercise_ids(json.loads(listing.stdout))["example-cosine"] == ["cosine-similarity"]
    solution = EXAMPLE_PACK / "solutions/cosine/cosine_similarity.py"
    check = cli("check", "cosine-similarity", "--file", solution, "--json", tmp=tmp_path, env=dict(env))
    assert check.returncode == 0 and json.loads(check.stdout)["passed"] is True


def test_repeatable_pack_option_and_environment_variable(tmp_path):
    first = scaffold(tmp_path, "week1")
    result = cli("--pack", first, "--pack", EXAMPLE_PACK, "list", "--json", tmp=tmp_path)
    packs = exercise_ids(json.loads(result.stdout))
    assert packs["week1"] == [EXERCISE] and packs["example-cosine"] == ["cosine-similarity"]
    result = cli("list", "--json", tmp=tmp_path,
                 env={"LATENT_TUTOR_PACKS": os.pathsep.join([str(first), str(EXAMPLE_PACK)])})
    packs = exercise_ids(json.loads(result.stdout))
    assert set(packs) == {"latent-factors", "week1", "example-cosine"}


def test_a_broken_pack_folder_is_a_warning_and_the_rest_load(tmp_path):
    good = scaffold(tmp_path, "good")
    broken = scaffold(tmp_path, "broken")
    (broken / "pack.toml").write_text((broken / "pack.toml").read_text().replace('id = "norms"', "id = 7"))
    result = cli("--pack", broken, "--pack", good, "list", "--json", tmp=tmp_path)
    assert result.returncode == 0
    assert set(exercise_ids(json.loads(result.stdout))) == {"latent-factors", "good"}
    assert f"pack at {broken}" in result.stderr and "lessons[0].id" in result.stderr


def test_list_file_is_the_path_inside_a_workspace_and_a_student_folder(tmp_path):
    result = cli("--pack", EXAMPLE_PACK, "list", "--json", tmp=tmp_path)
    files = {ex["id"]: ex["file"] for lesson in json.loads(result.stdout)["lessons"] for ex in lesson["exercises"]}
    assert files["svd-truncate"] == "02_svd/svd_truncate.py"
    assert files["cosine-similarity"] == "example-cosine/cosine/cosine_similarity.py"
    assert (REPO / "exercises" / files["svd-truncate"]).is_file()
