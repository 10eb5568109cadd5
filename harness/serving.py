"""Local servers for tests and benchmarks: a free port, a forgiving fetch, waiting for a condition, and the
built site on 127.0.0.1 served with gzip as GitHub Pages serves it, counting every byte sent.

`served_site` builds the real `content/` (or the test fixtures while it does not build) with its
canonical address set to the local server's.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .project import ENV, ROOT, make_project


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str, timeout: float = 60) -> str:
    """The page's text, or "" while the server is not (yet) answering."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(
    condition: Callable[[], bool], seconds: float = 30, poll: float = 0.2, what: str = "the condition"
) -> None:
    """Poll `condition` until it holds; raise TimeoutError after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(poll)
    raise TimeoutError(f"timed out after {seconds} s waiting for {what}")


COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")


class _Counter:
    """Wraps the response stream and counts the bytes written to it."""

    def __init__(self, stream: Any) -> None:
        self.stream, self.count = stream, 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return int(self.stream.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed on the fly for text types when the client accepts gzip.

    Every response's size on the wire (status line, headers, body) goes to `sent`.
    """

    def __init__(self, *args: Any, sent: list[tuple[str, int]], **kwargs: Any) -> None:
        self.sent = sent
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        super().setup()
        self.wfile = _Counter(self.wfile)  # type: ignore[assignment]

    def finish(self) -> None:
        if getattr(self, "path", None):
            self.sent.append((self.path, self.wfile.count))  # type: ignore[attr-defined]
        super().finish()

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()  # directories without "/", missing files, images: as usual
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        self.end_headers()
        return _Bytes(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Bytes:
    """A file-like body for SimpleHTTPRequestHandler.copyfile."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = (self.data, b"") if size < 0 else (self.data[:size], self.data[size:])
        return data

    def close(self) -> None:
        pass


@contextmanager
def gzip_server(root: Path, sent: list[tuple[str, int]]) -> Iterator[str]:
    """Serve `root` (which may be filled later) on 127.0.0.1 with gzip; yield the base URL.

    Each response's path and size on the wire is appended to `sent`.
    """
    handler = functools.partial(_GzipHandler, directory=str(root), sent=sent)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def story_slugs(content: Path) -> list[str]:
    return sorted(p.name for p in content.iterdir() if (p / "story.yml").exists())


def build_site(project: Path, site_url: str) -> subprocess.CompletedProcess[str]:
    """A real strict build of `project` into project/site, canonical links pointing at `site_url`."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
        cwd=project,
        env={**ENV, "SITE_URL": site_url},
        capture_output=True,
        text=True,
        timeout=600,
    )


@dataclass
class BuiltSite:
    url: str
    story_url: str
    source: str
    """Which content it was built from: `content/`, or the fixtures and why."""
    site_dir: Path
    sent: list[tuple[str, int]]
    """What the server has sent: each response's path and bytes on the wire."""


@contextmanager
def served_site(content: Path | None = None) -> Iterator[BuiltSite]:
    """Build the real content (falling back to the test fixtures if it does not build) and serve it."""
    with tempfile.TemporaryDirectory(prefix="page-") as tmp:
        site_dir = Path(tmp) / "served"
        site_dir.mkdir()
        sent: list[tuple[str, int]] = []
        with gzip_server(site_dir, sent) as url:
            candidates = [content] if content else [ROOT / "content", ROOT / "tests" / "fixtures" / "content"]
            note = ""
            for number, candidate in enumerate(candidates):
                project = make_project(Path(tmp) / f"project-{number}", candidate)
                result = build_site(project, url)
                if result.returncode == 0:
                    break
                note = f" (content/ does not build: {_last_line(result.stderr)})"
            else:
                raise RuntimeError(f"no site builds: {result.stderr[-2000:]}")
            shutil.copytree(project / "site", site_dir, dirs_exist_ok=True)
            label = candidate.relative_to(ROOT).as_posix() if candidate.is_relative_to(ROOT) else str(candidate)
            slug = story_slugs(project / "content")[0]
            yield BuiltSite(url, f"{url}{slug}/", label + note, site_dir, sent)


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else "unknown error"
