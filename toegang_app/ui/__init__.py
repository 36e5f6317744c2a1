"""Qt user interface. Calls services only; never writes SQL."""
