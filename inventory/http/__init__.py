"""HTTP plumbing shared by every domain: errors, security headers, pagination."""
