"""Finding our words in an article: quotes, numbers, dates and names, as a careful reader compares them.

Pure functions on strings; `verify.py` decides what is checked against which source.

* A quote is found verbatim, up to case, typographic quotation marks and apostrophes,
  dashes and white space. In our quote, an ellipsis (`…` or `...`) stands for words left
  out, and a square-bracketed insertion (`[the council]`) for any few words; a full stop,
  comma, colon or semicolon at the very end is not compared (outlets end a quoted
  sentence with either). A quote may also be required to sit inside the article's
  quotation marks (`find_quote` with the article's `quoted_text`).
* Numbers are read in digits (`91`, `1,000`, `9.3`, `75%`) and in words (`ninety-one`,
  `fifteen`, `a hundred`); a number is found when the article has the same value in any
  spelling (a percentage only as a percentage). Dates are a day or days of a month
  (`28-29 December`, `December 28-29`, `the night of 28 to 29 December`), a month with a
  year (`May 2023`) or a month alone (`in November`).
* Names are matched as written, case and all, on word boundaries.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

QUOTATION_MARKS = '"“”„‟«»‹›〝〞＂'
SINGLE_MARKS = "'‘’‚‛`´′"
DASHES = "-‐‑‒–—―−"
PLAIN = str.maketrans(
    {mark: '"' for mark in QUOTATION_MARKS} | {mark: "'" for mark in SINGLE_MARKS} | dict.fromkeys(DASHES, "-")
)
"""Every quotation mark as `"`, every single mark as `'`, every dash as `-`: one character for one, so
positions in the plain text are positions in the original."""
MAX_INSERTION = 120
"""How many characters of the article a `[bracketed insertion]` may stand for."""
MAX_PIECES = 16
"""A quote cut into more stretches than this (by `…` and `[…]`) is not looked for: no one quotes so,
and the search grows with the stretches times the places each stands."""

_GAP = re.compile(r"\s*(…|\.\.\.|\[[^\[\]\n]*\])\s*")
_END_PUNCTUATION = ".,;:"
_SINGLE = re.compile("'")
_SPACE_BEFORE = re.compile(r" (?=[.,;:!?)\]])")


def plain(text: str) -> str:
    """`text` with typographic marks and dashes made plain (see `PLAIN`), its length kept."""
    return text.translate(PLAIN)


def _plain_fast(text: str) -> str:
    """`plain`, by `str.replace` (several times faster than `translate` on a long text)."""
    for marks, plain_mark in ((QUOTATION_MARKS, '"'), (SINGLE_MARKS, "'"), (DASHES, "-")):
        for mark in marks:
            if mark != plain_mark and mark in text:
                text = text.replace(mark, plain_mark)
    return text


def _apostrophe(match: re.Match[str]) -> str:
    text, at = match.string, match.start()
    return "'" if 0 < at < len(text) - 1 and text[at - 1].isalnum() and text[at + 1].isalnum() else " "


_ODD_SPACES = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(
    chr(code) for code in range(0x2000, 0x200B)
)
"""Every character `str.split` takes for white space, but the plain space."""


_SPACE_RUN = re.compile("  +")


def _one_space(text: str) -> str:
    """`" ".join(text.split())`, faster on a long text (each `in` and `replace` is a fast scan)."""
    for space in _ODD_SPACES:
        if space in text:
            text = text.replace(space, " ")
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    return text.strip(" ")


_SHORT = 1_000
"""Below this length `translate` and `split` are the quicker way; above it, `replace` is."""


def canonical(text: str) -> str:
    """`text` as quotes are compared: no quotation marks; one apostrophe, one dash, one space; lower case."""
    short = len(text) < _SHORT
    text = (text.translate(PLAIN) if short else _plain_fast(text)).replace('"', " ")
    if "'" in text:
        text = _SINGLE.sub(_apostrophe, text)  # a single mark stays only as an apostrophe, between letters
    text = " ".join(text.split()) if short else _one_space(text)
    if "-" in text:
        text = text.replace(" -", "-").replace("- ", "-")
    return _SPACE_BEFORE.sub("", text).lower()


# --- quotes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuoteParts:
    """A quote cut at its gaps: the stretches of words, and what stands between each two."""

    pieces: tuple[str, ...]
    """As compared (`canonical`)."""
    gaps: tuple[str, ...]
    """`ellipsis` (any words left out) or `insertion` (a few words, `[...]`), between each two pieces."""
    written: tuple[str, ...]
    """The pieces as written, for hints."""


@functools.lru_cache(maxsize=16384)
def quote_parts(quote: str) -> QuoteParts | None:
    """A quote's parts, or None when it has no words to look for."""
    quote = plain(quote).strip()
    parts = _GAP.split(quote) if ("…" in quote or "..." in quote or "[" in quote) else [quote]
    pieces: list[str] = []
    written: list[str] = []
    gaps: list[str] = []
    pending = ""
    for number, part in enumerate(parts):
        if number % 2:
            kind = "ellipsis" if part in ("…", "...") else "insertion"
            pending = "ellipsis" if "ellipsis" in (pending, kind) else kind
            continue
        piece = part.strip().rstrip(_END_PUNCTUATION + " ")
        if number:
            piece = piece.lstrip(_END_PUNCTUATION + " ")
        if not any(char.isalnum() for char in piece):
            continue
        if pieces:
            gaps.append(pending or "ellipsis")
        pieces.append(canonical(piece))
        written.append(piece)
        pending = ""
    return QuoteParts(tuple(pieces), tuple(gaps), tuple(written)) if pieces else None


