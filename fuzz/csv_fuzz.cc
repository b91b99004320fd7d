// libFuzzer target for the csv reader (see reader_fuzz.h). Besides the
// defaults, the input's length picks the table options a user can give
// (--encoding, --date-format, --map), so that every path of the reader is
// reached from the same seeds (fuzz/corpus/csv/: Vox's own CSV, 311 export
// shapes, a Windows-1258 spreadsheet, TCVN3 text, Excel serial dates).
#include "reader_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vox::ingest::ReadOptions opts = FuzzReadOptions();
  if (size % 7 == 6) opts.input_name = "fuzz.tsv";
  switch (size % 7) {
    case 1: opts.table.encoding = "windows-1258"; break;
    case 2: opts.table.encoding = "tcvn3"; break;
    case 3: opts.table.date_format = "mm/dd/yyyy"; break;
    case 4:
      vox::ingest::ParseColumnMap("text=DESCRIPTION,published_at=DATETIMEINIT,id=REQUESTID",
                                  &opts.table)
          .PermitUncheckedError();
      break;
    case 5:
      vox::ingest::ParseColumnMap("text=1,date=2", &opts.table).PermitUncheckedError();
      break;
    default: break;
  }
  return FuzzReader(vox::ingest::Format::kCsv, opts, data, size);
}
