"""Ready operations GraphiQL opens with, one tab each, runnable against `make serve`'s demo shop.

Values come from the demo data (`gateway demo`): the demo customer's sign-in, its orders and
the catalogue's SKUs. Where a step needs something only a mail or an earlier answer gives, the
variables say so in angle brackets; the explorer fills `<session>`-style gaps itself: it keeps
the session token of the last sign-in for the next requests and puts the last checkout's id
where a tab asks for `<checkout id>` (see gateway/static/explorer/explorer.js).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from gateway.demo.customer import DEMO_EMAIL, DEMO_PASSWORD

CHECKOUT_ID = "<checkout id>"  # explorer.js puts the last checkout's id here
MAIL_TOKEN = "<token from the mail at /dev/mailbox>"


@dataclass(frozen=True)
class Example:
    title: str
    query: str
    variables: dict[str, Any] = field(default_factory=dict)

    def as_tab(self) -> dict[str, str]:
        return {
            "query": f"# {self.title}\n{self.query.strip()}\n",
            "variables": json.dumps(self.variables, indent=2) if self.variables else "",
        }


STOREFRONT_EXAMPLES = [
    Example(
        "Sign up (mails a confirmation link: see /dev/mailbox)",
        """
mutation SignUp($input: RegisterInput!) {
  register(input: $input) {
    contact { id email fullName emailConfirmed }
    errors { code field message }
  }
}""",
        {
            "input": {
                "email": "new.customer@demo.example",
                "password": "a long tea password",
                "fullName": "New Customer",
                "locale": "en",
            }
        },
    ),
    Example(
        "Confirm the e-mail address (signs in)",
        """
mutation Confirm($token: String!) {
  confirmEmail(token: $token) {
    session { token expiresAt }
    contact { email emailConfirmed }
    errors { code field message }
  }
}""",
        {"token": MAIL_TOKEN},
    ),
    Example(
        "Sign in with a password (the explorer keeps the session for the next tabs)",
        """
mutation SignIn($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    session { token expiresAt }
    contact { fullName email }
    errors { code field message }
  }
}""",
        {"email": DEMO_EMAIL, "password": DEMO_PASSWORD},
    ),
    Example(
        "Sign in with a mailed link",
        """
mutation RequestLink($email: String!) {
  requestSignInLink(email: $email) { errors { code message } }
}

mutation SignInWithLink($token: String!) {
  signInWithLink(token: $token) {
    session { token expiresAt }
    contact { fullName }
    errors { code field message }
  }
}""",
        {"email": DEMO_EMAIL, "token": MAIL_TOKEN},
    ),
    Example(
        "Checkout as a guest (run the three operations in turn)",
        """
mutation GuestCheckout {
  checkoutCreate(input: { lines: [{ sku: "TEA-SENCHA", quantity: 2 }] }) {
    checkout { id total { amount currency } }
    errors { code field message }
  }
}

mutation GuestDetails($checkoutId: ID!) {
  checkoutSetContact(checkoutId: $checkoutId, input: {
    email: "guest@demo.example", fullName: "Gwen Guest"
    shippingAddress: { name: "Gwen Guest", street: "Kade 1", postalCode: "3511 AA",
                       city: "Utrecht", country: "NL" }
  }) {
    checkout { id email lines { sku quantity unitPrice { amount } } total { amount currency } }
    errors { code field message }
  }
}

mutation PlaceGuestOrder($checkoutId: ID!) {
  checkoutComplete(checkoutId: $checkoutId,
                   input: { shippingMethod: "PostNL", paymentMethod: "iDEAL" }) {
    order { number total { amount currency } paymentStatus }
    errors { code field message }
  }
}""",
        {"checkoutId": CHECKOUT_ID},
    ),
    Example(
        "Checkout signed in (the account fills name and addresses; its prices apply)",
        """
mutation SignedInCheckout {
  checkoutCreate(input: { lines: [{ sku: "GIFT-BOX", quantity: 1 }] }) {
    checkout { id total { amount currency } }
    errors { code field message }
  }
}

mutation SignInAtCheckout($checkoutId: ID!, $email: String!, $password: String!) {
  checkoutLogin(checkoutId: $checkoutId, email: $email, password: $password) {
    session { token }
    checkout { email fullName shippingAddress { city } total { amount currency } }
    errors { code field message }
  }
}

mutation PlaceOrder($checkoutId: ID!) {
  checkoutComplete(checkoutId: $checkoutId,
                   input: { shippingMethod: "PostNL", paymentMethod: "iDEAL" }) {
    order { number total { amount currency } }
    errors { code field message }
  }
}""",
        {"checkoutId": CHECKOUT_ID, "email": DEMO_EMAIL, "password": DEMO_PASSWORD},
    ),
    Example(
        "My account: the dashboard (sign in first)",
        """
query Dashboard {
  viewer {
    fullName
    email
    customerGroup { name discountPercent }
    defaultShippingAddress { street postalCode city country }
    orders(first: 5) {
      edges { node { number placedAt total { amount currency } paymentStatus fulfilmentStatus } }
    }
    favourites(first: 5) { edges { node { product { sku name price { amount currency } } } } }
  }
}""",
    ),
    Example(
        "My account: orders and invoices",
        """
query OrdersAndInvoices($after: String) {
  viewer {
    orders(first: 10, after: $after) {
      edges {
        node {
          number placedAt paymentStatus fulfilmentStatus expectedDeliveryDate
          lines { sku name quantity unitPrice { amount currency } total { amount } }
          invoices { number issuedAt total { amount currency } downloadUrl }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
    invoices(first: 10) { edges { node { number issuedAt downloadUrl } } }
  }
}

query OneOrder($number: String! = "1001") {
  order(number: $number) { number lines { sku quantity } total { amount currency } }
}""",
    ),
    Example(
        "My account: favourites",
        """
mutation AddFavourite {
  favouriteAdd(sku: "MUG-STONE") {
    favourite { product { sku name } addedAt }
    errors { code message }
  }
}

query Favourites {
  viewer {
    favourites(first: 20) {
      edges { node { addedAt product { sku name price { amount currency } } } }
    }
  }
}""",
    ),
    Example(
        "B2B: the viewer's prices at a quantity (organisation price lists and breaks)",
        """
query Prices($skus: [String!]!, $quantity: Int) {
  prices(skus: $skus, quantity: $quantity) {
    sku
    price { amount currency }
    basePrice { amount currency }
    priceBreaks { minQuantity price { amount } }
  }
}""",
        {"skus": ["TEA-EARL-GREY", "MUG-STONE"], "quantity": 10},
    ),
]
