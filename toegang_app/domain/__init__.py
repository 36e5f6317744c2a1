"""Pure-Python domain core: no Qt, no SQLAlchemy imports allowed here (checked by a test)."""
