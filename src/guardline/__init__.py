"""guardline: early-warning detection of online grooming.

Layers (dependencies point down only): ``core`` (data model) → ``signs`` (explained
recognizers) → ``model`` (learned risk) → ``detect`` (streaming Detector + alert policy) →
``corpora`` (loaders) → ``evaluate`` (metrics, bench) → ``cli``.
"""

__version__ = "0.1.0"
