"""The speed work changes no output: ``schedule --json`` and every export are
byte-identical to the commit before it, on the example plan of that commit and on the
deterministic 2,000-initiative synthetic plan (``benchmarks/synthetic.py``).

``tests/golden/speed/hashes.json`` holds the sha256 of each output (of an xlsx: of its
content, see ``benchmarks/speed_goldens.py``, since openpyxl releases differ in bytes) as the commit before the
speed work wrote it; ``example-town.toml`` there is that commit's example plan, frozen so that
later edits of ``plans/`` do not move the goldens.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

from roadmap.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "speed"
FORMATS = ("md", "mermaid", "csv", "json", "xlsx", "svg")

sys.path.insert(0, str(ROOT / "benchmarks"))
from speed_goldens import output_digest  # noqa: E402
from synthetic import synthetic_plan  # noqa: E402


def _hashes() -> dict[str, str]:
    return json.loads((GOLDEN / "hashes.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("speed")
    synth = folder / "synth.toml"
    synth.write_text(synthetic_plan(2000), encoding="utf-8")
    return {"example": GOLDEN / "example-town.toml", "synth": synth}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("plan", ["example", "synth"])
def test_schedule_json_is_byte_identical(
    plan: str,
    plans: dict[str, Path],
    capsysbinary: pytest.CaptureFixture[bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(plans[plan].parent)  # outputs name the plan file as given
    main(["schedule", "--json", plans[plan].name])
    assert _sha(capsysbinary.readouterr().out) == _hashes()[f"{plan}.schedule.json"]


@pytest.mark.parametrize("plan", ["example", "synth"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_export_is_byte_identical(
    plan: str,
    fmt: str,
    plans: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = _hashes().get(f"{plan}.export.{fmt}")
    if expected is None:
        pytest.skip("the commit before wrote no such output (the plan had errors)")
    output = tmp_path / f"out.{fmt}"
    monkeypatch.chdir(plans[plan].parent)  # outputs name the plan file as given
    args = ["export", "--as-of", "2026-06-01", "--format", fmt, "-o", str(output)]
    main([*args, plans[plan].name])
    capsys.readouterr()
    assert output_digest(output) == expected
