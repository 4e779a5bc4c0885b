"""LightGBM text models are checked in pure Python before LightGBM's C++ parser sees them.

Crafted files are loaded in a child process, so an abort or a segmentation fault inside LightGBM
shows up as a failed test instead of killing pytest.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import lightgbm as lgb
import numpy as np
import pytest

from shared import store
from shared.errors import StoreError
from shared.store.lgbtext import check_lightgbm_text

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    """Real LightGBM text models of each shape the suite writes."""
    g = np.random.default_rng(0)
    X = g.normal(size=(400, 3))
    X[:, 2] = g.integers(0, 20, 400)
    y_cat = np.isin(X[:, 2], [3, 5, 11, 17]) * 5.0 + g.normal(size=400) * 0.1
    base = {"verbose": -1, "num_leaves": 4}
    models = {
        "regression": lgb.train({**base, "objective": "regression"}, lgb.Dataset(X[:, :2], X[:, 0]), 3),
        "multiclass": lgb.train(
            {**base, "objective": "multiclass", "num_class": 3},
            lgb.Dataset(X[:, :2], (X[:, 0] > 0) + (X[:, 1] > 1)),
            2,
        ),
        "categorical": lgb.train(
            {**base, "objective": "regression", "min_data_per_group": 5, "cat_smooth": 1},
            lgb.Dataset(X, y_cat, categorical_feature=[2]),
            2,
        ),
        "one leaf": lgb.train({**base, "objective": "regression"}, lgb.Dataset(X, np.ones(400)), 1),
    }
    return {name: booster.model_to_string() for name, booster in models.items()}


def fix_sizes(text: str) -> str:
    """Recompute tree_sizes, so a crafted tree gets past LightGBM's own size bookkeeping."""
    head, rest = text.split("\n\n", 1)
    body, tail = rest.split("end of trees", 1)
    blocks = ["Tree=" + b for b in body.split("Tree=")[1:]]
    sizes = " ".join(str(len(b.encode())) for b in blocks)
    return (
        re.sub(r"tree_sizes=.*", "tree_sizes=" + sizes, head)
        + "\n\n"
        + "".join(blocks)
        + "end of trees"
        + tail
    )


def first_tree_field(text: str, key: str) -> str:
    return re.search(rf"^{key}=(.*)$", text.split("Tree=0\n", 1)[1], flags=re.M).group(1)


def edit_tree(text: str, key: str, value: str) -> str:
    """Set ``key`` in Tree=0 to ``value`` and keep tree_sizes consistent."""
    old = f"{key}={first_tree_field(text, key)}\n"
    head, rest = text.split("Tree=0\n", 1)
    return fix_sizes(head + "Tree=0\n" + rest.replace(old, f"{key}={value}\n", 1))


def test_every_shape_the_suite_writes_passes(texts):
    assert "num_cat=1" in texts["categorical"] and "num_leaves=1\n" in texts["one leaf"]
    for text in texts.values():
        assert check_lightgbm_text(text.encode(), "m.lgb.txt") == text
        assert fix_sizes(text) == text


@pytest.mark.parametrize("fraction", [0.0, 0.02, 0.1, 0.25, 0.5, 0.75, 0.9, 0.97, 0.999])
def test_truncated_model_is_refused(texts, fraction):
    data = texts["multiclass"].encode()
    with pytest.raises(StoreError, match="m.lgb.txt: LightGBM model"):
        check_lightgbm_text(data[: int(len(data) * fraction)], "m.lgb.txt")


@pytest.mark.parametrize(
    "marker", ["\nTree=1", "\nend of trees", "\nparameters:", "\nend of parameters", "leaf_value="]
)
def test_model_cut_at_a_section_boundary_is_refused(texts, marker):
    data = texts["multiclass"]
    with pytest.raises(StoreError):
        check_lightgbm_text(data[: data.index(marker)].encode(), "m.lgb.txt")


GARBAGE = [
    ("empty", b""),
    ("binary", bytes(range(256))),
    ("NUL inside", b"tree\nversion=v4\x00\n"),
    ("windows line ends", b"tree\r\nversion=v4\r\n"),
    ("not UTF-8", b"tree\nfeature_names=\xff\xfe\n"),
    ("JSON", b'{"tree": 1}'),
    ("pickle", b"\x80\x04\x95\x00"),
    ("header only", b"tree\nversion=v4\n"),
    ("a line without =", b"tree\nversion=v4\nwhat is this\n"),
]


