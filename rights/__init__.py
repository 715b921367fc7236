"""The employee's rights over their data, as a service: what Koers keeps about one employee
(found, exported, erased), the short-lived export links, the Teams file that carries an export,
and the web endpoints (/privacy, the export download, a coordinator's export and erase).

It stands on the advisors (an erased intake is withdrawn and its card updated) and on the
privacy helpers; the conversation (dialogs/data_rights.py) and the bot use it.
"""
