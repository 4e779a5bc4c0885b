"""shared.bench.progress: a tqdm bar on stderr only, hidden with CIVIC_PROGRESS=0 or off a terminal."""

from __future__ import annotations

from shared.bench import progress, progress_enabled


def test_forced_progress_goes_to_stderr_and_leaves_items_unchanged(monkeypatch, capsys):
    monkeypatch.setenv("CIVIC_PROGRESS", "1")
    assert list(progress(iter(range(5)), "counting", total=5)) == [0, 1, 2, 3, 4]
    out, err = capsys.readouterr()
    assert out == "" and "counting" in err


def test_civic_progress_0_hides_the_bar(monkeypatch, capsys):
    monkeypatch.setenv("CIVIC_PROGRESS", "0")
    assert not progress_enabled()
    assert list(progress(["a", "b"], "quiet")) == ["a", "b"]
    assert capsys.readouterr().err == ""


def test_without_a_terminal_the_bar_is_hidden_by_default(monkeypatch, capsys):
    monkeypatch.delenv("CIVIC_PROGRESS", raising=False)
    assert not progress_enabled()  # pytest captures stderr: not a TTY
    assert sum(progress(range(3), "hidden")) == 3
    assert capsys.readouterr().err == ""
