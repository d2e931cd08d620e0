"""Stored files, served by one rule.

Every uploaded file the system keeps (proposal attachments, index claim evidence, an innovation's
evidence, field verification photos) is read through ONE view, `files:<kind>`, which looks the file
up, asks the kind's django-rules permission (`rules.py`) and answers with the same safe response
(`serving.py`). The audience layers only link to it.
"""
