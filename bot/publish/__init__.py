"""Verdicts and numbers -> text, and the writes that put that text somewhere."""
