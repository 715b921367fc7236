"""A channel: the Bot Framework entry. Teams and every Azure Bot Service channel post to
``POST /api/messages``; the CloudAdapter authenticates them, the bot answers, and a reply a
channel cannot take waits in the reply outbox. A sibling of ``webchat/`` and ``terminal/``."""