def _word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _occurrences(piece: str, text: str, start: int, last: int | None) -> Iterator[int]:
    """Where `piece` stands in `text` from `start` (and at most at `last`), on word boundaries."""
    first_word, last_word = _word(piece[0]), _word(piece[-1])
    at = text.find(piece, start)
    while at != -1 and (last is None or at <= last):
        end = at + len(piece)
        if not (first_word and at and _word(text[at - 1])) and not (last_word and end < len(text) and _word(text[end])):
            yield at
        at = text.find(piece, at + 1)


def _found(parts: QuoteParts, text: str) -> bool:
    """Whether the pieces stand in `text` in order, each `[insertion]` no longer than it may be.

    Piece by piece, the ends it can reach: after `…` any later place will do, so only the
    earliest end matters; after `[…]` a place within reach of some end. Linear in the
    places found, with no recursion, whatever a quote holds.
    """
    ends = [at + len(parts.pieces[0]) for at in _occurrences(parts.pieces[0], text, 0, None)]
    for gap, piece in zip(parts.gaps, parts.pieces[1:], strict=True):
        if not ends:
            return False
        if gap == "ellipsis":  # the first place after the earliest end leaves the most room
            first = next(_occurrences(piece, text, min(ends), None), None)
            places = iter(() if first is None else (first,))
        else:
            reach = sorted(ends)
            places = (
                at
                for at in _occurrences(piece, text, reach[0], reach[-1] + MAX_INSERTION)
                if bisect.bisect_right(reach, at) and at - reach[bisect.bisect_right(reach, at) - 1] <= MAX_INSERTION
            )
        ends = [at + len(piece) for at in places]
    return bool(ends)


def too_cut(quote: str) -> bool:
    """Whether a quote has more stretches than are looked for (`MAX_PIECES`)."""
    parts = quote_parts(quote)
    return parts is not None and len(parts.pieces) > MAX_PIECES


def _stands(piece: str, text: str) -> bool:
    """Whether `piece` stands anywhere in `text`, on word boundaries (`_occurrences`, without a generator:
    the check every quote makes)."""
    first_word, last_word, size = _word(piece[0]), _word(piece[-1]), len(piece)
    at = text.find(piece)
    while at != -1:
        end = at + size
        if not (first_word and at and _word(text[at - 1])) and not (last_word and end < len(text) and _word(text[end])):
            return True
        at = text.find(piece, at + 1)
    return False


