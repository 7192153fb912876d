"""Syntax highlighting: pygments tokens → coloured runs, one paragraph per source line."""
from __future__ import annotations

import functools

from pygments.lexer import Lexer
from pygments.lexers import TextLexer, get_lexer_by_name, guess_lexer
from pygments.token import Token, _TokenType
from pygments.util import ClassNotFound

from .measure import Para, Run
from .theme import Theme

TAB = "    "


@functools.lru_cache(maxsize=64)
def _lexer(language: str | None, sample: str) -> Lexer:
    if language:
        try:
            return get_lexer_by_name(language.strip().lower(), stripnl=False, ensurenl=False)
        except ClassNotFound:
            pass
    try:
        lexer = guess_lexer(sample)
        if lexer.analyse_text(sample) >= 0.3:
            lexer.stripnl = False
            lexer.ensurenl = False
            return lexer
    except ClassNotFound:
        pass
    return TextLexer(stripnl=False, ensurenl=False)


def token_color(theme: Theme, ttype: _TokenType) -> str | None:
    colors = dict(theme.tokens)
    t: _TokenType | None = ttype
    while t is not Token and t is not None:
        name = str(t)[len("Token."):]
        if name in colors:
            return colors[name]
        t = t.parent
    return None


def highlight(code: str, language: str | None, theme: Theme) -> tuple[Para, ...]:
    """Paragraphs (one per line) of runs coloured by token type; tabs become 4 spaces."""
    text = code.expandtabs(len(TAB)).rstrip("\n")
    lexer = _lexer(language, text[:2000])
    lines: list[list[Run]] = [[]]
    for ttype, value in lexer.get_tokens(text):
        color = token_color(theme, ttype)
        parts = value.split("\n")
        for i, part in enumerate(parts):
            if i:
                lines.append([])
            if part:
                cur = lines[-1]
                if cur and cur[-1].color == color:
                    cur[-1] = Run(cur[-1].text + part, color)
                else:
                    cur.append(Run(part, color))
    paras = [Para(tuple(runs) if runs else (Run(""),)) for runs in lines]
    while len(paras) > 1 and not paras[-1].text.strip():
        paras.pop()
    return tuple(paras)


def language_label(language: str | None, code: str) -> str:
    lexer = _lexer(language, code[:2000])
    return "" if isinstance(lexer, TextLexer) else lexer.name
