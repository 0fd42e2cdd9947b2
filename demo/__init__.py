"""Demo data builders that are not part of any runtime app (driven by `seed_demo`).

New capabilities put their builders here, so that what ships in the runtime apps is what runs
in production (the older builders still live in their apps' `demo.py`).
"""
