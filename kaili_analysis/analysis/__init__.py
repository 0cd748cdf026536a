"""Analysis modules added in round 2 (tracking, sensitivity, …); import them by name."""
