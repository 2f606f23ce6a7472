"""The Telegram surface (and the local console chat) over the answer path."""
