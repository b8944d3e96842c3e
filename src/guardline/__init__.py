"""guardline: early-warning detection of online grooming.

Layers (dependencies point down only): ``core`` (data model) → ``signs`` (explained
recognizers) → ``model`` (learned risk) → ``detect`` (streaming Detector + alert policy) →
``corpora`` (loaders) → ``evaluate`` (metrics, bench) → ``cli``.
"""

from guardline import _native

__version__ = "0.1.0"

# the compiled hot path runs only while it matches its sources (see guardline/_native.py)
_native.install()
