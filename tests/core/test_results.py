"""The typed result: the same answers on both sides of the JSON boundary."""

from __future__ import annotations

import json

import numpy as np

from tutor.core.results import CheckResult, ExerciseResult, Headline, Isolation, IsolationLevel, Verdict


def _check(name: str, passed: bool, verdict: Verdict = Verdict.WRONG, message: str = "wrong", **kw) -> CheckResult:
    return CheckResult(name, passed, False, "ok" if passed else message, Verdict.PASS if passed else verdict, **kw)


def _round_trip(result: ExerciseResult, arrays: bool = False) -> ExerciseResult:
    data = result.to_json(arrays=arrays)
    if not arrays:
        data = json.loads(json.dumps(data))
    return ExerciseResult.from_json(data)


def test_a_full_pass_and_its_json():
    result = ExerciseResult("x", [_check("a", True), _check("b", True, weight=3.0)], 5.0, "x.py",
                            isolation=Isolation(IsolationLevel.FULL))
    back = _round_trip(result)
    assert back.passed and back.headline is Headline.PASSED and back.score == 1.0
    assert back.isolation == Isolation(IsolationLevel.FULL) and back.isolation.warning is None
    assert back.to_json() == result.to_json()


def test_scores_are_weighted():
    result = ExerciseResult("x", [_check("a", True), _check("b", False, weight=3.0)], 5.0, "x.py")
    assert result.score == 0.25 and not result.passed and result.headline is Headline.NOT_YET
    assert _round_trip(result).checks[1].verdict is Verdict.WRONG


def test_a_student_copy_never_claims_a_pass():
    result = ExerciseResult("x", [_check("a", True), _check("b", True)], 5.0, "x.py", hidden_pending=3)
    assert result.public_passed and not result.passed and result.score is None and result.run_score == 1.0
    assert result.headline is Headline.PUBLIC_OK
    data = result.to_json()
    assert data["passed"] is False and data["public_passed"] is True and data["score"] is None
    assert data["summary"] == "2 public checks passed; 3 hidden checks run when graded"
    assert _round_trip(result).headline is Headline.PUBLIC_OK


def test_one_cause_is_found_only_when_it_explains_every_check():
    todo = [_check(n, False, Verdict.TODO, "not implemented yet") for n in "abc"]
    cause = ExerciseResult("x", todo, 1.0, "x.py").single_cause
    assert cause is not None and cause.verdict is Verdict.TODO and cause.checks == ("a", "b", "c")
    mixed = [*todo[:2], _check("c", False, Verdict.WRONG, "differs")]
    assert ExerciseResult("x", mixed, 1.0, "x.py").single_cause is None
    assert ExerciseResult("x", [*todo[:2], _check("c", True)], 1.0, "x.py").single_cause is None
    assert ExerciseResult("x", todo[:1], 1.0, "x.py").single_cause is None


def test_syntax_line_only_for_a_syntax_error():
    checks = [_check("a", False, Verdict.SYNTAX, "syntax error at line 4: invalid syntax")]
    result = ExerciseResult("x", checks, 1.0, "x.py", error="x.py: syntax error at line 4: invalid syntax")
    assert _round_trip(result).syntax_line == 4
    missing = ExerciseResult("x", [_check("a", False, Verdict.MISSING, "x.py (line 3) does not exist")], 1.0, "x.py",
                             error="x.py (line 3) does not exist")
    assert missing.syntax_line is None


def test_arrays_travel_only_when_asked():
    check = _check("a", False, actual=np.eye(2), expected=np.zeros((2, 2)))
    result = ExerciseResult("x", [check], 1.0, "x.py")
    assert "actual" not in result.to_json()["checks"][0]
    back = _round_trip(result, arrays=True).checks[0]
    np.testing.assert_array_equal(back.actual, np.eye(2))
    text_actual = ExerciseResult("x", [_check("a", False, actual="text")], 1, "x")
    assert _round_trip(text_actual, arrays=True).checks[0].actual is None


def test_unknown_values_from_json_are_never_a_pass():
    back = ExerciseResult.from_json({"exercise": "x", "checks": [{"name": "a", "verdict": "bogus"}], "isolation": 3})
    assert back.checks[0].verdict is Verdict.ERROR and not back.passed
    assert back.isolation is not None and back.isolation.level is IsolationLevel.NONE


def test_isolation_warnings_say_what_is_missing():
    partial = Isolation(IsolationLevel.PARTIAL, ("PID namespace", "seccomp filter"))
    assert partial.warning == "learner code ran with partial isolation: missing PID namespace, seccomp filter"
    assert "WITHOUT isolation" in Isolation(IsolationLevel.NONE, ("not Linux",)).warning


def test_findings_group_failures_by_cause_first_failure_first():
    off_by_one = "You kept k + 1 singular values."
    checks = [
        _check("shape", True),
        _check("rank 2", False, message="A_2 differs", diagnosis=off_by_one),
        _check("zero k", False, Verdict.EXCEPTION, "ValueError: k must be >= 1"),
        _check("rank 3", False, message="A_3 differs", diagnosis=off_by_one),
        _check("raises", False, Verdict.WRONG, "should raise ValueError"),
        _check("raises too", False, Verdict.WRONG, "should raise ValueError"),
        _check("rank 1", False, message="A_1 differs", diagnosis=off_by_one),
    ]
    result = _round_trip(ExerciseResult("x", checks, 1.0, "x.py"))
    findings = result.findings
    assert [f.first.name for f in findings] == ["rank 2", "zero k", "raises"]
    assert findings[0].diagnosis == off_by_one
    assert [c.name for c in findings[0].others] == ["rank 3", "rank 1"]  # the mistake, said once for three checks
    assert findings[1].others == () and findings[1].diagnosis is None
    assert [c.name for c in findings[2].others] == ["raises too"]  # same verdict and message: one cause
    assert [c.name for c in result.failed] == ["rank 2", "zero k", "rank 3", "raises", "raises too", "rank 1"]


def test_a_different_message_or_verdict_is_a_different_cause():
    checks = [_check("a", False, Verdict.WRONG, "differs"), _check("b", False, Verdict.NAN, "differs"),
              _check("c", False, Verdict.WRONG, "differs by more")]
    assert [len(f.checks) for f in ExerciseResult("x", checks, 1.0, "x.py").findings] == [1, 1, 1]
    assert ExerciseResult("x", [_check("a", True)], 1.0, "x.py").findings == []


def test_the_isolation_warning_is_none_when_full_or_unknown():
    full = ExerciseResult("x", [_check("a", True)], 1.0, "x.py", isolation=Isolation(IsolationLevel.FULL))
    assert full.isolation_warning is None
    assert ExerciseResult("x", [_check("a", True)], 1.0, "x.py").isolation_warning is None
    weak = ExerciseResult("x", [_check("a", True)], 1.0, "x.py",
                          isolation=Isolation(IsolationLevel.PARTIAL, ("seccomp",)))
    assert weak.isolation_warning == "learner code ran with partial isolation: missing seccomp"


def test_the_early_learner_process_has_the_default_run_folder():
    from tutor.core.launch import DEFAULT_RUN_FOLDER
    from tutor.core.model import Limits

    assert (Limits().run_folder_mb, Limits().run_folder_files) == DEFAULT_RUN_FOLDER
