"""The conversation flows, as botbuilder ComponentDialogs. Dialogs never load an NLU model."""
