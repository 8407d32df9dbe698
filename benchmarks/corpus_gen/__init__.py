"""Generator of the evaluation corpus (needs TeX Live, pikepdf, fontTools)."""
