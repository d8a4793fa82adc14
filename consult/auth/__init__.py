"""Users, roles, API tokens and web sign-in."""
