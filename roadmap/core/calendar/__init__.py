"""Calendars: the town hall's working days and holidays (:mod:`.workdays`), month arithmetic and
ISO dates (:mod:`.months`), fiscal years (年度, :mod:`.fiscal`), 和暦 (:mod:`.wareki`) and the
council's sessions (:mod:`.council`)."""
