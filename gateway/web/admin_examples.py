"""Ready operations the admin GraphiQL opens with, runnable against `make serve`'s demo shop
(a back office's daily work: products, contacts, orders, invoices, settings)."""

from __future__ import annotations

from gateway.web.examples import Example

ADMIN_EXAMPLES = [
    Example(
        "Products: list, change, deactivate",
        """
query Products($search: String) {
  products(first: 20, search: $search) {
    edges { node { sku name active price { amount currency } } }
    pageInfo { hasNextPage endCursor }
  }
}

mutation ChangeProduct {
  productUpdate(sku: "MUG-STONE", input: { name: "Stoneware mug, 300 ml", price: "15.00" }) {
    product { sku name price { amount currency } }
    errors { code field message }
  }
}

mutation Deactivate {
  productDeactivate(sku: "FILTER-PAPER-100") {
    product { sku active }
    errors { code field message }
  }
}""",
        {"search": "tea"},
    ),
    Example(
        "Contacts: search, one contact, export and erase on request",
        """
query Contacts($search: String) {
  contacts(first: 20, search: $search) {
    edges { node { id email fullName isGuest emailConfirmed } }
    pageInfo { hasNextPage endCursor }
  }
}

query Contact($id: ID!) {
  contact(id: $id) {
    email fullName customerGroup { name }
    orders(first: 5) { edges { node { number total { amount } } } }
  }
}

query Export($id: ID!) {
  contactExport(id: $id)
}""",
        {"search": "demo.example", "id": "<contact id from Contacts>"},
    ),
    Example(
        "Orders: newest first, filtered, by number",
        """
query Orders($search: String, $paymentStatus: PaymentStatus) {
  orders(first: 20, search: $search, paymentStatus: $paymentStatus) {
    edges {
      node { number placedAt email total { amount currency } paymentStatus fulfilmentStatus }
    }
    pageInfo { hasNextPage endCursor }
  }
}

query Order($number: String!) {
  order(number: $number) {
    number email placedAt
    lines { sku name quantity total { amount } }
    invoices { number downloadUrl }
  }
}""",
        {"paymentStatus": "PAID", "number": "1001"},
    ),
    Example(
        "Invoices with their PDF links",
        """
query Invoices {
  invoices(first: 20) {
    edges { node { number issuedAt total { amount currency } downloadUrl } }
    pageInfo { hasNextPage endCursor }
  }
}""",
    ),
    Example(
        "Storefront settings, customer groups and price lists",
        """
query Settings {
  storefronts {
    name loginMethods requireLoginForCatalogue accountCreation signInLinkTtlDays
    invoiceDownloadEnabled currency
  }
  customerGroups { id name discountPercent }
  priceLists { id name currency }
}

mutation SignInLinksOnly {
  storefrontUpdate(input: { loginMethods: [PASSWORD, SIGN_IN_LINK], signInLinkTtlDays: 14 }) {
    storefront { name loginMethods signInLinkTtlDays }
    errors { code field message }
  }
}""",
    ),
]
