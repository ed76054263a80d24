"""parley: a clean, de-duplicated record of diplomatic engagements from news reports."""

__version__ = "0.1.0"
