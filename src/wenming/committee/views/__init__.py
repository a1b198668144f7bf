"""Pages of the committee: ``meetings`` (meetings, attendance, votes, minutes, approval
and naming), ``documents`` (the certificate, honor roll and plaque downloads) and
``public`` (the certificate check, no login)."""
