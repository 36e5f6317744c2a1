"""Triage panels shown beside the conversation (see ui/gesprek_panels.py)."""
