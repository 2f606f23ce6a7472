"""The local console chat: the bot's answers on stdin/stdout, beside the Telegram surface in handlers/."""
