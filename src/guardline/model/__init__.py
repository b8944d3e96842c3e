"""The learned risk model: features, data-only file format, training, and the shipped model."""
