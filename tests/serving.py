"""Helpers for talking to a local server: a free port, a forgiving fetch, and waiting for a condition."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable


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
