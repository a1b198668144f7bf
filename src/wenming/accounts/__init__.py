"""People, the roles they hold and the scopes those roles reach."""
