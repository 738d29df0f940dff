"""Practice matching and status rules, on sentences written for each rule,
with a small taxonomy written here (so the rules are tested apart from the
taxonomy's content) and a copy of the real one extended in a test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builders import mini_report
from fzgraph.nlp import build_pipeline, extract, extract_text

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"

MINI_TAXONOMY = """
@prefix fzp: <https://w3id.org/fzgraph/practice/> .
@prefix fz: <https://w3id.org/fzgraph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
fzp:scheme a skos:ConceptScheme .
fzp:area-functions a skos:Concept ; skos:topConceptOf fzp:scheme ;
    skos:prefLabel "政府职能"@zh, "functions"@en ; skos:definition "area"@en .
fzp:notification-commitment a skos:Concept ; skos:broader fzp:area-functions ;
    skos:prefLabel "告知承诺制"@zh, "notification and commitment"@en ; skos:altLabel "告知承诺"@zh ;
    skos:definition "x"@en .
fzp:certificate-commitment a skos:Concept ; skos:broader fzp:notification-commitment ;
    skos:prefLabel "证明事项告知承诺制"@zh, "commitment for certificates"@en ; skos:definition "x"@en .
fzp:three-systems a skos:Concept ; skos:broader fzp:area-functions ;
    skos:prefLabel "行政执法三项制度"@zh, "three systems"@en ; fz:strictLabel "三项制度"@zh ;
    skos:definition "x"@en .
fzp:e-seal a skos:Concept ; skos:broader fzp:area-functions ;
    skos:prefLabel "电子印章"@zh, "e-seal"@en ; skos:definition "x"@en .
fzp:model-village a skos:Concept ; skos:broader fzp:area-functions ;
    skos:prefLabel "民主法治示范村"@zh, "model village"@en ; skos:definition "x"@en .
fzp:expert-review a skos:Concept ; skos:broader fzp:area-functions ;
    skos:prefLabel "专家论证"@zh, "expert review"@en ; skos:definition "x"@en .
fzp:risk-assessment a skos:Concept ; skos:broader fzp:area-functions ;
    skos:prefLabel "决策风险评估"@zh, "risk assessment"@en ; fz:strictLabel "风险评估"@zh ; skos:definition "x"@en .
fzp:first-no-penalty a skos:Concept ; skos:broader fzp:area-functions ;
    skos:prefLabel "首违不罚"@zh, "no penalty for first violations"@en ; skos:definition "x"@en .
