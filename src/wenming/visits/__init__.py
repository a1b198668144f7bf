"""Groups and their visits: one home for the inspection groups (考核组) of a campaign's
assessment rounds and of the supervision's periodic reviews, their members and visits."""
