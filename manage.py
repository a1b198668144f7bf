#!/usr/bin/env python
"""Run Django management commands from a checkout: ``.venv/bin/python manage.py …``."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from wenming.manage import main

if __name__ == "__main__":
    main()
