"""The bot: settings, adapter, KoersBot, its state, and the HTTP endpoints channels call."""
