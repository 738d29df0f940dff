"""Interactive views (pyvis / vis-network), each one self-contained HTML page.

- :func:`bipartite_view`: jurisdictions and practices, practices coloured by
  outline area, edges coloured by status, a year filter;
- :func:`diffusion_view`: the diffusion of one practice: jurisdictions in
  the administrative hierarchy (province > prefecture > county), placed by
  their seats' coordinates, coloured by adoption year, with the top-down ties
  (an ancestor adopted earlier) and the inferred NetInf ties between adopters;
- :func:`coadoption_view`: practices linked by co-adoption, coloured by
  Louvain community, edge width by lift.

Positions are computed in Python (networkx layouts, or coordinates rescaled
by networkx) and vis-network's physics is switched off above
:data:`PHYSICS_LIMIT` nodes, so a view of 3,000 jurisdictions opens at once.
Tooltips are plain text: the evidence sentence and the report it came from.
"""

from __future__ import annotations

import math

import networkx as nx
from pyvis.network import Network

from ..analysis.data import DiffusionData
from ..analysis.networks import co_adoption_network, communities
from .html import render, tooltip
from .palette import (
    AREA_COLOURS,
    LEVEL_LABELS,
    STATUS_COLOURS,
    STATUS_LABELS,
    area_colour,
    category_colour,
    year_colours,
)

__all__ = ["PHYSICS_LIMIT", "bipartite_view", "diffusion_view", "coadoption_view"]

#: above this many nodes the layout is fixed (physics off)
PHYSICS_LIMIT = 150
SCALE = 900.0  # half-width of the drawing, in vis-network pixels


def _network(directed: bool) -> Network:
    return Network(height="calc(100vh - 48px)", width="100%", directed=directed, cdn_resources="in_line",
                   bgcolor="#ffffff", font_color="#222222")


def _options(physics: bool, directed: bool, smooth: bool = False) -> dict:
    return {
        "physics": {"enabled": physics, "stabilization": {"enabled": physics, "iterations": 150},
                    "barnesHut": {"gravitationalConstant": -3000, "springLength": 120}},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True, "navigationButtons": False},
        "nodes": {"font": {"face": "WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif", "size": 12},
                  "borderWidth": 1},
        "edges": {"smooth": smooth, "arrows": {"to": {"enabled": directed, "scaleFactor": 0.5}},
                  "color": {"inherit": False}},
        "layout": {"improvedLayout": False},
    }


def _add_node(net: Network, node_id: str, **attrs) -> None:
    # pyvis' add_node scans every node (O(n^2)); append directly, as add_node does at the end
    attrs = {"id": node_id, **{k: v for k, v in attrs.items() if v is not None}}
    attrs.setdefault("label", node_id)
    attrs.setdefault("shape", "dot")
    net.nodes.append(attrs)
    net.node_ids.append(node_id)
    net.node_map[node_id] = attrs


def _add_edge(net: Network, source: str, target: str, **attrs) -> None:
    net.edges.append({"from": source, "to": target, **{k: v for k, v in attrs.items() if v is not None}})


def _scaled(pos: dict) -> dict[str, tuple[float, float]]:
    if not pos:
        return {}
    scaled = nx.rescale_layout_dict(pos, scale=SCALE) if len(pos) > 1 else {n: (0.0, 0.0) for n in pos}
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in scaled.items()}


def _physics(n_nodes: int, physics: bool | None) -> bool:
    return n_nodes <= PHYSICS_LIMIT if physics is None else physics


def _report_line(report: str) -> str:
    return f"报告 report: {report}" if report else ""


# -- jurisdiction x practice ---------------------------------------------------------


