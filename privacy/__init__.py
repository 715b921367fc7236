"""The privacy helpers every layer may use: redaction of contact details, the employee's one-way
key, and the retention periods. They import nothing of Koers, so they sit at the bottom; the
data-rights service built on them is ``rights/``."""
