"""Assessment (测评): groups, cross-inspection, sampling, visits, marks, questionnaires, ranking."""
