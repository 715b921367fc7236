"""A channel: talking to Koers in a terminal (``make chat``), with the same bot and database as
the web app. A sibling of ``botservice/`` and ``webchat/``; nobody can be reached here
proactively."""
