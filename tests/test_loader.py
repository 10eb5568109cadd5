"""The loader keeps every value as typed, or refuses it with a position."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.loader import CutScalar, load_file, load_text


def errors_of(text: str) -> list[str]:
    doc, errors = load_text(text, "f.yml")
    assert doc is None
    return [str(e) for e in errors]


def test_values_stay_exactly_as_typed() -> None:
    doc, errors = load_text(
        "country: NO\nversion: 1.10\ntime: 12:30\ncode: 012\non: yes\nempty:\nnull_word: null\n", "f.yml"
    )
    assert errors == []
    assert doc is not None
    assert doc.data == {
        "country": "NO",
        "version": "1.10",
        "time": "12:30",
        "code": "012",
        "on": "yes",
        "empty": None,
        "null_word": None,
    }


def test_a_comment_cutting_a_plain_value_is_marked() -> None:
    doc, _ = load_text("quote: We are #1\nid: some-id # a note\nquoted: 'We are #1'\n", "f.yml")
    assert doc is not None
    assert isinstance(doc.data["quote"], CutScalar)
    assert doc.data["quote"] == "We are"
    assert doc.data["quoted"] == "We are #1"
    assert not isinstance(doc.data["quoted"], CutScalar)


def test_positions_of_values_and_keys() -> None:
    doc, _ = load_text("a:\n  - x: 1\n    y: two\n", "f.yml")
    assert doc is not None
    assert str(doc.values[("a", 0, "y")]) == "f.yml:3:8"
    assert str(doc.keys[("a", 0, "y")]) == "f.yml:3:5"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: 1\nb:\n  c: 1\n  c: 2\n",
            "f.yml:4:3: b.c: `c` appears twice in the same block (first on line 3) (keep one of them)",
        ),
        ("a: &x [1]\n", "f.yml:1:4: YAML anchors (`&x`) are not allowed (write each value out in full)"),
        (
            "a: [1]\nb: *x\n",
            "f.yml:2:4: a value starting with `*` must be quoted: YAML reads `*x` as an alias, which is not allowed"
            " (put the whole value in quotes)",
        ),
        ("b:\n  <<: {y: 1}\n", "f.yml:2:3: b: YAML merge keys (`<<`) are not allowed (write the fields out in full)"),
        (
            "a: !!int 3\n",
            "f.yml:1:4: YAML tags (`!!int`) are not allowed"
            " (remove the tag, or quote the value if the `!` is part of the text; values are read as text)",
        ),
        (
            "a:\n\tb: 1\n",
            "f.yml:2:1: a tab in the indentation (indent with spaces only; YAML does not allow tabs there)",
        ),
        ("# only a comment\n", "f.yml:1:1: the file is empty (add the fields of this file, or delete it)"),
        ("", "f.yml:1:1: the file is empty (add the fields of this file, or delete it)"),
        (
            "- a\n",
            "f.yml:1:1: the file holds a list; it must hold named fields (`key: value` lines) (start the file with a field name such as `title:`)",
        ),
        (
            "just text\n",
            "f.yml:1:1: the file holds a single value; it must hold named fields (`key: value` lines) (start the file with a field name such as `title:`)",
        ),
        ("a: 1\n---\nb: 2\n", "f.yml:2:1: a second YAML document (`---`) in one file (keep one document per file)"),
        (
            "a: x\u202ey\n",
            "f.yml:1:5: an invisible text-direction control character (U+202E) (delete it; it can make text display reversed)",
        ),
        (
            "title: a: b\n",
            "f.yml:1:9: YAML syntax error: mapping values are not allowed in this context (a value containing ': ' must be put in quotes)",
        ),
    ],
)
def test_refusals_have_positions(text: str, expected: str) -> None:
    assert errors_of(text) == [expected]


def test_deep_nesting_stops_early_without_crashing() -> None:
    for depth in (100, 50_000):
        [error] = errors_of("a: " + "[" * depth + "]" * depth + "\n")
        assert "nested more than 40 levels deep" in error


def test_alias_bomb_is_refused_at_once() -> None:
    bomb = "a: &a [x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(20)
    )
    errors = errors_of(bomb)
    assert errors[0].startswith("f.yml:1:4: YAML anchors")


def test_non_utf8_names_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "bad.yml"
    path.write_bytes(b"title: ok\nname: caf\xe9\n")
    doc, errors = load_file(path, "bad.yml")
    assert doc is None
    assert [str(e) for e in errors] == [
        "bad.yml:2:10: the file is not UTF-8 text (byte 0xe9) (save it as UTF-8 in your editor)"
    ]


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yml"
    path.write_bytes("\ufefftitle: ok\n".encode())
    doc, errors = load_file(path, "bom.yml")
    assert errors == [] and doc is not None and doc.data == {"title": "ok"}


def test_huge_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.yml"
    path.write_text("a: " + "x" * 2_100_000 + "\n")
    _, errors = load_file(path, "huge.yml")
    assert "over the limit" in str(errors[0])


def test_invisible_characters_listed_up_to_twenty_then_counted() -> None:
    errors = errors_of("a:\n" + "\tb: 1\n" * 25 + "c: \x01\x02\n")
    assert len(errors) == 21
    assert errors[0].startswith("f.yml:2:1: a tab in the indentation")
    assert errors[19].startswith("f.yml:21:1: a tab in the indentation")
    assert errors[20] == "f.yml:22:1: 7 more problems in this file, not listed (fix the ones above and check again)"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_positions_count_lines_as_editors_do(newline: str) -> None:
    text = newline.join(["a: 1", "b:", "  c: é😀 #x", "d: \x07", ""])
    doc, errors = load_text(text.replace("\x07", "ok"), "f.yml")
    assert errors == [] and doc is not None and str(doc.values[("b", "c")]) == "f.yml:3:6"
    assert isinstance(doc.data["b"]["c"], CutScalar)
    assert errors_of(text) == [
        "f.yml:4:4: an invisible control character (U+0007) (delete it; it is invisible, so retype the text around it)"
    ]


def test_a_file_that_is_not_utf8_counts_lines_as_editors_do(tmp_path: Path) -> None:
    path = tmp_path / "bad.yml"
    path.write_bytes(b"title: ok\rname: caf\xc3\xa9 caf\xe9\r\n")
    _, errors = load_file(path, "bad.yml")
    assert str(errors[0]).startswith("bad.yml:2:15: the file is not UTF-8 text (byte 0xe9)")
