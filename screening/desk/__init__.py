"""The clinic front desk (`screening desk`): a Django site where clients answer the
questionnaire on a kiosk tablet and signed-in staff review, print and sign off their plans.

Django and its companions are imported only by the `desk` command (the `desk` extra).
"""
