"""Koers' web chat: its own Direct Line 3.0, the /chat page and the embed for the intranet."""
