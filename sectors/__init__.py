"""Sector models built on the shared layer. A sector never imports another sector."""
