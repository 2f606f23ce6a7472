"""What runs the bot apart from any chat surface: loading, first start, reload, journal, uploads, limits."""
