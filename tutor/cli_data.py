"""The data subcommands: `data fetch movielens [--url URL] [--from FILE]` and `data list`.

Like `tutor.cli`, this module imports only the standard library at the top; the data module
(which loads NumPy) is imported when a command runs.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import TextIO

from tutor.cli_support import EXIT_FAIL, EXIT_OK, EXIT_USAGE
from tutor.cli_support import color as _color

LICENCE = ("MovieLens data comes from GroupLens (University of Minnesota, https://grouplens.org): its licence "
           "allows research and teaching use, not redistribution, so it stays on this machine.")


class _Progress:
    """Download progress on stderr: a line redrawn in place on a terminal, else a few lines."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.last = 0.0
        self.reported = -1
        self.open_line = False

    def __call__(self, done: int, total: int | None) -> None:
        share = int(100 * done / total) if total else 0
        if self.tty:
            now = time.monotonic()
            if now - self.last < 0.1 and done != total:
                return
            self.last = now
            text = f"{done / 1024:,.0f} of {total / 1024:,.0f} KB ({share}%)" if total else f"{done / 1024:,.0f} KB"
            print(f"\r  downloading: {text}   ", end="", file=self.stream, flush=True)
            self.open_line = True
            if total and done >= total:
                self.close()
        elif total and share // 25 > self.reported:
            self.reported = share // 25
            print(f"  downloading: {share}% of {total / 1024:,.0f} KB", file=self.stream, flush=True)

    def close(self) -> None:
        """End the redrawn line, if one is open."""
        if self.open_line:
            print(file=self.stream)
            self.open_line = False


def cmd_data_fetch(args: argparse.Namespace) -> int:
    """`data fetch movielens`: download (or import with --from), check, keep; 1 when it fails."""
    from tutor.data import movielens

    release = movielens.LATEST_SMALL
    progress = _Progress()
    try:
        if args.source:
            print(f"Importing {args.source} ...", file=sys.stderr)
            path, summary = movielens.import_file(args.source, release)
        else:
            url = args.url or release.url
            print(f"Fetching {release.title} from {url}", file=sys.stderr)
            try:
                path, summary = movielens.fetch(url, release, progress=progress)
            except BaseException:
                progress.close()
                raise
    except movielens.DataError as exc:
        print(_color("error: ", "31", sys.stderr) + str(exc), file=sys.stderr)
        if isinstance(exc, movielens.DownloadError) and not args.url:
            print("If this machine cannot reach GroupLens, download ml-latest-small.zip elsewhere and run "
                  "`latent-tutor data fetch movielens --from ml-latest-small.zip`.", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        print("\ninterrupted: nothing was saved", file=sys.stderr)
        return 130
    print(f"{_color('✓', '32')} {release.title}: {summary.ratings:,} ratings by {summary.users:,} users of "
          f"{summary.items:,} movies, checked (MD5 {release.md5}).")
    print(f"  kept in {path}")
    print(f"  {LICENCE}")
    return EXIT_OK


def cmd_data_list(args: argparse.Namespace) -> int:
    """`data list`: what is kept, where, and whether it still checks out."""
    from tutor.data import movielens

    release = movielens.LATEST_SMALL
    print(f"Data folder: {movielens.data_home()}")
    summary, problem = movielens.stored_summary(release)
    if summary:
        print(f"  {_color('✓', '32')} movielens  {release.title}: {summary.ratings:,} ratings by {summary.users:,} "
              f"users of {summary.items:,} movies")
        print(f"               {movielens.ratings_path(release)}")
    elif problem == "not present":
        print(f"  {_color('-', '33')} movielens  {release.title}: not present; "
              "`latent-tutor data fetch movielens` downloads it (about 1 MB)")
    else:
        print(f"  {_color('✗', '31')} movielens  {release.title}: {problem}; fetch it again with "
              "`latent-tutor data fetch movielens`")
    return EXIT_OK


def _data_usage(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        parser.print_usage(sys.stderr)
        print("latent-tutor data: choose a command: fetch or list", file=sys.stderr)
        return EXIT_USAGE

    return run


def add_data_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                      common: argparse.ArgumentParser) -> None:
    """Register `data fetch` and `data list` on the main parser's subcommands."""
    data = sub.add_parser("data", parents=[common], help="download and list the data sets lessons use (MovieLens)")
    data.set_defaults(func=_data_usage(data))
    commands = data.add_subparsers(dest="data_command", metavar="COMMAND")

    fetch = commands.add_parser("fetch", parents=[common], help="download a data set, check it and keep it",
                                description="Download MovieLens latest-small (about 1 MB) from GroupLens, check its "
                                            "ratings.csv (MD5 and number of ratings) and keep it in your user data "
                                            "folder. A file that does not check out is refused; nothing half-written "
                                            "is ever left behind.")
    fetch.add_argument("dataset", choices=["movielens"], help="the data set: movielens (ml-latest-small)")
    source = fetch.add_mutually_exclusive_group()
    source.add_argument("--url", metavar="URL", help="fetch from this mirror instead of GroupLens")
    source.add_argument("--from", dest="source", metavar="FILE",
                        help="import ml-latest-small.zip or its ratings.csv already on disk")
    fetch.set_defaults(func=cmd_data_fetch)

    listing = commands.add_parser("list", parents=[common], help="the data sets kept, and where")
    listing.set_defaults(func=cmd_data_list)
