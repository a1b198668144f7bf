"""Negative-list screening by the member departments and the one-vote veto (一票否决)."""
