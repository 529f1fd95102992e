"""The pages of the improve app: the backlog, the audits and the testimonial library."""
