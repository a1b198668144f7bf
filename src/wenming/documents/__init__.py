"""Document builders shared by the apps: PDF (WeasyPrint), Excel helpers, fonts."""
