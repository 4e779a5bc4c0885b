"""The legal basis or an honest none: the floor, the labelled complaints, the bundled corpus."""

import pytest

from shared.llm import CivilAffairsAssistant, Document, Retriever
from shared.llm.act_names import ActNames, act_names
from shared.llm.citations import check_citations
from shared.llm.corpus import corpus_retriever, example_complaints
from shared.llm.grounding import (
    FEATURES,
    FLOOR,
    Candidate,
    best_candidate,
    expanded,
    ground,
    law_kind,
    logistic,
)
from shared.llm.grounding_eval import (
    DEV_FILE,
    Scored,
    act_key,
    corpus_laws,
    cross_validated,
    development_complaints,
    grounding_metrics,
    held_out,
    score_rows,
    split,
)

SWING = "아파트 단지 놀이터의 그네 줄이 끊어져 아이가 다칠 뻔했습니다. 미끄럼틀도 녹이 슬었습니다. 빨리 고쳐 주세요."


@pytest.fixture(scope="module")
def bundled():
    return corpus_retriever()


def test_the_labelled_set_is_balanced_and_split_by_hash():
    rows = development_complaints()
    assert len(rows) >= 60 and len({r.id for r in rows}) == len(rows)
    assert sum(r.lang == "en" for r in rows) >= 5
    calibration, held = split(rows)
    assert held and calibration and all(held_out(r.id) for r in held)
    assert not {r.id for r in held} & {r.id for r in calibration}


POTHOLE = "우리 집 앞 도로에 큰 포트홀이 생겨 차량 바퀴가 파손되었습니다. 도로 보수를 요청합니다."
SEWER = "여름만 되면 집 앞 하수구에서 악취가 심하게 올라옵니다. 하수관로를 청소해 주세요."


def test_the_swing_complaint_is_grounded_on_the_play_facility_act(bundled):
    """The issue's example: once 어린이놀이시설 안전관리법 is bundled, the swing gets it, not 도로교통법 제49조."""
    case = CivilAffairsAssistant(bundled).handle(SWING)
    assert case.grounded
    assert {h.meta["law"] for h in case.legal_basis} == {"어린이놀이시설 안전관리법"}
    assert "도로교통법" not in case.draft.text
    check_citations(case.draft.sections, case.draft.sources)


def test_a_pothole_complaint_is_grounded_on_the_road_act_now_that_it_is_bundled(bundled):
    """도로법 was not bundled before and the pothole got an honest none; now it is grounded on 도로법."""
    case = CivilAffairsAssistant(bundled).handle(POTHOLE)
    assert case.grounded and case.grounding.act == "도로법"
    assert {h.meta["law"] for h in case.legal_basis} == {"도로법"}
    check_citations(case.draft.sections, case.draft.sources)


def test_the_demo_pothole_on_a_school_route_is_not_grounded_on_the_road_traffic_act(bundled):
    """초등학교 통학로 once matched 도로교통법's name across the words (학교+통학로 -> 교통) and grounded the
    demo pothole on its tram-lane article; names are matched within words, and the statutes' words added
    to the search (도로의 파손 보수) are added, never substituted."""
    text = next(e["text"] for e in example_complaints() if e["id"] == "pothole")
    case = CivilAffairsAssistant(bundled).handle(text)
    assert case.grounding.act in ("", "도로법")
    query, search = expanded("집 앞 도로에 포트홀이 생겼습니다")
    assert query.startswith("집 앞 도로에 포트홀이 생겼습니다") and "도로의 파손 보수" in search


def test_a_sewer_complaint_is_not_grounded_and_the_draft_says_so(bundled):
    """하수도법 is not bundled: an honest none that names the kind of law to check, never an invented act."""
    case = CivilAffairsAssistant(bundled).handle(SEWER)
    assert case.grounded is False and case.legal_basis == []
    basis = case.draft.section("legal_basis").text
    assert "찾지 못하였습니다" in basis and "하수도" in basis
    assert "「" not in basis  # no act named as its basis
    check_citations(case.draft.sections, case.draft.sources)


