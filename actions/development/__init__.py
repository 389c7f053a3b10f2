"""Development of new members (发展党员全程记实): records, rule checks, submissions, stages."""
