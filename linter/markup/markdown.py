"""Markdown (placeholder until the markdown-it based parser lands): treated as plain text."""

from __future__ import annotations

from linter.markup import ParsedMarkup
from linter.markup.text import parse_text


def parse_markdown(text: str) -> ParsedMarkup:
    return parse_text(text)
