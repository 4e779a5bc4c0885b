import numpy as np
import scipy.sparse as sp

from shared.recsys import EASE, batch_top_k, top_k


def test_chunked_top_k_equals_one_shot_and_respects_masks():
    g = np.random.default_rng(0)
    X = sp.random(500, 40, density=0.1, random_state=1, format="csr", dtype=np.float32)
    X.data[:] = 1
    model = EASE(5.0).fit(X)
    full = top_k(model.score(X), 5, exclude=X)
    chunked = batch_top_k(model.score, X, 5, chunk=37)
    assert np.array_equal(full, chunked)
    banned = g.random(40) < 0.5
    masked = batch_top_k(
        model.score, X, 5, chunk=100, mask_chunk=lambda a, b: np.broadcast_to(~banned, (b - a, 40))
    )
    assert not banned[masked].any()
    assert chunked.dtype == np.int32
