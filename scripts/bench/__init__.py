"""`make bench`: everything the benchmark needs (settings, the bare reference views, the
pages to measure), kept out of the product packages. Run as ``python -m scripts.bench``."""
