"""Benchmark: red-header and seal detection (``wenming.documents.official_marks``) on the
generated official documents of ``tests/documents/official_samples.py``.

Generates the set (WeasyPrint PDFs, some turned into scans), runs each PDF through the
renderer and the two detectors as an upload is, and prints, per detector, the counts,
precision and recall, and every document it got wrong. Exits 1 when a detector's
precision or recall is below ``BAR`` (the acceptance of issue 17), or when a document
could not be looked at.

Run: ``python benchmarks/official_marks.py`` (``BENCH_SCALE`` is ignored: the set is
fixed, about 50 documents, 20-40 s).
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader
from tests.documents.official_samples import BAR, HELD_OUT, TUNING, Sample, samples, score

from wenming.documents.official_marks import OfficialMarks, official_marks


def measure(docs: list[Sample]) -> list[tuple[Sample, OfficialMarks]]:
    """Each document with what was found on it."""
    out = []
    for sample in docs:
        pages = len(PdfReader(io.BytesIO(sample.pdf)).pages)
        out.append((sample, official_marks(sample.pdf, pages)))
    return out


def main() -> int:
    failed = False
    # The tuning draw set the thresholds; the held-out draw (fresh positions, sizes and
    # shades of the same kinds of document) says how they generalize.
    for label, salt in (("tuning set", TUNING), ("held-out set", HELD_OUT)):
        failed |= _report(label, salt)
    return 1 if failed else 0


def _report(label: str, salt: int) -> bool:
    started = time.perf_counter()
    docs = samples(salt)
    generated = time.perf_counter()
    results = measure(docs)
    done = time.perf_counter()
    print(
        f"{label}, {len(docs)} documents: generated in {generated - started:.1f} s, "
        f"looked at in {done - generated:.1f} s ({(done - generated) / len(docs):.2f} s each)"
    )
    failed = False
    for name in ("red_header", "seal"):
        pairs = [(getattr(s.spec, name), getattr(m, name)) for s, m in results]
        precision, recall, tp, fp, fn = score(pairs)
        print(
            f"{name:>10}: precision {precision:.3f} recall {recall:.3f} "
            f"(tp {tp}, fp {fp}, fn {fn}, negatives {sum(not t for t, _ in pairs)})"
        )
        for sample, marks in results:
            found = getattr(marks, name)
            if found is not getattr(sample.spec, name):
                print(f"            wrong: {sample.spec.name} found {found}")
        failed |= precision < BAR or recall < BAR
        failed |= any(found is None for _, found in pairs)
    return failed


if __name__ == "__main__":
    sys.exit(main())
