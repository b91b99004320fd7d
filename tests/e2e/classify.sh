#!/usr/bin/env bash
# End-to-end tests of concerns and places: ingest tags categories (rules)
# and places (gazetteer, with or without diacritics); staff labels; training
# with cross-validation; prediction with the model; aggregates; the office's
# own taxonomy and gazetteer files with line-numbered errors.
#   tests/e2e/classify.sh path/to/vox
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
e2e_setup "$1"
has() { grep -q -- "$1" "$2"; }
jq_py() { jq_ok "$@"; }

expect_exit 0 "init" -- v init

# --- ingest: rules and gazetteer at ingest time
cat >"$TMP/a.jsonl" <<'JSONL'
{"id":"1","source":"fb","text":"Mất điện từ sáng tới giờ ở đường Lê Lợi mà không báo trước","published_at":"2026-10-01T08:00:00+07:00"}
{"id":"2","source":"fb","text":"mua co nua tieng ma duong le loi da ngap toi dau goi roi","published_at":"2026-10-01T09:00:00+07:00"}
{"id":"3","source":"fb","text":"Có người tự xưng công an gọi bảo chuyển tiền, lừa đảo đó, cảnh giác nha","published_at":"2026-10-01T10:00:00+07:00"}
{"id":"4","source":"fb","text":"Hoàng hôn hôm nay đẹp quá","place":"Cồn Mây","published_at":"2026-10-01T11:00:00+07:00"}
{"id":"5","source":"fb","text":"giá gạo ở chợ An Điềm lại tăng giá","published_at":"2026-10-01T12:00:00+07:00","labels":["gia_ca"]}
JSONL
expect_exit 0 "ingest" -- v ingest "$TMP/a.jsonl"
v export items >"$TMP/export.jsonl"
check "power cut tagged dien_nuoc" bash -c "grep '\"id\":\"1\"' '$TMP/export.jsonl' | grep -q '\"categories\":\[\"dien_nuoc:0\.[0-9][0-9]\"'"
check "street place tagged with its ward" bash -c "grep '\"id\":\"1\"' '$TMP/export.jsonl' | grep -q 'đường Lê Lợi\",\"phường Vân Hà'"
check "no diacritics: flooding" bash -c "grep '\"id\":\"2\"' '$TMP/export.jsonl' | grep -q 'ngap_moi_truong:'"
check "no diacritics: place" bash -c "grep '\"id\":\"2\"' '$TMP/export.jsonl' | grep -q 'đường Lê Lợi'"
check "scam tagged lua_dao" bash -c "grep '\"id\":\"3\"' '$TMP/export.jsonl' | grep -q '\"categories\":\[\"lua_dao:'"
check "no concern: no category" bash -c "grep '\"id\":\"4\"' '$TMP/export.jsonl' | grep -q '\"categories\":\[\]'"
check "place field mapped to the gazetteer" bash -c "grep '\"id\":\"4\"' '$TMP/export.jsonl' | grep -q 'xã Cồn Mây'"
check "ingest label is the category" bash -c "grep '\"id\":\"5\"' '$TMP/export.jsonl' | grep -q '\"categories\":\[\"gia_ca:1.00\"\]'"
check "longest place match" bash -c "grep '\"id\":\"5\"' '$TMP/export.jsonl' | grep -q '\"places\":\[\"chợ An Điềm\",\"xã An Điềm\"'"

# --- staff labels
expect_exit 0 "label an item" -- v label --source fb --item 4 none
expect_exit 0 "relabel an item" -- v label --source fb --item 1 dien_nuoc giao_thong
v export items >"$TMP/export.jsonl"
check "labels exported" bash -c "grep '\"id\":\"1\"' '$TMP/export.jsonl' | grep -q '\"labels\":\[\"dien_nuoc\",\"giao_thong\"\]'"
check "labels become categories" bash -c "grep '\"id\":\"1\"' '$TMP/export.jsonl' | grep -q '\"categories\":\[\"dien_nuoc:1.00\",\"giao_thong:1.00\"\]'"
expect_exit 2 "unknown category is a usage error" -- v label --source fb --item 1 weather
check "message lists the known categories" has "known: dat_dai" "$TMP/err"
expect_exit 1 "unknown item fails" -- v label --source fb --item 999 gia_ca
expect_exit 2 "label without category" -- v label --source fb --item 1

# --- train: too few labels, then a labelled set
expect_exit 2 "train with too few labels" -- v classify train
python3 - "$TMP/train.jsonl" <<'PY'
import json, sys
power = ["mất điện cả buổi chiều ở {w}", "cúp điện từ sáng {w}", "điện chập chờn cả tối {w}", "lịch cắt điện tuần này ở {w}"]
flood = ["mưa là ngập tới đầu gối ở {w}", "đường {w} ngập sâu", "cống tắc nước tràn vào nhà ở {w}", "mưa lớn ngập lênh láng {w}"]
scam = ["giả danh công an gọi đòi chuyển tiền ở {w}", "tin nhắn lừa đảo gửi link lạ {w}", "cảnh giác cuộc gọi mạo danh {w}", "bị lừa mất tiền vì cuộc gọi lạ {w}"]
wards = ["Bến Cũ", "Vân Hà", "Đông Thành", "Ngọc Lâm", "Hòa An", "Tân Khê"]
with open(sys.argv[1], "w") as f:
    n = 0
    for lab, bank in (("dien_nuoc", power), ("ngap_moi_truong", flood), ("lua_dao", scam)):
        for t in bank:
            for w in wards:
                n += 1
                f.write(json.dumps({"id": f"t{n}", "source": "train", "text": t.format(w=w),
                                    "published_at": "2026-10-02T08:00:00+07:00", "labels": [lab]}, ensure_ascii=False) + "\n")
    f.write(json.dumps({"id": "u1", "source": "train", "text": "nhà em lại mất điện nữa rồi",
                        "published_at": "2026-10-03T08:00:00+07:00"}, ensure_ascii=False) + "\n")
