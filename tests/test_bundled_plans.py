"""The plans a new user meets first are clean: the bundled example and every ``init`` template.

Each is already in the canonical format (``roadmap fmt --check``) and ``roadmap check`` finds no
problem at all (no error, no warning, no note), both where it is shipped and as ``roadmap init``
writes it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from roadmap.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((ROOT / "roadmap" / "core" / "planfile" / "templates").glob("*.toml"))
BUNDLED = [ROOT / "plans" / "example-town.toml", *TEMPLATES]


def _problems(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, object]]:
    code = main(["check", "--format", "json", "--lang", "en", str(path)])
    return code, json.loads(capsys.readouterr().out)


def test_every_template_is_bundled() -> None:
    assert {path.stem for path in TEMPLATES} == {"minimal", "small-town"}


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_bundled_plan_is_in_canonical_format(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["fmt", "--check", "--lang", "en", str(path)])
    assert code == 0, capsys.readouterr()


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_bundled_plan_checks_without_any_problem(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = _problems(path, capsys)
    assert report["problems"] == []
    assert (code, report["errors"], report["warnings"]) == (0, 0, 0)


@pytest.mark.parametrize("template", [path.stem for path in TEMPLATES])
def test_plan_written_by_init_is_formatted_and_clean(
    template: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", "--template", template, str(tmp_path)]) == 0
    capsys.readouterr()
    plan = tmp_path / "plan.toml"
    assert main(["fmt", "--check", str(plan)]) == 0, capsys.readouterr()
    code, report = _problems(plan, capsys)
    assert (code, report["problems"]) == (0, [])
