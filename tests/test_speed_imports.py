"""``roadmap --help`` stays quick: building the parser imports no heavy library.

Every command's ``add_arguments`` runs for ``roadmap --help``; one of them importing the plan
model (pydantic) made the help take 0.24 s instead of 0.07 s. What a command needs to run is
imported when it runs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "plans" / "example-town.toml"

HEAVY = ("pydantic", "textual", "openpyxl", "networkx", "holidays", "tomlkit", "numpy")


def _imported_by(argv: list[str]) -> tuple[str, str]:
    """The heavy modules imported by ``main(argv)`` (as printed) and the probe's stderr."""
    probe = (
        "import contextlib, io, sys\n"
        "from roadmap.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        main({argv!r})\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    return done.stdout.strip().splitlines()[-1], done.stderr


@pytest.mark.parametrize("argv", [["--help"], ["risk", "--help"], ["--lang", "en", "--help"]])
def test_help_imports_no_heavy_library(argv: list[str]) -> None:
    imported, stderr = _imported_by(argv)
    assert imported == "[]", stderr


def test_a_seed_is_still_checked_against_its_limit() -> None:
    """The limit moved into the argument's parser: a seed past 2**63 - 1 is still refused."""
    done = subprocess.run(
        [sys.executable, "-m", "roadmap.cli", "risk", str(EXAMPLE), "--seed", str(2**63)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert f"0〜{2**63 - 1}" in done.stderr  # the usage error names the limit


PLAN_WITHOUT_ESTIMATES = (
    '[plan]\ntitle = "t"\nstart = 2026-04-01\n\n'
    '[initiatives.a]\ntitle = "a"\nduration = "5d"\n\n'
    '[initiatives.b]\ntitle = "b"\nduration = "1w"\ndepends_on = ["a"]\n'
)


def test_a_report_without_estimates_never_imports_numpy(tmp_path: Path) -> None:
    """numpy (about 0.07 s) is the risk simulation's: a plan with no three-point estimate has
    nothing to simulate, so its Markdown report never imports it (the only report with a risk
    section besides xlsx, where openpyxl imports numpy itself when it is installed)."""
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN_WITHOUT_ESTIMATES, encoding="utf-8")
    output = tmp_path / "report.md"
    imported, stderr = _imported_by(["export", str(plan), "-o", str(output)])
    assert "numpy" not in imported, stderr
    assert output.stat().st_size > 0


def test_a_report_with_estimates_still_simulates(tmp_path: Path) -> None:
    """The example plan has three-point estimates: its report has the risk section."""
    output = tmp_path / "report.md"
    imported, stderr = _imported_by(["export", str(EXAMPLE), "-o", str(output)])
    assert "numpy" in imported, stderr
    assert "モンテカルロ" in output.read_text(encoding="utf-8")


def test_opening_the_editor_imports_neither_numpy_nor_networkx() -> None:
    """The editor's risk panel simulates when asked (``r``) and the phases tab draws a chain
    when shown: opening the editor imports neither the simulation (numpy, about 0.07 s) nor
    NetworkX (about 0.1 s)."""
    probe = (
        "import sys\nimport tui.app\n"
        "print(sorted(m for m in ('numpy', 'networkx') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert done.stdout.strip() == "[]", done.stderr