def find_quote(quote: str, text: str, quoted: str | None = None) -> tuple[bool, bool]:
    """(found, inside quotation marks): whether the `canonical` text has the quote, and whether every
    stretch of it also stands in `quoted`, the `canonical` text of the article's quotations."""
    parts = quote_parts(quote)
    if parts is None:
        return True, True
    if len(parts.pieces) > MAX_PIECES:
        return False, False
    found = _stands(parts.pieces[0], text) if len(parts.pieces) == 1 else _found(parts, text)
    if not found:
        return False, False
    return True, quoted is None or all(_stands(piece, quoted) for piece in parts.pieces)


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def quotations(text: str) -> list[tuple[int, int]]:
    """Where an article's quotation marks open and close, paragraph by paragraph.

    Double marks only (“ ”, „ “, « », "): single ones are too often apostrophes. A
    quotation left open at the end of a paragraph closes there (the next paragraph of a
    long quotation opens again). Paragraphs are parted by blank lines where the text has
    any (its lines are then wrapped), else each line is one.
    """
    wrapped = _BLANK_LINE.search(text) is not None
    spans: list[tuple[int, int]] = []
    stack: list[str] = []
    opened = 0
    for index in _marks(text):
        char = text[index]
        if char == "\n":
            if stack and (not wrapped or _BLANK_LINE.match(text, index)):
                spans.append((opened, index))
                stack.clear()
        elif char in "“„«‹〝" and not (char == "“" and stack and stack[-1] == "„"):
            if not stack:
                opened = index + 1
            stack.append(char)
        elif char in "”»›〞“" or (char == '"' and stack and stack[-1] == '"'):
            if stack:
                stack.pop()
                if not stack:
                    spans.append((opened, index))
        else:  # a straight mark opens
            if not stack:
                opened = index + 1
            stack.append(char)
    if stack:
        spans.append((opened, len(text)))
    return spans


def _marks(text: str) -> list[int]:
    """Where the quotation marks and line ends are, in order: a `find` per kind of mark is a fast scan,
    and an article has few of them."""
    return _places(text, '“”„«»‹›〝〞"\n')


def _places(text: str, chars: str) -> list[int]:
    """Every place of any of `chars` in `text`, in order, found by one `find` loop per character."""
    places = []
    for char in chars:
        at = text.find(char)
        while at != -1:
            places.append(at)
            at = text.find(char, at + 1)
    places.sort()
    return places


def quoted_text(text: str) -> str:
    """The `canonical` text of an article's quotations, each apart from the next."""
    return canonical(" \x00 ".join(text[start:end] for start, end in quotations(text)))


_TOKEN = re.compile(
    r"(?P<dash>\s*-\s*)|(?P<space>\s+)|(?P<word>\w+)|(?P<mark>\")|(?P<single>')|(?P<other>.)", re.DOTALL
)
_SPACE_BETWEEN = r"[\s\"']+"  # where our quote has white space: the article's, with any quotation marks
_MARKS_BETWEEN = r"[\"']*"  # elsewhere: only quotation marks


def piece_pattern(piece: str) -> str:
    """A stretch of words as a pattern over a `plain` text: case, marks, dashes and spacing aside.

    Compiling one costs about a millisecond, so only hints use them (`nearest`), when a quote fails.
    """
    tokens = [(m.lastgroup or "", m.group()) for m in _TOKEN.finditer(plain(piece))]
    atoms: list[tuple[str, str]] = []
    space = False
    for index, (kind, text) in enumerate(tokens):
        if kind in ("space", "mark"):
            space = space or kind == "space"
            continue
        if kind == "single":
            before = tokens[index - 1][0] if index else ""
            after = tokens[index + 1][0] if index + 1 < len(tokens) else ""
            if before != "word" or after != "word":
                continue  # a quotation mark, not an apostrophe
            atom = ("punct", "'")
        elif kind == "dash":
            atom = ("dash", r"\s*-\s*")
        else:
            atom = (kind if kind == "word" else "punct", re.escape(text))
        if atoms and atom[0] != "dash" and atoms[-1][0] != "dash":
            atoms.append(("sep", _SPACE_BETWEEN if space else _MARKS_BETWEEN))
        atoms.append(atom)
        space = False
    pattern = "".join(p for _, p in atoms)
    if atoms and atoms[0][0] == "word":
        pattern = r"(?<!\w)" + pattern
    if atoms and atoms[-1][0] == "word":
        pattern += r"(?!\w)"
    return pattern


