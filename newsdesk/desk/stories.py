"""Provides StoryUseCases: the same event across outlets, grouped as articles arrive.

The StoryIndex (core/stories.py) is loaded on first use, never at launch: a screen asks for
it in a worker (`ensure_stories`), which on a desk grouped before reads the saved state and
adds what arrived since, and on a desk never grouped groups every article once, with
progress. After that every refresh adds its new articles. The state is saved in the desk
file (Store.save_story_state), a changed part at a time, so it is written atomically with
everything else and a refresh writes only the stories it changed.
"""

from __future__ import annotations

import asyncio
import gc
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from newsdesk.core.errors import NotFoundError
from newsdesk.core.models import Article
from newsdesk.core.sanitize import unescape
from newsdesk.desk.feeds import FeedUseCases
from newsdesk.desk.memory import give_back_memory

if TYPE_CHECKING:
    from newsdesk.core.refresh import FeedOutcome, RefreshReport
    from newsdesk.core.stories import StoryArticle, StoryIndex
    from newsdesk.desk.records import StoryRow, Undone

Progress = Callable[[int, int], None]
HEAD_CHARS = 2400  # HTML read per article for its lede: tags and entities eat some of it
LEDE_CHARS = 300
GROUP_CHUNK = 12_500  # articles whose ledes are read and grouped at once
TRIM_AFTER = 2_000  # a chunk at least this large gives freed memory back (desk/memory.py)
_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>|<[^>]*$", re.S | re.I)


def html_head_text(markup: str, limit: int = LEDE_CHARS) -> str:
    """Plain text of the start of an HTML body: tags dropped, entities decoded, spaces
    collapsed. Cheap (no parser): a lede only needs the words, not the structure."""
    from newsdesk.core.stories import lede_of

    return lede_of(unescape(_TAG.sub(" ", markup)), limit)


