"""Understanding what employees type: language, intent and entities, behind a Recognizer."""