@pytest.mark.parametrize("data", [g[1] for g in GARBAGE], ids=[g[0] for g in GARBAGE])
def test_garbage_is_refused(data):
    with pytest.raises(StoreError):
        check_lightgbm_text(data, "m.lgb.txt")


HEADER_EDITS = [
    ("num_class huge", "num_class=3", "num_class=2147483647", "num_class=2147483647"),
    ("num_class overflow", "num_class=3", "num_class=99999999999999999999", "expected an integer"),
    ("max_feature_idx huge", "max_feature_idx=1", "max_feature_idx=2147483646", "max_feature_idx"),
    ("tree_sizes huge", "tree_sizes=", "tree_sizes=" + "2000000000 " * 3, "truncated inside Tree=0"),
    ("tree_sizes overflow", "tree_sizes=", "tree_sizes=99999999999999", "expected an integer"),
    ("tree_sizes negative", "tree_sizes=", "tree_sizes=-5", "tree_sizes=-5"),
    ("future version", "version=v4", "version=v9", "version='v9'"),
    ("unknown objective", "objective=multiclass", "objective=system", "objective='system"),
    (
        "unknown header field",
        "label_index=0",
        "label_index=0\nload_library=evil.so",
        "unexpected header field",
    ),
    ("repeated header field", "label_index=0", "label_index=0\nlabel_index=1", "repeats the header field"),
    ("feature_names short", "feature_names=Column_0 Column_1", "feature_names=Column_0", "feature_names"),
    (
        "trees per iteration odd",
        "num_tree_per_iteration=3",
        "num_tree_per_iteration=2",
        "num_tree_per_iteration",
    ),
    ("parameter without colon", "[boosting: gbdt]", "[boostinggbdt]", "malformed parameter line"),
    ("text after pandas", "pandas_categorical:null", "pandas_categorical:null\nrm -rf", "after its pandas"),
    ("pandas not JSON", "pandas_categorical:null", "pandas_categorical:{{{", "not JSON"),
    ("stray line after trees", "feature_importances:", "feature_importances:\n[[[", "unexpected line"),
]


@pytest.mark.parametrize(
    ("old", "new", "fragment"), [h[1:] for h in HEADER_EDITS], ids=[h[0] for h in HEADER_EDITS]
)
def test_crafted_header_or_tail_is_refused(texts, old, new, fragment):
    text = texts["multiclass"]
    assert old in text
    with pytest.raises(StoreError, match=re.escape(fragment)):
        check_lightgbm_text(text.replace(old, new, 1).encode(), "m.lgb.txt")


TREE_EDITS = [
    ("num_leaves huge", "num_leaves", "999999999999", "expected an integer"),
    ("num_leaves larger than arrays", "num_leaves", "400", "values in leaf_value (expected 400)"),
    ("num_leaves zero", "num_leaves", "0", "num_leaves=0"),
    ("short leaf_value", "leaf_value", "0.5", "values in leaf_value"),
    ("leaf_value infinite", "leaf_value", "1e999 1 1 1", "finite"),
    ("leaf_value just past double", "leaf_value", "1 2e308 1 1", "finite"),
    ("leaf_value of 400 digits", "leaf_value", "1 1 1 " + "9" * 400, "finite"),
    ("split feature at int max", "split_feature", "2147483647 0 0", "split_feature=2147483647"),
    ("leaf_value not a number", "leaf_value", "a b c d", "expected a number"),
    ("split feature out of range", "split_feature", "1 0 99999", "split_feature=99999"),
    ("split feature negative", "split_feature", "-1 0 0", "split_feature=-1"),
    ("child out of range", "left_child", "1 -1 -200", "left_child=-200"),
    ("child loops to the root", "left_child", "0 -1 -2", "reaches node 0 twice"),
    ("shared child", "right_child", "1 1 -4", "twice"),
    ("num_cat without tables", "num_cat", "3", "lacks the field 'cat_boundaries'"),
    ("bad decision type", "decision_type", "2 2 99", "decision_type=99"),
    ("categorical split without table", "decision_type", "1 2 2", "categorical split"),
    ("linear tree", "is_linear", "1", "linear tree"),
    ("shrinkage text", "shrinkage", "fast", "expected a number"),
]


@pytest.mark.parametrize(
    ("key", "value", "fragment"), [t[1:] for t in TREE_EDITS], ids=[t[0] for t in TREE_EDITS]
)
def test_crafted_tree_is_refused_even_with_consistent_sizes(texts, key, value, fragment):
    text = texts["regression"]
    assert first_tree_field(text, "num_leaves") == "4"
    with pytest.raises(StoreError, match=re.escape(fragment)):
        check_lightgbm_text(edit_tree(text, key, value).encode(), "m.lgb.txt")


