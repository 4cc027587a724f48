"""The hosted account pages: /account/<handle>/, server-rendered, nl and en.

A client of the storefront GraphQL schema like any storefront: every page runs public
operations (in-process, through the same endpoint, limits and masking as POST /graphql) with
the storefront its handle names and the session in its cookie. Imported by gateway/app.py only.
"""

from pages.routes import account_pages

__all__ = ["account_pages"]
