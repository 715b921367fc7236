"""Anonymous insights for the career centre: which groups Koers reaches, which questions they
bring, which products fit (events.py records, figures.py counts, page.py and report.py show)."""
