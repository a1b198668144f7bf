"""Appeals (申诉): after the ranking is frozen, an applicant may contest its own result once per
award, within a set number of working days, before screening closes."""
