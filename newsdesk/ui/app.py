"""Provides NewsdeskApp: styles, global keys, the flush timer and error routing."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.actions import ActionParseResult
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from newsdesk.config import Config
from newsdesk.core.errors import NewsdeskError
from newsdesk.desk import Desk
from newsdesk.desk.launch import DeskLaunch
from newsdesk.ui.bindings_catalog import binding_groups, binding_ids
from newsdesk.ui.commands import DeskCommands
from newsdesk.ui.gc_policy import IDLE_SECONDS, IdleCollector
from newsdesk.ui.hangup import cancel_exit, catch_hangups, release_hangups
from newsdesk.ui.head_start import DeskLoaded, KeyHold, freeze_index, head_screen, show_full_desk
from newsdesk.ui.reporting import reporting
from newsdesk.ui.screens.desk import DeskScreen
from newsdesk.ui.style_cache import CachedStylesheet

if TYPE_CHECKING:  # the control socket starts once the whole desk is in, after the first frame
    from newsdesk.desk.control import ControlServer, DeskHooks, Runner

FLUSH_SECONDS = 0.25  # a flush costs what changed (store/serial.py); the disk write is the writer's
LOAD_AFTER_PAINT = 0.05  # seconds between the first frame (from the head) and the index load
WRITE_ERROR_REPEAT = 30.0  # seconds before the same save error is shown again


def styles_path() -> Path:
    """The stylesheet: inside an installed wheel, or at the top of a source checkout."""
    packaged = Path(__file__).resolve().parent.parent / "styles" / "newsdesk.tcss"
    if packaged.exists():
        return packaged
    return Path(__file__).resolve().parents[2] / "styles" / "newsdesk.tcss"


class NewsdeskApp(App[None]):
    TITLE = "newsdesk"
    CSS_PATH = [styles_path()]
    COMMANDS = App.COMMANDS | {DeskCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Keys", id="app.help"),
        Binding("tab", "focus_next", "Next pane", show=False, id="app.next_pane"),
        Binding("shift+tab", "focus_previous", "Previous pane", show=False, id="app.previous_pane"),
    ]

    def __init__(
        self,
        desk: Desk,
        *,
        config: Config | None = None,
        config_problems: list[str] | None = None,
        demo: bool = False,
        clock: Callable[[], datetime] | None = None,
        control: Callable[[Desk, DeskHooks], Runner] | None = None,
        launch: DeskLaunch | None = None,
        first_frame: Callable[[], object] | None = None,
        style_cache: Path | None = None,
    ) -> None:
        super().__init__()
        if style_cache is not None:  # parsed styles kept between launches (see style_cache)
            self.stylesheet = CachedStylesheet(style_cache, variables=self.get_css_variables())
        self.first_frame = first_frame  # called once the first frame is painted
        self.launch = launch  # painted from the head; the whole desk loads after
        self.desk = launch.head_desk if launch is not None else desk
        self.key_hold = KeyHold()
        self.collector = IdleCollector()
        self.key_hold.active = launch is not None
        self.config = config or desk.config
        self.config_problems = config_problems or []
        self.demo = demo
        self.clock = clock or (lambda: datetime.now(UTC))
        self._last_write_error: tuple[str, float] = ("", 0.0)
        self._control_runner = control
        self.control: ControlServer | None = None
        self.next_refresh: datetime | None = None

    async def on_mount(self) -> None:
        catch_hangups(self.desk_saved_now, self.exit)
        self.collector.install()
        self.set_interval(IDLE_SECONDS / 2, self.collector.tick, name="idle-gc")
        if self.first_frame is not None:
            self.call_after_refresh(self.first_frame)
        theme = self.starting_theme()
        if theme in self.available_themes:
            self.theme = theme
        elif theme:
            self.config_problems.append(f"Unknown theme '{theme}'; using {self.theme}.")
        self._theme_applied = True
        if self.config.keys:
            self.set_keymap(self.config.keys)
            for binding_id in self.unknown_key_ids():
                self.config_problems.append(
                    f"keys.{binding_id}: no key has this binding id; ignored "
                    "(? lists the keys, the README lists their ids)."
                )
        for problem in self.config_problems:
            self.notify(problem, title="Config", severity="warning", timeout=12, markup=False)
        if self.launch is not None:
            # the first frame comes first: parsing the index holds the GIL for whole tenths of
            # a second, so the load starts once the frame has reached the driver's writer
            launch = self.launch
            self.call_after_refresh(
                self.set_timer,
                LOAD_AFTER_PAINT,
                lambda: launch.start_loading(self.desk_loaded_in_thread),
            )
            return
        await self.desk_ready()

    async def desk_ready(self) -> None:
        """The whole desk is open: saving, timed refreshes and handed-over commands start."""
        self.desk.set_write_error_handler(self._write_failed_in_thread)
        self.desk.prepare_background_flushes()  # a thread; a no-op when the launch began it
        self.set_interval(FLUSH_SECONDS, self.flush_desk)
        if self.config.refresh.every > 0:
            self.schedule_refresh()
        await self.start_control()

    def desk_loaded_in_thread(self) -> None:
        self.post_message(DeskLoaded())  # thread-safe; dropped if the app has already ended

    async def on_desk_loaded(self, _message: DeskLoaded) -> None:
        """The whole desk replaces the head under the screen; the keys held meanwhile run
        now, in order. A desk that fails to load ends the app with the reason."""
        assert self.launch is not None
        try:
            desk = self.launch.result()
        except NewsdeskError as error:
            self.exit(return_code=2, message=f"newsdesk: {error.title}: {error.message}")
            return
        except Exception as error:  # nothing was written; say why instead of a traceback
            self.exit(return_code=2, message=f"newsdesk: could not load the desk: {error!r}")
            return
        self.desk = desk
        show_full_desk(self.desk_screen, desk)
        freeze_index()
        await self.desk_ready()
        for key in self.key_hold.release():  # before any key still queued behind this message
            await super().on_event(key)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown):
            self.collector.input_seen()
        if self.key_hold.holds(event):
            return
        await super().on_event(event)

    @property
    def desk_screen(self) -> DeskScreen:
        """The desk screen under any modal or the notes browser."""
        return next(s for s in self.screen_stack if isinstance(s, DeskScreen))

    # commands handed over by `newsdesk refresh` and friends (newsdesk.desk.control) ---------
    async def start_control(self) -> None:
        """Serve the desk's control socket, so cron's `newsdesk refresh` runs here instead of
        failing on the lock. Without it the desk still works: say so, once."""
        if self._control_runner is None or self.desk.readonly or self.control is not None:
            return
        screen = self.desk_screen
        from newsdesk.desk.control import ControlServer, DeskHooks

        hooks = DeskHooks(
            refresh_started=lambda total: screen.refresh_started(total, " (newsdesk refresh)"),
            refresh_progress=screen.refresh_progress,
            refresh_finished=screen.refresh_finished,
            changed=screen.command_done,
        )
        server = ControlServer(self.desk.path, self._control_runner(self.desk, hooks))
        try:
            await server.start()
        except OSError as error:
            self.notify(
                f"Commands such as `newsdesk refresh` cannot reach this desk while it is open "
                f"({error}).",
                title="Control socket",
                severity="warning",
                markup=False,
            )
            return
        self.control = server

    def stop_control(self) -> None:
        if self.control is not None:
            self.control.close()
            self.control = None

    async def _on_key(self, event: events.Key) -> None:
        """A printable key that comes back up to the app while a text box has the keys was
        typed in the same burst as the key that gave them to it (`/`, `a`): every key of a
        burst is handed to the widget focused when it arrives, so the letters after `/`
        went to the list and ran as commands or were lost. They belong in the box (which
        stops every printable key it takes, so none comes back from it)."""
        from textual.widgets import Input, TextArea

        focused = self.focused
        if event.is_printable and isinstance(focused, (Input, TextArea)):
            event.prevent_default()
            event.stop()
            focused.post_message(events.Key(event.key, event.character))

    def on_unmount(self) -> None:
        self.stop_control()
        release_hangups()
        if self.is_headless:
            cancel_exit()  # no terminal to hang on (tests): the run is over
        self.collector.uninstall()

    # the refresh timer ([refresh] every) -----------------------------------------------------
    def schedule_refresh(self) -> None:
        """Set the next timed refresh and show when it is due."""
        every = self.config.refresh.every
        self.next_refresh = self.clock() + timedelta(seconds=every)
        self.set_timer(every, self.refresh_tick, name="refresh-every")
        self.desk_screen.show_next_refresh(self.next_refresh)

    def refresh_tick(self) -> None:
        """Time for a timed refresh: one already running (a key, cron) counts as it."""
        if not self.desk.refreshing:
            self.desk_screen.run_refresh(None, "Timed refresh")
        self.schedule_refresh()

    def get_default_screen(self) -> DeskScreen:
        """The desk is the base screen: no blank default screen is painted first."""
        screen = DeskScreen(self.desk, self.config)
        return head_screen(screen, self.launch) if self.launch is not None else screen

    def starting_theme(self) -> str:
        """The last theme chosen: a palette choice (saved in the desk) wins until the config
        file's theme is edited after it."""
        saved = self.desk.setting("theme")
        if isinstance(saved, str) and self.desk.setting("theme_config") == self.config.theme:
            return saved
        return self.config.theme or ""

    def watch_theme(self, theme: str) -> None:
        if not getattr(self, "_theme_applied", False):
            return  # the start-up theme is not a choice to remember
        if self.desk.setting("theme") != theme:
            self.desk.set_setting("theme", theme)
            self.desk.set_setting("theme_config", self.config.theme)

    def desk_saved_now(self) -> None:
        """On disk now, head included (a hang-up, newsdesk.ui.hangup); a head desk has none."""
        self.desk.flush()

    def flush_desk(self) -> None:
        try:
            self.desk.flush_in_background()
        except NewsdeskError as error:
            self.report_error(error)

    def _write_failed_in_thread(self, error: Exception) -> None:
        self.call_from_thread(self._write_failed, error)

    def _write_failed(self, error: Exception) -> None:
        """Saves are retried every half second: say so once, not twice a second."""
        now = time.monotonic()
        last_text, last_time = self._last_write_error
        if str(error) != last_text or now - last_time > WRITE_ERROR_REPEAT:
            self._last_write_error = (str(error), now)
            self.report_error(error)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A message already on screen is not stacked again: `]` pressed forty times with no
        article open says "Open an article first" once."""
        if any(
            n.message == message and n.title == title and n.severity == severity
            for n in self._notifications
        ):
            return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def report_error(self, error: BaseException) -> None:
        """The one place an error reaches the user: its title and message, never markup."""
        title = getattr(error, "title", None) or type(error).__name__
        self.notify(
            str(error) or repr(error), title=title, severity="error", timeout=10, markup=False
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed (refresh, search, full text …) says so instead of dying quietly."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.report_error(event.worker.error)

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Every key runs through here: a NewsdeskError raised by an action is a message for
        the user (its title and text), never a crash."""
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except NewsdeskError as error:
            self.report_error(error)
            return True

    def push_screen(  # one signature for Textual's overloads
        self,
        screen: Screen[Any] | str,
        callback: Callable[[Any], Any] | None = None,
        wait_for_dismiss: bool = False,
        *,
        mode: str | None = None,
    ) -> Any:
        """A dialog's answer is acted on as a key is: a NewsdeskError it raises is a message
        (a feed removed by cron while its "Remove?" or settings dialog was open crashed the
        desk with a traceback when the answer came)."""
        guarded = None if callback is None else reporting(callback, self.report_error)
        push: Any = super().push_screen
        return push(screen, guarded, wait_for_dismiss, mode=mode)

    async def action_quit(self) -> None:
        """`q` quits from the desk only; on any other screen it closes that screen the way
        its own escape does (a note with unsaved text asks first)."""
        screen = self.screen
        if isinstance(screen, DeskScreen) or len(self.screen_stack) <= 1:
            await super().action_quit()
            return
        for name in ("cancel", "close"):
            if hasattr(screen, f"action_{name}"):
                await screen.run_action(name)
                return
        screen.dismiss(None)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's palette commands, with a screenshot that is saved where we say."""
        for command in super().get_system_commands(screen):
            if command.title == "Screenshot":
                yield SystemCommand(
                    "Screenshot",
                    "Save an SVG picture of the screen (in ~/Downloads, else your home)",
                    lambda: self.set_timer(0.1, self.save_screenshot_here),
                )
            else:
                yield command

    def save_screenshot_here(self) -> Path | None:
        """Save an SVG of the screen and say where; a failure says why."""
        home = Path.home()
        folder = home / "Downloads" if (home / "Downloads").is_dir() else home
        try:
            name = self.save_screenshot(path=str(folder))
        except OSError as error:
            self.notify(
                f"Could not save a screenshot in {folder}: {error.strerror or error}",
                title="Screenshot",
                severity="error",
                markup=False,
            )
            return None
        saved = folder / Path(name).name
        self.notify(f"Saved the screenshot to {saved}", title="Screenshot", markup=False)
        return saved

    def binding_groups(self) -> list[tuple[str, list[BindingType]]]:
        """Every binding of the desk, grouped by where it works (the help and the check of
        the config's [keys] both read this)."""
        return binding_groups(self.BINDINGS)

    def unknown_key_ids(self) -> list[str]:
        """Binding ids in the config's [keys] that no key of the desk has."""
        known = binding_ids(self.binding_groups())
        return sorted(i for i in self.config.keys if i not in known)

    def action_help(self) -> None:
        from newsdesk.ui.screens.help import HelpModal

        self.push_screen(HelpModal(self.binding_groups(), self._keymap))
