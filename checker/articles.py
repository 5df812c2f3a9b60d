"""Read an article file into blocks (headings, paragraphs, list items) with line numbers.

What a user can hand us, and what happens to it:

* encodings: UTF-8 with or without BOM, UTF-16/UTF-32 with BOM. Anything else that
  is not valid UTF-8 is refused with the offending byte and its offset (never
  silently decoded as Latin-1); NUL bytes or control-character soup is "binary".
* line endings ``\\r\\n``, ``\\r`` and ``\\n`` may be mixed; each counts as one line.
* Markdown: YAML front matter, ``#`` and underlined headings, ``-``/``*``/``+``/``•``
  and numbered list items, fenced code (skipped), block quotes, inline emphasis,
  code spans, links and images. Every transformation works line by line, so a
  block's text keeps the file's own line breaks and `Block.line_of` is exact.
* HTML comments are removed (also across lines); ``<!-- transcheck: ignore CODE -->``
  comments become `Waiver`s.
* plain text: a short unpunctuated line standing alone is a heading; a file with no
  blank lines whose lines end like sentences holds one paragraph per line.

Numbered lines ("1. FC Köln …", "3. Oktober …") are list items only when a
neighbouring line continues the count, because German prose often starts a
paragraph with an ordinal and dropping it would change the article's numbers.
"""

from __future__ import annotations

import bisect
import html
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from checker import safeio
from checker.errors import InputError, located
from checker.model import Article, Block, BlockKind, Lang, Waiver
from checker.settings import FLAG_CODES, MAX_ARTICLE_BYTES, MAX_LINE_CHARS

LANGUAGE_NAMES: dict[Lang, str] = {"de": "German", "en": "English"}

# ---------------------------------------------------------------- bytes → text

BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)
BINARY_CONTROL_SHARE = 0.05  # share of control characters above which text is binary
TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1b")
# Invisible characters that only get in the way of matching (soft hyphen, zero
# widths, BOM inside the text, word joiner).
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
LINE_SEPARATORS = {ord("\u2028"): " ", ord("\u2029"): " "}
# what `_clean_line` changes, looked for first (most lines hold none of it)
_STRAY = tuple(map(chr, (*INVISIBLE, *LINE_SEPARATORS)))
# the characters `_looks_binary` counts: controls other than the text's own
_CONTROL = re.compile("[" + "".join(re.escape(chr(c)) for c in range(32)
                                   if chr(c) not in TEXT_CONTROLS) + "]")


def read_bytes(path: str) -> bytes:
    """The file's bytes (at most MAX_ARTICLE_BYTES), or an InputError naming the file
    and the cause: missing, a directory, a FIFO or device, unreadable, too large."""
    return safeio.read_bytes(path, "article", MAX_ARTICLE_BYTES)


def check_line_lengths(lines: list[str], path: str) -> None:
    """Refuse a line longer than MAX_LINE_CHARS (docs/LIMITS.md), naming it."""
    for number, line in enumerate(lines, 1):
        if len(line) > MAX_LINE_CHARS:
            cause = (
                f"line is {len(line):,} characters long, the limit is {MAX_LINE_CHARS:,} "
                "(see docs/LIMITS.md)"
            )
            raise InputError(located(f"{path}:{number}", cause))


def decode_text(data: bytes, path: str) -> str:
    """Decode UTF-8 (BOM optional) or BOM-marked UTF-16/32; refuse anything else."""
    for bom, codec, label in BOMS:
        if data.startswith(bom):
            text = _decode(data, len(bom), codec, label, path)
            break
    else:
        if b"\x00" in data:
            raise InputError(located(path, _nul_cause(data)))
        text = _decode(data, 0, "utf-8", "UTF-8", path)
    if _looks_binary(text):
        raise InputError(located(path, "binary file, not text"))
    return text


def _decode(data: bytes, skip: int, codec: str, label: str, path: str) -> str:
    try:
        return data[skip:].decode(codec)
    except UnicodeDecodeError as exc:
        offset = skip + exc.start
        cause = f"not valid {label} (byte 0x{data[offset]:02X} at offset {offset})"
        raise InputError(located(path, f"{cause}; save the file as UTF-8")) from None


