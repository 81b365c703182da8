"""Schools, programmes, equipment vouchers, redemptions and delivery notes."""