"""


def _ontology_copy(tmp_path: Path, practices_ttl: str) -> Path:
    folder = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY, folder)
    (folder / "practices.ttl").write_text(practices_ttl, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def nlp(tmp_path_factory):
    folder = _ontology_copy(tmp_path_factory.mktemp("mini"), MINI_TAXONOMY)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FZGRAPH_ONTOLOGY", str(folder))
        yield build_pipeline()


def _practices(nlp, sentence):
    return [(p.text, p.slug, p.status) for p in extract_text(sentence, nlp).practices]


def test_practice_longest_label_wins(nlp):
    assert _practices(nlp, "全面推行证明事项告知承诺制。") == [
        ("证明事项告知承诺制", "certificate-commitment", "implemented")]


def test_practice_quotes_inside_name_ignored(nlp):
    found = extract_text("全面落实行政执法“三项制度”。", nlp).practices
    assert [(p.text, p.slug) for p in found] == [("行政执法“三项制度", "three-systems")]


def test_practice_strict_label_needs_quotes_or_suffix(nlp):
    assert [p.slug for p in extract_text("落实“三项制度”要求。", nlp).practices] == ["three-systems"]
    assert extract_text("出台三项制度规范会议。", nlp).practices == ()


def test_practice_strict_label_accepted_in_a_list_with_a_practice(nlp):
    found = extract_text("落实公众参与、专家论证、风险评估等法定程序。", nlp).practices
    assert [p.slug for p in found] == ["expert-review", "risk-assessment"]
    assert extract_text("做好安全生产风险评估。", nlp).practices == ()


def test_practice_inside_a_policy_title_is_not_an_adoption(nlp):
    found = extract_text("印发《关于推行首违不罚的实施意见》,全面推行首违不罚。", nlp).practices
    assert [(p.text, p.start) for p in found] == [("首违不罚", 22)]


def test_practice_area_labels_are_not_practices(nlp):
    assert extract_text("依法全面履行政府职能。", nlp).practices == ()


@pytest.mark.parametrize(("sentence", "status", "cue"), [
    ("全面推行告知承诺制。", "implemented", "section: other"),
    ("告知承诺制落实尚未到位。", "problem", "尚未"),
    ("告知承诺制有待进一步完善。", "problem", "有待"),
    ("开展告知承诺制试点。", "piloted", "试点"),
    ("在全市率先发放电子印章。", "first_in_region", "率先"),
    ("发放全市首批电子印章。", "first_in_region", "首批"),
    ("告知承诺制被省司法厅评为典型案例。", "recognised_model", "评为"),
    ("首违不罚做法在全省复制推广。", "recognised_model", "复制推广"),
    ("下一步,全面推行首违不罚。", "planned", "下一步"),
    ("拟全面推行告知承诺制。", "planned", "拟"),
])
def test_practice_status_from_cues(nlp, sentence, status, cue):
    found = extract_text(sentence, nlp).practices
    assert [(p.status, p.cue) for p in found] == [(status, cue)]


def test_practice_model_word_inside_a_name_is_not_a_cue(nlp):
    found = extract_text("深入开展民主法治示范村创建,推行告知承诺制。", nlp).practices
    assert [p.status for p in found] == ["implemented", "implemented"]


def test_practice_one_character_cue_inside_another_word_is_not_a_cue(nlp):
    # 拟任 (about to be appointed) is a word of its own: no plan is said here
    found = extract_text("对拟任领导干部推行告知承诺制。", nlp).practices
    assert [(p.status, p.cue) for p in found] == [("implemented", "section: other")]


def test_practice_status_from_sections(nlp):
    doc = mini_report(achievements=["全面推行告知承诺制。"], problems=["告知承诺制宣传力度不大。"],
                      plans=["全面推行首违不罚。"])
    found = {p.slug: (p.status, p.cue) for p in extract(doc, nlp).practices}
    assert found["first-no-penalty"] == ("planned", "section: plans")
    statuses = sorted(p.status for p in extract(doc, nlp).practices if p.slug == "notification-commitment")
    assert statuses == ["implemented", "problem"]


def test_practice_first_in_region_resolves_region(nlp):
    doc = mini_report(achievements=["在全市率先发放电子印章。", "在全省率先推行首违不罚。"])
    found = {p.slug: (p.region, p.region_code) for p in extract(doc, nlp).practices}
    assert found["e-seal"] == ("全市", "370700")  # 昌乐县's parent city, 潍坊市
    assert found["first-no-penalty"] == ("全省", "370000")


def test_practice_recognised_by(nlp):
    found = extract_text("告知承诺制被省司法厅评为典型案例。", nlp).practices[0]
    assert found.recognised_by == "省司法厅"


@pytest.mark.parametrize("sentence", ["会议研究了有关事项。", "告知大家做出承诺。", "三项工作制度健全。"])
def test_practice_nothing_found(nlp, sentence):
    assert extract_text(sentence, nlp).practices == ()


def test_practice_offsets_point_at_the_text(nlp):
    text = "一是全面推行证明事项告知承诺制,二是发放全市首批电子印章。"
    for p in extract_text(text, nlp).practices:
        assert text[p.start:p.end] == p.text
        assert text[p.sentence_start:p.sentence_end].find(p.text) >= 0


def test_taxonomy_new_synonym_found_without_code_change(tmp_path, monkeypatch):
    real = (ONTOLOGY / "practices.ttl").read_text(encoding="utf-8")
    extra = """
fzp:zz-cloud-meeting a skos:Concept, fz:Practice ; skos:inScheme fzp:scheme ; skos:broader fzp:area-digital ;
    skos:prefLabel "法治护航直通车服务"@zh, "rule-of-law express service"@en ; skos:altLabel "法治直通车"@zh ;
    skos:definition "A made-up practice used only by this test."@en .
"""
    folder = _ontology_copy(tmp_path, real + extra)
    text = "在全市率先推出“法治直通车”服务模式。"
    before = build_pipeline()
    assert "zz-cloud-meeting" not in [p.slug for p in extract_text(text, before).practices]
    monkeypatch.setenv("FZGRAPH_ONTOLOGY", str(folder))
    found = extract_text(text, build_pipeline()).practices
    assert [(p.slug, p.status) for p in found if p.slug == "zz-cloud-meeting"] == [
        ("zz-cloud-meeting", "first_in_region")]
    assert found[0].text == "法治直通车"


@pytest.fixture(scope="module")
def real():
    """The pipeline on the real ontology folder (the mini taxonomy fixture may be active)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FZGRAPH_ONTOLOGY", str(ONTOLOGY))
        yield build_pipeline()


