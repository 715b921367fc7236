"""Koers under attack: every kind of hostile request the career centre worries about, counted."""
