"""What the coordinator takes away: the task list as an Excel workbook, a unit's deadlines as a calendar (.ics),
and the progress chart (PNG). Pure writers over rows read from the database by `rows`."""
