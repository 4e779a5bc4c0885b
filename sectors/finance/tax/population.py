"""A seeded population of households' settlement claims with planted errors, to measure the screen.

Households are couples who both earn (children claimed by one parent), siblings who both earn (parents
claimed by one sibling) or single earners. Errors are planted at ``error_rate`` each: a dependant with income
above the limit, a dependant outside the age limits, a dependant claimed by two earners, a card deduction
claimed above the law's. The truth for each planted error is the set of flags the law implies (a child of
8-20 who cannot be claimed also cannot earn the child credit, so ``ineligible_credit`` is expected too).

What makes the screen err here is what makes it err on real forms: dependant names are recorded on only part
of the forms, and sometimes as a kinship word ("어머니") rather than the name, so two siblings who claim
father and mother born in the same year look like one parent claimed twice, and two forms that name the same
mother differently look like two people.

Example:
    >>> profiles, truth = generate_population(20, seed=1)
    >>> len(profiles) >= 20, set(truth.columns) == {"profile", "flag"}
    (True, True)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sectors.finance.tax import rules
from sectors.finance.tax.params import tax_parameters
from sectors.finance.tax.screen import FLAGS, screen

SURNAMES = ("김", "이", "박", "최", "정")
GIVEN = ("영희", "철수", "민준", "서연", "지우", "하준", "순자", "영수")
KIN = {"father": "아버지", "mother": "어머니"}


def _earner(rng: np.random.Generator, year: int, household: str, name: str) -> dict:
    gross = int(np.clip(rng.lognormal(np.log(48e6), 0.45), 18e6, 160e6)) // 10_000 * 10_000
    spend = int(gross * rng.uniform(0.1, 0.5)) // 10_000 * 10_000
    credit = int(spend * rng.uniform(0.3, 0.9))
    rest = spend - credit
    card = {
        "credit": credit,
        "debit": int(rest * 0.6),
        "cash_receipt": int(rest * 0.2),
        "traditional_market": int(rest * 0.1),
        "public_transport": rest - int(rest * 0.6) - int(rest * 0.2) - int(rest * 0.1),
    }
    return {
        "gross_salary_krw": gross,
        "withheld_krw": int(gross * rng.uniform(0.02, 0.06)),
        "birth_year": int(rng.integers(year - 58, year - 30)),
        "national_pension_krw": int(min(gross, 70_000_000) * 0.045),
        "health_insurance_krw": int(gross * 0.04),
        "insurance_premiums_krw": int(rng.choice([0, 600_000, 1_200_000])),
        "medical_krw": int(rng.choice([0, 500_000, 3_000_000])),
        "card": card,
        "household": household,
        "name": name,
    }


def _label(rng: np.random.Generator, person: str, kin: str, record_rate: float) -> str | None:
    if rng.random() >= record_rate:
        return None
    return KIN[kin] if rng.random() < 0.3 else person


def generate_population(
    n_households: int, *, year: int = 2025, error_rate: float = 0.12, name_rate: float = 0.6, seed: int = 0
) -> tuple[list[dict], pd.DataFrame]:
    """``n_households`` households' profiles and the planted errors (``profile``, ``flag``) the screen should find."""
    rng = np.random.default_rng(seed)
    p = tax_parameters(year)
    profiles: list[dict] = []
    truth: list[tuple[int, str]] = []

    def plant(i: int, *flags: str) -> None:
        truth.extend((i, f) for f in flags)

    for h in range(n_households):
        hid = f"h{h}"
        kind = rng.choice(["couple", "siblings", "single"], p=[0.45, 0.35, 0.2])
        surname = str(rng.choice(SURNAMES))
        n_earners = 1 if kind == "single" else 2
        start = len(profiles)
        for k in range(n_earners):
            profiles.append(_earner(rng, year, hid, f"{surname}{GIVEN[k]}"))
        first = profiles[start]
        if kind in ("couple", "single"):
            kids = []
            for c in range(int(rng.integers(0 if kind == "single" else 1, 4))):
                born = int(rng.integers(max(first["birth_year"] + 22, year - 19), year + 1))
                kids.append({"relation": "child", "birth_year": born, "name": f"{surname}아이{c}"})
            first["dependants"] = kids
            if kids and kind == "couple" and rng.random() < error_rate:  # both parents claim one child
                profiles[start + 1]["dependants"] = [dict(kids[int(rng.integers(len(kids)))])]
                plant(start + 1, "double_claim")
        else:
            profiles[start + 1]["birth_year"] = first["birth_year"] + int(
                rng.integers(1, 7)
            )  # a younger sibling
            parent_birth = int(rng.integers(first["birth_year"] - 38, first["birth_year"] - 22))
            parent_birth = min(parent_birth, year - 62)
            mother_birth = parent_birth if rng.random() < 0.1 else parent_birth + int(rng.integers(1, 5))
            father = {
                "relation": "parent",
                "birth_year": parent_birth,
                "income_krw": int(rng.choice([0, 600_000])),
            }
            mother = {
                "relation": "parent",
                "birth_year": min(mother_birth, year - 60, first["birth_year"] - 20),
                "income_krw": 0,
            }
            fa, mo = f"{surname}순철", f"박{GIVEN[int(rng.integers(len(GIVEN)))]}"
            first["dependants"] = [dict(father, name=_label(rng, fa, "father", name_rate))]
            second = profiles[start + 1]
            if rng.random() < error_rate:  # both siblings claim father
                second["dependants"] = [dict(father, name=_label(rng, fa, "father", name_rate))]
                plant(start + 1, "double_claim")
            else:
                second["dependants"] = [dict(mother, name=_label(rng, mo, "mother", name_rate))]
        for i in range(start, len(profiles)):
            prof = profiles[i]
            prof["dependants"] = [
                {k: v for k, v in d.items() if v is not None} for d in prof.get("dependants", [])
            ]
            deps = prof["dependants"]
            if rng.random() < error_rate:  # a dependant above the income limit
                wage = bool(rng.random() < 0.5)
                income = int(
                    rng.integers(5_100_000, 30_000_000) if wage else rng.integers(1_100_000, 20_000_000)
                )
                if not deps:  # a working sibling aged 25-54: both the income and the age are wrong
                    d = {"relation": "sibling", "birth_year": year - int(rng.integers(25, 55))}
                    deps.append(d)
                    plant(i, "income_over_limit", "age_ineligible")
                else:
                    d = deps[0]
                    plant(i, "income_over_limit")
                    age = year - d["birth_year"]
                    if (d["relation"] == "child" and 8 <= age <= 20) or age >= p.value("personal_deduction")[
                        "elderly_age"
                    ]:
                        plant(i, "ineligible_credit")
                d["income_krw"] = income
                if wage:
                    d["wage_only"] = True
            elif deps and rng.random() < 0.15:  # innocent near-limit incomes
                d = deps[0]
                if d["relation"] == "child" and year - d["birth_year"] >= 15:
                    d.update(income_krw=int(rng.integers(3_000_000, 5_000_001)), wage_only=True)
                else:
                    d["income_krw"] = int(rng.integers(500_000, 1_000_001))
            if (
                rng.random() < error_rate
            ):  # an adult child (older earners) or a parent under 60 (younger ones)
                earner_age = year - prof["birth_year"]
                if earner_age >= 40:
                    deps.append(
                        {
                            "relation": "child",
                            "birth_year": year - int(rng.integers(21, 27)),
                            "name": "성인자녀",
                        }
                    )
                else:
                    born = int(rng.integers(max(year - 59, prof["birth_year"] - 30), prof["birth_year"] - 16))
                    deps.append({"relation": "parent", "birth_year": born, "name": "젊은부모"})
                plant(i, "age_ineligible")
            lawful = rules.card_deduction(prof["gross_salary_krw"], prof["card"], p)["deduction"]
            if rng.random() < error_rate and lawful < 6_000_000:
                gross_ded = rules.card_deduction(prof["gross_salary_krw"], prof["card"], p)["gross_deduction"]
                prof["claimed_card_deduction_krw"] = max(
                    gross_ded, lawful + int(rng.integers(100_000, 2_000_000))
                )
                if prof["claimed_card_deduction_krw"] > lawful:
                    plant(i, "card_over_cap")
            elif rng.random() < 0.5:
                prof["claimed_card_deduction_krw"] = lawful - int(rng.integers(0, 2)) * min(lawful, 10_000)
    truth_frame = pd.DataFrame(sorted(set(truth)), columns=["profile", "flag"])
    return profiles, truth_frame


def evaluate_screening(n_households: int = 400, *, year: int = 2025, seed: int = 0, **kwargs) -> pd.DataFrame:
    """Screen a generated population and score it against the planted errors, per flag and over all flags.

    Returns one row per flag plus ``all``: ``planted``, ``flagged``, ``true_positives``, ``precision``,
    ``recall``, ``profiles``. A (profile, flag) pair is the unit: several rows of one flag on one form count once.
    """
    profiles, truth = generate_population(n_households, year=year, seed=seed, **kwargs)
    found = screen(profiles, year)[["profile", "flag"]].drop_duplicates()
    want = set(map(tuple, truth.to_numpy().tolist()))
    got = set(map(tuple, found.to_numpy().tolist()))
    rows = []
    for flag in (*FLAGS, "all"):
        w = {t for t in want if flag in ("all", t[1])}
        g = {t for t in got if flag in ("all", t[1])}
        tp = len(w & g)
        rows.append(
            {
                "flag": flag,
                "planted": len(w),
                "flagged": len(g),
                "true_positives": tp,
                "precision": tp / len(g) if g else float("nan"),
                "recall": tp / len(w) if w else float("nan"),
                "profiles": len(profiles),
            }
        )
    return pd.DataFrame(rows).set_index("flag")
