"""The learned risk model: features, data-only file format, training, and the shipped model.

``LearnedModel.load()`` loads the model shipped in this package (``default_model.json``);
``guardline train`` rebuilds that file deterministically from groombench's training files.
"""

from __future__ import annotations

from guardline.model.format import ModelFileError
from guardline.model.learned import LearnedModel

__all__ = ["LearnedModel", "ModelFileError"]
