"""Signing in from elsewhere: SSO tokens from the merchant's own site (`signInWithSso`)."""
