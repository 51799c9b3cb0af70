"""Provides open_url_in_browser: a web address handed to the user's browser, honestly.

A console browser ($BROWSER=lynx, w3m ...) needs the terminal: the app is suspended while
it runs and restored after. When no browser takes the address, the caller is told so.
"""

from __future__ import annotations

import webbrowser

from textual.app import App, SuspendNotSupported


def console_browser() -> webbrowser.BaseBrowser | None:
    """The preferred browser if it runs in this terminal (and blocks until it exits)."""
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return None
    generic = isinstance(browser, webbrowser.GenericBrowser)
    if generic and not isinstance(browser, webbrowser.BackgroundBrowser):
        return browser
    return None


def open_url_in_browser(app: App[object], url: str) -> bool:
    """True when a browser took `url`; a console browser gets the terminal meanwhile."""
    browser = console_browser()
    if browser is None:
        return bool(webbrowser.open(url))
    try:
        with app.suspend():
            return bool(browser.open(url))
    except SuspendNotSupported:
        return False  # no terminal to hand over (e.g. served in a web page)
