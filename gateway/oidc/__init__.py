"""OpenID Connect sign-in per storefront (Google, Microsoft, Apple, any standard provider)."""
