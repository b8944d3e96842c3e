"""Storage: SQLAlchemy models, repositories and the Alembic migrations shipped in the package."""