def _nul_cause(data: bytes) -> str:
    """NUL bytes: binary, unless every other byte is NUL (UTF-16 without a BOM)."""
    sample = data[:4096]
    if len(sample) >= 4 and sample[1::2].count(0) > 0.9 * len(sample[1::2]):
        return "binary file, not text (looks like UTF-16 without a byte-order mark; save as UTF-8)"
    return "binary file, not text"


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if "\x00" in sample:
        return True
    controls = len(_CONTROL.findall(sample))
    return bool(sample) and controls > BINARY_CONTROL_SHARE * len(sample)


def split_lines(text: str) -> list[str]:
    """Lines of `text`; ``\\r\\n``, ``\\r`` and ``\\n`` each end one line."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [_clean_line(line) for line in text.split("\n")]


def _clean_line(line: str) -> str:
    if any(map(line.__contains__, _STRAY)):
        line = line.translate(INVISIBLE).translate(LINE_SEPARATORS)
    return unicodedata.normalize("NFC", line)


# ---------------------------------------------------------------- front matter, comments


def blank_front_matter(lines: list[str]) -> list[str]:
    """Blank a YAML front matter block (``---`` … ``---`` or ``...`` at the top)."""
    if not lines or lines[0].strip() != "---":
        return lines
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            return [""] * (end + 1) + lines[end + 1 :]
    return lines


_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_WAIVER = re.compile(r"transcheck\s*:\s*ignore(?![\w-])(.*)", re.S | re.I)


@dataclass(frozen=True)
class _Comment:
    first: int  # 0-based line index where the comment starts
    last: int  # 0-based line index where it ends
    body: str
    text_before: bool  # other text on the first line before the comment
    text_after: bool  # other text on the last line after the comment


@dataclass
class CommentFree:
    """Lines with comments blanked out, the waivers they held, and which lines
    held nothing but comments (those do not end a paragraph)."""

    lines: list[str]
    waivers: list[Waiver] = field(default_factory=list)
    comment_only: set[int] = field(default_factory=set)


def strip_comments(lines: list[str], path: str) -> CommentFree:
    """Remove HTML comments without moving any text to another line (linear time)."""
    text = "\n".join(lines)
    if "<!--" not in text:
        return CommentFree(lines)
    matches = _comment_matches(text, path)
    pieces: list[str] = []
    pos = 0
    for match in matches:
        pieces += [text[pos : match.start()], _blank(match.group())]
        pos = match.end()
    pieces.append(text[pos:])
    blanked = "".join(pieces)
    clean = [line.rstrip() if not line.strip() else line for line in blanked.split("\n")]
    result = CommentFree(clean)
    for comment in _comments(matches, blanked):
        for index in range(comment.first, comment.last + 1):
            if lines[index].strip() and not clean[index].strip():
                result.comment_only.add(index)
        waiver = _waiver(comment, clean, path)
        if waiver is not None:
            result.waivers.append(waiver)
    return result


def _blank(comment: str) -> str:
    return "\n".join(" " * len(part) for part in comment.split("\n"))


def _comment_matches(text: str, path: str) -> list[re.Match[str]]:
    """Every closed comment; an opening `<!--` after the last one is an error. The
    search stops at the last `-->`, so an unclosed opener is never scanned past it."""
    last_close = text.rfind("-->")
    matches = list(_COMMENT.finditer(text, 0, last_close + 3)) if last_close >= 0 else []
    unclosed = text.find("<!--", matches[-1].end() if matches else 0)
    if unclosed >= 0:
        line = text.count("\n", 0, unclosed) + 1
        raise InputError(located(f"{path}:{line}", "HTML comment '<!--' is never closed"))
    return matches


def _comments(matches: list[re.Match[str]], blanked: str) -> Iterator[_Comment]:
    """The comments with their lines, counting line breaks once from left to right."""
    pos, line, line_start, line_end = 0, 0, 0, -1
    for match in matches:
        start, end = match.start(), match.end()
        if blanked.count("\n", pos, start):
            line += blanked.count("\n", pos, start)
            line_start = blanked.rfind("\n", pos, start) + 1
        first, first_start = line, line_start
        if blanked.count("\n", start, end):
            line += blanked.count("\n", start, end)
            line_start = blanked.rfind("\n", start, end) + 1
        pos = end
        if line_end < end:
            found = blanked.find("\n", end)
            line_end = len(blanked) if found < 0 else found
        yield _Comment(
            first=first,
            last=line,
            body=match.group(1),
            text_before=bool(blanked[first_start:start].strip()),
            text_after=bool(blanked[end:line_end].strip()),
        )


def _waiver(comment: _Comment, lines: list[str], path: str) -> Waiver | None:
    body = comment.body.strip()
    if not body.lower().startswith("transcheck"):
        return None
    where = f"{path}:{comment.first + 1}"
    match = _WAIVER.fullmatch(body)
    if match is None:
        raise InputError(located(where, "expected '<!-- transcheck: ignore [CODE ...] -->'"))
    codes = frozenset(code for code in re.split(r"[\s,]+", match.group(1).strip()) if code)
    unknown = sorted(codes - FLAG_CODES.keys())
    if unknown:
        known = ", ".join(sorted(FLAG_CODES))
        raise InputError(located(where, f"unknown finding code {unknown[0]!r} (known: {known})"))
    line = _waived_line(comment, lines)
    return None if line is None else Waiver(line=line, codes=codes)


def _waived_line(comment: _Comment, lines: list[str]) -> int | None:
    """1-based line a waiver applies to (None: nothing follows the comment)."""
    if comment.text_before:
        return comment.first + 1
    if comment.text_after:
        return comment.last + 1
    for index in range(comment.last + 1, len(lines)):
        if lines[index].strip():
            return index + 1
    return None


# ---------------------------------------------------------------- Markdown lines


def atx_heading(line: str) -> str | None:
    """The text of a `# Heading ##` line (closing hashes dropped), else None."""
    opened = _ATX_OPEN.match(line)
    if opened is None:
        return None
    text = line[opened.end() :].strip()
    unclosed = text.rstrip("#")
    if unclosed != text and unclosed and unclosed[-1].isspace():
        text = unclosed.rstrip()
    return text


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX_OPEN = re.compile(r"\s{0,3}#{1,6}(?=\s|$)")
_BULLET = re.compile(r"^\s*[-*+•]\s+(\S.*)$")
_ORDERED = re.compile(r"^\s*(\d{1,9})[.)]\s+(\S.*)$")
_RULE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
ORDERED_LIST_GAP = 4  # lines between two numbered items of one list, at most

_ESCAPABLE = "\\`*_{}[]()#+-.!>~|"
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")
_PLACEHOLDER_BASE = 0xE000  # private use area: escaped characters wait here
# Every rule below runs in time linear in the line (up to a log factor): a regular
# expression like `\*(.+?)\*` retries its lazy scan from every opening `*` when no
# closing one follows, which took seconds on a 50 KB line. Closing delimiters are
# found once per line and looked up by position instead.
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s<]+)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_BACKTICKS = re.compile(r"`+")


@dataclass(frozen=True)
class _Delimited:
    """`open TEXT close`, TEXT non-empty, replaced by TEXT; the nearest close wins."""

    opener: re.Pattern[str]
    closer: re.Pattern[str]  # a lookahead `(?=(…))`, so that every position is found


def _delimited(opener: str, closer: str) -> _Delimited:
    return _Delimited(re.compile(opener), re.compile(f"(?=({closer}))"))


_DELIMITED = (
    _delimited(r"\*\*(?=\S)", r"(?<=\S)\*\*"),  # strong
    _delimited(r"__(?=\S)", r"(?<=\S)__"),
    _delimited(r"(?<![\w*])\*(?=\S)", r"(?<=\S)\*(?![\w*])"),  # emphasis
    _delimited(r"(?<![\w_])_(?=\S)", r"(?<=\S)_(?![\w_])"),
    _delimited(r"~~(?=\S)", r"(?<=\S)~~"),  # strike-through
)


class _Positions:
    """Where each character occurs in a line, for "the next `]` after i" in O(log n)."""

    def __init__(self, line: str) -> None:
        self.line = line
        self.found: dict[str, list[int]] = {}

    def next(self, char: str, start: int) -> int:
        if char not in self.found:
            self.found[char] = [m.start() for m in re.finditer(re.escape(char), self.line)]
        places = self.found[char]
        index = bisect.bisect_left(places, start)
        return places[index] if index < len(places) else -1


def _strip_bracketed(line: str, prefix: str, tail: str, keep: bool) -> str:
    """`PREFIX text](…)` or `PREFIX text][…]`: a link keeps its (non-empty) text,
    an image (keep=False) goes."""
    close_tail = ")" if tail == "(" else "]"
    places = _Positions(line)
    out: list[str] = []
    pos = at = 0
    while (start := line.find(prefix, at)) >= 0:
        body = start + len(prefix)
        text_end = places.next("]", body)
        if text_end < 0:
            break
        at = start + 1
        if (keep and text_end == body) or not line.startswith(tail, text_end + 1):
            continue
        end = places.next(close_tail, text_end + 2)
        if end < 0:
            continue
        out += [line[pos:start], line[body:text_end] if keep else ""]
        pos = at = end + 1
    out.append(line[pos:])
    return "".join(out)


def _strip_delimited(line: str, rule: _Delimited) -> str:
    if rule.opener.search(line) is None:
        return line
    closers = [(m.start(), m.end(1)) for m in rule.closer.finditer(line)]
    starts = [start for start, _ in closers]
    out: list[str] = []
    pos = 0
    while (opened := rule.opener.search(line, pos)) is not None:
        index = bisect.bisect_left(starts, opened.end() + 1)
        if index == len(starts):
            break  # no closer after this opener, so none after any later one
        close_start, close_end = closers[index]
        out += [line[pos : opened.start()], line[opened.end() : close_start]]
        pos = close_end
    out.append(line[pos:])
    return "".join(out)


def _strip_code_spans(line: str) -> str:
    """A run of backticks opens a code span that the next run of the same length closes."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
    if len(runs) < 2:
        return line
    following: list[int] = [-1] * len(runs)  # index of the next run of the same length
    last_of_length: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        following[index] = last_of_length.get(length, -1)
        last_of_length[length] = index
    out: list[str] = []
    pos, index = 0, 0
    while index < len(runs):
        closing = following[index]
        if closing < 0:
            index += 1
            continue
        out += [line[pos : runs[index][0]], line[runs[index][1] : runs[closing][0]]]
        pos, index = runs[closing][1], closing + 1
    out.append(line[pos:])
    return "".join(out)