_HINT_WORDS = 40
"""A hint looks for at most this many of a quote's first words (each try compiles a pattern)."""


def nearest(quote: str, text: str, before: int = 6, after: int = 4) -> str:
    """The article's words where it parts from the quote, for a hint: the longest start or end of
    the quote's first stretch that `text` has, with a few words either side."""
    parts = quote_parts(quote)
    if parts is None:
        return ""
    tokens = parts.written[0].split()[:_HINT_WORDS]
    flat = plain(text)
    head = _longest(tokens, flat, lambda k: tokens[:k])
    tail = _longest(tokens, flat, lambda k: tokens[len(tokens) - k :])
    if max(head[0], tail[0]) < min(2, len(tokens)):
        return ""
    if head[0] >= tail[0] and head[1] is not None:
        match = head[1]
        words = text[: match.end()].split()[-before:] + text[match.end() :].split()[:after]
    else:
        assert tail[1] is not None
        match = tail[1]
        words = text[: match.start()].split()[-after:] + text[match.start() :].split()[:before]
    return " ".join(words)


def _longest(tokens: list[str], text: str, take: Callable[[int], list[str]]) -> tuple[int, re.Match[str] | None]:
    """The most tokens (taken from one end) that `text` has, and where."""
    best: tuple[int, re.Match[str] | None] = (0, None)
    low, high = 1, len(tokens)
    while low <= high:
        middle = (low + high) // 2
        match = re.search(piece_pattern(" ".join(take(middle))), text, re.IGNORECASE)
        if match:
            best = (middle, match)
            low = middle + 1
        else:
            high = middle - 1
    return best


def quoted_in(text: str) -> Iterator[tuple[int, int]]:
    """The spans of `text` between quotation marks (“…” or "…"), marks excluded."""
    for match in re.finditer(r"“([^”\n]*)”|\"([^\"\n]*)\"", text):
        group = 1 if match.group(1) is not None else 2
        yield match.start(group), match.end(group)


def blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with the given spans replaced by spaces (their length kept)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


# --- numbers -----------------------------------------------------------------------------------
#
# Articles are scanned for numbers and dates by patterns that start with a digit, a letter
# from a short list or a capital (which the regular expression engine skips to quickly); the
# rest of each match is read where it starts. About a millisecond for a long article.

