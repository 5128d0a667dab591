"""Check results: what to fix first, each cause said once, then what passed.

The order is the result's own (`ExerciseResult.findings`), the same as the command line's: the
first failing check comes first and expanded, with its message, the likely mistake, the seed,
the detail and, for a failed matrix comparison, the actual / expected / difference heatmaps;
failing checks that share its cause are named under it rather than told again; other causes
follow collapsed; passing checks come last, one line each. Every piece of text is literal
(`tutor.widgets.text`), so no message can break the screen.
"""

from __future__ import annotations

from typing import cast

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Collapsible, Static

from tutor.core.results import CheckResult, ExerciseResult, Finding, Headline, Verdict
from tutor.widgets.text import Part, assemble, lines, literal

DETAIL_LINES = 8
OUTPUT_LINES = 15
_HEADLINE_STYLE = {Headline.PASSED: ("✓", "$text-success"), Headline.PUBLIC_OK: ("✓", "$text-success"),
                   Headline.NOT_YET: ("✗", "$text-error")}


def verdict_line(result: ExerciseResult) -> Content:
    """One line summing up a result: the headline, the summary and the time taken."""
    took = f" · {result.elapsed_ms:.0f} ms" if result.elapsed_ms else ""
    mark, colour = _HEADLINE_STYLE[result.headline]
    return assemble((f"{mark} {result.headline}", f"bold {colour}"), " ", result.summary, took)


def isolation_line(warning: str) -> Content:
    """The one-line warning shown when learner code ran with weaker isolation than promised."""
    return assemble(("⚠ ", "bold $text-warning"), (warning, "$text-warning"))


def _last_lines(text: str, count: int) -> str:
    return "\n".join(text.rstrip().splitlines()[-count:])


def _hidden(check: CheckResult) -> Part:
    return (" (hidden)", "$text-muted") if check.hidden else ""



class CheckResults(VerticalScroll, can_focus=True):
    """The outcome of the last check run, or what stopped it."""

    DEFAULT_CSS = """
    CheckResults {
        padding: 0 1;
    }
    CheckResults Static {
        height: auto;
    }
    CheckResults > .verdict {
        margin-bottom: 1;
    }
    CheckResults > .isolation {
        margin-bottom: 1;
    }
    CheckResults > .heading {
        margin-top: 1;
    }
    CheckResults Collapsible {
        border-top: none;
        padding-bottom: 0;
        margin-bottom: 1;
    }
    CheckResults Collapsible > Contents {
        padding: 0 0 0 2;
    }
    CheckResults .detail {
        color: $text-muted;
    }
    CheckResults .diff {
        margin-top: 1;
    }
    CheckResults > .problem {
        border-left: wide $error;
        padding: 0 1;
    }
    """

    async def show_crash(self, message: str) -> None:
        """The grading worker stopped; it has been restarted."""
        await self.remove_children()
        await self.mount(Static(lines(
            assemble(("The check could not run.", "bold $text-error")),
            literal(message),
            Content(""),
            Content("The grading worker was restarted. Save again or press ctrl+r to check again."),
        ), classes="problem"))

    async def show_result(self, result: ExerciseResult, source: str | None = None) -> None:
        """Show ``result``; ``source`` is the checked text, for quoting the line of a syntax error."""
        await self.remove_children()
        await self.mount_all(result_widgets(result, source))


def result_widgets(result: ExerciseResult, source: str | None = None) -> list[Widget]:
    """The widgets that show ``result`` (what `CheckResults.show_result` mounts)."""
    widgets: list[Widget] = [Static(verdict_line(result), classes="verdict")]
    warning = result.isolation_warning
    if warning:
        widgets.append(Static(isolation_line(warning), classes="isolation"))
    if result.error:
        widgets.append(_error(result, source))
    elif result.single_cause is not None:
        widgets.append(_one_cause(result))
    else:
        for position, finding in enumerate(result.findings):
            widgets.append(_finding(finding, expanded=position == 0))
        passed = [check for check in result.checks if check.passed]
        if passed:
            widgets.append(Static(lines(*(assemble(("✓ ", "$text-success"), check.name, _hidden(check))
                                          for check in passed)), classes="passed"))
    if result.output.strip():
        widgets.append(Static(assemble(("Your code printed:", "bold")), classes="heading"))
        widgets.append(Static(literal(_last_lines(result.output, OUTPUT_LINES)), classes="detail"))
    return widgets


def _error(result: ExerciseResult, source: str | None) -> Widget:
    """Nothing could run (a syntax error, a missing file): the reason and the line."""
    rows = [literal(result.error or "", "bold $text-error")]
    number = result.syntax_line
    detail = next((c.detail for c in result.checks if c.detail), "")
    if detail:
        rows.append(literal(detail.rstrip()))
    elif number and source:
        source_lines = source.splitlines()
        if 0 < number <= len(source_lines):
            rows.append(literal(f"{number:>4} | {source_lines[number - 1]}"))
    if number:
        rows += [Content(""), literal(f"The cursor in the Code tab (F3) is on line {number}.", "$text-muted")]
    return Static(lines(*rows), classes="problem")


def _one_cause(result: ExerciseResult) -> Widget:
    """Every check failed for the same reason (a stub, a missing function): said once."""
    cause = result.single_cause
    assert cause is not None
    rows = [assemble((f"✗ all {len(cause.checks)} checks: ", "bold $text-error"), cause.message)]
    if cause.detail.strip():
        rows.append(literal(_last_lines(cause.detail, DETAIL_LINES)))
    names = ", ".join(c.name + (" (hidden)" if c.hidden else "") for c in result.checks)
    rows += [Content(""), literal(f"The checks: {names}", "$text-muted")]
    return Static(lines(*rows), classes="problem")


def _finding(finding: Finding, *, expanded: bool) -> Widget:
    """One cause: its first failing check in full, the others it explains by name."""
    check = finding.first
    title = assemble(("✗ ", "$text-error"), (check.name, "bold"), _hidden(check))
    if finding.others:
        title = assemble(title, (f"  +{len(finding.others)} more, same cause", "$text-muted"))
    body: list[Widget] = [Static(literal(check.message), classes="message")]
    notes: list[Content] = []
    if finding.diagnosis:
        notes.append(assemble(("Likely mistake: ", "bold $text-warning"), (finding.diagnosis, "$text-warning")))
    drawn = check.actual is not None and check.expected is not None
    if check.seed is not None and check.verdict == Verdict.WRONG and not drawn:  # a diff names its seed
        notes.append(literal(f"inputs drawn with seed {check.seed}", "$text-muted"))
    if finding.others:
        why = "This mistake also explains" if finding.diagnosis else "The same message for"
        others = ", ".join(other.name + (" (hidden)" if other.hidden else "") for other in finding.others)
        notes.append(assemble((f"{why}: ", "$text-muted"), others))
    if notes:
        body.append(Static(lines(*notes)))
    if check.detail.strip():
        body.append(Static(literal(_last_lines(check.detail, DETAIL_LINES)), classes="detail"))
    if drawn:
        body.append(_diff(check))
    # Collapsible's title is typed as markup `str`; a Content title is shown as it is, never parsed.
    return Collapsible(*body, title=cast(str, title), collapsed=not expanded, classes="finding")


def _diff(check: CheckResult) -> Widget:
    from tutor.render import DiffTriple
    from tutor.render.figure import Guarded

    triple = DiffTriple(check.actual, check.expected, seed=check.seed)
    return Static(Guarded(triple, "the difference"), classes="diff")