def test_practice_not_inside_body_role_or_title_name(real):
    # 人民调解 names a practice, but not inside 人民调解员 / 人民调解委员会 / …条例
    found = extract_text(nlp=real, text="整合人民调解、行政调解资源。").practices
    assert [p.text for p in found] == ["人民调解", "行政调解"]
    assert extract_text(nlp=real, text="全区人民调解员381名,设立人民调解委员会。").practices == ()
    found = extract_text(nlp=real, text="深入实施优化营商环境条例,深化优化营商环境改革。").practices
    assert [p.text for p in found] == ["优化营商环境改革"]


def test_practice_counted_persons_are_a_role(real):
    assert extract_text(nlp=real, text="每个行政村培养3名“法律明白人”。").practices == ()
    assert extract_text(nlp=real, text="深入实施“法律明白人”培育工程。").practices


def test_practice_strict_label_closing_a_list_with_follower(real):
    found = [p.text for p in extract_text(nlp=real, text="推行调解和解、公开听证等办案模式。").practices]
    assert found == ["调解和解", "公开听证"]
    assert extract_text(nlp=real, text="组织公开听证3场。").practices == ()


def _named(real, sentence):
    return [(c.text, c.status) for c in extract_text(nlp=real, text=sentence).candidates if c.reason == "named"]


def test_named_candidate_head_after_quote(real):
    assert _named(real, "按照“1+2+N”模式,整合资源。") == [("1+2+N", "implemented")]
    assert _named(real, "要求开展“百日攻坚”专项行动。") == [("百日攻坚", "implemented")]
    assert _named(real, "促进“纺城笛扬哨”智慧监管平台建设。") == [("纺城笛扬哨", "implemented")]
    assert _named(real, "下一步,推广“云上调解”模式。") == [("云上调解", "planned")]


def test_named_candidate_head_inside_or_run(real):
    assert _named(real, "探索总结“怡园法治经验”。") == [("怡园法治经验", "implemented")]
    assert _named(real, "组织开展“服务大局普法行”“防控疫情·法治同行”等专项法治宣传活动。") == [
        ("服务大局普法行", "implemented"), ("防控疫情·法治同行", "implemented")]
    assert _named(real, "开展“以案释法”“开学第一课”等活动。") == [("开学第一课", "implemented")]


def test_named_candidate_not_for_slogans(real):
    for sentence in ("抓住领导干部“关键少数”,坚持依法决策。", "打通服务群众“最后一公里”。",
                     "按照“谁主管、谁负责”的原则推进。", "落实“完善基层社会治理体系”的要求。",
                     "编制“十四五”规划。"):
        assert _named(real, sentence) == [], sentence


def test_practice_fragment_sharing_a_head_in_a_list(real):
    # 行政复议制度、应诉工作: the head 行政 carries over, 应诉 names 行政应诉
    found = extract_text(nlp=real, text="做好行政复议制度、应诉工作。").practices
    assert [(p.text, p.slug) for p in found] == [
        ("行政复议制度", "administrative-reconsideration"), ("应诉", "administrative-litigation-response")]


def test_practice_fragment_sharing_a_tail_in_a_list(real):
    # 人大、政协民主监督: the tail 监督 carries over, 人大 names 人大监督
    found = extract_text(nlp=real, text="自觉接受人大、政协民主监督。").practices
    assert [(p.text, p.slug) for p in found] == [("人大", "congress-oversight"), ("政协民主监督", "cppcc-oversight")]


@pytest.mark.parametrize(("sentence", "fragment"), [("加强行政复议、应急管理工作。", "应急管理"),
                                                   ("做好政务公开、审批工作。", "审批"),
                                                   # the fragment repeats the name's head: two things
                                                   ("开展行政执法及执法监督工作。", "行政执法")])
def test_practice_fragment_only_when_the_joined_name_is_a_label(real, sentence, fragment):
    # 行政应急管理 / 政务审批 are no labels: the fragment after the joiner stays unread
    found = [p.text for p in extract_text(nlp=real, text=sentence).practices]
    assert found and fragment not in found