def bipartite_view(data: DiffusionData, title: str = "法治政府建设: 地区 × 做法", physics: bool | None = None,
                   statuses=None) -> str:
    """Jurisdictions (squares) and practices (dots, coloured by outline area); one edge per adoption record,
    coloured by status; a select box keeps the edges of one year."""
    statuses = set(statuses or STATUS_COLOURS)
    events = [e for e in data.events if e.status in statuses]
    codes = sorted({e.code for e in events})
    slugs = sorted({e.slug for e in events})
    graph = nx.Graph()
    graph.add_nodes_from(f"j:{c}" for c in codes)
    graph.add_nodes_from(f"p:{s}" for s in slugs)
    graph.add_edges_from({(f"j:{e.code}", f"p:{e.slug}") for e in events})
    layout = nx.spring_layout(graph, seed=1, iterations=60 if len(graph) < 2000 else 25) if len(graph) else {}
    pos = _scaled(layout)
    physics = _physics(len(graph), physics)
    net = _network(directed=False)
    example = {}
    for e in sorted(events, key=lambda e: (e.year, -e.evidence)):
        if e.adopting:
            example.setdefault(e.slug, e)
    adopters = {s: len({c for (c, s2) in data.first_years if s2 == s}) for s in slugs}
    for code in codes:
        province = data.province(code)
        x, y = pos[f"j:{code}"]
        years = sorted(data.reports.get(code, ()))
        n_practices = len({e.slug for e in events if e.code == code and e.adopting})
        _add_node(net, f"j:{code}", label=data.name(code), shape="square", size=10, color="#546e7a", x=x, y=y,
                  group="jurisdiction",
                  title=tooltip(f"{data.name(code)} ({code})", f"省 province: {data.name(province)}",
                                f"报告年份 report years: {', '.join(map(str, years))}",
                                f"采用做法 practices adopted: {n_practices}"))
    for slug in slugs:
        info = data.practices.get(slug)
        x, y = pos[f"p:{slug}"]
        e = example.get(slug)
        _add_node(net, f"p:{slug}", label=data.label(slug), shape="dot", size=8 + 2 * math.sqrt(adopters[slug]),
                  color=area_colour(info.area if info else ""), x=x, y=y, group="practice",
                  title=tooltip(f"{data.label(slug)} ({slug})",
                                f"领域 area: {info.area_label if info else ''}",
                                f"采用地区 adopters: {adopters[slug]}",
                                f"证据 evidence ({data.name(e.code)} {e.year}): {e.sentence}" if e else "",
                                _report_line(e.report) if e else ""))
    for e in events:
        dashed = e.status in ("planned", "problem")
        _add_edge(net, f"j:{e.code}", f"p:{e.slug}", color=STATUS_COLOURS.get(e.status, "#999"), width=1.5,
                  dashes=dashed, year=e.year, status=e.status,
                  title=tooltip(f"{data.name(e.code)} — {data.label(e.slug)}",
                                f"{e.year} · {STATUS_LABELS.get(e.status, e.status)} · 证据 {e.evidence} 条",
                                e.sentence, _report_line(e.report)))
    net.options = _options(physics, directed=False)
    area_labels = {i.area: i.area_label for i in data.practices.values() if i.area}
    years = sorted({e.year for e in events})
    controls = ('<label>年份 year <select id="fz-year"><option value="all">全部 all</option>'
                + "".join(f'<option value="{y}">{y}</option>' for y in years) + "</select></label>")
    script = """
    document.getElementById("fz-year").addEventListener("change", function (ev) {
      var y = ev.target.value;
      var visible = {};
      var updates = edges.get().map(function (e) {
        var show = (y === "all" || String(e.year) === y);
        if (show) { visible[e.from] = true; visible[e.to] = true; }
        return { id: e.id, hidden: !show };
      });
      edges.update(updates);
      nodes.update(nodes.get().map(function (n) { return { id: n.id, hidden: y !== "all" && !visible[n.id] }; }));
    });
    """
    legend = [
        ("领域 areas", [(area_labels.get(a, a), c, "dot") for a, c in AREA_COLOURS.items()]
         + [("地区 jurisdiction", "#546e7a", "dot")]),
        ("状态 status", [(STATUS_LABELS[s], STATUS_COLOURS[s], "line") for s in STATUS_COLOURS if s in statuses]),
    ]
    note = f"{len(codes)} 个地区, {len(slugs)} 项做法, {len(events)} 条记录"
    return render(net, title, note=note, legend=legend, controls=controls, script=script)


# -- diffusion of one practice ---------------------------------------------------------


def _hierarchy(data: DiffusionData, codes) -> set[str]:
    keep = set(codes)
    for code in codes:
        keep.update(data.ancestors(code))
    return {c for c in keep if c in data.units}


def _positions(data: DiffusionData, nodes: set[str], coordinates: dict | None) -> dict[str, tuple[float, float]]:
    if coordinates is None:
        from ..analysis.geography import coordinates_for

        coordinates = coordinates_for(data, nodes)
    geo = {n: (coordinates[n][0], coordinates[n][1]) for n in nodes if n in coordinates}
    if len(geo) < len(nodes):  # place the rest by the hierarchy around the fixed, known points
        tree = nx.Graph()
        tree.add_nodes_from(nodes)
        tree.add_edges_from((n, data.units[n].parent) for n in nodes if data.units[n].parent in nodes)
        start = {n: geo.get(n, (0.0, 0.0)) for n in nodes}
        fixed = list(geo) or None
        geo = nx.spring_layout(tree, pos=start if fixed else None, fixed=fixed, seed=1, iterations=50)
    # latitude grows northwards, the canvas y downwards; spread stacked seats (a city and its
    # central district) a little by level
    shift = {"province": (0.0, -0.12), "prefecture": (0.0, -0.06), "county": (0.0, 0.0), "zone": (0.05, 0.05)}
    pos = {n: (float(x) + shift.get(data.units[n].level, (0, 0))[0],
               -float(y) + shift.get(data.units[n].level, (0, 0))[1]) for n, (x, y) in geo.items()}
    return _scaled(pos)