PY
expect_exit 0 "ingest labelled items" -- v ingest "$TMP/train.jsonl"
expect_exit 0 "train" -- v classify train --folds 3 --json --epoch 20
check "cross-validation accuracy reported" jq_py "d['cross_validation']['accuracy'] > 0.8"
check "per-category precision and recall" jq_py "all('precision' in c and 'recall' in c for c in d['cross_validation']['categories']) and len(d['cross_validation']['categories']) >= 3"
check "model file beside the store" test -s "$DB.classifier.bin"
expect_exit 0 "train (text report)" -- v classify train --folds 3 --epoch 20
check "text report has precision" has "precision" "$TMP/out"

# --- predict with the model
expect_exit 0 "classify" -- v classify --json
check "model used for unlabelled items" jq_py "d['model_loaded'] and d['model'] >= 1"
check "labelled items counted as labels" jq_py "d['labelled'] >= 70"
v export items >"$TMP/export.jsonl"
check "unlabelled item predicted by the model" bash -c "grep '\"id\":\"u1\"' '$TMP/export.jsonl' | grep -q '\"categories\":\[\"dien_nuoc:'"
check "staff labels kept after classify" bash -c "grep '\"id\":\"1\"' '$TMP/export.jsonl' | grep -q '\"categories\":\[\"dien_nuoc:1.00\",\"giao_thong:1.00\"\]'"
expect_exit 0 "classify (text)" -- v classify
check "text report counts per category" has "dien_nuoc" "$TMP/out"
# New items are tagged by the model at ingest.
printf '%s\n' '{"id":"u2","source":"train","text":"lại cúp điện nữa","published_at":"2026-10-04T08:00:00+07:00"}' >"$TMP/b.jsonl"
expect_exit 0 "ingest after training" -- v ingest "$TMP/b.jsonl"
check "ingest uses the model" bash -c "'$VOX' --db '$DB' export items | grep '\"id\":\"u2\"' | grep -q 'dien_nuoc:'"

# --- concerns: aggregates only
expect_exit 0 "concerns json" -- v concerns --json
check "counts per category" jq_py "any(c['id']=='dien_nuoc' and c['items']>=20 for c in d['categories'])"
check "counts per place" jq_py "any(p['name']=='phường Vân Hà' and p['items']>=1 for p in d['places'])"
check "no item or author lists" bash -c "! grep -Eq 'author|pseudonym|\"id\":\"(1|u1)\"' '$TMP/out'"
expect_exit 0 "concerns since" -- v concerns --since 2026-10-03 --json
check "since filters" jq_py "d['items'] == 2"
expect_exit 2 "bad --since" -- v concerns --since yesterday-ish

# --- the office's own files
cat >"$TMP/tax.toml" <<'TOML'
[[category]]
id = "cho"
name = "Chợ"
keywords = ["chợ"]
TOML
cat >"$TMP/gaz.tsv" <<'TSV'
Xóm Mới	hamlet		Xom Moi
TSV
rm -f "$DB.classifier.bin"  # without a model, rules decide
expect_exit 0 "install taxonomy and gazetteer" -- v classify --taxonomy "$TMP/tax.toml" --gazetteer "$TMP/gaz.tsv" --json
printf '%s\n' '{"id":"c1","source":"x","text":"chợ xom moi đông quá","published_at":"2026-10-05T08:00:00+07:00"}' >"$TMP/c.jsonl"
expect_exit 0 "ingest with the office files" -- v ingest "$TMP/c.jsonl"
check "office taxonomy and gazetteer used at ingest" bash -c "'$VOX' --db '$DB' export items | grep '\"id\":\"c1\"' | grep -q '\"categories\":\[\"cho:0.55\"\],.*\"places\":\[\"Xóm Mới\"\]'"
printf '[[category]]\nid = "x"\nkeywords = ["a"\n' >"$TMP/bad.toml"
expect_exit 2 "bad taxonomy rejected" -- v classify --taxonomy "$TMP/bad.toml"
check "taxonomy error names file and line" has "bad.toml:3: unterminated array" "$TMP/err"
printf 'A\tward\tNowhere\n' >"$TMP/bad.tsv"
expect_exit 2 "bad gazetteer rejected" -- v classify --gazetteer "$TMP/bad.tsv"
check "gazetteer error names file and line" has "bad.tsv:1: unknown parent" "$TMP/err"
expect_exit 1 "missing taxonomy file" -- v classify --taxonomy "$TMP/nope.toml"

finish
