"""The `newswire` command and the project's settings."""
