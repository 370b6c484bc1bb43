"""Floor for PDF exports: a process making a minimal reportlab document of one page."""

import sys

from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate


def main() -> int:
    out = sys.argv[1]
    doc = SimpleDocTemplate(out, pagesize=letter, title="Floor")
    doc.build([Paragraph("A one-page document.", getSampleStyleSheet()["Normal"])])
    return 0


if __name__ == "__main__":
    sys.exit(main())
