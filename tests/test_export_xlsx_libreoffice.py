"""The workbook opens in a real spreadsheet program: LibreOffice prints every sheet, 工程表 on A3.

Skipped where LibreOffice is not installed (``apt-get install libreoffice-calc-nogui``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from roadmap.cli.main import main

EXAMPLE = Path(__file__).resolve().parent.parent / "plans" / "example-town.toml"
SOFFICE = shutil.which("soffice")

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def test_libreoffice_opens_the_workbook_and_prints_the_gantt_on_a3(tmp_path: Path) -> None:
    workbook = tmp_path / "report.xlsx"
    assert main(["export", str(EXAMPLE), "-o", str(workbook)]) == 0
    assert SOFFICE is not None
    result = subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(workbook),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    pdf = tmp_path / "report.pdf"
    assert result.returncode == 0, result.stderr
    assert pdf.is_file() and pdf.stat().st_size > 10_000
    # the 工程表 sheet prints on A3 landscape (1190.55 x 841.89 points), the others on A4
    boxes = re.findall(rb"MediaBox\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]", pdf.read_bytes())
    sizes = {(round(float(width)), round(float(height))) for width, height in boxes}
    assert (1191, 842) in sizes
    # every page landscape, A3 or A4; the summary on A4 (841.89 x 595.28)
    assert sizes <= {(1191, 842), (842, 595)}
    assert (842, 595) in sizes
    # every sheet prints, at least one page each
    from openpyxl import load_workbook

    sheets = load_workbook(workbook).sheetnames
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert pages >= len(sheets)
