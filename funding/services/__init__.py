"""The rules of funding: formula, rounds, population import, applications, reports, letters."""
