"""Signing in to the web pages: password and optional single sign-on (transports over consult.auth).

Kept apart from consult.auth so that accounts (users, tokens, passwords) import nothing from
privacy, while signing in records its audit events through consult.privacy.audit."""
