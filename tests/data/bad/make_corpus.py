"""Write the bad-input corpus: files as scrapers bring them back.

Run ``python tests/data/bad/make_corpus.py`` to regenerate the small files
kept in this folder; the tests add the large one (``huge.txt``, 50 MB) to a
temporary copy with :func:`add_large_files`, so it never sits in the
repository. ``EXPECTED.tsv`` says what ``fzgraph build`` must do with each.
"""

from __future__ import annotations

import io
import random
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SEEDS = {p.stem[:3]: p for p in sorted((ROOT / "seeds").glob("*.txt"))}

NOTICE = ("关于做好2021年国庆节放假期间安全生产工作的通知\n各镇街、各部门:\n"
          "根据上级要求,现就国庆节放假期间安全生产工作通知如下,请各单位认真做好值班值守工作,"
          "加强隐患排查,确保节日期间安全稳定。\n" * 6)
NAVIGATION = ("<html><head><meta charset='utf-8'><title>政府信息公开</title></head><body>"
              + "".join(f"<a href='/p{i}'>首页</a> &gt; <a href='/x{i}'>政府信息公开</a> &gt; 法治政府建设<br>"
                        for i in range(40))
              + "<div>网站地图 | 联系我们 | 版权所有 ICP备12345678号</div></body></html>")
UNPLACED = ("某某县2021年法治政府建设年度报告\n"
            "一、主要工作\n2021年,我县深入推进法治政府建设,全面推行行政执法三项制度,证明事项告知承诺制全面落实。\n"
            "二、存在的不足\n法治政府建设工作仍有不足,基层执法力量薄弱。\n"
            "三、下一步工作安排\n我县将继续深化依法行政,推进法治政府建设再上新台阶。\n") * 4


def _seed(code: str) -> str:
    return SEEDS[code].read_text(encoding="utf-8")


def _invisible(text: str) -> str:
    """Zero-width spaces after every tenth character, control characters at line ends."""
    out = []
    for i, ch in enumerate(text):
        out.append(ch)
        if i % 10 == 9 and ch != "\n":
            out.append("\u200b")
    return "".join(out).replace("\n", "\x07\u200d\n")


def _mixed(text: str) -> bytes:
    lines = text.split("\n")
    half = len(lines) // 2
    return "\n".join(lines[:half]).encode("utf-8") + b"\n" + "\n".join(lines[half:]).encode("gb18030")


def _not_a_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def _pdfs(target: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from builders import make_pdf

    lines = _seed("003").split("\n")[:12]
    full = make_pdf(lines, target / "full.pdf")
    (target / "truncated.pdf").write_bytes(full.read_bytes()[: len(full.read_bytes()) // 3])
    full.unlink()
    from fpdf import FPDF

    from builders import cjk_font

    pdf = FPDF()
    pdf.add_font("cjk", fname=cjk_font())
    pdf.set_font("cjk", size=11)
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    for line in lines:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(target / "encrypted.pdf"))


def make_small_files(target: Path) -> None:
    import opencc

    target.mkdir(parents=True, exist_ok=True)
    (target / "empty.txt").write_bytes(b"")
    (target / "invisible.txt").write_text(_invisible(_seed("003")), encoding="utf-8")
    rng = random.Random(7)
    (target / "disguised-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(4000)))
    (target / "not-a-docx.docx").write_bytes(_not_a_docx())
    (target / "mixed-encoding.txt").write_bytes(_mixed(_seed("002")))
    (target / "traditional.txt").write_text(opencc.OpenCC("s2t").convert(_seed("001")), encoding="utf-8")
    (target / "navigation.html").write_text(NAVIGATION, encoding="utf-8")
    (target / "notice.txt").write_text(NOTICE, encoding="utf-8")
    (target / "copy-a.txt").write_text(_seed("004"), encoding="utf-8")
    (target / "copy-b.txt").write_text(_seed("004"), encoding="utf-8")
    (target / "same-place-a.txt").write_text(_seed("000"), encoding="utf-8")
    (target / "same-place-b.txt").write_text(_seed("000").replace("2021年", "2021 年", 1), encoding="utf-8")
    (target / "unplaced.txt").write_text(UNPLACED, encoding="utf-8")
    _pdfs(target)


def add_large_files(target: Path) -> None:
    """A 50 MB text: a scraper's concatenation of everything, not one report."""
    block = (_seed("001") + "\n").encode("utf-8")
    with open(target / "huge.txt", "wb") as f:
        for _ in range(50 * 2**20 // len(block) + 1):
            f.write(block)


if __name__ == "__main__":
    make_small_files(HERE)
    print(f"wrote the bad-input corpus into {HERE}")
