import numpy as np
import scipy.sparse as sp

from shared.recsys.sparse import SparseMatrix
from shared.store.codec import Decoder, Encoder


def test_sparse_matrix_round_trips_through_the_store_codec():
    m = sp.random(30, 20, density=0.2, format="csr", random_state=np.random.default_rng(0), dtype=np.float32)
    parts = SparseMatrix.of(m)
    enc = Encoder()
    tree = enc.encode(parts, "sim")
    assert all(name.startswith("sim.") for name in enc.state.arrays)
    back = Decoder(enc.state).decode(tree, "sim")
    assert isinstance(back, SparseMatrix) and back.shape == (30, 20)
    assert (back.matrix() != m).nnz == 0 and back.matrix().dtype == np.float32
    assert back.matrix() is back.matrix()  # built once