def diffusion_view(data: DiffusionData, practice: str, inferred: nx.DiGraph | None = None,
                   ties: str = "both", coordinates: dict | None = None, modes=None,
                   physics: bool | None = None, title: str | None = None) -> str:
    """The diffusion of one practice (slug) over the jurisdictions of ``data``.

    Nodes: the jurisdictions with reports and their ancestors; adopters
    coloured by first year, others grey. Edges: the hierarchy (thin grey),
    top-down ties (an ancestor that adopted earlier -> the adopter) and
    inferred ties (edges of ``inferred`` between two adopters, the earlier to
    the later). ``ties``: "both", "top-down", "inferred" or "none".
    ``modes``: a :func:`~fzgraph.analysis.modes.diffusion_modes` table to show
    each adopter's mode in its tooltip.
    """
    cascade = data.cascades().get(practice, {})
    population = data.population()
    nodes = _hierarchy(data, set(population) | set(cascade))
    pos = _positions(data, nodes, coordinates)
    physics = _physics(len(nodes), physics)
    colours = year_colours(cascade.values()) if cascade else {}
    mode_of = {}
    if modes is not None and len(modes):
        sub = modes[modes["practice_slug"] == practice]
        mode_of = dict(zip(sub["jurisdiction_code"], sub["mode"], strict=True))
    net = _network(directed=True)
    sizes = {"province": 22, "prefecture": 14, "county": 7, "zone": 7}
    for code in sorted(nodes):
        unit = data.units[code]
        year = cascade.get(code)
        event = data.first_events.get((code, practice))
        x, y = pos.get(code, (0.0, 0.0))
        if year is not None:
            colour = {"background": colours[year], "border": "#333333"}
        elif code in population:
            colour = {"background": "#d0d0d0", "border": "#9e9e9e"}
        else:
            colour = {"background": "#ffffff", "border": "#9e9e9e"}
        chain = " > ".join(data.name(a) for a in reversed(data.ancestors(code)))
        lines = [f"{unit.name} ({code}) · {LEVEL_LABELS.get(unit.level, unit.level)}", chain]
        if year is not None:
            lines.append(f"{year} 年采用 adopted ({event.status if event else ''})")
            if code in mode_of:
                lines.append(f"方式 mode: {mode_of[code]}")
            if event:
                lines += [f"证据 evidence: {event.sentence}", _report_line(event.report)]
        elif code in population:
            lines.append("未报告采用 not reported as adopted")
        show_label = unit.level in ("province", "prefecture") or year is not None or len(nodes) <= 300
        _add_node(net, code, label=unit.name if show_label else " ", size=sizes.get(unit.level, 7),
                  color=colour, x=x, y=y, title=tooltip(*lines), year=year,
                  font={"size": 14 if unit.level == "province" else 11})
    for code in sorted(nodes):
        parent = data.units[code].parent
        if parent in nodes:
            _add_edge(net, parent, code, color="#e0e0e0", width=0.5, arrows={"to": {"enabled": False}},
                      kind="hierarchy")
    drawn = 0
    if ties in ("both", "top-down"):
        for code, year in cascade.items():
            for ancestor in data.ancestors(code):
                if cascade.get(ancestor, year) < year:
                    _add_edge(net, ancestor, code, color="#ef6c00", width=2.5, kind="top-down",
                              title=tooltip(f"自上而下 top-down: {data.name(ancestor)} {cascade[ancestor]} → "
                                            f"{data.name(code)} {year}"))
                    drawn += 1
                    break
    if ties in ("both", "inferred") and inferred is not None:
        for a, b, attrs in inferred.edges(data=True):
            if a in cascade and b in cascade and cascade[a] < cascade[b] and a in nodes and b in nodes:
                _add_edge(net, a, b, color="#1565c0", width=1.5 + min(3.0, attrs.get("score", 0) / 10),
                          kind="inferred",
                          title=tooltip(f"推断 inferred (NetInf): {data.name(a)} {cascade[a]} → "
                                        f"{data.name(b)} {cascade[b]}",
                                        f"score {attrs.get('score', 0):.2f}, {attrs.get('cascades', 0)} cascades"))
                drawn += 1
    net.options = _options(physics, directed=True)
    label = data.label(practice)
    legend = [
        ("采用年份 first year", [(str(y), c, "dot") for y, c in colours.items()]
         + [("未报告采用 not adopted", "#d0d0d0", "dot"), ("无报告 no report (hierarchy)", "#ffffff", "dot")]),
        ("联系 ties", [("自上而下 top-down (ancestor earlier)", "#ef6c00", "line"),
                       ("推断 inferred (NetInf)", "#1565c0", "line"), ("行政隶属 hierarchy", "#cccccc", "line")]),
    ]
    note = (f"{len(cascade)} 个地区采用 / {len(population)} 个有报告的地区; {drawn} 条联系; "
            f"位置: 驻地经纬度 (seat coordinates)")
    return render(net, title or f"{label}: 扩散 diffusion", note=note, legend=legend)


