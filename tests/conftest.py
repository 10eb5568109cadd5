"""Shared test helpers: paths, golden files, and running the CLI in-process."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
Golden = Callable[[Path, str], None]
"""The `golden` fixture: `golden(path, text)`."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden files from the current output instead of comparing",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """`golden(path, text)`: compare `text` with the file, or rewrite it under --update-golden."""
    update = request.config.getoption("--update-golden")

    def check(path: Path, text: str) -> None:
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert path.exists(), f"{path} is missing: run pytest --update-golden and review the diff"
        assert text == path.read_text(encoding="utf-8"), (
            f"output differs from {path} (pytest --update-golden to accept)"
        )

    return check


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Debian Chromium per test module (see tests/browser.py).

    Per module, not per session: other modules start Playwright themselves, and
    Playwright's sync API allows one running instance at a time.
    """
    from harness.browser import chromium

    with chromium() as instance:
        yield instance


@pytest.fixture
def fixture_content(tmp_path: Path) -> Path:
    """A private copy of the test world's content folder."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", target)
    return target
