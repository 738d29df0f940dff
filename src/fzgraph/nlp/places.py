"""``fz_places``: other jurisdictions a report names (its parent city, its
neighbours, places that came to learn from it), by full name, resolved to a
code with the report's own jurisdiction as context; ambiguous names are left
out rather than guessed."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import JurisdictionError
from ..records import PlaceMention
from ..resolver import resolve_name
from .context import get_context, mention_fields
from .facts import TableComponent

__all__ = ["PlaceExtractor", "make_place_extractor"]


class PlaceExtractor(TableComponent):
    kind = "places"
    label = "PLACE"

    def match(self, doc: Doc) -> list[PlaceMention]:
        ctx = get_context(doc)
        meta = ctx.meta
        own = meta.jurisdiction_code if meta else None
        context = " ".join(name for _, name in (meta.parents if meta else ()))
        found = []
        for start, end, name in self.table.find_names(ctx.text):
            units = self.table.candidates(name)
            if not any(u.name == name for u in units) or any(u.level == "zone" for u in units):
                continue  # short names and zone nicknames are too loose outside titles
            try:
                unit = resolve_name(self.table, name, context).unit
            except JurisdictionError:
                continue
            if unit.code == own:
                continue
            found.append(PlaceMention(**mention_fields(ctx, start, end), code=unit.code, name=unit.name))
        return found


@Language.factory("fz_places", assigns=["doc.spans", "doc._.fz"])
def make_place_extractor(nlp: Language, name: str) -> PlaceExtractor:
    """The place extractor; call ``nlp.initialize()`` to load the jurisdiction table."""
    return PlaceExtractor(nlp, name)
