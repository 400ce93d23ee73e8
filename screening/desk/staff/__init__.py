"""The staff desk: accounts, the queue, submissions, printing, sign-off and the audit log."""
