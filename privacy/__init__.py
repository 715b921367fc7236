"""What Koers does for the employee's privacy: redaction, their data on request, erasure."""
