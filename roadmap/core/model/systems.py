"""The 20 標準化対象事務 and their migration deadlines.

The 業務 are those of the 政令 under 地方公共団体情報システムの標準化に関する法律 (令和3年法律第40号),
in the order 島田市 lists them (city.shimada.shizuoka.jp/gyosei-docs/hyojunka.html). The
deadline, 2025年度末 (2026-03-31), is set by the 標準化基本方針 (閣議決定 2022-10-07), not by the
law; its 2024-12 revision gives 特定移行支援システム「概ね5年以内」, read as 2030年度末 (2031-03-31;
press wording, see /work/notes/research-calendar.md §6).

>>> len(SYSTEMS)
20
>>> canonical_system("住民記録")
'住民基本台帳'
>>> system_deadline(specific=True)
datetime.date(2031, 3, 31)
"""

from __future__ import annotations

import datetime as dt

__all__ = [
    "DEADLINE",
    "SPECIFIC_DEADLINE",
    "SYSTEMS",
    "SYSTEM_ALIASES",
    "canonical_system",
    "system_deadline",
]

SYSTEMS: tuple[str, ...] = (
    "住民基本台帳",
    "選挙人名簿管理",
    "固定資産税",
    "個人住民税",
    "法人住民税",
    "軽自動車税",
    "国民健康保険",
    "国民年金",
    "障害者福祉",
    "後期高齢者医療",
    "介護保険",
    "児童手当",
    "健康管理",
    "就学",
    "児童扶養手当",
    "生活保護",
    "子ども・子育て支援",
    "印鑑登録",
    "戸籍",
    "戸籍の附票",
)

#: Other names towns use for the same 業務.
SYSTEM_ALIASES: dict[str, str] = {
    "住民記録": "住民基本台帳",
    "選挙人名簿": "選挙人名簿管理",
    "子ども子育て支援": "子ども・子育て支援",
    "戸籍附票": "戸籍の附票",
}

#: The deadline of the 標準化基本方針: 2025年度末.
DEADLINE = dt.date(2026, 3, 31)
#: The deadline for 特定移行支援システム: 概ね5年以内, 2030年度末.
SPECIFIC_DEADLINE = dt.date(2031, 3, 31)


def canonical_system(name: str) -> str | None:
    """The 業務 ``name`` stands for, or ``None`` when it is not one of the 20."""
    name = name.strip()
    if name in SYSTEMS:
        return name
    return SYSTEM_ALIASES.get(name)


def system_deadline(*, specific: bool) -> dt.date:
    """The migration deadline: :data:`SPECIFIC_DEADLINE` for 特定移行支援システム."""
    return SPECIFIC_DEADLINE if specific else DEADLINE
