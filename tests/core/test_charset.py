"""Decoding pages: BOM, then the HTTP charset, then <meta>, then UTF-8 or windows-1252."""

from __future__ import annotations

import codecs

from newsdesk.core.charset import charset_from_meta, codec_for, decode_page

RUSSIAN = "Городской совет утвердил план"
JAPANESE = "市議会は水曜日に承認した"


def test_bom_wins_over_a_lying_http_charset() -> None:
    data = codecs.BOM_UTF8 + f"<p>{RUSSIAN}</p>".encode()
    page = decode_page(data, "text/html; charset=shift_jis")
    assert page.text == f"<p>{RUSSIAN}</p>" and page.source == "bom"


def test_utf16_bom_decodes() -> None:
    data = codecs.BOM_UTF16_LE + f"<p>{JAPANESE}</p>".encode("utf-16-le")
    assert decode_page(data).text == f"<p>{JAPANESE}</p>"


def test_http_charset_comes_before_meta() -> None:
    data = f'<meta charset="utf-8"><p>{JAPANESE}</p>'.encode("shift_jis")
    page = decode_page(data, 'text/html; charset="Shift_JIS"')
    assert JAPANESE in page.text and page.source == "http"


def test_http_equiv_meta_declares_windows_1251() -> None:
    data = (
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        f"<p>{RUSSIAN}</p>"
    ).encode("cp1251")
    page = decode_page(data, "text/html")
    assert RUSSIAN in page.text and page.source == "meta"


def test_latin1_label_decodes_as_windows_1252_like_a_browser() -> None:
    data = '<meta charset="iso-8859-1"><p>café – “quoted”</p>'.encode("cp1252")
    assert "café – “quoted”" in decode_page(data).text


def test_lying_utf8_header_falls_back_to_the_meta_declaration() -> None:
    data = f'<meta charset="windows-1251"><p>{RUSSIAN}</p>'.encode("cp1251")
    page = decode_page(data, "text/html; charset=utf-8")
    assert RUSSIAN in page.text and page.source == "meta"


def test_unknown_and_lying_labels_end_in_a_default_that_cannot_fail() -> None:
    data = b"<meta charset='no-such-thing'><p>caf\xe9 \x81\x8d</p>"
    page = decode_page(data, "text/html; charset=utf-8")
    assert page.source == "default" and "caf" in page.text


def test_utf8_page_with_a_stray_latin1_byte_stays_utf8() -> None:
    # one alt text saved in latin-1 must not turn every umlaut of the page into mojibake
    text = "So schön winterlich, Küche und Größe"
    data = b'<meta charset="utf-8"><img alt="K\xfcchenblog">' + f"<p>{text}</p>".encode()
    page = decode_page(data)
    assert text in page.text and page.encoding == "utf-8" and page.source == "meta"
    assert page.text.count("\ufffd") == 1
    undeclared = decode_page(data.replace(b'<meta charset="utf-8">', b""))
    assert text in undeclared.text and undeclared.source == "default"


def test_a_latin1_page_declared_utf8_is_not_read_as_utf8() -> None:
    # its accented letters are bad UTF-8 bytes, and it has no valid multi-byte character
    data = "<p>Le café « Nous » à la mi-décembre</p>".encode("cp1252")
    page = decode_page(data, "text/html; charset=utf-8")
    assert "Le café « Nous » à la mi-décembre" in page.text and page.encoding == "windows-1252"


def test_no_declaration_defaults_to_utf8() -> None:
    assert decode_page(f"<p>{RUSSIAN}</p>".encode()).text == f"<p>{RUSSIAN}</p>"


def test_codec_labels_that_are_not_text_encodings_are_not_used() -> None:
    assert codec_for("base64") == "utf-8"
    assert codec_for("rot13") == "utf-8"
    assert codec_for("utf-16") == "utf-8"  # no BOM: a page mislabelled by its server
    assert codec_for("") is None and codec_for("nonsense-label") is None
    assert charset_from_meta(b"<html><body>no meta</body></html>") is None
