"""Build real report files (GB18030, UTF-8 with BOM, HTML, DOCX, PDF) from a
report's text inside the tests, so every format is read the way a scraped file
would be."""

from __future__ import annotations

import html
from pathlib import Path

CJK_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


def cjk_font() -> str:
    """A font with CJK and Latin glyphs; fails loudly when none is installed."""
    for path in CJK_FONTS:
        if Path(path).is_file():
            return path
    raise RuntimeError("no CJK font found: install fonts-wqy-microhei (make system-deps)")


def make_pdf(paragraphs: list[str], path: Path) -> Path:
    """A PDF whose text layer holds ``paragraphs``, wrapped by the page width."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("cjk", fname=cjk_font())
    pdf.set_font("cjk", size=11)
    pdf.add_page()
    for para in paragraphs:
        pdf.multi_cell(0, 7, "\u3000\u3000" + para, new_x="LMARGIN", new_y="NEXT")
    path.write_bytes(bytes(pdf.output()))
    return path


def make_docx(paragraphs: list[str], path: Path) -> Path:
    """A DOCX with one Word paragraph per paragraph."""
    import docx

    document = docx.Document()
    for para in paragraphs:
        document.add_paragraph(para)
    document.save(str(path))
    return path


def make_html(title: str, paragraphs: list[str], path: Path, *, header: list[str] = (),
              encoding: str = "utf-8") -> Path:
    """A saved government web page: navigation, metadata table, body, footer."""
    body = "\n".join(f"<p style='text-indent:2em'>{html.escape(p)}</p>" for p in paragraphs)
    meta_rows = "".join(f"<tr><td>{html.escape(h)}</td></tr>" for h in header)
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={encoding}">
<title>{html.escape(title)}_政府信息公开</title>
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
<style>.nav {{ color: red }}</style></head>
<body>
<div class="nav">首页 &gt; 政府信息公开 &gt; 法治政府建设年度报告</div>
<table class="meta">{meta_rows}</table>
<h1>{html.escape(title)}</h1>
<div class="content">
{body}
</div>
<div class="footer"><a href="#">打印本页</a> <a href="#">关闭窗口</a></div>
<div>扫一扫在手机打开当前页</div>
</body></html>"""
    path.write_bytes(page.encode(encoding))
    return path


FILLER = "我县坚持以习近平法治思想为指导,全面推进法治政府建设,各项工作取得积极成效。"


def mini_report(achievements=(), problems=(), plans=(), title="昌乐县2020年度法治政府建设工作报告"):
    """A small but well-formed report (title, three numbered sections) as a Document."""
    from fzgraph.ingest import ingest_bytes

    lines = [title, "2020年," + FILLER * 6, "一、主要工作情况", *(achievements or [FILLER]),
             "二、存在的问题和不足", *(problems or [FILLER]), "三、2021年工作思路", *(plans or [FILLER])]
    return ingest_bytes("\n".join(lines).encode("utf-8"), "mini.txt")
