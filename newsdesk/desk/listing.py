"""Provides ListingUseCases: articles filtered for scripts, one article as text, marking by id.

What `newsdesk articles`, `newsdesk show` and `newsdesk mark` call; nothing here changes an
article unless asked to (`show` does not mark it read).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from newsdesk.core.errors import NotFoundError
from newsdesk.desk.reading import ReadingUseCases

if TYPE_CHECKING:
    from newsdesk.desk.records import ArticleListing, MarkReport

MarkAction = Literal["read", "unread", "star", "unstar"]
ShowFormat = Literal["text", "md", "json"]


class ListingUseCases(ReadingUseCases):
    def list_articles(
        self,
        *,
        feed_url: str | None = None,
        unread: bool = False,
        starred: bool = False,
        tag: str | None = None,
        since_days: int | None = None,
        limit: int | None = None,
        now: datetime | None = None,
    ) -> list[ArticleListing]:
        """Articles passing every filter given, newest first. An unknown feed url is an error."""
        from newsdesk.desk.records import ArticleListing

        feeds = {f.id: f for f in self.store.feeds()}
        feed_id: str | None = None
        if feed_url is not None:
            feed = self.store.feed(feed_url) or self.store.feed_by_url(feed_url)  # id or URL
            if feed is None:
                raise NotFoundError(f"No feed with URL or id {feed_url} in the desk.")
            feed_id = feed.id
        wanted = tag.casefold() if tag else None
        since = (now or datetime.now(UTC)) - timedelta(days=since_days) if since_days else None
        chosen = [
            a
            for a in self.store.articles()
            if (feed_id is None or a.feed_id == feed_id)
            and (not unread or not a.read)
            and (not starred or a.starred)
            and (since is None or a.published >= since)
            and (
                wanted is None
                or wanted
                in {
                    t.casefold()
                    for t in a.tags + (feeds[a.feed_id].tags if a.feed_id in feeds else ())
                }
            )
        ]
        chosen.sort(key=lambda a: (a.published, a.id), reverse=True)
        if limit is not None:
            chosen = chosen[:limit]
        highlights: dict[str, int] = {}
        for h in self.store.highlights():
            highlights[h.article_id] = highlights.get(h.article_id, 0) + 1
        notes: dict[str, int] = {}
        for n in self.store.notes():
            notes[n.article_id] = notes.get(n.article_id, 0) + 1
        return [
            ArticleListing(a, feeds.get(a.feed_id), highlights.get(a.id, 0), notes.get(a.id, 0))
            for a in chosen
        ]

    def show_article(self, article_id: str, fmt: ShowFormat = "text") -> str:
        """One article as text, Markdown (highlights marked, notes after) or JSON; unread stays
        unread and nothing is written (the highlights are placed on the text as it reads now)."""
        import json

        from newsdesk.core import article_text
        from newsdesk.desk.reading import place_highlights

        article = self.require_article(article_id)
        rendered = self.render(article)
        feed = self.store.feed(article.feed_id)
        highlights = self.store.highlights(article_id)
        if rendered.text.strip():
            highlights = place_highlights(highlights, rendered)
        notes = self.store.notes(article_id)
        files = self.store.enclosures(article_id)
        if fmt == "json":
            data = article_text.article_as_dict(article, feed, rendered, highlights, notes, files)
            return json.dumps(data, ensure_ascii=False) + "\n"
        if fmt == "md":
            return article_text.article_as_markdown(
                article, feed, rendered, highlights, notes, files
            )
        return article_text.article_as_text(article, feed, rendered, files)

    def mark_articles(self, article_ids: Sequence[str], action: MarkAction) -> MarkReport:
        """Apply one action to every known id; unknown ids are reported, the others done."""
        from newsdesk.desk.records import MarkReport

        known = [i for i in dict.fromkeys(article_ids) if self.store.article(i) is not None]
        unknown = tuple(i for i in dict.fromkeys(article_ids) if i not in known)
        changed: list[str] = []
        for article_id in known:
            article = self.store.article(article_id)
            assert article is not None
            if action in ("read", "unread"):
                value = action == "read"
                if article.read != value:
                    self.store.set_read([article_id], value)
                    changed.append(article_id)
            else:
                value = action == "star"
                if article.starred != value:
                    self.store.set_starred(article_id, value)
                    changed.append(article_id)
        unchanged = tuple(i for i in known if i not in changed)
        return MarkReport(tuple(changed), unchanged, unknown)
