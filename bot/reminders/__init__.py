"""Reminders and task status: plan (pure) → outbox rows in the database → dispatch through a Sender.

Modules: `policy` (when to remind), `planning` (what is due now), `messages` (the texts),
`targets` (who receives them, read from the database), `outbox` (enqueue, claim, dispatch),
`status` (done, snooze, progress). Nothing here imports `telegram`.
"""
