"""Benchmarks: a synthetic corpus generator and the scripts that time the app.

Run ``python -m benchmarks.run --sizes 10000 100000`` from the repository root;
see ``benchmarks/run.py`` for what is measured.
"""
