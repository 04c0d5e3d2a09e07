"""``roadmap schema``: the JSON Schema validates real plans and catches wrong keys."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from roadmap.cli.commands.schema import plan_schema, schema_text
from roadmap.cli.main import main
from roadmap.core.planfile.loader import parse_plan

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((ROOT / "roadmap" / "core" / "planfile" / "templates").glob("*.toml"))
PLANS = sorted((ROOT / "plans").glob("*.toml")) + TEMPLATES


def test_the_templates_are_found() -> None:
    assert [path.name for path in TEMPLATES] != []


def as_json(value: Any) -> Any:
    """TOML data as an editor's language server sees it: dates become ISO strings."""
    if isinstance(value, dict):
        return {str(key): as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def errors_of(text: str) -> list[str]:
    validator = Draft202012Validator(
        plan_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    return [error.message for error in validator.iter_errors(as_json(tomllib.loads(text)))]


def test_schema_is_a_valid_json_schema() -> None:
    Draft202012Validator.check_schema(plan_schema())


@pytest.mark.parametrize("path", PLANS, ids=lambda path: path.name)
def test_schema_accepts_the_example_plans_and_templates(path: Path) -> None:
    assert errors_of(path.read_text(encoding="utf-8")) == []


def test_schema_rejects_a_misspelt_key() -> None:
    text = '[plan]\ntitle = "P"\nstart = 2026-04-01\n[initiatives.a]\ntitle = "A"\nduraton = "1d"\n'
    errors = errors_of(text)
    assert any("duraton" in message for message in errors)


def test_schema_accepts_japanese_steps_and_plain_dependency_ids() -> None:
    text = (
        '[plan]\ntitle = "P"\nstart = 2026-04-01\n'
        '[initiatives.a]\ntitle = "A"\nduration = "1d"\nstep = "標準化"\n'
        '[initiatives.b]\ntitle = "B"\nduration = "2w"\n'
        'depends_on = ["a", { id = "a", type = "SS", lag = "-1d" }]\n'
    )
    assert errors_of(text) == []


def test_schema_line_is_a_comment_the_loader_ignores() -> None:
    loaded = parse_plan(
        '#:schema ./plan.schema.json\n[plan]\ntitle = "P"\nstart = 2026-04-01\n'
        '[initiatives.a]\ntitle = "A"\nduration = "1d"\n'
    )
    assert loaded.problems == []
    assert loaded.plan is not None and list(loaded.plan.initiatives) == ["a"]


def test_committed_schema_is_up_to_date() -> None:
    committed = (ROOT / "plans" / "plan.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "run: roadmap schema > plans/plan.schema.json"


def test_schema_command_prints_deterministic_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    first = capsys.readouterr().out
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == first
    assert json.loads(first)["title"] == "dx-roadmap plan"
