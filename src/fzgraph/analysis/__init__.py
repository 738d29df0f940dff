"""Reform diffusion: how practices spread between jurisdictions.

Every analysis reads the graph through SPARQL only (:func:`load_data` runs
named queries on any object with a ``query(sparql, bindings)`` method: the
embedded :class:`~fzgraph.graph.store.GraphStore` or an endpoint client) and
returns plain tables (pandas DataFrames) and networkx graphs:

- :mod:`.cascades`: the adoption matrix in the layouts of policy-diffusion
  tools (SPID's long form, NetworkInference's wide and long cascade forms, an
  event-history panel);
- :mod:`.curves`: first adopters and adoption curves, overall and within a province;
- :mod:`.modes`: the diffusion mode of each adoption (top-down, neighbour,
  pioneer) and the share of each mode per practice, with neighbours from
  :mod:`.geography`;
- :mod:`.networks`: the co-adoption network of practices (hypergeometric
  significance and lift), the similarity network of jurisdictions, Louvain
  communities and centralities;
- :mod:`.netinf`: a diffusion network inferred from the cascades (NetInf),
  with a simulator of cascades on a known network to test it.
"""

from __future__ import annotations

from .data import DiffusionData, load_data

__all__ = ["DiffusionData", "load_data"]
