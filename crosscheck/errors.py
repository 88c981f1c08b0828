"""Errors the user can act on.  The CLI prints ``str(err)`` on one line and exits 2."""

from __future__ import annotations


class CrosscheckError(Exception):
    """Base class: anything raised as this is the user's problem to fix, not a bug."""


class InputError(CrosscheckError):
    """A path, file or option the user gave cannot be used."""


class ModelError(CrosscheckError):
    """A model the pipeline needs is missing or does not match what was expected."""


class BaselineError(CrosscheckError):
    """A baseline file is unreadable, corrupted or of an unknown version."""
