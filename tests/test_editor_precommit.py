"""The pre-commit hook runs the strict check on staged content, and its command works."""

from __future__ import annotations

import shlex
import subprocess

import yaml

from .conftest import ROOT


def test_hook_runs_the_strict_check_on_content() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = config["repos"][0]["hooks"][0]
    assert config["repos"][0]["repo"] == "local"
    assert hook["files"] == "^content/"
    assert hook["pass_filenames"] is False
    command = shlex.split(hook["entry"])
    assert command[1:] == ["check", "--strict", "content"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode in (0, 1), result.stderr
    assert "checked:" in result.stderr
