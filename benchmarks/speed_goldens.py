"""Write ``tests/golden/speed/hashes.json``: the sha256 of ``schedule --json`` and of every
export, for the frozen example plan and the 2,000-initiative synthetic plan.

Run it on the code whose output is the reference (the commit before a speed change), then keep
the file: ``tests/test_speed_golden.py`` checks that the faster code writes the same bytes.
When a change of output is intended (a new check, a new column), regenerate it on purpose::

    python benchmarks/speed_goldens.py            # prints the JSON
    python benchmarks/speed_goldens.py --write    # writes tests/golden/speed/hashes.json
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import synthetic_plan  # noqa: E402

from roadmap.cli.main import main as roadmap  # noqa: E402

GOLDEN = ROOT / "tests" / "golden" / "speed"
FORMATS = ("md", "mermaid", "csv", "json", "xlsx", "svg")


def output_digest(path: Path) -> str:
    """The sha256 of an output file; for a workbook, of what it holds rather than its bytes.

    openpyxl releases write the same workbook with different XML (the lowest and newest
    allowed versions differ), so an xlsx is digested as its sheets' names, cell values,
    number formats, bold and fill colours, read back with openpyxl.
    """
    if path.suffix != ".xlsx":
        return hashlib.sha256(path.read_bytes()).hexdigest()
    import json

    from openpyxl import load_workbook

    book = load_workbook(path)
    content = [
        [
            sheet.title,
            [
                [
                    cell.coordinate,
                    str(cell.value),
                    cell.number_format,
                    bool(cell.font.b),
                    str(cell.fill.fgColor.rgb),
                ]
                for row in sheet.iter_rows()
                for cell in row
                if cell.value is not None
            ],
        ]
        for sheet in book.worksheets
    ]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()


def hashes() -> dict[str, str]:
    found: dict[str, str] = {}
    here = Path.cwd()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        synth = folder / "synth.toml"
        synth.write_text(synthetic_plan(2000), encoding="utf-8")
        for plan, path in (("example", GOLDEN / "example-town.toml"), ("synth", synth)):
            # outputs name the plan file as given: run beside it, with its bare name
            os.chdir(path.parent)
            path = Path(path.name)
            out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
                roadmap(["schedule", "--json", str(path)])
            out.flush()
            data = out.buffer.getvalue()  # type: ignore[attr-defined]
            found[f"{plan}.schedule.json"] = hashlib.sha256(data).hexdigest()
            for fmt in FORMATS:
                target = folder / f"out.{fmt}"
                target.unlink(missing_ok=True)
                args = ["export", "--as-of", "2026-06-01", "--format", fmt, "-o", str(target)]
                with (
                    contextlib.redirect_stdout(io.StringIO()),
                    contextlib.redirect_stderr(io.StringIO()),
                ):
                    roadmap([*args, str(path)])
                if target.exists():
                    found[f"{plan}.export.{fmt}"] = output_digest(target)
        os.chdir(here)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="sha256 of every output, for the speed goldens")
    parser.add_argument("--write", action="store_true", help="write tests/golden/speed/hashes.json")
    args = parser.parse_args(argv)
    text = json.dumps(hashes(), indent=2, sort_keys=True) + "\n"
    if args.write:
        (GOLDEN / "hashes.json").write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
