"""Shared fixtures of the disaster tests: seeded synthetic basins (2000-10..2007-09) and the bundled JTWC slice."""

from __future__ import annotations

import pytest

from sectors.disaster import clean_tracks, load_tracks, synthetic_camels
from sectors.disaster.data import typhoon_folder


@pytest.fixture(scope="session")
def basins():
    return synthetic_camels(3, seed=7)


@pytest.fixture(scope="session")
def tracks():
    return clean_tracks(load_tracks(typhoon_folder()[0]))


@pytest.fixture(scope="session")
def gbm(basins):
    from sectors.disaster import SAMPLE_PROTOCOL, LightGBMFlood

    return LightGBMFlood(SAMPLE_PROTOCOL, n_estimators=40, learning_rate=0.1).fit(basins)


@pytest.fixture(scope="session")
def lstm(basins):
    from sectors.disaster import SAMPLE_PROTOCOL, LSTMFlood

    return LSTMFlood(
        SAMPLE_PROTOCOL, hidden=8, epochs=2, spin_up=60, predict_last=60, device="cpu", seed=0
    ).fit(basins)


@pytest.fixture(autouse=True, scope="module")
def _one_torch_thread():
    """Tiny models train faster on one thread, and the suite's 2 cores are shared."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
