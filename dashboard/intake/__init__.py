"""Data in through the browser: upload, check and publish (issue 16).

- uploads.py: the limits, the job folders and their state (a JSON file any worker reads);
- runner.py: the check and the publish in a background thread, with the same loader as the command line;
- routes.py: the Flask routes (upload, publish, roll back, the marked XLSX), for a beheerder or a fund.
The pages are dashboard/pages/data.py (form, history, versions) and dashboard/pages/upload.py (one upload).
"""
