"""Static figures (matplotlib, Agg backend): PNG or SVG by the file's suffix.

- :func:`curves_figure`: adoption curves (cumulative share by year) of the
  most adopted practices;
- :func:`heatmap_figure`: practice x province heat map of adopters, by year
  (one panel per year, cumulative);
- :func:`modes_figure`: the share of each diffusion mode per practice
  (stacked bars).

Labels are Chinese: :func:`~fzgraph.viz.fonts.cjk_font` supplies a font that
has the glyphs. SVG keeps text as paths, so the file shows the same glyphs
without the font.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..analysis.curves import adoption_curve
from ..analysis.data import DiffusionData
from ..analysis.modes import MODES, mode_shares
from .fonts import cjk_font
from .palette import MODE_COLOURS, MODE_LABELS, category_colour

__all__ = ["curves_figure", "heatmap_figure", "modes_figure", "save"]


def _plt():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    family = cjk_font()
    rc = {"svg.fonttype": "path", "svg.hashsalt": "fzgraph", "axes.unicode_minus": False, "figure.dpi": 100,
          "savefig.dpi": 150}
    if family:
        rc["font.family"] = [family, "DejaVu Sans"]
    plt.rcParams.update(rc)
    return plt


def save(fig, path: Path) -> Path:
    """Write ``fig`` as PNG or SVG (by suffix) and close it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fmt = path.suffix.lstrip(".").lower() or "png"
    if fmt not in ("png", "svg"):
        raise ValueError(f"figures are PNG or SVG, not {fmt!r}")
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}  # reproducible files
    fig.savefig(path, format=fmt, bbox_inches="tight", metadata=metadata)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return path


def _top_practices(data: DiffusionData, top: int) -> list[str]:
    counts: dict[str, int] = {}
    for (_, slug) in data.first_years:
        counts[slug] = counts.get(slug, 0) + 1
    return [s for s, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]


def curves_figure(data: DiffusionData, practices=None, province: str | None = None, top: int = 8):
    """Cumulative share of the population adopting each practice, by year."""
    plt = _plt()
    slugs = list(practices) if practices else _top_practices(data, top)
    curve = adoption_curve(data, province=province)
    fig, ax = plt.subplots(figsize=(8, 4.8))
    for i, slug in enumerate(slugs):
        sub = curve[curve["practice_slug"] == slug]
        if len(sub):
            ax.plot(sub["year"], sub["share"], marker="o", color=category_colour(i), label=data.label(slug))
    scope = data.name(data.resolve_province(province)) if province else "全国 all"
    ax.set_title(f"采用曲线 adoption curves ({scope})")
    ax.set_xlabel("年份 year")
    ax.set_ylabel("累计采用比例 cumulative share")
    ax.set_ylim(0, 1.05)
    years = data.years()
    if years:
        ax.set_xticks(years)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return fig


def heatmap_frame(data: DiffusionData, practices=None, top: int = 20) -> pd.DataFrame:
    """Adopters by practice, province and year (cumulative): columns practice, province, year, adopters."""
    slugs = list(practices) if practices else _top_practices(data, top)
    provinces = sorted({p for c in data.population() if (p := data.province(c))})
    rows = []
    for year in data.years():
        for slug in slugs:
            for province in provinces:
                n = sum(1 for (c, s), y in data.first_years.items()
                        if s == slug and y <= year and data.province(c) == province)
                rows.append({"practice": data.label(slug), "province": data.name(province), "year": year,
                             "adopters": n})
    return pd.DataFrame(rows, columns=["practice", "province", "year", "adopters"])


def heatmap_figure(data: DiffusionData, practices=None, top: int = 20):
    """Practice x province heat map of adopters, one panel per year (cumulative)."""
    import numpy as np

    plt = _plt()
    frame = heatmap_frame(data, practices, top)
    years = data.years() or [0]
    practices_order = list(dict.fromkeys(frame["practice"]))
    provinces = list(dict.fromkeys(frame["province"]))
    vmax = max(1, int(frame["adopters"].max()) if len(frame) else 1)
    fig, axes = plt.subplots(1, len(years), figsize=(1.2 + 0.45 * max(1, len(provinces)) * len(years) + 2.5,
                                                     0.6 + 0.32 * max(1, len(practices_order))),
                             squeeze=False, sharey=True)
    image = None
    for ax, year in zip(axes[0], years, strict=True):
        sub = frame[frame["year"] == year]
        grid = np.zeros((len(practices_order), len(provinces)))
        for r in sub.itertuples():
            grid[practices_order.index(r.practice), provinces.index(r.province)] = r.adopters
        image = ax.imshow(grid, aspect="auto", cmap="viridis", vmin=0, vmax=vmax)
        ax.set_title(str(year), fontsize=10)
        ax.set_xticks(range(len(provinces)))
        ax.set_xticklabels(provinces, rotation=60, ha="right", fontsize=8)
        ax.set_yticks(range(len(practices_order)))
        ax.set_yticklabels(practices_order, fontsize=8)
    if image is not None:
        fig.colorbar(image, ax=axes[0].tolist(), label="采用地区数 adopters", shrink=0.8)
    fig.suptitle("做法 × 省份 采用情况 (累计) practice x province adopters by year", fontsize=11)
    return fig


def modes_figure(modes: pd.DataFrame, top: int = 15):
    """Stacked bars: the share of each diffusion mode for the most adopted practices."""
    plt = _plt()
    shares = mode_shares(modes).sort_values(["adoptions", "practice_slug"], ascending=[False, True]).head(top)
    shares = shares.iloc[::-1]
    fig, ax = plt.subplots(figsize=(8, 0.8 + 0.35 * max(1, len(shares))))
    left = [0.0] * len(shares)
    for mode in MODES:
        values = shares[f"{mode}_share"].tolist()
        ax.barh(shares["practice_label"], values, left=left, color=MODE_COLOURS[mode], label=MODE_LABELS[mode])
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_xlim(0, 1)
    ax.set_xlabel("比例 share of adoptions")
    ax.set_title("扩散方式 diffusion modes")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.07, 1.0), frameon=False)
    for i, n in enumerate(shares["adoptions"]):
        ax.text(1.01, i, f"n={n}", va="center", fontsize=7, transform=ax.get_yaxis_transform())
    return fig
