"""The Telegram surface: commands, questions, buttons and uploads over the serving engine (serving/)."""
