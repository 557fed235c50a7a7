"""The columns of the interviews CSV: written by the CSV export, read back by the CSV import."""

# One row per interview. `interview_id` is the interview's stable identifier (the same as in
# the JSON export), `date` is YYYY-MM-DD and `time` HH:MM in the member's time zone; stage,
# format and outcome are written as their labels ("First round") and read back from a label
# or a stored value; interviewers are "Name (Title) <email>" joined by "; " (title and email
# left out when empty); rejection_reasons are one per line, as typed on the outcome page;
# feedback_status is the feedback request's status label ("Requested"), empty when the
# interview has none. A cell that a spreadsheet would run as a formula (it starts with =, +,
# -, @, a tab or a carriage return) is written with a ' in front, and so is a cell that starts
# with ' itself (app/data/csv_export.py): a reader takes exactly one leading ' off any cell.
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
