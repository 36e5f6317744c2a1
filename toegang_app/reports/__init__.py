"""Reports: ReportLab PDFs and CSV/XLSX exports, from plain objects in to files out.
No Qt and no SQLAlchemy in this package."""