def _strip_hard_break(line: str) -> str:
    """A trailing backslash or two or more trailing spaces (a Markdown hard break)."""
    if line.endswith("\\"):
        return line[:-1]
    stripped = line.rstrip()
    return stripped if len(line) - len(stripped) >= 2 else line


def strip_inline_markdown(line: str) -> str:
    """Remove emphasis, code and link markup and images; keep the words."""
    if not any(char in line for char in "*_`[]<>~\\!&"):
        return line
    line = _ESCAPE.sub(lambda match: chr(_PLACEHOLDER_BASE + ord(match.group(1))), line)
    for prefix, tail, keep in (("![", "(", False), ("![", "[", False),
                               ("[", "(", True), ("[", "[", True)):
        if prefix in line:
            line = _strip_bracketed(line, prefix, tail, keep)
    line = _AUTOLINK.sub(r"\1", line)
    line = _HTML_TAG.sub("", line)
    line = _strip_code_spans(line)
    for rule in _DELIMITED:
        line = _strip_delimited(line, rule)
    line = _strip_hard_break(line)
    for char in _ESCAPABLE:
        line = line.replace(chr(_PLACEHOLDER_BASE + ord(char)), char)
    return html.unescape(line) if "&" in line else line


@dataclass(frozen=True)
class _Line:
    """One classified input line. kind: blank, skip (comment-only), heading,
    item, text, rule, setext."""

    kind: str
    text: str = ""


