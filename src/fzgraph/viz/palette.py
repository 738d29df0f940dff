"""Colours shared by the interactive views and the static figures."""

from __future__ import annotations

__all__ = ["AREA_COLOURS", "STATUS_COLOURS", "STATUS_LABELS", "MODE_COLOURS", "MODE_LABELS", "year_colours",
           "category_colour", "LEVEL_LABELS"]

#: outline area (top concept slug) -> colour
AREA_COLOURS = {
    "area-leadership": "#d62728", "area-government-functions": "#1f77b4", "area-rule-making": "#8c564b",
    "area-decision-making": "#9467bd", "area-law-enforcement": "#ff7f0e", "area-emergencies": "#7f7f7f",
    "area-disputes": "#2ca02c", "area-oversight": "#17becf", "area-legal-education": "#bcbd22",
    "area-digital": "#e377c2",
}
OTHER = "#999999"

STATUS_COLOURS = {"implemented": "#2e7d32", "piloted": "#1565c0", "first_in_region": "#6a1b9a",
                  "recognised_model": "#ef6c00", "planned": "#9e9e9e", "problem": "#c62828"}
STATUS_LABELS = {"implemented": "实施 implemented", "piloted": "试点 piloted",
                 "first_in_region": "率先 first in region", "recognised_model": "示范 recognised model",
                 "planned": "计划 planned", "problem": "不足 problem"}

MODE_COLOURS = {"top_down": "#ef6c00", "neighbour": "#1565c0", "pioneer": "#2e7d32", "other": "#9e9e9e"}
MODE_LABELS = {"top_down": "自上而下 top-down", "neighbour": "邻近 neighbour", "pioneer": "先行 pioneer",
               "other": "其他 other"}

LEVEL_LABELS = {"province": "省级", "prefecture": "地市级", "county": "县级", "zone": "开发区"}

_VIRIDIS = ["#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#b5de2b",
            "#fde725"]
_CATEGORIES = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
               "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354"]


def year_colours(years) -> dict[int, str]:
    """Earliest year dark purple ... latest yellow (viridis steps)."""
    years = sorted(set(years))
    if len(years) == 1:
        return {years[0]: _VIRIDIS[4]}
    return {y: _VIRIDIS[round(i * (len(_VIRIDIS) - 1) / (len(years) - 1))] for i, y in enumerate(years)}


def category_colour(index: int) -> str:
    return _CATEGORIES[index % len(_CATEGORIES)]


def area_colour(area: str) -> str:
    return AREA_COLOURS.get(area, OTHER)
