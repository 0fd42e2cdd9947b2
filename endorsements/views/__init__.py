"""Pages of the applicant's side of applications, and the reference rater's page."""
