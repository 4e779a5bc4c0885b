"""Extraction against the hand labels (thresholds sit below the measured scores, so a regression fails)."""

from sectors.welfare.quality import condition_items, extraction_scores, label_items, load_labels


def test_labels_cover_both_samples_and_only_known_kinds():
    labels = load_labels()
    assert len(labels["labels"]) == 40 and len(labels["heldout"]) == 20
    assert not set(labels["labels"]) & set(labels["heldout"])
    for sample in ("labels", "heldout"):
        for label in labels[sample].values():
            assert set(label) <= set(labels["kinds"])


def test_item_normalisation_matches_labels_and_conditions():
    from sectors.welfare.conditions import make

    c = make("age", "s", "f", lo=3.0, lo_unit="months", hi=12.0, hi_unit="years")
    assert condition_items([c])["age"] == label_items({"age": [[0.25, 12]]})["age"]


def test_development_and_heldout_scores_on_the_bundled_sample(catalogue):
    dev = extraction_scores(catalogue.conditions, sample="labels")
    held = extraction_scores(catalogue.conditions, sample="heldout")
    assert dev.loc["all (micro)", "labelled_services"] == 72
    assert dev.loc["all (micro)", "service_f1"] > 0.8
    assert held.loc["all (micro)", "service_f1"] > 0.85
    assert held.loc["all (micro)", "value_f1"] > 0.7
    assert dev.loc["region", "service_recall"] == 1.0
