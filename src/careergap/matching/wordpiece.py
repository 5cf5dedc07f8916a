"""Split text into the WordPiece ids that the MiniLM sentence model was trained on (BERT uncased rules).

Pure: the vocabulary is read by the caller and passed in. Matches the reference BERT tokenizer for the text
people write in skill phrases: lower-casing, accent stripping, punctuation split, greedy longest-match pieces.
"""

from __future__ import annotations

import unicodedata

MAX_WORD_CHARS = 100


def _is_punctuation(ch: str) -> bool:
    code = ord(ch)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def basic_words(text: str) -> list[str]:
    """Lower-case, strip accents and split on white space and punctuation.

    >>> basic_words("Héllo, PM's world!")
    ['hello', ',', 'pm', "'", 's', 'world', '!']
    """
    text = unicodedata.normalize("NFD", text.lower())
    out: list[str] = []
    word: list[str] = []
    for ch in text:
        if unicodedata.category(ch) == "Mn":
            continue
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf"):
            if word:
                out.append("".join(word))
                word = []
        elif _is_punctuation(ch):
            if word:
                out.append("".join(word))
                word = []
            out.append(ch)
        else:
            word.append(ch)
    if word:
        out.append("".join(word))
    return out


class WordPiece:
    """Greedy longest-match-first WordPiece over a fixed vocabulary."""

    def __init__(self, vocabulary: list[str]) -> None:
        self.ids = {piece: i for i, piece in enumerate(vocabulary)}
        self.unk = self.ids["[UNK]"]
        self.cls = self.ids["[CLS]"]
        self.sep = self.ids["[SEP]"]

    def word_ids(self, word: str) -> list[int]:
        """The piece ids of one word.

        >>> wp = WordPiece(["[UNK]", "[CLS]", "[SEP]", "budget", "##ing", "budg"])
        >>> wp.word_ids("budgeting"), wp.word_ids("xyz")
        ([3, 4], [0])
        """
        if len(word) > MAX_WORD_CHARS:
            return [self.unk]
        pieces: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    found = self.ids[piece]
                    break
                end -= 1
            if found is None:
                return [self.unk]
            pieces.append(found)
            start = end
        return pieces

    def encode(self, text: str, max_length: int = 128) -> list[int]:
        """[CLS] pieces [SEP], cut to max_length."""
        ids = [i for word in basic_words(text) for i in self.word_ids(word)]
        return [self.cls, *ids[: max_length - 2], self.sep]
