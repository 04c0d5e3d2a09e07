"""The colour palette of the charts: one colour per step, and the marks every chart shares.

One place for every face that draws a schedule (the xlsx 工程表, the SVG Gantt chart, and the
TUI), so a step has the same colour wherever a manager sees it. The step colours follow the
Okabe-Ito palette, which stays distinguishable for colour-blind readers and in greyscale
printouts; red is kept for critical work alone, and finished work is drawn in a lighter tint
of its step's colour.

Colours are ``#RRGGBB`` strings; :func:`argb` gives the ``FFRRGGBB`` form that openpyxl uses.

Examples
--------
>>> step_color("standardize")
'#0072B2'
>>> step_color(None)
'#8C8C8C'
>>> argb(CRITICAL)
'FFD62728'
>>> text_color_on("#0072B2")
'#FFFFFF'
"""

from __future__ import annotations

from roadmap.core.model.plan import Step

__all__ = [
    "CRITICAL",
    "DEADLINE",
    "DONE_TINT",
    "FISCAL_YEAR_BANDS",
    "GRID",
    "STEP_COLORS",
    "TEXT",
    "TODAY",
    "argb",
    "step_color",
    "text_color_on",
    "tint",
]

#: Step id -> colour; ``None`` is cross-cutting work (共通).
STEP_COLORS: dict[str | None, str] = {
    Step.STANDARDIZE.value: "#0072B2",  # blue
    Step.GOV_CLOUD.value: "#56B4E9",  # sky blue
    Step.ADOPT_CASES.value: "#009E73",  # bluish green
    Step.MEASURE.value: "#E69F00",  # orange
    Step.RESIDENT_SERVICES.value: "#CC79A7",  # reddish purple
    None: "#8C8C8C",  # grey
}

#: Critical work: the fill of critical cells in xlsx, the outline of critical bars in SVG.
CRITICAL = "#D62728"
#: Deadline marks.
DEADLINE = "#222222"
#: The as-of ("today") line.
TODAY = "#E6007E"
#: How much finished work is lightened (:func:`tint`).
DONE_TINT = 0.55
#: Ordinary text and grid lines.
TEXT = "#222222"
GRID = "#D0D0D0"
#: Alternating backgrounds of fiscal-year bands.
FISCAL_YEAR_BANDS: tuple[str, str] = ("#FFFFFF", "#F3F5F8")


def step_color(step: Step | str | None) -> str:
    """The colour of ``step`` (a :class:`~roadmap.core.model.plan.Step`, its id, or ``None``)."""
    key = step.value if isinstance(step, Step) else step
    return STEP_COLORS.get(key, STEP_COLORS[None])


def argb(color: str) -> str:
    """``"#RRGGBB"`` -> ``"FFRRGGBB"`` (opaque), the form openpyxl expects."""
    return "FF" + color.lstrip("#").upper()


def tint(color: str, amount: float = DONE_TINT) -> str:
    """``color`` mixed with white by ``amount`` (0 = unchanged, 1 = white): finished work.

    >>> tint("#0072B2")
    '#8CC0DC'
    """
    channels = (int(color.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    mixed = (round(channel + (255 - channel) * amount) for channel in channels)
    return "#" + "".join(f"{channel:02X}" for channel in mixed)


def text_color_on(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (WCAG relative luminance)."""
    red, green, blue = (int(background.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    # contrast with white (1.05 / (L + 0.05)) against contrast with black ((L + 0.05) / 0.05)
    return "#FFFFFF" if 1.05 / (luminance + 0.05) > (luminance + 0.05) / 0.05 else "#000000"
