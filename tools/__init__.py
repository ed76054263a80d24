"""Build-time tools: they write the data files the package ships and are not part of it."""
