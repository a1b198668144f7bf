"""The Chinese fonts documents use: Debian's Noto CJK, installed on the system, never fetched.

WeasyPrint finds them through fontconfig; a missing font drops Chinese glyphs silently,
so tests extract the text of every PDF they make.
"""

SERIF = '"Noto Serif CJK SC", "Noto Serif CJK", serif'
SANS = '"Noto Sans CJK SC", "Noto Sans CJK", sans-serif'


def font_css() -> str:
    """CSS that sets the document's fonts: serif body, sans-serif headings and tables."""
    return f"body {{ font-family: {SERIF}; }}\nh1, h2, h3, th, table {{ font-family: {SANS}; }}\n"
