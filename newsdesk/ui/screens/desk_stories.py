"""Provides StoryActions: the Stories entry, grouping a list by story, next in story, split,
merge and the compare view.

Stories are grouped after the first paint: at once on a small desk, in a worker with
progress on a large one never grouped before, so launching never waits for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding, BindingType

from newsdesk.core.sanitize import clean_line
from newsdesk.ui.widgets.article_list import ArticleList
from newsdesk.ui.widgets.feed_list import FeedList

if TYPE_CHECKING:
    from newsdesk.ui.screens.desk_host import DeskHost as _Host
else:
    _Host = object

GROUP_AT_ONCE = 1000  # a desk this small is grouped before its first paint (about 20 ms)


class StoryActions(_Host):
    STORY_BINDINGS: list[BindingType] = [
        Binding("z", "toggle_stories", "Group by story", show=False, id="story.toggle"),
        Binding("full_stop", "next_in_story(1)", "Next in story", show=False, id="story.next"),
        Binding("comma", "next_in_story(-1)", "Previous in story", show=False, id="story.prev"),
        Binding("V", "compare", "Compare versions", show=False, id="story.compare"),
        Binding("X", "split_story", "Split from story", show=False, id="story.split"),
        Binding(
            "M", "merge_story", "Merge stories (mark, then merge)", show=False, id="story.merge"
        ),
    ]
    story_open: str | None = None  # the story whose articles the Stories entry lists
    group_stories: bool = False
    marked_story: str | None = None
    _grouping: bool = False

    # loading ---------------------------------------------------------------------------------
    def stories_at_once(self) -> None:
        """On a small desk the stories are there for the first paint (no worker, no flicker).
        A large desk painted from its head has the head's few hundred rows as its desk
        until the whole index is in: grouping those was 40-60 ms of its first frame."""
        if not self.desk.stories_loaded and self.state.whole_desk_size() <= GROUP_AT_ONCE:
            self.desk.ensure_stories(save=False)  # opening a desk does not rewrite it
            if self.desk.story_notice:
                self.notify(self.desk.story_notice, severity="warning", markup=False)
                self.desk.story_notice = ""

    def stories_after_paint(self) -> None:
        """A larger desk grouped before: its saved grouping loads in a worker. One never
        grouped is grouped when stories are first asked for (the entry, a story key)."""
        if not self.desk.stories_loaded and self.desk.stories_grouped_before():
            self.group_stories_now()

    def need_stories(self) -> bool:
        """Whether stories are ready; if not, grouping starts and the user is told."""
        if self.desk.stories_loaded:
            return True
        self.group_stories_now()
        self.say("Grouping stories… one moment.")
        return False

    @work(thread=True, exclusive=True, group="stories", exit_on_error=False)
    def group_stories_now(self) -> None:
        if self._grouping:
            return
        self._grouping = True

        def progress(done: int, total: int) -> None:
            def show() -> None:
                bar = self.progress_bar()
                bar.display = True
                bar.update(total=total, progress=done)

            self.app.call_from_thread(show)

        try:
            self.desk.ensure_stories(progress)
        finally:
            self._grouping = False
        self.app.call_from_thread(self._stories_ready)

    def _stories_ready(self) -> None:
        self.hide_progress()
        self.state.load_stories()
        self.refresh_feed_list()
        self.show_entry(keep_article=True)
        self.query_one(ArticleList).refresh()
        if self.desk.story_notice:
            self.notify(self.desk.story_notice, severity="warning", markup=False)
            self.desk.story_notice = ""

    # the Stories entry -------------------------------------------------------------------------
    def in_stories_entry(self) -> bool:
        entry = self.query_one(FeedList).current
        return entry is not None and entry.kind == "stories" and not self.query_text

    def show_stories(self, keep: str | None) -> None:
        """The Stories entry: one row per story of 2+ outlets, or one story's articles."""
        article_list = self.query_one(ArticleList)
        if not self.desk.stories_loaded:
            article_list.set_articles([])
            article_list.empty_message = "Grouping stories…"
            self.need_stories()
            return
        if self.story_open is not None:
            articles = self.desk.story_articles(self.story_open)
            shown = [self.state.listed(a.id) or a for a in articles]
            if self.unread_only:
                shown = [a for a in shown if not a.read]
            article_list.set_articles(shown, keep_id=keep)
            article_list.empty_message = "Nothing unread in this story."
            return
        heads = self.state.story_heads
        if self.unread_only:
            heads = [h for h in heads if h.unread]
        article_list.set_stories(heads, keep_id=keep)
        article_list.empty_message = "No event covered by two or more outlets yet."

    def stories_title(self) -> str | None:
        """The article list's title inside the Stories entry."""
        if not self.in_stories_entry():
            return None
        if self.story_open is None:
            count = len(self.query_one(ArticleList).articles)
            return f"Stories · {count} covered by 2+ outlets · enter opens one"
        outlets = len(self.desk.story_articles(self.story_open))
        title = self.desk.story_title(self.story_open)
        # the headline last: a long one is what the border cuts, not the way back
        return f"Story · {outlets} articles · escape: all stories · {title}"

    def open_story_row(self) -> bool:
        """Enter on a story row lists its articles; False when the row is an article."""
        head = self.query_one(ArticleList).current_story
        if head is None:
            return False
        self.story_open = head.story_id
        self.show_entry()
        return True

    def close_story(self) -> bool:
        """Escape in an open story goes back to the story rows, on the story left."""
        if self.story_open is None or not self.in_stories_entry():
            return False
        left = self.story_open
        self.story_open = None
        head = next((h for h in self.state.story_heads if h.story_id == left), None)
        self.show_entry()
        if head is not None:
            article_list = self.query_one(ArticleList)
            index = article_list.index_of(head.article.id)
            if index is not None:
                article_list.move_to(index, quiet=True)
        return True

    # keys ----------------------------------------------------------------------------------
    def action_toggle_stories(self) -> None:
        if not self.need_stories():
            return
        self.group_stories = not self.group_stories
        self.show_entry(keep_article=True)
        self.say("Grouped by story." if self.group_stories else "Newest first.")

    def _story_target(self) -> tuple[str, str] | None:
        """(article id, story id) of the article the keys act on, or None after saying why."""
        article = self.target_article()
        if article is None:
            self.notify("Select an article first.", timeout=3)
            return None
        if not self.need_stories():
            return None
        story = self.desk.story_of(article.id)
        if story is None:
            self.notify(
                f"{self._named(article.id)} is not in a story yet.", timeout=3, markup=False
            )
            return None
        return article.id, story

    def _named(self, article_id: str) -> str:
        """The article the keys act on, by title: with the list focused that is the row
        under the cursor, which need not be the article being read."""
        article = self.desk.article(article_id)
        return f"“{clean_line(article.title, 50)}”" if article is not None else "This article"

    def action_next_in_story(self, direction: int) -> None:
        target = self._story_target()
        if target is None:
            return
        article_id, story = target
        articles = self.desk.story_articles(story)
        if len(articles) < 2:
            self.notify(f"No other outlet has {self._named(article_id)}.", timeout=3, markup=False)
            return
        ids = [a.id for a in articles]
        at = ids.index(article_id) if article_id in ids else -1
        following = ids[(at + direction) % len(ids)]
        if self.query_one(ArticleList).index_of(following) is None and self.in_stories_entry():
            self.story_open = story
            self.show_entry()
        self.select_article(following)
        self.open_article(following)
        following_article = self.desk.article(following)
        feed = self.desk.feed(following_article.feed_id) if following_article else None
        where = feed.display_title if feed else ""
        self.say(f"{ids.index(following) + 1} of {len(ids)} in this story: {where}")

    def action_split_story(self) -> None:
        target = self._story_target()
        if target is None:
            return
        article_id, story = target
        if len(self.desk.story_articles(story)) < 2:
            self.notify("This article is alone in its story.", timeout=3)
            return
        self.desk.split_from_story(article_id)
        self.stories_changed()
        article = self.desk.article(article_id)
        title = clean_line(article.title, 50) if article is not None else "The article"
        # named: on a Stories row the row stands for the story, not for the one split off
        self.say(f"“{title}” split from its story (kept after refreshes): ctrl+z undoes.")

    def action_merge_story(self) -> None:
        target = self._story_target()
        if target is None:
            return
        _, story = target
        if self.marked_story is None or self.marked_story == story:
            self.marked_story = story
            self.say("Story marked: M on an article of another story merges the two.")
            return
        merged = self.desk.merge_stories(self.marked_story, story)
        self.marked_story = None
        if self.story_open is not None:
            self.story_open = merged
        self.stories_changed()
        outlets = len({a.feed_id for a in self.desk.story_articles(merged)})
        self.say(f"Merged: one story, {outlets} outlets.")

    def stories_changed(self) -> None:
        self.state.load_stories()
        self.refresh_feed_list()
        self.show_entry(keep_article=True)
        self.query_one(ArticleList).refresh()

    def action_compare(self) -> None:
        target = self._story_target()
        if target is None:
            return
        article_id, story = target
        if len(self.desk.story_articles(story)) < 2:
            self.notify(
                f"No other outlet has {self._named(article_id)}: nothing to compare.",
                timeout=3,
                markup=False,
            )
            return
        from newsdesk.ui.screens.compare import CompareScreen

        self.app.push_screen(CompareScreen(self.desk, story, article_id))
