"""The bot itself: KoersBot (routes activities, saves state, Teams specifics), the advisors'
Teams channel, the profile chart, proactive messages and the turn error handler, and
``bot/core.py``, which builds it. The channels (``botservice/``, ``webchat/``, ``terminal/``)
carry activities to it."""
