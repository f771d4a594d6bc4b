"""Answering officers' questions from the stored directives, always quoting the source."""
