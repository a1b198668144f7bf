"""The campaigns app's pages: ``campaign`` (the office's campaign and stage pages),
``apply`` (the applicant's form, marks, evidence and claims) and ``review`` (the
recommending unit's decisions and reports)."""