# -- co-adoption network of practices ------------------------------------------------------


def coadoption_view(data: DiffusionData, graph: nx.Graph | None = None, alpha: float | None = None,
                    min_count: int = 2, min_lift: float | None = 1.0, physics: bool | None = None,
                    title: str = "做法共同采用网络 co-adoption of practices") -> str:
    """Practices linked by joint adopters, coloured by Louvain community; edge width by lift, tooltips with
    the count, expected count, lift and p-values. By default only pairs adopted together by at least two
    jurisdictions more often than independence predicts (lift above 1) are drawn."""
    if graph is None:
        graph = co_adoption_network(data, min_count=min_count, alpha=alpha, min_lift=min_lift)
        graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
    membership = communities(graph)
    layout = nx.spring_layout(graph, seed=1, weight="weight") if len(graph) else {}
    pos = _scaled(layout)
    physics = _physics(len(graph), physics)
    net = _network(directed=False)
    for slug in sorted(graph.nodes):
        attrs = graph.nodes[slug]
        event = next((e for (c, s), e in sorted(data.first_events.items(), key=lambda kv: kv[1].year)
                      if s == slug), None)
        x, y = pos[slug]
        community = membership.get(slug, 0)
        _add_node(net, slug, label=attrs.get("label", slug), size=6 + 3 * math.sqrt(attrs.get("adopters", 1)),
                  color={"background": category_colour(community), "border": area_colour(attrs.get("area", ""))},
                  borderWidth=3, x=x, y=y, community=community,
                  title=tooltip(f"{attrs.get('label', slug)} ({slug})", f"领域 area: {attrs.get('area_label', '')}",
                                f"社区 community: {community}", f"采用地区 adopters: {attrs.get('adopters', 0)}",
                                f"证据 evidence ({data.name(event.code)} {event.year}): {event.sentence}"
                                if event else "", _report_line(event.report) if event else ""))
    for a, b, attrs in graph.edges(data=True):
        lift = attrs.get("lift", 1.0)
        _add_edge(net, a, b, width=round(0.5 + min(6.0, max(0.0, lift - 0.5) * 1.5), 2),
                  color={"color": "#90a4ae", "opacity": 0.6},
                  title=tooltip(f"{graph.nodes[a].get('label', a)} — {graph.nodes[b].get('label', b)}",
                                f"共同采用 both: {attrs.get('count')} (expected {attrs.get('expected', 0):.2f})",
                                f"lift {lift:.2f}, p {attrs.get('p_value', 1):.3g}, q {attrs.get('q_value', 1):.3g}"))
    net.options = _options(physics, directed=False)
    parts: dict[int, list[str]] = {}
    for slug, c in membership.items():
        parts.setdefault(c, []).append(slug)
    legend_items = []
    for c in sorted(parts)[:12]:
        top = sorted(parts[c], key=lambda s: (-graph.nodes[s].get("adopters", 0), s))[:3]
        legend_items.append((f"{c}: " + "、".join(graph.nodes[s].get("label", s) for s in top)
                             + (" …" if len(parts[c]) > 3 else ""), category_colour(c), "dot"))
    legend = [("社区 communities (Louvain)", legend_items),
              ("边框 border = 领域 area; 边宽 edge width = lift", [])]
    note = f"{graph.number_of_nodes()} 项做法, {graph.number_of_edges()} 条边, {len(parts)} 个社区"
    return render(net, title, note=note, legend=legend)
