"""The pages a signed-in person may open before finishing sign-in.

Both the second-factor step and an expired password hold a person back from their work;
these pages stay open meanwhile: signing in and out, the language, the second factor's own
pages, and the public pages a citizen uses without an account. A new public page is added
here, or it redirects a person who has not finished signing in.
"""

OPEN_VIEWS = frozenset(
    {
        "login",
        "logout",
        "health",
        "set_language",
        "accounts:second_factor",
        "accounts:second_factor_setup",
        "admin:logout",
        "assessment:answer",
        "draw_public",
        "committee:verify_form",
        "committee:verify",
        "publicity:index",
        "publicity:detail",
        "publicity:object",
    }
)
