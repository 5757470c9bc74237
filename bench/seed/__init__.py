"""Pieces of `manage.py seed_bench`: words, people, reports, comments, files, the writer."""
