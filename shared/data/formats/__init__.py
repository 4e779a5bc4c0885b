"""Readers for the public formats users already have. One module per family of formats."""
