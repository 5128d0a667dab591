"""printable(): any text, safe to print and to show."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tutor.core.text import printable


def test_readable_text_is_kept_as_it_is():
    text = "R[i, mask[i]] \\ [/] [$text-muted] 漢字 é\ttab\nnext line"
    assert printable(text) == text


def test_control_sequences_and_surrogates_are_made_harmless():
    assert printable("\x1b[31mred\x1b[0m\x07") == "red"  # whole escape sequences go
    assert printable("a\ud800b") == "a\ufffdb"
    assert printable("one\r\ntwo\rthree\x00") == "one\ntwo\nthree"
    assert printable("\x9b2J") == "2J"  # the one-byte CSI


@given(st.text(alphabet=st.characters(codec=None, exclude_categories=())))
def test_any_text_becomes_encodable_and_free_of_controls(text):
    out = printable(text)
    out.encode("utf-8")  # never raises: no lone surrogates left
    assert all(ch in "\n\t" or ch.isprintable() or not (ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F) for ch in out)
    assert printable(out) == out
