"""Quality audits of IDO locations: versioned frameworks, audits, scores and findings."""
