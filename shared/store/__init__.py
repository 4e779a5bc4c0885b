"""Save and load the suite's models without pickle, treating every saved folder as untrusted data.

A saved model is a folder of plain files (no links, no sub-folders)::

    card.json           kind, version, created, training-data fingerprint, metrics, parameters,
                        intended use, limitations, library versions, and the SHA-256 of every other file
    README.md           the model card in the Hugging Face layout, generated from card.json
    params.json         JSON state (hyper-parameters, vocabularies, small tables)
    arrays.npz          numpy arrays, saved and loaded with allow_pickle=False
    <name>.lgb.txt      LightGBM boosters in LightGBM's own text format
    <name>.safetensors  torch state_dicts (folders saved before safetensors hold ``<name>.pt``,
                        still read, with ``torch.load(weights_only=True)``)
    signature.json      HMAC-SHA256 of all of the above, when CIVIC_STORE_KEY was set at save time

Loading reads each file once, through the folder's descriptor without following links, and checks
the signature (when a key is set), the card's schema, the file list and checksums, that the README
is the one the card generates, and the structure of every LightGBM text model and safetensors file
in pure Python before any C/C++ loader sees a byte (:func:`verify`). Anything wrong raises
:class:`~shared.errors.StoreError`. :func:`fingerprint` gives the training-data fingerprint a
model sets as ``training_data_``.

A model class takes part by declaring ``store_kind``/``store_version``, implementing
``to_state()`` / ``from_state()`` and registering with :func:`register`.

Example:
    >>> import numpy as np, tempfile
    >>> @register
    ... class Mean:
    ...     store_kind = "doc.mean"
    ...     store_version = 1
    ...     def __init__(self, mu=0.0): self.mu = mu
    ...     def to_state(self): return ModelState(arrays={"mu": np.array([self.mu])})
    ...     @classmethod
    ...     def from_state(cls, s): return cls(float(s.arrays["mu"][0]))
    >>> folder = save(Mean(2.5), tempfile.mkdtemp() + "/m")
    >>> load(folder).mu
    2.5
"""

from shared.store.card import ARRAYS, CARD, FORMAT, PARAMS, README, SIGNATURE
from shared.store.core import (
    StoreWarning,
    Verified,
    library_versions,
    list_models,
    load,
    model_dir,
    read_card,
    save,
    verify,
)
from shared.store.fingerprint import fingerprint
from shared.store.modelcard import render_readme
from shared.store.registry import ModelState, Storable, register, registered_kinds

__all__ = [
    "ARRAYS",
    "CARD",
    "FORMAT",
    "PARAMS",
    "README",
    "SIGNATURE",
    "ModelState",
    "Storable",
    "StoreWarning",
    "Verified",
    "fingerprint",
    "library_versions",
    "list_models",
    "load",
    "model_dir",
    "read_card",
    "register",
    "registered_kinds",
    "render_readme",
    "save",
    "verify",
]
