#!/usr/bin/python3
"""Writes phan_anh_cp1258.xls and phan_anh_cp1258.csv, the Windows-1258
fixtures of reader_sheet_test.cc and reader_csv_test.cc (standard library
only):

    python3 src/ingest/testdata/make_phan_anh_cp1258.py

The same complaint log twice: a Vietnamese header row (Mã, Nội dung, Ngày,
Địa chỉ), dates as dd/mm/yyyy text (13/03/2026 settles the column day
first), Vietnamese text in Windows-1258 as Windows writes it: the letters
the code page has precomposed (â ê ô ơ ư ă đ, á à ã …) as one byte, the
other tones as a letter followed by a combining mark (0xCC grave, 0xEC
acute, 0xD2 hook above, 0xDE tilde, 0xF2 dot below).

- The .xls is a minimal BIFF8 workbook (BOF, CODEPAGE, BOUNDSHEET, SST, EOF;
  a sheet of DIMENSIONS and LABELSST cells) in an OLE2 compound file, as
  some Vietnamese office software writes it: a CODEPAGE record of 1258 and
  every string "compressed" (8-bit, fHighByte 0) holding Windows-1258 bytes.
  (Excel itself writes CODEPAGE 1200 in BIFF8 and reads compressed strings
  as Latin-1, the low bytes of UTF-16.)
- The .csv is the same table, ';'-separated, CRLF, in Windows-1258.
"""
import os
import struct
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

HEADER = ["Mã", "Nội dung", "Ngày", "Địa chỉ"]
ROWS = [
    ["PA-01", "Đường Nguyễn Huệ ngập sâu sau mưa lớn", "05/03/2026", "Phường Bến Nghé"],
    ["PA-02", "Mất điện cả khu phố, đề nghị kiểm tra", "13/03/2026", "Phường Tân Định"],
    ["PA-03", "Rác thải tồn đọng ở chợ nhiều ngày", "02/04/2026", "Xã Bình Hưng"],
    ["PA-04", "Nước máy có mùi lạ, người dân lo lắng", "31/03/2026", "Phường Đa Kao"],
]

# Tone marks Windows-1258 has as combining characters.
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text):
    """Encodes like Windows' converter: precomposed when the code page has
    the letter, else the letter with its vowel mark and a combining tone."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = "".join(c for c in parts if c not in TONES)
        tones = [c for c in parts if c in TONES]
        out += unicodedata.normalize("NFC", base).encode("cp1258")
        for t in tones:
            out += t.encode("cp1258")
    return bytes(out)


def record(rtype, data):
    return struct.pack("<HH", rtype, len(data)) + data


def bof(dt):
    # BIFF8, build 0x0DBB of 1996 (as Excel 97 writes it).
    return record(0x0809, struct.pack("<HHHHII", 0x0600, dt, 0x0DBB, 0x07CC, 0, 0x06))


def sst_string(raw):
    # XLUnicodeString, compressed: cch, fHighByte = 0, the 8-bit characters.
    return struct.pack("<HB", len(raw), 0) + raw


def workbook():
    cells = [HEADER] + ROWS
    strings = []
    index = {}
    for row in cells:
        for value in row:
            if value not in index:
                index[value] = len(strings)
                strings.append(value)
    count = sum(len(r) for r in cells)
    sst = struct.pack("<II", count, len(strings)) + b"".join(sst_string(cp1258(s)) for s in strings)
    sheet_name = cp1258("Phản ánh")

    def globals_stream(sheet_offset):
        return (bof(0x0005)
                + record(0x0042, struct.pack("<H", 1258))  # CODEPAGE
                + record(0x0022, struct.pack("<H", 0))     # DATEMODE: 1900
                + record(0x0085, struct.pack("<IBB", sheet_offset, 0, 0)
                         + struct.pack("<BB", len(sheet_name), 0) + sheet_name)  # BOUNDSHEET8
                + record(0x00FC, sst)
                + record(0x000A, b""))

    size = len(globals_stream(0))
    sheet = bof(0x0010) + record(0x0200, struct.pack("<IIHHH", 0, len(cells), 0, len(HEADER), 0))
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            sheet += record(0x00FD, struct.pack("<HHHI", r, c, 0, index[value]))  # LABELSST
    sheet += record(0x000A, b"")
    return globals_stream(size) + sheet


def compound_file(stream):
    """An OLE2 compound file (version 3, 512-byte sectors) holding one
    stream named Workbook. The stream is padded to 4096 bytes so that it
    lives in regular sectors (no mini stream)."""
    sector = 512
    end_of_chain, fat_sect, free = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    stream_size = max(len(stream), 4096)
    stream = stream.ljust(stream_size, b"\0")
    n = (stream_size + sector - 1) // sector
    stream = stream.ljust(n * sector, b"\0")
    # Sector 0: the FAT; 1..n: Workbook; n+1: the directory.
    fat = [fat_sect] + [i + 2 for i in range(n - 1)] + [end_of_chain] + [end_of_chain]
    fat += [free] * (sector // 4 - len(fat))
    header = (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, n + 1, 0, 4096, end_of_chain, 0, end_of_chain, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)

    def entry(name, etype, child, start, size):
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), etype, 1 if etype else 0)
                + struct.pack("<III", free, free, child) + b"\0" * 16 + struct.pack("<I", 0)
                + b"\0" * 16 + struct.pack("<III", start, size, 0))

    directory = (entry("Root Entry", 5, 1, end_of_chain, 0) + entry("Workbook", 2, free, 1, stream_size)
                 + entry("", 0, free, 0, 0) + entry("", 0, free, 0, 0))
    return header + b"".join(struct.pack("<I", v) for v in fat) + stream + directory


def main():
    with open(os.path.join(HERE, "phan_anh_cp1258.xls"), "wb") as f:
        f.write(compound_file(workbook()))
    lines = [";".join(HEADER)] + [";".join(r) for r in ROWS]
    with open(os.path.join(HERE, "phan_anh_cp1258.csv"), "wb") as f:
        f.write(b"".join(cp1258(line) + b"\r\n" for line in lines))


if __name__ == "__main__":
    main()
