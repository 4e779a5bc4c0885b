"""Check a LightGBM text model in pure Python before LightGBM's C++ parser sees it.

LightGBM's loader trusts its input: a truncated file, a wrong ``tree_sizes`` entry, a line without
``=``, a short array or a child index out of range makes it read past its buffers and abort or
crash the whole process (a Streamlit server with it). :func:`check_lightgbm_text` accepts only the
layout LightGBM 3/4 writes and everything the loader and the predictor index with:

- the header: ``tree``, ``version=v3|v4``, ``num_class``, ``num_tree_per_iteration``,
  ``label_index``, ``max_feature_idx``, an ``objective`` LightGBM knows, as many
  ``feature_names`` and ``feature_infos`` as features, and ``tree_sizes``;
- one ``Tree=i`` block per declared size, each exactly that many bytes, with every array of the
  length ``num_leaves`` implies, split features in range, children forming one tree (each node
  and leaf reached once from the root), categorical thresholds inside ``cat_boundaries``;
- ``end of trees``, then feature importances, a ``parameters:`` section of ``[name: value]``
  lines closed by ``end of parameters``, and a JSON ``pandas_categorical`` line, in that order and
  nothing after (so a file cut anywhere is refused).

Linear trees are refused (the suite does not write them). Bounds keep every number inside a C
``int`` and the allocations small.

Example:
    >>> check_lightgbm_text(b"tree\\nversion=v4\\n", "m.lgb.txt")
    Traceback (most recent call last):
    shared.errors.StoreError: m.lgb.txt: LightGBM model lacks 'num_class' in its header (truncated or not a LightGBM model)
"""

from __future__ import annotations

import json
import math
import re

from shared.errors import StoreError

MAX_LEAVES = 131072
MAX_CLASSES = 10000
MAX_FEATURES = 1_000_000
# One way to match each text (no nested or overlapping repeats), so matching stays linear.
_F = r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]{1,3})?"
_INT = re.compile(r"-?[0-9]{1,10}")
_FLOAT = re.compile(_F)
_INTS = re.compile(r"-?[0-9]{1,10}(?: -?[0-9]{1,10})*")
_FLOATS = re.compile(rf"{_F}(?: {_F})*")
# Only a number with a 3-digit exponent or 100+ characters can overflow a double.
_E3 = re.compile(r"[eE][-+]?[0-9]{3}")
_OBJECTIVES = {
    "regression",
    "regression_l1",
    "huber",
    "fair",
    "poisson",
    "quantile",
    "mape",
    "gamma",
    "tweedie",
    "binary",
    "multiclass",
    "multiclassova",
    "cross_entropy",
    "cross_entropy_lambda",
    "lambdarank",
    "rank_xendcg",
    "custom",
}
_OBJECTIVE_ARG = re.compile(r"^[a-z_]+:[-+0-9.eE]+$")
_FEATURE_INFO = re.compile(r"^(?:none|\[[^\[\]: ]+:[^\[\]: ]+\]|-?[0-9]+(?::-?[0-9]+)*)$")
_IMPORTANCE = re.compile(r"^[^=\s]+=[0-9]{1,10}$")
_PARAM_LINE = re.compile(r"^\[([a-z0-9_]+): ([^\[\]:\"\\]*)\]$")
_HEADER_KEYS = {
    "version",
    "num_class",
    "num_tree_per_iteration",
    "label_index",
    "max_feature_idx",
    "objective",
    "average_output",
    "feature_names",
    "monotone_constraints",
    "feature_infos",
    "tree_sizes",
}
_TREE_KEYS = {
    "num_leaves",
    "num_cat",
    "split_feature",
    "split_gain",
    "threshold",
    "decision_type",
    "left_child",
    "right_child",
    "leaf_value",
    "leaf_weight",
    "leaf_count",
    "internal_value",
    "internal_weight",
    "internal_count",
    "cat_boundaries",
    "cat_threshold",
    "is_linear",
    "shrinkage",
}


class _Bad(Exception):
    """One reason the text is not a model we accept (turned into a StoreError with the file name)."""


def check_lightgbm_text(data: bytes, where: str) -> str:
    """Return the model text if ``data`` is a well-formed LightGBM text model; else raise StoreError.

    ``where`` names the file in the error. Only pure Python runs here: nothing reaches LightGBM.
    """
    try:
        return _check(data)
    except _Bad as exc:
        raise StoreError(f"{where}: LightGBM model {exc}") from None


