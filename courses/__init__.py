"""What learners and citizens enrol in: e-learning modules for staff, course runs with seats
and waitlists (Klik & Tik, Digisterker, the staff vaardigheidstraining)."""