def test_a_disclosure_complaint_is_grounded_on_the_disclosure_act(bundled):
    case = CivilAffairsAssistant(bundled).handle(
        "정보공개를 청구했는데 비공개 결정을 받았습니다. 이의신청을 하려고 하는데 기간과 방법을 알려 주세요."
    )
    assert case.grounded
    assert {h.meta["law"] for h in case.legal_basis} == {"공공기관의 정보공개에 관한 법률"}
    assert case.grounding.score >= FLOOR


def test_held_out_metrics(bundled):
    """The shipped weights on the held-out third (never fitted on, never used to choose the features).
    Measured: recall 27 of 28, precision 27 of 27, false grounding 0 of 12, so the issue's targets
    (0.85 / 0.85 / 0.10) hold with room for a complaint or two either way; cross-validation over all
    117 is in `civic bench llm`."""
    rows = [r for r in development_complaints() if held_out(r.id)]
    metrics = grounding_metrics(score_rows(bundled, rows))
    assert metrics["governed_in_corpus"] >= 25 and metrics["not_in_corpus"] >= 10
    assert metrics["basis_recall"] >= 0.85
    assert metrics["basis_precision"] >= 0.85
    assert metrics["false_grounding"] <= 0.10


CARD = "올해 연말정산에서 신용카드 소득공제가 빠졌습니다. 신용카드 사용금액 소득공제 한도가 얼마인지 알려 주세요."


def test_a_card_deduction_question_is_grounded_on_the_special_taxation_article(bundled):
    """소득세법 has twenty year-end-settlement articles, 조세특례제한법 two: the best article's act is chosen."""
    case = CivilAffairsAssistant(bundled).handle(CARD)
    assert case.grounded and case.grounding.act == "조세특례제한법"
    assert [h.meta["article"] for h in case.legal_basis][0] == "제126조의2"
    assert {h.meta["law"] for h in case.legal_basis} == {"조세특례제한법"}
    basis = case.draft.section("legal_basis").text
    assert "「조세특례제한법」 제126조의2" in basis and "소득세법" not in basis
    check_citations(case.draft.sections, case.draft.sources)


def test_the_most_probable_candidate_is_chosen():
    def cand(act, value):
        return Candidate(act, dict.fromkeys(FEATURES, value) | {"name_other": 0.0}, ())

    best, p = best_candidate([cand("가법", 0.2), cand("나법", 0.9), cand("다법", 0.5)])
    assert best.act == "나법" and p == max(logistic(c.features) for c in [cand("나법", 0.9)])
    assert best_candidate([]) == (None, 0.0)


def test_the_corpus_names_the_acts_it_cites_but_does_not_hold(bundled):
    """The act directory comes from the articles' 「」 citations: 국민건강보험법 is named, not bundled."""
    names = act_names(bundled)
    assert "국민건강보험법" in names.grams and "국민건강보험법" not in names.bundled
    assert {"도로법", "국민연금법", "주차장법"} <= names.bundled
    act, share = names.best_elsewhere("퇴직 후 건강보험료가 크게 올랐습니다")
    assert act == "국민건강보험법" and share > 0.5
    assert names.match("주차장법", "공영주차장 요금이 올랐습니다") == 1.0


def test_name_weights_count_rare_name_words_more():
    names = ActNames.of(["도로교통법", "도로법"], ["유료도로법", "학원의 설립ㆍ운영 및 과외교습에 관한 법률"])
    assert names.match("학원의 설립·운영 및 과외교습에 관한 법률", "학원 교습 시간") > 0.3
    assert names.weight["도로"] < names.weight["학원"]  # 도로 is in three names, 학원 in one


def test_the_labelled_tax_complaints_pin_the_act_choice(bundled):
    """Every labelled complaint on a bundled tax act is scored on the act the labeller gave."""
    rows = [r for r in development_complaints() if r.act in {"조세특례제한법", "소득세법"}]
    assert {r.act for r in rows} == {"조세특례제한법", "소득세법"} and len(rows) >= 6
    for s in score_rows(bundled, rows):
        assert best_candidate(list(s.candidates))[0].act == s.gold, s.id


