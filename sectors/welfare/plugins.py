"""Welfare's plug-ins for the shared recommendation pipeline (:mod:`shared.recsys.pipeline`).

- candidates: every service of the catalogue, for every household asked about;
- hard rules: the eligibility engine (:class:`~sectors.welfare.eligibility.EligibilityEngine`),
  three-valued: a pair passes when the household is eligible *or* the data cannot decide
  ("needs review"); it fails only when a stated fact rules it out. The rule's reasons name the
  conditions met and those still to review, in Korean and English;
- features: the household, service and pair features of :mod:`sectors.welfare.ranking` (the same
  code the ranker is trained on);
- words: the feature labels of :mod:`sectors.welfare.ranking`;
- extras: the service name, its yearly value, whether the household is eligible (True) or needs
  review (None), the undecided conditions, the quoted source sentences and, for a national
  programme, its legal basis and the threshold that applied.

Example:
    >>> from sectors.welfare.demo import toy_catalogue
    >>> from sectors.welfare.eligibility import EligibilityEngine
    >>> from sectors.welfare.ranking import service_features
    >>> cat = toy_catalogue()
    >>> plugins = WelfarePlugins(EligibilityEngine(cat, 2025), service_features(cat, 2025),
    ...                          {"h1": {"region": "서울특별시 관악구", "income_recognized_krw": 800_000,
    ...                                  "members": [{"age": 70}]}})
    >>> pairs = plugins.candidates(["h1"])
    >>> outcome = plugins.rules(["h1"], pairs)
    >>> sorted(pairs.loc[outcome.passed, "item_id"])[:2], outcome.reasons_en[0][:1]
    (['TOY0001', 'TOY0004'], ['met: 65 years or older'])
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from sectors.welfare.eligibility import EligibilityEngine, facts_from_household, validate_household
from sectors.welfare.ranking import (
    FEATURE_LABELS_EN,
    FEATURE_LABELS_KO,
    FEATURES,
    household_features,
    pair_features,
)
from sectors.welfare.rules.programmes import CheckResult, programme_for
from shared.recsys.pipeline import Plugins, RuleOutcome
from shared.rules import FALSE, TRUE, UNKNOWN, from_code

#: Features that are yes/no (1/0): said as the label, or as "not ..." ("... 아님").
FLAG_FEATURES = frozenset(
    {
        "cash",
        "monthly",
        "means_tested",
        "value_imputed",
        "is_local",
        "disability_match",
        "child_match",
        "elderly_match",
        "targets_elderly",
        "targets_children",
        "targets_disability",
        "single_parent",
        "recipient_any",
    }
)

STATUS_WORDS = {
    "ko": {int(TRUE): "충족", int(FALSE): "미충족", int(UNKNOWN): "검토 필요"},
    "en": {int(TRUE): "met", int(FALSE): "not met", int(UNKNOWN): "needs review"},
}


def _quote(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return f"«{text if len(text) <= limit else text[: limit - 1] + '…'}»"


class WelfarePlugins(Plugins):
    """The welfare sector's candidates, eligibility rules, features, words and extras for ``households``.

    ``households`` maps an id (the ranked list's ``entity_id``) to a household dict (see
    :func:`sectors.welfare.matcher.match`); each is validated (bad input raises DataError) and
    evaluated once, when the plug-ins are made. ``services`` is the service feature table of the
    engine's year (:func:`sectors.welfare.ranking.service_features`); ``lang`` chooses the language
    of the extras' texts (the reasons come in both).
    """

    words = {f: (FEATURE_LABELS_KO.get(f, f), FEATURE_LABELS_EN.get(f, f)) for f in FEATURES}

    def __init__(
        self,
        engine: EligibilityEngine,
        services: pd.DataFrame,
        households: Mapping[str, Mapping[str, Any]],
        *,
        lang: str = "ko",
    ) -> None:
        self.engine = engine
        self.services = services
        self.lang = lang
        self.ids = [str(k) for k in households]
        self.clean = [validate_household(h) for h in households.values()]
        self.facts = [facts_from_household(h) for h in households.values()]
        n_services = len(engine.catalogue)
        self.codes = (
            np.vstack([engine.evaluate(f) for f in self.facts])
            if self.facts
            else np.zeros((0, n_services), dtype=np.int8)
        )
        self.household_table = (
            pd.concat(
                [household_features(f, engine.year, self.codes[i : i + 1]) for i, f in enumerate(self.facts)],
                ignore_index=True,
            )
            if self.facts
            else pd.DataFrame()
        )
        self._explained: dict[tuple[int, int], list[tuple[Any, int]]] = {}

    # ----------------------------------------------------------------- plug-ins
    def candidates(self, entities: Any) -> pd.DataFrame:
        """Every service of the catalogue for each household in ``entities`` (ids; all when None)."""
        wanted = self.ids if entities is None else [str(e) for e in entities]
        index = {e: i for i, e in enumerate(self.ids)}
        rows = np.repeat([index[e] for e in wanted], len(self.engine.catalogue)).astype(int)
        cols = np.tile(np.arange(len(self.engine.catalogue)), len(wanted))
        ids = np.asarray(self.engine.catalogue.ids, dtype=object)
        return pd.DataFrame(
            {
                "entity_id": np.asarray(self.ids, dtype=object)[rows],
                "item_id": ids[cols],
                "row": rows,
                "col": cols,
            }
        )

    def rules(self, entities: Any, pairs: pd.DataFrame) -> RuleOutcome:
        """The eligibility engine: eligible or needs-review pairs pass; reasons name what was met / is unknown."""
        codes = self.codes[pairs["row"].to_numpy(), pairs["col"].to_numpy()]
        passed = codes != FALSE
        ko: list[list[str]] = []
        en: list[list[str]] = []
        for r, c, ok in zip(pairs["row"], pairs["col"], passed, strict=True):
            if not ok:
                ko.append([])
                en.append([])
                continue
            shown = [(cond, k) for cond, k in self.explained(int(r), int(c)) if k != int(FALSE)]
            ko.append([f"{STATUS_WORDS['ko'][k]}: {cond.describe('ko')}" for cond, k in shown])
            en.append([f"{STATUS_WORDS['en'][k]}: {cond.describe('en')}" for cond, k in shown])
            if not shown:
                ko[-1].append("조건을 찾지 못함(검토 필요)")
                en[-1].append("no condition found (needs review)")
        return RuleOutcome(passed, ko, en)

    def features(self, entities: Any, pairs: pd.DataFrame) -> pd.DataFrame:
        """Household, service and pair features (:func:`sectors.welfare.ranking.pair_features`)."""
        return pair_features(
            self.household_table, self.services, pairs["row"].to_numpy(), pairs["col"].to_numpy()
        )

    def extras(self, entities: Any, pairs: pd.DataFrame) -> pd.DataFrame:
        """Service name and value, eligibility, unknown conditions, quoted reasons, programme rule and threshold."""
        records = [self.service_row(int(r), int(c)) for r, c in zip(pairs["row"], pairs["col"], strict=True)]
        frame = pd.DataFrame.from_records(records, columns=EXTRA_COLUMNS)
        frame["eligible"] = frame["eligible"].astype(object)
        return frame

    def reason_text(self, feature: str, value: Any, lang: str) -> str | None:
        """A feature and its value in words ("급여액 연 4,017,720원", "장애인 대상 사업 아님"); a missing value
        (no income line, no age limit) and a bare category code are left out."""
        if isinstance(value, (float, np.floating)) and np.isnan(value):
            return None
        if feature == "category_code":
            return None
        ko, en = self.words.get(feature, (feature, feature))
        label = ko if lang == "ko" else en
        v = float(value)
        if feature in FLAG_FEATURES:
            return label if v >= 0.5 else (f"{label} 아님" if lang == "ko" else f"not {label}")
        if feature == "log_value":
            won = round(10**v, -1)
            return f"{label} 연 {won:,.0f}원" if lang == "ko" else f"{label} {won:,.0f} KRW a year"
        if feature == "popularity":
            return f"{label} {v:.0%}"
        if feature == "income_ratio":
            return f"{label} (중위소득의 {v:.0%})" if lang == "ko" else f"{label} ({v:.0%} of the median)"
        if feature == "median_pct":
            return f"{label} (중위 {v:.0f}%)" if lang == "ko" else f"{label} ({v:.0f}% of the median)"
        if feature == "max_disability":
            level = int(round(v))
            words = (("없음", "none"), ("경증", "mild"), ("중증", "severe"))[min(max(level, 0), 2)]
            return f"{label}: {words[0] if lang == 'ko' else words[1]}"
        if feature in ("eldest_age", "min_age", "max_age"):
            return f"{label} {v:.0f}세" if lang == "ko" else f"{label} {v:.0f}"
        if float(v).is_integer():
            return f"{label} ({v:.0f})"
        return super().reason_text(feature, value, lang)

    # ----------------------------------------------------------------- explanations
    def explained(self, row: int, col: int) -> list[tuple[Any, int]]:
        """Each condition of service ``col`` with its own code for household ``row`` (cached)."""
        key = (row, col)
        if key not in self._explained:
            self._explained[key] = self.engine.explain(self.facts[row], col)
        return self._explained[key]

    def service_row(self, row: int, col: int) -> dict[str, Any]:
        """Everything shown about one (household, service) pair, in the plug-ins' language."""
        lang = self.lang
        services = self.engine.catalogue.services
        sid = self.engine.catalogue.ids[col]
        explained = self.explained(row, col)
        code = int(self.codes[row, col])
        words = STATUS_WORDS["ko" if lang == "ko" else "en"]
        if code == int(TRUE):
            shown = [(c, k) for c, k in explained if k == int(TRUE)]
        elif code == int(UNKNOWN):
            shown = [(c, k) for c, k in explained if k != int(FALSE)]
        else:
            shown = [(c, k) for c, k in explained if k == int(FALSE)]
        why = "; ".join(f"{words[k]}: {c.describe(lang)} {_quote(c.source)}" for c, k in shown)
        if not explained:
            why = "조건을 찾지 못함(검토 필요)" if lang == "ko" else "no condition found (needs review)"
        prog = programme_for(sid, self.engine.year)
        readings = [c.describe(lang) for c, _ in explained if isinstance(c, CheckResult)]
        receives = set(self.clean[row]["receives"])
        name = str(services["service"].iat[col])
        return {
            "service": name,
            "eligible": from_code(code),
            "value_krw_year": float(services["benefit_krw_year"].iat[col]),
            "received": sid in receives or name in receives,
            "unknown_conditions": [c.describe(lang) for c, k in explained if k == int(UNKNOWN)],
            "why": why,
            "conditions": [
                {
                    "kind": c.kind,
                    "reading": c.describe(lang),
                    "status": from_code(k),
                    "source": c.source,
                    "field": c.field,
                }
                for c, k in explained
            ],
            "rule": None
            if prog is None
            else f"{prog.name_ko if lang == 'ko' else prog.name_en} ({prog.source})",
            "threshold": "; ".join(readings) if readings else None,
        }


#: The sector columns of welfare's ranked list, after the schema's own (see :meth:`WelfarePlugins.service_row`).
EXTRA_COLUMNS = [
    "service",
    "eligible",
    "value_krw_year",
    "received",
    "unknown_conditions",
    "why",
    "conditions",
    "rule",
    "threshold",
]
