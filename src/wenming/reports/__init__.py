"""Citizens' reports (随手拍), 12345 hotline tickets and the office's inspection points."""