def _check(data: bytes) -> str:
    if b"\0" in data or b"\r" in data:
        raise _Bad("holds NUL or carriage-return bytes (not a LightGBM text model)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _Bad("is not UTF-8 text") from None
    if not text.startswith("tree\n"):
        raise _Bad("does not start with the line 'tree' (not a LightGBM text model)")
    blank = text.find("\n\n")
    head_end = blank + 2 if blank >= 0 else len(text)
    header = _header(text[:head_end])
    n_features = header["max_feature_idx"] + 1
    sizes = header["tree_sizes"]
    if len(sizes) % header["num_tree_per_iteration"]:
        raise _Bad(f"has {len(sizes)} trees, not a multiple of num_tree_per_iteration")
    pos = len(text[:head_end].encode("utf-8"))  # tree_sizes count bytes, as LightGBM does
    for i, size in enumerate(sizes):
        block = data[pos : pos + size]
        if len(block) != size:
            raise _Bad(f"is truncated inside Tree={i} (declared {size} bytes, {len(block)} left)")
        _tree(block.decode("ascii", errors="replace"), i, n_features)
        pos += size
    _tail(data[pos:].decode("utf-8"))
    return text


def _int(value: str, what: str, lo: int, hi: int) -> int:
    if not _INT.fullmatch(value):
        raise _Bad(f"has {what}={value[:40]!r} (expected an integer)")
    number = int(value)
    if not lo <= number <= hi:
        raise _Bad(f"has {what}={number} (expected {lo}..{hi})")
    return number


def _float(value: str, what: str) -> float:
    if not _FLOAT.fullmatch(value):
        raise _Bad(f"has a value {value[:40]!r} in {what} (expected a number)")
    number = float(value)
    if not math.isfinite(number):
        raise _Bad(f"has a value {value[:40]!r} in {what} (expected a finite number)")
    return number


def _ints(text: str, what: str, lo: int, hi: int) -> list[int]:
    """Space-separated integers within [lo, hi]; one regex and one ``map`` for the common case."""
    values = list(map(int, text.split(" "))) if _INTS.fullmatch(text) else []
    if not values or min(values) < lo or max(values) > hi:
        for value in text.split(" "):
            _int(value, what, lo, hi)  # raises, naming the first bad value
    return values


def _floats(text: str, what: str) -> list[str]:
    """Space-separated finite numbers, returned as their words (converted only when one could overflow)."""
    words = text.split(" ")
    could_overflow = _E3.search(text) or max(map(len, words)) >= 100
    if not _FLOATS.fullmatch(text) or (could_overflow and not all(map(math.isfinite, map(float, words)))):
        for word in words:
            _float(word, what)  # raises, naming the first bad value
    return words


def _header(text: str) -> dict:
    lines = text.split("\n")
    fields: dict[str, str] = {}
    for line in lines[1:]:
        if not line:
            continue
        key, eq, value = line.partition("=")
        if not eq and key != "average_output":
            raise _Bad(f"has a header line {line[:40]!r} without '=' (expected key=value)")
        if key not in _HEADER_KEYS:
            raise _Bad(f"has an unexpected header field {key[:40]!r}")
        if key in fields:
            raise _Bad(f"repeats the header field {key!r}")
        if "=" in value and key != "feature_names":
            raise _Bad(f"has a second '=' in header field {key!r}")
        fields[key] = value
    for key in ("version", "num_class", "num_tree_per_iteration", "label_index", "max_feature_idx",
                "feature_names", "feature_infos", "tree_sizes"):  # fmt: skip
        if key not in fields:
            raise _Bad(f"lacks {key!r} in its header (truncated or not a LightGBM model)")
    if fields["version"] not in ("v3", "v4"):
        raise _Bad(f"has version={fields['version'][:20]!r} (expected v3 or v4)")
    num_class = _int(fields["num_class"], "num_class", 1, MAX_CLASSES)
    per_iter = _int(fields["num_tree_per_iteration"], "num_tree_per_iteration", 1, MAX_CLASSES)
    if per_iter not in (1, num_class):
        raise _Bad(f"has num_tree_per_iteration={per_iter} (expected 1 or num_class={num_class})")
    _int(fields["label_index"], "label_index", 0, 2**31 - 1)
    max_idx = _int(fields["max_feature_idx"], "max_feature_idx", 0, MAX_FEATURES - 1)
    names = fields["feature_names"].split(" ")
    if len(names) != max_idx + 1 or not all(names):
        raise _Bad(f"has {len(names)} feature_names (expected max_feature_idx+1 = {max_idx + 1})")
    infos = fields["feature_infos"].split(" ")
    if len(infos) != max_idx + 1 or not all(_FEATURE_INFO.fullmatch(i) for i in infos):
        raise _Bad(f"has feature_infos that do not describe {max_idx + 1} features")
    if "monotone_constraints" in fields:
        values = fields["monotone_constraints"].split(" ")
        if len(values) != max_idx + 1 or any(v not in ("-1", "0", "1") for v in values):
            raise _Bad(f"has monotone_constraints that are not {max_idx + 1} values of -1, 0 or 1")
    if "objective" in fields:
        name, *args = fields["objective"].split(" ")
        if name not in _OBJECTIVES or not all(_OBJECTIVE_ARG.fullmatch(a) for a in args):
            raise _Bad(f"has objective={fields['objective'][:40]!r} (expected an objective LightGBM knows)")
    raw_sizes = fields["tree_sizes"].split(" ") if fields["tree_sizes"] else []
    sizes = [_int(s, "tree_sizes", 1, 2**31 - 1) for s in raw_sizes]
    return {"max_feature_idx": max_idx, "num_tree_per_iteration": per_iter, "tree_sizes": sizes}


def _tree(block: str, index: int, n_features: int) -> None:
    label = f"Tree={index}"
    if not block.startswith(label + "\n"):
        raise _Bad(f"has no '{label}' line where tree_sizes says it starts (sizes do not match the trees)")
    if not block.endswith("\n\n\n"):
        raise _Bad(f"{label} does not end where tree_sizes says (sizes do not match the trees)")
    fields: dict[str, str] = {}
    for line in block[len(label) + 1 : -3].split("\n"):
        key, eq, value = line.partition("=")
        if not eq or key not in _TREE_KEYS or "=" in value:
            raise _Bad(f"{label} has an unexpected line {line[:40]!r}")
        if key in fields:
            raise _Bad(f"{label} repeats the field {key!r}")
        fields[key] = value
    for key in ("num_leaves", "num_cat", "leaf_value", "is_linear", "shrinkage"):
        if key not in fields:
            raise _Bad(f"{label} lacks the field {key!r}")
    if fields["is_linear"] != "0":
        raise _Bad(
            f"{label} is a linear tree (is_linear={fields['is_linear'][:10]!r}); the store reads constant-leaf trees only"
        )
    leaves = _int(fields["num_leaves"], f"{label} num_leaves", 1, MAX_LEAVES)
    num_cat = _int(fields["num_cat"], f"{label} num_cat", 0, max(leaves - 1, 0))
    _float(fields["shrinkage"], f"{label} shrinkage")

    def array(
        key: str, n: int, bounds: tuple[int, int] | None = None, required: bool = True, infinite: bool = False
    ) -> list:
        """The values of ``key``: exactly ``n`` numbers (integers within ``bounds`` when given).

        ``infinite`` admits the words ``inf`` / ``-inf``, which LightGBM writes as the threshold of a
        split that sends every number one way and missing values the other."""
        if key not in fields:
            if required and n:
                raise _Bad(f"{label} lacks the field {key!r}")
            return []
        text = fields[key]
        count = text.count(" ") + 1 if text else 0
        if not count and not required and leaves == 1:
            return []  # LightGBM writes a one-leaf tree's optional tables empty
        if count != n:
            raise _Bad(f"{label} has {count} values in {key} (expected {n})")
        if not n:
            return []
        what = f"{label} {key}"
        if bounds:
            return _ints(text, what, *bounds)
        if infinite and "inf" in text:
            finite = [w for w in text.split(" ") if w not in ("inf", "-inf")]
            if finite:
                _floats(" ".join(finite), what)
            return text.split(" ")
        return _floats(text, what)

    count_bounds = (0, 2**31 - 1)
    array("leaf_value", leaves)
    array("leaf_weight", leaves, required=False)
    array("leaf_count", leaves, count_bounds, required=False)
    inner = leaves - 1
    array("split_feature", inner, (0, n_features - 1))
    array("split_gain", inner, required=False)
    threshold = array("threshold", inner, infinite=True)
    decision = array("decision_type", inner, (0, 11))
    left = array("left_child", inner, (-leaves, max(inner - 1, 0)))
    right = array("right_child", inner, (-leaves, max(inner - 1, 0)))
    array("internal_value", inner, required=False)
    array("internal_weight", inner, required=False)
    array("internal_count", inner, count_bounds, required=False)
    _check_shape(label, leaves, left, right)
    categorical = [i for i, d in enumerate(decision) if d & 1]
    if num_cat:
        bounds = array("cat_boundaries", num_cat + 1, count_bounds)
        cat_threshold = fields.get("cat_threshold", "")
        words = _ints(cat_threshold, f"{label} cat_threshold", 0, 2**32 - 1) if cat_threshold else []
        if (
            bounds[0] != 0
            or any(b > a for b, a in zip(bounds, bounds[1:], strict=False))
            or bounds[-1] != len(words)
        ):
            raise _Bad(f"{label} has cat_boundaries that do not index its {len(words)} cat_threshold words")
    elif "cat_boundaries" in fields or "cat_threshold" in fields:
        raise _Bad(f"{label} has categorical tables but num_cat=0")
    for node in categorical:
        value = float(threshold[node])
        if not math.isfinite(value) or value != int(value) or not 0 <= value < num_cat:
            raise _Bad(
                f"{label} has a categorical split {node} whose threshold {value} is not a category table index"
            )


def _check_shape(label: str, leaves: int, left: list[int], right: list[int]) -> None:
    """Children must make one binary tree: every node and leaf reached exactly once from the root."""
    seen_nodes = [False] * max(leaves - 1, 0)
    seen_leaves = [False] * leaves
    if leaves == 1:
        return
    seen_nodes[0] = True
    stack = [0]
    while stack:
        node = stack.pop()
        for child in (left[node], right[node]):
            if child >= 0:
                if child == 0 or seen_nodes[child]:
                    raise _Bad(f"{label} reaches node {child} twice (a cycle or a shared child)")
                seen_nodes[child] = True
                stack.append(child)
            else:
                if seen_leaves[~child]:
                    raise _Bad(f"{label} reaches leaf {~child} twice")
                seen_leaves[~child] = True
    if not all(seen_nodes) or not all(seen_leaves):
        raise _Bad(f"{label} has nodes or leaves the root never reaches")


def _tail(text: str) -> None:
    """After the trees: importances, parameters and the pandas line, in LightGBM's order, nothing else."""
    lines = text.split("\n")
    if lines[0] != "end of trees":
        raise _Bad("lacks 'end of trees' after the declared trees (truncated, or sizes do not match)")
    section = "trees"
    for line in lines[1:]:
        if section == "pandas":
            if line:
                raise _Bad("has text after its pandas_categorical line")
        elif section == "parameters":
            if line == "end of parameters":
                section = "parameters done"
            elif line and not _PARAM_LINE.fullmatch(line):
                raise _Bad(f"has a malformed parameter line {line[:40]!r} (expected [name: value])")
        elif not line:
            continue
        elif section == "trees" and line == "feature_importances:":
            section = "importances"
        elif section == "importances" and _IMPORTANCE.fullmatch(line):
            continue
        elif section == "importances" and line == "parameters:":
            section = "parameters"
        elif section == "parameters done" and line.startswith("pandas_categorical:"):
            _pandas(line[len("pandas_categorical:") :])
            section = "pandas"
        else:
            raise _Bad(f"has an unexpected line {line[:40]!r} after its trees")
    if section != "pandas":
        raise _Bad(
            "does not end with feature importances, parameters and a pandas_categorical line (truncated)"
        )


def _pandas(value: str) -> None:
    try:
        parsed = json.loads(value)
    except (ValueError, RecursionError):
        raise _Bad("has a pandas_categorical line that is not JSON") from None
    if parsed is not None and not (isinstance(parsed, list) and all(isinstance(x, list) for x in parsed)):
        raise _Bad("has a pandas_categorical line that is not null or a list of lists")
