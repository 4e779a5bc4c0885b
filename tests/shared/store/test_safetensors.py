"""Torch weights are saved as safetensors, checked in pure Python first; old ``.pt`` folders still load."""

from __future__ import annotations

import io
import json
import struct

import numpy as np
import pytest
import torch

from shared import store
from shared.errors import StoreError
from shared.store.safetensors_check import check_safetensors


def _file(header: dict, data: bytes, *, pad: bytes = b"") -> bytes:
    head = json.dumps(header).encode() + pad
    return struct.pack("<Q", len(head)) + head + data


def _entry(dtype="F32", shape=(2,), offsets=(0, 8)):
    return {"dtype": dtype, "shape": list(shape), "data_offsets": list(offsets)}


def test_torch_weights_are_written_as_safetensors_and_load_identically(saved, parts_model):
    model, X = parts_model
    names = sorted(p.name for p in saved.iterdir())
    assert "net.safetensors" in names and not any(n.endswith(".pt") for n in names)
    card = store.read_card(saved)
    assert "net.safetensors" in card["files"] and "safetensors" in card["libraries"]
    np.testing.assert_array_equal(store.load(saved).predict(X), model.predict(X))


def test_a_folder_saved_before_safetensors_still_loads_from_its_pt_file(saved, parts_model, folder_tools):
    model, X = parts_model
    buffer = io.BytesIO()
    torch.save(model.net.state_dict(), buffer)
    (saved / "net.safetensors").unlink()
    card = folder_tools.read_card(saved)
    del card["files"]["net.safetensors"]
    card["files"]["net.pt"] = "0" * 64
    folder_tools.write_card(saved, card)
    folder_tools.replace_file(saved, "net.pt", buffer.getvalue())
    np.testing.assert_array_equal(store.load(saved).predict(X), model.predict(X))


def test_an_old_pt_file_holding_more_than_tensors_is_refused(saved, folder_tools):
    buffer = io.BytesIO()
    torch.save({"weight": torch.zeros(1, 3), "hook": print}, buffer, _use_new_zipfile_serialization=True)
    (saved / "net.safetensors").unlink()
    card = folder_tools.read_card(saved)
    del card["files"]["net.safetensors"]
    card["files"]["net.pt"] = "0" * 64
    folder_tools.write_card(saved, card)
    folder_tools.replace_file(saved, "net.pt", buffer.getvalue())
    with pytest.raises(StoreError, match="weights_only=True"):
        store.load(saved)


def test_tied_weights_and_bfloat16_round_trip(tmp_path):
    from shared.store.core import _safetensors_bytes

    shared_weight = torch.randn(4, 3)
    sd = {"a": shared_weight, "b": shared_weight, "h": torch.ones(2, dtype=torch.bfloat16)}
    data = _safetensors_bytes(sd, "x.safetensors")
    assert check_safetensors(data, "x.safetensors")["h"] == ("BF16", (2,))
    from safetensors.torch import load

    back = load(data)
    assert torch.equal(back["a"], shared_weight) and back["h"].dtype == torch.bfloat16


def test_a_state_dict_entry_that_is_not_a_tensor_is_refused(tmp_path):
    from shared.store.core import _safetensors_bytes

    with pytest.raises(StoreError, match="'extra' is a int, not a tensor"):
        _safetensors_bytes({"w": torch.zeros(1), "extra": 3}, "x.safetensors")


CRAFTED = [
    ("too short", b"\x01\x00", "too short"),
    ("huge header length", struct.pack("<Q", 1 << 40) + b"{}", "header length"),
    ("header past the end", struct.pack("<Q", 100) + b"{}", "runs past the end"),
    ("header not an object", _file([1], b""), "starting with '{'"),  # type: ignore[arg-type]
    ("header not JSON", struct.pack("<Q", 5) + b"{abc}", "not valid a safetensors header"),
    ("duplicate tensor", struct.pack("<Q", 13) + b'{"a":1,"a":2}', "appears twice"),
    ("unknown dtype", _file({"w": _entry(dtype="F128")}, bytes(8)), "dtype 'F128'"),
    ("negative dim", _file({"w": _entry(shape=(-2,))}, bytes(8)), "shape [-2]"),
    ("shape a string", _file({"w": _entry(shape="2")}, bytes(8)), "shape"),
    ("extra key", _file({"w": {**_entry(), "x": 1}}, bytes(8)), "exactly 'dtype'"),
    ("size mismatch", _file({"w": _entry(offsets=(0, 4))}, bytes(8)), "need 8 bytes"),
    ("offsets reversed", _file({"w": _entry(offsets=(8, 0))}, bytes(8)), "need 8 bytes"),
    ("past the buffer", _file({"w": _entry()}, bytes(4)), "of a 4-byte data buffer"),
    ("gap", _file({"w": _entry(offsets=(4, 12))}, bytes(12)), "starts at byte 4, expected 0"),
    (
        "overlap",
        _file({"w": _entry(), "v": _entry(offsets=(4, 12))}, bytes(12)),
        "starts at byte 4, expected 8",
    ),
    ("trailing bytes", _file({"w": _entry()}, bytes(9)), "1 bytes after the last tensor"),
    ("metadata not strings", _file({"__metadata__": {"a": 1}}, b""), "'__metadata__' must be"),
]


@pytest.mark.parametrize(("data", "fragment"), [c[1:] for c in CRAFTED], ids=[c[0] for c in CRAFTED])
def test_crafted_safetensors_are_refused_in_pure_python(data, fragment):
    with pytest.raises(StoreError) as caught:
        check_safetensors(data, "net.safetensors")
    assert fragment in str(caught.value) and "net.safetensors" in str(caught.value)


def test_what_the_suite_writes_passes_with_padding_and_empty_tensors():
    data = _file({"w": _entry(), "e": _entry(shape=(0, 3), offsets=(8, 8))}, bytes(8), pad=b"   ")
    assert check_safetensors(data, "x") == {"w": ("F32", (2,)), "e": ("F32", (0, 3))}


def test_crafted_safetensors_never_reach_the_loader(saved, folder_tools, monkeypatch):
    import safetensors.torch

    def boom(*args, **kwargs):
        raise AssertionError("the safetensors loader saw a crafted file")

    monkeypatch.setattr(safetensors.torch, "load", boom)
    good = (saved / "net.safetensors").read_bytes()
    folder_tools.replace_file(saved, "net.safetensors", good[:-2])
    with pytest.raises(StoreError, match="net.safetensors: .*data buffer"):
        store.load(saved)
