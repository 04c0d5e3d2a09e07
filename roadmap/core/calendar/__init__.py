"""Calendars: the town hall's working days, holidays, fiscal years (年度) and 和暦."""
