"""Data in through the browser: upload, check and publish (issue 16).

- uploads.py: the limits, the job folders and their state (a JSON file any worker reads);
- the check and the publish run in a process of their own: wijkwaarde/intake_worker.py (the dashboard reads
  etl/ only through its contract), with the same loader as the command line;
- routes.py: the Flask routes (upload, publish, roll back, the marked XLSX), for a beheerder or a fund.
The pages are dashboard/pages/data.py (form, history, versions) and dashboard/pages/upload.py (one upload).
"""
