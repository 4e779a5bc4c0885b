"""Every malformed card raises StoreError, never a KeyError, TypeError or JSONDecodeError."""

from __future__ import annotations

import copy

import pytest

from shared import store
from shared.errors import StoreError

DIGEST = "0" * 64


def _set(key, value):
    def mutate(card):
        card[key] = value
        return card

    return mutate


def _drop(key):
    def mutate(card):
        del card[key]
        return card

    return mutate


def _files(mapping_update=None, *, replace=None):
    def mutate(card):
        if replace is not None:
            card["files"] = replace
        else:
            card["files"].update(mapping_update)
        return card

    return mutate


def _whole(value):
    return lambda card: value


# (case id, what to do to the card, a fragment the error must contain)
CASES = [
    ("card is null", _whole(None), "must be a JSON object (found null)"),
    ("card is a list", _whole([1, 2]), "must be a JSON object (found a list)"),
    ("card is a string", _whole("kind version files"), "must be a JSON object (found a string)"),
    ("card is a number", _whole(3), "must be a JSON object"),
    ("no format", _drop("format"), "lacks the field 'format'"),
    ("no kind", _drop("kind"), "lacks the field 'kind'"),
    ("no module", _drop("module"), "lacks the field 'module'"),
    ("no version", _drop("version"), "lacks the field 'version'"),
    ("no created", _drop("created"), "lacks the field 'created'"),
    ("no files", _drop("files"), "lacks the field 'files'"),
    ("format is a string", _set("format", "1"), "field 'format' is a string"),
    ("format is a boolean", _set("format", True), "field 'format' is a boolean"),
    ("format is a float", _set("format", 1.0), "field 'format' is a number"),
    ("format from the future", _set("format", 2), "newer than this suite reads"),
    ("format zero", _set("format", 0), "field 'format' is 0"),
    ("kind is a number", _set("kind", 5), "field 'kind' is an integer"),
    ("kind is null", _set("kind", None), "field 'kind' is null"),
    ("kind is empty", _set("kind", ""), "field 'kind'"),
    ("kind is a path", _set("kind", "../../etc/passwd"), "field 'kind'"),
    ("kind ends in a newline", _set("kind", "tests.store.parts\n"), "field 'kind'"),
    ("kind is a list", _set("kind", ["tests.store.parts"]), "field 'kind' is a list"),
    ("unknown kind", _set("kind", "nobody.knows"), "unknown model kind 'nobody.knows'"),
    ("module is a number", _set("module", 7), "field 'module' is an integer"),
    ("module is not dotted", _set("module", "os; rm -rf"), "field 'module'"),
    ("version is a string", _set("version", "1"), "field 'version' is a string"),
    ("version is negative", _set("version", -1), "field 'version' is an integer -1"),
    ("version is a boolean", _set("version", True), "field 'version' is a boolean"),
    ("version is a float", _set("version", 1.5), "field 'version' is a number"),
    ("version from the future", _set("version", 99), "newer"),
    ("created is a number", _set("created", 20260101), "field 'created' is an integer"),
    ("training_data is a list", _set("training_data", ["a"]), "field 'training_data' is a list"),
    ("metrics is a list", _set("metrics", [0.5]), "field 'metrics' is a list"),
    ("metric is text", _set("metrics", {"mae": "low"}), "field 'metrics'"),
    ("metric is a boolean", _set("metrics", {"mae": True}), "field 'metrics'"),
    ("parameters nested", _set("parameters", {"a": [1, 2]}), "field 'parameters'"),
    ("libraries not text", _set("libraries", {"numpy": 2}), "field 'libraries'"),
    ("files is a list", _files(replace=["params.json"]), "field 'files' is a list"),
    ("files is null", _set("files", None), "field 'files' is null"),
    ("files is text", _files(replace="params.json"), "field 'files' is a string"),
    ("files lacks params", _files(replace={}), "lacks 'params.json'"),
    ("files names .", _files({".": DIGEST}), "field 'files' names '.'"),
    ("files names ..", _files({"..": DIGEST}), "field 'files' names '..'"),
    ("files names an absolute path", _files({"/etc/passwd": DIGEST}), "names '/etc/passwd'"),
    ("files climbs out", _files({"../outside.pt": DIGEST}), "names '../outside.pt'"),
    ("files nested traversal", _files({"a/../../x.pt": DIGEST}), "names 'a/../../x.pt'"),
    ("files names a sub-folder", _files({"sub/x.pt": DIGEST}), "names 'sub/x.pt'"),
    ("files names a hidden file", _files({".x.pt": DIGEST}), "names '.x.pt'"),
    ("files names a backslash path", _files({"..\\x.pt": DIGEST}), "names '..\\\\x.pt'"),
    ("files name ends in a newline", _files({"x.pt\n": DIGEST}), "names 'x.pt\\n'"),
    ("files names the card", _files({"card.json": DIGEST}), "names 'card.json'"),
    ("files names the signature", _files({"signature.json": DIGEST}), "names 'signature.json'"),
    ("files names an unknown type", _files({"run.sh": DIGEST}), "expected params.json"),
    ("files names a pickle", _files({"model.pkl": DIGEST}), "expected params.json"),
    ("checksum is short", _files({"params.json": "abc"}), "checksum 'abc'"),
    ("checksum is a number", _files({"params.json": 5}), "checksum 5"),
    ("checksum upper case", _files({"params.json": "A" * 64}), "64 lower-case hex"),
    ("listed file is missing", _files({"extra.pt": DIGEST}), "extra.pt is missing"),
    ("another registered kind", _set("kind", "tests.store.other"), "could not be rebuilt"),
]


