"""Provides ClaimUseCases: the claims board (claims grouped by story, the same claim from two
outlets shown once), its status, speaker and note edits, speaker detection and exports.

Stories come from `story_of` (and `story_title` when the story use cases provide it); an
article in no story is a group of its own. A speaker the user never set is detected from the
sentence and its neighbours when the highlight becomes a claim, and guessed (not saved) on
the board for older claims, so a read-only desk shows the same board.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from newsdesk.core.models import CLAIM_KINDS, NO_SPEAKER, Article, Highlight
from newsdesk.desk.annotations import AnnotationUseCases
from newsdesk.desk.reading import ReadingUseCases

if TYPE_CHECKING:  # the claims core loads with the board, not before the first frame
    from newsdesk.core.claims import Claim, ClaimItem
    from newsdesk.core.render import RenderedArticle

MAX_SPEAKER_CHARS = 200


class ClaimUseCases(ReadingUseCases, AnnotationUseCases):
    # the board --------------------------------------------------------------------------------
    def claims(self, query: str = "", *, status: str | None = None) -> list[Claim]:
        """Every claim on the desk, merged across outlets, grouped by story (newest story
        first), filtered by the board's filter language and, given one, a status."""
        from newsdesk.core.claims import check_status, filter_claims, merge_claims

        items = self.claim_items()
        merged = merge_claims(items)
        groups: dict[str, list[Claim]] = {}
        for claim in merged:
            groups.setdefault(claim.group, []).append(claim)
        ordered = [claim for group in groups.values() for claim in group]
        if status is not None:
            wanted = check_status(status)
            ordered = [c for c in ordered if c.status == wanted]
        return filter_claims(ordered, query) if query.strip() else ordered

    def claim_items(self) -> list[ClaimItem]:
        """One item per claim highlight, newest article first, in reading order within it."""
        from newsdesk.core.claims import ClaimItem, ClaimSource

        highlights = [h for h in self.store.highlights() if h.kind in CLAIM_KINDS]
        if not highlights:
            return []
        notes = {n.highlight_id: n for n in self.store.notes() if n.highlight_id}
        feeds = {f.id: f for f in self.store.feeds()}
        articles = {h.article_id: self.store.article(h.article_id) for h in highlights}
        stories: dict[str, str | None] = {a: self.story_of(a) for a in articles}
        titles: dict[str, str] = {}
        guesses = self._speaker_guesses()

        def sort_key(h: Highlight) -> tuple[float, str, int]:
            article = articles[h.article_id]
            when = article.published.timestamp() if article is not None else 0.0
            return (-when, h.article_id, h.start)

        items: list[ClaimItem] = []
        for h in sorted(highlights, key=sort_key):
            article = articles[h.article_id]
            feed = feeds.get(article.feed_id) if article is not None else None
            note = notes.get(h.id)
            story = stories[h.article_id]
            speaker, detected = h.speaker, False
            if speaker == NO_SPEAKER:
                speaker = ""
            elif not speaker and article is not None and not h.orphaned:
                guess = guesses.speaker(article, h)
                speaker, detected = guess or "", guess is not None
            items.append(
                ClaimItem(
                    text=h.quote,
                    kind=h.kind,
                    status=h.status,
                    speaker=speaker,
                    story=story,
                    story_title=self._group_title(story, article, titles),
                    source=ClaimSource(
                        highlight_id=h.id,
                        article_id=h.article_id,
                        offset=h.start,
                        outlet=feed.display_title if feed else "",
                        title=article.title if article else "(article gone)",
                        link=article.link if article else "",
                        published=article.published if article else h.created,
                        note=note.text if note else "",
                        note_id=note.id if note else None,
                    ),
                    speaker_detected=detected,
                )
            )
        return items

    def _speaker_guesses(self) -> _SpeakerGuesses:
        """Guesses kept for the session: the board reads itself again after every edit, and
        rendering every claimed article again each time would make a key press slow."""
        guesses: _SpeakerGuesses | None = self.__dict__.get("_claim_speaker_guesses")
        if guesses is None:
            guesses = self.__dict__["_claim_speaker_guesses"] = _SpeakerGuesses(self._passages_of)
        guesses.new_reading()
        return guesses

    def _group_title(
        self, story: str | None, article: Article | None, cache: dict[str, str]
    ) -> str:
        fallback = article.title if article is not None else "(article gone)"
        if story is None:
            return fallback
        if story not in cache:
            titled: Callable[[str], str] | None = getattr(self, "story_title", None)
            title = titled(story) if titled is not None else ""
            cache[story] = title or fallback
        return cache[story]

    # edits ------------------------------------------------------------------------------------
    def set_claim_status(self, claim: Claim, status: str) -> None:
        """Set the status on every source of the claim (each outlet's highlight)."""
        from newsdesk.core.claims import check_status

        checked = check_status(status)
        before = self._sources_now(claim)
        for highlight_id in claim.highlight_ids:
            self.store.update_highlight(highlight_id, status=checked)
        was = before[0].status if before else "open"
        self.remember_highlights_undo("claim status", before, f"Claim {was} again.")

    def set_claim_speaker(self, claim: Claim, speaker: str) -> str:
        """Save who said it on every source; returns the name as saved (one clean line)."""
        from newsdesk.core.sanitize import clean_line

        name = clean_line(speaker, MAX_SPEAKER_CHARS)
        if not name:
            name = NO_SPEAKER  # else a guess comes straight back in place of what was cleared
        before = self._sources_now(claim)
        for highlight_id in claim.highlight_ids:
            self.store.update_highlight(highlight_id, speaker=name)
        self.remember_highlights_undo("claim speaker", before, "Speaker put back.")
        return name

    def _sources_now(self, claim: Claim) -> list[Highlight]:
        return [h for h in map(self.highlight, claim.highlight_ids) if h is not None]

    def save_claim_note(self, claim: Claim, text: str) -> None:
        """The claim's note lives on its first source's highlight (the one the board edits)."""
        first = claim.sources[0]
        self.save_note(first.article_id, first.highlight_id, text)

    def claim_note(self, claim: Claim) -> str:
        """The note the board edits: the first source's."""
        first = claim.sources[0]
        note = self.note_on(first.article_id, first.highlight_id)
        return note.text if note is not None else ""

    # speakers ---------------------------------------------------------------------------------
    def set_highlight_kind(self, highlight_id: str, kind: str) -> Highlight:
        """A highlight made a claim gets its speaker detected, unless one is saved already."""
        highlight = super().set_highlight_kind(highlight_id, kind)
        if highlight.kind in CLAIM_KINDS and not highlight.speaker and not highlight.orphaned:
            name = self.detect_speaker(highlight)
            if name:
                highlight = self.store.update_highlight(highlight.id, speaker=name)
        return highlight

    def detect_speaker(self, highlight: Highlight) -> str | None:
        """Who said the highlighted passage, read from its sentence and the ones around it."""
        from newsdesk.core.claims import speaker_around

        article = self.store.article(highlight.article_id)
        if article is None:
            return None
        return speaker_around(self._passages_of(article), highlight.start, highlight.end)

    def _passages_of(self, article: Article) -> list[tuple[int, int, str]]:
        from newsdesk.core.sentences import sentence_spans

        rendered: RenderedArticle = self.render(article)
        return [(p.article_start, p.article_end, p.text) for p in sentence_spans(rendered.blocks)]

    # exports ----------------------------------------------------------------------------------
    def export_claims(
        self, fmt: str = "md", *, status: str | None = None, claims: list[Claim] | None = None
    ) -> str:
        """The board as Markdown ("md"), CSV ("csv"), JSON ("json") or plain text ("text")."""
        from newsdesk.core.claims_export import (
            claims_csv,
            claims_json,
            claims_markdown,
            claims_text,
        )

        if claims is None:
            claims = self.claims(status=status)
        if fmt == "json":
            return claims_json(claims)
        if fmt == "csv":
            return claims_csv(claims)
        if fmt == "text":
            return claims_text(claims)
        return claims_markdown(claims)


