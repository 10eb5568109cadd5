"""Archived texts: the newsroom's copy of each article a story cites.

A source's `archive:` is a path relative to the project (the folder of `mkdocs.yml`). It
may lead into the project, or into the archive folder that `archive_dir` names in
`mkdocs.yml` (usually kept out of git: archived articles are seldom ours to publish),
and nowhere else: not by `..`, not by a symbolic link, not into `docs/`, which is
published. Plain text is read as it is; HTML as the text a reader of the page sees.

An archive that is not there leaves its citations "not verified": a warning, which
`--strict` turns into a failure. When the whole archive folder is missing (a clone
without it) it is a note, never a failure, so such a clone still builds.
"""

from __future__ import annotations

import functools
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

from .errors import Severity
from .settings import Settings

MAX_ARCHIVE_BYTES = 5_000_000
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".text", ".md")
_WINDOWS_ROOT = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class Archive:
    """What reading one source's archive gave: its text, or why there is none."""

    text: str | None
    problem: str = ""
    hint: str = ""
    severity: Severity = Severity.WARNING

    @property
    def verified(self) -> bool:
        return self.text is not None


def _refused(problem: str, hint: str) -> Archive:
    return Archive(None, problem, hint, Severity.ERROR)


def _not_verified(problem: str, hint: str, severity: Severity = Severity.WARNING) -> Archive:
    return Archive(None, f"not verified: {problem}", hint, severity)


Stamp = tuple[int, int, int, int]


class Archives:
    """Reads each archive once; a file whose size, time or inode changes is found and read again.

    Under `mkdocs serve` every rebuild asks for every archive: one `lstat` of a file as named
    tells that nothing changed, and nothing more is done."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._known: dict[str, tuple[Stamp, Archive]] = {}

    def get(self, archive: str) -> Archive:
        stamp = _stamp(self.settings, archive)
        known = self._known.get(archive)
        if known is not None and stamp is not None and known[0] == stamp:
            return known[1]
        found = locate(archive, self.settings)
        if isinstance(found, Archive):
            return found
        try:
            size = found.stat().st_size
        except OSError as error:
            return _not_verified(f"`{archive}` cannot be read ({error.strerror})", "check the file")
        result = read_archive(found, archive, size)
        if stamp is not None:
            self._known[archive] = (stamp, result)
        return result


def _stamp(settings: Settings, archive: str) -> Stamp | None:
    """The file as named, without following a link at its end: what a change to it (or to the link) alters."""
    try:
        info = os.lstat(os.path.join(settings.root, archive))
    except (OSError, ValueError):
        return None
    if stat.S_ISLNK(info.st_mode):  # a link: the file it leads to decides
        try:
            target = os.stat(os.path.join(settings.root, archive))
        except OSError:
            return None
        return (info.st_ino, target.st_ino, target.st_mtime_ns, target.st_size)
    return (info.st_ino, info.st_ino, info.st_mtime_ns, info.st_size)


def locate(archive: str, settings: Settings) -> Path | Archive:
    """The file an `archive:` path names, or why it cannot be used."""
    allowed = "keep archives in the project, or in the folder `archive_dir` names in mkdocs.yml"
    if PurePosixPath(archive).is_absolute() or archive.startswith("~") or _WINDOWS_ROOT.match(archive):
        return _refused(f"`{archive}` is not a path relative to the project", "write it from the project's folder")
    if "\\" in archive:
        return _refused(f"`{archive}` has a backslash", "separate folders with `/`")
    path = os.path.normpath(os.path.join(settings.root, archive))
    roots = [str(settings.root)]
    archive_root = settings.archive_root
    if archive_root is not None:
        roots.append(str(archive_root))
    if not any(_inside(path, root) for root in roots):
        return _refused(f"`{archive}` leads outside the project", allowed)
    docs = str(settings.docs_root)
    if _inside(path, docs):
        return _refused(
            f"`{archive}` is inside {settings.docs_dir}/, which is published", "keep archives out of the site"
        )
    if archive_root is not None and _inside(path, str(archive_root)) and not os.path.isdir(archive_root):
        return _not_verified(
            f"the archive folder `{settings.archive_dir}` is not here",
            "put the archive folder where `archive_dir` in mkdocs.yml says to verify these citations",
            Severity.NOTE,
        )
    if not os.path.lexists(path):
        return _not_verified(f"there is no file `{archive}`", "correct the path, or remove `archive:`")
    folder, name = os.path.split(path)
    resolved = os.path.realpath(path) if os.path.islink(path) else os.path.join(_real(folder), name)
    if not any(_inside(resolved, _real(root)) for root in roots):
        return _refused(f"`{archive}` is a symbolic link that leads outside the project", allowed)
    if _inside(resolved, _real(docs)):
        return _refused(f"`{archive}` leads into {settings.docs_dir}/, which is published", "keep archives out of it")
    if not os.path.isfile(resolved):
        return _not_verified(f"`{archive}` is not a file", "name the archived text itself")
    return Path(resolved)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


@functools.lru_cache(maxsize=4096)
def _real(folder: str) -> str:
    """A folder with its symbolic links followed (folders of a project do not move while it is checked)."""
    return os.path.realpath(folder)


def read_archive(path: Path, archive: str, size: int) -> Archive:
    """An archived text as a reader sees it (HTML as its text), in Unicode's composed form."""
    if size > MAX_ARCHIVE_BYTES:
        return _not_verified(
            f"`{archive}` is {size:,} bytes, over the limit of {MAX_ARCHIVE_BYTES:,}", "keep the article's text only"
        )
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        return _not_verified(f"`{archive}` cannot be read ({error.strerror})", "check the file")
    except UnicodeDecodeError:
        return _not_verified(f"`{archive}` is not UTF-8 text", "save it as UTF-8")
    if is_html(path, text):
        text = html_text(text)
    return Archive(unicodedata.normalize("NFC", text))


def is_html(path: Path, text: str) -> bool:
    """By its name (`.html`), or by how it starts when the name does not say (`.txt` is text)."""
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return True
    return suffix not in TEXT_SUFFIXES and text[:512].lstrip().lower().startswith(("<!doctype html", "<html"))


_SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object"})
_BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    }
)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The text of an HTML page: paragraphs on their own lines; scripts, styles and the head left out."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
