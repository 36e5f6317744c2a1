"""Toegang: desktop app for the access desks of the sociaal domein."""

__version__ = "0.1.0"
