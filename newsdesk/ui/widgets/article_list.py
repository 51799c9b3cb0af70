"""Provides ArticleList: the article index of the selected feed, newest first, virtualised."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import total_ordering
from itertools import compress
from typing import TYPE_CHECKING

from rich.text import Text
from textual.strip import Strip

from newsdesk.core.models import Article
from newsdesk.core.sanitize import clean_text
from newsdesk.ui.rows import RowList, inserted
from newsdesk.ui.widgets.virtual_list import VirtualList

if TYPE_CHECKING:  # story rows load when stories are grouped (ui/widgets/records.py)
    from newsdesk.ui.widgets.records import StoryHead

FEED_COLUMN = 20
FEED_COLUMN_MIN = 10  # narrower than this, the feed name is dropped rather than cut to nothing
TITLE_ROOM = 44  # the title keeps this much before the feed column gets any
AGE_COLUMN = 4
MARKS = 4  # "● ★ "


def feed_column(width: int) -> int:
    """The feed name's width in a row `width` cells wide: titles get the room first."""
    spare = width - MARKS - TITLE_ROOM - AGE_COLUMN - 2
    column = min(FEED_COLUMN, spare)
    return column if column >= FEED_COLUMN_MIN else 0


def age(when: datetime, now: datetime) -> str:
    seconds = max(0, int((now - when).total_seconds()))
    for unit, size in (("y", 31_536_000), ("w", 604_800), ("d", 86_400), ("h", 3_600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return "now"


class ArticleList(VirtualList):
    COMPONENT_CLASSES = VirtualList.COMPONENT_CLASSES | {
        "article-list--unread",
        "article-list--read",
        "article-list--star",
        "article-list--meta",
        "article-list--story",
    }

    def __init__(
        self,
        feed_title: Callable[[str], str],
        clock: Callable[[], datetime],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.articles: Sequence[Article] = []  # a RowList, for the view's lists
        self.empty_message = ""  # why the list is empty, painted on its first line
        self._rows_by_id: dict[str, int] | None = None  # a plain list's, on its first lookup
        self._feed_title = feed_title
        self._clock = clock
        self.story_outlets: Callable[[str], int] = lambda _id: 0  # the screen sets the desk's
        self.story_heads: dict[str, StoryHead] = {}  # rows that stand for a whole story

    def set_stories(self, heads: list[StoryHead], keep_id: str | None = None) -> None:
        """Show one row per story (its first article stands for it): the Stories entry."""
        self.set_articles([h.article for h in heads], keep_id)
        self.story_heads = {h.article.id: h for h in heads}

    def cursor_to(self, article_id: str, article: Article | None) -> None:
        """The cursor onto an article (`article`: the desk's copy, None if it has none); a
        list that does not show it ("unread only" hides a read one) lists it where its date
        puts it until it is next rebuilt, as an article read there stays, so the keys that
        act on the cursor act on it. Story rows stand for whole stories: nothing is put
        among them."""
        index = self.index_of(article_id) if article is None else self._dated(article)
        if index is None and article is not None and not self.story_heads:
            index = bisect_left(self.articles, NewestFirst(article.published), key=newest_first)
            # copied: the list may be the view's own list of every article
            self.set_articles(inserted(self.articles, index, article))
        if index is not None:
            self.move_to(index, quiet=True)

    def update_story_heads(self, heads: list[StoryHead]) -> None:
        """Story rows listed now take their newer state (an article of theirs was read)."""
        for head in heads:
            if head.article.id in self.story_heads:
                self.story_heads[head.article.id] = head
        self.refresh()

    def set_articles(self, articles: Sequence[Article], keep_id: str | None = None) -> None:
        self.story_heads = {}
        self.articles = articles
        self._rows_by_id = None
        self.set_row_count(len(articles), keep_cursor=False)
        if keep_id is not None:
            index = self.index_of(keep_id)
            if index is not None:
                self.set_reactive(VirtualList.cursor, index)
        self.scroll_to(y=max(0, self.cursor - self.size.height // 2), animate=False)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        if not self.articles and y == 0 and self.empty_message:
            width = self.scrollable_content_region.width
            text = Text(clean_text(self.empty_message), self.style_for("article-list--meta"))
            text.truncate(width, overflow="ellipsis", pad=True)
            return Strip(text.render(self.app.console, end=""), width)
        return super().render_line(y)

    def index_of(self, article_id: str) -> int | None:
        """The row of an article: the cursor's in O(1) (the usual case: the key acts on the
        article under it), else by the RowList (a C-level search of its rows) or through an
        id map built once per plain list."""
        articles = self.articles
        if 0 <= self.cursor < len(articles) and articles[self.cursor].id == article_id:
            return self.cursor
        if isinstance(articles, RowList):
            return articles.index_of(article_id)
        if self._rows_by_id is None:
            self._rows_by_id = {a.id: i for i, a in enumerate(articles)}
        index = self._rows_by_id.get(article_id)
        return index if index is not None and index < len(articles) else None

    def _dated(self, article: Article) -> int | None:
        """index_of an article the list shows newest first, found by bisecting on its date
        (the rows of that date are few): no map of 250,000 ids made for one lookup, as
        closing a search made (40 ms of its key). A list in another order (grouped by
        story) is looked up the usual way."""
        articles = self.articles
        at = bisect_left(articles, NewestFirst(article.published), key=newest_first)
        while at < len(articles) and articles[at].published == article.published:
            if articles[at].id == article.id:
                return at
            at += 1
        return self.index_of(article.id)

    def positions(self, article_ids: list[str]) -> dict[str, int]:
        """Where these articles are listed (those that are): one at a time for a few, else
        one C-level pass over a RowList's rows (marking 250,000 read is one key)."""
        articles = self.articles
        if len(article_ids) <= 8 or not isinstance(articles, RowList):
            found = {i: self.index_of(i) for i in article_ids}
            return {i: at for i, at in found.items() if at is not None}
        columns = articles.columns
        wanted = {row: i for i in article_ids if (row := columns.row_of(i)) is not None}
        rows = articles.rows
        hits = compress(range(len(rows)), map(wanted.__contains__, rows))
        return {wanted[rows[at]]: at for at in hits}

    def replace_at(self, index: int, article: Article) -> None:
        """The article at `index` has changed (`article`: its newer copy)."""
        if isinstance(self.articles, list):  # a RowList reads the desk's copy anyway
            self.articles[index] = article
        self.refresh_row(index)

    @property
    def current(self) -> Article | None:
        if 0 <= self.cursor < len(self.articles):
            return self.articles[self.cursor]
        return None

    @property
    def current_story(self) -> StoryHead | None:
        """The story under the cursor when the list shows stories."""
        article = self.current
        return self.story_heads.get(article.id) if article is not None else None

    def story_row_text(self, head: StoryHead, width: int) -> Text:
        """`◆3  Outlet A, Outlet B, Outlet C  headline`: outlets first, as many as fit."""
        badge = f"◆{len(head.outlets)} "
        text = Text(end="")
        text.append("● " if head.unread else "  ", self.style_for("article-list--unread"))
        text.append(badge, self.mark_style("article-list--story"))
        room = max(4, width - 2 - len(badge))
        outlets = clean_text(", ".join(head.outlets))
        column = max(10, room // 3)  # a fixed column, so the headlines line up
        if len(outlets) > column:
            outlets = outlets[: column - 1] + "…"
        text.append(outlets.ljust(column) + "  ", self.style_for("article-list--meta"))
        title_room = max(0, room - column - 2)
        title = clean_text(head.article.title)
        if len(title) > title_room:
            title = title[: max(0, title_room - 1)] + "…"
        state = "article-list--unread" if head.unread else "article-list--read"
        text.append(title.ljust(title_room), self.style_for(state))
        return text

    def row_text(self, index: int, width: int) -> Text:
        article = self.articles[index]
        head = self.story_heads.get(article.id)
        if head is not None:
            return self.story_row_text(head, width)
        unread = not article.read
        column = feed_column(width)
        feed = clean_text(self._feed_title(article.feed_id))
        if len(feed) > column:
            feed = feed[: column - 1] + "…" if column else ""
        when = age(article.published, self._clock()).rjust(AGE_COLUMN)
        title_room = max(4, width - MARKS - (column + 1 if column else 0) - AGE_COLUMN - 1)
        title = clean_text(article.title)
        outlets = self.story_outlets(article.id)
        badge = f"◆{outlets} " if outlets >= 2 else ""
        title_room -= len(badge)
        if len(title) > title_room:
            title = title[: title_room - 1] + "…"
        text = Text(end="")
        text.append("● " if unread else "  ", self.style_for("article-list--unread"))
        text.append("★ " if article.starred else "  ", self.mark_style("article-list--star"))
        state = "article-list--unread" if unread else "article-list--read"
        if badge:
            text.append(badge, self.mark_style("article-list--story"))
        text.append(title.ljust(title_room), self.style_for(state))
        if column:
            text.append(" " + feed.ljust(column), self.style_for("article-list--meta"))
        text.append(" " + when, self.style_for("article-list--meta"))
        return text


@total_ordering
class NewestFirst:
    """A date that sorts newest first, to bisect a list of articles in that order (the
    view's rows, a shown list)."""

    __slots__ = ("when",)

    def __init__(self, when: datetime) -> None:
        self.when = when

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NewestFirst) and self.when == other.when

    def __lt__(self, other: NewestFirst) -> bool:
        return self.when > other.when

    __hash__ = None  # type: ignore[assignment]


def newest_first(article: Article) -> NewestFirst:
    """The bisection key of a list newest first."""
    return NewestFirst(article.published)
