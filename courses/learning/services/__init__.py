"""The rules of staff e-learning. Views, admin, tasks and the demo loader call these."""
