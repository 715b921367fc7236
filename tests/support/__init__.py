"""Real parts the tests start themselves: servers on loopback, a connector sink, PostgreSQL."""
