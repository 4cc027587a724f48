"""Which GraphQL documents carry a secret (a token, a password) in their arguments.

Found from the schema, not from a list of fields: an argument is secret when its name says so
(token, password, secret, passphrase, credential, in any case and position: `token`,
`currentPassword`, `ssoSecret`) or when its input type holds such a field at any depth
(`CheckoutContactInput.password`). A document that passes any of them, as a literal or through a
variable, must not travel in a URL: the endpoint answers 405 to it over GET, as to mutations,
because URLs end up in access logs, proxies and browser history.
"""

from __future__ import annotations

import re

from graphql import (
    ArgumentNode,
    DocumentNode,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLSchema,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    get_named_type,
    visit,
)

SECRET_NAME = re.compile(r"token|passw(?:or)?d|passphrase|secret|credential", re.IGNORECASE)


def is_secret_name(name: str) -> bool:
    return SECRET_NAME.search(name) is not None


def _holds_secret(type_: GraphQLInputType, seen: set[str]) -> bool:
    named = get_named_type(type_)
    if not isinstance(named, GraphQLInputObjectType) or named.name in seen:
        return False
    seen.add(named.name)
    return any(
        is_secret_name(name) or _holds_secret(field.type, seen)
        for name, field in named.fields.items()
    )


class _SecretArguments(Visitor):
    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.found = False

    def enter_argument(self, node: ArgumentNode, *_: object) -> None:
        if is_secret_name(node.name.value):
            self.found = True
            return
        argument = self.type_info.get_argument()
        if argument is not None and _holds_secret(argument.type, set()):
            self.found = True


def passes_secret(schema: GraphQLSchema, document: DocumentNode) -> bool:
    """Whether any operation or fragment of the document gives a secret argument a value."""
    type_info = TypeInfo(schema)
    visitor = _SecretArguments(type_info)
    visit(document, TypeInfoVisitor(type_info, visitor))
    return visitor.found
