"""CIVIC_STORE_KEY signs a folder at save time; with the key set, tampering is detected at load."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

from shared import store
from shared.errors import StoreError
from shared.store import StoreWarning

KEY = "k3y-SECRET-never-printed-0042"


@pytest.fixture
def signed(parts_model, tmp_path, monkeypatch):
    monkeypatch.setenv("CIVIC_STORE_KEY", KEY)
    return store.save(parts_model[0], tmp_path / "signed")


def _assert_key_absent(folder, *texts):
    for path in folder.iterdir():
        assert KEY.encode() not in path.read_bytes(), path
    for text in texts:
        assert KEY not in text


def test_signed_folder_loads_with_the_key_and_never_holds_it(signed, parts_model):
    model, X = parts_model
    assert (signed / "signature.json").is_file()
    assert json.loads((signed / "signature.json").read_text())["algorithm"] == "HMAC-SHA256"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loaded = store.load(signed)
    np.testing.assert_array_equal(model.predict(X), loaded.predict(X))
    assert store.verify(signed).signature == "verified"
    _assert_key_absent(signed)


def test_tampering_with_matching_checksums_is_caught(signed, folder_tools):
    folder_tools.replace_file(signed, "params.json", b'{"offset": 100.0}')  # card checksum updated too
    with pytest.raises(StoreError, match="does not match its signature") as caught:
        store.load(signed)
    _assert_key_absent(signed, str(caught.value))


@pytest.mark.parametrize("change", ["card field", "added file", "removed file", "renamed file"])
def test_every_change_to_the_folder_breaks_the_signature(signed, folder_tools, change):
    card = folder_tools.read_card(signed)
    if change == "card field":
        card["training_data"] = "something else"
    elif change == "added file":
        (signed / "extra.pt").write_bytes((signed / "net.safetensors").read_bytes())
        card["files"]["extra.pt"] = card["files"]["net.safetensors"]
    elif change == "removed file":
        (signed / "arrays.npz").unlink()
        del card["files"]["arrays.npz"]
    else:
        (signed / "net.safetensors").rename(signed / "net2.safetensors")
        card["files"]["net2.safetensors"] = card["files"].pop("net.safetensors")
    folder_tools.write_card(signed, card)
    with pytest.raises(StoreError, match="does not match its signature"):
        store.load(signed)


def test_missing_signature_is_refused_when_a_key_is_set(signed):
    (signed / "signature.json").unlink()
    with pytest.raises(StoreError, match="is not signed, but CIVIC_STORE_KEY is set"):
        store.load(signed)


def test_unsigned_folder_is_refused_when_a_key_is_set(saved, monkeypatch):
    monkeypatch.setenv("CIVIC_STORE_KEY", KEY)
    with pytest.raises(StoreError, match="is not signed"):
        store.load(saved)


def test_another_key_is_refused(signed, monkeypatch):
    monkeypatch.setenv("CIVIC_STORE_KEY", "another key")
    with pytest.raises(StoreError, match="signed with another key") as caught:
        store.load(signed)
    _assert_key_absent(signed, str(caught.value))


@pytest.mark.parametrize("content", [b"", b"null", b"[]", b'{"algorithm": "MD5", "mac": "00"}', b"\xff"])
def test_malformed_signature_file_is_refused(signed, content):
    (signed / "signature.json").write_bytes(content)
    with pytest.raises(StoreError, match="malformed signature file"):
        store.load(signed)


def test_signed_folder_without_a_key_loads_with_a_warning_and_a_flag(signed, monkeypatch):
    monkeypatch.delenv("CIVIC_STORE_KEY")
    with pytest.warns(StoreWarning, match="signed but CIVIC_STORE_KEY is not set") as record:
        store.load(signed)
    assert store.verify(signed).signature == "unverified"
    [entry] = store.list_models(signed.parent)
    assert entry["status"] == "ok" and entry["signature"] == "unverified"
    _assert_key_absent(signed, *(str(w.message) for w in record))


def test_saving_without_a_key_drops_an_old_signature(signed, parts_model, monkeypatch):
    monkeypatch.delenv("CIVIC_STORE_KEY")
    store.save(parts_model[0], signed)
    assert not (signed / "signature.json").exists()
    assert store.verify(signed).signature == "unsigned"
