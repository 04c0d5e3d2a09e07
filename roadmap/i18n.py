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
    # -- export (exporters/, issue 3): keys start with "export."
    # -- tui (tui/, issue 4): keys start with "tui."
    # -- budget, staffing, KPIs (issue 5): keys start with "budget.", "staffing.", "kpi."
    # -- git, fmt, init, portfolios (issue 6): keys start with "diff.", "fmt.", "init.", "include."
    # -- risk (issue 7): keys start with "risk."
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