class _SpeakerGuesses:
    """Speakers guessed for the board's claims that have none saved.

    A guess is kept for the session by highlight, place and quote (the words around the same
    quote at the same place give the same guess); an article is rendered at most once per
    reading of the board, and only for a highlight not guessed before.
    """

    KEEP = 5000

    def __init__(self, passages_of: Callable[[Article], list[tuple[int, int, str]]]) -> None:
        self._passages_of = passages_of
        self._guesses: dict[tuple[str, int, int, str], str | None] = {}
        self._passages: dict[str, Sequence[tuple[int, int, str]]] = {}

    def new_reading(self) -> None:
        self._passages.clear()

    def speaker(self, article: Article, highlight: Highlight) -> str | None:
        from newsdesk.core.claims import speaker_around

        key = (highlight.id, highlight.start, highlight.end, highlight.quote)
        if key in self._guesses:
            return self._guesses[key]
        passages = self._passages.get(article.id)
        if passages is None:
            try:
                passages = self._passages_of(article)
            except Exception:  # a body that will not render: no guess, the board still shows
                passages = []
            self._passages[article.id] = passages
        guess = speaker_around(passages, highlight.start, highlight.end)
        if len(self._guesses) >= self.KEEP:
            self._guesses.pop(next(iter(self._guesses)))
        self._guesses[key] = guess
        return guess
