"""The one catalogue of user-facing words: step, status and field labels, and messages.

Japanese first, English with ``lang="en"``. Every face (CLI, TUI, exporters) takes its labels
from here, so the TOML key ``owner``, the JSON key ``owner`` and the TUI label 担当 stay one idea.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

__all__ = ["LANGS", "Label", "Lang", "field_label", "status_label", "step_label", "text"]

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")


class Label(NamedTuple):
    """A word in both languages, used as a message argument and rendered in the reader's."""

    ja: str
    en: str

    def __str__(self) -> str:
        return self.ja


#: Step id -> (ja, en). ``None`` is cross-cutting work (共通).
STEP_LABELS: dict[str | None, tuple[str, str]] = {
    "standardize": ("標準化", "Standardize"),
    "gov-cloud": ("ガバクラ", "Gov Cloud"),
    "adopt-cases": ("事例", "Adopt cases"),
    "measure": ("数値化", "Measure"),
    "resident-services": ("住民サービス", "Resident services"),
    None: ("共通 (基盤整備)", "Common (foundation)"),
}

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "planned": ("予定", "planned"),
    "in_progress": ("進行中", "in progress"),
    "done": ("完了", "done"),
    "on_hold": ("保留", "on hold"),
    "cancelled": ("中止", "cancelled"),
}

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "id": ("ID", "ID"),
    "title": ("名称", "Title"),
    "step": ("ステップ", "Step"),
    "owner": ("担当", "Owner"),
    "duration": ("期間", "Duration"),
    "depends_on": ("先行取組", "Depends on"),
    "not_before": ("開始可能日", "Not before"),
    "deadline": ("期限", "Deadline"),
    "status": ("状況", "Status"),
    "progress": ("進捗", "Progress"),
    "actual_start": ("実績開始", "Actual start"),
    "actual_finish": ("実績完了", "Actual finish"),
    "tags": ("タグ", "Tags"),
    "notes": ("メモ", "Notes"),
    "cost": ("費用", "Cost"),
    "staffing": ("体制", "Staffing"),
    "kpis": ("KPI", "KPIs"),
    "start": ("開始", "Start"),
    "finish": ("完了", "Finish"),
    "early_start": ("最早開始", "Early start"),
    "early_finish": ("最早完了", "Early finish"),
    "late_start": ("最遅開始", "Late start"),
    "late_finish": ("最遅完了", "Late finish"),
    "total_float": ("余裕", "Total float"),
    "free_float": ("自由余裕", "Free float"),
    "critical": ("クリティカル", "Critical"),
    "milestone": ("マイルストーン", "Milestone"),
    "wave": ("フェーズ", "Wave"),
    "late_by": ("期限超過", "Late by"),
    "title_plan": ("計画名", "Plan title"),
    "organization": ("団体名", "Organization"),
    "status_date": ("基準日", "Status date"),
    "calendar": ("暦", "Calendar"),
    "holidays": ("独自休日", "Extra holidays"),
    "year_end_closure": ("年末年始休業", "Year-end closure"),
    "type": ("種類", "Type"),
    "lag": ("ずらし", "Lag"),
}

