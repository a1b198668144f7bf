"""The committee's and office's own work rules (文明委工作制度, seed 003, 满洲里 工作制度):
committee and joint meetings with their papers, leave and decisions; the liaison officers'
register; information reports, their adoption and the periodic 通报; study and training."""
