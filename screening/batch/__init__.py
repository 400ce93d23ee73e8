"""Batch screening: every runner of a CSV file or a folder of answers files, screened on every
core or on a Dask cluster, into one PDF each, a summary and an error list (`screening batch`)."""
