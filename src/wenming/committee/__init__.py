"""Committee meetings with their quorum, approval, and naming with certificates (审定、命名)."""
