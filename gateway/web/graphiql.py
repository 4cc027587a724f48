"""The GraphiQL page, with a ready example operation."""

from __future__ import annotations

import json
from importlib import resources

EXAMPLE_OPERATION = """# Welcome to the account gateway.
# Send X-Storefront-Key (Headers tab) with every request.
query Storefront {
  storefront {
    name
    loginMethods
    requireLoginForCatalogue
  }
  viewer {
    email
    fullName
  }
}
"""


ADMIN_EXAMPLE_OPERATION = """# The admin API: send Authorization: Bearer <admin key> (Headers tab).
query Storefronts {
  storefronts {
    name
    loginMethods
    accountCreation
  }
}
"""


def graphiql_html(default_query: str = EXAMPLE_OPERATION) -> str:
    page = (resources.files("gateway") / "static" / "graphiql.html").read_text(encoding="utf-8")
    return page.replace("__DEFAULT_QUERY__", json.dumps(default_query))
