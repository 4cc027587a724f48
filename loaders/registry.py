"""Per-request loaders, made on first use so a request pays only for the loaders it touches."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from loaders.connection import ConnectionSource
from loaders.contacts import ContactByIdLoader
from loaders.orders import (
    AddressesByContactLoader,
    InvoicesByOrderLoader,
    OrderLinesByOrderLoader,
)


class Loaders:
    def __init__(self, pool: ConnectionSource, shop_id: UUID) -> None:
        self.pool = pool
        self.shop_id = shop_id
        self._made: dict[type, Any] = {}

    def get(self, loader_class: type) -> Any:
        loader = self._made.get(loader_class)
        if loader is None:
            loader = loader_class(self.pool, self.shop_id)
            self._made[loader_class] = loader
        return loader

    @property
    def contact_by_id(self) -> ContactByIdLoader:
        return self.get(ContactByIdLoader)

    @property
    def order_lines(self) -> OrderLinesByOrderLoader:
        return self.get(OrderLinesByOrderLoader)

    @property
    def order_invoices(self) -> InvoicesByOrderLoader:
        return self.get(InvoicesByOrderLoader)

    @property
    def addresses(self) -> AddressesByContactLoader:
        return self.get(AddressesByContactLoader)
