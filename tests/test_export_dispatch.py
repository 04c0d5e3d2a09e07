"""One export() for every face: the CLI and the editor render and write through it, and the
editor runs it in a worker thread so that the screen never waits for a report."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from exporters import markdown
from exporters.base import export
from roadmap.core.analysis.pipeline import Analysis, analyze_path
from roadmap.core.i18n import text
from roadmap.core.planfile.fileio import WriteError
from tui.app import RoadmapApp

PLAN = """\
[plan]
title = "テスト町"
start = 2026-04-01

[initiatives.a]
title = "現行調査"
duration = "1mo"
"""


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def test_export_renders_the_format_and_writes_the_file(plan: Path) -> None:
    analysis = analyze_path(plan)
    target = plan.with_name("out.csv")
    data = export(analysis, None, target, "en")  # the format follows the extension
    assert target.read_bytes() == data
    assert b"a" in data and b"2026-04-01" in data
    assert export(analysis, "csv", None, "en") == data  # no path: nothing written


def test_export_without_a_format_or_a_known_extension_is_refused(plan: Path) -> None:
    analysis = analyze_path(plan)
    with pytest.raises(ValueError):
        export(analysis, None, plan.with_name("out.docx"))
    with pytest.raises(KeyError):
        export(analysis, "pdf")


def test_a_file_that_cannot_be_written_raises_a_write_error(plan: Path) -> None:
    with pytest.raises(WriteError):
        export(analyze_path(plan), "md", plan.with_name("missing") / "out.md")


async def test_the_editor_exports_in_a_worker_thread(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    render = markdown.export

    def recording(analysis: Analysis, options: object) -> bytes:
        threads.append(threading.current_thread())
        return render(analysis, options)  # type: ignore[arg-type]

    monkeypatch.setattr("exporters.markdown.export", recording)
    app = RoadmapApp(plan)
    target = plan.with_name("plan.report.md")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.export_to(target)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.messages[-1] == ("information", text("tui.export.done", "ja", path=target))
    assert threads and threads[0] is not threading.main_thread()
    assert "テスト町" in target.read_text(encoding="utf-8")
