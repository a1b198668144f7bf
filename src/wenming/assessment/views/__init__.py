"""The assessment app's pages, one module per concern: ``rounds`` (rounds, the
assignment board with groups and conflicts, sampling), ``marking`` (an assessor's mark
sheet and visit record), ``gate`` (the stage's gate and missing mark sets), ``ranking``
and ``questionnaires`` (the office's pages and the public answer page)."""
