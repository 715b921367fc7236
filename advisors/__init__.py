"""What advisors receive: the intake (schema, builder, storage); later its delivery and console."""
