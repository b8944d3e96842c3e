"""Scan runners: the same Detector over archives, in one process or on Ray.

- :mod:`guardline.engines.local` runs the scan in this process (the default for
  ``guardline scan``) and holds what both engines share: input expansion (files,
  directories, globs), :class:`~guardline.engines.local.DetectorSpec`, reading one file
  into conversations, and the JSONL / Parquet output sinks.
- :mod:`guardline.engines.ray` runs the same scan with Ray Data (``pip install
  'guardline[ray]'``): files are read by Ray tasks with the same loaders, each conversation
  travels as one row (never split), and an actor pool scores them with the model loaded
  once per worker. Output is row for row identical to the local engine.
- :mod:`guardline.engines.bench` measures both (``guardline bench --scale``).

Engines depend on ``detect`` and ``corpora`` only; nothing below imports them.
"""
