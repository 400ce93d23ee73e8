"""The kiosk: a tablet where clients answer the questionnaire and nothing else."""
