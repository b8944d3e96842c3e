"""Evaluation: metrics (author, line, conversation, eSPD latency, false alerts per source),
the PAN12 official measures, baselines, the benchmark behind ``guardline bench``, evasion and
perturbation checks, and the CV replay behind ``guardline replay``.

Part of the core: nothing here imports the web, the database or an engine.
"""
