"""Subcommands of toegang-admin: each module has register(subparsers)."""