_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_WORD_VALUES = _UNITS | _TEENS | _TENS
_D = re.escape(DASHES)
_DIGITS = re.compile(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?")
_NUMBER_WORD = re.compile("|".join(sorted([*_WORD_VALUES, *_SCALES], key=len, reverse=True)))
_COMPOUND = re.compile(rf"(?P<tens>{'|'.join(_TENS)})[\s{_D}]+(?P<unit>{'|'.join(_UNITS)})\b")
_SCALE_AFTER = re.compile(rf"(?:st|nd|rd|th)?[\s{_D}]*(?P<scale>{'|'.join(_SCALES)})\b", re.IGNORECASE)
_ORDINAL = re.compile(r"(?:st|nd|rd|th)\b")
_PERCENT = re.compile(r"\s*(?:%|per\s*cent\b)", re.IGNORECASE)


@dataclass(frozen=True)
class Number:
    value: float
    percent: bool
    shown: str
    """As written."""
    start: int = 0
    """Where it starts in the text."""

    @property
    def key(self) -> tuple[float, bool]:
        return (self.value, self.percent)


_LETTERS = re.compile(r"[a-z]+")


def _digit_runs(text: str) -> list[int]:
    """Where each run of digits starts. Articles hold few digits: ten `find`s over the text beat a
    pattern that must look at every character."""
    places = _places(text, "0123456789")
    return [at for number, at in enumerate(places) if not number or places[number - 1] != at - 1]


_NUMBER_WORDS = frozenset(_WORD_VALUES) | frozenset(_SCALES)


def numbers(text: str, ours: bool = False, words: bool = True) -> list[Number]:
    """Every number in `text`, in digits and (with `words`) in words. In our own prose (`ours`), a
    lone `one` is a word, not a number."""
    found: list[tuple[int, int, float]] = []
    for start in _digit_runs(text):
        if start and (text[start - 1].isalnum() or text[start - 1] in "_.,"):
            continue  # part of a word (G7) or of a number already read
        match = _DIGITS.match(text, start)
        if match is not None:
            found.append((start, match.end(), float(match.group().replace(",", ""))))
    if words:
        lower = text.lower()
        if not _NUMBER_WORDS.isdisjoint(_LETTERS.findall(lower)):
            found += _number_words(text, lower, ours)
    return _read(text, found)


def _number_words(text: str, lower: str, ours: bool) -> list[tuple[int, int, float]]:
    found = []
    taken = 0
    for match in _NUMBER_WORD.finditer(lower):
        start, end = match.span()
        if start < taken or (start and lower[start - 1].isalnum()) or (end < len(lower) and lower[end].isalnum()):
            continue
        word = match.group()
        compound = _COMPOUND.match(lower, start)
        if compound:
            value, end = float(_TENS[compound["tens"]] + _UNITS[compound["unit"]]), compound.end()
        elif word in _SCALES:  # `a hundred`; a scale after a number is read with the number
            if lower[max(0, start - 2) : start] != "a ":
                continue
            value, start = 1.0, start - 2
            end = start + 2
        else:
            value = float(_WORD_VALUES[word])
            if ours and word == "one" and not _SCALE_AFTER.match(text, end):
                continue
        taken = end
        found.append((start, end, value))
    return found


def _read(text: str, found: list[tuple[int, int, float]]) -> list[Number]:
    """The numbers at these places, each with its ordinal ending, scale and percent sign."""
    result = []
    for start, end, value in sorted(found):
        ordinal = _ORDINAL.match(text, end)
        end = ordinal.end() if ordinal else end
        scale = _SCALE_AFTER.match(text, end)
        if scale:
            value, end = value * _SCALES[scale["scale"].lower()], scale.end()
        percent = _PERCENT.match(text, end)
        end = percent.end() if percent else end
        result.append(Number(value, percent is not None, " ".join(text[start:end].split()), start))
    return result


# --- dates -------------------------------------------------------------------------------------

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ABBREVIATIONS = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9}
_ABBREVIATIONS |= {"Oct": 10, "Nov": 11, "Dec": 12}
_MONTH_NUMBER = {name: number for number, name in enumerate(MONTHS, 1)} | _ABBREVIATIONS
_ALONE = frozenset(MONTHS) - {"May", "March"}
"""Months that are a date even alone (`in November`); May and March are words too."""
_MONTH_NAME = re.compile("|".join(sorted(_MONTH_NUMBER, key=len, reverse=True)))
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_RANGE = _DAY + rf"(?:\s*(?:[{_D}]|to|and|or|through)\s*(?P<last>[0-3]?\d)(?:st|nd|rd|th)?)?"
_YEAR = r"(?:,?\s+(?P<year>(?:1[89]|20)\d\d)\b)?"
_BEFORE_WINDOW = 30
"""How far before a month name its day or days may start (`28th and 29th of December`)."""
_BEFORE_MONTH = re.compile(rf"(?<![\w.,]){_RANGE}\s+(?:of\s+)?$")
_AFTER_MONTH = re.compile(rf"\.?\s+{_RANGE}(?!\d){_YEAR}")
_YEAR_AFTER_MONTH = re.compile(r"\.?,?\s+(?P<year>(?:1[89]|20)\d\d)\b")
_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)\b")


