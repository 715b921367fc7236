"""The web platform every feature stands on: settings, logs, HTTP errors, the guard, background
work, workers, health, metrics, the base app keys, safe JSON bodies and signed tokens.

It knows storage and content, and nothing of the bot, the dialogs or any feature above it.
"""
