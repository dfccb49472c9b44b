"""Dutch readability: the Flesch–Douma score of the paragraph text on a page.

    score = 206.835 − 0.93 × (words per sentence) − 77 × (syllables per word)

Syllables come from pyphen's Dutch hyphenation dictionary (a word of n parts has n
syllables). Around 60 and above reads as plain language (B1); below 30 is academic."""

import re
from html.parser import HTMLParser

import pyphen

_DICTIONARY = pyphen.Pyphen(lang="nl_NL")
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")


def syllables(word):
    return len(_DICTIONARY.positions(word.lower())) + 1


def flesch_douma(paragraphs):
    """The score of a list of paragraphs; every paragraph ends at least one sentence."""
    words, sentences, syllable_count = 0, 0, 0
    for paragraph in paragraphs:
        found = WORD.findall(paragraph)
        if not found:
            continue
        words += len(found)
        syllable_count += sum(syllables(word) for word in found)
        sentences += max(1, len(SENTENCE_END.findall(paragraph.strip() + " ")))
    if not words:
        return None
    return 206.835 - 0.93 * (words / sentences) - 77 * (syllable_count / words)


class _Paragraphs(HTMLParser):
    """The text of every <p> inside <main>."""

    def __init__(self):
        super().__init__()
        self.in_main = 0
        self.in_paragraph = 0
        self.current = []
        self.paragraphs = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main += 1
        elif tag == "p" and self.in_main:
            self.in_paragraph += 1
            self.current = []

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main -= 1
        elif tag == "p" and self.in_paragraph:
            self.in_paragraph -= 1
            text = " ".join("".join(self.current).split())
            if text:
                self.paragraphs.append(text)

    def handle_data(self, data):
        if self.in_paragraph:
            self.current.append(data)


def paragraphs_of(html):
    parser = _Paragraphs()
    parser.feed(html)
    return parser.paragraphs
