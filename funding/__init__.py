"""Funding and accountability: subsidy rounds (regelingen), population figures, applications,
grant decisions, accountability reports and final settlements."""
