"""The two baselines of the benchmark: TF-IDF over titles and descriptions, and technology-skill Jaccard.

Both rank every other O*NET occupation for a query occupation, exactly as the learned ranker
does. Settings follow the independent implementation quoted in ANCHORS.md (sublinear TF-IDF,
English stop words; Jaccard over UNSPSC commodity codes), which they reproduce on the full data.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from sectors.employment.taxonomy import Taxonomy


def _top_k(scores: np.ndarray, codes: list[str], queries: Sequence[str], k: int) -> dict[str, list[str]]:
    position = {c: i for i, c in enumerate(codes)}
    out = {}
    for qi, code in enumerate(queries):
        row = scores[qi].astype(float).copy()
        row[position[code]] = -np.inf
        out[code] = [codes[j] for j in np.argsort(-row, kind="stable")[:k]]
    return out


def tfidf_rankings(
    taxonomy: Taxonomy, queries: Sequence[str], *, k: int = 10, candidates: Sequence[str] | None = None
) -> dict[str, list[str]]:
    """Rank occupations by TF-IDF cosine of "title description" (``candidates``: all by default).

    Example:
        >>> from sectors.employment.taxonomy import BUNDLED, load_taxonomy
        >>> tax = load_taxonomy(BUNDLED)
        >>> tfidf_rankings(tax, ["29-1141.00"], k=1)["29-1141.00"][0][:2]
        '29'
    """
    occ = taxonomy.occupations
    codes = list(candidates) if candidates is not None else list(occ.index)
    codes = list(dict.fromkeys([*codes, *queries]))
    text = (occ.loc[codes, "title"] + " " + occ.loc[codes, "description"]).tolist()
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(text)
    position = {c: i for i, c in enumerate(codes)}
    scores = (matrix[[position[q] for q in queries]] @ matrix.T).toarray()
    if candidates is not None:  # a query outside the candidate list must never be recommended
        allowed = np.isin(codes, list(candidates))
        scores[:, ~allowed] = -np.inf
    return _top_k(scores, codes, queries, k)


def skill_jaccard_rankings(
    taxonomy: Taxonomy, queries: Sequence[str], *, k: int = 10
) -> dict[str, list[str]]:
    """Rank occupations by Jaccard overlap of their technology-skill commodity (UNSPSC) sets."""
    codes = list(taxonomy.occupations.index)
    position = {c: i for i, c in enumerate(codes)}
    pairs = taxonomy.occupation_skills.merge(
        taxonomy.skills[["commodity_id"]], left_on="skill_id", right_index=True
    )[["occupation_id", "commodity_id"]].drop_duplicates()
    commodities = {c: i for i, c in enumerate(sorted(pairs["commodity_id"].unique()))}
    matrix = sp.csr_matrix(
        (
            np.ones(len(pairs)),
            (
                pairs["occupation_id"].map(position).to_numpy(),
                pairs["commodity_id"].map(commodities).to_numpy(),
            ),
        ),
        shape=(len(codes), len(commodities)),
    )
    sizes = np.asarray(matrix.sum(axis=1)).ravel()
    rows = [position[q] for q in queries]
    shared = (matrix[rows] @ matrix.T).toarray()
    union = sizes[rows][:, None] + sizes[None, :] - shared
    scores = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
    return _top_k(scores, codes, queries, k)