def test_practice_name_counting_things_is_not_a_mention(nlp):
    # a number and a measure word of things right after a name: facilities, meetings, persons
    assert extract_text("全县建成电子印章3处、首违不罚10个。", nlp).practices == ()
    # a name listed right before a counted one counts things too
    assert extract_text("现有专家论证、电子印章1处。", nlp).practices == ()
    # cases, times and sessions count work done, and a count in the next clause is not the name's:
    # the practice stays
    assert [p.text for p in extract_text("办理首违不罚案件11件,推行告知承诺制3次。", nlp).practices] == [
        "首违不罚", "告知承诺制"]
    assert [p.text for p in extract_text("开展专家论证57场次,推行告知承诺制,5486户受益。", nlp).practices] == [
        "专家论证", "告知承诺制"]


def test_practice_goal_or_account_name_needs_a_follower(real):
    # a concept's prefLabel repeated as a strict label: on its own a goal, with a follower a practice
    assert extract_text(nlp=real, text="围绕优化营商环境的需求开展清理。").practices == ()
    assert [p.text for p in extract_text(nlp=real, text="深化优化营商环境改革。").practices] == ["优化营商环境改革"]
    assert extract_text(nlp=real, text="政务微博粉丝数位居全市第一。").practices == ()


def test_named_candidate_set_up_by_a_verb(real):
    # an establishing verb, then a noun phrase ending in a head: the phrase without the verb
    assert _named(real, "建立知识产权大数据平台,免费为企业服务。") == [("知识产权大数据平台", "implemented")]
    assert _named(real, "健全完善行业协会商会收费长效监管机制。") == [("行业协会商会收费长效监管机制", "implemented")]
    assert _named(real, "下一步,建立健全瞭望哨体系。") == [("瞭望哨体系", "planned")]
    # the name runs on through a second head
    assert _named(real, "探索建立基层治理协同制度体系。") == [("基层治理协同制度体系", "implemented")]
    # the name follows the last 的 of the phrase
    assert _named(real, "推进以态势感知和智能算法为核心的智能运维模式。") == [("智能运维模式", "implemented")]


@pytest.mark.parametrize("sentence", [
    "完善配套制度。", "打造五大平台。", "为各单位搭建宣传平台。", "国务院关于完善产权保护制度依法保护产权的意见。",
    "完善依法行政制度体系。", "把推进落实情况列为区委深化改革重点。", "全面推行行政执法三项制度。",
    "健全行政执法体制机制。", "打造具有特色和辨识度的法治改革成果。"])
def test_named_candidate_not_for_generic_or_clause_phrases(real, sentence):
    assert _named(real, sentence) == [], sentence


def test_practice_name_inside_a_body_name_is_not_a_mention(real):
    # 综合行政执法 names the reform, but not as the head of a bureau's or a brigade's name
    found = extract_text(nlp=real, text="综合行政执法事项占整体执法事项20%。").practices
    assert [p.text for p in found] == ["综合行政执法"]
    assert extract_text(nlp=real, text="区综合行政执法局、综合行政执法大队联合检查。").practices == ()


def test_named_candidate_listed_after_a_named_one(real):
    # a list holds names of one kind: a phrase ending in a head right after a named practice
    assert _named(real, "促进“纺城笛扬哨”智慧监管平台与民生直通车平台的深度融合。") == [
        ("纺城笛扬哨", "implemented"), ("民生直通车平台", "implemented")]
    assert _named(real, "建立健全瞭望哨体系、舆情风险会商研判机制等。") == [
        ("瞭望哨体系", "implemented"), ("舆情风险会商研判机制", "implemented")]
    # after a plain quoted term or a mere word, a list item is no name
    assert _named(real, "组织“关键少数”、领导干部学习平台。") == []


def test_named_candidate_not_for_a_media_channel(real):
    assert _named(real, "在日报、“柯桥发布”等区级全媒体平台刊发报道。") == []


def test_practice_name_that_says_it_is_a_pilot(real):
    found = extract_text(nlp=real, text="开展镇街法治化综合改革试点,打造法治小镇。").practices
    assert (found[0].text, found[0].status) == ("镇街法治化综合改革试点", "piloted")


def test_practice_name_before_risk_is_not_a_mention(real):
    # 复议风险: the risk of being challenged, not reconsideration work
    assert extract_text(nlp=real, text="大大降低了诉讼、复议风险。").practices == ()
    assert [p.text for p in extract_text(nlp=real, text="做好复议工作。").practices] == ["复议"]


def test_named_candidate_quoted_mode_of_work(real):
    assert _named(real, "采取“线上+线下”的方式,为群众服务。") == [("线上+线下", "implemented")]