_MESSAGES: dict[str, tuple[str, str]] = {
    # problems: message templates (ja, en); named fields come from Problem.args
    "toml-syntax": ("TOMLの書式エラー: {detail}", "TOML syntax error: {detail}"),
    "encoding": (
        "文字コードが UTF-8 ではありません ({encoding} と思われます)",
        "The file is not UTF-8 (it looks like {encoding})",
    ),
    "encoding.hint": (
        "UTF-8 で保存し直してください (例: iconv -f CP932 -t UTF-8 元.toml > 新.toml)",
        "Save it as UTF-8 (e.g. iconv -f CP932 -t UTF-8 old.toml > new.toml)",
    ),
    "too-deep": ("入れ子が深すぎて読めません", "The file is nested too deeply to read"),
    "too-deep.hint": (
        "表・配列の入れ子とドットで区切ったキーは {limit} 段までにしてください",
        "Keep tables, arrays and dotted keys within {limit} levels",
    ),
    "too-many-keys": (
        "キー・表・配列が多すぎて読めません ({limit:,} 個まで)",
        "The file has too many keys, tables and arrays to read (at most {limit:,})",
    ),
    "too-many-keys.hint": (
        "[plan] include = [...] で複数のファイルに分けてください",
        "Split the plan into several files with [plan] include = [...]",
    ),
    "unknown-key": ("不明なキー「{key}」", "Unknown key '{key}'"),
    "unknown-key.hint": ("「{suggestion}」ではありませんか?", "Did you mean '{suggestion}'?"),
    "unknown-key.hint-list": ("使えるキー: {choices}", "Allowed keys: {choices}"),
    "missing-key": ("必須のキー「{key}」がありません", "Required key '{key}' is missing"),
    "missing-key.hint": ("「{key} = ...」を追加してください", "Add '{key} = ...'"),
    "invalid-type": ("「{key}」の型が違います: {detail}", "'{key}' has the wrong type: {detail}"),
    "invalid-value": (
        "「{key}」の値が不正です: {detail}",
        "'{key}' has an invalid value: {detail}",
    ),
    "invalid-date": (
        "「{key}」は日付ではありません: {value}",
        "'{key}' is not a date: {value}",
    ),
    "invalid-date.hint": (
        "TOMLの日付 (例: 2026-04-01、引用符なし) で書いてください",
        "Write a TOML date such as 2026-04-01 (no quotes)",
    ),
    "invalid-duration": ("期間「{value}」が読めません", "Cannot read the duration '{value}'"),
    "invalid-duration.hint": (
        "「3mo」「2w」「10d」「1y」の形で書いてください (負の値はずらし lag のみ)",
        "Write it as '3mo', '2w', '10d' or '1y' (negative values only for lag)",
    ),
    "invalid-step": ("ステップ「{value}」は不明です", "Unknown step '{value}'"),
    "invalid-step.hint": ("次のいずれかを使ってください: {choices}", "Use one of: {choices}"),
    "invalid-status": ("状況「{value}」は不明です", "Unknown status '{value}'"),
    "invalid-choice.hint": ("次のいずれかを使ってください: {choices}", "Use one of: {choices}"),
    "progress-range": (
        "進捗は 0〜100 の範囲で指定してください: {value}",
        "progress must be between 0 and 100: {value}",
    ),
    "not-finite": (
        "「{key}」に {value} は使えません (有限の数値を書いてください)",
        "'{key}' cannot be {value}: write a finite number",
    ),
    "not-finite.hint": (
        "nan や inf ではなく、数値を書いてください (例: {key} = 0.5)",
        "Write a number, not nan or inf (e.g. {key} = 0.5)",
    ),
    "fte-range": (
        "「{key}」の {value} FTE は 0〜{limit:,.0f} の範囲にしてください",
        "'{key}' of {value} FTE must be between 0 and {limit:,.0f}",
    ),
    "fte-range.hint": (
        "FTE は人数です (0.5 = 1人の半分の時間)",
        "FTE counts people (0.5 = half of one person's time)",
    ),
    "kpi-value-range": (
        "KPI の「{key}」の値 {value} が大きすぎます (±{limit} まで)",
        "The KPI value '{key}' {value} is too large (at most ±{limit})",
    ),
    "kpi-value-range.hint": (
        '単位を大きくしてください (例: unit = "百万円")',
        'Use a larger unit (e.g. unit = "million yen")',
    ),
    "risk-seed-range": (
        "risk_seed {value} は 0〜{limit} の整数にしてください",
        "risk_seed {value} must be an integer from 0 to {limit}",
    ),
    "risk-seed-range.hint": (
        "例: risk_seed = 20260401 (同じ値なら同じシミュレーション結果になります)",
        "e.g. risk_seed = 20260401 (the same seed gives the same simulation)",
    ),
    "unknown-dependency": (
        "先行取組「{dependency}」は存在しません",
        "Dependency '{dependency}' does not exist",
    ),
    "unknown-dependency.hint": (
        "「{suggestion}」ではありませんか?",
        "Did you mean '{suggestion}'?",
    ),
    "self-dependency": ("自分自身に依存しています", "The initiative depends on itself"),
    "self-dependency.hint": (
        "depends_on から「{dependency}」を外してください",
        "Remove '{dependency}' from depends_on",
    ),
    "duplicate-dependency": (
        "先行取組「{dependency}」が重複しています",
        "Dependency '{dependency}' is listed twice",
    ),
    "dependency-cycle": ("依存関係が循環しています: {cycle}", "Dependencies form a cycle: {cycle}"),
    "dependency-cycle.hint": (
        "どれか一つの depends_on を外して循環を断ってください",
        "Remove one of these dependencies to break the cycle",
    ),
    "cancelled-dependency": (
        "中止された取組「{dependency}」に依存しています (依存は無視されます)",
        "Depends on the cancelled initiative '{dependency}' (the dependency is ignored)",
    ),
    "actual-finish-without-start": (
        "実績完了日があるのに実績開始日がありません",
        "actual_finish is given without actual_start",
    ),
    "actual-finish-without-start.hint": (
        "actual_start を追加してください",
        "Add actual_start",
    ),
    "actual-finish-before-start": (
        "実績完了日 {finish} が実績開始日 {start} より前です",
        "actual_finish {finish} is before actual_start {start}",
    ),
    "done-without-actuals": (
        "完了した取組に実績日がありません (計画どおりの日付として扱います)",
        "A done initiative has no actual dates (its planned dates are used)",
    ),
    "done-without-actuals.hint": (
        "actual_start と actual_finish を記入してください",
        "Fill in actual_start and actual_finish",
    ),
    "not-before-after-deadline": (
        "開始可能日 {not_before} が期限 {deadline} より後です",
        "not_before {not_before} is after the deadline {deadline}",
    ),
    "deadline-before-start": (
        "計画期限 {deadline} が計画の開始日 {start} より前です",
        "The plan deadline {deadline} is before the plan start {start}",
    ),
    "deadline-before-start.hint": (
        "[plan] の deadline と start の年を確かめてください",
        "Check the years of deadline and start in [plan]",
    ),
    "empty-plan": ("取組が一つもありません", "The plan has no initiatives"),
    "empty-plan.hint": (
        "[initiatives.<id>] の表を追加してください",
        "Add an [initiatives.<id>] table",
    ),
    "step-order": (
        "{step}の取組が後のステップ ({dependency_step}) の「{dependency}」を待っています",
        "This {step} initiative waits for '{dependency}' of the later step {dependency_step}",
    ),
    "step-order.hint": (
        "標準化→ガバクラ→事例→数値化→住民サービスの順に進めるのが原則です",
        "The guidance runs standardize, gov-cloud, adopt-cases, measure, resident-services",
    ),
    "deadline-missed": (
        "期限 {deadline} に対し完了見込みは {finish} ({late_by}営業日超過)",
        "Finishes {finish}, {late_by} working days after its deadline {deadline}",
    ),
    "plan-deadline-missed": (
        "計画の完了見込み {finish} が計画期限 {deadline} を過ぎています",
        "The plan finishes {finish}, after the plan deadline {deadline}",
    ),
    "out-of-range": (
        "日程が暦の範囲 ({limit}年まで) を超えました",
        "The schedule runs past the end of the calendar ({limit})",
    ),
    "date-out-of-range": (
        "「{key}」の日付 {value} は暦の範囲 ({first}〜{last}年) の外です",
        "'{key}' {value} lies outside the calendar ({first}-{last})",
    ),
    "date-out-of-range.hint": (
        "日付の年を確かめてください (祝日が分かるのは {last}年まで)",
        "Check the year (national holidays are known up to {last})",
    ),
    "invalid-id": ("取組ID「{value}」は使えません", "The initiative id '{value}' cannot be used"),
    "invalid-id.hint": (
        "空白や改行を含まない ID にしてください",
        "Use an id without spaces or line breaks",
    ),
    "io.missing": ("{path}: ファイルがありません", "{path}: no such file"),
    "io.directory": (
        "{path}: フォルダです。計画ファイルを指定してください",
        "{path} is a directory, not a plan file",
    ),
    "io.unreadable": ("{path}: 読み込めません ({detail})", "{path}: cannot be read ({detail})"),
    "io.too_large": (
        "{path}: ファイルが大きすぎます ({size} バイト。計画ファイルは {limit} バイトまで)",
        "{path}: the file is too large ({size} bytes; a plan file may have {limit} bytes)",
    ),
    "io.not_regular": (
        "{path}: 通常のファイルではありません (パイプ・デバイスなどは読みません)",
        "{path} is not a regular file (pipes and devices are not read)",
    ),
    # writing files (roadmap/fileio.py WriteError): "write.<reason>"; the old file is unchanged
    "write.no-space": (
        "{path}: ディスクに空きがないため書き込めません (元のファイルはそのままです)",
        "{path}: cannot write, the disk is full (the old file is unchanged)",
    ),
    "write.read-only": (
        "{path}: 読み取り専用の場所のため書き込めません",
        "{path}: cannot write to a read-only file system",
    ),
    "write.permission": (
        "{path}: 書き込む権限がありません (ファイルかフォルダの権限を確認してください)",
        "{path}: permission denied (check the file's and its folder's permissions)",
    ),
    "write.name-too-long": (
        "{path}: ファイル名が長すぎるため書き込めません",
        "{path}: cannot write, the file name is too long",
    ),
    "write.no-folder": (
        "{path}: 書き込み先のフォルダがありません",
        "{path}: the folder to write into does not exist",
    ),
    "write.is-folder": (
        "{path}: フォルダです。ファイル名を指定してください",
        "{path} is a folder; give a file name",
    ),
    "write.changed": (
        "{path}: 読み込んだ後に他のプログラムが変更したため、上書きしませんでした"
        " (もう一度実行してください)",
        "{path} changed on disk since it was read; not overwritten (run the command again)",
    ),
    "write.failed": ("{path}: 書き込めません ({detail})", "{path}: cannot write ({detail})"),
    # -- export (exporters/, issue 3): keys start with "export."
    # Markdown report and Mermaid charts (exporters/markdown.py, mermaid.py, table_gantt.py)
    "export.as_of": ("基準日", "As of"),
    "export.period": ("計画期間", "Plan period"),
    "export.period_range": ("{first} 〜 {last}", "{first} to {last}"),
    "export.item": ("項目", "Item"),
    "export.value": ("内容", "Value"),
    "export.summary": ("概要", "Summary"),
    "export.start_finish": (
        "開始 {start}、完了見込み {finish}",
        "Starts {start}, projected to finish {finish}",
    ),
    "export.deadline_met": (
        "計画期限 {deadline} に対し、{days}営業日の余裕があります",
        "{days} working days ahead of the plan deadline {deadline}",
    ),
    "export.deadline_on": (
        "計画期限 {deadline} ちょうどに完了する見込みです (余裕なし)",
        "Finishes exactly on the plan deadline {deadline} (no margin)",
    ),
    "export.deadline_late": (
        "計画期限 {deadline} を {days}営業日超過する見込みです",
        "{days} working days after the plan deadline {deadline}",
    ),
    "export.no_deadline": ("計画期限は設定されていません", "No plan deadline is set"),
    "export.no_critical_path": ("クリティカルパスはありません", "There is no critical path"),
    "export.status_counts": ("状況別の件数", "Initiatives by status"),
    "export.count": ("{n}件", "{n}"),
    "export.warnings": ("警告 ({n}件)", "Warnings ({n})"),
    "export.no_warnings": ("警告はありません。", "There are no warnings."),
    "export.plan_wide": ("計画全体", "Whole plan"),
    "export.gantt_chart": ("工程表 (Mermaid)", "Gantt chart (Mermaid)"),
    "export.charts_split": (
        "取組が多いため、工程表をステップ別・年度別に {n} 枚に分けています。",
        "The plan is large, so the chart is split by step and fiscal year into {n} charts.",
    ),
    "export.chart_part": ("{label} (その{n})", "{label} (part {n})"),
    "export.table_gantt": ("工程表 (表)", "Gantt table"),
    "export.table_legend": (
        "凡例: ■ 実施期間、★ クリティカルパス上の作業 (名称は太字)、□ 完了した作業、"
        "◆ マイルストーン、⚠ 期限超過",
        "Legend: ■ work, ★ critical work (name in bold), □ finished work, ◆ milestone, "
        "⚠ past its deadline",
    ),
    "export.initiative": ("取組", "Initiative"),
    "export.phases": ("フェーズ", "Phases"),
    "export.phases_intro": (
        "同じ波の取組は、先行取組がすべて前の波にあるため並行して進められます。",
        "Work in one wave depends only on earlier waves, so it can run in parallel.",
    ),
    "export.wave": ("第{n}波", "Wave {n}"),
    "export.step": ("ステップ", "Step"),
    "export.none": ("-", "-"),
    "export.initiatives_count": ("件数", "Initiatives"),
    # `roadmap export` command
    "export.help.output": (
        "出力ファイル (省略時は標準出力。形式は拡張子から判断)",
        "output file (stdout when omitted; the extension selects the format)",
    ),
    "export.help.format": (
        "出力形式 (省略時は -o の拡張子から。-o がなければ md)",
        "output format (default: from the -o extension; md without -o)",
    ),
    "export.help.as_of": (
        "報告書の基準日 (YYYY-MM-DD。省略時は計画の status_date)",
        "the report's as-of date (YYYY-MM-DD; default: the plan's status_date)",
    ),
    "export.help.by": (
        "表形式の工程表の列 (四半期・月・年度)",
        "columns of the Gantt table (quarter, month, fiscal year)",
    ),
    "export.help.excel": (
        "CSV を BOM 付き UTF-8 で書く (日本語版 Excel 用)",
        "write CSV as UTF-8 with a BOM (for Japanese Excel)",
    ),
    "export.bad_date": (
        "日付ではありません: {value} (例: 2026-04-01)",
        "not a date: {value} (e.g. 2026-04-01)",
    ),
    "export.needs_output": (
        "形式 {format} はバイナリのため、-o で出力ファイルを指定してください",
        "the {format} format is binary: give an output file with -o",
    ),
    "export.unknown_extension": (
        "{path}: 拡張子から出力形式が分かりません。使える形式: {formats}"
        " (--format で指定することもできます)",
        "{path}: the file extension names no output format; formats: {formats}"
        " (or choose one with --format)",
    ),
    "export.no_folder": (
        "{path}: 出力先のフォルダ {folder} がありません",
        "{path}: the folder {folder} does not exist",
    ),
    "export.is_directory": (
        "{path}: フォルダです。出力ファイル名を指定してください",
        "{path} is a directory: give a file name",
    ),
    "export.not_writable": (
        "{path}: 書き込めません ({detail})",
        "{path}: cannot be written ({detail})",
    ),
    "export.format_unavailable": (
        "形式 {format} はこの環境では使えません ({detail})",
        "the {format} format is not available here ({detail})",
    ),
    "export.not_exported": (
        "計画にエラーがあるため書き出しませんでした",
        "The plan has errors, so nothing was exported",
    ),
    "export.written": ("{path} に書き出しました", "Wrote {path}"),
    "export.progress.analyze": ("計画を読み込み日程を計算中", "Checking and scheduling"),
    "export.progress.render": ("{format} を作成中", "Rendering {format}"),
    "export.progress.write": ("書き込み中", "Writing"),
    # xlsx and SVG charts (exporters/xlsx.py, exporters/svg.py)
    "export.sheet.gantt": ("工程表", "Gantt"),
    "export.sheet.baseline": ("基準比較", "Baseline"),
    "export.baseline.title": (
        "基準計画との比較 ({label})",
        "Planned against baseline ({label})",
    ),
    "export.baseline.note": (
        "ずれは営業日数 (正の値は遅れ)。基準にない取組は「新規」。",
        "Slips in working days (positive = later). Initiatives absent from the baseline are new.",
    ),
    "export.baseline.span": ("基準 (開始〜完了)", "Baseline (start - finish)"),
    "export.baseline.current": ("現在 (開始〜完了)", "Current (start - finish)"),
    "export.baseline.start_slip": ("開始のずれ", "Start slip"),
    "export.baseline.finish_slip": ("完了のずれ", "Finish slip"),
    "export.baseline.new": ("新規", "new"),
    "export.help.baseline": (
        "基準とする git のリビジョン・タグ (計画と基準の比較を追加)",
        "git revision or tag to compare against (adds planned vs baseline)",
    ),
    "export.sheet.schedule": ("日程", "Schedule"),
    "export.sheet.problems": ("問題", "Problems"),
    "export.chart.months": (
        "1月,2月,3月,4月,5月,6月,7月,8月,9月,10月,11月,12月",
        "Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec",
    ),
    "export.chart.quarter": ("第{n}四半期", "Q{n}"),
    "export.chart.legend": ("凡例", "Legend"),
    "export.chart.as_of": ("基準日 {date}", "As of {date}"),
    "export.chart.period": ("計画期間 {first} 〜 {last}", "Plan period {first} to {last}"),
    "export.problem.severity": ("重要度", "Severity"),
    "export.problem.code": ("コード", "Code"),
    "export.problem.location": ("場所", "Location"),
    "export.problem.initiative": ("取組", "Initiative"),
    "export.problem.field": ("項目", "Field"),
    "export.problem.message": ("内容", "Message"),
    # -- tui (tui/, issue 4): keys start with "tui."
    "tui.binding.edit_kpis": ("KPIを編集", "Edit KPIs"),
    "tui.binding.plan_settings": ("計画の設定", "Plan settings"),
    "tui.dialog.ok": ("確定", "Done"),
    "tui.dialog.fix_first": ("赤字の欄を直してから確定してください", "Fix the fields in red first"),
    "tui.kpi_editor.title": ("KPIの編集: {id}", "KPIs of {id}"),
    "tui.kpi_editor.add": ("追加", "Add"),
    "tui.kpi_editor.delete": ("削除", "Delete"),
    "tui.kpi_editor.apply": ("反映", "Apply"),
    "tui.kpi_editor.none": (
        "KPIはまだありません。「追加」で作成します",
        "No KPIs yet: choose Add to write one",
    ),
    "tui.kpi_editor.new": ("(新しいKPI)", "(new KPI)"),
    "tui.kpi_editor.targets": ("年度別目標", "Targets by fiscal year"),
    "tui.kpi_editor.bad_targets": (
        "「年度=値」をカンマで区切って入力してください (例: 2026=20, 2027=10)",
        "Enter year=value pairs separated by commas (e.g. 2026=20, 2027=10)",
    ),
    "tui.kpi_editor.changed": ("KPIを更新しました: {id}", "KPIs updated: {id}"),
    "tui.plan_settings.calendar.business": ("営業日 (土日祝・年末年始休み)", "Business days"),
    "tui.plan_settings.calendar.calendar": ("暦日", "Calendar days"),
    "tui.plan_settings.dates_hint": ("YYYY-MM-DD, YYYY-MM-DD", "YYYY-MM-DD, YYYY-MM-DD"),
    "tui.plan_settings.closure_hint": (
        "MM-DD, MM-DD (空欄は既定の 12-29, 01-03)",
        "MM-DD, MM-DD (blank: the default 12-29, 01-03)",
    ),
    "tui.plan_settings.bad_closure": (
        "MM-DD を2つ、カンマで区切って入力してください (例: 12-29, 01-03)",
        "Enter two MM-DD days separated by a comma (e.g. 12-29, 01-03)",
    ),
    "tui.plan_settings.changed": ("計画の設定を更新しました", "Plan settings updated"),
    "tui.tab.budget": ("予算", "Budget"),
    "tui.tab.staffing": ("体制", "Staffing"),
    "tui.tab.kpi": ("KPI", "KPIs"),
    "tui.tab.risk": ("リスク", "Risk"),
    "tui.binding.run_risk": ("リスクを計算", "Compute risk"),
    "tui.binding.baseline": ("基準版を表示", "Show the baseline"),
    "tui.tab.gantt_baseline": ("ガント (基準 {label})", "Gantt (baseline {label})"),
    "tui.baseline.shown": (
        "基準 {label} と比較中: 基準の完了 {finish} / 現在の完了 {now}",
        "Comparing with baseline {label}: baseline finish {finish}, now {now}",
    ),
    "tui.baseline.none": (
        "基準版はありません (roadmap edit PLAN --baseline REV で指定)",
        "No baseline (give one with roadmap edit PLAN --baseline REV)",
    ),
    "tui.baseline.help": (
        "比較する基準版 (git のリビジョンやタグ)",
        "baseline to compare with (a git revision or tag)",
    ),
    "tui.export.title": ("報告書の出力先", "Write the report to"),
    "tui.export.hint": (
        "形式は拡張子で決まります: .md .csv .json .xlsx .svg .mmd",
        "The extension selects the format: .md .csv .json .xlsx .svg .mmd",
    ),
    "tui.export.ok": ("出力する", "Export"),
    "tui.export.unknown_format": (
        "拡張子から形式がわかりません: {path}",
        "Cannot tell the format from the extension: {path}",
    ),
    "tui.portfolio.opened": (
        "{count}件のファイルからなる計画です。保存すると各取組を元のファイルへ書き戻します",
        "A plan of {count} files: saving writes each initiative back to its own file",
    ),
    "tui.portfolio.saved": (
        "{count}件のファイルを保存しました: {paths}",
        "Saved {count} file(s): {paths}",
    ),
    # tui.budget.* / tui.staffing.* / tui.kpi.* / tui.risk.*: portfolio views (tui/widgets/)
    "tui.budget.bar": ("合計 (補助前) と上限", "Total (before subsidies) against the cap"),
    "tui.budget.legend.net": ("実負担", "net cost"),
    "tui.budget.legend.subsidy": ("補助金等", "subsidies"),
    "tui.budget.legend.room": ("上限までの余裕", "room under the cap"),
    "tui.budget.legend.over": ("上限超過", "over the cap"),
    "tui.budget.no_cap": ("上限なし", "no cap"),
    "tui.budget.over_count": ("上限超過 {count}年度", "{count} year(s) over the cap"),
    "tui.staffing.legend": ("凡例 (負荷 ÷ 能力)", "Legend (load / capacity)"),
    "tui.staffing.level.low": ("50%以下", "up to 50%"),
    "tui.staffing.level.mid": ("80%以下", "up to 80%"),
    "tui.staffing.level.high": ("100%以下", "up to 100%"),
    "tui.staffing.level.over": ("能力超過", "over capacity"),
    "tui.staffing.level.undeclared": ("能力未定義", "no capacity declared"),
    "tui.staffing.rule": (
        "負荷 = 各取組の人数 × (その月の作業営業日 ÷ その月の営業日) の合計。赤 = 能力超過",
        "Load = sum of FTE x (working days worked in the month / working days of the month). "
        "Red = over capacity",
    ),
    "tui.staffing.overload": (
        "{month} {team}: 負荷 {load}人 / 能力 {capacity}人 ({causes})",
        "{month} {team}: load {load} / capacity {capacity} FTE ({causes})",
    ),
    "tui.kpi.summary": (
        "{count}件: 達成 {achieved} / 順調 {on_track} / 遅れ {behind} / 未達 {missed}",
        "{count} KPIs: {achieved} achieved, {on_track} on track, {behind} behind, {missed} missed",
    ),
    "tui.risk.run": ("シミュレーション実行 (r)", "Run simulation (r)"),
    "tui.binding.risk": ("リスク計算", "Simulate"),
    "tui.risk.idle": (
        "r キーで完了日のばらつきを計算します ({runs}回の試行)",
        "Press r to simulate the finish date ({runs} runs)",
    ),
    "tui.risk.running": ("シミュレーション中…", "Simulating…"),
    "tui.risk.fresh": ("現在の計画で計算した結果です", "Computed from the current plan"),
    "tui.risk.stale": (
        "計画が変更されました。結果は古くなっています (r で再計算)",
        "The plan has changed: these results are stale (r to recompute)",
    ),
    "tui.risk.no_plan": (
        "計画を読めないためシミュレーションできません",
        "The plan cannot be read, so it cannot be simulated",
    ),
    "tui.risk.failed": ("シミュレーションできません: {detail}", "Cannot simulate: {detail}"),
    "tui.risk.no_drivers": ("目立ったリスク要因はありません", "No notable risk drivers"),
    "tui.risk.driver": (
        "{id}  感応度 {sensitivity}  クリティカル率 {criticality}  {title}",
        "{id}  sensitivity {sensitivity}  criticality {criticality}  {title}",
    ),
    "tui.tab.table": ("取組一覧", "Initiatives"),
    "tui.cost.initial": ("初期費用 (円)", "Initial cost (yen)"),
    "tui.cost.annual": ("年間運用費 (円)", "Annual cost (yen)"),
    "tui.cost.annual_before": ("移行前の年間経費 (円)", "Annual cost before (yen)"),
    "tui.cost.subsidy": ("補助金 (円)", "Subsidy (yen)"),
    "tui.cost.funding": ("財源", "Funding"),
    "tui.cost.booking": ("初期費用の計上", "Booking of initial cost"),
    "tui.booking.start": ("開始時", "at start"),
    "tui.booking.spread": ("期間で按分", "spread"),
    "tui.booking.finish": ("完了時", "at finish"),
    "tui.staffing.hint": ("係名=人数 (FTE) をカンマ区切り", "team=FTE, comma separated"),
    "tui.tab.gantt": ("ガント", "Gantt"),
    "tui.tab.phases": ("フェーズ", "Phases"),
    "tui.tab.problems": ("問題 {count}", "Problems {count}"),
    "tui.search": ("検索 (/)", "Search (/)"),
    "tui.filter.all_steps": ("全ステップ", "All steps"),
    "tui.filter.all_owners": ("全担当", "All owners"),
    "tui.filter.all_statuses": ("全状況", "All statuses"),
    "tui.filter.critical": ("クリティカルのみ", "Critical only"),
    "tui.finish": ("完了見込み {date}", "Finish {date}"),
    "tui.since_save": ("保存時から {delta}", "{delta} since save"),
    "tui.critical_count": ("クリティカル {count}件", "{count} critical"),
    "tui.problem_count": (
        "エラー {errors} / 警告 {warnings}",
        "{errors} errors / {warnings} warnings",
    ),
    "tui.unsaved": ("● 未保存", "● unsaved"),
    "tui.saved": ("保存しました: {path}", "Saved {path}"),
    "tui.no_schedule": ("日程を計算できません", "No schedule"),
    "tui.binding.help": ("ヘルプ", "Help"),
    "tui.binding.save": ("保存", "Save"),
    "tui.binding.undo": ("元に戻す", "Undo"),
    "tui.binding.redo": ("やり直し", "Redo"),
    "tui.binding.quit": ("終了", "Quit"),
    "tui.binding.add": ("追加", "Add"),
    "tui.binding.duplicate": ("複製", "Duplicate"),
    "tui.binding.delete": ("削除", "Delete"),
    "tui.binding.search": ("検索", "Search"),
    "tui.binding.edit": ("編集", "Edit"),
    "tui.binding.detail": ("詳細欄", "Detail panel"),
    "tui.binding.export": ("報告書出力", "Export report"),
    "tui.binding.reload": ("再読み込み", "Reload"),
    "tui.binding.palette": ("コマンド", "Commands"),
    "tui.binding.critical": ("クリティカルのみ", "Critical only"),
    "tui.binding.clear_filters": ("絞り込み解除", "Clear filters"),
    "tui.binding.sort": ("並べ替え (次の列)", "Sort (next column)"),
    "tui.binding.sort_reverse": ("並べ替えの向きを反転", "Reverse the sort"),
    "tui.binding.zoom_in": ("拡大", "Zoom in"),
    "tui.binding.zoom_out": ("縮小", "Zoom out"),
    "tui.binding.back": ("一覧へ戻る", "Back to list"),
    "tui.binding.problems_next": ("次の問題", "Next problem"),
    "tui.help.title": ("キー操作", "Key bindings"),
    "tui.help.close": ("Esc で閉じる", "Esc to close"),
    "tui.help.key": ("キー", "Key"),
    "tui.help.action": ("操作", "Action"),
    "tui.confirm.delete.title": ("「{id}」を削除しますか?", "Delete '{id}'?"),
    "tui.confirm.delete.dependents": (
        "次の取組がこの取組に依存しています。削除すると依存関係も外れます:",
        "These initiatives depend on it; their dependency entries are removed too:",
    ),
    "tui.confirm.delete.ok": ("削除する", "Delete"),
    "tui.confirm.cancel": ("キャンセル", "Cancel"),
    "tui.confirm.quit.title": ("保存していない変更があります", "There are unsaved changes"),
    "tui.confirm.quit.save": ("保存して終了", "Save and quit"),
    "tui.confirm.quit.discard": ("保存せず終了", "Discard and quit"),
    "tui.confirm.conflict.title": (
        "{path} は読み込んだ後にディスク上で変更されています (git pull など)",
        "{path} changed on disk since it was loaded (a git pull?)",
    ),
    "tui.confirm.conflict.reload": ("読み込み直す (この変更を捨てる)", "Reload (drop my edits)"),
    "tui.confirm.conflict.overwrite": ("上書きする", "Overwrite"),
    "tui.new.title": (
        "{path} はありません。新しい計画を作りますか?",
        "{path} does not exist. Create a new plan?",
    ),
    "tui.new.plan_title": ("計画名", "Plan title"),
    "tui.new.start": ("開始日 (YYYY-MM-DD)", "Start (YYYY-MM-DD)"),
    "tui.new.create": ("作成する", "Create"),
    "tui.new.default_title": ("DX推進ロードマップ", "DX roadmap"),
    "tui.edit.added": ("「{id}」を追加しました", "Added '{id}'"),
    "tui.edit.deleted": ("「{id}」を削除しました", "Deleted '{id}'"),
    "tui.edit.duplicated": ("「{id}」を複製しました", "Duplicated as '{id}'"),
    "tui.edit.undone": ("元に戻しました: {label}", "Undone: {label}"),
    "tui.edit.redone": ("やり直しました: {label}", "Redone: {label}"),
    "tui.edit.nothing": ("元に戻す操作はありません", "Nothing to undo"),
    "tui.edit.nothing_redo": ("やり直す操作はありません", "Nothing to redo"),
    "tui.edit.readonly": (
        "TOMLとして読めないため編集できません。ファイルを直してから再読み込み (ctrl+r) してください",
        "The file is not valid TOML; fix it in an editor and reload (ctrl+r)",
    ),
    "tui.edit.new_title": ("新しい取組", "New initiative"),
    "tui.edit.copy_suffix": ("（複製）", " (copy)"),
    "tui.field.not_applied": ("反映していません: {reason}", "Not applied: {reason}"),
    "tui.field.bad_date": ("日付は YYYY-MM-DD で入力してください", "Enter a date as YYYY-MM-DD"),
    "tui.field.bad_number": ("数値を入力してください", "Enter a number"),
    "tui.field.bad_integer": ("整数 (円) を入力してください", "Enter a whole number (yen)"),
    "tui.field.bad_staffing": (
        "「係名=人数」をカンマ区切りで入力してください",
        "Enter team=FTE pairs separated by commas",
    ),
    "tui.field.required": ("入力が必要です", "Required"),
    "tui.field.three_point": (
        "三点見積り: 楽観/最頻/悲観 (例 4mo/5mo/8mo)",
        "Three-point: optimistic/likely/pessimistic (e.g. 4mo/5mo/8mo)",
    ),
    "tui.field.kpis_readonly": ("{names}", "{names}"),
    "tui.field.none": ("(なし)", "(none)"),
    "tui.dep.search": (
        "先行取組を検索して追加 (ID・名称)",
        "Search to add a dependency (id, title)",
    ),
    "tui.dep.cycle": (
        "循環になるため追加できません: {cycle}",
        "Refused, it would form a cycle: {cycle}",
    ),
    "tui.dep.exists": ("「{id}」は既に先行取組です", "'{id}' is already a dependency"),
    "tui.dep.self": ("自分自身には依存できません", "An initiative cannot depend on itself"),
    "tui.dep.remove_hint": ("選んで Delete で外す", "Select and press Delete to remove"),
    "tui.detail.none": ("取組を選んでください", "Select an initiative"),
    "tui.detail.schedule": (
        "開始 {start}  完了 {finish}\n余裕 {float}  {critical}",
        "Start {start}  Finish {finish}\nFloat {float}  {critical}",
    ),
    "tui.detail.driver": ("開始を決めたもの: {driver}", "Start driven by: {driver}"),
    "tui.export.done": ("報告書を書き出しました: {path}", "Report written to {path}"),
    "tui.export.missing": (
        "報告書の出力機能がまだありません",
        "The report exporter is not available",
    ),
    "tui.export.failed": ("報告書を書き出せません: {detail}", "Cannot write the report: {detail}"),
    "tui.save.failed": ("保存できません: {detail}", "Cannot save: {detail}"),
    "tui.failed": (
        "「{action}」でエラーが起きました ({error})。計画はこの操作の前のままです",
        "{action} failed ({error}); the plan is as it was before",
    ),
    "tui.failed.handler": ("画面の操作 ({name})", "screen event ({name})"),
    "tui.failed.field": ("{field}の変更", "changing {field}"),
    "tui.failed.rollback": (
        "失敗した操作を取り消せませんでした ({error})。念のため別の名前で保存してください",
        "The failed action could not be undone ({error}); save a copy under another name",
    ),
    "tui.pending.invalid": (
        "「{field}」に入力中の値を反映できません: {reason}",
        "The value typed in {field} cannot be applied: {reason}",
    ),
    "tui.quit.dialog_open": (
        "先にこの画面を閉じてください (OK で反映、Esc で取り消し)",
        "Close this dialog first (OK applies, Esc cancels)",
    ),
    "tui.recover.title": (
        "{path} の保存されていない編集が残っています",
        "Unsaved edits of {path} were kept",
    ),
    "tui.recover.body": (
        "前回の編集はエラーで終了し、保存されていない内容を次のファイルに書き出しました:\n{files}",
        "The last session stopped on an error; its unsaved edits were written to:\n{files}",
    ),
    "tui.recover.newer": (
        "注意: 計画ファイルは復元ファイルより後に変更されています",
        "Note: the plan file changed after the recovery file was written",
    ),
    "tui.recover.restore": ("復元する", "Restore"),
    "tui.recover.discard": ("破棄する", "Discard"),
    "tui.recover.cancel": ("キャンセル (何もせず終了)", "Cancel (quit, keep the file)"),
    "tui.recover.restored": (
        "前回の編集を復元しました (未保存)。ctrl+z でディスク上の内容に戻ります",
        "Restored the last session's edits (unsaved); ctrl+z goes back to the file on disk",
    ),
    "tui.recover.discarded": ("復元ファイルを削除しました", "Removed the recovery file"),
    "tui.recover.written": (
        "エディタがエラーで停止しました。保存されていない編集を {paths} に書き出しました"
        " (次に roadmap edit で開くと復元できます)",
        "The editor stopped on an error. Unsaved edits were written to {paths}"
        " (the next roadmap edit offers to restore them)",
    ),
    "tui.crashed": (
        "エディタがエラーで停止しました (保存されていない編集はありません)",
        "The editor stopped on an error (there were no unsaved edits)",
    ),
    "tui.no_tty": (
        "roadmap edit は端末 (TTY) で実行してください (標準入力と標準出力が端末ではありません)",
        "roadmap edit needs a terminal: stdin and stdout must be a TTY",
    ),
    "tui.reloaded": ("読み込み直しました", "Reloaded"),
    "tui.problems.none": ("問題はありません", "No problems"),
    "edit.open": (
        "計画ファイルを開いて編集します",
        "open a plan in the editor",
    ),
    "tui.serve.listening": (
        "ブラウザで次の URL を開いてください (Ctrl+C で終了): {url}",
        "Open this URL in a browser (Ctrl+C to stop): {url}",
    ),
    "tui.serve.token": (
        "URL の token は今回の起動だけの合言葉です。token のないページや他のサイトからは開けません",
        "The token in the URL is valid for this run only; pages without it, and other sites,"
        " are refused",
    ),
    "tui.serve.refused": (
        "アクセスを拒否しました: roadmap serve が表示した URL (token 付き) を開いてください",
        "Access refused: open the URL that roadmap serve printed (it includes the token)",
    ),
    "tui.serve.public": (
        "注意: {host} で待ち受けます。同じネットワークの誰でも計画を編集できます",
        "Warning: listening on {host}; anyone on the network can edit the plan",
    ),
    # tui.gantt.* / tui.phases.*: the Gantt chart and phase view widgets (tui/widgets/)
    "tui.gantt.month": ("{n}月", "{abbr}"),
    "tui.gantt.quarter": ("Q{n}", "Q{n}"),
    "tui.gantt.baseline": ("基準", "baseline"),
    "tui.gantt.baseline.span": (
        "基準 開始 {start}  完了 {finish}",
        "Baseline start {start}  finish {finish}",
    ),
    "tui.gantt.baseline.slip": ("完了のずれ {days}", "Finish slip {days}"),
    "tui.gantt.baseline.new": ("基準になし (新規)", "Not in the baseline (new)"),
    "tui.phases.wave": ("フェーズ{n}", "Wave {n}"),
    "tui.phases.items": ("{n}件", "{n} items"),
    "tui.phases.more": ("ほか{n}件", "and {n} more"),
    "tui.phases.chain": ("依存関係の連鎖: {title}", "Dependency chain: {title}"),
    "tui.phases.upstream": ("{n}段前", "{n} before"),
    "tui.phases.downstream": ("{n}段後", "{n} after"),
    "tui.phases.selected": ("選択中", "selected"),
    "tui.phases.no_selection": (
        "取組を選ぶと、その上流 (先行) と下流 (後続) の取組を表示します",
        "Select an initiative to see what it waits for and what waits for it",
    ),
    "tui.phases.no_links": ("先行・後続の取組はありません", "No predecessors or successors"),
    # -- budget, staffing, KPIs (issue 5): keys start with "budget.", "staffing.", "kpi."
    "budget-over-cap": (
        "{year}の予算 {total}円 が上限 {cap}円 を {over}円 超えています",
        "{year} costs {total} yen, {over} yen over its cap of {cap} yen",
    ),
    "budget-over-cap.hint": (
        "roadmap level で余裕のある取組を翌年度へずらすか、[budget.caps] を見直してください",
        "Move work with float to a later year (roadmap level) or revise [budget.caps]",
    ),
    "team-overloaded": (
        "{team}の負荷が {months} に能力 {capacity}人 を超えています (最大 {peak}人: {initiatives})",
        "{team} is over its capacity of {capacity} FTE in {months} (peak {peak}: {initiatives})",
    ),
    "team-overloaded.hint": (
        "roadmap level で余裕のある取組をずらすか、[teams] の capacity を見直してください",
        "Delay work with float (roadmap level) or revise the team's capacity in [teams]",
    ),
    "undeclared-team": (
        "体制の「{team}」は [teams] に定義されていません (能力を確認できません)",
        "Team '{team}' is not declared in [teams], so its load cannot be checked",
    ),
    "undeclared-team.hint": (
        '[teams."{team}"] と capacity = ... を追加してください (定義済み: {teams})',
        'Add [teams."{team}"] with capacity = ... (declared: {teams})',
    ),
    "kpi-missing-baseline": (
        "KPI「{name}」に基準値 (baseline) がありません",
        "KPI '{name}' has no baseline",
    ),
    "kpi-missing-baseline.hint": (
        "baseline = ... を記入すると達成率を計算できます",
        "Add baseline = ... so that its achievement can be computed",
    ),
    "kpi-missing-target": (
        "KPI「{name}」に目標値 (target) がありません",
        "KPI '{name}' has no target",
    ),
    "kpi-missing-target.hint": (
        "target = ... を記入すると達成率を計算できます",
        "Add target = ... so that its achievement can be computed",
    ),
    "subsidy-above-initial": (
        "補助金等 {subsidy}円 が初期費用 {initial}円 を超えています",
        "The subsidy of {subsidy} yen is above the initial cost of {initial} yen",
    ),
    "subsidy-above-initial.hint": (
        "subsidy は initial 以下にしてください (補助金は初期費用と同じ年度に計上されます)",
        "Keep subsidy at or below initial (it is booked with the initial cost)",
    ),
    "budget.title": ("年度別予算 (単位: 円)", "Budget by fiscal year (yen)"),
    "budget.fiscal_year": ("年度", "Fiscal year"),
    "budget.initial": ("初期費用", "Initial"),
    "budget.subsidy": ("補助金等", "Subsidy"),
    "budget.net_initial": ("初期 (補助後)", "Initial, net"),
    "budget.running": ("運用経費", "Running"),
    "budget.running_replaced": ("旧運用経費 (不要分)", "Replaced running"),
    "budget.running_change": ("運用経費の増減", "Running-cost change"),
    "budget.total": ("合計 (補助前)", "Total"),
    "budget.net_total": ("実負担 (補助後)", "Net total"),
    "budget.cumulative_total": ("累計", "Cumulative"),
    "budget.cumulative_net_total": ("実負担累計", "Cumulative net"),
    "budget.cap": ("上限", "Cap"),
    "budget.headroom": ("余裕 (▲超過)", "Headroom (- over)"),
    "budget.over": ("超過", "over"),
    "budget.sum": ("計", "Sum"),
    "budget.none": ("費用の記載がある取組はありません", "No initiative has a cost"),
    "budget.running_title": ("運用経費の増減 (単位: 円)", "Running-cost change (yen)"),
    "budget.initiatives_title": ("取組別の費用 (単位: 円)", "Cost by initiative (yen)"),
    "budget.funding": ("財源", "Funding"),
    "budget.booking": ("計上", "Booking"),
    "budget.booking.start": ("開始年度", "start"),
    "budget.booking.spread": ("按分", "spread"),
    "budget.booking.finish": ("完了年度", "finish"),
    "budget.running_from": ("運用開始", "Running from"),
    "budget.annual_before": ("旧運用経費 (年額)", "Before (per year)"),
    "budget.annual": ("運用経費 (年額)", "Running (per year)"),
    "budget.rules": (
        "計上: 初期費用・補助金は開始年度 / 按分 (日割り) / 完了年度。運用経費は完了の翌日から"
        "日割り、翌年度以降は全額。上限は補助前の合計と比較。",
        "Initial costs and subsidies are booked at the start, spread by days, or at the finish;"
        " running costs start the day after finish (pro rata in that year, in full later). "
        "Caps are compared with the total before subsidies.",
    ),
    "staffing.title": ("体制の負荷 (月別・人)", "Staffing load by month (FTE)"),
    "staffing.team": ("係・チーム", "Team"),
    "staffing.capacity": ("能力", "Capacity"),
    "staffing.month": ("月", "Month"),
    "staffing.load": ("負荷", "Load"),
    "staffing.peak": ("最大", "Peak"),
    "staffing.undeclared": ("未定義", "undeclared"),
    "staffing.overloads": ("能力超過", "Over capacity"),
    "staffing.causes": ("原因の取組", "Caused by"),
    "staffing.no_overloads": ("能力超過はありません", "No team is over capacity"),
    "staffing.none": ("体制 (staffing) の記載がある取組はありません", "No initiative has staffing"),
    "staffing.rule": (
        "負荷 = 各取組の人数 × (その月の作業営業日 ÷ その月の営業日) の合計。▲ = 能力超過",
        "Load = sum of FTE x (working days worked in the month / working days of the month). "
        "▲ = over capacity",
    ),
    "kpi.title": ("KPI (基準日 {date})", "KPIs (as of {date})"),
    "kpi.title_no_date": ("KPI", "KPIs"),
    "kpi.initiative": ("取組", "Initiative"),
    "kpi.name": ("指標", "Indicator"),
    "kpi.unit": ("単位", "Unit"),
    "kpi.kind": ("種別", "Kind"),
    "kpi.kind.output": ("活動指標", "output"),
    "kpi.kind.outcome": ("成果指標", "outcome"),
    "kpi.direction": ("方向", "Direction"),
    "kpi.direction.lower": ("低いほど良い", "lower is better"),
    "kpi.direction.higher": ("高いほど良い", "higher is better"),
    "kpi.baseline": ("基準値", "Baseline"),
    "kpi.target": ("目標値", "Target"),
    "kpi.actual": ("実績", "Actual"),
    "kpi.achievement": ("達成率", "Achievement"),
    "kpi.expected": ("期待値", "Expected"),
    "kpi.due": ("期日", "Due"),
    "kpi.status": ("状況", "Status"),
    "kpi.status.achieved": ("達成", "achieved"),
    "kpi.status.on_track": ("順調", "on track"),
    "kpi.status.behind": ("遅れ", "behind"),
    "kpi.status.missed": ("未達 (期日経過)", "missed"),
    "kpi.status.unknown": ("未測定", "not measured"),
    "kpi.status.inconsistent": ("目標の向きが不整合", "target against direction"),
    "kpi.none": ("KPIの記載がある取組はありません", "No initiative has KPIs"),
    "budget.level.move_staffing": (
        "{id}: 開始可能日を {date} に (開始 {start} → {new_start})。{team}の {month} の"
        "能力超過 {before}人 → {after}人",
        "{id}: not_before {date} (start {start} -> {new_start}); {team} in {month}: "
        "over capacity by {before} -> {after} FTE",
    ),
    "budget.level.move_budget": (
        "{id}: 開始可能日を {date} に (開始 {start} → {new_start})。{year}の予算超過 "
        "{before}円 → {after}円",
        "{id}: not_before {date} (start {start} -> {new_start}); {year} over its cap by "
        "{before} -> {after} yen",
    ),
    "budget.level.slip": (
        " ※計画完了が {old} → {new} ({days}営業日遅れ)",
        " (the plan finish moves {old} -> {new}, {days} working days later)",
    ),
    "budget.level.none": (
        "調整の必要はありません (能力超過・予算超過なし)",
        "Nothing to level: no team over capacity, no year over its cap",
    ),
    "budget.level.moves": ("調整案: {count}件", "Proposed moves: {count}"),
    "budget.level.unresolved": (
        "解消できない超過が {count}件 残ります: {items}",
        "{count} conflict(s) remain: {items}",
    ),
    "budget.level.unresolved.hint": (
        "--allow-slip を付けると、完了の遅れと引き換えに余裕を超えてずらします",
        "With --allow-slip, work may move beyond its float at the cost of a later finish",
    ),
    "budget.level.wrote": (
        "{path} に書き出しました (not_before の変更 {count}件)",
        "Wrote {path} ({count} not_before change(s))",
    ),
    "budget.level.not_in_file": (
        "{id}: この取組の表がファイルにないため not_before を書けません",
        "{id}: its table is not in this file, so not_before cannot be written",
    ),
    "level-beyond-calendar": (
        "{ids}: 暦の範囲 ({limit}年まで) を超える移動は試していません",
        "{ids}: moves past the end of the calendar ({limit}) were not tried",
    ),
    # -- git, fmt, init, portfolios (issue 6): keys start with "diff.", "fmt.", "init.", "include."
    "diff.git.not-a-repo": (
        "{path}: git リポジトリの中にありません (2つのファイルを比べるときは両方のパスを指定)",
        "{path} is not inside a git repository (to compare two files, give both paths)",
    ),
    "diff.git.unknown-revision": (
        "リビジョン「{revision}」が見つかりません (git log で確認してください)",
        "Unknown revision '{revision}' (see git log)",
    ),
    "diff.git.path-not-in-revision": (
        "リビジョン {revision} に {path} はありません",
        "{path} does not exist in revision {revision}",
    ),
    "diff.git.git-missing": (
        "git コマンドが見つかりません",
        "The git command was not found",
    ),
    "diff.title": ("前回報告からの変更点", "Changes since the last report"),
    "diff.compared": ("比較: {old} → {new}", "Compared: {old} → {new}"),
    "diff.worktree": ("作業中のファイル", "working tree"),
    "diff.none": ("変更はありません。", "No changes."),
    "diff.finish.same": (
        "計画の完了見込み: {date} (変更なし)",
        "Projected plan finish: {date} (unchanged)",
    ),
    "diff.finish.moved": (
        "計画の完了見込み: {old} → {new} ({days})",
        "Projected plan finish: {old} → {new} ({days})",
    ),
    "diff.has-errors": (
        "{label} の計画にはエラーが {errors}件あります (日程は比較できない場合があります)",
        "The plan at {label} has {errors} error(s); dates may not be comparable",
    ),
    "diff.added": ("追加された取組", "Initiatives added"),
    "diff.removed": ("削除された取組", "Initiatives removed"),
    "diff.renamed": ("名称が変わった取組", "Initiatives renamed"),
    "diff.slips": ("日程の変更 (遅れ・前倒し)", "Schedule changes (slips)"),
    "diff.critical": ("クリティカルパスの変更", "Critical path changes"),
    "diff.critical.joined": ("新たにクリティカル", "Now critical"),
    "diff.critical.left": ("クリティカルでなくなった", "No longer critical"),
    "diff.changed": ("項目の変更", "Changed fields"),
    "diff.budget": ("年度別の経費の変更", "Cost per fiscal year"),
    "diff.budget.basis": (
        "補助金を差し引く前の総額 (初期費用 + 運用経費) で比べています",
        "Compared as totals before subsidies (initial + running costs)",
    ),
    "diff.before": ("変更前", "Before"),
    "diff.after": ("変更後", "After"),
    "diff.value.none": ("(なし)", "(none)"),
    "diff.section.plan": ("計画全体 [plan]", "Plan [plan]"),
    "diff.section.teams": ("体制", "Team"),
    "diff.section.budget": ("予算 [budget]", "Budget [budget]"),
    "diff.column.initiative": ("取組", "Initiative"),
    "diff.column.field": ("項目", "Field"),
    "diff.column.slip": ("完了の移動", "Finish moved"),
    "diff.column.fiscal_year": ("年度", "Fiscal year"),
    "diff.column.change": ("増減", "Change"),
    "fmt.reformatted": ("{path}: 整形しました", "{path}: reformatted"),
    "fmt.unchanged": ("{path}: 整形済みです", "{path}: already formatted"),
    "fmt.would-reformat": (
        "{path}: 正規の書式ではありません (roadmap fmt {path} で整形できます)",
        "{path}: not formatted (run roadmap fmt {path})",
    ),
    "fmt.cannot-parse": (
        "{path}: TOML として読めないため整形できません: {detail}",
        "{path}: cannot be formatted, it is not valid TOML: {detail}",
    ),
    "init.written": (
        "{path} を作成しました (テンプレート: {template})。次は: roadmap check {path}",
        "Wrote {path} (template: {template}). Next: roadmap check {path}",
    ),
    "init.exists": (
        "{path} は既にあります (上書きするときは --force)",
        "{path} already exists (use --force to overwrite)",
    ),
    "init.not-a-folder": ("{path} はフォルダではありません", "{path} is not a folder"),
    "include-outside": (
        "include「{pattern}」は計画のフォルダの外を指しています",
        "include '{pattern}' points outside the plan's folder",
    ),
    "include-outside.hint": (
        "計画ファイルのフォルダからの相対パス (.. や絶対パスは不可) で書いてください",
        "Write a path relative to the plan's folder (no '..', no absolute paths)",
    ),
    "include-cycle": (
        "include が循環しています: {cycle}",
        "The includes form a cycle: {cycle}",
    ),
    "include-missing": (
        "include「{pattern}」に当てはまるファイルがありません",
        "No file matches include '{pattern}'",
    ),
    "include-unreadable": (
        "include したファイル {path} を読めません: {detail}",
        "The included file {path} cannot be read: {detail}",
    ),
    "include-key": (
        "include したファイルには [initiatives.*] と [teams.*] だけを書けます (「{key}」)",
        "An included file may hold only [initiatives.*] and [teams.*] tables ('{key}')",
    ),
    "duplicate-id": (
        "取組ID「{id}」が {other} にもあります",
        "The initiative id '{id}' is also defined at {other}",
    ),
    "duplicate-id.hint": (
        "どちらかの ID を変えてください (ID はポートフォリオ全体で一意です)",
        "Rename one of them: ids are unique across the whole portfolio",
    ),
    "duplicate-team": (
        "体制「{team}」が {other} にもあります",
        "The team '{team}' is also defined at {other}",
    ),
    # -- risk (issue 7): keys start with "risk."
    "risk.title": (
        "スケジュールリスク (モンテカルロ・シミュレーション)",
        "Schedule risk (Monte Carlo)",
    ),
    "risk.method": (
        "三点見積りの期間を{distribution}で抽出し、CPMと同じ暦・依存関係で{runs}回の日程を"
        "計算しました (乱数シード {seed})。P80 は試行の80%が完了している日付です。",
        "Three-point estimates were sampled from a {distribution} distribution and the plan was "
        "scheduled {runs} times with the CPM's calendar and dependency rules (seed {seed}). "
        "P80 is the date by which 80% of the runs have finished.",
    ),
    "risk.summary": (
        "{runs}回の試行 ({distribution}、乱数シード {seed})、三点見積りの取組 {estimated}件",
        "{runs} runs ({distribution}, seed {seed}), {estimated} initiative(s) with three-point "
        "estimates",
    ),
    "risk.distribution.pert": ("PERTベータ分布", "PERT-beta"),
    "risk.distribution.triangular": ("三角分布", "triangular"),
    "risk.cpm_finish": ("CPMの完了見込み (最頻値)", "CPM finish (likely durations)"),
    "risk.percentile": ("P{p} (試行の{p}%が完了)", "P{p} ({p}% of runs finished)"),
    "risk.percentiles": ("完了日の分布", "Finish-date distribution"),
    "risk.range": ("最短 {earliest} 〜 最長 {latest}", "earliest {earliest}, latest {latest}"),
    "risk.cpm_probability": (
        "CPMの完了見込み {finish} までに終わる確率: {probability}",
        "Probability of finishing by the CPM finish {finish}: {probability}",
    ),
    "risk.deadline": (
        "計画期限 {deadline} に間に合う確率: {probability}",
        "Probability of meeting the plan deadline {deadline}: {probability}",
    ),
    "risk.deadlines": ("期限に間に合う確率", "Probability of meeting deadlines"),
    "risk.drivers": (
        "リスク要因 (完了日のばらつきへの影響が大きい順)",
        "Risk drivers (largest effect on the finish date first)",
    ),
    "risk.no_estimates": (
        "三点見積りの取組がないため、完了日にばらつきはありません",
        "No initiative has a three-point estimate, so the finish date does not vary",
    ),
    "risk.no_estimates.hint": (
        '例: duration = { optimistic = "2mo", likely = "3mo", pessimistic = "6mo" }',
        'e.g. duration = { optimistic = "2mo", likely = "3mo", pessimistic = "6mo" }',
    ),
    "risk.period": ("期間", "Period"),
    "risk.measure": ("指標", "Measure"),
    "risk.sheet": ("リスク", "Risk"),
    "risk.initiatives": ("取組別の結果", "By initiative"),
    "risk.finish_spread": ("完了時期の分布", "When the plan finishes"),
    "risk.runs": ("試行数", "Runs"),
    "risk.share": ("割合", "Share"),
    "risk.cumulative": ("累積", "Cumulative"),
    "risk.probability": ("確率", "Probability"),
    "risk.criticality": ("クリティカル率", "Criticality"),
    "risk.sensitivity": ("感応度", "Sensitivity"),
    "risk.estimate": ("三点見積り (営業日)", "Estimate (working days)"),
    "risk.cpm": ("CPM", "CPM"),
    "risk.finish_p": ("P{p}完了", "P{p} finish"),
    "risk.out_of_range": (
        "試行の日程が暦の範囲 ({limit}年まで) を超えました",
        "A run's schedule goes past the end of the calendar ({limit})",
    ),
    "risk.bad_runs": (
        "--runs は 1〜{limit} の整数で指定してください",
        "--runs must be a whole number from 1 to {limit}",
    ),
    "risk.bad_seed": (
        "--seed は 0〜{limit} の整数で指定してください",
        "--seed must be a whole number from 0 to {limit}",
    ),
    "risk.progress": ("シミュレーション中", "Simulating"),
    # CLI words
    "severity.error": ("エラー", "error"),
    "severity.warning": ("警告", "warning"),
    "severity.info": ("情報", "info"),
    "hint": ("ヒント", "hint"),
    "check.ok": ("問題はありません", "No problems found"),
    "check.summary": (
        "エラー {errors}件、警告 {warnings}件",
        "{errors} error(s), {warnings} warning(s)",
    ),
    "schedule.finish": ("完了見込み", "Projected finish"),
    "schedule.critical_path": ("クリティカルパス", "Critical path"),
    "schedule.waves": ("フェーズ (並行実施できる波)", "Waves (work that can run together)"),
    "schedule.steps": ("ステップ別の期間", "Step windows"),
    "schedule.not_scheduled": ("日程を計算できません", "The plan cannot be scheduled"),
    "yes": ("はい", "yes"),
    "no": ("いいえ", "no"),
    "days": ("{n}日", "{n} d"),
    "working_days": ("{n}営業日", "{n} working days"),
}