def classify_lines(lines: list[str], comment_only: set[int]) -> list[_Line]:
    """Classify every line; fenced code and link definitions become blank lines."""
    ordered = _ordered_items(lines)
    result: list[_Line] = []
    fence = ""
    for index, line in enumerate(lines):
        if fence:
            if line.strip().startswith(fence):
                fence = ""
            result.append(_Line("blank"))
            continue
        match = _FENCE.match(line)
        if match:
            fence = match.group(1)[0] * 3
            result.append(_Line("blank"))
        elif index in comment_only:
            result.append(_Line("skip"))
        else:
            result.append(_classify(line, index in ordered))
    return result


def _classify(line: str, ordered_item: bool) -> _Line:
    line = _QUOTE.sub("", line)
    if not line.strip() or _LINK_DEFINITION.match(line):
        return _Line("blank")
    if _SETEXT.match(line):
        return _Line("setext", line)
    if _RULE.match(line):
        return _Line("rule")
    heading = atx_heading(line)
    if heading is not None:
        return _Line("heading", strip_inline_markdown(heading))
    bullet = _BULLET.match(line)
    if bullet:
        return _Line("item", strip_inline_markdown(bullet.group(1)))
    numbered = _ORDERED.match(line)
    if numbered and ordered_item:
        return _Line("item", strip_inline_markdown(numbered.group(2)))
    return _Line("text", strip_inline_markdown(line))


