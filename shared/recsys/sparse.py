"""A scipy CSR matrix held as plain arrays, so models that keep one save through :mod:`shared.store`.

The store's codec saves numpy arrays and the suite's own dataclasses; :class:`SparseMatrix` is such a
dataclass (the three CSR arrays and the shape). ``matrix()`` gives the scipy matrix, built once and
cached (the cache is not a field, so it is never saved).

Example:
    >>> import numpy as np, scipy.sparse as sp
    >>> s = SparseMatrix.of(sp.csr_matrix(np.array([[0, 2.0], [1.0, 0]])))
    >>> s.matrix().toarray().tolist(), s.shape
    ([[0.0, 2.0], [1.0, 0.0]], (2, 2))
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp


@dataclass(eq=False)
class SparseMatrix:
    """The CSR parts (``data``, ``indices``, ``indptr``) and ``shape`` of a sparse matrix."""

    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    shape: tuple[int, int]
    _csr: sp.csr_matrix | None = field(default=None, init=False, repr=False)

    @classmethod
    def of(cls, m: sp.spmatrix | np.ndarray) -> SparseMatrix:
        """The parts of ``m`` (any scipy sparse matrix or dense array)."""
        csr = sp.csr_matrix(m)
        out = cls(csr.data, csr.indices, csr.indptr, (int(csr.shape[0]), int(csr.shape[1])))
        out._csr = csr
        return out

    def matrix(self) -> sp.csr_matrix:
        """The scipy CSR matrix (built on first use, then cached)."""
        if self._csr is None:
            self._csr = sp.csr_matrix((self.data, self.indices, self.indptr), shape=tuple(self.shape))
        return self._csr