@dataclass(frozen=True)
class DateMention:
    month: int
    days: frozenset[int]
    year: int | None
    shown: str
    start: int
    end: int

    def within(self, other: DateMention) -> bool:
        """Whether `other` gives this date (a range that includes the day counts)."""
        return self.month == other.month and self.days <= other.days


def dates(text: str) -> list[DateMention]:
    """Every date in `text` that names a month (weekdays alone are not dates to this check)."""
    found: list[DateMention] = []
    for at in _digit_runs(text):  # a four-digit run and a dash: perhaps 2025-12-30
        match = _ISO.match(text, at) if text[at + 4 : at + 5] == "-" else None
        if match is not None and not (at and text[at - 1].isalnum()):
            mention = _mention(text, at, match.end(), int(match["month"]), [match["day"]], match["year"])
            if mention is not None:
                found.append(mention)
    for match in _MONTH_NAME.finditer(text):
        start, end = match.span()
        if (start and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
            continue  # part of a word (Decision); Mar-a-Lago is no date either, as nothing follows
        window = max(0, start - _BEFORE_WINDOW)
        has_day = any(char.isdigit() for char in text[window:start])
        month = _MONTH_NUMBER[match.group()]
        before = _BEFORE_MONTH.search(text, window, start) if has_day else None
        after = _AFTER_MONTH.match(text, end)
        if before is not None:
            year = _YEAR_AFTER_MONTH.match(text, end)
            mention = _mention(
                text,
                before.start(),
                year.end() if year else end,
                month,
                [before["day"], before["last"]],
                year["year"] if year else None,
            )
        elif after is not None:
            mention = _mention(text, start, after.end(), month, [after["day"], after["last"]], after["year"])
        elif year := _YEAR_AFTER_MONTH.match(text, end):
            mention = _mention(text, start, year.end(), month, [], year["year"])
        elif match.group() in _ALONE:
            mention = _mention(text, start, end, month, [], None)
        else:
            continue
        if mention is not None:
            found.append(mention)
    return sorted(found, key=lambda mention: mention.start)


def _mention(
    text: str, start: int, end: int, month: int, days: list[str | None], year: str | None
) -> DateMention | None:
    numbers = [int(day) for day in days if day]
    if len(numbers) == 2 and numbers[1] > numbers[0]:
        numbers = list(range(numbers[0], numbers[1] + 1))
    if not 1 <= month <= 12 or any(not 1 <= day <= 31 for day in numbers):
        return None
    shown = " ".join(text[start:end].split()).rstrip(".")
    return DateMention(month, frozenset(numbers), int(year) if year else None, shown, start, end)


# --- a quick test ---------------------------------------------------------------------------------

_MONTH_WORDS = [month.lower() for month in MONTHS] + ["jan", "feb", "mar", "apr", "jun", "jul", "aug"]
_MONTH_WORDS += ["sep", "sept", "oct", "nov", "dec"]
_MAYBE_WORDS = frozenset([*_WORD_VALUES, *_SCALES, *_MONTH_WORDS])
_ANY_DIGIT = re.compile("[0-9]")


def may_hold_numbers(text: str) -> bool:
    """A quick test: whether `text` has a digit, or a number word or a month name as a whole word."""
    return _ANY_DIGIT.search(text) is not None or not _MAYBE_WORDS.isdisjoint(_LETTERS.findall(text.lower()))


# --- names -------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def name_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """Any of `names` as written, on word boundaries, white space between words as any white space."""
    alternatives = sorted({" ".join(name.split()) for name in names if name.strip()}, key=len, reverse=True)
    parts = [r"\s+".join(re.escape(word) for word in name.split()) for name in alternatives]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")
