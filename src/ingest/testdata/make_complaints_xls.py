#!/usr/bin/python3
# Writes complaints_vn.xls, the .xls (BIFF8, Excel 97-2003) fixture of
# reader_sheet_test.cc, with Debian's python3-xlwt (apt-get install
# python3-xlwt; run with /usr/bin/python3 so that the Debian module is found):
#   /usr/bin/python3 src/ingest/testdata/make_complaints_xls.py
# An office's complaint log as such logs are kept: a title row, then a
# Vietnamese header row, dates as dd/mm/yyyy text, as date-formatted cells and
# as a bare serial number, an empty row, a totals row at the bottom, and a
# second sheet.
import datetime
import os

import xlwt

wb = xlwt.Workbook(encoding="utf-8")
ws = wb.add_sheet("Phản ánh")
date_style = xlwt.easyxf(num_format_str="dd/mm/yyyy hh:mm")
ws.write(0, 0, "BÁO CÁO TIẾP NHẬN PHẢN ÁNH THÁNG 10/2026")
ws.write(2, 0, "STT")
ws.write(2, 1, "Ngày phản ánh")
ws.write(2, 2, "Nội dung phản ánh")
ws.write(2, 3, "Phường/Xã")
ws.write(2, 4, "Lĩnh vực")
rows = [
    (1, "15/10/2026 08:30", "Đường Lê Lợi ngập sâu sau mưa, xe máy chết máy hàng loạt", "Phường 1", "Hạ tầng"),
    (2, 46311.416666666664, "Mất điện cả khu phố 3 từ sáng tới giờ chưa có điện", "Phường 2", "Điện"),
    (3, datetime.datetime(2026, 10, 20, 7, 0), "Rác thải tồn đọng ở chợ Bến Thành nhiều ngày", "Phường Bến Thành", "Môi trường"),
    (4, "03/10/2026 09:15", "Nước máy có mùi lạ, đề nghị kiểm tra", "Xã Tân Phú", "Nước sạch"),
    (5, "32/10/2026", "Ngày sai: dòng này phải bị từ chối", "Phường 1", "Khác"),
]
r = 3
for stt, when, text, place, field in rows:
    ws.write(r, 0, stt)
    if isinstance(when, datetime.datetime):
        ws.write(r, 1, when, date_style)
    else:
        ws.write(r, 1, when)
    ws.write(r, 2, text)
    ws.write(r, 3, place)
    ws.write(r, 4, field)
    r += 1
r += 1  # an empty row
ws.write(r, 0, "Tổng cộng: 5 phản ánh")
other = wb.add_sheet("Ghi chú")
other.write(0, 0, "Mã")
other.write(0, 1, "Nội dung")
other.write(0, 2, "Ngày")
other.write(1, 0, "GC-1")
other.write(1, 1, "Sheet thứ hai")
other.write(1, 2, "01/11/2026")
wb.save(os.path.join(os.path.dirname(os.path.abspath(__file__)), "complaints_vn.xls"))
