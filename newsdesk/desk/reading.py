"""Provides ReadingUseCases: opening an article, read/star/tags, search, with undo.

Opening renders the body (feed boilerplate stripped), marks the article read and
re-anchors its highlights to the text as it reads now; the front end paints what it gets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from typing import TYPE_CHECKING

from newsdesk.core.columns import live_tags
from newsdesk.core.models import Article, Highlight, TextVersion
from newsdesk.core.wording import plural
from newsdesk.desk.base import DeskBase

if TYPE_CHECKING:
    from newsdesk.core.boilerplate import StripRules
    from newsdesk.core.render import RenderedArticle
    from newsdesk.desk.records import OpenedArticle, Undone


class ReadingUseCases(DeskBase):
    _strip_rules: StripRules | None = None

    def shown_version(self, article: Article) -> TextVersion:
        """The text the reader shows: the full article when it exists and was shown last."""
        return "full" if article.has_full and article.show_full else "feed"

    def render(self, article: Article, version: TextVersion | None = None) -> RenderedArticle:
        """The article's text as read (the version shown unless one is named). The full
        article is not stripped of feed boilerplate: the extractor has removed the page's."""
        from newsdesk.core.boilerplate import StripRules, strip_boilerplate
        from newsdesk.core.render import render_article

        if (version or self.shown_version(article)) == "full":
            full = render_article(self.store.full_text(article.id), article.link)
            return _without_title(full, article.title)
        if self._strip_rules is None:
            self._strip_rules = StripRules.build(dict(self.config.strip))
        feed = self.store.feed(article.feed_id)
        rendered = render_article(self.store.body(article.id), article.link)
        return strip_boilerplate(rendered, feed.url if feed else "", self._strip_rules)

    def open_article(self, article_id: str, *, mark_read: bool = True) -> OpenedArticle:
        """Render an article for reading (the version shown last), mark it read and
        re-anchor its highlights to that text."""
        from newsdesk.core.summary import looks_like_summary
        from newsdesk.desk.records import OpenedArticle

        article = self.require_article(article_id)
        version = self.shown_version(article)
        rendered = self.render(article, version)
        highlights = self.placed_highlights(article_id, rendered, version)
        was_unread = not article.read
        if was_unread and mark_read:
            self.store.set_read([article.id], True)
            article = self.store.article(article.id) or article
        summary_only = (
            version == "feed"
            and not article.has_full
            and article.link.startswith(("http://", "https://"))
            and looks_like_summary(rendered.text)
        )
        return OpenedArticle(
            article,
            self.store.feed(article.feed_id),
            rendered,
            tuple(highlights),
            tuple(self.store.notes(article_id)),
            was_unread,
            tuple(self.store.enclosures(article_id)),
            version,
            article.has_full,
            summary_only,
        )

    def placed_highlights(
        self,
        article_id: str,
        shown: str | RenderedArticle,
        version: TextVersion | None = None,
    ) -> list[Highlight]:
        """The article's highlights where they sit in the text as shown now (a rendered
        article, so quotes kept without link numbers are found; or plain text); moves and
        orphans are saved.

        A highlight made on the other version (`version`: the one shown) that is not found
        here is shown as orphaned but not saved so: its passage may be only in the other
        text, and switching back finds it again. Found, it is placed like any other."""
        highlights = self.store.highlights(article_id)
        text = shown if isinstance(shown, str) else shown.text
        if not text.strip():
            return highlights  # no body yet (restored from an export): nothing to anchor to
        if version is None:
            article = self.store.article(article_id)
            version = self.shown_version(article) if article is not None else "feed"
        placed = place_highlights(highlights, shown)
        for old, new in zip(highlights, placed, strict=True):
            if new.orphaned and old.version != version:
                continue  # only lost in this version: kept as it was
            if new != old:
                self.store.update_highlight(
                    new.id, start=new.start, end=new.end, orphaned=new.orphaned
                )
        return placed

    # marking ------------------------------------------------------------------------------
    def set_read(self, article_ids: Sequence[str], read: bool = True) -> list[str]:
        """Mark articles read or unread; returns the ids whose state changed (the store
        tells, from its flag bytes: no model per article)."""
        return self.store.set_read(article_ids, read)

    def mark_all_read(self, article_ids: Sequence[str]) -> list[str]:
        """Mark these read at once; ctrl+z makes exactly those unread again."""
        changed = self.set_read(article_ids, True)
        if changed:

            def restore() -> Undone:
                from newsdesk.desk.records import Undone

                self.store.set_read(changed, False)
                return Undone(
                    f"Marked {plural(len(changed), 'article')} unread again.", tuple(changed)
                )

            self.remember_undo("mark read", restore)
        return changed

    def mark_one(self, article_id: str, read: bool) -> bool:
        """An article marked read or unread by the user (`m`): ctrl+z puts it back, and
        does not reach past it to an older change. False when it was so already."""
        if not self.set_read([article_id], read):
            return False
        title = self.require_article(article_id).title
        word = "unread" if read else "read"
        self._remember_article_undo(
            "mark read" if read else "mark unread",
            lambda: self.store.set_read([article_id], not read),
            f"“{title}” is {word} again.",
            article_id,
        )
        return True

    def set_starred(self, article_id: str, starred: bool) -> Article:
        """Star or unstar; ctrl+z puts the star back as it was."""
        before = self.require_article(article_id)
        self.store.set_starred(article_id, starred)
        if before.starred != starred:
            self._remember_article_undo(
                "star" if starred else "unstar",
                lambda: self.store.set_starred(article_id, not starred),
                f"“{before.title}” is {'unstarred' if starred else 'starred'} again.",
                article_id,
            )
        return self.require_article(article_id)

    def _remember_article_undo(
        self, label: str, put_back: Callable[[], object], message: str, article_id: str
    ) -> None:
        def restore() -> Undone:
            from newsdesk.desk.records import Undone

            put_back()
            return Undone(message, (article_id,))

        self.remember_undo(label, restore)

    def set_tags(self, article_id: str, tags: Iterable[str]) -> Article:
        self.require_article(article_id)
        clean = list(dict.fromkeys(t.strip() for t in tags if t.strip()))
        self.store.set_tags(article_id, clean)
        return self.require_article(article_id)

    def known_tags(self) -> list[str]:
        tags = chain.from_iterable(live_tags(self.store.article_columns()))
        return sorted(set(tags), key=str.casefold)

    # search -------------------------------------------------------------------------------
    def search_bodies(self, query: str, stop: Callable[[], bool] | None = None) -> set[str]:
        """Ids of articles whose body or summary holds `query` (reads the shards: slow);
        `stop` ends it early (asked between shards)."""
        return self.store.search_bodies(query, stop)

    def annotation_matches(self, query: str) -> frozenset[str]:
        """Ids of articles with a highlight or note holding `query`."""
        if not query:
            return frozenset()
        needle = query.casefold()
        ids = {h.article_id for h in self.store.highlights() if needle in h.quote.casefold()}
        ids |= {n.article_id for n in self.store.notes() if needle in n.text.casefold()}
        return frozenset(ids)


def place_highlights(
    highlights: Sequence[Highlight], shown: str | RenderedArticle
) -> list[Highlight]:
    """Highlights placed on the text as shown, nothing saved."""
    from newsdesk.core.anchor import reanchor, reanchor_plain

    if isinstance(shown, str):
        return reanchor(highlights, shown)
    plain, kept = shown.plain_map()
    return reanchor_plain(highlights, shown.text, plain, kept)


def _without_title(rendered: RenderedArticle, title: str) -> RenderedArticle:
    """The full article without the page's own headline when it repeats the header's."""
    from newsdesk.core.render import RenderedArticle

    blocks = rendered.blocks
    if blocks and " ".join(blocks[0].text.split()).casefold() == " ".join(title.split()).casefold():
        return RenderedArticle(blocks[1:], rendered.links)
    return rendered
