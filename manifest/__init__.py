"""Koers' Microsoft Teams app: the manifest template, its icons, and `make teams-package`."""
