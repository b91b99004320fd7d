#!/usr/bin/python3
"""Turns `vox demo --generate` JSON Lines into an .xlsx complaint log (one
sheet: Mã, Ngày, Nội dung, Địa chỉ; texts in the shared strings table, as
Excel writes them), for measuring the memory of `vox ingest` on workbooks
(BENCHMARKS.md "streaming Facebook and Zalo exports", workbooks):

  vox demo --generate - --items 1000000 --seed 7 | bench/make_xlsx.py 100 > log.xlsx

Stops after about the given number of megabytes (10^6 bytes) of sheet XML
(uncompressed) at a row's end. Standard library only.
"""
import datetime
import json
import sys
import zipfile
from xml.sax.saxutils import escape


def main():
    limit = int(float(sys.argv[1]) * 1_000_000) if len(sys.argv) > 1 else None
    strings, index = [], {}

    def sst(text):
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    rows = ['<row r="1"><c r="A1" t="inlineStr"><is><t>Mã</t></is></c><c r="B1" t="inlineStr"><is><t>Ngày</t></is></c>'
            '<c r="C1" t="inlineStr"><is><t>Nội dung</t></is></c><c r="D1" t="inlineStr"><is><t>Địa chỉ</t></is></c></row>']
    size = len(rows[0])
    n = 1
    for line in sys.stdin:
        if not line.strip():
            continue
        it = json.loads(line)
        n += 1
        when = datetime.datetime.fromisoformat(it["published_at"]).strftime("%d/%m/%Y %H:%M")
        row = (f'<row r="{n}"><c r="A{n}"><v>{n - 1}</v></c><c r="B{n}" t="inlineStr"><is><t>{when}</t></is></c>'
               f'<c r="C{n}" t="s"><v>{sst(it["text"])}</v></c><c r="D{n}" t="s"><v>{sst(it.get("place", ""))}</v></c></row>')
        rows.append(row)
        size += len(row.encode())
        if limit is not None and size >= limit:
            break
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
    out = zipfile.ZipFile(sys.stdout.buffer, "w", zipfile.ZIP_DEFLATED)
    out.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    out.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    out.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} xmlns:r="{rel}"><sheets>'
                 '<sheet name="Phản ánh" sheetId="1" r:id="rId1"/></sheets></workbook>')
    out.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    out.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst {ns} count="{len(strings)}" uniqueCount="{len(strings)}">'
                 + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
    out.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>'
                 + "".join(rows) + "</sheetData></worksheet>")
    out.close()


if __name__ == "__main__":
    main()
