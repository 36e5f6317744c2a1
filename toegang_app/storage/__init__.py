"""Storage: SQLAlchemy models, engine factory (SQLite | PostgreSQL), migrations runner."""
