"""Pages of the work rules, one module per part: ``index`` (the overview each person sees),
``meetings``, ``units`` (the liaison register), ``reports`` (information reports, the
figures and the 通报), ``training``; ``common`` holds what they share."""
