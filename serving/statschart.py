"""The /stats chart: a PNG of the journal's last 30 days for admins, drawn with matplotlib off screen.

Three panels on one image sized for a phone: questions about the law per day with the refused part in
another colour, 👍/👎 per day, and the articles cited first most often. The caller adds the same figures
as text, so the image is a help to the eye and never the only place a number is.
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from answers import messages as m
from serving.journal import Activity

WIDTH_IN, HEIGHT_IN, DPI = 7.0, 8.0, 110  # 770 × 880 px: readable on a phone, a few tens of kB


def activity_png(activity: Activity, label_of: dict[str, str] | None = None) -> bytes:
    """The activity as PNG bytes; `label_of` names articles ("Điều 21 Luật …") where known, else their ids."""
    labels = label_of or {}
    days = activity.days
    x = range(len(days))
    answered = [d.questions - d.refused for d in days]
    refused = [d.refused for d in days]
    # the object API, not pyplot: no global state, so two admins' /stats in two threads cannot mix
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(figure)
    per_day, votes, top = figure.subplots(3, 1, gridspec_kw={"height_ratios": (3, 2, 2)})
    per_day.bar(x, answered, color="#2b7bba", label=m.STATS_CHART_ANSWERED)
    per_day.bar(x, refused, bottom=answered, color="#e6862e", label=m.STATS_CHART_REFUSED)
    per_day.set_title(m.STATS_CHART_TITLE.format(days=len(days)), fontsize=11)
    per_day.legend(fontsize=8, loc="upper left")
    votes.bar(x, [d.thumbs_up for d in days], color="#3a9a4a", label=m.STATS_CHART_UP)
    votes.bar(x, [-d.thumbs_down for d in days], color="#c0392b", label=m.STATS_CHART_DOWN)
    votes.axhline(0, color="#555555", linewidth=0.6)
    votes.legend(fontsize=8, loc="upper left")
    votes.set_title(m.STATS_CHART_VOTES, fontsize=10)
    votes.set_ylim(-max([d.thumbs_down for d in days] + [1]) * 1.2, max([d.thumbs_up for d in days] + [1]) * 1.8)
    per_day.set_ylim(0, max([d.questions for d in days] + [1]) * 1.3)  # room for the legend
    ticks = [i for i in x if i % 5 == (len(days) - 1) % 5]  # every fifth day, ending on today
    for axis in (per_day, votes):
        axis.set_xticks(ticks, [days[i].day.strftime("%d/%m") for i in ticks], fontsize=8)
        axis.tick_params(axis="y", labelsize=8)
        axis.set_xlim(-0.6, len(days) - 0.4)
    names = [labels.get(article_id, article_id) for article_id, _ in activity.top_articles]
    counts = [n for _, n in activity.top_articles]
    top.barh(range(len(names)), counts, color="#c9c1e6")
    top.set_yticks([])  # names are written on the bars, so all three panels keep the full width
    for row, (name, count) in enumerate(zip(names, counts, strict=True)):
        top.text(0, row, f" {_short(name, 70)} — {count}", va="center", ha="left", fontsize=8)
    top.invert_yaxis()
    top.set_title(m.STATS_CHART_TOP, fontsize=10)
    top.tick_params(axis="x", labelsize=8)
    if not names:
        top.text(0.5, 0.5, m.STATS_CHART_NO_ARTICLES, ha="center", va="center", transform=top.transAxes)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _short(label: str, limit: int = 42) -> str:
    """A label cut to fit beside a bar."""
    return label if len(label) <= limit else label[: limit - 1] + "…"
