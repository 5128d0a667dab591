"""Check results: one line per check, its message, the likely mistake, the seed, and for a
failing matrix comparison the actual / expected / difference heatmaps."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from tutor.core.results import CheckResult, ExerciseResult, Headline, Verdict
from tutor.widgets.marks import plain

DETAIL_LINES = 8
_HEADLINE_STYLE = {Headline.PASSED: ("✓", "$text-success"), Headline.PUBLIC_OK: ("✓", "$text-success"),
                   Headline.NOT_YET: ("✗", "$text-error")}


def verdict_line(result: ExerciseResult) -> str:
    """One line of content markup summing up a result."""
    took = f" · {result.elapsed_ms:.0f} ms" if result.elapsed_ms else ""
    mark, colour = _HEADLINE_STYLE[result.headline]
    return f"[b {colour}]{mark} {result.headline}[/] {plain(result.summary)}{took}"


def _has_arrays(check: CheckResult) -> bool:
    return check.actual is not None and check.expected is not None


class CheckResults(VerticalScroll, can_focus=True):
    """The outcome of the last check run, or what stopped it."""

    DEFAULT_CSS = """
    CheckResults {
        padding: 0 1;
    }
    CheckResults > Static {
        height: auto;
    }
    CheckResults > .verdict {
        margin-bottom: 1;
    }
    CheckResults > .check-failed {
        margin-top: 1;
    }
    CheckResults > .check-body {
        padding-left: 2;
    }
    CheckResults > .detail {
        color: $text-muted;
        padding-left: 2;
    }
    CheckResults > .diff {
        padding-left: 2;
        margin-top: 1;
    }
    CheckResults > .problem {
        border-left: wide $error;
        padding: 0 1;
    }
    """

    async def show_message(self, markup: str) -> None:
        """Replace the results with one message (before any check, or while checking)."""
        await self.remove_children()
        await self.mount(Static(markup, classes="verdict"))

    async def show_crash(self, message: str) -> None:
        """The grading worker stopped; it has been restarted."""
        await self.remove_children()
        await self.mount(Static(f"[b $text-error]The check could not run.[/]\n{plain(message)}\n\n"
                          "The grading worker was restarted. Save again or press ctrl+r to check again.",
                          classes="problem"))

    async def show_result(self, result: ExerciseResult, source: str | None = None) -> None:
        """Show ``result`` (a grading worker reply); ``source`` is the checked text, for quoting a bad line."""
        await self.remove_children()
        await self.mount_all(list(self._widgets(result, source)))

    def _widgets(self, result: ExerciseResult, source: str | None) -> list[Widget]:
        widgets: list[Widget] = [Static(verdict_line(result), classes="verdict")]
        checks = result.checks
        if result.error:
            widgets.append(self._error(result, source))
        elif result.single_cause is not None:
            widgets.append(self._one_cause(result))
        else:
            drawn = False
            for check in checks:
                widgets += self._check(check)
                if not check.passed and _has_arrays(check) and not drawn:
                    widgets.append(self._diff(check))
                    drawn = True
        if result.output.strip():
            lines = result.output.rstrip().splitlines()[-15:]
            widgets.append(Static("[b]Your code printed:[/b]", classes="check-failed"))
            widgets.append(Static(Text("\n".join(lines)), classes="detail"))
        return widgets

    def _error(self, result: ExerciseResult, source: str | None) -> Widget:
        lines = [f"[b $text-error]{plain(result.error or '')}[/]"]
        number = result.syntax_line
        detail = next((c.detail for c in result.checks if c.detail), "")
        if detail:
            lines.append(plain(detail.rstrip()))
        elif number and source:
            source_lines = source.splitlines()
            if 0 < number <= len(source_lines):
                lines.append(f"{number:>4} | {plain(source_lines[number - 1])}")
        if number:
            lines.append(f"\n[$text-muted]The cursor in the Code tab (F3) is on line {number}.[/]")
        return Static("\n".join(lines), classes="problem")

    def _one_cause(self, result: ExerciseResult) -> Widget:
        """Every check failed for the same reason (a stub, a missing function): say it once."""
        cause = result.single_cause
        assert cause is not None
        lines = [f"[b $text-error]✗ all {len(cause.checks)} checks:[/] {plain(cause.message)}"]
        detail = cause.detail.rstrip()
        if detail:
            lines.append(plain("\n".join(detail.splitlines()[-DETAIL_LINES:])))
        names = ", ".join(c.name + (" (hidden)" if c.hidden else "") for c in result.checks)
        lines.append(f"\n[$text-muted]The checks: {plain(names)}[/]")
        return Static("\n".join(lines), classes="problem")

    def _check(self, check: CheckResult) -> list[Widget]:
        hidden = " [$text-muted](hidden)[/]" if check.hidden else ""
        if check.passed:
            return [Static(f"[$text-success]✓[/] {plain(check.name)}{hidden}")]
        lines = [plain(check.message)]
        if check.diagnosis:
            lines.append(f"[$text-warning]Likely mistake: {plain(check.diagnosis)}[/]")
        if check.seed is not None and check.verdict == Verdict.WRONG:
            lines.append(f"[$text-muted]inputs drawn with seed {check.seed}[/]")
        widgets: list[Widget] = [Static(f"[$text-error]✗[/] [b]{plain(check.name)}[/b]{hidden}", classes="check-failed"),
                                 Static("\n".join(lines), classes="check-body")]
        detail = check.detail.rstrip()
        if detail:
            widgets.append(Static(Text("\n".join(detail.splitlines()[-DETAIL_LINES:])), classes="detail"))
        return widgets

    def _diff(self, check: CheckResult) -> Widget:
        from tutor.render import DiffTriple
        from tutor.render.figure import Guarded

        triple = DiffTriple(check.actual, check.expected, seed=check.seed)
        return Static(Guarded(triple, "the difference"), classes="diff")
