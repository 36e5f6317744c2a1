"""Use cases of the desk. Services take an AppContext (session factory, resources, current user)
and return plain objects; roles are enforced here, not in the UI."""