def test_line_without_equals_inside_a_tree_is_refused(texts):
    text = texts["regression"]
    crafted = fix_sizes(text.replace("num_cat=0\n", "num_cat\n", 1))
    with pytest.raises(StoreError, match="unexpected line 'num_cat'"):
        check_lightgbm_text(crafted.encode(), "m.lgb.txt")


def test_categorical_threshold_outside_its_table_is_refused(texts):
    text = texts["categorical"]
    decision = first_tree_field(text, "decision_type").split(" ")
    node = decision.index("1")
    thresholds = first_tree_field(text, "threshold").split(" ")
    thresholds[node] = "7"
    with pytest.raises(StoreError, match="not a category table index"):
        check_lightgbm_text(edit_tree(text, "threshold", " ".join(thresholds)).encode(), "m.lgb.txt")


CHILD = textwrap.dedent(
    """
    import importlib.util, json, sys, warnings
    spec = importlib.util.spec_from_file_location("store_conftest", sys.argv[1])
    spec.loader.exec_module(importlib.util.module_from_spec(spec))  # registers tests.store.parts
    import numpy as np
    from shared import store
    from shared.errors import StoreError
    results = {}
    for folder in sys.argv[2:]:
        print("loading", folder, file=sys.stderr, flush=True)  # the last line names a crash
        try:
            model = store.load(folder)
            results[folder] = "loaded %.6f" % float(model.predict(np.zeros((1, 3)))[0])
        except StoreError as exc:
            results[folder] = "StoreError: " + str(exc)
    print(json.dumps(results))
    """
)


def test_crafted_models_never_reach_lightgbm(saved, texts, tmp_path, folder_tools):
    """Files that abort or crash LightGBM 4 when loaded unchecked raise StoreError in a child process."""
    good = (saved / "gbm.lgb.txt").read_text()
    half = good.encode()[: len(good) // 2]
    crafted = {
        "truncated": half,
        "tree_sizes past the end": good.replace("tree_sizes=", "tree_sizes=9999", 1).encode(),
        "split feature out of range": edit_tree(good, "split_feature", "0 " * 3 + "99999").encode(),
        "num_leaves larger than arrays": edit_tree(good, "num_leaves", "400").encode(),
        "short leaf_value": edit_tree(good, "leaf_value", "0.5").encode(),
        "line without =": fix_sizes(good.replace("num_cat=0\n", "num_cat\n", 1)).encode(),
        "num_cat without tables": edit_tree(good, "num_cat", "3").encode(),
        "child out of range": edit_tree(good, "left_child", "1 -1 -2 -200").encode(),
        "garbage": bytes(range(256)) * 4,
    }
    assert first_tree_field(good, "num_leaves") == "5"
    folders = {}
    for i, (name, data) in enumerate(crafted.items()):
        folder = tmp_path / f"crafted{i}"
        store.save(store.load(saved), folder)
        folder_tools.replace_file(folder, "gbm.lgb.txt", data)  # a consistent card: checksums match
        folders[str(folder)] = name
    args = [sys.executable, "-c", CHILD, str(Path(__file__).with_name("conftest.py")), str(saved), *folders]
    run = subprocess.run(args, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert run.returncode == 0, f"child died ({run.returncode}); last lines: {run.stderr[-600:]}"
    results = json.loads(run.stdout.strip().splitlines()[-1])
    assert results.pop(str(saved)).startswith("loaded ")
    for folder, outcome in results.items():
        assert outcome.startswith("StoreError: ") and "gbm.lgb.txt: LightGBM model" in outcome, (
            folders[folder],
            outcome,
        )


def test_an_infinite_split_threshold_passes_but_nan_does_not(texts):
    """LightGBM writes ``inf`` as the threshold of a split that sends every number one way and missing
    values the other (seen on the employment ranker); the check must accept it, and still refuse nan."""
    text = texts["regression"]
    words = first_tree_field(text, "threshold").split(" ")
    crafted = edit_tree(text, "threshold", " ".join(["inf", *words[1:]]))
    check_lightgbm_text(crafted.encode(), "model.lgb.txt")
    booster = lgb.Booster(model_str=crafted)
    assert booster.num_trees() == 3
    with pytest.raises(StoreError, match="threshold"):
        check_lightgbm_text(
            edit_tree(text, "threshold", " ".join(["nan", *words[1:]])).encode(), "model.lgb.txt"
        )
