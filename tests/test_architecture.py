"""The layers of docs/architecture.md and the types hold: `lint-imports` (contracts in pyproject.toml,
[tool.importlinter]) and `mypy` (pyproject.toml, [tool.mypy]) both pass on this tree.

Both run as subprocesses with the venv's own executables and ``PYTHONPATH`` set to this tree's
``src`` (an installed copy of lecturecast elsewhere must not be what gets checked).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{name} is not installed in {BIN}: pip install -e '.[dev]'")
    return str(path)


def _env(src: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(src)}


def _lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([_tool("lint-imports"), "--no-cache"], cwd=project, env=_env(project / "src"),
                          capture_output=True, text=True, timeout=300)


def test_import_contracts_are_kept():
    run = _lint_imports(ROOT)
    assert run.returncode == 0, f"import contracts broken (docs/architecture.md, 'Layers'):\n{run.stdout}{run.stderr}"
    assert "0 broken" in run.stdout


def test_a_forbidden_import_breaks_the_contract(tmp_path):
    """The check is real: slides importing voice (one line added to a copy of the tree) fails it."""
    shutil.copytree(ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    theme = tmp_path / "src" / "lecturecast" / "slides" / "theme.py"
    theme.write_text(theme.read_text(encoding="utf-8") + "\nfrom ..voice import prepare  # noqa: E402\n",
                     encoding="utf-8")
    run = _lint_imports(tmp_path)
    assert run.returncode != 0
    assert "slides never imports voice or video" in run.stdout
    assert "lecturecast.slides.theme -> lecturecast.voice.prepare" in run.stdout


def test_mypy_is_clean():
    run = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(ROOT / ".mypy_cache")], cwd=ROOT,
                         env=_env(ROOT / "src"), capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, f"mypy (pyproject.toml [tool.mypy]) reports errors:\n{run.stdout}{run.stderr}"
    assert "Success: no issues found" in run.stdout