class StoryUseCases(FeedUseCases):
    """Stories: grouping, the story of an article, split and merge (kept across reloads)."""

    _story_index: StoryIndex | None = None
    _story_guard: threading.RLock | None = None
    story_notice: str = ""  # what the last load had to say (a malformed state regrouped)

    def _stories_lock(self) -> threading.RLock:
        if self._story_guard is None:
            self._story_guard = threading.RLock()
        return self._story_guard

    # loading ------------------------------------------------------------------------------
    @property
    def stories_loaded(self) -> bool:
        return self._story_index is not None

    def stories_grouped_before(self) -> bool:
        """Whether the desk holds a saved grouping (else the first use groups everything)."""
        return self.store.story_state() is not None

    def ensure_stories(self, progress: Progress | None = None, *, save: bool = True) -> StoryIndex:
        """The story index, loaded (or built) now if it was not yet; safe in a worker.

        `save=False` keeps a fresh grouping in memory only (a small desk regroups in
        milliseconds, and merely opening a desk should not rewrite its file); the next
        change to the stories (a refresh, a split, a merge) saves it."""
        with self._stories_lock():
            index = self._story_index
            if index is None:
                index = self._load_story_index()
                added = self._catch_up(index, progress)
                # a damaged grouping is replaced on disk at once, so it is said only once; a
                # grouping saved in the old single-document form is saved again in parts
                if (added and save) or self.story_notice or index.migrated:
                    self._save_stories(index)
                self._story_index = index
            return index

    def _load_story_index(self) -> StoryIndex:
        from newsdesk.core.stories import StoryConfig, StoryIndex
        from newsdesk.core.storystate import StaleState

        config = StoryConfig(window_hours=self.config.stories.window_hours)
        saved = self.store.story_state()
        if saved is None:
            return StoryIndex(config)
        try:
            return StoryIndex.from_saved(saved.head, saved.parts, config)
        except StaleState as why:
            self.story_notice = f"{why}; regrouped."
        except Exception as error:  # any damage (bad base64, zlib, types): regroup, say so
            self.story_notice = f"The saved stories could not be read ({error}); regrouped."
        return StoryIndex(config)

    def _catch_up(self, index: StoryIndex, progress: Progress | None) -> int:
        """Group the desk's articles the index has not seen; returns how many.

        In publication order, GROUP_CHUNK at a time: only one chunk's ledes are in memory
        (a first grouping of 50,000 would otherwise hold ~23 MB of them), at the cost of
        reading the shards once per chunk. Assignment is the same as in one batch."""
        columns = self.store.article_columns()  # rows, not models: 250,000 of those is 160 MB
        new = [row for row in columns.rows() if columns.id_at(row) not in index]
        if not new:
            return 0
        stamps = columns.published
        new.sort(key=lambda row: (stamps[row], columns.id_at(row)))
        total = len(new)
        for at in range(0, total, GROUP_CHUNK):
            chunk = list(map(columns.article, new[at : at + GROUP_CHUNK]))

            def step(done: int, _total: int, at: int = at) -> None:
                if progress is not None:
                    progress(at + done, total)

            index.add(self._story_inputs(chunk), step)
            if len(chunk) >= TRIM_AFTER:
                give_back_memory()  # the shards' JSON, parsed for the ledes, is gone
        return total

    def _story_inputs(self, articles: Sequence[Article]) -> Iterator[StoryArticle]:
        """What grouping reads of each article: title and lede. Bodies are read one feed's
        shard at a time and cut to a lede at once, so a first grouping of 50,000 never holds
        more than one shard's HTML; the grouping lets each lede go once it is assigned."""
        from newsdesk.core.stories import StoryArticle

        by_feed: dict[str, list[Article]] = {}
        for article in articles:
            by_feed.setdefault(article.feed_id, []).append(article)
        ledes: dict[str, str] = {}
        for members in by_feed.values():
            heads = self.store.body_heads((a.id for a in members), HEAD_CHARS)
            for article_id, head in heads.items():
                ledes[article_id] = html_head_text(head)
            del heads
        del by_feed
        for a in articles:
            yield StoryArticle(a.id, a.feed_id, a.title, ledes.pop(a.id, ""), a.published)

    def _save_stories(self, index: StoryIndex) -> None:
        """Write what changed since the last save (everything, the first time)."""
        if self.readonly:
            return
        # thousands of small lists for a first save: without this, collections of the whole
        # desk's heap triggered by them cost more than building them
        from newsdesk.core.storystate import changes

        enabled = gc.isenabled()
        gc.disable()
        try:
            saved = changes(index)
            self.store.save_story_state(saved.head, saved.parts, replace=saved.replace)
        finally:
            if enabled:
                gc.enable()

    def add_new_to_stories(self) -> int:
        """Group articles that arrived since (a refresh calls this); nothing when the
        stories were never loaded: their first use catches up then."""
        with self._stories_lock():
            index = self._story_index
            if index is not None:
                added = self._catch_up(index, None)
                if added:
                    self._save_stories(index)
                return added
            if self.stories_grouped_before():
                before = len(self.store.article_columns())
                self.ensure_stories()  # loads the saved grouping and adds what is new
                return before
            return 0

    async def refresh(
        self,
        feed_ids: Sequence[str] | None = None,
        *,
        force: bool = False,
        on_outcome: Callable[[FeedOutcome], None] | None = None,
        on_start: Callable[[int], None] | None = None,
        **options: Any,
    ) -> RefreshReport:
        report = await super().refresh(
            feed_ids, force=force, on_outcome=on_outcome, on_start=on_start, **options
        )
        if any(o.new for o in report.outcomes):
            await asyncio.to_thread(self.add_new_to_stories)
        return report

    # queries ------------------------------------------------------------------------------
    def story_of(self, article_id: str) -> str | None:
        """The story of an article (loads the stories on first call); None if not grouped."""
        return self.ensure_stories().story_of(article_id)

    def story_outlets_of(self, article_id: str) -> int:
        """How many outlets cover the article's story; 0 while the stories are not loaded
        (a list row never waits for grouping)."""
        index = self._story_index
        if index is None:
            return 0
        sid = index.story_of(article_id)
        if not sid:
            return 0
        # feeds still subscribed: one removed (by cron, say) left its ◆N on the others' rows
        feed = self.store.feed
        return sum(1 for feed_id in index.outlets(sid) if feed(feed_id) is not None)

    def story_articles(self, story_id: str) -> list[Article]:
        """The story's articles still in the desk, oldest first."""
        index = self.ensure_stories()
        found = (self.store.article(aid) for aid in index.members(story_id))
        return sorted((a for a in found if a is not None), key=lambda a: (a.published, a.id))

    def story_title(self, story_id: str) -> str:
        """The story's headline: its first article's title."""
        articles = self.story_articles(story_id)
        return articles[0].title if articles else ""

    def story_rows(self, min_outlets: int = 2, since_days: float | None = None) -> list[StoryRow]:
        """Stories covered by at least `min_outlets` feeds, most outlets then newest first."""
        from newsdesk.desk.records import StoryRow

        index = self.ensure_stories()
        horizon = datetime.now(UTC) - timedelta(days=since_days) if since_days else None
        titles = {f.id: f.display_title for f in self.store.feeds()}
        rows = []
        for sid in index.stories(min_outlets):
            articles = self.story_articles(sid)
            feeds = list(dict.fromkeys(a.feed_id for a in articles))
            if len(feeds) < min_outlets or not articles:
                continue
            newest = max(a.published for a in articles)
            if horizon is not None and newest < horizon:
                continue
            outlets = tuple(titles.get(f, f) for f in feeds)
            rows.append(StoryRow(sid, articles[0].title, outlets, tuple(articles), newest))
        rows.sort(key=lambda r: (-len(r.outlets), -r.newest.timestamp(), r.id))
        return rows

    # the user's decisions ------------------------------------------------------------------
    def split_from_story(self, article_id: str) -> str:
        """Take an article out of its story (kept: later grouping never puts it back)."""
        article = self.require_article(article_id)
        with self._stories_lock():
            index = self.ensure_stories()
            if article_id not in index:
                raise NotFoundError("That article is not in a story yet.")
            was = index.story_of(article_id)
            sid = index.split(article_id, next(self._story_inputs([article])))
            self._save_stories(index)
        if was is not None and was != sid:

            def restore() -> Undone:
                from newsdesk.desk.records import Undone

                self.merge_stories(was, sid)
                return Undone(
                    f"“{article.title}” is back in its story.", (article_id,), stories=True
                )

            self.remember_undo("split from story", restore)
        return sid

    def merge_stories(self, story_a: str, story_b: str) -> str:
        """Join two stories into one (kept); returns the id of the joined story."""
        with self._stories_lock():
            index = self.ensure_stories()
            try:
                sid = index.merge(story_a, story_b)
            except KeyError:
                raise NotFoundError("That story is gone (split or merged meanwhile).") from None
            self._save_stories(index)
            return sid