def _scored(i: int, good: bool, in_corpus: bool = True) -> Scored:
    value = 0.8 if good else 0.1
    gold = "가법" if in_corpus else "없는법"
    right = Candidate("가법", dict.fromkeys(FEATURES, value + 0.01 * (i % 5)), ())
    other = Candidate("나법", dict.fromkeys(FEATURES, 0.05), ())
    return Scored(f"c{i}", gold, in_corpus, (right, other))


def test_cross_validation_reports_mean_and_spread_over_shuffles():
    rows = [_scored(i, good=i % 2 == 0, in_corpus=i % 2 == 0) for i in range(40)]
    cv = cross_validated(rows, c=3.0, shuffles=4)
    assert cv["complaints"] == 40 and cv["governed_in_corpus"] == cv["not_in_corpus"] == 20
    assert cv["basis_recall"] == 1.0 and cv["false_grounding"] == 0.0
    assert cv["basis_recall_sd"] == 0.0 and "false_grounding_sd" in cv


def test_the_labelled_set_readme_states_the_counts(bundled):
    """The README of the labelled set says how many complaints, languages and in-corpus labels it holds."""
    rows = development_complaints()
    readme = (DEV_FILE.parent / "README.md").read_text(encoding="utf-8")
    inside = sum(act_key(r.act) in corpus_laws(bundled) for r in rows)
    assert f"{len(rows)} short complaints" in readme
    assert f"`ko` ({sum(r.lang == 'ko' for r in rows)})" in readme
    assert f"`en` ({sum(r.lang == 'en' for r in rows)})" in readme
    assert f"{inside} are governed by one of the" in readme
    assert f"{len(rows) - inside} by acts that are not bundled" in readme


def test_the_floor_is_a_score_property_so_a_new_act_is_found(bundled):
    """A corpus that holds a play-facility act grounds the swing complaint on it, with no change to the code."""
    law = "어린이놀이시설 안전관리법"
    others = [d for d in bundled.docs_ if d.meta.get("type") == "statute"][::6]
    docs = others + [
        Document(
            "play/12",
            f"{law} 제12조 (정기시설검사)",
            "① 관리주체는 설치된 어린이놀이시설의 기능 및 안전성 유지를 위하여 정기시설검사를 받아야 한다.\n"
            "② 관리주체는 놀이터의 그네, 미끄럼틀 등 놀이기구의 줄이 끊어지거나 녹이 슬어 아이가 다칠 우려가 "
            "있으면 이를 고치고 안전점검을 하여야 한다.",
            {
                "type": "statute",
                "law": law,
                "article": "제12조",
                "heading": "어린이놀이시설 놀이기구의 안전점검",
            },
        ),
        Document(
            "play/15",
            f"{law} 제15조 (안전점검)",
            "관리주체는 어린이놀이시설의 그네, 미끄럼틀 등 놀이기구에 대하여 월 1회 이상 안전점검을 하여야 한다.",
            {"type": "statute", "law": law, "article": "제15조", "heading": "놀이터 안전점검"},
        ),
    ]
    g = ground(Retriever.from_documents(docs), SWING)
    assert g.grounded and g.act == law


def test_law_kind_names_a_field_never_an_act():
    ko, en = law_kind("공영주차장 요금이 올랐습니다")
    assert "주차장" in ko and "「" not in ko and "car parks" in en
    assert "조례" in law_kind("알 수 없는 사안", ("사안",))[0]
    # a leash complaint on a walking path is about animals, not parks
    assert law_kind("산책로에서 목줄을 하지 않은 큰 개가 아이에게 달려들었습니다")[0].startswith("동물 보호")


@pytest.mark.parametrize("feature", [f for f in FEATURES if f != "name_other"])
def test_the_score_rises_with_each_feature_and_falls_when_another_act_is_named(feature):
    low = dict.fromkeys(FEATURES, 0.1)
    assert logistic({**low, feature: 0.9}) > logistic(low)
    assert logistic({**low, "name_other": 0.9}) < logistic(low)


def test_english_complaints_are_searched_through_korean_words(bundled):
    g = ground(
        bundled,
        "I filed an information disclosure request three weeks ago. How long may the agency take to decide?",
    )
    assert g.candidates and g.candidates[0].meta["law"] == "공공기관의 정보공개에 관한 법률"
