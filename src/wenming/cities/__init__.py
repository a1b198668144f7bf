"""文明城市: counties ranked by the composite of survey, review and questionnaire."""
