"""``roadmap schema``: the JSON Schema of the plan format, generated from the pydantic models.

Editors with a TOML language server (taplo, Even Better TOML) use it to complete and check keys
when a plan starts with ``#:schema ./plan.schema.json``. The schema describes the file as
written: the initiative id is the table key, durations are strings such as ``"3mo"``, steps may
be written in Japanese, and ``depends_on`` entries may be plain ids. The output is
deterministic; ``plans/plan.schema.json`` is this output, kept up to date by a test.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from roadmap.cli.common import EXIT_OK
from roadmap.core.i18n import Lang

NAME = "schema"
HELP = "help.schema"

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def add_arguments(parser: argparse.ArgumentParser, lang: Lang) -> None:
    """``roadmap schema`` takes no arguments besides ``--lang``."""


def plan_schema() -> dict[str, Any]:
    """The JSON Schema of a plan file (a dict, keys in a stable order)."""
    from pydantic import BaseModel, ConfigDict, Field

    from roadmap.core.model.plan import (
        STEP_JA_ALIASES,
        Blackout,
        Budget,
        Council,
        Initiative,
        PlanSettings,
        Team,
    )

    class PlanFile(BaseModel):
        """A dx-roadmap plan file (format version 1)."""

        model_config = ConfigDict(extra="forbid", title="dx-roadmap plan")

        plan: PlanSettings
        initiatives: dict[str, Initiative] = Field(default_factory=dict)
        teams: dict[str, Team] = Field(default_factory=dict)
        budget: Budget = Field(default_factory=Budget)
        council: Council = Field(default_factory=Council)
        blackouts: list[Blackout] = Field(default_factory=list)

    schema = PlanFile.model_json_schema(mode="validation")
    definitions = schema["$defs"]
    initiative = definitions["Initiative"]
    initiative["properties"].pop("id", None)
    initiative["required"] = [name for name in initiative.get("required", []) if name != "id"]
    step = definitions.get("Step")
    if step is not None:
        step["enum"] = [*step["enum"], *STEP_JA_ALIASES]
    depends_on = initiative["properties"]["depends_on"]
    depends_on["items"] = {
        "anyOf": [{"type": "string", "minLength": 1}, {"$ref": "#/$defs/Dependency"}]
    }
    return {"$schema": SCHEMA_DIALECT, **_written_defaults(schema)}


def _written_defaults(node: Any) -> Any:
    """Defaults as a plan writes them: a duration default is ``"0d"``, not its dataclass dump."""
    if isinstance(node, dict):
        out = {key: _written_defaults(value) for key, value in node.items()}
        default = out.get("default")
        if isinstance(default, dict) and set(default) == {"count", "unit"}:
            out["default"] = f"{default['count']}{default['unit']}"
        return out
    if isinstance(node, list):
        return [_written_defaults(item) for item in node]
    return node


def schema_text() -> str:
    """The schema as JSON text, byte-identical from run to run."""
    return json.dumps(plan_schema(), ensure_ascii=False, indent=2) + "\n"


def run(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_text())
    return EXIT_OK
