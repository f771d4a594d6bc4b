"""pyvi's word segmenter, loaded without scikit-learn.

pyvi's model is a pickled sklearn_crfsuite.CRF, whose base class comes from scikit-learn: importing it pulls
in scikit-learn and SciPy (about 0.7 s, 100 + 490 modules) though segmenting only runs python-crfsuite's
tagger. sklearn_crfsuite.compat falls back to a plain base class when scikit-learn cannot be imported; this
module imports pyvi that way (scikit-learn hidden for the duration of the import), so a process pays about
0.05 s for the model instead. The segmentation is the same (the same CRF model and tagger; checked on
every line of the sample documents). If scikit-learn or sklearn_crfsuite is already loaded, pyvi is
imported as usual.
"""
from __future__ import annotations

import sys
import threading
from types import ModuleType

_LOCK = threading.Lock()


def vi_tokenizer() -> ModuleType:
    """The pyvi.ViTokenizer module (its `tokenize(text)` joins a word's syllables with '_')."""
    loaded = sys.modules.get("pyvi.ViTokenizer")
    if loaded is not None:
        return loaded
    with _LOCK:
        if "sklearn" in sys.modules or "sklearn_crfsuite" in sys.modules:
            from pyvi import ViTokenizer

            return ViTokenizer
        sys.modules["sklearn"] = None  # type: ignore[assignment]  # import fails: compat's own BaseEstimator
        try:
            from pyvi import ViTokenizer
        finally:
            if "sklearn" in sys.modules and sys.modules["sklearn"] is None:
                del sys.modules["sklearn"]
        return ViTokenizer
