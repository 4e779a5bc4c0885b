"""Explain one recommended product from the product's own terms, through the shared LLM service layer.

Each product of the catalogue has a terms document (:func:`terms_documents`: its category, the ages it
is sold to, its channels, the products it needs first, its description), and, when FSS finlife
disclosures are given, each listed deposit is a document too (its rates, who may join, its preferential
conditions). :func:`explain` retrieves the product's terms (and, for a term deposit, the best-rate
disclosures of the matching term), then writes the explanation with :func:`shared.llm.service.write`:
redacted, every ``[n]`` a retrieved document, every rate, limit or age a number of those documents (or
of the customer's own profile and the model's reasons), one audit record per call. With a private
server configured (``CIVIC_LLM_URL``...) the server rewrites it under the same checks.

Example:
    >>> import tempfile
    >>> from shared.llm import AuditLog
    >>> rec = {"item_id": "ind_cno_fin_ult1", "rank": 1, "reasons_ko": ["나이 48세: 최소 가입 연령 18세 충족"],
    ...        "reasons_en": ["age 48 meets the minimum age 18"]}
    >>> note = explain(rec, {"age": 48}, audit=AuditLog(tempfile.mkdtemp() + "/a.jsonl"))
    >>> note.cited()[0].doc_id, "만 18세 이상" in note.body
    ('terms/ind_cno_fin_ult1', True)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from sectors.finance.catalogue import product_catalogue
from shared.llm import AuditLog, Document, Retriever
from shared.llm.service import Note, number_of, retrieve, unmarked, write

PURPOSE = "finance.explain"
HEADINGS = (
    ("product", "추천 상품", "Recommended product"),
    ("why", "추천 이유", "Why it is recommended"),
    ("terms", "가입 조건 (약관)", "Terms"),
)
CATEGORY = {
    "account": ("계좌", "account"),
    "credit": ("여신·보증", "credit"),
    "investment": ("투자", "investment"),
    "deposit": ("예금", "deposit"),
    "pension": ("연금", "pension"),
    "service": ("서비스", "service"),
    "card": ("카드", "card"),
}
CHANNEL = {"branch": ("영업점", "branch"), "online": ("온라인", "online"), "phone": ("전화", "phone")}
#: The finlife term (months) whose disclosures stand for each term-deposit product.
DEPOSIT_TERMS = {"ind_deco_fin_ult1": 6, "ind_deme_fin_ult1": 12, "ind_dela_fin_ult1": 36}
OFFERS_SHOWN = 2


def _age(value: Any) -> int | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else int(value)


def terms_documents(catalogue: pd.DataFrame | None = None) -> list[Document]:
    """One terms document per product (Korean, then English), id ``terms/<code>``.

    Example:
        >>> doc = terms_documents()[4]
        >>> doc.id, doc.text.splitlines()[1]
        ('terms/ind_cno_fin_ult1', '가입 연령: 만 18세 이상.')
    """
    cat = product_catalogue() if catalogue is None else catalogue
    names = cat["name_ko"].to_dict()
    names_en = cat["name_en"].to_dict()
    docs = []
    for code, row in cat.iterrows():
        lo, hi = _age(row["min_age"]), _age(row["max_age"])
        ages_ko = " ".join(p for p in (f"만 {lo}세 이상" if lo else "", f"만 {hi}세 이하" if hi else "") if p)
        ages_en = " and ".join(
            p for p in (f"{lo} or older" if lo else "", f"{hi} or younger" if hi else "") if p
        )
        channels = [c for c in str(row["channels"] or "").split("|") if c]
        required = [c for c in str(row["requires"] or "").split("|") if c]
        kind = CATEGORY.get(row["category"], (row["category"], row["category"]))
        text = "\n".join(
            [
                f"{row['name_ko']} 상품 약관 요약. 종류: {kind[0]}.",
                f"가입 연령: {ages_ko or '제한 없음'}.",
                "판매 채널: "
                + (", ".join(CHANNEL[c][0] for c in channels) if channels else "모든 채널")
                + ".",
                "먼저 가입해야 하는 상품: "
                + (" 또는 ".join(names[c] for c in required) + " 중 하나" if required else "없음")
                + ".",
                f"Terms of the {row['name_en']} ({kind[1]}). Ages: {ages_en or 'any'}. Channels: "
                + (", ".join(CHANNEL[c][1] for c in channels) if channels else "all")
                + ". Requires first: "
                + (" or ".join(names_en[c] for c in required) if required else "nothing")
                + f". About: {row['text']}.",
            ]
        )
        docs.append(
            Document(
                f"terms/{code}",
                f"{row['name_ko']} 약관 ({row['name_en']} terms)",
                text,
                {"type": "terms", "product": code, "category": row["category"]},
            )
        )
    return docs


def offer_documents(finlife: pd.DataFrame) -> list[Document]:
    """One document per finlife disclosure row (company, product, term): rates, who may join, conditions."""
    docs = []
    for row in finlife.to_dict("records"):
        term = int(row["save_trm"])
        text = (
            f"{row['kor_co_nm']} {row['fin_prdt_nm']} ({term}개월, {row.get('intr_rate_type_nm') or ''}): "
            f"기본금리 연 {float(row['intr_rate']):.2f}%, 최고 우대금리 연 {float(row['intr_rate2']):.2f}%. "
            f"가입 대상: {row.get('join_member') or '-'}. 우대 조건: {row.get('spcl_cnd') or '-'}. "
            f"공시 {row.get('dcls_month') or ''}, 금융감독원 금융상품 한눈에."
        )
        docs.append(
            Document(
                f"finlife/{row['kind']}/{row['fin_co_no']}/{row['fin_prdt_cd']}/{term}",
                f"{row['kor_co_nm']} {row['fin_prdt_nm']} {term}개월 공시",
                text,
                {"type": "disclosure", "kind": row["kind"], "term": term, "rate2": float(row["intr_rate2"])},
            )
        )
    return docs


_RETRIEVERS: dict[tuple, Retriever] = {}


def terms_retriever(catalogue: pd.DataFrame | None = None, finlife: pd.DataFrame | None = None) -> Retriever:
    """The terms (and disclosures) corpus, built once per process for the same tables."""
    key = tuple(
        None if t is None else int(pd.util.hash_pandas_object(t.astype(str)).sum())
        for t in (catalogue, finlife)
    )
    if key not in _RETRIEVERS:
        docs = terms_documents(catalogue)
        if finlife is not None and len(finlife):
            docs += offer_documents(finlife)
        _RETRIEVERS[key] = Retriever.from_documents(docs)
    return _RETRIEVERS[key]


def _sentences(values: Sequence[str]) -> str:
    return ", ".join(str(v) for v in values)


def explain(
    recommendation: Mapping[str, Any] | pd.Series,
    customer: Mapping[str, Any] | None = None,
    *,
    note: str = "",
    finlife: pd.DataFrame | None = None,
    catalogue: pd.DataFrame | None = None,
    lang: str = "ko",
    backend=None,
    audit: AuditLog | None = None,
    user: str | None = None,
) -> Note:
    """Explain the product in ``recommendation`` (a row of the ranked list) to the customer.

    ``customer`` may give ``age`` (checked against the terms); ``note`` is the adviser's free text (the
    customer's question), redacted before anything else and restated in the explanation; ``finlife``
    (FSS disclosures, :func:`sectors.finance.read_finlife_folder`) adds the best current rates for a
    term deposit. Numbers in the text come only from the retrieved terms and disclosures, the
    customer's profile and the model's reasons.
    """
    cat = product_catalogue() if catalogue is None else catalogue
    code = str(recommendation["item_id"])
    if code not in cat.index:
        raise KeyError(f"recommendation item_id {code!r} is not a product of the catalogue")
    product = cat.loc[code]
    ko = lang == "ko"
    name = product["name_ko"] if ko else product["name_en"]
    retriever = terms_retriever(catalogue, finlife)
    query = f"{product['name_ko']} {product['name_en']} 약관 가입 연령 채널 {product['text']}"
    sources = retrieve(retriever, query, k=1, keep=lambda h: h.meta.get("product") == code)
    if not sources:  # the product's own terms are always cited: search it by its id words
        sources = [h for h in retriever.search(query, k=len(retriever)) if h.doc_id == f"terms/{code}"]
    term = DEPOSIT_TERMS.get(code)
    if term is not None and finlife is not None:
        offers = retrieve(
            retriever,
            f"정기예금 {term}개월 기본금리 최고 우대금리 가입 대상",
            k=50,
            keep=lambda h: h.meta.get("kind") == "deposit" and h.meta.get("term") == term,
        )
        sources += sorted(offers, key=lambda h: -h.meta["rate2"])[:OFFERS_SHOWN]
    n = number_of(sources, f"terms/{code}")
    kind = CATEGORY.get(product["category"], (product["category"],) * 2)[0 if ko else 1]
    rank = recommendation.get("rank") if hasattr(recommendation, "get") else None
    facts = [str(rank or "")]
    if ko:
        texts = {
            "product": f"{name}({kind}) 상품을 {f'{rank}순위로 ' if rank else ''}추천합니다 [{n}].",
        }
    else:
        texts = {"product": f"We recommend the {name} ({kind}){f', ranked {rank}' if rank else ''} [{n}]."}
    reasons = [unmarked(str(r)) for r in recommendation.get(f"reasons_{lang}", []) or []]
    facts += [str(r) for r in reasons]
    why = _sentences(reasons) or ("모델이 제시한 근거가 없습니다" if ko else "the model gave no reason")
    if ko:
        texts["why"] = f"이 고객의 특성 가운데 추천에 반영된 것: {why}."
    else:
        texts["why"] = f"What in the customer's profile led to it: {why}."
    if note.strip():
        texts["why"] += (" 상담 내용: " if ko else " The customer asked: ") + " ".join(note.split())
        facts.append(note)
    lo, hi = _age(product["min_age"]), _age(product["max_age"])
    age = _age((customer or {}).get("age"))
    fits = age is not None and (lo is None or age >= lo) and (hi is None or age <= hi)
    channels = [c for c in str(product["channels"] or "").split("|") if c]
    if ko:
        bounds = " ".join(p for p in (f"만 {lo}세 이상" if lo else "", f"만 {hi}세 이하" if hi else "") if p)
        terms = f"약관상 가입 연령은 {bounds or '제한 없음'}입니다 [{n}]."
        if age is not None:
            terms += f" 고객님은 만 {age}세로 {'이 조건에 맞습니다' if fits else '이 조건에 맞지 않습니다'}."
        terms += (
            " 판매 채널: "
            + (", ".join(CHANNEL[c][0] for c in channels) if channels else "모든 채널")
            + f" [{n}]."
        )
    else:
        bounds = " and ".join(
            p for p in (f"{lo} or older" if lo else "", f"{hi} or younger" if hi else "") if p
        )
        terms = f"The terms sell it to customers aged {bounds or 'any age'} [{n}]."
        if age is not None:
            terms += f" The customer is {age}, so {'this is met' if fits else 'this is not met'}."
        terms += (
            " Channels: " + (", ".join(CHANNEL[c][1] for c in channels) if channels else "all") + f" [{n}]."
        )
    facts.append(str(age or ""))
    required = [c for c in str(product["requires"] or "").split("|") if c]
    if required:
        names = cat.loc[required, "name_ko" if ko else "name_en"].tolist()
        terms += (
            f" 먼저 {' 또는 '.join(names)} 중 하나가 있어야 합니다 [{n}]."
            if ko
            else f" It requires one of: {', '.join(names)} [{n}]."
        )
    for hit in sources[1:]:
        i = number_of(sources, hit.doc_id)
        terms += (
            f" 현재 공시 예: {hit.passage.strip()} [{i}]"
            if ko
            else f" Current disclosure (in Korean): “{hit.passage.strip()}” [{i}]"
        )
    texts["terms"] = terms
    return write(
        PURPOSE,
        texts,
        HEADINGS,
        sources,
        lang=lang,
        facts=facts,
        instruction="Explain to a bank customer why a product is recommended and on what terms.",
        backend=backend,
        audit=audit,
        user=user,
    )
