import numpy as np

from shared.seeding import DEFAULT_SEED, resolve_seed, rng, seed_everything


def test_none_means_the_default_seed_not_unseeded():
    assert resolve_seed(None) == DEFAULT_SEED
    assert rng().integers(0, 10**9) == rng(None).integers(0, 10**9)


def test_environment_overrides_default(monkeypatch):
    monkeypatch.setenv("CIVIC_SEED", "7")
    assert resolve_seed() == 7
    assert rng().random() == np.random.default_rng(7).random()


def test_generator_passes_through():
    g = np.random.default_rng(3)
    assert rng(g) is g


def test_seed_everything_seeds_torch():
    import torch

    seed_everything(11)
    a = torch.rand(3)
    seed_everything(11)
    assert torch.equal(a, torch.rand(3))
