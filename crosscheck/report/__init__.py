"""Report writers.  Each takes the result of ``api.analyze`` or ``api.check`` and returns text."""