@pytest.mark.parametrize(("mutate", "fragment"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_malformed_card_raises_store_error(saved, folder_tools, mutate, fragment):
    folder_tools.write_card(saved, mutate(copy.deepcopy(folder_tools.read_card(saved))))
    with pytest.raises(StoreError) as caught:
        store.load(saved)
    assert fragment in str(caught.value)
    assert "\n" not in str(caught.value)
    [entry] = store.list_models(saved.parent)
    if fragment != "could not be rebuilt":  # only loading the parts can tell that one
        assert entry["status"] == "broken" and entry["error"] in str(caught.value)


# Raw card bytes that are not even a JSON object.
RAW = [
    ("empty file", b"", "not valid JSON"),
    ("not JSON", b"{kind: tests}", "not valid JSON"),
    ("not UTF-8", b'{"kind": "\xff"}', "not valid JSON"),
    ("deeply nested", b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    ("duplicate key", b'{"format": 1, "format": 1}', "appears twice"),
    ("oversized", b" " * (5 << 20) + b"{}", "bytes \\(expected at most"),
]


@pytest.mark.parametrize(("data", "fragment"), [c[1:] for c in RAW], ids=[c[0] for c in RAW])
def test_card_that_is_not_a_json_object_raises_store_error(saved, data, fragment):
    (saved / "card.json").write_bytes(data)
    with pytest.raises(StoreError, match=fragment):
        store.load(saved)


def test_duplicate_file_names_in_the_card_are_refused(saved, folder_tools):
    text = (saved / "card.json").read_text()
    digest = folder_tools.read_card(saved)["files"]["params.json"]
    doubled = text.replace('"files": {', f'"files": {{\n  "params.json": "{digest}",', 1)
    (saved / "card.json").write_text(doubled)
    with pytest.raises(StoreError, match="'params.json' appears twice"):
        store.load(saved)


def test_a_different_registered_kind_than_asked_is_refused(saved):
    with pytest.raises(StoreError, match="holds a 'tests.store.parts' model, not 'tests.store.other'"):
        store.load(saved, kind="tests.store.other")


def test_extra_unlisted_file_is_refused(saved):
    (saved / "extra.pt").write_bytes(b"PK")
    with pytest.raises(StoreError, match="extra.pt is not listed in card.json"):
        store.load(saved)


def test_crafted_params_surface_as_store_error(saved, folder_tools):
    folder_tools.replace_file(saved, "params.json", b"[1, 2]")
    with pytest.raises(StoreError, match="params.json must hold a JSON object"):
        store.load(saved)
    folder_tools.replace_file(saved, "params.json", b"{}")
    with pytest.raises(StoreError, match="could not be rebuilt from the saved state \\(KeyError"):
        store.load(saved)


def test_card_extra_cannot_overwrite_the_cards_own_fields(parts_model, tmp_path):
    with pytest.raises(StoreError, match="card_extra may not set"):
        store.save(parts_model[0], tmp_path / "m", card_extra={"files": {}})