def _pick(pair: tuple[str, str], lang: Lang) -> str:
    return pair[1] if lang == "en" else pair[0]


def text(key: str, lang: Lang = "ja", /, **args: object) -> str:
    """The message ``key`` in ``lang`` with ``args`` filled in; unknown keys return the key."""
    pair = _MESSAGES.get(key)
    if pair is None:
        return key
    template = _pick(pair, lang)
    rendered = {
        name: (_pick(value, lang) if isinstance(value, Label) else value)
        for name, value in args.items()
    }
    try:
        return template.format(**rendered)
    except (KeyError, IndexError):
        return template


def has_text(key: str) -> bool:
    return key in _MESSAGES


def step_word(step: str | None) -> Label:
    """The step's label in both languages, for message arguments."""
    return Label(*STEP_LABELS.get(step, (str(step), str(step))))


def step_label(step: str | None, lang: Lang = "ja") -> str:
    """``"standardize"`` -> ``"標準化"``; ``None`` (cross-cutting work) -> ``"共通 (基盤整備)"``."""
    return _pick(STEP_LABELS.get(step, (str(step), str(step))), lang)


def status_label(status: str, lang: Lang = "ja") -> str:
    return _pick(STATUS_LABELS.get(status, (status, status)), lang)


def field_label(field: str, lang: Lang = "ja") -> str:
    return _pick(FIELD_LABELS.get(field, (field, field)), lang)
