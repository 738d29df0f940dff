"""``fz_policies``: cited documents: titles in 《》 with the document number
that follows them (乐政发〔2020〕4号), the type read from the title's ending,
and the issuing jurisdiction when the title names one (《威海市…办法》)."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..records import PolicyMention
from .context import get_context, mention_fields
from .facts import TableComponent

__all__ = ["PolicyExtractor", "policy_type", "normalise_title", "make_policy_extractor"]

_TITLE = re.compile(r"《([^《》\n]{2,100})》")
_DOC_NUMBER = re.compile(
    r"^\s*[(（]?\s*([\u4e00-\u9fff]{1,12}(?:[〔\[(（【﹝]\s*\d{4}\s*[〕\])）】﹞]|\d{4})?\s*第?\d{1,5}\s*号)\s*[)）]?")
_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "【": "〔", "】": "〕", "(": "〔", ")": "〕", "（": "〔", "）": "〕"})
_LOCAL_START = re.compile(r"^(中共)?[\u4e00-\u9fff]{2,10}?(省|市|县|区|自治州|自治区|旗|盟)")
_ENDINGS = (
    ("law", re.compile(r"(?<![办方做])法(\(.{1,12}\))?$|法典$|宪法$")),
    ("regulation", re.compile(r"条例(\(.{1,12}\))?$")),
    ("outline", re.compile(r"纲要(\(.{1,16}\))?$|规划(\(.{1,16}\))?$")),
    ("notice", re.compile(r"通知$|通报$|公告$")),
    ("rules", re.compile(r"(规定|办法|细则|规则|决定)(\(.{1,12}\))?$")),
    ("measure", re.compile(r"(意见|方案|计划|要点|清单|目录|制度|指引|标准|措施|机制)(\(.{1,12}\))?$")),
)


def normalise_title(title: str) -> str:
    """The title used to identify a policy across reports (spaces and nested quotes dropped)."""
    return re.sub(r"[\s〈〉<>“”\"]", "", title)


def policy_type(title: str) -> str:
    """law, regulation, rules, outline, local_measure, notice or other."""
    local = bool(_LOCAL_START.match(title)) and not title.startswith(("中华人民共和国", "全国"))
    for kind, pattern in _ENDINGS:
        if pattern.search(title):
            if kind == "rules" and local:
                return "local_measure"
            if kind == "measure":
                return "local_measure" if local else "other"
            return kind
    return "other"


class PolicyExtractor(TableComponent):
    """Find 《》 titles and their document numbers."""
    kind = "policies"
    label = "POLICY"

    def match(self, doc: Doc) -> list[PolicyMention]:
        ctx = get_context(doc)
        text = ctx.text
        found = []
        for m in _TITLE.finditer(text):
            title = m.group(1).strip()
            end = m.end()
            number = None
            n = _DOC_NUMBER.match(text[end:end + 30])
            if n:
                number = re.sub(r"\s+", "", n.group(1)).translate(_BRACKETS).replace("﹝", "〔").replace("﹞", "〕")
                end += n.end()
            found.append(PolicyMention(**mention_fields(ctx, m.start(), end), title=normalise_title(title),
                                       number=number, policy_type=policy_type(normalise_title(title)),
                                       issuer_code=self._issuer(title)))
        return found

    def _issuer(self, title: str) -> str | None:
        head = re.sub(r"^中共", "", title)[:12]
        names = self.table.find_names(head)
        if not names or names[0][0] != 0:
            return None
        candidates = [u for u in self.table.candidates(names[0][2]) if u.name == names[0][2]]
        return candidates[0].code if len(candidates) == 1 else None


@Language.factory("fz_policies", assigns=["doc.spans", "doc._.fz"])
def make_policy_extractor(nlp: Language, name: str) -> PolicyExtractor:
    """The policy extractor; call ``nlp.initialize()`` to load the jurisdiction table."""
    return PolicyExtractor(nlp, name)
