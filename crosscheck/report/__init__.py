"""Report writers.  Each takes a result (``crosscheck.results``) and returns text."""
