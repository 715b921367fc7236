"""Koers played by employees who only type: how often they reach a stored intake with their own
question, how many repairs and repeats they meet, and how many messages it takes.

Design note ``conversation.md`` section 7: measure the way people talk, recognise each question
by its words rather than by its position, and keep the phrasings tuned on apart from those
measured on. ``python -m evaluation`` (``make eval-conversations``) runs it.
"""
