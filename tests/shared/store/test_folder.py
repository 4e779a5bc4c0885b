"""Loading refuses symbolic links, special files and anything that resolves outside the folder."""

from __future__ import annotations

import os
import shutil

import pytest

from shared import store
from shared.errors import StoreError


def test_a_symlinked_model_folder_is_refused(saved, tmp_path):
    link = tmp_path / "linked"
    link.symlink_to(saved, target_is_directory=True)
    with pytest.raises(StoreError, match="is a symbolic link"):
        store.load(link)
    assert store.load(saved) is not None  # the real folder still loads


@pytest.mark.parametrize("name", ["params.json", "arrays.npz", "gbm.lgb.txt", "card.json"])
def test_a_symlinked_file_is_refused_even_with_matching_content(saved, tmp_path, name):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copy2(saved / name, outside / name)  # same bytes, so the checksum would match
    (saved / name).unlink()
    (saved / name).symlink_to(outside / name)
    with pytest.raises(StoreError, match=f"{name} is a symbolic link"):
        store.load(saved)


def test_a_link_pointing_outside_under_an_unlisted_name_is_refused(saved):
    (saved / "passwd.pt").symlink_to("/etc/passwd")
    with pytest.raises(StoreError, match="passwd.pt is a symbolic link"):
        store.load(saved)


def test_a_dangling_link_is_refused(saved):
    (saved / "net.safetensors").unlink()
    (saved / "net.safetensors").symlink_to(saved / "nowhere.pt")
    with pytest.raises(StoreError, match="symbolic link"):
        store.load(saved)


def test_a_sub_folder_is_refused(saved):
    (saved / "nested").mkdir()
    with pytest.raises(StoreError, match="nested is a folder"):
        store.load(saved)


def test_a_hard_link_to_a_file_elsewhere_is_refused(saved, tmp_path):
    os.link(saved / "params.json", tmp_path / "shared-params.json")
    with pytest.raises(StoreError, match="hard links"):
        store.load(saved)


def test_a_fifo_is_refused_without_blocking(saved):
    os.mkfifo(saved / "net2.safetensors")
    with pytest.raises(StoreError, match="not a regular file"):
        store.load(saved)


def test_missing_folder_and_plain_file_are_store_errors(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        store.load(tmp_path / "none")
    (tmp_path / "model.txt").write_text("hello")
    with pytest.raises(StoreError, match="is a file"):
        store.load(tmp_path / "model.txt")


def test_a_folder_without_a_card_is_refused(saved):
    (saved / "card.json").unlink()
    with pytest.raises(StoreError, match="holds no card.json"):
        store.load(saved)


def test_save_refuses_to_write_through_a_symlinked_folder(parts_model, saved, tmp_path):
    link = tmp_path / "via-link"
    link.symlink_to(saved, target_is_directory=True)
    with pytest.raises(StoreError, match="symbolic link"):
        store.save(parts_model[0], link)


def test_list_models_reports_links_and_broken_folders(saved, tmp_path):
    (tmp_path / "linked").symlink_to(saved, target_is_directory=True)
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.txt").write_text("not a model")
    found = {os.path.basename(m["path"]): m for m in store.list_models(tmp_path)}
    assert set(found) == {"model", "linked", "empty"}
    assert found["model"]["status"] == "ok" and found["model"]["kind"] == "tests.store.parts"
    assert found["model"]["signature"] == "unsigned"
    assert found["linked"]["status"] == "broken" and "symbolic link" in found["linked"]["error"]
    assert found["empty"]["status"] == "broken" and "holds no card.json" in found["empty"]["error"]
