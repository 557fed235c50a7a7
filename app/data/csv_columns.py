"""The columns of the interviews CSV: written by the CSV export, read back by the CSV import."""

# One row per interview. `interview_id` is the interview's stable identifier (the same as in
# the JSON export), `date` is YYYY-MM-DD and `time` HH:MM in the member's time zone; stage,
# format and outcome are written as their labels ("First round") and read back from a label
# or a stored value; interviewers are "Name (Title) <email>" joined by "; ".
INTERVIEW_COLUMNS = (
    "interview_id",
    "date",
    "time",
    "company",
    "role",
    "stage",
    "format",
    "outcome",
    "job_url",
    "interviewers",
    "rejection_reasons",
    "notes",
    "feedback_status",
)