def _ordered_items(lines: list[str]) -> set[int]:
    """Numbered lines that belong to a list: the next or previous numbered line
    within a few lines continues the count (1. → 2.)."""
    numbered = [
        (index, int(match.group(1)))
        for index, line in enumerate(lines)
        if (match := _ORDERED.match(line))
    ]
    items: set[int] = set()
    for (index, number), (next_index, next_number) in zip(numbered, numbered[1:], strict=False):
        if next_number == number + 1 and next_index - index <= ORDERED_LIST_GAP:
            items.update((index, next_index))
    return items


# ---------------------------------------------------------------- lines → blocks

HEADING_MAX_WORDS = 12
_SENTENCE_END = re.compile(r"[.!?:;…][\"'“”‘’»«)\]]*$|[\"“”’»«]$")


def looks_like_heading(text: str) -> bool:
    """A short line without final punctuation: at most ~12 words, no . ! ? : ; …
    or closing quote at the end, and at least one letter."""
    words = text.split()
    return (
        0 < len(words) <= HEADING_MAX_WORDS
        and not _SENTENCE_END.search(text.rstrip())
        and any(char.isalpha() for char in text)
    )


@dataclass
class _Open:
    kind: BlockKind
    line: int  # 1-based
    texts: list[str]


@dataclass
class _Builder:
    blocks: list[Block] = field(default_factory=list)
    current: _Open | None = None

    def close(self) -> None:
        current, self.current = self.current, None
        if current is None:
            return
        text = "\n".join(current.texts).rstrip()
        if text.strip():
            self.blocks.append(Block(kind=current.kind, line=current.line, text=text))

    def open(self, kind: BlockKind, line: int, text: str) -> None:
        self.close()
        self.current = _Open(kind, line, [text])

    def extend(self, text: str) -> None:
        assert self.current is not None
        self.current.texts.append(text)


def build_blocks(classified: list[_Line], *, one_per_line: bool) -> list[Block]:
    """Group classified lines into headings, paragraphs and list items."""
    builder = _Builder()
    for index, line in enumerate(classified):
        number = index + 1
        current = builder.current
        if line.kind == "skip":
            if current is not None:
                builder.extend("")
        elif line.kind == "setext" and current is not None and len(current.texts) == 1:
            current.kind = "heading"
            builder.close()
        elif line.kind in ("blank", "rule", "setext"):
            builder.close()
        elif line.kind == "heading":
            builder.open("heading", number, line.text)
            builder.close()
        elif line.kind == "item":
            builder.open("item", number, line.text)
        elif current is not None and not one_per_line:
            builder.extend(line.text)
        else:
            builder.open("paragraph", number, line.text)
    builder.close()
    return [_promote_heading(block) for block in builder.blocks]


def _promote_heading(block: Block) -> Block:
    """A paragraph of one short unpunctuated line is a heading (plain-text titles)."""
    if block.kind == "paragraph" and "\n" not in block.text and looks_like_heading(block.text):
        return Block(kind="heading", line=block.line, text=block.text.strip())
    return block


def one_paragraph_per_line(classified: list[_Line]) -> bool:
    """No blank line between the first and the last line of text, several lines,
    and at least half of them end like sentences (so not a soft-wrapped paragraph)."""
    kinds = [line for line in classified if line.kind != "skip"]
    content = [i for i, line in enumerate(kinds) if line.kind != "blank"]
    if len(content) < 2:
        return False
    if any(line.kind == "blank" for line in kinds[content[0] : content[-1] + 1]):
        return False
    texts = [kinds[i].text for i in content if kinds[i].kind == "text"]
    ended = sum(1 for text in texts if _SENTENCE_END.search(text.rstrip()))
    return bool(texts) and ended >= len(texts) / 2


