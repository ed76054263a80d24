"""HTTP API and dashboard over a parley database (`parley serve`)."""

from parley.api.app import create_app

__all__ = ["create_app"]
