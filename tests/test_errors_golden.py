"""Golden files for bad content -> the exact error lines `explainer check` prints."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import GOLDEN

CASES = sorted(p.name for p in (GOLDEN / "errors").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_error_lines(case: str, golden, capsys: pytest.CaptureFixture[str]) -> None:
    folder = GOLDEN / "errors" / case
    cwd = os.getcwd()
    os.chdir(folder)  # errors name files relative to the project root, as an editor sees them
    try:
        code = main(["check", "--strict", "--since", "", "content"])  # notes of git's history have no place here
    finally:
        os.chdir(cwd)
    captured = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in captured.err
    golden(folder / "expected.txt", captured.err)


def test_every_case_has_expected_output() -> None:
    missing = [c for c in CASES if not (GOLDEN / "errors" / c / "expected.txt").exists()]
    assert not missing, f"run pytest --update-golden to create: {missing}"


def test_paths_are_relative(tmp_path: Path) -> None:
    assert all(not Path(c).is_absolute() for c in CASES)