def segmented_blocks(classified: list[_Line]) -> list[Block]:
    """--segmented: every non-blank line one sentence; runs of lines of one kind
    form a block, a heading is a block of its own, blank lines separate blocks."""
    builder = _Builder()
    for index, line in enumerate(classified):
        number = index + 1
        kind: BlockKind = "item" if line.kind == "item" else "paragraph"
        current = builder.current
        if line.kind == "skip":
            if current is not None:
                builder.extend("")
        elif line.kind == "blank":
            builder.close()
        elif line.kind == "heading":
            builder.open("heading", number, line.text)
            builder.close()
        elif current is not None and current.kind == kind:
            builder.extend(line.text)
        else:
            builder.open(kind, number, line.text)
    builder.close()
    return builder.blocks


def _segmented_line(line: str, ordered_item: bool) -> _Line:
    """--segmented: strip only a leading heading or list marker."""
    if not line.strip():
        return _Line("blank")
    heading = atx_heading(line)
    if heading is not None:
        return _Line("heading", heading)
    bullet = _BULLET.match(line)
    if bullet:
        return _Line("item", bullet.group(1))
    numbered = _ORDERED.match(line)
    if numbered and ordered_item:
        return _Line("item", numbered.group(2))
    return _Line("text", line)


# ---------------------------------------------------------------- language

MIN_WORDS_FOR_LANGUAGE = 25  # fewer words than this: no verdict
MIN_FUNCTION_WORD_SHARE = 0.08  # of all words, for a verdict
LANGUAGE_MARGIN = 4.0  # one language's function words must outnumber the other's this much


def _word_set(words: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string."""
    return frozenset(words.split())


# Frequent words of one language that are rare in the other (homographs such as
# "in", "an", "so", "was", "war", "will", "man", "am", "also" left out).
FUNCTION_WORDS: dict[Lang, frozenset[str]] = {
    "de": _word_set("""der die das und ist nicht ein eine einen einem einer zu den von mit sich des
        auf für im dem auch es werden aus er hat dass sie nach wird bei um noch wie
        über zum zur wurde sind oder aber vor bis mehr durch sein haben ich wir ihr
        nur kann diese dieser wenn schon sehr hatte doch"""),
    "en": _word_set("""the and of to is that it for on are with as his they be at by this have from
        or had not but what were when we there can which their said if would has been
        who more its than about into after other could these some our should
        you he she them"""),
}
_WORD = re.compile(r"[^\W\d_]+")


def guess_language(text: str) -> Lang | None:
    """German or English by counting function words; None when not sure."""
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS_FOR_LANGUAGE:
        return None
    german = sum(1 for word in words if word in FUNCTION_WORDS["de"])
    english = sum(1 for word in words if word in FUNCTION_WORDS["en"])
    if _clearly_more(german, english, len(words)):
        return "de"
    if _clearly_more(english, german, len(words)):
        return "en"
    return None


def _clearly_more(mine: int, theirs: int, words: int) -> bool:
    return mine >= MIN_FUNCTION_WORD_SHARE * words and mine >= LANGUAGE_MARGIN * max(theirs, 1)


def ensure_language(blocks: list[Block], lang: Lang, path: str) -> None:
    guess = guess_language("\n".join(block.text for block in blocks))
    if guess is not None and guess != lang:
        cause = f"looks like {LANGUAGE_NAMES[guess]}, expected {LANGUAGE_NAMES[lang]}"
        raise InputError(located(path, cause))


# ---------------------------------------------------------------- entry point


def read_article(
    path: str | os.PathLike[str],
    lang: Lang,
    *,
    segmented: bool = False,
    check_language: bool = True,
) -> Article:
    """Read, decode and parse one article file into blocks and waivers."""
    name = os.fspath(path)
    lines = split_lines(decode_text(read_bytes(name), name))
    check_line_lengths(lines, name)
    lines = blank_front_matter(lines)
    cleaned = strip_comments(lines, name)
    blocks = _blocks(cleaned, segmented=segmented)
    if not blocks:
        raise InputError(located(name, "empty article"))
    if check_language:
        ensure_language(blocks, lang, name)
    return Article(path=name, lang=lang, blocks=tuple(blocks), waivers=tuple(cleaned.waivers))


def _blocks(cleaned: CommentFree, *, segmented: bool) -> list[Block]:
    ordered = _ordered_items(cleaned.lines)
    if segmented:
        classified = [
            _Line("skip")
            if index in cleaned.comment_only
            else _segmented_line(line, index in ordered)
            for index, line in enumerate(cleaned.lines)
        ]
        return segmented_blocks(classified)
    classified = classify_lines(cleaned.lines, cleaned.comment_only)
    return build_blocks(classified, one_per_line=one_paragraph_per_line(classified))
