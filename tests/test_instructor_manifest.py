"""Manifest fields an instructor gets wrong: paths that leave the pack, limits and points that are
not positive numbers. Each is a problem naming the line and the field, never a silent default."""

from __future__ import annotations

import pytest
from packkit import MINI_MANIFEST, write_pack

from tutor.core.manifest import PackError, load_pack

LIMITS = "limits = { timeout = 3, call_timeout = 1.5, memory_mb = 1024 }"


def problems_of(tmp_path, manifest: str) -> list[str]:
    root = write_pack(tmp_path / "p", manifest)
    with pytest.raises(PackError) as info:
        load_pack(root)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize("field, value", [
    ("file", "/etc/passwd.py"),
    ("file", "../outside.py"),
    ("public_checks", "/tmp/checks.py"),
    ("hidden_checks", "checks/../../checks.py"),
    ("variants", "/var/variants"),
])
def test_a_path_outside_the_pack_is_refused(tmp_path, field, value):
    old = {"file": 'file = "double.py"', "public_checks": 'public_checks = "checks/double_public.py"',
           "hidden_checks": 'hidden_checks = "checks/double.py"', "variants": 'variants = "variants/double"'}[field]
    manifest = MINI_MANIFEST.replace(old, f'{field} = "{value}"')
    line = next(n for n, text in enumerate(manifest.splitlines(), 1) if text.strip().startswith(f"{field} ="))
    (problem,) = problems_of(tmp_path, manifest)
    assert (f"pack.toml:{line}: lessons[0].exercises[0].{field}: {value!r} "
            "must be a relative path inside the pack") in problem


def test_an_absolute_lesson_text_is_refused(tmp_path):
    (problem,) = problems_of(tmp_path, MINI_MANIFEST.replace('text = "lessons/basics.md"', 'text = "/etc/motd"'))
    assert "lessons[0].text: '/etc/motd' must be a relative path inside the pack" in problem


@pytest.mark.parametrize("limit", ["timeout = 0", "call_timeout = -1", "memory_mb = 0", "check_timeout = 0",
                                   "timeout = nan", "timeout = inf", "timeout = true"])
def test_a_limit_that_is_not_a_positive_number_is_refused(tmp_path, limit):
    (problem,) = problems_of(tmp_path, MINI_MANIFEST.replace(LIMITS, f"limits = {{ {limit} }}"))
    key = limit.split(" = ")[0]
    assert f"lessons[0].exercises[0].limits.{key}: expected a positive number" in problem


def test_a_pack_wide_zero_limit_is_refused_too(tmp_path):
    manifest = MINI_MANIFEST.replace('title = "A tiny pack for tests"\n',
                                     'title = "A tiny pack for tests"\nlimits = { check_timeout = 0 }\n')
    (problem,) = problems_of(tmp_path, manifest)
    assert "pack.toml:4: limits.check_timeout: expected a positive number, got 0" in problem


def test_points_and_check_timeout(tmp_path):
    root = write_pack(tmp_path / "ok",
                      MINI_MANIFEST.replace(LIMITS, "limits = { check_timeout = 2.5 }\n  points = 2.5"))
    exercise = load_pack(root).exercise("double")
    assert (exercise.points, exercise.limits.check_timeout) == (2.5, 2.5)
    assert load_pack(write_pack(tmp_path / "default", MINI_MANIFEST)).exercise("double").points == 1.0
    for bad in ("0", "-1", '"two"', "true", "nan"):
        (problem,) = problems_of(tmp_path / bad, MINI_MANIFEST.replace(LIMITS, f"points = {bad}"))
        assert "lessons[0].exercises[0].points: expected a positive number of points" in problem
