"""Koers' storage: bot state and, later, intakes and audit rows in SQLite or PostgreSQL.

Storage imports nothing else of Koers: every other room builds on it.
"""
