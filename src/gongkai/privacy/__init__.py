"""Personal data across apps: key rotation, and the data subject's export and erasure."""
