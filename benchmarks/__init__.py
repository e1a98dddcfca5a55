"""Performance harness: national-scale ETL, callbacks, the pandas baseline, payloads, paint, memory."""
