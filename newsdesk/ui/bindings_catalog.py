"""Provides the desk's catalogue of key bindings, grouped by where they work.

The help screen lists it, and the check of the config's [keys] reads its binding ids; both
need every binding of every screen and pane, so the catalogue imports them when asked, not
at start-up.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding, BindingType


def binding_groups(everywhere: Iterable[BindingType]) -> list[tuple[str, list[BindingType]]]:
    """Every binding of the desk by group; `everywhere` are the app's own."""
    from newsdesk.ui.screens.claims_board import ClaimsBoardScreen
    from newsdesk.ui.screens.compare import CompareScreen
    from newsdesk.ui.screens.desk_annotations import AnnotationActions
    from newsdesk.ui.screens.desk_articles import ArticleActions
    from newsdesk.ui.screens.desk_claims import ClaimsActions
    from newsdesk.ui.screens.desk_feeds import FeedActions
    from newsdesk.ui.screens.desk_layout import LayoutActions
    from newsdesk.ui.screens.desk_reader_keys import ReaderKeys
    from newsdesk.ui.screens.desk_stories import StoryActions
    from newsdesk.ui.screens.note_editor import NoteEditorModal
    from newsdesk.ui.screens.notes_browser import NotesBrowserScreen
    from newsdesk.ui.widgets.notes_sidebar import NotesSidebar
    from newsdesk.ui.widgets.reader import ArticleReader
    from newsdesk.ui.widgets.virtual_list import VirtualList

    return [
        (
            "Everywhere",
            [
                *everywhere,
                Binding("ctrl+p", "command_palette", "Commands: refresh, export, themes …"),
            ],
        ),
        ("Feeds", list(FeedActions.FEED_BINDINGS)),
        ("Articles (from any pane)", list(ArticleActions.ARTICLE_BINDINGS)),
        (
            "Highlights and notes (on the open article)",
            list(AnnotationActions.ANNOTATION_BINDINGS),
        ),
        ("Stories (the same event across outlets)", list(StoryActions.STORY_BINDINGS)),
        ("Compare view (V)", list(CompareScreen.BINDINGS)),
        ("Panes (narrow terminals collapse them)", list(LayoutActions.LAYOUT_BINDINGS)),
        ("Lists (feeds, articles)", list(VirtualList.BINDINGS)),
        ("Reader", list(ArticleReader.BINDINGS) + list(ReaderKeys.READER_BINDINGS)),
        ("Notes sidebar", list(NotesSidebar.BINDINGS)),
        ("Note editor", list(NoteEditorModal.BINDINGS)),
        ("Notes browser (N)", list(NotesBrowserScreen.BINDINGS)),
        (
            "Claims board (B)",
            list(ClaimsActions.CLAIMS_BINDINGS) + list(ClaimsBoardScreen.BINDINGS),
        ),
    ]


def binding_ids(groups: list[tuple[str, list[BindingType]]]) -> set[str]:
    """The ids of the grouped bindings and of the desk screen's own."""
    from newsdesk.ui.screens.desk import DeskScreen

    ids = {b.id for _, bindings in groups for b in bindings if isinstance(b, Binding) and b.id}
    return ids | {b.id for b in DeskScreen.BINDINGS if isinstance(b, Binding) and b.id}
